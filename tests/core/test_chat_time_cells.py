"""Chat time cells: texts, Excel serial numbers and a mix of both (importers/chats_cells.parse_times)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from desktop_app.core.importers.chats_cells import parse_times


def _parsed(values) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecation: numbers never reach a format meant for texts
        out, bad = parse_times(pd.Series(values, dtype=object if any(isinstance(v, str) for v in values) else None))
    return [None if pd.isna(t) else str(t) for t in out], bad.tolist()


def test_a_mixed_column_reads_texts_by_format_and_numbers_as_excel_serials():
    # 46000.5 is Excel's 2025-12-09 12:00:00 (day 46000 counted from 1899-12-30); worked out by hand
    times, bad = _parsed(["2026-11-16 09:05:00", 46000.5, "", "not a time"])
    assert times == ["2026-11-16 09:05:00", "2025-12-09 12:00:00", None, None]
    assert bad == [False, False, False, True]  # the empty cell is empty, not unreadable


def test_a_numeric_column_is_read_as_excel_serials():
    times, bad = _parsed([46000.5, 46001.0, np.nan])
    assert times == ["2025-12-09 12:00:00", "2025-12-10 00:00:00", None]
    assert bad == [False, False, False]
