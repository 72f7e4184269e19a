"""Benchmark of the model layer: 1,000,000 orders and 5,000,000 messages generated in memory.

    python3 bench/kpi_bench.py                 # full size (needs ~4 GB RAM, a few minutes incl. generation)
    python3 bench/kpi_bench.py --scale 0.1     # 100k orders, 500k messages (quick)

It prints, for ``compute()`` on the full data, each stage's wall time, the total wall and CPU time, and
the peak memory. First the ids are hashed once (``prepare_keys``, timed on its own), as the window does
for every Dataset it reads from the store; compute() then runs ``--runs`` times (default 5) on that
Dataset: the first run of a process pays for memory the process has not touched before (on a fresh
virtual machine that is several times dearer than on a machine that has been running a while), the
later ones are what every recompute in the window costs (a changed setting or date range). Two more
runs on a Dataset of the same frames without prepared keys show what a run costs that hashes the ids
itself (the command-line report's single run). prepare_keys and compute() then run once more on a
worker thread, as in the window, while the main thread ticks every 5 ms: the longest gaps are how long
the window's thread would have waited. The order-side stages run on a second thread; one
more run with them on the main thread gives the same-run baseline for that. The comparisons with the
plain version use CPU time of this process (that part of the model is single-threaded, so CPU time is
what the machine would take alone; wall time on a shared machine is not).
Beside it runs a plain per-row Python implementation of the same response-time and attribution rules
(written below: dicts, lists and bisect, one message / order at a time) on a subsample of buyers, and the
vectorised code on the same subsample, checks that both agree, and prints the ratio; the plain time is
also extrapolated per row to the full size (stated as such). Timings are ratios against a baseline
measured in the same run, never thresholds: the machine may be shared.
Last, the quality pass (服务质检): its CPU time inside the compute() runs against the whole run's, and a
plain per-message Python version of the same rules (bench/quality_plain.py) on the same subsample, checked
to find the same hits per rule, with its time extrapolated per message to the full size.
Run it from the repository's top folder with that folder first on the path (PYTHONPATH=.), so that the
checkout's desktop_app is the one measured.
"""

from __future__ import annotations

import argparse
import bisect
import os
import resource
import sys
import time
from collections import defaultdict

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # bench/quality_plain.py beside this file

from desktop_app.core.dataset import Dataset
from desktop_app.core.model.attribution import attribute_orders
from desktop_app.core.model import compute as compute_mod
from desktop_app.core.model.compute import _attribute, _conversations, compute, reuse_large_blocks
from desktop_app.core.model.conversations import build_conversations
from desktop_app.core.model.keys import prepare_keys
from desktop_app.core.model.settings import DEFAULT_SETTINGS

NS = 1_000_000_000


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ---- the plain per-row reference ------------------------------------------------------------------


