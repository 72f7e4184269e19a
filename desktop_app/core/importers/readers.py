"""Read any table file (xlsx/xls/CSV/TSV/TXT table) into RawTable objects, one per sheet.

Excel files are read with python-calamine (native values, about 9x faster than openpyxl).
Text files are decoded with the first encoding that works in the order utf-8-sig → utf-8 →
gb18030 (a superset of GBK, which Taobao and JD exports use), and the delimiter is sniffed.

Above the header row, title and blank rows are skipped (exports put a merged title cell or a
date range there). Headers are stripped (``订单付款时间 `` has a real trailing space) and made
unique. Fully blank rows and footer rows (汇总/合计/总计, "共 N 条") are dropped and recorded as
``RowProblem`` objects in ``table.data.attrs["dropped"]``; the registry passes them on.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
from typing import Optional

import numpy as np
import pandas as pd

from ..errors import EncryptedWorkbook, ImportCancelled, InputError, RowProblem
from ..gcpause import gc_paused
from ..progress import Reporter
from . import xlsx_guard
from .base import RawTable
from .read_guards import allow_big_fields, blank_problems, is_read_error, looks_like_id_or_time, utf16_encoding

allow_big_fields()

EXCEL_EXTS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_EXTS = (".csv", ".tsv", ".txt", ".tab")
ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")

#: The compound-file (OLE2) signature: an .xlsx that starts with it is password-protected.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

#: Rows scanned for the header row (title rows above it are skipped).
HEADER_SCAN_ROWS = 30
#: CSV rows per chunk between progress reports / cancel checks.
CSV_CHUNK_ROWS = 100_000

#: A footer cell is the whole word (合计, "合计：123", "共 12 条记录"), so a product title that
#: merely starts with 合计/共 (e.g. "共3个装收纳盒") is never taken for a footer.
_FOOTER = re.compile(
    r"^\s*(?:(?:汇总|合计|总计|小计|均值|平均值|total|sum)\s*(?:[:：].*)?"
    r"|共\s*\d+\s*(?:条|行|笔)(?:记录|数据|订单)?)\s*$",
    re.IGNORECASE)
_FOOTER_FIRST = frozenset("汇合总小均平共TtSs")
_ENCRYPTED_HINT = (
    "文件有密码保护：请用 Excel 打开，去掉密码（文件 → 信息 → 保护工作簿）或另存一份无密码的副本，再导入该副本。"
    "/ Open it in Excel, remove the password (File → Info → Protect Workbook) or save a copy "
    "without a password, then import that copy."
)


def read_raw_tables(path, reporter: Optional[Reporter] = None) -> list[RawTable]:
    """Every non-empty sheet of ``path`` (or the one table of a text file) as a RawTable.

    Raises ``EncryptedWorkbook`` for a password-protected Office file and ``InputError`` for
    a missing, empty, damaged or unreadable file. Honours ``reporter`` between sheets/chunks.
    """
    reporter = reporter or Reporter()
    path = os.fspath(path)
    name = os.path.basename(path)
    if not os.path.exists(path):
        raise InputError("the file does not exist / 文件不存在.", file=name,
                         hint="请检查文件路径后重试。/ Check the path and try again.")
    if os.path.getsize(path) == 0:
        raise InputError("the file is empty (0 bytes) / 文件为空.", file=name,
                         hint="请从平台重新导出数据，再导入新文件。/ Export the data again from the platform and "
                              "import the new file.")
    with open(path, "rb") as fh:
        head = fh.read(8)
    ext = os.path.splitext(path)[1].lower()
    if head.startswith(OLE_SIGNATURE):
        if ext != ".xls" or _ole_is_encrypted(path):
            raise EncryptedWorkbook("the file is password-protected / 文件有密码保护。", file=name,
                                    hint=_ENCRYPTED_HINT)
        return _read_excel(path, reporter)
    if head.startswith(ZIP_SIGNATURE) or ext in EXCEL_EXTS:
        return _read_excel(path, reporter)
    return [_read_text(path, reporter)]


def _ole_is_encrypted(path: str) -> bool:
    """An OLE container holding an ``EncryptedPackage`` stream is an encrypted OOXML workbook."""
    with open(path, "rb") as fh:
        blob = fh.read(4 * 1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in blob or b"EncryptionInfo" in blob or (
        "EncryptionInfo".encode("utf-16-le") in blob
    )


# ---------------------------------------------------------------- Excel

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
    scan = None
    if _is_zip(path):
        # calamine sizes its buffers from what the file claims: check the zip first (xlsx_guard)
        scan = xlsx_guard.inspect(path)
        if not scan.safe_for_calamine:
            return _read_excel_streaming(path, scan, reporter)
    try:
        wb = python_calamine.CalamineWorkbook.from_path(path)
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
    total = max(len(sheets), 1)
    try:
        for i, meta in enumerate(sheets):
            reporter.step(i, total, f"{name}: {meta.name}")
            try:
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


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
    return str(v)


def _find_header(rows: list[list]) -> int:
    """Index of the header row among ``rows`` (title rows have few filled cells)."""
    scan = rows[:HEADER_SCAN_ROWS]
    counts = [sum(1 for v in r if _cell_text(v).strip() != "") for r in scan]
    maxc = max(counts) if counts else 0
    if maxc == 0:
        return -1
    need = max(min(2, maxc), math.ceil(0.5 * maxc))
    for i, r in enumerate(scan):
        if counts[i] >= need:
            texts = sum(1 for v in r if isinstance(v, str) and v.strip() != "")
            if texts * 2 >= counts[i]:
                return i
    return counts.index(maxc)


def clean_headers(raw: list) -> list[str]:
    """Strip every header (spaces, full-width spaces, BOM), name blanks, make names unique."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for j, v in enumerate(raw):
        h = _cell_text(v).replace("\ufeff", "").strip().strip("\u3000").strip()
        h = h.lstrip("\t'").strip()
        if not h:
            h = f"column_{j + 1}"
        if h in seen:
            seen[h] += 1
            h2 = f"{h}.{seen[h]}"
            while h2 in seen:
                seen[h] += 1
                h2 = f"{h}.{seen[h]}"
            seen[h2] = 0
            h = h2
        else:
            seen[h] = 0
        out.append(h)
    return out


