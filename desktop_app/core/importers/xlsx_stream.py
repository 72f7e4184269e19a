"""Read an .xlsx that calamine must not see (see xlsx_guard): only the filled rows and columns.

The worksheet XML is parsed incrementally (``iterparse``, each row freed once read), so a sheet
that claims a million rows but holds three costs three rows. Values come back as calamine gives
them: text, float, bool, and ``datetime`` for numbers in a date format. Each sheet yields
``(name, rows, row_numbers, scan)``; the caller builds the table as for calamine's rows.
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
import re
import zipfile
from typing import Iterator, Optional
from xml.etree.ElementTree import XMLPullParser

from ..errors import ImportCancelled, InputError, RowProblem
from ..progress import Reporter
from .base import RawTable
from .read_guards import is_read_error
from .xlsx_guard import CHUNK, SheetScan, WorkbookScan, clip_note, parse_ref

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DATE_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_DATE_CODE = re.compile(r"[ymdhs]", re.IGNORECASE)
_EPOCH = _dt.datetime(1899, 12, 30)
_MAX_SERIAL = 2958465.0  # 9999-12-31


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_small(z: zipfile.ZipFile, part: str, limit: int = 50_000_000):
    """The start/end elements of a small part (workbook, rels, styles) as (event, element)."""
    try:
        info = z.getinfo(part)
    except KeyError:
        return []
    parser = XMLPullParser(events=("end",))
    out = []
    with z.open(info) as fh:
        read = 0
        while read < limit:
            piece = fh.read(CHUNK)
            if not piece:
                break
            read += len(piece)
            parser.feed(piece)
            out.extend(el for _, el in parser.read_events())
    return out


def sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) in workbook order."""
    rels = {}
    for el in _parse_small(z, "xl/_rels/workbook.xml.rels"):
        if _local(el.tag) == "Relationship":
            target = el.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            rels[el.get("Id")] = target
    out = []
    for el in _parse_small(z, "xl/workbook.xml"):
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            part = rels.get(rid)
            if part and part.lower().startswith("xl/worksheets/"):
                out.append((el.get("name", part), part))
    return out


def _date1904(z: zipfile.ZipFile) -> bool:
    for el in _parse_small(z, "xl/workbook.xml"):
        if _local(el.tag) == "workbookPr":
            return el.get("date1904", "").lower() in ("1", "true")
    return False


