"""Compute a date range from the store with the history its customer and order checks need.

``model.compute`` counts every order of the Dataset it is given, so the range's KPIs must come
from the range alone. The customer archive (RFM, levels, returning buyers) and the order checks
(an order paid last week may still be unshipped today) need the earlier paid orders too. So
``compute_range`` runs the model twice - once on the range, once on the range plus its history -
and takes the agent/shop KPIs from the first run and the customers and order checks from the
second (both at the same as-of time). Handled marks and stored levels are applied to the result.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

import pandas as pd

from ..model.settings import DEFAULT_SETTINGS, ModelSettings
from ..progress import CancelFn, ProgressFn
from .currency import mark_mixed
from .db import HISTORY_DAYS, Store

#: shop keys that describe the order checks (taken from the run with history)
CHECK_KEYS = ("unshipped", "unshipped_overdue", "out_of_stock", "unpaid_due")


def compute_range(
    store: Store,
    start: Optional[date] = None,
    end: Optional[date] = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
    progress: Optional[ProgressFn] = None,
    should_cancel: Optional[CancelFn] = None,
    *,
    history_days: int = HISTORY_DAYS,
    update_levels: bool = True,
    dataset=None,
    shops=None,
    compute_fn=None,
    levels=None,
    on_range=None,
):
    """Results for ``start``..``end``: KPIs of the range, customers and checks with history.

    Without a ``start`` (or with ``history_days=0``) this is one ordinary model run. With
    ``update_levels`` the computed membership levels are stored (levels only rise). ``dataset``
    is the range's Dataset when the caller has already read it (it is not read again). ``shops``
    (ids or names; None = all) reads those shops only. ``compute_fn`` runs the model instead of
    model.compute (the What-if panel's incremental runs); ``levels``: store.levels(), read already.
    ``on_range`` (when a history run follows) is called with the range's own results first (a copy:
    handled marks applied, the customers and checks still those of the range alone), so a window can
    show the range's figures before the history is read (store/range_first.py).
    """
    from ..model.compute import compute  # the model is heavy; the store itself does not need it

    compute = compute_fn or compute
    levels = store.levels() if levels is None else levels
    ranged = dataset if dataset is not None else store.dataset(start, end, shops=shops)
    half = _halves(progress)
    results = compute(ranged, settings, half(0), should_cancel, levels)
    if start is not None and history_days:
        if on_range is not None:
            from .range_first import range_results

            on_range(range_results(store, results, shops))
        full = store.dataset(start, end, history_days=history_days, shops=shops)
        if len(full.orders) > len(ranged.orders):
            # the same as-of for both runs, so ages and due times agree
            pinned = settings.replace(as_of=results.as_of.strftime("%Y-%m-%d %H:%M:%S"))
            history = compute(full, pinned, half(1), should_cancel, levels)
            results.customers = history.customers
            results.unshipped = history.unshipped
            results.out_of_stock = history.out_of_stock
            results.unpaid = history.unpaid
            for key in CHECK_KEYS:
                if key in history.shop:
                    results.shop[key] = history.shop[key]
    if progress is not None:
        progress(1, 1, "")  # the second run may have been skipped: end at 100 % either way
    store.apply_handled(results)
    mark_mixed(results, list(store.currencies(store.shop_ids(shops) if shops else None)))
    if update_levels and len(results.customers):
        store.update_levels(results.customers, [name for name, _ in settings.levels])
    return results


def trends_range(
    store: Store,
    end: Optional[date] = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
    progress: Optional[ProgressFn] = None,
    should_cancel: Optional[CancelFn] = None,
    *,
    weeks: int = 8,
    shops=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily trends and week over week for the ``weeks`` weeks ending on ``end`` (default: the last day).

    Independent of the range the user is looking at, so a "today" view still has its trend lines.
    Returns (``daily_trends`` frame, ``week_over_week`` frame); both empty when the store is empty.
    """
    from ..model.compute import compute
    from ..trends import daily_trends, week_over_week

    span = store.date_range()
    if span is None:
        empty = daily_trends(None)
        return empty, week_over_week(empty, pd.Timestamp.now())
    end = end or span[1]
    start = end - timedelta(days=7 * int(weeks) - 1)
    results = compute(store.dataset(start, end, shops=shops), settings, progress, should_cancel)
    trends = daily_trends(results)
    return trends, week_over_week(trends, pd.Timestamp(end))


def _halves(progress: Optional[ProgressFn]):
    """Progress of two runs reported as one: the first run 0-50 %, the second 50-100 %."""
    def make(part: int) -> Optional[ProgressFn]:
        if progress is None:
            return None

        def report(done: int, total: int, text: str = "") -> None:
            total = max(int(total), 1)
            progress(part * total + int(done), 2 * total, text)

        return report

    return make
