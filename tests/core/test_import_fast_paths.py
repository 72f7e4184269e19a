"""The importer's fast paths of issue 18 (dates read once per distinct cell, buyers kept inline) give what the
cell-by-cell paths give, and the numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.importers import cleaning, cleaning_times
from desktop_app.core.importers.cleaning import clean_buyer, parse_datetime

#: each layout the importers accept, with its reading worked out by hand (None: not available, never 0)
LAYOUTS = [
    ("2025-11-02 01:01:30", "2025-11-02 01:01:30"),
    ("2025/1/2 3:04", "2025-01-02 03:04:00"),
    ("2025-01-02T03:04:05", "2025-01-02 03:04:05"),
    ("2025年1月2日 3:04", "2025-01-02 03:04:00"),
    ("2025-12-06 10:37:33 -0500", "2025-12-06 10:37:33"),  # the offset dropped, the wall clock kept
    ("\t2025-03-01 10:00:00", "2025-03-01 10:00:00"),  # Douyin's tab
    ("'2025-03-01 10:00:00", "2025-03-01 10:00:00"),  # an apostrophe guard
    ("45658.5", "2025-01-01 12:00:00"),  # a serial day as text: 45658 = 2025-01-01
    (45658.25, "2025-01-01 06:00:00"),  # a serial day as a number
    (45658, "2025-01-01 00:00:00"),
    (dt.datetime(2025, 2, 3, 4, 5, 6), "2025-02-03 04:05:06"),  # calamine's native datetime
    ("", None), ("-", None), ("null", None), (None, None), (np.nan, None),  # blank: not available
]
BAD = ["not a date", "2025-13-45 10:00:00", 12.5, True]


def _column(n_each: int) -> list:
    cells = [c for c, _ in LAYOUTS] + BAD
    return [c for c in cells for _ in range(n_each)]


def _expected(n_each: int):
    want = [pd.Timestamp(w) if w else pd.NaT for _, w in LAYOUTS] + [pd.NaT] * len(BAD)
    bad = [False] * len(LAYOUTS) + [True] * len(BAD)
    return [w for w in want for _ in range(n_each)], [b for b in bad for _ in range(n_each)]


@pytest.mark.parametrize("distinct", [True, False])
def test_every_date_layout_read_by_hand_once_per_distinct_cell_or_cell_by_cell(monkeypatch, distinct):
    monkeypatch.setattr(cleaning_times, "USE_DISTINCT", distinct)
    cells = _column(100)  # 2,000 cells of 20 distinct values: repetitive
    calls = []
    real = pd.to_datetime
    monkeypatch.setattr(pd, "to_datetime", lambda arg, *a, **k: calls.append(len(arg)) or real(arg, *a, **k))
    vals, bad = parse_datetime(pd.Series(cells, dtype=object, index=pd.RangeIndex(5, 5 + len(cells))))
    want, want_bad = _expected(100)
    assert vals.isna().tolist() == [pd.isna(w) for w in want]
    assert [str(v) for v in vals[vals.notna()]] == [str(w) for w in want if not pd.isna(w)]
    assert bad.tolist() == want_bad
    assert list(vals.index[:2]) == [5, 6] and vals.dtype == "datetime64[ns]"
    assert max(calls) <= len(LAYOUTS) + len(BAD) if distinct else max(calls) > 100


def test_a_column_of_distinct_times_is_read_cell_by_cell(monkeypatch):
    cells = [f"2025-11-01 {h:02d}:{m:02d}:{s:02d}" for h in range(2) for m in range(60) for s in range(0, 60, 5)]
    seen = []
    real = pd.factorize
    monkeypatch.setattr(pd, "factorize", lambda *a, **k: seen.append(1) or real(*a, **k))
    vals, bad = parse_datetime(pd.Series(cells, dtype=object))
    assert seen == [] and not bad.any()  # 1,440 distinct times: nothing to share
    assert str(vals.iloc[-1]) == "2025-11-01 01:59:55"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([c for c, _ in LAYOUTS] + BAD + [1, 1.0, "1", dt.date(2025, 1, 2)]),
                min_size=1, max_size=40), st.integers(30, 80))
def test_distinct_reading_equals_cell_by_cell_on_random_columns(cells, times):
    col = pd.Series((cells * times)[:max(1000, len(cells))], dtype=object)
    cleaning_times.USE_DISTINCT = False
    try:
        slow_vals, slow_bad = parse_datetime(col)
    finally:
        cleaning_times.USE_DISTINCT = True
    fast_vals, fast_bad = parse_datetime(col)
    assert fast_vals.equals(slow_vals) and (fast_bad == slow_bad).all()


BUYERS = [("tb_35119", "tb_35119"), ("peter", "peter"), ("  小王 ", "小王"), ('="123"', "123"), ("\ttb_1", "tb_1"),
          ("'0571", "0571"), ("123.0", "123"), ("1.23456789012e+15", "1.23456789012e+15"), ("1e5", "1e5"),
          ("-", ""), ("null", ""), ("", ""), (None, ""), (13800138000.0, "13800138000"), (42, "42"),
          ("ｔｂ_ｕｓｅｒ５", "ｔｂ_ｕｓｅｒ５"), ('tb"', "tb"), ("a.b", "a.b")]


def test_buyers_by_hand():
    got = clean_buyer(pd.Series([b for b, _ in BUYERS], dtype=object, index=pd.RangeIndex(2, 2 + len(BUYERS))))
    assert got.tolist() == [w for _, w in BUYERS] and list(got.index[:1]) == [2]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet='ab1.eE"=\'\t -nul\u3000', max_size=8), st.none(),
                          st.floats(allow_nan=True), st.integers(-5, 10**17)), max_size=30))
def test_the_buyer_fast_path_equals_the_id_cleaner(cells):
    col = pd.Series(cells, dtype=object)
    cleaning.USE_BUYER_FAST_PATH = False
    try:
        slow = clean_buyer(col)
    finally:
        cleaning.USE_BUYER_FAST_PATH = True
    assert clean_buyer(col).tolist() == slow.tolist()
