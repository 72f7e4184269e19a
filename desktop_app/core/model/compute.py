"""``compute(dataset, settings)``: the whole model in one call, stage by stage, cancellable.

Stages: buyers hashed once -> conversations -> attribution (and 催付 reminders) -> agent KPIs -> shop
figures on the calling thread, while a second thread runs the order side: the orders sorted by buyer
(attribution waits for it) -> paying buyers per day (the shop figures wait for it) -> the orders' text
keys -> customers -> order checks -> product refunds; the check counts join the shop figures at the
end. A Dataset whose keys were prepared when it was loaded (keys.prepare_keys) skips all the hashing:
the buyers, the orders' keys and the chat log's agents, shops and senders come as integer codes.
Progress goes through ``progress(done, total, text)`` per stage of STAGES; ``should_cancel()`` is
honoured between stages and while waiting for the second thread (ImportCancelled). Each step is timed
into ``Results.timings`` (seconds; the two threads' steps overlap, ``total`` is the wall time).

Beside it: allocator.py (the memory a run keeps), as_of.py (the as-of time and the data as of then),
compute_steps.py (the chat-side steps and compute_kpis_only). The same model as a graph of stages, for
runs that reuse a previous run's outputs: stages.py, partial.compute_incremental.
"""

from __future__ import annotations

import threading
import time
from typing import Optional

import pandas as pd

from ..dataset import Dataset
from ..progress import CancelFn, ProgressFn, Reporter
from . import availability, order_rules
from . import checks as checks_mod
from . import customers as customers_mod
from .allocator import release_memory, reuse_large_blocks  # noqa: F401 - compute.release_memory (the window)
from .as_of import _restrict, data_as_of, resolve_as_of  # noqa: F401 - compute.data_as_of (tests, report)
from .attribution import orders_by_buyer
from .compute_steps import (_attribute, _attribution_codes, _conversations, _label_robots,  # noqa: F401
                            _receptions, compute_kpis_only)
from .conversations import build_conversations_full
from .keys import buyer_codes, order_keys, prepared_keys
from .kpis import (add_check_counts, add_team_conversion, agent_tables, paying_buyers, product_refunds, shop_tables,
                   sorted_responses)
from .money import round_money
from .quality_stage import run_quality
from .results import Results
from .service_figures import add_order_notes, add_service_figures
from .settings import DEFAULT_SETTINGS, ModelSettings
from .unavailable import Unavailable
from .workload import build_workload

#: (key, progress text) of each stage, in order
STAGES = [
    ("conversations", "会话与响应时间 Conversations and response times"),
    ("attribution", "订单归属 Attributing orders"),
    ("agents", "客服绩效 Agent KPIs"),
    ("customers", "客户分层 Customers"),
    ("order_checks", "订单检查 Order checks"),
    ("shop", "店铺指标 Shop figures"),
]


def compute(
    dataset: Dataset,
    settings: ModelSettings = DEFAULT_SETTINGS,
    progress: Optional[ProgressFn] = None,
    should_cancel: Optional[CancelFn] = None,
    previous_levels: Optional[dict] = None,
) -> Results:
    """Run the whole model on ``dataset``; see the module docstring and docs/metrics.md."""
    with reuse_large_blocks():
        return _compute(dataset, settings, progress, should_cancel, previous_levels)