#: rows copied into the object array per step (about 0.1 s each at 33 columns)
_ROWS_PER_PIECE = 20_000


def _table_from_rows(path: str, sheet: Optional[str], rows: list[list], start_row: int,
                     row_numbers: Optional[list[int]] = None) -> Optional[RawTable]:
    """``row_numbers`` (1-based, one per row) when the rows are not consecutive from ``start_row``."""
    h = _find_header(rows)
    if h < 0:
        return None
    header_raw = list(rows[h])
    width = len(header_raw)
    headers = clean_headers(header_raw)
    body = rows[h + 1:]
    n = len(body)
    # Row numbers as the spreadsheet shows them: 1-based, header row included.
    first_data_row = start_row + h + 2
    index = pd.RangeIndex(first_data_row, first_data_row + n)
    if row_numbers is not None:
        index = pd.Index(np.asarray(row_numbers[h + 1:], dtype=np.int64))
        start_row = int(row_numbers[h]) - h - 1
    if n:
        if any(len(r) != width for r in body):
            body = [list(r[:width]) + [""] * (width - len(r)) for r in body]
        # One 2-D object array wrapped without copying: ~15x faster than transposing with zip, and
        # dtype=object stops pandas 3 from inferring a string dtype column by column.
        arr = np.empty((n, width), dtype=object)
        # in pieces: one assignment of 200,000 rows holds Python's interpreter lock for over a second,
        # and the window (another thread) could not repaint meanwhile
        for start in range(0, n, _ROWS_PER_PIECE):
            arr[start:start + _ROWS_PER_PIECE] = body[start:start + _ROWS_PER_PIECE]
        data = pd.DataFrame(arr, columns=headers, index=index, dtype=object, copy=False)
    else:
        data = pd.DataFrame({hd: pd.Series([], dtype=object) for hd in headers}, index=index)
    return _finish(path, sheet, start_row + h + 1, headers, data)


