"""Work that runs on pool threads for the main window: import files, compute, drill-down lists.

Nothing here touches a widget (Anki's rule for worker code); results go back to the GUI thread
through workers.TaskHandle's queued signals. The functions take ``progress(done, total, text)``
and ``should_cancel()`` like the core they call.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import pandas as pd

from ..core.errors import ImportCancelled, UnrecognisedFormat
from ..core.importers.base import ImportResult
from ..core.model.settings import ModelSettings
from .repository import DataRepository


@dataclass
class ImportBatch:
    """What one import task produced, file by file."""

    results: list[ImportResult] = field(default_factory=list)
    #: (path, UnrecognisedFormat): offer the mapping dialog
    unrecognised: list[tuple[str, UnrecognisedFormat]] = field(default_factory=list)
    #: (path, exception, traceback text)
    errors: list[tuple[str, BaseException, str]] = field(default_factory=list)
    #: the store's ImportRecord of each stored result (``duplicate`` when seen before)
    records: list[Any] = field(default_factory=list)


def load_files(
    paths: list[str],
    mappings: dict[str, Any],
    mapping_store: Any,
    repository: Optional[DataRepository],
    progress: Callable[[int, int, str], None],
    should_cancel: Callable[[], bool],
) -> ImportBatch:
    """Read each file and keep it in the store (worker thread). A bad file does not stop the others.

    Reading takes the first 80 % of each file's share of the bar, storing the rest.
    """
    from ..core.importers.isolated import ReaderProcess

    batch = ImportBatch()
    n = len(paths)
    # Files are parsed in a child process: a reader that aborts (native code) or runs out of memory
    # costs that file an error naming it, never the window; cancel kills the child.
    with ReaderProcess() as reader:
        _load_each(paths, mappings, mapping_store, repository, progress, should_cancel, reader, batch, n)
    progress(1, 1, "")
    return batch


def _load_each(paths, mappings, mapping_store, repository, progress, should_cancel, reader, batch, n) -> None:
    for i, path in enumerate(paths):
        name = os.path.basename(path)

        def sub_progress(done: int, total: int, text: str = "", i=i, name=name, lo=0.0, hi=0.8) -> None:
            # each file gets an equal share of the bar
            frac = lo + (hi - lo) * ((done / total) if total else 0.0)
            progress(int(1000 * (i + frac)), 1000 * n, f"{name}: {text}" if text else name)

        def store_progress(done: int, total: int, text: str = "", i=i, name=name) -> None:
            sub_progress(done, total, text, i, name, 0.8, 1.0)

        if should_cancel():
            raise ImportCancelled()
        sub_progress(0, 1)
        mapping = mappings.get(path)
        try:
            # without a mapping the registry recognises the file, or uses one remembered in the store
            result = reader.load_file(path, sub_progress, should_cancel, mapping, store=mapping_store)
            if repository is not None:
                batch.records.append(repository.import_result(result, store_progress, should_cancel))
        except ImportCancelled:
            raise
        except UnrecognisedFormat as exc:
            batch.unrecognised.append((path, exc))
            continue
        except Exception as exc:  # one broken file is reported, the others still load
            batch.errors.append((path, exc, traceback.format_exc()))
            continue
        batch.results.append(result)


def compute_results(
    repository: DataRepository,
    start: Optional[dt.date],
    end: Optional[dt.date],
    settings: ModelSettings,
    progress: Callable[[int, int, str], None],
    should_cancel: Callable[[], bool],
    shops: Optional[list] = None,
    on_range: Optional[Callable[[dict[str, Any]], None]] = None,
) -> dict[str, Any]:
    """Read the range (of ``shops``, "platform:name" keys; None or [] = all), run the model, mark handled rows, keep levels, trends (worker thread).

    Agent and shop figures come from the range alone; the customer archive and the order checks
    also see a year of earlier paid orders (an order paid last week may still be unshipped today,
    a returning buyer's first order may be months old): see core.store.ranged.compute_range.
    ``on_range`` gets the range's own figures first (the same dict, results marked ``history_pending``)
    when a history run follows, so they can be shown while the history is read.
    """
    shops = list(shops) if shops else None
    dataset = repository.dataset(start, end, shops=shops)
    if should_cancel():
        raise ImportCancelled()
    early = None if on_range is None else (lambda r: on_range(_with_trends(r, dataset)))
    results = repository.compute_range(start, end, settings, progress, should_cancel, dataset=dataset,
                                       shops=shops, on_range=early)
    return _with_trends(results, dataset)


def _with_trends(results: Any, dataset: Any) -> dict[str, Any]:
    """What the window shows of one run: the results, the dataset, the daily trends and week over week."""
    out: dict[str, Any] = {"results": results, "trends": None, "wow": None, "dataset": dataset}
    try:
        from ..core import trends as trends_mod

        out["trends"] = trends_mod.daily_trends(results)
        out["wow"] = trends_mod.week_over_week(out["trends"], results.as_of)
    except Exception:  # trends are a nicety; a failure must not hide the day's results
        out["trends_error"] = traceback.format_exc()
    return out


def sample_paths(written: Any, target: Path) -> list[str]:
    """The files write_sample produced (it may return a list, a dict or nothing)."""
    if isinstance(written, dict):
        items = list(written.values())
    elif isinstance(written, (list, tuple)):
        items = list(written)
    else:
        items = []
    paths = [str(p) for p in items if isinstance(p, (str, os.PathLike)) and os.path.isfile(p)]
    if not paths:
        paths = sorted(str(p) for p in Path(target).iterdir()
                       if p.is_file() and p.suffix.lower() in (".csv", ".xlsx", ".txt"))
    return paths


def drill_frame(results: Any, agent: str, kpi: str, day: Any = None) -> tuple[pd.DataFrame, str]:
    """The rows behind one agent's figure (on one day, or all), and a title for the list."""
    from ..core.model import kpis

    try:
        frame = kpis.drill_down(results, agent, kpi, day)
        return frame, f"{agent} · {kpi}"
    except KeyError:
        pass  # a figure the model has no list for: fall back to the nearest list below
    order_kpis = {"ordering_buyers", "paying_buyers", "same_day_paying_buyers", "conversion_rate", "sales",
                  "aov", "items", "items_per_buyer", "price_per_item", "refund_orders", "refund_rate",
                  "refund_amount", "refund_amount_rate"}
    turn_kpis = {"turns", "unanswered_turns", "reply_rate", "slow_turns", "response_mean_s",
                 "response_median_s", "response_p90_s"}
    if kpi in order_kpis:
        frame = results.attribution
        frame = frame[frame["agent"] == agent]
        if kpi in ("paying_buyers", "conversion_rate", "sales", "aov"):
            frame = frame[frame["is_paid"].astype(bool)]
        elif kpi in ("refund_orders", "refund_rate", "refund_amount", "refund_amount_rate"):
            frame = frame[frame["refund_amount"] > 0]
    elif kpi in turn_kpis:
        frame = results.turns
        frame = frame[frame["agent"] == agent]
        if kpi == "slow_turns":
            frame = frame[frame["slow"].astype(bool)]
        elif kpi == "unanswered_turns":
            frame = frame[~frame["answered"].astype(bool)]
    else:
        frame = results.conversations
        frame = frame[frame["agent"] == agent]
    return frame.reset_index(drop=True), f"{agent} · {kpi}"
