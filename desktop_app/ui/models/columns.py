"""Columns of a FrameTableModel: roles, formatter kinds, ColumnSpec, colour rules and vectorised formatting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, Qt, QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor

from ..money import money

#: the native value of a cell (numbers, timestamps, text) for sorting and exports
SortRole = Qt.ItemDataRole.UserRole
#: the row number in the frame given to ``set_frame`` (stable across sort and filter)
RowRole = Qt.ItemDataRole.UserRole + 1
#: the column key (frame column name) of a cell, for drill-downs that need to know the KPI
KeyRole = Qt.ItemDataRole.UserRole + 2

# Formatter kinds a ColumnSpec can name; "auto" picks one from the dtype.
AUTO, TEXT, INT, FLOAT, PERCENT, MONEY, SECONDS, HOURS, DATETIME, DATE, BOOL = (
    "auto", "text", "int", "float", "percent", "money", "seconds", "hours", "datetime", "date", "bool",
)
_NUMERIC_KINDS = {INT, FLOAT, PERCENT, MONEY, SECONDS, HOURS}

# Colour codes returned by colour rules (an int8 array per column).
NONE, GOOD, WARN, BAD, MUTED = 0, 1, 2, 3, 4

ColourRule = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class ColumnSpec:
    """How one frame column is shown.

    ``label`` is the untranslated header; mark it with ``QT_TRANSLATE_NOOP(context, "...")`` where it
    is written so pyside6-lupdate collects it, and give the same ``context`` here.
    """

    key: str
    label: str = ""
    kind: str = AUTO
    context: str = "FrameTableModel"
    #: values -> int8 colour codes (GOOD/WARN/BAD/...) for the cell background
    colour: Optional[ColourRule] = None
    #: extra text appended to the header tooltip (e.g. the KPI's formula)
    tooltip: str = ""


# Platform codes of the importers -> display names (translated in context "Platform").
# (Plain comments here: lupdate would take "#:" comments for notes to the translator.)
PLATFORM_NAMES = {
    "taobao": QT_TRANSLATE_NOOP("Platform", "Taobao/Tmall"),
    "jd": QT_TRANSLATE_NOOP("Platform", "JD"),
    "pdd": QT_TRANSLATE_NOOP("Platform", "Pinduoduo"),
    "douyin": QT_TRANSLATE_NOOP("Platform", "Douyin"),
    "shopify": QT_TRANSLATE_NOOP("Platform", "Shopify"),
    "other": QT_TRANSLATE_NOOP("Platform", "Other"),
}


def platform_name(code) -> str:
    """The translated name of a platform code; unknown codes are shown as they are."""
    label = PLATFORM_NAMES.get(str(code))
    return QCoreApplication.translate("Platform", label) if label else str(code)


def lower_is_better(good: float, warn: float) -> ColourRule:
    """Green at or below ``good``, amber up to ``warn``, red above (response times)."""

    def rule(values: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype="float64")
        out = np.full(v.shape, BAD, dtype=np.int8)
        out[v <= warn] = WARN
        out[v <= good] = GOOD
        out[np.isnan(v)] = NONE
        return out

    return rule


def higher_is_better(good: float, warn: float) -> ColourRule:
    """Green at or above ``good``, amber down to ``warn``, red below (rates)."""

    def rule(values: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype="float64")
        out = np.full(v.shape, BAD, dtype=np.int8)
        out[v >= warn] = WARN
        out[v >= good] = GOOD
        out[np.isnan(v)] = NONE
        return out

    return rule


def flag_is_bad(values: np.ndarray) -> np.ndarray:
    """Red where a boolean flag (overdue, is_due) is set."""
    v = np.asarray(values)
    return np.where(v.astype(bool), BAD, NONE).astype(np.int8)


def positive_is_bad(values: np.ndarray) -> np.ndarray:
    """Red where a count (unanswered turns, short quantity) is above zero."""
    v = np.nan_to_num(np.asarray(values, dtype="float64"))
    return np.where(v > 0, BAD, NONE).astype(np.int8)


# Brushes are created once: data() is called thousands of times per repaint.
_BACKGROUNDS = {
    GOOD: QBrush(QColor("#d7f0d2")),
    WARN: QBrush(QColor("#fbe7b5")),
    BAD: QBrush(QColor("#f8cfcc")),
}
_FOREGROUNDS = {
    GOOD: QBrush(QColor("#1f6b22")),
    WARN: QBrush(QColor("#7a5200")),
    BAD: QBrush(QColor("#9c1c13")),
}
_MUTED_FOREGROUND = QBrush(QColor("#9a9a9a"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _kind_for(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return BOOL
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return DATETIME
    if pd.api.types.is_integer_dtype(dtype):
        return INT
    if pd.api.types.is_float_dtype(dtype):
        return FLOAT
    return TEXT


def _native(series: pd.Series, kind: str) -> np.ndarray:
    """One numpy array per column; nullable dtypes become float/object so NaN marks a gap."""
    if kind in (DATETIME, DATE):
        return pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[ns]")
    if kind == BOOL:
        return series.fillna(False).astype(bool).to_numpy()
    if kind in _NUMERIC_KINDS:
        dtype = series.dtype
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            # already numbers: no parsing (a What-if move hands every table's ~40 columns over again)
            return series.to_numpy(dtype="float64", na_value=np.nan)
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    values = series.astype(object).to_numpy()
    # Text columns may hold None/NaN for gaps; show them as "" like the schema's missing text.
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = ""
    return values


def format_values(values: np.ndarray, kind: str) -> np.ndarray:
    """Display strings for one column (object array), vectorised per kind; gaps are ""."""
    n = len(values)
    if n == 0:
        return np.empty(0, dtype=object)
    if kind in (DATETIME, DATE):
        unit = "D" if kind == DATE else "m"
        text = np.datetime_as_string(values, unit=unit).astype(object)
        text = np.char.replace(text.astype(str), "T", " ").astype(object)
        text[np.isnat(values)] = ""
        return text
    if kind == BOOL:
        return np.where(values, "✓", "").astype(object)
    if kind in _NUMERIC_KINDS:
        v = values
        ok = ~np.isnan(v)
        out = np.full(n, "", dtype=object)
        good = v[ok]
        if kind == INT:
            # counts can be fractional under the split attribution rule (weights 0.5, 0.33, ...)
            strings = [f"{x:,.0f}" if x == int(x) else f"{x:,.2f}" for x in good]
        elif kind == FLOAT:
            strings = [f"{x:,.2f}" for x in good]
        elif kind == PERCENT:
            strings = [f"{x * 100:.2f}%" for x in good]
        elif kind == MONEY:
            strings = [money(x) for x in good]
        elif kind == SECONDS:
            strings = [f"{x:,.1f} s" for x in good]
        else:  # HOURS
            strings = [f"{x:,.1f} h" for x in good]
        out[ok] = strings
        return out
    return np.array([str(x) for x in values], dtype=object)


def _sort_key(values: np.ndarray, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(key, missing) arrays: numeric keys for a stable lexsort, gaps flagged to sort last."""
    if kind in (DATETIME, DATE):
        missing = np.isnat(values)
        return values.view("int64").astype("float64"), missing
    if kind == BOOL:
        return values.astype("float64"), np.zeros(len(values), dtype=bool)
    if kind in _NUMERIC_KINDS:
        missing = np.isnan(values)
        return np.where(missing, 0.0, values), missing
    text = values.astype(str)  # text columns hold str already (see _native); a fixed-width copy
    # np.unique sorts the distinct strings once; the inverse is each row's rank (an int key).
    _, inverse = np.unique(text, return_inverse=True)
    return inverse.astype("float64"), text == ""