def plain_turns(messages: pd.DataFrame, settings=DEFAULT_SETTINGS):
    """Per-row Python: (buyer, agent) -> list of (turn_start_s, reply_s or None); same rules as the model."""
    gap = settings.split_gap_s
    per_pair = defaultdict(list)
    for t, buyer, agent, sender, auto in zip(
        messages["time"].to_numpy().view("i8") // NS, messages["buyer"], messages["agent"],
        messages["sender"], messages["auto"],
    ):
        per_pair[(buyer, agent)].append((int(t), sender == "buyer", bool(auto)))
    turns = {}
    for pair, rows in per_pair.items():
        rows.sort(key=lambda r: r[0])
        out = []
        last_t = None
        pending = None  # start of the open buyer turn
        for t, is_buyer, auto in rows:
            new_conv = last_t is None or t - last_t > gap or (t // 86400 != last_t // 86400)
            if new_conv and pending is not None:
                out.append((pending, None))  # the conversation ended without a human reply
                pending = None
            last_t = t
            if is_buyer:
                if pending is None:
                    pending = t
            elif not auto and pending is not None:
                out.append((pending, t))
                pending = None
        if pending is not None:
            out.append((pending, None))
        turns[pair] = out
    return turns


def plain_attribution(orders: pd.DataFrame, turns: dict, settings=DEFAULT_SETTINGS) -> dict:
    """Per-row Python last-touch attribution: order_id -> agent."""
    window = settings.attribution_window_days * 86400
    by_buyer = defaultdict(list)
    for (buyer, agent), ts in turns.items():
        starts = [s for s, _ in ts]
        replies = sorted(r for _, r in ts if r is not None)
        by_buyer[buyer].append((agent, starts, replies))
    out = {}
    for oid, buyer, created in zip(orders["order_id"], orders["buyer"],
                                   orders["created"].to_numpy().view("i8") // NS):
        best = None
        for agent, starts, replies in by_buyer.get(buyer, ()):
            i = bisect.bisect_right(starts, created) - 1
            j = bisect.bisect_right(replies, created) - 1
            if i >= 0 and j >= 0 and starts[i] >= created - window and replies[j] >= created - window:
                if best is None or (starts[i], agent) > best[0]:
                    best = ((starts[i], agent), agent)
        if best is not None:
            out[oid] = best[1]
    return out


def longest_pauses(fn, tick_s: float = 0.005, top: int = 3) -> list[float]:
    """Run ``fn`` on a worker thread (as the window does) while this thread ticks every ``tick_s``:
    the longest gaps between ticks, in seconds. A gap is how long the worker kept Python's interpreter
    lock, i.e. how long the window's thread could not run."""
    import threading

    done = threading.Event()
    failed: list[BaseException] = []

    def work():
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            failed.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=work)
    worker.start()
    gaps, last = [], time.perf_counter()
    while not done.is_set():
        time.sleep(tick_s)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    if failed:
        raise failed[0]
    return sorted(gaps)[-top:][::-1]


# ---- the run ---------------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--messages", type=int, default=5_000_000)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply both sizes (0.1 for a quick run)")
    ap.add_argument("--runs", type=int, default=5, help="compute() runs (the first pays for fresh memory)")
    ap.add_argument("--subsample", type=float, default=0.05,
                    help="share of buyers the plain per-row reference runs on (default 5 %%)")
    args = ap.parse_args(argv)
    n_orders = int(args.orders * args.scale)
    n_messages = int(args.messages * args.scale)

    from desktop_app.core.sample import generate_frames

    t0 = time.perf_counter()
    orders, lines, messages, inventory = generate_frames(n_orders, n_messages)
    t_gen = time.perf_counter() - t0
    rss_data = peak_rss_mb()
    print(f"data: {n_orders:,} orders, {len(lines):,} lines, {n_messages:,} messages "
          f"(generated in {t_gen:.1f} s, peak RSS {rss_data:,.0f} MB)")

    ds = Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)
    # the ids hashed once, as the window does for every Dataset it reads (DataRepository.dataset)
    w0 = time.perf_counter()
    prepare_keys(ds)
    t_prepare = time.perf_counter() - w0
    print(f"prepare_keys (once per loaded dataset: ids, agents, shops and contacts hashed; buyers and orders "
          f"sorted): "
          f"{t_prepare:.2f} s")
    walls = []
    quality_cpus: list[float] = []
    cpus: list[float] = []
    res = None
    for run in range(max(1, args.runs)):
        res = None  # the previous run's results go first, as in the window (one result set at a time)
        w0, c0, os0 = time.perf_counter(), time.process_time(), os.times()
        res = compute(ds)
        t_compute, cpu_compute, os1 = time.perf_counter() - w0, time.process_time() - c0, os.times()
        walls.append(t_compute)
        quality_cpus.append(res.timings.get("quality_cpu", float("nan")))
        cpus.append(cpu_compute)
        rss_after = peak_rss_mb()
        print(f"\ncompute() run {run + 1}{' (first in this process)' if run == 0 else ''}: "
              f"{t_compute:.2f} s wall, {cpu_compute:.2f} s CPU on both threads "
              f"(user {os1.user - os0.user:.2f} s, system {os1.system - os0.system:.2f} s: the system time is "
              "mostly the kernel mapping fresh memory)")
        # after "buyers" the stages overlap: order_keys, customers, order_checks and refunds run on the
        # second thread beside conversations, attribution, agents and shop
        print("  stages (wall s): " + ", ".join(f"{k} {v:.2f}" for k, v in res.timings.items()))
    print(f"\nwhole model: first run {walls[0]:.2f} s"
          + (f", later runs median {float(np.median(walls[1:])):.2f} s (min {min(walls[1:]):.2f} s)"
             if len(walls) > 1 else "")
          + f"; {len(res.conversations):,} conversations, {len(res.turns):,} turns, "
          f"{len(res.attribution):,} attributed orders")
    print(f"peak RSS: {rss_after:,.0f} MB (data alone {rss_data:,.0f} MB, "
          f"model +{rss_after - rss_data:,.0f} MB)")

    # the same data without prepared keys (a Dataset of the same frames): each run hashes the ids
    # itself, as the command-line report's one run does
    res = None
    unprepared = Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)
    cold = []
    for _ in range(2):
        w0 = time.perf_counter()
        res = compute(unprepared)
        cold.append(time.perf_counter() - w0)
    print(f"without prepared keys (the run hashes the ids itself): {cold[-1]:.2f} s "
          f"(buyers {res.timings['buyers']:.2f} s, order keys {res.timings['order_keys']:.2f} s); "
          f"prepare_keys + a run: {t_prepare + float(np.median(walls[1:] or walls)):.2f} s")
    del unprepared

    # responsiveness: the window runs these on a worker thread; its own thread waits while they hold
    # the interpreter lock
    res = None
    fresh = Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)
    p_prep = longest_pauses(lambda: prepare_keys(fresh))
    p_run = longest_pauses(lambda: compute(fresh))
    print("longest pauses of a 5 ms ticker on another thread (the window's): prepare_keys "
          + ", ".join(f"{g:.2f}" for g in p_prep) + " s; compute() " + ", ".join(f"{g:.2f}" for g in p_run) + " s")
    fresh = None  # its memory goes before the next runs

    # same-run baseline for the second thread: the order-side stages on the main thread
    # (run twice, the second counted: the first one grows the main thread's heap, which the runs above
    # left to the second thread's)
    compute_mod.ORDER_STAGES_ON_THREAD = False
    try:
        res = None
        for _ in range(2):
            w0 = time.perf_counter()
            res = compute(ds)
            t_serial = time.perf_counter() - w0
    finally:
        compute_mod.ORDER_STAGES_ON_THREAD = True
    later = float(np.median(walls[1:])) if len(walls) > 1 else walls[0]
    print(f"one thread (order stages on the main thread): {t_serial:.2f} s -> the second thread makes a "
          f"run {t_serial / later:.2f}x faster")

    # CPU time of the vectorised conversations + attribution on the full data (the model is single-
    # threaded, so CPU time is what the machine would take alone; wall time on a shared machine is not)
    # (inside reuse_large_blocks, as compute() runs them; the plain version makes no large arrays)
    c0 = time.process_time()
    with reuse_large_blocks():
        convs_f, turns_f, human_f, codes_f = _conversations(messages, orders, DEFAULT_SETTINGS)
        _attribute(orders, convs_f, turns_f, human_f, DEFAULT_SETTINGS, codes_f)
    cpu_vec_full = time.process_time() - c0
    del convs_f, turns_f, human_f, codes_f

    # ---- plain reference on a subsample of buyers: same rules, same data ----------------------------
    rng = np.random.default_rng(1)
    buyers = pd.unique(messages["buyer"].to_numpy(dtype=object))
    chosen = set(rng.choice(buyers, size=max(1, int(len(buyers) * args.subsample)), replace=False).tolist())
    m_sub = messages.loc[messages["buyer"].isin(chosen).to_numpy()].reset_index(drop=True)
    o_sub = orders.loc[orders["buyer"].isin(chosen).to_numpy()].reset_index(drop=True)

    # the vectorised version first: run after the plain one, it would pay ~2 s of page faults for memory
    # the plain version's millions of live Python objects leave fragmented (not what the app sees)
    with reuse_large_blocks():  # as compute() runs them
        c0 = time.process_time()
        convs, turns = build_conversations(m_sub)
        t_vec_conv = time.process_time() - c0
        c0 = time.process_time()
        v_attr = attribute_orders(o_sub, convs, turns)
        t_vec_attr = time.process_time() - c0

    c0 = time.process_time()
    p_turns = plain_turns(m_sub)
    t_plain_conv = time.process_time() - c0
    c0 = time.process_time()
    p_attr = plain_attribution(o_sub, p_turns)
    t_plain_attr = time.process_time() - c0

    # the two implementations must agree
    n_plain = sum(len(v) for v in p_turns.values())
    answered_plain = sum(1 for v in p_turns.values() for _, r in v if r is not None)
    resp_plain = sum(r - s for v in p_turns.values() for s, r in v if r is not None)
    assert n_plain == len(turns), (n_plain, len(turns))
    assert answered_plain == int(turns["answered"].sum())
    assert abs(resp_plain - float(turns["calendar_response_s"].sum())) < 1e-6 * max(1.0, resp_plain)
    v_map = dict(zip(v_attr["order_id"], v_attr["agent"].astype(str)))
    assert v_map == p_attr, "attribution differs"

    print(f"\nplain per-row reference on {len(chosen):,} buyers ({len(m_sub):,} messages, "
          f"{len(o_sub):,} orders); both agree on every turn and attributed order. CPU seconds:")
    print(f"  response times: plain {t_plain_conv:.2f} s vs vectorised {t_vec_conv:.2f} s "
          f"-> {t_plain_conv / max(t_vec_conv, 1e-9):.1f}x")
    print(f"  attribution:    plain {t_plain_attr:.2f} s vs vectorised {t_vec_attr:.2f} s "
          f"-> {t_plain_attr / max(t_vec_attr, 1e-9):.1f}x")
    per_msg = t_plain_conv / max(len(m_sub), 1)
    per_order = t_plain_attr / max(len(o_sub), 1)
    plain_full = per_msg * n_messages + per_order * n_orders
    print(f"  extrapolated per row to the full size: plain {plain_full:.1f} s CPU "
          f"(conversations + attribution) vs vectorised {cpu_vec_full:.2f} s CPU measured on the full data "
          f"-> {plain_full / max(cpu_vec_full, 1e-9):.1f}x")
    quality_figures(quality_cpus, cpus, m_sub, o_sub, n_messages)
    return 0


