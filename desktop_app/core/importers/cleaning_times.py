"""Vectorised timestamps and durations of raw export cells: ``parse_datetime`` (every layout the
platforms write, Excel serial days, UTC offsets dropped) and ``parse_duration_cn`` (``7小时41分52秒``)."""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from .cleaning_cells import EMPTY_WORDS, _all_str, _as_object
from .read_guards import ns_or_nat, ns_series


#: Excel's day 0 for serial dates (1900 system, including Lotus' leap-year bug offset).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Serial numbers we accept as dates: 1954-10-03 .. 2119-01-01. Outside this range a number is not a date.
_SERIAL_MIN, _SERIAL_MAX = 20000.0, 80000.0
_TZ_SUFFIX = r"(?:\s*(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)$"
_DURATION = re.compile(
    r"^\s*(?:(\d+(?:\.\d+)?)\s*天)?\s*(?:(\d+(?:\.\d+)?)\s*(?:小时|时))?\s*"
    r"(?:(\d+(?:\.\d+)?)\s*(?:分钟|分))?\s*(?:(\d+(?:\.\d+)?)\s*秒)?\s*$"
)


#: read each distinct cell of a repetitive column once (tests and the bench turn it off to compare)
USE_DISTINCT = True
#: ...in a column of at least this many cells
_DISTINCT_MIN = 1000


