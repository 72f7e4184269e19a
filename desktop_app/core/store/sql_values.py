"""Frames to rows SQLite accepts and back: the store's value conversions.

Times are stored as ISO text (``YYYY-MM-DD HH:MM:SS`` with ``.ffffff`` only when there are
microseconds, so text order is time order), missing values as NULL, flags as 0/1. Reading converts
back to the schema's dtypes (desktop_app/core/schema.py): times parsed, flags bool, text "" not None.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

import numpy as np
import pandas as pd

from ..schema import LINE_COLUMNS, MESSAGE_COLUMNS, ORDER_COLUMNS, conform, empty_frame

#: the stored columns of orders, order lines and messages (schema order)
ORDER_COLS = list(ORDER_COLUMNS)
LINE_COLS = [c for c in LINE_COLUMNS]
MESSAGE_COLS = list(MESSAGE_COLUMNS)


def ts_text(ts: Any) -> str:
    """A timestamp as the store writes it."""
    ts = pd.Timestamp(ts)
    text = ts.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{ts.microsecond:06d}" if ts.microsecond else text


def day_text(d: date | None) -> str | None:
    """A day as the store compares it (``YYYY-MM-DD``); None stays None."""
    return None if d is None else pd.Timestamp(d).strftime("%Y-%m-%d")


def sql_column(s: pd.Series) -> list:
    """A column as Python values SQLite accepts: ISO text for times, None for missing, int for flags.

    Whole-column numpy work (the missing values set to None in one step), then one ``tolist``."""
    if pd.api.types.is_datetime64_any_dtype(s):
        text = s.dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(dtype=object)
        micro = s.dt.microsecond.fillna(0).to_numpy().astype("int64")
        for i in np.flatnonzero(micro != 0):
            text[i] = f"{text[i]}.{micro[i]:06d}"
        return _none_where(text, s.isna().to_numpy())
    if pd.api.types.is_bool_dtype(s):
        return s.astype("int64").tolist()
    if pd.api.types.is_float_dtype(s):
        values = s.to_numpy(dtype=np.float64)
        return _none_where(values.astype(object), np.isnan(values))
    if pd.api.types.is_integer_dtype(s):
        return s.tolist()
    values = s.to_numpy(dtype=object)
    # None and float NaN are missing (as before: not pd.NA / NaT in a text column)
    missing = np.fromiter((v is None or (v.__class__ is float and v != v) for v in values), dtype=bool,
                          count=len(values)) if _maybe_missing(values) else None
    return _none_where(values, missing)


def _maybe_missing(values: np.ndarray) -> bool:
    return bool(len(values)) and bool(pd.isna(values).any())


def _none_where(values: np.ndarray, missing) -> list:
    if missing is not None and missing.any():
        values = values.copy()
        values[missing] = None
    return values.tolist()


def records(frame: pd.DataFrame, cols: list[str]) -> list[tuple]:
    """The rows of ``frame[cols]`` as tuples for ``executemany``."""
    columns = [sql_column(frame[c]) for c in cols]
    return list(zip(*columns)) if columns else []


def from_sql(frame: pd.DataFrame, kind: str, extra: Optional[list[str]] = None) -> pd.DataFrame:
    """Back from SQLite types to the schema's dtypes (times parsed, flags as bool, text "" not None)."""
    schema = {"orders": ORDER_COLUMNS, "lines": LINE_COLUMNS, "messages": MESSAGE_COLUMNS}.get(kind)
    if kind == "inventory":
        return conform(frame, "inventory") if len(frame) else empty_frame("inventory")
    if not len(frame):
        out = empty_frame(kind)
        for c in extra or []:
            out[c] = pd.Series(dtype=object)
        return out
    frame = frame.copy()
    for name, t in schema.items():
        if name in frame.columns and t.startswith("datetime"):
            frame[name] = pd.to_datetime(frame[name], format="ISO8601").astype("datetime64[ns]")
    out = conform(frame, kind)
    for c in extra or []:
        out[c] = frame[c].to_numpy()
    return out
