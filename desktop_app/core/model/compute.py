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
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
import time
from typing import Iterator, Optional

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..progress import CancelFn, ProgressFn, Reporter
from . import checks as checks_mod
from . import customers as customers_mod
from .attribution import attribute_orders, find_reminders, order_buyer_codes, orders_by_buyer
from .conversations import build_conversations_full
from .keys import buyer_codes, order_keys, prepared_keys
from .kpis import (add_check_counts, add_team_conversion, agent_tables, paying_buyers, product_refunds, shop_tables,
                   sorted_responses)
from .quality_stage import run_quality
from .results import Results
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


# ---- allocator -------------------------------------------------------------------------------------
# The model makes many short-lived arrays of millions of rows (40 MB for 5 M int64). glibc hands every
# block above its mmap threshold (at most 32 MB by default) straight back to the kernel when freed, so
# each new temporary costs ~10,000 page faults to map fresh zeroed memory: a third of this layer's
# time at full size (measured with os.times: system time 2.1 s of 5.4 s). While compute() runs, glibc
# is told to keep large blocks in its heap and reuse them (mmap threshold raised). Afterwards the mmap
# threshold goes back (allocations outside the model are mapped and unmapped as usual) but the heaps
# the run grew are not trimmed, so the next run - a changed setting or date range recomputes the same
# data - reuses that memory instead of mapping it again: at full size that was 0.1-0.3 s of page
# faults per later run against 1.4-2.5 s with the memory handed back each time. glibc keeps one heap
# per thread (arena), so what is kept is up to one run's peak per arena the runs used. release_memory()
# sets the trim threshold to what glibc itself reaches once a process has freed large blocks and
# returns the kept memory (malloc_trim); the window calls it after two minutes without a run.
# numpy asks the kernel for transparent huge pages on every array of 4 MB and more (madvise); with the
# common THP setting defrag=madvise each such first touch may stall while the kernel compacts memory
# into 2 MB pages: on the build machine that was 1.4 s of system time in the conversations stage
# alone, against 0.3 s with ordinary pages. numpy's switch for it is turned off for the same span.
# Elsewhere (Windows, macOS, musl) this is a no-op.

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc <malloc.h>
#: while computing: keep blocks up to 1 GiB in the heap and do not trim it on every free
_HOLD_BYTES = 1 << 30
#: afterwards: glibc's own dynamic thresholds once a process has freed large blocks (32 MiB / 64 MiB)
_MMAP_AFTER, _TRIM_AFTER = 32 << 20, 64 << 20
_alloc_lock = threading.Lock()
_alloc_depth = 0
_hugepage_before = True
#: the trim threshold is raised (by a run, until release_memory): freed heap memory is kept
_held = False


def _set_numpy_hugepage(enabled: bool) -> Optional[bool]:
    """numpy's madvise-hugepage switch (returns the previous value); None when numpy has none."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # numpy moved it: leave numpy as it is
        return None
    return bool(_set_madvise_hugepage(enabled))


def _glibc():
    """glibc's mallopt/malloc_trim, or None (other C libraries and platforms)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


@contextlib.contextmanager
def reuse_large_blocks() -> Iterator[None]:
    """Within the block, glibc reuses freed large arrays instead of unmapping them (see above).

    Nested or concurrent uses are counted; the mmap threshold and numpy's huge-page advice go back
    when the last one leaves. The raised trim threshold stays (the next run reuses the heap) until
    release_memory().
    """
    global _alloc_depth, _hugepage_before, _held
    libc = _glibc()
    if libc is None:
        yield
        return
    with _alloc_lock:
        _alloc_depth += 1
        if _alloc_depth == 1:
            libc.mallopt(_M_MMAP_THRESHOLD, _HOLD_BYTES)
            if not _held:
                libc.mallopt(_M_TRIM_THRESHOLD, _HOLD_BYTES)
                _held = True
            before = _set_numpy_hugepage(False)
            _hugepage_before = True if before is None else before
    try:
        yield
    finally:
        with _alloc_lock:
            _alloc_depth -= 1
            if _alloc_depth == 0:
                libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_AFTER)
                if _hugepage_before:
                    _set_numpy_hugepage(True)


def release_memory() -> bool:
    """Give the memory the model runs kept back to the system (glibc; a no-op elsewhere).

    Returns False, doing nothing, while a run is in progress (it still uses the memory).
    """
    global _held
    libc = _glibc()
    if libc is None:
        return True
    with _alloc_lock:
        if _alloc_depth:
            return False
        if _held:
            libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_AFTER)
            _held = False
        libc.malloc_trim(0)
        return True


def data_as_of(dataset: Dataset) -> Optional[pd.Timestamp]:
    """The newest timestamp in the data (order created/paid/shipped, message time), or None."""
    newest = []
    for frame, cols in ((dataset.orders, ("created", "paid", "shipped")), (dataset.messages, ("time",))):
        for c in cols:
            if c in frame and len(frame):
                v = pd.to_datetime(frame[c], errors="coerce").max()
                if pd.notna(v):
                    newest.append(pd.Timestamp(v))
    return max(newest) if newest else None


def resolve_as_of(dataset: Dataset, settings: ModelSettings) -> pd.Timestamp:
    """``settings.as_of`` when set, else the newest timestamp in the data (else now, for empty data)."""
    if settings.as_of:
        return pd.Timestamp(settings.as_of)
    found = data_as_of(dataset)
    return found if found is not None else pd.Timestamp.now().floor("s")


