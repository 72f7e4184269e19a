"""A frame's rows as COPY's text format, made column by column in numpy: no Python per row.

psycopg's ``copy.write_row`` formats each row in Python (~5 us a row: 25 s for 5,000,000 messages).
Here every column becomes one array of strings - times by pandas' strftime, numbers by numpy, text
escaped only where it needs it - and the columns are joined with numpy's string ufuncs (numpy >= 2,
StringDType; object arrays otherwise). The values are those ``sql_values.sql_column`` gives the driver:
times as the store's ISO text (``.ffffff`` only with microseconds), flags 0/1, NaN and None as NULL.

``copy_text`` returns None for a column it cannot render exactly as the driver would (an object column
holding something other than text): the caller then writes the rows the old way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

try:  # numpy >= 2: strings in C
    from numpy.dtypes import StringDType

    _STR = StringDType()
    _add = np.strings.add
    _replace = np.strings.replace
except ImportError:  # pragma: no cover - numpy 1.x: object arrays (slower, same text)
    _STR = object
    _add = np.add

    def _replace(a, old, new):
        return np.array([x.replace(old, new) for x in a], dtype=object)

NULL = "\\N"
#: COPY text format's escapes (the backslash first)
_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


@dataclass(frozen=True)
class CopyText:
    """Rows ready for ``COPY ... FROM STDIN`` (text format): ``data`` holds ``rows`` lines."""

    data: bytes
    rows: int

    def __len__(self) -> int:
        return self.rows


def _strings(values: np.ndarray) -> np.ndarray:
    return np.asarray(values).astype(_STR)


def _time_column(s: pd.Series) -> np.ndarray:
    missing = s.isna().to_numpy()
    text = s.dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(dtype=object)
    micro = s.dt.microsecond.fillna(0).to_numpy().astype(np.int64)
    with_micro = np.flatnonzero(micro != 0)
    if len(with_micro):
        text = text.copy()
        text[with_micro] = [f"{t}.{m:06d}" for t, m in zip(text[with_micro], micro[with_micro])]
    if missing.any():
        text = np.where(missing, NULL, text)
    return _strings(text)


def _float_column(s: pd.Series) -> np.ndarray:
    values = s.to_numpy(dtype=np.float64)
    missing = np.isnan(values)
    out = _strings(values)  # numpy's shortest round-trip text, as repr() of a Python float
    if missing.any():
        out = np.where(missing, NULL, out).astype(_STR)
    return out


def _text_column(s: pd.Series) -> Optional[np.ndarray]:
    values = s.to_numpy(dtype=object)
    missing = s.isna().to_numpy()  # (a text column's own mask: pd.isna of an object array is slow)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind not in ("string", "empty"):
        return None
    if missing.any():
        values = np.where(missing, "", values)
    out = _strings(values)
    joined = "".join(values.tolist())  # one pass in C: does any value need an escape?
    for old, new in _ESCAPES:
        if old in joined:
            out = _replace(out, old, new)
    if missing.any():
        out = np.where(missing, NULL, out).astype(_STR)
    return out


def column_text(s: pd.Series) -> Optional[np.ndarray]:
    """One column as COPY text values (NULL as ``\\N``), or None when it cannot be rendered here."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return _time_column(s)
    if pd.api.types.is_bool_dtype(s):
        if s.isna().any():
            return None
        return np.where(s.to_numpy(dtype=bool), "1", "0").astype(_STR)
    if pd.api.types.is_float_dtype(s):
        return _float_column(s)
    if pd.api.types.is_integer_dtype(s):
        if s.isna().any():  # a nullable integer column with NA
            return None
        return _strings(s.to_numpy(dtype=np.int64))
    return _text_column(s)


def copy_text(frame: pd.DataFrame, cols: list[str]) -> Optional[CopyText]:
    """``frame[cols]`` as COPY text rows, or None (see the module's docstring)."""
    n = len(frame)
    if not n or not cols:
        return CopyText(b"", 0)
    line = None
    for c in cols:
        text = column_text(frame[c])
        if text is None:
            return None
        line = text if line is None else _add(_add(line, "\t"), text)
    return CopyText(("\n".join(line.tolist()) + "\n").encode("utf-8"), n)


def rows_for(conn, frame: pd.DataFrame, cols: list[str]):
    """What ``conn.executemany`` takes for ``frame[cols]``: COPY text on PostgreSQL (when it can be made),
    else the rows as tuples (sql_values.records)."""
    from .engine import POSTGRESQL, engine_of
    from .sql_values import records

    if engine_of(conn) == POSTGRESQL and len(frame):
        text = copy_text(frame, cols)
        if text is not None:
            return text
    return records(frame, cols)
