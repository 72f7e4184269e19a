"""Crafted .xlsx files of issue 19, written by code (a minimal zip, no spreadsheet library).

Each builder returns the file's bytes; ``write(path, data)`` saves them. The cells are given as
``{"A1": value}``: str (a shared string), int/float (a number), or ("d", number) for a number in
a date format (style 1 = yyyy-mm-dd).
"""

from __future__ import annotations

import io
import zipfile
from typing import Iterable, Optional
from xml.sax.saxutils import escape

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.worksheet+xml"/>'
       '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
       'officedocument.spreadsheetml.sharedStrings+xml"/>'
       '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.styles+xml"/>'
       '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
       '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/></Relationships>')
_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
           '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
           '</styleSheet>')
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _row_of(ref: str) -> int:
    return int("".join(ch for ch in ref if ch.isdigit()))


def sheet_xml(cells: dict, strings: list[str], dimension: Optional[str] = None) -> str:
    """The worksheet XML for ``cells`` (shared strings appended to ``strings``)."""
    rows: dict[int, list[str]] = {}
    for ref, value in cells.items():
        if isinstance(value, str):
            strings.append(value)
            xml = f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>'
        elif isinstance(value, tuple):
            xml = f'<c r="{ref}" s="1"><v>{value[1]!r}</v></c>'
        else:
            xml = f'<c r="{ref}"><v>{value!r}</v></c>'
        rows.setdefault(_row_of(ref), []).append(xml)
    body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}>{dim}<sheetData>{body}</sheetData></worksheet>'


def build(cells: dict, *, dimension: Optional[str] = None, sst_count: Optional[str] = None,
          sheet: Optional[str] = None, extra: Iterable[tuple[str, bytes]] = ()) -> bytes:
    """A one-sheet workbook; ``sheet`` replaces the worksheet XML, ``sst_count`` the strings' count."""
    strings: list[str] = []
    xml = sheet if sheet is not None else sheet_xml(cells, strings, dimension)
    count = sst_count if sst_count is not None else str(len(strings))
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {_NS} count="{count}" '
           f'uniqueCount="{count}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/worksheets/sheet1.xml", xml)
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


#: a small plain chat table: header + 2 messages
CHAT_CELLS = {"A1": "时间", "B1": "客服", "C1": "买家", "D1": "发送方", "E1": "内容",
              "A2": "2025-03-01 10:00:00", "B2": "店铺:小美", "C2": "buyer1", "D2": "买家", "E2": "在吗",
              "A3": "2025-03-01 10:00:30", "B3": "店铺:小美", "C3": "buyer1", "D3": "客服", "E3": "在的"}


def far_cell(ref: str) -> bytes:
    """The chat table plus one cell far away (``XFD1048576``, ``A1048576``, ``ZZZZZZ9``)."""
    cells = dict(CHAT_CELLS)
    cells[ref] = "x"
    return build(cells)


def far_dimension(ref: str = "XFD1048576") -> bytes:
    """The chat table whose ``<dimension>`` claims ``A1:ref``."""
    return build(CHAT_CELLS, dimension=f"A1:{ref}")


def huge_sst_count(count: str = "4294967295") -> bytes:
    """The chat table whose sharedStrings claim ``count`` strings."""
    return build(CHAT_CELLS, sst_count=count)


def one_cell_rows(n: int = 1_000_000) -> bytes:
    """A header and ``n`` rows of one number each (about 5 MB zipped for a million)."""
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}><sheetData>',
             '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>']
    parts += [f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, n + 2)]
    parts.append("</sheetData></worksheet>")
    return build({}, sheet="".join(parts))


def date_cell(value: float) -> bytes:
    """The chat table with a date-formatted number ``value`` (−1e308 made calamine panic)."""
    cells = dict(CHAT_CELLS)
    cells["A2"] = ("d", value)
    return build(cells)


def zip_bomb(mb: int = 1200) -> bytes:
    """A workbook with an extra member of ``mb`` MB of zeros (about 1 MB zipped)."""
    buf = io.BytesIO()
    data = build(CHAT_CELLS)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        with z.open("xl/media/zeros.bin", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(mb):
                fh.write(chunk)
    return buf.getvalue()


def write(path, data: bytes):
    with open(path, "wb") as fh:
        fh.write(data)
    return path