def quality_figures(quality_cpus, cpus, m_sub, o_sub, n_messages) -> None:
    """The quality pass (服务质检): its CPU time inside the compute() runs above against the whole run's CPU
    time (both threads), and a plain per-message Python implementation of the same rules
    (bench/quality_plain.py) against the vectorised one on the subsample. CPU time, as above: the machine
    is shared, wall time is not what the code costs."""
    from quality_plain import plain_quality

    q_cpu = float(np.median(quality_cpus[1:] or quality_cpus))
    cpu_run = float(np.median(cpus[1:] or cpus))
    print(f"\nquality pass inside compute() on {n_messages:,} messages: median {q_cpu:.2f} s CPU "
          f"(first run {quality_cpus[0]:.2f} s) = {100 * q_cpu / cpu_run:.0f} % of a whole run's "
          f"{cpu_run:.2f} s CPU (both threads)")
    sub = Dataset(orders=o_sub, lines=o_sub.iloc[:0], messages=m_sub)
    res = compute(sub)
    q_cpu_sub = []
    for _ in range(3):
        res = compute(sub)
        q_cpu_sub.append(res.timings["quality_cpu"])
    q = res.quality
    t_vec = min(q_cpu_sub)  # CPU time of the stage, best of 3
    conv = res.conversations
    ordered = set()
    if len(res.attribution):
        ids = res.attribution["conv_id"].to_numpy(dtype=np.int64)
        ordered = set(zip(conv["buyer"].astype(str).to_numpy()[ids], conv["agent"].astype(str).to_numpy()[ids],
                          (conv["start"].to_numpy().view("i8")[ids] // NS).tolist()))
    c0 = time.process_time()
    plain = plain_quality(m_sub, o_sub, DEFAULT_SETTINGS, pd.Timestamp(res.as_of).value, ordered)
    t_plain = time.process_time() - c0
    vec = q.hits["rule"].astype(str).value_counts().to_dict()
    assert {k: v for k, v in plain.items() if v} == {k: v for k, v in vec.items() if v}, (plain, vec)
    n_hits = sum(plain.values())
    print(f"quality rules, plain per-message Python vs vectorised on {len(m_sub):,} messages ({n_hits:,} hits, "
          f"the same per rule): plain {t_plain:.2f} s CPU vs vectorised {t_vec:.3f} s "
          f"-> {t_plain / max(t_vec, 1e-9):.1f}x; plain extrapolated to {n_messages:,} messages: "
          f"{t_plain * n_messages / max(len(m_sub), 1):.0f} s CPU vs {q_cpu:.2f} s CPU measured -> "
          f"{t_plain * n_messages / max(len(m_sub), 1) / max(q_cpu, 1e-9):.0f}x")


if __name__ == "__main__":
    sys.exit(main())
