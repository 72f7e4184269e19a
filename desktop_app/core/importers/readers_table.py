"""Rows of a sheet or a text file -> RawTable: the header row found below any title rows, headers
cleaned and made unique, blank columns, blank rows and footer rows (汇总/合计, "共 N 条") dropped and
recorded as RowProblems in ``table.data.attrs["dropped"]``."""

from __future__ import annotations

import math
import os
import re
from typing import Optional

import numpy as np
import pandas as pd

from ..errors import RowProblem
from .base import RawTable
from .read_guards import blank_problems, looks_like_id_or_time


#: Rows scanned for the header row (title rows above it are skipped).
HEADER_SCAN_ROWS = 30

#: A footer cell is the whole word (合计, "合计：123", "共 12 条记录"), so a product title that
#: merely starts with 合计/共 (e.g. "共3个装收纳盒") is never taken for a footer.
_FOOTER = re.compile(
    r"^\s*(?:(?:汇总|合计|总计|小计|均值|平均值|total|sum)\s*(?:[:：].*)?"
    r"|共\s*\d+\s*(?:条|行|笔)(?:记录|数据|订单)?)\s*$",
    re.IGNORECASE)
_FOOTER_FIRST = frozenset("汇合总小均平共TtSs")


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
