"""The range's figures before its history: what compute_range hands ``on_range`` ahead of the history run.

Agent and shop figures of a range come from the range alone, so they are final after the first model
run; the customer archive and the order checks wait for the second run, on the range plus a year of
earlier paid orders, whose read is by far the longest part of showing a range of a big store (a year
of a busy shop: most of its million orders). A window shows the first run's results at once and
replaces them when the history's arrive. The results handed over are a copy: compute_range goes on
to replace tables of its own results, never of the copy. Their customers and checks are the range's
own; ``history_pending`` on them says the history's are on the way.
"""

from __future__ import annotations

import copy
from typing import Any, Optional


def range_results(store: Any, results: Any, shops: Optional[list] = None) -> Any:
    """A copy of the range's ``results`` with the store's handled marks applied, marked ``history_pending``."""
    from .currency import mark_mixed

    import pandas as pd

    early = copy.copy(results)
    # the marks below write into the tables: into the copy's own, never into what compute_range goes on with
    for name, value in vars(results).items():
        if isinstance(value, pd.DataFrame):
            setattr(early, name, value.copy())
    early.shop = dict(results.shop)
    early.unavailable = list(results.unavailable)
    store.apply_handled(early)
    mark_mixed(early, list(store.currencies(store.shop_ids(shops) if shops else None)))
    early.history_pending = True  # not a Results field: pages may read it with getattr(..., False)
    return early