def _finish(path: str, sheet: Optional[str], header_row: int, headers: list[str], data: pd.DataFrame
            ) -> RawTable:
    """Drop blank columns named ``column_N``, blank rows and footer rows (recorded)."""
    name = os.path.basename(path)
    keep = [h for h in headers if not (h.startswith("column_") and _all_empty(data[h]))]
    if len(keep) != len(headers):
        data = data[keep]
        headers = keep
    dropped: list[RowProblem] = []
    if len(data) and len(headers):
        blank = _blank_rows(data)
        footer = _footer_rows(data)
        footer &= ~blank
        dropped += blank_problems(name, sheet, data.index, blank)
        for r in data.index[footer]:
            first = next((_cell_text(v) for v in data.loc[r] if _cell_text(v).strip()), "")
            dropped.append(RowProblem(file=name, sheet=sheet, row=int(r),
                                      reason="footer / summary row / 汇总行", value=first[:40]))
        drop = blank | footer
        if drop.any():
            data = data[~drop]
    data.attrs["dropped"] = dropped
    return RawTable(path=path, sheet=sheet, header_row=header_row, headers=list(headers), data=data)


def _empty_mask(col: pd.Series) -> np.ndarray:
    arr = col.to_numpy(dtype=object)
    # Vectorised first ("" and None/NaN), then a look at the few str cells that start with a space.
    mask = np.asarray(arr == "", dtype=bool) | pd.isna(arr)
    first = _first_chars(arr)
    for i in np.flatnonzero(~mask & np.isin(first, [" ", "\t", "\u3000", "\r", "\n"])):
        v = arr[i]
        mask[i] = isinstance(v, str) and not v.strip()
    return mask


def _first_chars(arr: np.ndarray) -> np.ndarray:
    """The first character of every cell as a fixed-width array (a C loop, no Python per cell)."""
    try:
        return np.array(arr, dtype="U1")
    except (TypeError, ValueError):
        return np.array([str(v)[:1] for v in arr], dtype="U1")


def _all_empty(col: pd.Series) -> bool:
    return bool(_empty_mask(col).all())


def _blank_rows(data: pd.DataFrame) -> np.ndarray:
    # A row is blank only if its first cell is; checking the rest just for those rows is cheap.
    first = _empty_mask(data.iloc[:, 0])
    if not first.any():
        return first
    cand = np.flatnonzero(first)
    sub = data.iloc[cand]
    allempty = np.ones(len(cand), dtype=bool)
    for j in range(1, sub.shape[1]):
        allempty &= _empty_mask(sub.iloc[:, j])
        if not allempty.any():
            break
    out = np.zeros(len(data), dtype=bool)
    out[cand[allempty]] = True
    return out


def _footer_rows(data: pd.DataFrame) -> np.ndarray:
    out = np.zeros(len(data), dtype=bool)
    for j in range(min(2, data.shape[1])):
        arr = data.iloc[:, j].to_numpy(dtype=object)
        cand = np.flatnonzero(np.isin(_first_chars(arr), list(_FOOTER_FIRST) + [" ", "\u3000"]))
        for i in cand:
            v = arr[i]
            if isinstance(v, str) and _FOOTER.match(v):
                out[i] = True
    # a footer labels a sum: a row that also holds an order id or a time is a record (a buyer
    # called "Total" or 合计), never a footer
    for i in np.flatnonzero(out):
        if any(looks_like_id_or_time(v) for v in data.iloc[i].tolist()):
            out[i] = False
    return out


# ---------------------------------------------------------------- text files


