"""The guard's numpy counts (xlsx_guard_fast) equal its own searches on every layout, crafted and random."""

from __future__ import annotations

import random
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.importers import xlsx_guard, xlsx_guard_fast

HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def _scan(tmp_path, xml: bytes, fast: bool, monkeypatch, chunk: int = 1 << 20):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", xml)
    monkeypatch.setattr(xlsx_guard, "USE_FAST_COUNTS", fast)
    monkeypatch.setattr(xlsx_guard, "CHUNK", chunk)
    with zipfile.ZipFile(path) as z:
        return xlsx_guard.scan_sheet(z, z.getinfo("xl/worksheets/sheet1.xml"), "book.xlsx")


def _both(tmp_path, monkeypatch, xml: bytes, chunk: int = 1 << 20):
    calls = []
    real = xlsx_guard_fast.counts
    monkeypatch.setattr(xlsx_guard_fast, "counts", lambda buf, *a: calls.append(real(buf, *a)) or calls[-1])
    fast = _scan(tmp_path, xml, True, monkeypatch, chunk)
    slow = _scan(tmp_path, xml, False, monkeypatch, chunk)
    assert fast == slow
    return fast, calls


def _row(r: int, cols: list[str], extra: str = "") -> bytes:
    cells = "".join(f'<c r="{c}{r}" t="inlineStr"><is><t>v</t></is></c>' for c in cols)
    return f'<row r="{r}"{extra}>{cells}</row>'.encode()


def test_the_usual_layout_is_counted_by_numpy_and_gives_the_same_scan(tmp_path, monkeypatch):
    xml = HEAD + b"".join(_row(r, ["A", "B", "AA", "XFD"]) for r in range(1, 200)) + b'<row r="800"/>' + TAIL
    scan, calls = _both(tmp_path, monkeypatch, xml, chunk=512)  # many pieces, cut at tag ends
    assert calls and all(c is not None for c in calls)  # the fast counts were used for every piece
    assert (scan.rows, scan.cells, scan.max_row, scan.max_col, scan.columns) == (199, 796, 800, 16384, 4)
    assert scan.reasons == ["cells reach row 800, column 16,384"]  # 800 x 16384 > MAX_BOX_CELLS


@pytest.mark.parametrize("body", [
    b'<row r="1" spans="1:2"><c r="A1"/><c r="b1" s="1"/></row><row r="2"/>',  # lower-case column, empty row
    b'<row r="1"><c r="ABCD1"/></row>',  # four letters: the guard's searches
    b'<row r="1"><c s="1" r="C1"/></row>',  # r after another attribute
    b'<row r="1"><c><v>1</v></c><c/><c r="B1"/></row>',  # cells without r
    b'<row><c r="A7"/></row><row spans="1:1"><c r="B9"/></row>',  # rows without r
    b'<row r="1"><c r="A1" t="inlineStr"><is><t> r="ZZ9</t></is></c></row>',  # r=" in a text
    b'<row r="1" <row r="2"/><c r="A2"/></row>',  # a row tag inside another's
    b'<row r="12345678901234"><c r="A1"/></row>',  # a row number of 14 digits
    b'<row r="1"><c r="A1"/></row>\n<row r="2"><c r="A2"/></row>',  # a newline between rows
    b'<row r="5" x="a>b"/><row r="6" y="/"><c r="A6"/></row>',  # ">" and "/" inside attribute values
])
def test_odd_layouts_give_the_same_scan(tmp_path, monkeypatch, body):
    _both(tmp_path, monkeypatch, HEAD + body + TAIL)
    _both(tmp_path, monkeypatch, HEAD + body * 40 + TAIL, chunk=64)


PARTS = ['<row r="{r}">', "<row>", '<row r="{r}"/>', '<row spans="1:3" r="{r}">', "</row>", '<c r="{c}{r}"/>',
         '<c r="{c}{r}" t="s"><v>1</v></c>', "<c/>", '<c s="2" r="{c}{r}"/>', "<c><v>2</v></c>", " ", "\t",
         '<x:c r="A1"/>', "<t> r=&quot;Q1</t>", '<c r="{c}"/>']


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(PARTS) - 1), st.integers(1, 2_000_000),
                          st.sampled_from(["A", "Z", "az", "XFD", "AAAA", "b"])), max_size=60),
       st.sampled_from([48, 200, 1 << 20]))
def test_random_pieces_give_the_same_scan(tmp_path_factory, parts, chunk):
    body = "".join(PARTS[i].format(r=r, c=c) for i, r, c in parts).encode()
    tmp = tmp_path_factory.mktemp("g")
    mp = pytest.MonkeyPatch()
    try:
        _both(tmp, mp, HEAD + body + TAIL, chunk)
    finally:
        mp.undo()


def test_a_large_random_sheet_in_the_usual_layout(tmp_path, monkeypatch):
    rnd = random.Random(3)
    rows = [_row(r, rnd.sample(["A", "C", "Q", "AB", "zz", "CV"], 3), ' spans="1:9"' if r % 3 else "")
            for r in sorted(rnd.sample(range(1, 90_000), 400))]
    scan, calls = _both(tmp_path, monkeypatch, HEAD + b"".join(rows) + TAIL, chunk=4096)
    assert all(c is not None for c in calls)
    assert scan.rows == 400 and scan.max_row == int(rows[-1][8:rows[-1].index(b'"', 8)])
    # column ZZ (702) of a sparse sheet: both reasons to read it with the streaming reader
    assert scan.reasons == [f"cells reach row {scan.max_row:,}, column 702", f"{scan.max_row:,} rows with 400 filled"]


PLAIN_PARTS = PARTS + ["<x:row>", "a:row", ":ro", "w", ":c ", ":c", "<c\n", "<row\t", "\r", "xml:space", ":"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PLAIN_PARTS), max_size=30))
def test_the_numpy_plain_check_answers_as_the_guards_searches(parts):
    buf = "".join(p.format(r=1, c="A") for p in parts).encode()
    pats = xlsx_guard._SheetPatterns(b"")
    assert xlsx_guard_fast.plain(buf, xlsx_guard_fast.as_array(buf), pats.odd) == pats.plain(buf)


def test_the_numpy_plain_check_by_hand():
    pats = xlsx_guard._SheetPatterns(b"")
    for buf, want in [(b'<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">x</t></is></c></row>', True),
                      (b'<x:row r="1">', False), (b"text a:c b", False), (b"ends with :ro", True),
                      (b"ends with :row", False), (b'<c\nr="A1"/>', False), (b"a\nb", True), (b"", True)]:
        assert xlsx_guard_fast.plain(buf, xlsx_guard_fast.as_array(buf), pats.odd) is want
        assert pats.plain(buf) is want
