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

from .cleaning_cells import EMPTY_WORDS, _as_object, _map_unique, _repetitive
# the time parsers, re-exported: every importer imports its cleaners from here
from .cleaning_times import parse_datetime, parse_duration_cn  # noqa: F401

#: Integers above 2**53 cannot be held exactly by a float: an id stored as such a number is damaged.
_FLOAT_EXACT = 2**53

_ID_SCI = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_ID_DOTZERO = re.compile(r"^(\d+)\.0+$")


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
    if not USE_BUYER_FAST_PATH:
        ids, _bad = clean_id(series)
        return ids
    arr = series.to_numpy(dtype=object)
    out = np.empty(len(arr), dtype=object)
    # A str with nothing to strip, no guard around it and no "." (which a number's ".0" needs) is kept as
    # it is, as _id_one keeps it (scientific notation is flagged there, but a buyer is never flagged).
    empty = EMPTY_WORDS
    out[:] = [v if type(v) is str and "." not in v and v.strip() == v and v[:1] not in _ID_FIRST
              and v[-1:] != '"' and v not in empty else _id_one(v)[0] for v in arr]
    return pd.Series(out, index=series.index, dtype=object)


#: clean_buyer's inline path (a test turns it off to compare)
USE_BUYER_FAST_PATH = True
#: what _id_one strips from the front of an id besides white space
_ID_FIRST = ("=", '"', "'")


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
