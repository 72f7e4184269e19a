"""Small guards shared by the readers: which errors a reader turns into InputError, UTF-16 text,
times outside 1900-2199, infinite or negative amounts, runs of blank rows, what a footer never holds.

python-calamine reports a Rust panic as ``pyo3_runtime.PanicException``, which derives from
``BaseException`` (not ``Exception``), so ``except Exception`` lets it through and it would end
the import task unhandled. ``is_read_error`` says yes to ordinary exceptions and to such panics,
never to KeyboardInterrupt, SystemExit or GeneratorExit.
"""

from __future__ import annotations

import codecs
import csv
import re
from typing import Optional

import numpy as np
import pandas as pd

from ..errors import RowProblem

#: BOMs of UTF-16 text (Excel's "Unicode text" TSV, Qianniu's saved logs)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_read_error(exc: BaseException) -> bool:
    """True for an Exception or a Rust panic surfaced by a native reader."""
    if isinstance(exc, Exception):
        return True
    return type(exc).__name__ == "PanicException"


def utf16_encoding(head: bytes) -> Optional[str]:
    """"utf-16" when ``head`` starts with a UTF-16 BOM (the codec reads the BOM), else None."""
    return "utf-16" if head.startswith(UTF16_BOMS) else None


#: the times an import accepts: well inside what datetime64[ns] holds (1677-09-21 .. 2262-04-11), so
#: the model's windows (a time minus 30 days, plus 90) never leave it; no shop record is older or newer
NS_FIRST = "1900-01-01"
NS_LAST = "2199-12-31"


def ns_or_nat(values) -> np.ndarray:
    """Datetimes of any unit (or anything ``pd.to_datetime`` reads) as ``datetime64[ns]``, NaT outside
    NS_FIRST..NS_LAST (years 9999, 1677, 2262): pandas 3 keeps such values in microseconds and a
    plain ``astype("datetime64[ns]")`` raises OutOfBoundsDatetime."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    arr = values.to_numpy() if isinstance(values, (pd.Series, pd.Index)) else np.asarray(values)
    if arr.dtype.kind != "M":
        arr = pd.to_datetime(pd.Series(arr, dtype=object), errors="coerce").to_numpy()
        if arr.dtype.kind != "M":
            return np.full(len(arr), np.datetime64("NaT"), dtype="datetime64[ns]")
    unit = arr.dtype
    lo = np.datetime64(NS_FIRST, "s").astype(unit) if np.datetime_data(unit)[0] != "D" else np.datetime64(NS_FIRST)
    hi = np.datetime64(NS_LAST, "s").astype(unit) if np.datetime_data(unit)[0] != "D" else np.datetime64(NS_LAST)
    ok = (arr >= lo) & (arr <= hi)
    if not ok.all():
        arr = arr.copy()
        arr[~ok] = np.datetime64("NaT")
    return arr.astype("datetime64[ns]")


def ns_series(values: pd.Series) -> pd.Series:
    """``ns_or_nat`` keeping the Series' index."""
    return pd.Series(ns_or_nat(values), index=values.index, dtype="datetime64[ns]")


def allow_big_fields() -> None:
    """Let the csv module read a cell of up to 256 MB (its default stops at 131,072 characters
    with ``_csv.Error: field larger than field limit``); pandas' own parser has no such limit."""
    if csv.field_size_limit() < BIG_FIELD:
        csv.field_size_limit(BIG_FIELD)


BIG_FIELD = 256 * 1024 * 1024


def finite_amounts(values: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(amounts with inf/-inf made NaN, mask of the non-finite ones, mask of the negative ones)."""
    arr = values.to_numpy(dtype="float64", na_value=np.nan)
    nonfinite = np.isinf(arr)
    negative = arr < 0
    if nonfinite.any():
        arr = np.where(nonfinite, np.nan, arr)
        values = pd.Series(arr, index=values.index, dtype="float64")
    return values, nonfinite, negative & ~nonfinite


def blank_problems(name: str, sheet: Optional[str], index: pd.Index, blank: np.ndarray) -> list[RowProblem]:
    """One problem per blank row, but one for each run of consecutive blank rows (a sheet padded
    to row 1,048,576 gives one problem, not a million)."""
    rows = np.asarray(index[blank], dtype=np.int64)
    if not len(rows):
        return []
    starts = np.flatnonzero(np.diff(rows, prepend=rows[0] - 2) != 1)
    ends = np.append(starts[1:], len(rows)) - 1
    out = []
    for a, b in zip(rows[starts].tolist(), rows[ends].tolist()):
        if a == b:
            out.append(RowProblem(file=name, sheet=sheet, row=a, reason="blank row / 空行"))
        else:
            out.append(RowProblem(file=name, sheet=sheet, row=a,
                                  reason=f"blank rows {a:,}–{b:,} ({b - a + 1:,} rows) / 空行 {a:,}–{b:,}（共 {b - a + 1:,} 行）"))
    return out


_ID_OR_TIME = re.compile(r"^\s*[=\"'\t]*(?:\d{8,}|\d{6}-\d{6,}|\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2})")


def looks_like_id_or_time(v) -> bool:
    if isinstance(v, str):
        return bool(_ID_OR_TIME.match(v))
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v == v and abs(v) >= 1e7 and float(v).is_integer()
    return hasattr(v, "year")  # datetime, date, Timestamp
