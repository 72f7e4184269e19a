"""What the order checks share: order ids ranked in text order without hashing (id_rank), time keys
and ranks, cleaned text, the customer row of each order, and an empty list with the right columns.
checks.py re-exports every name.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .keys import OrderKeys, is_clean_text


_HOUR = pd.Timedelta(hours=1)


def _customer_rows(customer_codes: np.ndarray, n_codes: int) -> np.ndarray:
    """Per buyer code, the row of that buyer in the customer table (the first one), or -1."""
    rows = np.full(n_codes, -1, dtype=np.int64)
    rows[customer_codes[::-1]] = np.arange(len(customer_codes) - 1, -1, -1, dtype=np.int64)
    return rows


def _order_id_ranks(orders: pd.DataFrame, keys: Optional[OrderKeys], rows: np.ndarray) -> np.ndarray:
    """id_rank of the order ids of ``rows`` (positions in ``orders``), through the keys when given."""
    if keys is not None:
        if keys.id_numbers is not None:  # digit ids: their numbers give the same order
            return _rank_of(keys.id_numbers[keys.order_id[rows]])
        return _rank_clean_ids(keys.id_names[keys.order_id[rows]])
    return id_rank(orders["order_id"].to_numpy(dtype=object)[rows])


def _clean(text: pd.Series) -> np.ndarray:
    """Object array of stripped text, missing as "" (each distinct value stripped once)."""
    codes, uniques = pd.factorize(text.astype(object), use_na_sentinel=True)
    cleaned = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    return cleaned[codes]


def _time_key(t) -> np.ndarray:
    """int64 nanoseconds with NaT last, for lexsort."""
    v = np.asarray(t, dtype="datetime64[ns]")
    return np.where(np.isnat(v), np.iinfo(np.int64).max, v.astype(np.int64))


def _rank_of(values: np.ndarray) -> np.ndarray:
    """Position of each value in sorted order (equal values: first come first)."""
    r = np.empty(len(values), dtype=np.int64)
    r[np.argsort(values, kind="stable")] = np.arange(len(values))
    return r


def id_rank(ids) -> np.ndarray:
    """Rank of each order id in id order, with digit ids compared as numbers (999 before 1000).

    Ids are text (platforms differ): they are padded with leading zeros to one width and compared as
    text, which keeps any id sortable and the order deterministic.
    """
    return _rank_clean_ids(_clean_ids(ids))


def _rank_clean_ids(u: np.ndarray) -> np.ndarray:
    """id_rank for ids already stripped (object or unicode array, no missing values)."""
    if u.dtype == object:
        u = u.astype(str) if len(u) else np.zeros(0, dtype=str)
    if len(u) == 0:
        return np.zeros(0, dtype=np.int64)
    lengths = np.char.str_len(u)
    width = int(lengths.max())
    numbers = _digit_values(u, lengths, width)
    if numbers is not None:
        # same order as the zero-padded text, without building and sorting 1M padded strings
        return _rank_of(numbers)
    return _rank_of(np.char.zfill(u, width))


def _clean_ids(ids) -> np.ndarray:
    """Unicode array of the stripped ids, missing as "" (the same as ``_clean`` then ``dtype=str``)."""
    obj = np.asarray(pd.Series(ids, dtype=object).to_numpy(dtype=object), dtype=object)
    missing = pd.isna(obj)
    if missing.any():
        obj = obj.copy()
        obj[missing] = ""
    if len(obj) and is_clean_text(obj):
        return obj.astype(str)  # nothing to strip (the usual case): no hashing of every id
    return np.asarray(_clean(pd.Series(obj, dtype=object)), dtype=str)


def _digit_values(u: np.ndarray, lengths: np.ndarray, width: int) -> Optional[np.ndarray]:
    """The ids as uint64 numbers when every id is ASCII digits (or empty) and fits; else None.

    Zero-padded digit strings of one width compare exactly as their numbers do ("" pads to 0, like
    "0"), so the stable rank of the numbers is the rank of the padded text. 19 digits fit in uint64.
    """
    if width == 0 or width > 19:
        return None
    # the fixed-width unicode array seen as code points, one row per id (padding is 0)
    cp = u.view(np.uint32).reshape(len(u), u.dtype.itemsize // 4)[:, :width]
    inside = np.arange(width) < lengths[:, None]
    digit = (cp >= 48) & (cp <= 57)
    if not (digit | ~inside).all():
        return None
    values = np.zeros(len(u), dtype=np.uint64)
    ten = np.uint64(10)
    for j in range(width):
        step = values * ten + (cp[:, j].astype(np.uint64) - np.uint64(48))
        values = np.where(inside[:, j], step, values)
    return values


def _empty(cols: list[str]) -> pd.DataFrame:
    dt = {"paid", "created", "due"}
    flt = {"quantity", "allocated", "short", "available", "age_h", "overdue_h", "amount", "paid_amount"}
    data = {}
    for c in cols:
        if c in dt:
            data[c] = pd.Series(dtype="datetime64[ns]")
        elif c in flt:
            data[c] = pd.Series(dtype="float64")
        elif c in ("handled", "_whole_order"):
            data[c] = pd.Series(dtype=bool)
        else:
            data[c] = pd.Series(dtype=object)
    return pd.DataFrame(data)