def _compute(dataset, settings, progress, should_cancel, previous_levels) -> Results:
    rep = Reporter(progress, should_cancel)
    total = len(STAGES)
    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    as_of = resolve_as_of(dataset, settings)
    orders, kpi_orders, messages, lines = _restrict(dataset, as_of, bool(settings.as_of))

    side: Optional[_OrderSide] = None

    def stage(i: int) -> float:
        rep.step(i, total, STAGES[i][1])
        if side is not None:
            side.raise_if_failed()  # the order thread failed: stop here, not after the chat stages
        return time.perf_counter()

    t0 = stage(0)
    # chat and order buyers hashed together, once: the codes every later step groups and joins on
    # (or not at all: prepare_keys did it when the data was loaded)
    prepared = prepared_keys(dataset, messages, orders, lines)
    if prepared is not None:
        m_codes, o_raw, names = prepared.message_buyer, prepared.order_buyer, prepared.buyer_names
    else:
        m_codes, o_raw, names = buyer_codes(messages, kpi_orders)
    # issue 11: refunds recorded only on the lines (宝贝报表) count on their orders (same rows, so the
    # codes above still fit); then a paid order with paid amount ≤ 0 and no refund is not a sale
    orders, kpi_orders = order_rules.with_line_refunds(orders, kpi_orders, lines)
    kpi_orders, not_a_sale = order_rules.sales_orders(kpi_orders)
    codes = _attribution_codes(o_raw, names)
    timings["buyers"] = time.perf_counter() - t0

    # The order-side work (the orders' other text keys, customers, order checks, product refunds) needs
    # nothing from the chats: it runs on a second thread while this one builds conversations,
    # attribution, agent and shop figures. Much of it is numpy, which lets go of the interpreter lock,
    # so the second core does real work.
    side = _OrderSide(orders, kpi_orders, lines, dataset.inventory, settings, as_of, previous_levels,
                      (o_raw, names), prepared.order_keys if prepared is not None else None, codes)
    side.start()
    try:
        t0 = time.perf_counter()
        conversations, turns, agent_messages = build_conversations_full(
            messages, settings, m_codes, names, keys=prepared.message_keys if prepared is not None else None)
        # issue 11: chats after the buyer's order are reminder cases; robot accounts stay out of totals
        conversations, h_convs, h_turns, robots = _receptions(conversations, turns, kpi_orders, settings)
        timings["conversations"] = time.perf_counter() - t0

        t0 = stage(1)
        attribution, reminders, consulted, codes = _attribute(kpi_orders, conversations, h_turns, agent_messages,
                                                              settings, codes, side.wait("by_buyer", rep))
        timings["attribution"] = time.perf_counter() - t0

        t0 = stage(2)
        responses = sorted_responses(turns)  # one sort of the response times for agent and shop medians
        agents, agent_days = agent_tables(conversations, turns, attribution, reminders, settings, responses)
        agents, agent_days = _label_robots(agents, robots), _label_robots(agent_days, robots)
        timings["agents"] = time.perf_counter() - t0

        t0, c0 = time.perf_counter(), time.thread_time()
        quality, agents, quality_missing = run_quality(messages, kpi_orders, conversations, agent_messages,
                                                       attribution, agents, settings, as_of, codes)
        timings["quality"] = time.perf_counter() - t0
        timings["quality_cpu"] = time.thread_time() - c0  # this thread's CPU: the stage alone (benchmark)

        # the shop figures but the check counts, while the order checks may still be running
        t0 = time.perf_counter()
        shop, shop_days = shop_tables(kpi_orders, consulted, attribution, h_convs, h_turns, None, codes,
                                      responses if h_turns is turns else sorted_responses(h_turns),
                                      side.wait("paying", rep))
        timings["shop"] = time.perf_counter() - t0

        # 排班 (staffing): from the frames above, while the order thread may still be busy
        t0 = time.perf_counter()
        workload = build_workload(conversations, turns, agent_messages, settings, responses)
        timings["workload"] = time.perf_counter() - t0

        stage(3)
        customers = side.wait("customers", rep)
        stage(4)
        checks = side.wait("checks", rep)
        refunds = side.wait("refunds", rep)
    finally:
        side.stop()
    timings.update(side.timings)

    t0 = stage(5)
    shop, shop_days = add_check_counts(shop, shop_days, checks)
    add_team_conversion(shop, shop_days, agents, agent_days, attribution)
    # issue 11: shop P90s, answer rates, the counts that explain the order figures
    agents, agent_days, shop_days = add_service_figures(shop, shop_days, agents, agent_days, turns)
    add_order_notes(shop, kpi_orders, not_a_sale, checks, as_of)
    timings["shop"] += time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_all
    rep.progress(total, total, "完成 Done")

    results = Results(
        as_of=as_of,
        settings=settings,
        conversations=conversations,
        turns=turns,
        agents=agents,
        agent_days=agent_days,
        attribution=attribution,
        shop=shop,
        shop_days=shop_days,
        product_refunds=refunds,
        unshipped=checks.get("unshipped", pd.DataFrame()),
        out_of_stock=checks.get("out_of_stock", pd.DataFrame()),
        unpaid=checks.get("unpaid", pd.DataFrame()),
        customers=customers,
        problems=list(dataset.problems),
        timings=timings,
        reminders=reminders,
        refund_pending=checks.get("refund_pending", pd.DataFrame()),
        quality=quality,
        workload=workload,
        unavailable=quality_missing + ([] if workload is not None
                                       else [Unavailable("staffing", "no_chats_in_range")]),
    )
    availability.apply(results, orders, messages)  # figures the inputs cannot support (issue 11)
    round_money(results)  # money to the cent in every output (issue 11)
    return results


