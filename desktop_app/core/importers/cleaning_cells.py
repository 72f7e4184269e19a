"""What every cleaner of raw export cells shares: the words that mean "no value" and the column
helpers that look at each distinct value once (exports repeat shops, statuses and buyers)."""

from __future__ import annotations

import numpy as np
import pandas as pd


#: Text that platforms write for "no value" (Douyin writes "-", some exports "--" or "null").
EMPTY_WORDS = frozenset({"", "-", "--", "—", "null", "NULL", "None", "nan", "NaN", "NaT", "无"})


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