def sniff_encoding(path, head: Optional[bytes] = None) -> str:
    """The first of utf-8-sig, utf-8, gb18030 that decodes the start of the file."""
    if head is None:
        with open(path, "rb") as fh:
            head = fh.read(256 * 1024)
    if utf16_encoding(head):  # Excel's "Unicode text" and Qianniu's saved logs
        return "utf-16"
    for enc in ENCODINGS:
        try:
            codecs.getincrementaldecoder(enc)().decode(head, final=False)
            return enc
        except UnicodeDecodeError:
            continue
    raise InputError(
        "the text encoding is not UTF-8 or GBK, so the file cannot be read / 文件编码无法识别。",
        file=os.path.basename(path),
        hint="请用 Excel 或文本编辑器打开，另存为“CSV UTF-8”或 .xlsx 后再导入。/ Open it in Excel or a text "
             "editor and save it as 'CSV UTF-8' or .xlsx, then import that.")


def read_head_text(path, nbytes: int = 64 * 1024) -> str:
    """The decoded start of a text file (for format sniffing, e.g. Qianniu chat text)."""
    with open(path, "rb") as fh:
        head = fh.read(nbytes)
    enc = sniff_encoding(path, head)
    return codecs.getincrementaldecoder(enc)(errors="replace").decode(head, final=False)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that gives the most lines with the same (>1) number of fields."""
    best, best_score = ",", (-1, -1)
    sample = [ln for ln in lines if ln.strip()][:50]
    for delim in (",", "\t", ";", "|"):
        try:
            counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        except csv.Error:
            continue
        if not counts:
            continue
        widths = [c for c in counts if c > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_text(path: str, reporter: Reporter) -> RawTable:
    name = os.path.basename(path)
    with open(path, "rb") as fh:
        head = fh.read(256 * 1024)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError("the file is empty / 文件为空.", file=name,
                         hint="请从平台重新导出数据，再导入新文件。/ Export the data again from the platform and "
                              "import the new file.")
    if b"\x00" in head[:4096] and not utf16_encoding(head):
        raise InputError("the file is not a text table (it contains binary data) / 不是文本表格。", file=name,
                         hint="请导入从平台导出的原始 .xlsx 或 .csv 文件。/ Import the original .xlsx or .csv export.")
    encodings = [sniff_encoding(path, head)]
    if encodings[0] != "utf-16":
        encodings += [e for e in ENCODINGS if e not in encodings and ENCODINGS.index(e) > 0]
    last_exc: Optional[Exception] = None
    for enc in encodings:
        try:
            return _read_text_as(path, enc, head, reporter)
        except UnicodeDecodeError as exc:  # the start decoded but a later byte did not
            last_exc = exc
            continue
    raise InputError("the text encoding could not be read / 文件编码无法识别。", file=name,
                     hint="请把文件另存为“CSV UTF-8”或 .xlsx 后再导入。/ Save the file as 'CSV UTF-8' or .xlsx and "
                          "import that.", details=str(last_exc))


def _read_text_as(path: str, enc: str, head: bytes, reporter: Reporter) -> RawTable:
    name = os.path.basename(path)
    text_head = codecs.getincrementaldecoder(enc)().decode(head, final=len(head) < 256 * 1024)
    lines = text_head.splitlines()
    if len(head) >= 256 * 1024 and lines:
        lines = lines[:-1]  # the last line may be cut in the middle
    delim = sniff_delimiter(lines[:HEADER_SCAN_ROWS + 20])
    head_rows = list(csv.reader(lines[:HEADER_SCAN_ROWS], delimiter=delim))
    h = _find_header(head_rows)
    if h < 0:
        raise InputError("the file has no header row / 找不到表头。", file=name,
                         hint="文件开头几行都是空的，请确认这是平台导出的表格。/ The first rows are empty; check that this "
                              "is the exported table.")
    headers = clean_headers(head_rows[h])
    width = len(headers)
    size = os.path.getsize(path)
    avg = max(len(head) / max(len(lines), 1), 1.0)
    est_total = max(int(size / avg) - h - 1, 1)
    first_data_row = h + 2
    frames = []
    done = 0
    try:
        # No ``names``: with names shorter than a row pandas would silently turn the first
        # column into an index; without them a longer row raises and we take the slow path.
        reader = pd.read_csv(
            path, sep=delim, encoding=enc, dtype=str, keep_default_na=False, na_filter=False,
            skip_blank_lines=False, header=None, skiprows=h + 1,
            chunksize=CSV_CHUNK_ROWS, engine="c", quoting=csv.QUOTE_MINIMAL,
        )
        for chunk in reader:
            if chunk.shape[1] > width:
                extra = chunk.iloc[:, width:]
                if any(not _all_empty(extra[c]) for c in extra.columns):
                    raise pd.errors.ParserError("more fields than headers")
                chunk = chunk.iloc[:, :width]
            elif chunk.shape[1] < width:
                for j in range(chunk.shape[1], width):
                    chunk[j] = ""
            chunk.columns = list(range(width))
            frames.append(chunk)
            done += len(chunk)
            reporter.step(min(done, est_total), max(est_total, done), name)
    except ImportCancelled:
        raise
    except UnicodeDecodeError:
        raise
    except pd.errors.EmptyDataError:
        frames = []
    except (pd.errors.ParserError, ValueError):
        # Some row has more fields than the header: read it slowly, recording the bad rows.
        return _read_text_slow(path, enc, delim, h, headers, reporter)
    reporter.step(done, max(done, 1), name)
    if frames:
        data = pd.concat(frames, ignore_index=True)
    else:
        data = pd.DataFrame({j: pd.Series([], dtype=object) for j in range(width)})
    data.columns = headers
    data.index = pd.RangeIndex(first_data_row, first_data_row + len(data))
    for c in headers:  # short rows leave NaN in pandas 3 str columns; a missing cell is ""
        if data[c].hasnans:
            data[c] = data[c].fillna("")
    return _finish(path, None, h + 1, headers, data)


def _read_text_slow(path, enc, delim, h, headers, reporter) -> RawTable:
    name = os.path.basename(path)
    width = len(headers)
    rows, index, bad = [], [], []
    with open(path, encoding=enc, newline="") as fh:
        reader = csv.reader(fh, delimiter=delim)
        for i, rec in enumerate(reader):
            if i <= h:
                continue
            rownum = i + 1
            if len(rec) > width and any(v.strip() for v in rec[width:]):
                bad.append(RowProblem(file=name, row=rownum,
                                      reason=f"row has {len(rec)} fields but the header has {width} "
                                             "/ 列数与表头不符",
                                      value=delim.join(rec)[:60]))
                continue
            rows.append(rec[:width] + [""] * (width - len(rec)))
            index.append(rownum)
            if len(rows) % CSV_CHUNK_ROWS == 0:
                reporter.step(len(rows), len(rows) + 1, name)
    data = pd.DataFrame(rows, columns=headers, index=pd.Index(index), dtype=object)
    table = _finish(path, None, h + 1, headers, data)
    table.data.attrs["dropped"] = bad + table.data.attrs.get("dropped", [])
    return table


def dropped_rows(table: RawTable) -> list[RowProblem]:
    """Rows the reader dropped (blank, footer, malformed) for ``table``."""
    return list(table.data.attrs.get("dropped", []))


def table_from_text(text: str, name: str = "pasted.csv") -> RawTable:
    """Parse CSV/TSV text already in memory (e.g. pasted) into a RawTable."""
    lines = text.splitlines()
    delim = sniff_delimiter(lines[:HEADER_SCAN_ROWS + 20])
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    table = _table_from_rows(name, None, rows, 0)
    if table is None:
        raise InputError("the text has no header row / 找不到表头。", file=name)
    return table
