"""Vectorised cleaning of raw export cells: ids, amounts, timestamps, flags and durations.

Every importer (orders, chats, inventory, mapped files) goes through these functions so that a
quirk handled once is handled everywhere. The parsers return ``(values, bad_mask)``: ``bad_mask``
is a numpy bool array, True where a non-empty cell could not be read, so the caller can turn it
into ``RowProblem`` entries that name the row and column (nothing is blanked silently).

Inputs may be ``object`` columns of native calamine values (str, float, int, bool, datetime)
or pandas 3 ``str`` columns from CSV; both are handled.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from .read_guards import ns_or_nat, ns_series

#: Text that platforms write for "no value" (Douyin writes "-", some exports "--" or "null").
EMPTY_WORDS = frozenset({"", "-", "--", "—", "null", "NULL", "None", "nan", "NaN", "NaT", "无"})

#: Excel's day 0 for serial dates (1900 system, including Lotus' leap-year bug offset).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Serial numbers we accept as dates: 1954-10-03 .. 2119-01-01. Outside this range a number is not a date.
_SERIAL_MIN, _SERIAL_MAX = 20000.0, 80000.0
#: Integers above 2**53 cannot be held exactly by a float: an id stored as such a number is damaged.
_FLOAT_EXACT = 2**53

_ID_SCI = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_ID_DOTZERO = re.compile(r"^(\d+)\.0+$")
_TZ_SUFFIX = r"(?:\s*(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)$"
_DURATION = re.compile(
    r"^\s*(?:(\d+(?:\.\d+)?)\s*天)?\s*(?:(\d+(?:\.\d+)?)\s*(?:小时|时))?\s*"
    r"(?:(\d+(?:\.\d+)?)\s*(?:分钟|分))?\s*(?:(\d+(?:\.\d+)?)\s*秒)?\s*$"
)


def _as_object(series: pd.Series) -> pd.Series:
    """The series as dtype object with NaN/None turned into "" (pandas 3 str columns use NaN)."""
    s = series.astype(object)
    return s.where(s.notna(), "") if s.hasnans else s


def _all_str(arr: np.ndarray) -> bool:
    """True when every cell is a str (a C-level scan, much cheaper than an isinstance loop)."""
    return pd.api.types.infer_dtype(arr, skipna=False) == "string"


def _is_str(obj: pd.Series) -> np.ndarray:
    arr = obj.to_numpy()
    if _all_str(arr):
        return np.ones(len(arr), dtype=bool)
    return np.fromiter((isinstance(v, str) for v in arr), dtype=bool, count=len(arr))


def _repetitive(arr: np.ndarray) -> bool:
    """Whether a column repeats values enough that cleaning distinct values first pays off."""
    sample = arr[: 2000]
    try:
        return len(set(sample.tolist())) < 0.3 * len(sample)
    except TypeError:  # unhashable cell
        return False


def _map_unique(series: pd.Series, fn) -> np.ndarray:
    """``fn`` applied to each distinct value only (exports repeat shop, status, buyer words).

    A dict memo beats ``pd.factorize`` here: factorize scans for NaN and hashes into arrays,
    the memo is one dict lookup per cell.
    """
    arr = series.to_numpy(dtype=object)
    out = np.empty(len(arr), dtype=object)
    if not len(arr):
        return out
    memo: dict = {}
    get = memo.get
    res = []
    append = res.append
    for v in arr:
        r = get(v, _MISSING)
        if r is _MISSING:
            try:
                r = memo[v] = fn(v)
            except TypeError:  # unhashable cell
                r = fn(v)
        append(r)
    out[:] = res
    return out


_MISSING = object()


def _text_one(v) -> str:
    if isinstance(v, str):
        t = v.strip()
        if t[:1] in ("\t", "'"):
            t = t.lstrip("\t'").strip()
        return "" if t in EMPTY_WORDS else t
    return _native_to_text(v)


_GUARDS = ("\t", "'")


def clean_text(series: pd.Series) -> pd.Series:
    """Text as Excel shows it: stripped, leading tab/apostrophe removed, "" for empty and "-".

    Numbers that are whole (``13800138000.0`` from a numeric phone column) lose the ``.0``.
    """
    arr = series.to_numpy(dtype=object)
    if len(arr) and not _repetitive(arr):
        # Inline fast path for the common clean str cell; anything else goes through _text_one.
        out = np.empty(len(arr), dtype=object)
        empty = EMPTY_WORDS
        out[:] = [
            (t if t not in empty else "") if type(v) is str and (t := v.strip())[:1] not in _GUARDS
            else _text_one(v)
            for v in arr
        ]
        return pd.Series(out, index=series.index, dtype=object)
    return pd.Series(_map_unique(series, _text_one), index=series.index, dtype=object)


def _native_to_text(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float) and v.is_integer() and abs(v) < _FLOAT_EXACT:
        return str(int(v))
    if isinstance(v, (_dt.datetime, pd.Timestamp)):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    return str(v)


#: Result of cleaning one id: (text, damaged)
def _id_one(v) -> tuple[str, bool]:
    if isinstance(v, str):
        if v.isdigit():  # the common case, already clean
            return v, False
        t = v.strip().lstrip("=\"'\t ").rstrip("\"\t ").strip()
        if t in EMPTY_WORDS:
            return "", False
        if "." in t or "e" in t or "E" in t:
            m = _ID_DOTZERO.match(t)
            if m:
                digits = m.group(1)
                # Up to 15 digits a float holds the number exactly: "123.0" is just "123".
                return (digits, False) if len(digits) <= 15 else (t, True)
            if _ID_SCI.match(t):
                return t, True
        return t, False
    if v is None:
        return "", False
    if isinstance(v, bool):
        return str(v), False
    if isinstance(v, (int, np.integer)):
        return str(int(v)), False
    if isinstance(v, (float, np.floating)):
        if np.isnan(v):
            return "", False
        if v.is_integer() and abs(v) < _FLOAT_EXACT:
            return str(int(v)), False
        # Already damaged by the spreadsheet: keep what we have, flag it.
        return repr(float(v)), True
    return str(v).strip(), False


def clean_id(series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Order numbers and other ids as exact text.

    Strips the Excel guards real exports use to keep a 16–19 digit number as text: ``="123"``,
    a leading tab (Douyin), a leading apostrophe, spaces. ``"123.0"`` becomes ``"123"``.
    An id that went through a float is flagged in ``bad_mask`` and kept as written, never
    "repaired" into a wrong number: scientific notation (``1.23456789012e+15``, what Excel makes
    of a long number), a ``.0`` number with more than 15 digits, or a numeric cell above 2**53
    (its last digits are already lost). Returns ``(ids, bad_mask)``; empty cells give "" and
    are not bad.
    """
    arr = series.to_numpy(dtype=object)
    n = len(arr)
    ids = np.empty(n, dtype=object)
    bad = np.zeros(n, dtype=bool)
    # Fast path: a clean all-digit text id is kept as is; everything else goes through _id_one.
    ids[:] = [v if type(v) is str and v.isdigit() else None for v in arr]
    todo = np.flatnonzero(np.equal(ids, None))
    for p in todo:
        ids[p], bad[p] = _id_one(arr[p])
    return pd.Series(ids, index=series.index, dtype=object), bad


