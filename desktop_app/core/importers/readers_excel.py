"""Excel workbooks read with python-calamine (after the hostile-file check, xlsx_guard), a workbook
calamine must not see read by xlsx_stream; password-protected files refused with a hint."""

from __future__ import annotations

import os

from ..errors import EncryptedWorkbook, InputError
from ..gcpause import gc_paused
from ..progress import Reporter
from . import guard_prefetch, xlsx_guard
from .base import RawTable
from .read_guards import is_read_error
from .readers_table import _table_from_rows


#: The compound-file (OLE2) signature: an .xlsx that starts with it is password-protected.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

_ENCRYPTED_HINT = (
    "文件有密码保护：请用 Excel 打开，去掉密码（文件 → 信息 → 保护工作簿）或另存一份无密码的副本，再导入该副本。"
    "/ Open it in Excel, remove the password (File → Info → Protect Workbook) or save a copy "
    "without a password, then import that copy."
)


def _ole_is_encrypted(path: str) -> bool:
    """An OLE container holding an ``EncryptedPackage`` stream is an encrypted OOXML workbook."""
    with open(path, "rb") as fh:
        blob = fh.read(4 * 1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in blob or b"EncryptionInfo" in blob or (
        "EncryptionInfo".encode("utf-16-le") in blob
    )


def _read_ole(path: str, ext: str, reporter: Reporter) -> list[RawTable]:
    """A compound (OLE2) file: an old .xls is read; anything else is a password-protected workbook."""
    if ext != ".xls" or _ole_is_encrypted(path):
        raise EncryptedWorkbook("the file is password-protected / 文件有密码保护。", file=os.path.basename(path),
                                hint=_ENCRYPTED_HINT)
    return _read_excel(path, reporter)


def _sheet_rows(sheet) -> list:
    """The sheet's rows from its first non-empty row and column, as ``to_python(skip_empty_area=True)``
    gives them, but fetched one row per step: ``to_python`` builds every row in one call that holds
    Python's interpreter lock (about a second for 200,000 rows: the window could not repaint), while
    between two rows of ``iter_rows`` other threads run. ``iter_rows`` starts at the first non-empty
    column but at row 0; should a calamine version count its rows any other way, ``to_python`` is used.
    """
    start, end = getattr(sheet, "start", None), getattr(sheet, "end", None)
    if not start or not end or not hasattr(sheet, "iter_rows"):
        return sheet.to_python(skip_empty_area=True)
    rows = []
    for row in sheet.iter_rows():
        rows.append(row)
    if len(rows) == end[0] + 1:
        rows = rows[start[0]:]
    if len(rows) != end[0] - start[0] + 1 or (rows and len(rows[0]) != end[1] - start[1] + 1):
        return sheet.to_python(skip_empty_area=True)
    return rows


def _read_excel(path: str, reporter: Reporter) -> list[RawTable]:
    import python_calamine

    name = os.path.basename(path)
    scan = early = None
    if _is_zip(path):
        # calamine sizes its buffers from what the file claims: check the zip first (xlsx_guard)
        try:
            scan = xlsx_guard.inspect(path)
        finally:  # taken even when the check raised: nothing is left waiting
            early = guard_prefetch.take_parsed(path)  # parsed while the model imported (None when not safe)
        if not scan.safe_for_calamine:
            return _read_excel_streaming(path, scan, reporter)
    try:
        wb = early[0] if early is not None else python_calamine.CalamineWorkbook.from_path(path)
    except python_calamine.PasswordError as exc:
        raise EncryptedWorkbook("the file is password-protected / 文件有密码保护.", file=name,
                                hint=_ENCRYPTED_HINT, details=str(exc)) from exc
    except BaseException as exc:  # calamine raises several types for damaged files, and Rust panics
        if not is_read_error(exc):
            raise
        raise InputError(
            "the file cannot be read as an Excel workbook; it may be damaged or not really Excel / "
            "无法作为 Excel 文件读取，文件可能已损坏。", file=name,
            hint="请用 Excel 或 WPS 打开，另存为 .xlsx（或导出为 CSV）后再导入。/ Open it in Excel or WPS and save it "
                 "again as .xlsx (or export a CSV), then import that.",
            details=f"{type(exc).__name__}: {exc}") from exc
    tables: list[RawTable] = []
    panicked = False
    sheets = [m for m in wb.sheets_metadata if str(m.typ).endswith("WorkSheet")]
    parsed = dict(early[1]) if early is not None else {}  # each sheet let go once its rows are read
    early = None
    total = max(len(sheets), 1)
    try:
        for i, meta in enumerate(sheets):
            reporter.step(i, total, f"{name}: {meta.name}")
            try:
                sheet = parsed.pop(meta.name, None)
                if sheet is None:
                    sheet = wb.get_sheet_by_name(meta.name)
                with gc_paused():
                    rows = _sheet_rows(sheet)
            except python_calamine.PasswordError as exc:
                raise EncryptedWorkbook("the file is password-protected / 文件有密码保护.", file=name,
                                        hint=_ENCRYPTED_HINT) from exc
            except BaseException as exc:  # a Rust panic (PanicException) is a BaseException
                if not is_read_error(exc):
                    raise
                if scan is not None and not isinstance(exc, Exception):
                    # calamine panicked on a value (a date cell holding -1e308): the streaming
                    # reader keeps such a value as a number and the importer flags its row
                    panicked = True
                    break
                raise InputError(
                    "this sheet cannot be read; the workbook may be damaged / 工作表无法读取。",
                    file=name, sheet=meta.name,
                    hint="请用 Excel 打开该文件，另存一份 .xlsx 副本，再导入该副本。/ Open the file in Excel, save a copy "
                         "as .xlsx and import the copy.",
                    details=f"{type(exc).__name__}: {exc}") from exc
            if not rows:
                continue
            start_row = sheet.start[0] if sheet.start else 0
            with gc_paused():
                table = _table_from_rows(path, meta.name, rows, start_row)
            del rows
            if table is not None:
                tables.append(table)
        reporter.step(total, total, name)
    finally:
        close = getattr(wb, "close", None)
        if close:
            close()
    if panicked:
        return _read_excel_streaming(path, scan, reporter)
    if not tables:
        raise InputError("the workbook has no data in any sheet / 工作簿中没有数据.", file=name,
                         hint="请确认导出的是正确的报表，且报表里有数据行。/ Check that you exported the right report and "
                              "that it has rows.")
    return tables


def _is_zip(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == ZIP_SIGNATURE


def _read_excel_streaming(path: str, scan, reporter: Reporter) -> list[RawTable]:
    """A workbook calamine must not see: only its filled rows and columns (xlsx_stream)."""
    from . import xlsx_stream

    return xlsx_stream.read_tables(path, scan, reporter, _table_from_rows)