#: run the order-side stages on a second thread (the benchmark turns it off to compare)
ORDER_STAGES_ON_THREAD = True


class _OrderSide:
    """The orders by buyer, the orders' keys, customers, paying buyers, order checks and product refunds,
    on a thread of their own.

    ``wait(name, rep)`` returns one result as soon as it is ready (re-raising the thread's error) and
    keeps honouring the caller's cancel requests while it waits; ``raise_if_failed()`` lets the caller
    stop early when this thread has failed; ``stop()`` asks the thread to stop after its current step
    and waits for it, so nothing runs on after compute() has returned. With ORDER_STAGES_ON_THREAD off
    (read once, here) the same steps run on the caller's thread in ``start()``.
    """

    _POLL_S = 0.05
    #: result name -> its key in Results.timings
    _TIMING_KEYS = {"checks": "order_checks", "keys": "order_keys", "by_buyer": "orders_by_buyer",
                    "paying": "paying_buyers"}

    def __init__(self, orders, kpi_orders, lines, inventory, settings, as_of, previous_levels, buyers,
                 keys=None, attribution_codes=None):
        # shallow copies: each thread has DataFrame objects of its own (pandas keeps caches on them);
        # the column arrays underneath are shared and only ever read, by both threads
        self._args = (orders.copy(deep=False), kpi_orders.copy(deep=False), lines.copy(deep=False),
                      inventory.copy(deep=False) if inventory is not None else None,
                      settings, as_of, previous_levels, buyers, keys, attribution_codes)
        self._threaded = ORDER_STAGES_ON_THREAD
        self._results: dict = {}
        self._error: Optional[BaseException] = None
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self.timings: dict[str, float] = {}
        self._thread = threading.Thread(target=self._run, name="model-orders", daemon=True)

    def start(self) -> None:
        if self._threaded:
            self._thread.start()
        else:
            self._steps()  # errors (and Ctrl+C) reach the caller directly

    def _put(self, name: str, value, t0: float) -> None:
        with self._changed:
            self.timings[self._TIMING_KEYS.get(name, name)] = \
                time.perf_counter() - t0
            self._results[name] = value
            self._changed.notify_all()

    def _steps(self) -> None:
        (orders, kpi_orders, lines, inventory, settings, as_of, previous_levels, buyers, keys,
         codes) = self._args
        # first what the chat side waits for: the orders grouped by buyer (attribution's probes) and
        # the distinct paying buyers per day (the shop figures), both from the orders alone
        t0 = time.perf_counter()
        self._put("by_buyer", orders_by_buyer(codes), t0)
        if self._stop.is_set():
            return
        t0 = time.perf_counter()
        self._put("paying", paying_buyers(kpi_orders, codes), t0)
        if self._stop.is_set():
            return
        t0 = time.perf_counter()
        # the orders' text keys (the buyers were hashed with the chats'), once for every stage here
        if keys is None:
            keys = order_keys(orders, lines, buyers=buyers)
        self._put("keys", keys, t0)
        if self._stop.is_set():
            return
        t0 = time.perf_counter()
        customers, customer_codes = customers_mod.customer_table_codes(
            orders, settings, as_of, previous_levels=previous_levels, keys=keys)
        self._put("customers", customers, t0)
        if self._stop.is_set():
            return
        t0 = time.perf_counter()
        # customers first: the unpaid list shows each buyer's segment and level
        checks = checks_mod.order_checks(orders, lines, inventory, settings, as_of, customers=customers,
                                         keys=keys, customer_codes=customer_codes)
        self._put("checks", checks, t0)
        if self._stop.is_set():
            return
        t0 = time.perf_counter()
        self._put("refunds", product_refunds(lines, kpi_orders, keys=keys), t0)

    def _run(self) -> None:
        try:
            self._steps()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            with self._changed:
                self._error = exc
                self._changed.notify_all()

    def raise_if_failed(self) -> None:
        with self._changed:
            if self._error is not None:
                raise self._error

    def wait(self, name: str, rep: Reporter):
        with self._changed:
            while name not in self._results:
                if self._error is not None:
                    raise self._error
                if not self._threaded or not self._thread.is_alive():
                    raise RuntimeError(f"the order stages stopped before {name}")
                self._changed.wait(self._POLL_S)
                rep.check()  # raises ImportCancelled; stop() then waits for the thread
            return self._results[name]

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