def date_styles(z: zipfile.ZipFile) -> set[int]:
    """Indices of cellXfs whose number format is a date or time."""
    custom: dict[int, str] = {}
    xfs: list[int] = []
    for el in _parse_small(z, "xl/styles.xml"):  # numFmts end before cellXfs does
        tag = _local(el.tag)
        if tag == "numFmt":
            try:
                custom[int(el.get("numFmtId", "-1"))] = el.get("formatCode", "")
            except ValueError:
                pass
        elif tag == "cellXfs":
            for xf in el:
                try:
                    xfs.append(int(xf.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)
    out = set()
    for i, fid in enumerate(xfs):
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", custom.get(fid, ""))
        if fid in _DATE_IDS or (fid in custom and _DATE_CODE.search(code) and "General" not in code):
            out.add(i)
    return out


def shared_strings(z: zipfile.ZipFile) -> list[str]:
    """The shared strings actually present (never as many as a count attribute claims)."""
    try:
        info = z.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return []
    out: list[str] = []
    parser = XMLPullParser(events=("end",))
    with z.open(info) as fh:
        while True:
            piece = fh.read(CHUNK)
            if not piece:
                break
            parser.feed(piece)
            for _, el in parser.read_events():
                if _local(el.tag) == "si":
                    out.append("".join(t.text or "" for t in el.iter() if _local(t.tag) == "t"
                                       and not _in_phonetic(el, t)))
                    el.clear()
    return out


def _in_phonetic(si, t) -> bool:
    for rph in si:
        if _local(rph.tag) == "rPh" and any(x is t for x in rph.iter()):
            return True
    return False


def _value(c, strings: list[str], dates: set[int], offset: float):
    t = c.get("t", "n")
    v = None
    is_ = None
    for ch in c:
        tag = _local(ch.tag)
        if tag == "v":
            v = ch.text
        elif tag == "is":
            is_ = ch
    if t == "inlineStr":
        return "".join(x.text or "" for x in is_.iter() if _local(x.tag) == "t") if is_ is not None else None
    if v is None:
        return None
    if t == "s":
        try:
            return strings[int(v)]
        except (ValueError, IndexError):
            return None
    if t in ("str", "d"):
        return v
    if t == "b":
        return v.strip() in ("1", "true")
    if t == "e":
        return None
    try:
        num = float(v)
    except ValueError:
        return v
    try:
        style = int(c.get("s", "0"))
    except ValueError:
        style = 0
    if style in dates and 0 <= num + offset < _MAX_SERIAL:
        return _EPOCH + _dt.timedelta(days=num + offset)
    return num


def read_sheets(path: str, scan: WorkbookScan, reporter: Optional[Reporter] = None
                ) -> Iterator[tuple[str, list[list], list[int], Optional[SheetScan]]]:
    """Each sheet's filled rows (cells in their filled columns, in order) and their row numbers."""
    reporter = reporter or Reporter()
    with zipfile.ZipFile(path) as z:
        strings = shared_strings(z)
        dates = date_styles(z)
        offset = 1462.0 if _date1904(z) else 0.0
        parts = sheet_parts(z)
        for k, (name, part) in enumerate(parts):
            reporter.step(k, max(len(parts), 1), name)
            try:
                info = z.getinfo(part)
            except KeyError:
                continue
            cells: list[tuple[int, dict[int, object]]] = []
            used: set[int] = set()
            parser = XMLPullParser(events=("end",))
            row_no = 0
            done_bytes = 0
            with z.open(info) as fh:
                while True:
                    piece = fh.read(CHUNK)
                    if not piece:
                        break
                    done_bytes += len(piece)
                    parser.feed(piece)
                    for _, el in parser.read_events():
                        if _local(el.tag) != "row":
                            continue
                        try:
                            row_no = int(el.get("r", row_no + 1))
                        except ValueError:
                            row_no += 1
                        got: dict[int, object] = {}
                        col = 0
                        for c in el:
                            if _local(c.tag) != "c":
                                continue
                            rc = parse_ref(c.get("r", "")) if c.get("r") else None
                            col = rc[1] if rc else col + 1
                            val = _value(c, strings, dates, offset)
                            if val is not None and val != "":
                                got[col] = val
                        el.clear()
                        if got:
                            cells.append((row_no, got))
                            used.update(got)
                    reporter.step(done_bytes, max(info.file_size, done_bytes + 1), name)
            if not cells:
                continue
            order = sorted(used)
            pos = {c: i for i, c in enumerate(order)}
            width = len(order)
            rows = []
            for _, got in cells:
                r = [None] * width
                for c, val in got.items():
                    r[pos[c]] = val
                rows.append(r)
            yield name, rows, [n for n, _ in cells], scan.sheets.get(part)


def read_tables(path: str, scan: WorkbookScan, reporter: Reporter, table_from_rows) -> list:
    """RawTables of every sheet with rows; ``table_from_rows`` is readers._table_from_rows."""
    name = os.path.basename(path)
    tables: list[RawTable] = []
    try:
        for sheet, rows, numbers, sheet_scan in read_sheets(path, scan, reporter):
            table = table_from_rows(path, sheet, rows, 0, row_numbers=numbers)
            if table is None:
                continue
            if sheet_scan is not None and sheet_scan.needs_stream:
                note = RowProblem(file=name, sheet=sheet, row=int(numbers[-1]), skipped=False,
                                  reason=clip_note(sheet_scan))
                table.data.attrs["dropped"] = [note] + table.data.attrs["dropped"]
            tables.append(table)
    except (ImportCancelled, InputError):
        raise
    except BaseException as exc:  # a damaged part, or anything else the XML parser meets
        if not is_read_error(exc):
            raise
        raise InputError(
            "the file cannot be read as an Excel workbook; it may be damaged / 无法作为 Excel 文件读取，文件可能已损坏。",
            file=name, hint="请用 Excel 或 WPS 打开，另存为 .xlsx（或导出为 CSV）后再导入。/ Open it in Excel or WPS and "
                            "save it again as .xlsx (or export a CSV), then import that.",
            details=f"{type(exc).__name__}: {exc}") from exc
    if not tables:
        raise InputError("the workbook has no data in any sheet / 工作簿中没有数据.", file=name,
                         hint="请确认导出的是正确的报表，且报表里有数据行。/ Check that you exported the right report and "
                              "that it has rows.")
    return tables