def _restrict(dataset: Dataset, as_of: pd.Timestamp, explicit: bool):
    """With an explicit as-of earlier than the data, read the data as it was then.

    Messages after as-of are dropped, orders created after it are dropped, and a payment after it
    does not count yet (for the KPIs; the order checks get the orders as exported, minus the future).
    """
    orders, messages, lines = dataset.orders, dataset.messages, dataset.lines
    kpi_orders = orders
    if explicit:
        # nothing later than as-of (the usual case): the frames stay the same objects, so prepared
        # keys still fit them
        if len(messages):
            keep = (pd.to_datetime(messages["time"]) <= as_of).to_numpy()
            if not keep.all():
                messages = messages.loc[keep]
        if len(orders):
            keep = (~(pd.to_datetime(orders["created"]) > as_of)).to_numpy()
            if not keep.all():
                orders = orders.loc[keep]
            paid = pd.to_datetime(orders["paid"])
            late = (paid > as_of).to_numpy()
            kpi_orders = orders
            if late.any():
                kpi_orders = orders.copy()
                kpi_orders.loc[late, "paid"] = pd.NaT
    return orders, kpi_orders, messages, lines


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
        timings["conversations"] = time.perf_counter() - t0

        t0 = stage(1)
        attribution, reminders, consulted, codes = _attribute(kpi_orders, conversations, turns, agent_messages,
                                                              settings, codes, side.wait("by_buyer", rep))
        timings["attribution"] = time.perf_counter() - t0

        t0 = stage(2)
        responses = sorted_responses(turns)  # one sort of the response times for agent and shop medians
        agents, agent_days = agent_tables(conversations, turns, attribution, reminders, settings, responses)
        timings["agents"] = time.perf_counter() - t0

        t0, c0 = time.perf_counter(), time.thread_time()
        quality, agents, quality_missing = run_quality(messages, kpi_orders, conversations, agent_messages,
                                                       attribution, agents, settings, as_of, codes)
        timings["quality"] = time.perf_counter() - t0
        timings["quality_cpu"] = time.thread_time() - c0  # this thread's CPU: the stage alone (benchmark)

        # the shop figures but the check counts, while the order checks may still be running
        t0 = time.perf_counter()
        shop, shop_days = shop_tables(kpi_orders, consulted, attribution, conversations, turns, None, codes,
                                      responses, side.wait("paying", rep))
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
    add_team_conversion(shop, shop_days, agents, agent_days)
    timings["shop"] += time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_all
    rep.progress(total, total, "完成 Done")

    return Results(
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
        quality=quality,
        workload=workload,
        unavailable=quality_missing + ([] if workload is not None
                                       else [Unavailable("staffing", "no_chats_in_range")]),
    )


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


def _attribution_codes(o_codes: np.ndarray, names: pd.Index) -> np.ndarray:
    """Order buyer codes for attribution: -1 for an order without a buyer id."""
    empty = np.flatnonzero(np.asarray(names, dtype=object) == "")
    out = o_codes.copy()
    if len(empty):
        out[out == empty[0]] = -1
    return out


def _conversations(messages, orders, settings):
    m_codes, o_codes, names = buyer_codes(messages, orders)
    conversations, turns, agent_messages = build_conversations_full(messages, settings, m_codes, names)
    return conversations, turns, agent_messages, _attribution_codes(o_codes, names)


def _attribute(orders, conversations, turns, agent_messages, settings, codes=None, by_buyer=None):
    """Attribution, reminders and silent/inquiry flags, hashing the order buyers only once.

    ``by_buyer``: orders_by_buyer(codes), when worked out already (compute()'s order thread does).
    """
    if codes is None:
        codes = order_buyer_codes(orders, agent_messages.buyer_categories)
    if by_buyer is None:
        by_buyer = orders_by_buyer(codes)  # one sort of the orders by buyer, walked by all three probes
    # attribution answers consulted_orders on the way (the same probe): one pass over the orders less
    consulted = np.zeros(len(orders), dtype=bool)
    attribution = attribute_orders(orders, conversations, turns, settings, buyer_codes=codes,
                                   by_buyer=by_buyer, consulted_out=consulted)
    reminders = find_reminders(orders, agent_messages, settings, buyer_codes=codes, by_buyer=by_buyer)
    return attribution, reminders, consulted, codes


def compute_kpis_only(dataset: Dataset, settings: ModelSettings = DEFAULT_SETTINGS) -> dict:
    """Conversations, attribution and agent/shop KPIs without the order checks and customers.

    For tests and the benchmark of this layer alone; compute() is the real entry point.
    """
    with reuse_large_blocks():
        return _compute_kpis_only(dataset, settings)


def _compute_kpis_only(dataset: Dataset, settings: ModelSettings) -> dict:
    as_of = resolve_as_of(dataset, settings)
    orders, kpi_orders, messages, lines = _restrict(dataset, as_of, bool(settings.as_of))
    conversations, turns, agent_messages, codes = _conversations(messages, kpi_orders, settings)
    attribution, reminders, consulted, codes = _attribute(kpi_orders, conversations, turns, agent_messages,
                                                          settings, codes)
    responses = sorted_responses(turns)
    agents, agent_days = agent_tables(conversations, turns, attribution, reminders, settings, responses)
    shop, shop_days = shop_tables(kpi_orders, consulted, attribution, conversations, turns, {}, codes,
                                  responses)
    add_team_conversion(shop, shop_days, agents, agent_days)
    return dict(as_of=as_of, conversations=conversations, turns=turns, attribution=attribution,
                reminders=reminders, agents=agents, agent_days=agent_days, shop=shop, shop_days=shop_days,
                consulted=np.asarray(consulted))
