"""Text tables (CSV/TSV/TXT): the encoding (utf-8-sig, utf-8, gb18030, UTF-16) and the delimiter
sniffed, read in chunks with pandas, a row with too many fields read slowly and recorded."""

from __future__ import annotations

import codecs
import csv
import io
import os
from typing import Optional

import pandas as pd

from ..errors import ImportCancelled, InputError, RowProblem
from ..progress import Reporter
from .base import RawTable
from .read_guards import allow_big_fields, utf16_encoding
from .readers_table import (
    HEADER_SCAN_ROWS, _all_empty, _find_header, _finish, _table_from_rows, clean_headers,
)


allow_big_fields()

ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")
#: CSV rows per chunk between progress reports / cancel checks.
CSV_CHUNK_ROWS = 100_000


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

def table_from_text(text: str, name: str = "pasted.csv") -> RawTable:
    """Parse CSV/TSV text already in memory (e.g. pasted) into a RawTable."""
    lines = text.splitlines()
    delim = sniff_delimiter(lines[:HEADER_SCAN_ROWS + 20])
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    table = _table_from_rows(name, None, rows, 0)
    if table is None:
        raise InputError("the text has no header row / 找不到表头。", file=name)
    return table
