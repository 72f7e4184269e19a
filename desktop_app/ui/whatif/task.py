"""The What-if panel's model run (worker thread): the range as the window computes it, incrementally.

Like tasks.compute_results, but each model run reuses the kept stage outputs of the last (RunCache), the
store's membership levels are read once and never written (a what-if must not raise a buyer's level),
and nothing here touches a widget.
"""

from __future__ import annotations

import time
import traceback
from typing import Any, Callable, Optional

from ...core.errors import ImportCancelled
from ...core.model.partial import RunCache
from ...core.model.settings import ModelSettings


def whatif_results(repository: Any, start, end, settings: ModelSettings, cache: RunCache,
                   progress: Callable[[int, int, str], None], should_cancel: Callable[[], bool],
                   shops: Optional[list] = None, with_trends: bool = True, handled: Any = None) -> dict[str, Any]:
    """{"results", "dataset", "trends", "wow", "seconds", "stages"} for ``settings`` on the range.

    ``with_trends`` False leaves the daily trends out (None): only the Trends page shows them, and a what-if
    repaints the page in view only; the controller works them out when that page is shown. ``handled``: a
    HandledMemo (handled_memo.py) putting the stored marks onto what the move changed only."""
    t0 = time.perf_counter()
    shops = list(shops) if shops else None
    dataset = repository.dataset(start, end, shops=shops)
    if should_cancel():
        raise ImportCancelled()
    if cache.levels is None:
        cache.levels = repository.levels()
    results = repository.compute_range(start, end, settings, progress, should_cancel, dataset=dataset, shops=shops,
                                       compute_fn=cache.compute_range_fn(), levels=cache.levels, update_levels=False,
                                       **({"apply_handled": handled.apply} if handled is not None else {}))
    out: dict[str, Any] = {"results": results, "dataset": dataset, "trends": None, "wow": None,
                           "stages": list(cache.last.ran) if cache.last is not None else []}
    if with_trends:
        out.update(trends_of(results))
    out["seconds"] = time.perf_counter() - t0
    return out


def trends_of(results: Any) -> dict[str, Any]:
    """{"trends", "wow"} of ``results`` (None for both when they fail: a nicety, as in tasks.compute_results)."""
    try:
        from ...core import trends as trends_mod

        daily = trends_mod.daily_trends(results)
        return {"trends": daily, "wow": trends_mod.week_over_week(daily, results.as_of)}
    except Exception:  # noqa: BLE001
        return {"trends": None, "wow": None, "trends_error": traceback.format_exc()}
