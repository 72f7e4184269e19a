"""``compute_incremental(dataset, settings, previous)``: a model run that reuses a previous run's stage
outputs, rerunning only the stages a settings change makes stale (stages.GRAPH).

The window's What-if panel moves a threshold and calls this with the run it kept: moving the slow
threshold reruns the slow-turn marks and counts and the final assembly, not the conversations.
The results equal compute()'s on the same data and settings (tests/core/test_partial_compute.py).

A ``ModelRun`` holds the outputs of every stage (not part of Results: they share arrays with it but are
never changed). It fits only the Dataset it was made from, while that Dataset still holds the same
frames, and the same previous membership levels; otherwise the run starts from scratch.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Optional

import pandas as pd

from ..dataset import Dataset
from ..progress import CancelFn, ProgressFn
from . import availability
from .allocator import reuse_large_blocks
from .money import round_money
from .results import Results
from .settings import DEFAULT_SETTINGS, ModelSettings
from .graph_run import run_stages
from .stage_graph import StageGraph, changed_fields
from .stages import GRAPH, _fresh


@dataclass
class ModelRun:
    """The stage outputs of one run, and what they were made from."""

    settings: ModelSettings
    outputs: dict[str, Any]
    #: weak references to the Dataset and its frames (a run never keeps a dropped Dataset alive)
    _sources: tuple = ()
    previous_levels: Optional[dict] = None
    #: the stages this run executed (the others were reused), in order
    ran: list[str] = field(default_factory=list)
    #: seconds per executed stage, and "total"
    timings: dict[str, float] = field(default_factory=dict)

    def fits(self, dataset: Dataset, previous_levels: Optional[dict]) -> bool:
        """True when this run was made from ``dataset`` as it is now, with these previous levels."""
        if not self._sources:
            return False
        current = _frames(dataset)
        alive = [ref() for ref in self._sources]
        if len(alive) != len(current) + 1:
            return False
        if alive[0] is not dataset or any(a is not b for a, b in zip(alive[1:], current)):
            return False
        return _same_levels(self.previous_levels, previous_levels)


def _frames(dataset: Dataset) -> list:
    return [dataset.orders, dataset.lines, dataset.messages, dataset.inventory, dataset.model_keys]


def _same_levels(a: Optional[dict], b: Optional[dict]) -> bool:
    return a is b or (a or {}) == (b or {})


def _weak(obj):
    """A callable returning ``obj`` while it lives (None afterwards; None itself stays None)."""
    if obj is None:
        return lambda: None
    try:
        return weakref.ref(obj)
    except TypeError:  # an object without weak references: held by the run
        return lambda obj=obj: obj


def compute_incremental(
    dataset: Dataset,
    settings: ModelSettings = DEFAULT_SETTINGS,
    previous: Optional[ModelRun] = None,
    progress: Optional[ProgressFn] = None,
    should_cancel: Optional[CancelFn] = None,
    previous_levels: Optional[dict] = None,
    graph: StageGraph = GRAPH,
    for_moves: bool = True,
    threaded: bool = False,
    milestones: Optional[dict] = None,
    only: Optional[tuple] = None,
) -> tuple[Results, ModelRun]:
    """Results for ``settings``, and the run to pass as ``previous`` next time.

    With a ``previous`` run of the same Dataset only the stages whose settings changed (and their
    dependents) run again; otherwise every stage runs. Cancel (ImportCancelled) between stages leaves
    ``previous`` as it was, still usable. ``for_moves``: the stages keep what makes the next threshold
    move cheap (the What-if panel's runs; compute() passes False). ``threaded``: the order-side stages
    on a second thread (graph_run.py); ``milestones``: see graph_run.run_stages. ``only``: run just the
    stages these need and answer history_results (the order lists and customers; HISTORY_STAGES).
    """
    with reuse_large_blocks():
        return _run(dataset, settings, previous, progress, should_cancel, previous_levels, graph, for_moves,
                    threaded, milestones, only)


#: what compute_range takes from the run over the range with its history: customers and the order lists
HISTORY_STAGES = ("inputs", "customers", "rounded_customers", "checks", "check_counts", "needs")


def _run(dataset, settings, previous, progress, should_cancel, previous_levels, graph, for_moves=True,
         threaded=False, milestones=None, only=None):
    t_all = time.perf_counter()
    if previous is not None and previous.fits(dataset, previous_levels):
        # stages a partial (``only``) run left out are stale too
        missing = [k for k in graph.keys() if k not in previous.outputs and k != "finish"]
        todo = graph.plan(changed_fields(previous.settings, settings), extra_stale=missing)
        outputs = {k: v for k, v in previous.outputs.items() if k not in todo}
    else:
        todo, outputs = graph.keys(), {}
    if only is not None:
        needed = graph.ancestors(only)
        todo = [k for k in todo if k in needed]
    # for_moves: the stages keep what makes the next threshold move cheap (quality's candidate hits);
    # ``fresh``: the stages this run makes anew (a stage kept from the last run is worth more work)
    ctx = SimpleNamespace(dataset=dataset, settings=settings, real_settings=settings,
                          previous_levels=previous_levels, out=outputs, for_moves=for_moves,
                          fresh=set(todo), from_scratch=not outputs)
    timings, cpu = run_stages(graph, todo, ctx, progress, should_cancel, threaded, milestones)
    timings["total"] = time.perf_counter() - t_all
    results = outputs.pop("finish") if only is None else history_results(ctx)
    results.timings = dict(timings)
    results.timings["quality_cpu"] = cpu.get("quality_prep", 0.0) + cpu.get("quality", 0.0)
    if progress is not None and milestones is None:
        progress(1, 1, "")
    run = ModelRun(settings=settings, outputs=outputs, previous_levels=previous_levels, ran=list(todo),
                   timings=timings,
                   _sources=tuple(_weak(x) for x in [dataset] + _frames(dataset)))
    return results, run


def history_results(ctx) -> Results:
    """Results holding only what the run over the range with its history gives compute_range: the
    customers, the order lists and the shop's check counts, made as stages.finish makes them."""
    out = ctx.out
    i, checks = out["inputs"], out["checks"]
    empty = pd.DataFrame()
    results = Results(
        as_of=i.as_of, settings=ctx.real_settings, conversations=empty, turns=empty, agents=empty, agent_days=empty,
        attribution=empty, shop=dict(out["check_counts"][0]), shop_days=None, product_refunds=empty,
        unshipped=_fresh(checks.get("unshipped")), out_of_stock=_fresh(checks.get("out_of_stock")),
        unpaid=_fresh(checks.get("unpaid")), customers=out["rounded_customers"].copy(deep=False),
        refund_pending=_fresh(checks.get("refund_pending")))
    availability.apply(results, i.orders, i.messages, needs=out["needs"])
    round_money(results, rounded=("customers", "attribution", "product_refunds", "agents", "agent_days"))
    return results


class RunCache:
    """The kept runs of the last Datasets computed (the range, and the range with its history), so a
    sequence of settings changes reuses them. ``compute`` has compute()'s signature (store.ranged's
    ``compute_fn``). Not thread-safe: one run at a time (the What-if controller never overlaps them).
    """

    #: runs kept: the range's and the history's
    KEEP = 2

    def __init__(self) -> None:
        self.runs: list[ModelRun] = []
        #: the last run's stages and timings (for the panel's status and the benchmark)
        self.last: Optional[ModelRun] = None
        #: the store's membership levels, read once (forget() when a normal run may have raised them)
        self.levels: Optional[dict] = None

    def compute(self, dataset: Dataset, settings: ModelSettings = DEFAULT_SETTINGS, progress=None,
                should_cancel=None, previous_levels: Optional[dict] = None, only: Optional[tuple] = None
                ) -> Results:
        """compute()'s results (``only``: see compute_incremental; the history run of a range)."""
        previous = next((r for r in self.runs if r.fits(dataset, previous_levels)), None)
        results, run = compute_incremental(dataset, settings, previous, progress, should_cancel, previous_levels,
                                           only=only)
        self.runs = [run] + [r for r in self.runs if r is not previous][: self.KEEP - 1]
        if only is None:
            self.last = run
        return results

    def compute_range_fn(self):
        """A compute_fn for store.ranged.compute_range: the range's run whole, the history's run only for
        what compute_range takes from it (HISTORY_STAGES)."""
        calls = []

        def compute_fn(dataset, settings=DEFAULT_SETTINGS, progress=None, should_cancel=None, previous_levels=None):
            calls.append(1)
            only = None if len(calls) == 1 else HISTORY_STAGES
            return self.compute(dataset, settings, progress, should_cancel, previous_levels, only=only)

        return compute_fn

    def forget(self) -> None:
        self.runs, self.last, self.levels = [], None, None
