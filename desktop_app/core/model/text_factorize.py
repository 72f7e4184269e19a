"""Fast factorisation of text columns into integer codes (factorize_text and its hash / identity /
integer paths) and categoricals built from it. Moved out of conversations.py, which re-exports
every name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def factorize_text(values) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize for a text column; a missing value (None/NaN) becomes "".

    The normalised frames never hold missing text, so the NaN check (a full extra pass over millions
    of objects with ``use_na_sentinel=False``) is only paid when a -1 code shows one exists.
    """
    arr = np.asarray(values, dtype=object)
    if len(arr) > 1000 and isinstance(arr[0], str) and (arr[:: len(arr) // 100] == arr[0]).all() and (
            arr == arr[0]).all():
        # one value throughout (a one-shop export's shop column): no hash table of a million rows
        return np.zeros(len(arr), dtype=np.int64), np.array([arr[0]], dtype=object)
    codes, uniques = _hash_factorize(arr)
    if len(codes) and codes.min() < 0:
        arr = np.where(pd.isna(arr), "", arr).astype(object)
        codes, uniques = _hash_factorize(arr)
    return codes, np.asarray(uniques, dtype=object)


#: below this many values the identity pre-pass is not worth its overhead
_IDENTITY_MIN = 100_000


_IDENTITY_SAMPLE = 20_000


def _hash_factorize(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes in order of first appearance; NaN/None -> -1.

    A column with few distinct values (agents, templates) usually holds few distinct *objects* too:
    the readers reuse one str object per distinct value. Factorising the object addresses (plain
    integers in a table small enough to stay in cache; no string is touched) and then hashing only
    the distinct objects by value is about twice as fast, with the same codes in the same order (the
    distinct objects come in order of first appearance, so their values do too). Columns with many
    distinct values (buyers) gain nothing this way, so a sample decides.
    """
    n = len(arr)
    if n >= _IDENTITY_MIN:
        addr = _object_addresses(arr)
        if addr is not None:
            sample = addr[:: max(1, n // _IDENTITY_SAMPLE)]
            if len(pd.unique(sample)) * 20 < len(sample):
                try:
                    a_codes, a_first = _int_factorize(addr)
                except ValueError:  # pandas behaved unexpectedly: hash by value below
                    pass
                else:
                    v_codes, uniques = _value_factorize(arr[a_first])
                    return v_codes[a_codes], uniques
    return _value_factorize(arr)


#: the factorisation of text without blanking missing values (NaN/None -> -1), for other modules
hash_factorize = _hash_factorize


def _object_addresses(arr: np.ndarray) -> np.ndarray | None:
    """The PyObject addresses an object array holds, as intp (a view of its buffer, no copy); None if
    it is not a contiguous 1-d object array. Only meaningful while ``arr`` keeps the objects alive."""
    if arr.dtype != object or arr.ndim != 1 or not arr.flags.c_contiguous or len(arr) == 0:
        return None
    import ctypes

    buf = (ctypes.c_char * arr.nbytes).from_address(arr.ctypes.data)
    out = np.frombuffer(buf, dtype=np.intp)
    return out if len(out) == len(arr) else None


def _int_factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes in order of first appearance, and the position of each code's first occurrence."""
    codes, uniques = pd.factorize(values)
    codes = codes.astype(np.int64, copy=False)
    # codes count up in order of first appearance: a code appears first where it exceeds the running max
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    first = np.flatnonzero(new)
    if len(first) != len(uniques):
        raise ValueError("unexpected factorize result")
    return codes, first


#: values hashed per call of the hash table (about 0.1 s each)
_FACTORIZE_CHUNK = 500_000


def _value_factorize(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes in order of first appearance by value; NaN/None -> -1.

    pandas' object hash table keyed on Python's own (cached) str hashes is about a third faster than
    pd.factorize on millions of names (which first checks every value is a str, then re-hashes the
    UTF-8 bytes). It is a private pandas API, so any surprise falls back to pd.factorize.
    """
    try:
        from pandas._libs import hashtable as _ht

        table = _ht.PyObjectHashTable(max(64, len(arr)))  # sized like pandas: no rehashing as it fills
        if len(arr) <= _FACTORIZE_CHUNK:
            uniques, codes = table.factorize(arr)
            codes = np.asarray(codes, dtype=np.int64)
        else:
            # in pieces, so that other threads (the window's) get the interpreter lock between them:
            # one call over 6 M names holds it for about a second. The table keeps every value seen,
            # each piece numbers its new values on from the earlier pieces': the same codes.
            codes = np.empty(len(arr), dtype=np.int64)
            parts, count = [], 0
            for start in range(0, len(arr), _FACTORIZE_CHUNK):
                found = _ht.ObjectVector()
                codes[start:start + _FACTORIZE_CHUNK] = table.get_labels(
                    arr[start:start + _FACTORIZE_CHUNK], found, count, -1)
                new = found.to_array()
                parts.append(new)
                count += len(new)
            uniques = np.concatenate(parts)
        if len(codes) != len(arr):
            raise ValueError("unexpected factorize result")
        return codes, np.asarray(uniques, dtype=object)
    except Exception:  # noqa: BLE001 - any pandas internals change: use the public path
        codes, uniques = pd.factorize(arr)
        return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _categorical_dtype(unique_values: pd.Index) -> pd.CategoricalDtype:
    """A CategoricalDtype over values known to be unique (they come from a factorisation).

    The public constructor re-checks uniqueness by hashing every category again (a million buyer
    names); pandas' own fast path skips that. Private API, so any surprise takes the public one.
    """
    try:
        dtype = pd.CategoricalDtype._from_fastpath(unique_values, False)
        if isinstance(dtype, pd.CategoricalDtype) and len(dtype.categories) == len(unique_values):
            return dtype
    except Exception:  # noqa: BLE001 - pandas internals changed: use the public path
        pass
    return pd.CategoricalDtype(unique_values, ordered=False)


def _categorical(values: np.ndarray) -> pd.Categorical:
    """A categorical column from text, via the fast factorisation (pd.Categorical(text) infers types,
    sorts and re-checks, about 15x slower on a million values)."""
    codes, uniques = factorize_text(values)
    return pd.Categorical.from_codes(codes, dtype=_categorical_dtype(pd.Index(uniques, dtype=object)))
