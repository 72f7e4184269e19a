"""Cells of the daily Excel report in one language, with the safety rules applied to every value.

The formula-injection guard lives here: every text cell that a spreadsheet could run (starting with
=, +, -, @, tab or CR) is written as a plain string with Excel's quote prefix, so no data cell is
ever a formula. ``CellWriter`` is the base of the report's sheet writer; the quality, appraisal and
staffing sheet modules write their cells through it too.
"""

from __future__ import annotations

import copy
import math
from datetime import datetime
from typing import Any, Iterable, Optional

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .money_symbol import clean_symbol
from .report_xlsx_styles import _PLAIN_FORMATS, BOLD, HEADER_FILL, MONEY, money_format
from .report_xlsx_texts import COLUMNS, SEGMENTS_EN, SHEETS, TEXT, VALUES

#: cells starting with one of these could be run as a formula (or DDE) by a spreadsheet
UNSAFE_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> tuple[str, bool]:
    """Text without characters Excel cannot store, and whether it needs the quote prefix."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return text, text.startswith(UNSAFE_PREFIXES)


class CellWriter:
    """Builds cells in one language, with the safety rules applied to every value."""

    def __init__(self, lang: int, mask_pii: bool, currency: str = "¥") -> None:
        self.lang = lang
        self.mask_pii = mask_pii
        self.money_format = money_format(currency)
        self.currency = clean_symbol(currency)
        self.ws: Any = None
        self._styles: dict[tuple, Any] = {}

    def t(self, key: str, *args: Any) -> str:
        text = TEXT[key][self.lang]
        return text.format(*args) if args else text

    def sheet(self, key: str) -> str:
        return SHEETS[key][self.lang]

    def header(self, col: str) -> str:
        spec = COLUMNS.get(col)
        return spec[self.lang] if spec else col

    # --- cells ---------------------------------------------------------------------------
    def cell(self, value: Any, fmt: Optional[str] = None, fill: Optional[PatternFill] = None,
             font: Optional[Font] = None) -> Any:
        value = self.plain(value)
        if fmt == MONEY:
            fmt = self.money_format
        unsafe = False
        if isinstance(value, str):
            value, unsafe = safe_text(value)
        elif fmt in _PLAIN_FORMATS and fill is None and font is None:
            # whole numbers and datetimes read the same in Excel's default formats; a plain value
            # skips openpyxl's per-cell style work (large sheets are mostly such cells)
            fmt = None
        if fmt is None and fill is None and font is None and not unsafe and not (
                isinstance(value, str) and value.startswith("=")):
            return value
        c = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            # Never a formula: openpyxl types a leading "=" as one, so force text and the quote prefix.
            c.data_type = "s"
            fmt = None
        key = (fmt, id(fill), id(font), unsafe)
        style = self._styles.get(key)
        if style is None:
            # Setting number_format/fill/font hashes openpyxl style objects on every cell; do it once per
            # combination and copy the resulting style array (a third of the write time on big sheets).
            if unsafe:
                c.quotePrefix = True
            if fmt:
                c.number_format = fmt
            if fill is not None:
                c.fill = fill
            if font is not None:
                c.font = font
            self._styles[key] = copy.copy(c._style)
        else:
            c._style = copy.copy(style)
        return c

    def plain(self, value: Any) -> Any:
        """A value openpyxl writes: None for missing, Python scalars, datetimes, yes/no for flags."""
        if value is None:
            return None
        if isinstance(value, (bool, np.bool_)):
            return self.t("yes") if value else self.t("no")
        if isinstance(value, pd.Timestamp):
            return None if pd.isna(value) else value.to_pydatetime()
        if isinstance(value, (np.datetime64,)):
            ts = pd.Timestamp(value)
            return None if pd.isna(ts) else ts.to_pydatetime()
        if isinstance(value, (np.integer,)):
            return int(value)
        if isinstance(value, (float, np.floating)):
            v = float(value)
            return None if (math.isnan(v) or math.isinf(v)) else v
        if value is pd.NaT:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, (int, datetime)):
            return value
        return str(value)

    def widths(self, ws: Any, widths: list[float]) -> None:
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(8.0, min(w, 60.0))

    def table(self, ws: Any, frame: pd.DataFrame, columns: list[str],
              row_fill: Optional[list] = None, translate: Iterable[str] = ()) -> int:
        """Header + rows of ``frame[columns]``; returns the number of data rows written."""
        self.ws = ws
        ws.append([self.cell(self.header(c), fill=HEADER_FILL, font=BOLD) for c in columns])
        fmts = [COLUMNS.get(c, (None, None, None))[2] for c in columns]
        translate = set(translate)
        arrays = []
        for c in columns:
            values = frame[c].to_numpy(dtype=object) if c in frame.columns else np.full(len(frame), None)
            if c in translate:
                values = np.array([self.word(v) for v in values], dtype=object)
            arrays.append(values)
        for i in range(len(frame)):
            fill = row_fill[i] if row_fill is not None else None
            ws.append([self.cell(a[i], f, fill) for a, f in zip(arrays, fmts)])
        return len(frame)

    def word(self, value: Any) -> Any:
        if isinstance(value, str):
            if value in VALUES:
                return VALUES[value][self.lang]
            if self.lang == 1 and value in SEGMENTS_EN:
                return SEGMENTS_EN[value]
        return value