def parse_amount(series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Money and quantities as float64: ``¥1,234.50``, ``￥12``, ``3元``, ``"  12 "`` all parse.

    Empty cells and ``-`` give NaN (the caller decides whether that means 0) and are not bad;
    text that is not a number is NaN and flagged in ``bad_mask``.
    """
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("float64"), np.zeros(len(series), dtype=bool)
    kind = pd.api.types.infer_dtype(series.to_numpy(dtype=object), skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float") and not series.isna().any():
        return series.astype("float64"), np.zeros(len(series), dtype=bool)
    obj = _as_object(series)
    # Fast path: most cells are already numbers or clean numeric text.
    first = pd.to_numeric(obj.where(obj != "", np.nan), errors="coerce").astype("float64")
    todo = first.isna().to_numpy() & (obj != "").to_numpy()
    bad = np.zeros(len(obj), dtype=bool)
    if todo.any():
        st = obj[todo].astype(str)
        st = st.str.replace(r"[¥￥$,，\s\u00a0元]|RMB|CNY", "", regex=True).str.strip("'\t")
        empty = st.isin(EMPTY_WORDS)
        # "(12.50)" is an accountant's negative number.
        st = st.str.replace(r"^\((.*)\)$", r"-\1", regex=True)
        second = pd.to_numeric(st.where(~empty, np.nan), errors="coerce")
        vals = first.to_numpy().copy()
        vals[todo] = second.to_numpy(dtype="float64")
        bad[todo] = (second.isna() & ~empty).to_numpy()
        first = pd.Series(vals, index=series.index, dtype="float64")
    return first.set_axis(series.index), bad


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


_TRUE = frozenset({"1", "1.0", "true", "t", "yes", "y", "是", "对", "真", "自动", "自动回复", "√", "✓"})
_FALSE = frozenset({"0", "0.0", "false", "f", "no", "n", "否", "不", "假", "非自动", ""})


def parse_bool(series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Flags: ``1/0``, ``true/false``, ``是/否``, ``yes/no`` (any case); empty is False.

    Returns ``(bool values, bad_mask)``; unknown words are False and flagged.
    """
    obj = _as_object(series)
    vals = np.zeros(len(obj), dtype=bool)
    bad = np.zeros(len(obj), dtype=bool)
    words = pd.Series([_native_to_text(v) if not isinstance(v, str) else v for v in obj], dtype=object)
    low = words.astype(str).str.strip().str.lower()
    # Booleans from calamine become "1"/"0" above; floats 1.0 become "1".
    vals[:] = low.isin(_TRUE).to_numpy()
    bad[:] = ~(low.isin(_TRUE) | low.isin(_FALSE) | low.isin(EMPTY_WORDS)).to_numpy()
    return pd.Series(vals, index=series.index, dtype=bool), bad


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


def blank_dashes(df: pd.DataFrame) -> pd.DataFrame:
    """Douyin (and others) write ``-`` for an empty cell: make those cells ""."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out[c] = col.where(col.astype(object) != "-", "")
    return out


# ---- issue 11: words that mean "empty", full-width typing, buyer ids --------------------------------

#: full-width digits and the punctuation people type in numbers and times -> ASCII
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            "．": ".", "，": ",", "－": "-", "：": ":", "／": "/", "＋": "+", "　": " ",
                            "（": "(", "）": ")", "￥": "¥", "＄": "$"})


def fold_fullwidth(series: pd.Series) -> pd.Series:
    """Full-width digits and punctuation (``３００``, ``２０２６－１１－２０ １０：００``) as ASCII.

    Only text cells change (each distinct text once); numbers and datetimes pass through. For amounts,
    times and the sub-account separator (``店：小王`` is ``店:小王``); never for buyer ids.
    """
    if not len(series) or series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
        return series
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    if not len(uniques):
        return series
    folded = [u.translate(_FULLWIDTH) if isinstance(u, str) else u for u in uniques]
    if all(a is b or a == b for a, b in zip(folded, uniques)):
        return series
    out = np.empty(len(folded) + 1, dtype=object)
    out[:-1] = folded
    out[-1] = None
    vals = out[codes]
    missing = codes < 0
    if missing.any():
        vals[missing] = series.to_numpy(dtype=object)[missing]
    return pd.Series(vals, index=series.index, dtype=object)


def blank_words(series: pd.Series, words) -> pd.Series:
    """``series`` with cells that are one of ``words`` (stripped) made empty (e.g. ``无退款申请``)."""
    obj = series.astype(object)
    stripped = obj.map(lambda v: v.strip() if isinstance(v, str) else v)
    return obj.where(~stripped.isin(tuple(words)), "")


def clean_buyer(series: pd.Series) -> pd.Series:
    """Buyer ids cleaned exactly like order ids (``="123"``, tab, apostrophe, spaces) and otherwise kept.

    Unlike clean_id nothing is flagged (a buyer id is a name, not a number) and nothing is folded:
    ``ｔｂ_ｕｓｅｒ５`` and ``tb_user5`` stay two accounts.
    """
    ids, _bad = clean_id(series)
    return ids


def parse_folded(parse, series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """``parse(series)`` (parse_amount / parse_datetime), then the cells it could not read once more
    with full-width digits and punctuation folded: the common clean file pays nothing extra."""
    vals, bad = parse(series)
    if bad.any():
        pos = np.flatnonzero(bad)
        sub = fold_fullwidth(series.iloc[pos].astype(object))
        again, still = parse(sub)
        fixed = ~still
        if fixed.any():
            vals = vals.copy()
            vals.iloc[pos[fixed]] = again.to_numpy()[fixed]
            bad = bad.copy()
            bad[pos[fixed]] = False
    return vals, bad
