"""``compute(dataset, settings)``: the whole model in one call, stage by stage, cancellable.

compute() runs the stage graph (stages.py, stages_agents.py, stages_orders.py) with every stage dirty:
the same run as the What-if panel's partial.compute_incremental, from scratch. The order-side stages
(the orders by buyer, paying buyers, the orders' keys, customers, order checks, product refunds) run on
a second thread while this one builds conversations, attribution, agent and shop figures (graph_run.py).
A Dataset whose keys were prepared when it was loaded (keys.prepare_keys) skips all the hashing: the
buyers, the orders' keys and the chat log's agents, shops and senders come as integer codes.
Progress goes through ``progress(done, total, text)`` per step of STAGES; ``should_cancel()`` is
honoured between stages and while waiting for the second thread (ImportCancelled). Each stage is timed
into ``Results.timings`` (seconds; the two threads' stages overlap, ``total`` is the wall time), with
the STAGES keys as sums of their stages.

Beside it: allocator.py (the memory a run keeps), as_of.py (the as-of time and the data as of then),
compute_steps.py (the chat-side steps as functions, and compute_kpis_only).
"""

from __future__ import annotations

from typing import Optional

from ..dataset import Dataset
from ..progress import CancelFn, ProgressFn
from . import customers as customers_mod  # noqa: F401 - compute.customers_mod (tests patch it)
from .allocator import release_memory, reuse_large_blocks  # noqa: F401 - compute.release_memory (the window)
from .as_of import _restrict, data_as_of, resolve_as_of  # noqa: F401 - compute.data_as_of (tests, report)
from .compute_steps import (_attribute, _attribution_codes, _conversations, _label_robots,  # noqa: F401
                            _receptions, compute_kpis_only)
from .results import Results
from .settings import DEFAULT_SETTINGS, ModelSettings

#: (key, progress text) of each step, in order
STAGES = [
    ("conversations", "会话与响应时间 Conversations and response times"),
    ("attribution", "订单归属 Attributing orders"),
    ("agents", "客服绩效 Agent KPIs"),
    ("customers", "客户分层 Customers"),
    ("order_checks", "订单检查 Order checks"),
    ("shop", "店铺指标 Shop figures"),
]
#: the graph stage at which each step of STAGES is reported, and the stages each step's time sums
_STEP_STAGES = {
    "conversations": ("inputs", ("chats", "robots", "order_gaps", "receptions", "slow_marks", "slow")),
    "attribution": ("attribution_prep", ("attribution_prep", "attribution", "reminder_candidates", "reminders")),
    "agents": ("agents_base", ("responses", "agents_base", "slow_index", "slow_counts", "agent_inquiry",
                               "agent_attribution", "agent_reminders", "agents")),
    "customers": ("customers", ("customers",)),
    "order_checks": ("check_prep", ("check_prep", "unshipped_base", "unshipped", "out_of_stock", "unpaid_base",
                                    "unpaid", "checks")),
    "shop": ("shop_checks", ("shop_base", "shop", "check_counts", "shop_checks", "team", "service", "finish")),
}

#: run the order-side stages on a second thread (the benchmark turns it off to compare)
ORDER_STAGES_ON_THREAD = True


def compute(
    dataset: Dataset,
    settings: ModelSettings = DEFAULT_SETTINGS,
    progress: Optional[ProgressFn] = None,
    should_cancel: Optional[CancelFn] = None,
    previous_levels: Optional[dict] = None,
) -> Results:
    """Run the whole model on ``dataset``; see the module docstring and docs/metrics.md."""
    from .partial import compute_incremental  # the stage graph imports this module's neighbours

    total = len(STAGES)
    milestones = {_STEP_STAGES[key][0]: (i, total, text) for i, (key, text) in enumerate(STAGES)}
    results, _ = compute_incremental(dataset, settings, None, progress, should_cancel, previous_levels,
                                     for_moves=False, threaded=ORDER_STAGES_ON_THREAD, milestones=milestones)
    t = results.timings
    for key, (_, stages) in _STEP_STAGES.items():
        t[key] = sum(t.get(s, 0.0) for s in stages)
    t["buyers"] = t.get("inputs", 0.0)
    if progress is not None:
        progress(total, total, "完成 Done")
    return results