def _few_distinct(arr: np.ndarray) -> bool:
    """Whether a sample of 2,000 cells spread over the column holds fewer than 1,000 distinct values."""
    sample = arr[:: max(1, len(arr) // 2000)][:2000]
    try:
        return len(set(sample.tolist())) < 0.5 * len(sample)
    except TypeError:  # an unhashable cell
        return False


def parse_datetime(series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Timestamps as naive ``datetime64[ns]`` wall-clock time.

    Accepts ``YYYY-MM-DD HH:MM[:SS]``, ``YYYY/M/D H:MM``, ISO ``T`` separators, Chinese
    ``2025年1月2日 3:04``, native datetimes from calamine, Excel serial numbers, and a UTC offset
    (``2025-12-06 10:37:33 -0500``): the written wall-clock time is kept and the offset dropped,
    because every KPI compares times within one shop's day. Empty and ``-`` give NaT (not bad).
    """
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return ns_series(series), ~series.isna().to_numpy() & ns_series(series).isna().to_numpy()
    if pd.api.types.is_datetime64_dtype(dtype):
        out = ns_series(series)  # years like 9999 do not fit nanoseconds: NaT and flagged
        return out, out.isna().to_numpy() & ~series.isna().to_numpy()
    obj = _as_object(series)
    n = len(obj)
    arr = obj.to_numpy()
    if USE_DISTINCT and n >= _DISTINCT_MIN and _few_distinct(arr):
        # exports repeat times (a day's orders within the same minutes, a payment time per batch): each
        # distinct cell is read once (a cell's reading depends on that cell alone) and the readings spread back
        try:
            codes, uniques = pd.factorize(arr, use_na_sentinel=False)
        except TypeError:  # an unhashable cell: read cell by cell below
            codes = None
        if codes is not None:
            vals, bad = parse_datetime(pd.Series(uniques, dtype=object))
            return pd.Series(vals.to_numpy()[codes], index=series.index, dtype="datetime64[ns]"), bad[codes]
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    bad = np.zeros(n, dtype=bool)
    if _all_str(arr):
        kinds = np.zeros(n, dtype=np.int8)
    else:
        kinds = np.fromiter(
            (0 if isinstance(v, str) else 1 if isinstance(v, (_dt.datetime, _dt.date)) else 2 for v in arr),
            dtype=np.int8, count=n,
        )
    # Native datetimes (calamine, openpyxl) — includes pandas Timestamps.
    m = kinds == 1
    if m.any():
        vals = [v.replace(tzinfo=None) if isinstance(v, _dt.datetime) and v.tzinfo else v for v in arr[m]]
        out[m] = ns_or_nat(pd.to_datetime(pd.Series(vals, dtype=object), errors="coerce"))
        bad[m] = np.isnat(out[m])  # a year nanoseconds cannot hold (9999)
    # Numbers: Excel serial days.
    m = kinds == 2
    if m.any():
        num = pd.to_numeric(pd.Series(arr[m], dtype=object), errors="coerce").to_numpy("float64")
        ok = (num >= _SERIAL_MIN) & (num <= _SERIAL_MAX)
        conv = np.full(len(num), np.datetime64("NaT"), dtype="datetime64[ns]")
        conv[ok] = (_EXCEL_EPOCH + pd.to_timedelta(num[ok] * 86400.0, unit="s").round("s")).to_numpy(
            "datetime64[ns]"
        )
        out[m] = conv
        bad[np.flatnonzero(m)[~ok & ~np.isnan(num)]] = True
    m = kinds == 0
    if m.any():
        st = pd.Series(arr[m], dtype=object)
        # The common clean case parses in C without any string work first.
        parsed = ns_series(pd.to_datetime(st, format="%Y-%m-%d %H:%M:%S", errors="coerce"))
        left = parsed.isna().to_numpy().copy()
        # Plain "" (an unpaid order's payment time) is the common miss: no string work for it.
        empty = np.asarray(st.to_numpy() == "", dtype=bool)
        left &= ~empty
        if left.any():
            st = st.copy()
            st[left] = st[left].astype(str).str.strip().str.lstrip("\t'").str.strip()
            more = st.isin(EMPTY_WORDS).to_numpy() & left
            empty |= more
            left &= ~more
        if left.any():
            sub = st[left]
            sub = (
                sub.str.replace(_TZ_SUFFIX, "", regex=True)
                .str.replace(r"^(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*[日号]?", r"\1-\2-\3 ",
                             regex=True)
                .str.replace("T", " ", regex=False)
                .str.replace(r"\s+", " ", regex=True)
                .str.strip()
            )
            second = ns_series(pd.to_datetime(sub, format="ISO8601", errors="coerce"))
            still = second.isna().to_numpy()
            if still.any():
                # Serial numbers written as text, e.g. "45678.5" in a CSV saved from Excel.
                num = pd.to_numeric(st[left][still], errors="coerce")
                ok = (num >= _SERIAL_MIN) & (num <= _SERIAL_MAX)
                ser = _EXCEL_EPOCH + pd.to_timedelta((num.where(ok) * 86400.0), unit="s").dt.round("s")
                sv = second.to_numpy("datetime64[ns]").copy()
                sv[still] = ser.to_numpy("datetime64[ns]")
                second = pd.Series(sv, index=sub.index)
            pv = parsed.to_numpy("datetime64[ns]").copy()
            pv[left] = second.to_numpy("datetime64[ns]")
            parsed = pd.Series(pv)
        pv = parsed.to_numpy("datetime64[ns]")
        out[m] = pv
        bad[np.flatnonzero(m)] = np.isnat(pv) & ~empty
    return pd.Series(out, index=series.index, dtype="datetime64[ns]"), bad

def parse_duration_cn(value):
    """Seconds from Douyin/Feige duration text: ``"7小时41分52秒"`` → 27712.0.

    Also ``"2分30秒"``, ``"11秒"``, ``"1天2小时"``, plain numbers (already seconds). ``-`` and ""
    give NaN. Accepts one value or a Series (returns a float64 Series).
    """
    if isinstance(value, pd.Series):
        return pd.Series([parse_duration_cn(v) for v in value], index=value.index, dtype="float64")
    if value is None:
        return float("nan")
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if text in EMPTY_WORDS:
        return float("nan")
    try:
        return float(text)
    except ValueError:
        pass
    m = _DURATION.match(text)
    if not m or not any(m.groups()):
        return float("nan")
    d, h, mi, s = (float(g) if g else 0.0 for g in m.groups())
    return d * 86400 + h * 3600 + mi * 60 + s
