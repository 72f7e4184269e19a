"""The first workbook parsed early on the guard's thread (guard_prefetch.PARSE_EARLY): the reader uses those
sheets for the same unchanged file, a workbook the guard did not pass is never parsed there, and the tables
read are the same either way."""

from __future__ import annotations

import os

import python_calamine

import pytest

from desktop_app.core.importers import guard_prefetch, readers_excel
from desktop_app.core.importers.readers import read_raw_tables
from tests.core import hostile_xlsx


@pytest.fixture(autouse=True)
def _no_early_work_left():
    """Each test starts with no early check or parse waiting (other tests' files leave theirs)."""
    guard_prefetch._early.clear()
    guard_prefetch._parsed.clear()
    yield


def _wait(path):
    guard_prefetch._early[guard_prefetch._key(path)].exception(timeout=30)
    fut = guard_prefetch._parsed.get(guard_prefetch._key(path))
    if fut is not None:
        fut.exception(timeout=30)


def _tables(path):
    return [(t.sheet, t.headers, t.data.to_dict("list")) for t in read_raw_tables(path)]


def test_the_reader_takes_the_early_parse_of_the_same_file(tmp_path, monkeypatch):
    path = str(tmp_path / "chats.xlsx")
    hostile_xlsx.write(path, hostile_xlsx.build(hostile_xlsx.CHAT_CELLS))
    want = _tables(path)  # no prefetch: the reader parses
    guard_prefetch.prefetch([path])
    _wait(path)
    assert guard_prefetch._parsed[guard_prefetch._key(path)].result() is not None
    opened = []
    real = python_calamine.CalamineWorkbook.from_path
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", lambda p: opened.append(p) or real(p))
    got = _tables(path)
    assert opened == [] and got == want  # the sheets parsed early, the same table
    assert got[0][1] == ["时间", "客服", "买家", "发送方", "内容"] and got[0][2]["买家"] == ["buyer1", "buyer1"]
    assert not guard_prefetch._parsed and not guard_prefetch._early  # taken once
    assert _tables(path) == want and opened == [path]  # a second read parses itself


def test_only_the_first_workbook_is_parsed_early(tmp_path):
    a, b = str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx")
    for p in (a, b):
        hostile_xlsx.write(p, hostile_xlsx.build(hostile_xlsx.CHAT_CELLS))
    guard_prefetch.prefetch([a, b])
    assert list(guard_prefetch._parsed) == [guard_prefetch._key(a)]
    _wait(a)
    _wait(b)
    read_raw_tables(a)
    read_raw_tables(b)
    assert not guard_prefetch._parsed and not guard_prefetch._early


def test_a_workbook_the_guard_stops_is_never_parsed_early(tmp_path, monkeypatch):
    path = str(tmp_path / "far.xlsx")
    hostile_xlsx.write(path, hostile_xlsx.far_cell("XFD1048576"))  # calamine would allocate 17 billion cells
    parsed = []
    monkeypatch.setattr(guard_prefetch, "_parse", lambda p: parsed.append(p))
    guard_prefetch.prefetch([path])
    _wait(path)
    assert guard_prefetch._parsed[guard_prefetch._key(path)].result() is None and parsed == []
    tables = read_raw_tables(path)  # read by the streaming reader, only the filled rows
    assert tables[0].headers[:5] == ["时间", "客服", "买家", "发送方", "内容"]
    assert not guard_prefetch._parsed


def test_a_file_changed_since_is_parsed_again(tmp_path):
    path = str(tmp_path / "chats.xlsx")
    hostile_xlsx.write(path, hostile_xlsx.build(hostile_xlsx.CHAT_CELLS))
    guard_prefetch.prefetch([path])
    _wait(path)
    cells = dict(hostile_xlsx.CHAT_CELLS, C3="buyer2")
    hostile_xlsx.write(path, hostile_xlsx.build(cells))
    os.utime(path, ns=(1, 1))
    assert _tables(path)[0][2]["买家"] == ["buyer1", "buyer2"]  # the new content, not the early parse
    guard_prefetch._early.clear()
    guard_prefetch._parsed.clear()


def test_a_parse_that_raises_is_dropped_and_the_reader_parses_again(tmp_path, monkeypatch):
    path = str(tmp_path / "chats.xlsx")
    hostile_xlsx.write(path, hostile_xlsx.build(hostile_xlsx.CHAT_CELLS))

    def boom(p):
        raise RuntimeError("calamine failed")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", boom)
    guard_prefetch.prefetch([path])
    _wait(path)
    assert guard_prefetch._parsed[guard_prefetch._key(path)].result() is None
    monkeypatch.undo()
    assert _tables(path)[0][2]["买家"] == ["buyer1", "buyer1"]
    assert readers_excel.guard_prefetch is guard_prefetch


def test_a_workbook_the_check_refuses_leaves_nothing_waiting(tmp_path):
    from desktop_app.core.errors import InputError

    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    guard_prefetch.prefetch([str(path)])
    with pytest.raises(InputError, match="cannot be read as an Excel workbook"):
        read_raw_tables(str(path))
    assert not guard_prefetch._parsed and not guard_prefetch._early
