"""Benchmark of 排班 (staffing): the workload table, a what-if recompute and the shift plan.

    python3 bench/staffing_bench.py                  # 5,000,000 messages (a minute or two incl. generation)
    python3 bench/staffing_bench.py --messages 500000

Each figure is printed beside a baseline measured in the same run (the machine may be shared, so ratios,
not thresholds):

1. workload (core/model/workload.py) on the frames of 5 M messages, beside the conversations stage that
   makes those frames (the model runs it anyway), and beside a plain per-conversation Python version of
   the same per-slot arrivals / handle time / concurrency on a subsample (checked to agree).
2. what-if: staffing_table for a new target (Erlang C over 168 slots, vectorised), beside a plain loop
   that calls the scalar agents_needed per slot.
3. the shift plan for 7 days x 24 hours x 10 templates (scipy milp / HiGHS), beside a greedy heuristic
   (add the template that covers the most remaining need), with both agent counts.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

import numpy as np
import pandas as pd

from desktop_app.core.model.conversations import build_conversations_full
from desktop_app.core.model.erlang import agents_needed
from desktop_app.core.model.kpis import sorted_responses
from desktop_app.core.model.settings import DEFAULT_SETTINGS
from desktop_app.core.model.shift_plan import coverage_matrix, shift_plan
from desktop_app.core.model.staffing import staffing_table
from desktop_app.core.model.workload import build_workload, concurrency

NS = 1_000_000_000


def best_of(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def plain_workload(conversations: pd.DataFrame) -> tuple[dict, dict, float]:
    """Per-conversation Python: arrivals and handle-time sums per (weekday, hour), and the time-weighted
    mean concurrency by walking each agent's conversations minute by minute."""
    arrivals, handle = defaultdict(int), defaultdict(float)
    by_agent = defaultdict(list)
    for agent, fb, end in zip(conversations["agent"].astype(str), conversations["first_buyer_message"],
                              conversations["end"]):
        if pd.isna(fb):
            continue
        key = (fb.weekday(), fb.hour)
        arrivals[key] += 1
        handle[key] += (end - fb).total_seconds()
        by_agent[agent].append((fb.value // NS, end.value // NS))
    busy_seconds = level_seconds = 0
    for spans in by_agent.values():
        open_at = defaultdict(int)
        for a, b in spans:
            for s in range(a, b):  # one second at a time: the plain way
                open_at[s] += 1
        busy_seconds += len(open_at)
        level_seconds += sum(open_at.values())
    return arrivals, handle, level_seconds / busy_seconds if busy_seconds else float("nan")


def greedy_plan(need: np.ndarray, cover: np.ndarray) -> int:
    """Agents a greedy heuristic uses: add the template covering the most remaining need, until none left."""
    total = 0
    for d in range(7):
        left = need[d].copy()
        while (left > 0).any():
            gain = (cover * (left > 0)[:, None]).sum(axis=0)
            j = int(np.argmax(gain))
            left = left - cover[:, j]
            total += 1
    return total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=5_000_000)
    ap.add_argument("--subsample", type=float, default=0.01, help="share of agents' conversations for the plain version")
    args = ap.parse_args(argv)

    from desktop_app.core.sample import generate_frames

    t0 = time.perf_counter()
    _orders, _lines, messages, _inv = generate_frames(10_000, args.messages)
    print(f"data: {len(messages):,} messages (generated in {time.perf_counter() - t0:.1f} s)")

    t0 = time.perf_counter()
    conversations, turns, human = build_conversations_full(messages, DEFAULT_SETTINGS)
    t_conv = time.perf_counter() - t0
    # compute() hands the workload the response times it sorted once for the agent figures
    responses = sorted_responses(turns)
    t_work = best_of(lambda: build_workload(conversations, turns, human, DEFAULT_SETTINGS, responses), 3)
    t_alone = best_of(lambda: build_workload(conversations, turns, human, DEFAULT_SETTINGS), 1)
    w = build_workload(conversations, turns, human, DEFAULT_SETTINGS, responses)
    print(f"\n1. workload on {len(conversations):,} conversations, {len(turns):,} turns, {len(human.time):,} human "
          f"messages: {t_work:.3f} s (best of 3); the conversations stage that makes its inputs: {t_conv:.2f} s "
          f"-> workload = {t_work / t_conv:.1%} of it (called alone, sorting the response times itself: "
          f"{t_alone:.3f} s)")
    print(f"   concurrency measured: mean {w.concurrency_mean:.2f}, P90 {w.concurrency_p90:g}; "
          f"{w.conversations:,} arrivals over {w.first_day:%Y-%m-%d} .. {w.last_day:%Y-%m-%d}")

    # the plain version on a subsample of agents (all their conversations), and the vectorised one on the same
    agents = conversations["agent"].cat.categories
    rng = np.random.default_rng(1)
    pick = set(rng.choice(len(agents), max(1, int(len(agents) * args.subsample)), replace=False).tolist())
    sub = conversations[np.isin(conversations["agent"].cat.codes.to_numpy(), list(pick))]
    sub = sub[sub["first_buyer_message"].notna()]
    t0 = time.perf_counter()
    p_arr, p_handle, p_conc = plain_workload(sub)
    t_plain = time.perf_counter() - t0
    t0 = time.perf_counter()
    fb = sub["first_buyer_message"].to_numpy().view("i8")
    end = sub["end"].to_numpy().view("i8")
    v_conc, _ = concurrency(sub["agent"].cat.codes.to_numpy(), fb // NS * NS, end // NS * NS)
    slot = (sub["first_buyer_message"].dt.day_of_week * 24 + sub["first_buyer_message"].dt.hour).to_numpy()
    v_arr = np.bincount(slot, minlength=168)
    t_vec = time.perf_counter() - t0
    agree = all(v_arr[d * 24 + h] == n for (d, h), n in p_arr.items()) and sum(p_arr.values()) == v_arr.sum()
    agree &= abs(v_conc - p_conc) < 1e-9 or (np.isnan(v_conc) and np.isnan(p_conc))
    print(f"   plain per-conversation Python on {len(sub):,} conversations ({len(pick)} agents): {t_plain:.2f} s; "
          f"vectorised on the same: {t_vec:.4f} s -> {t_plain / max(t_vec, 1e-9):,.0f}x; results agree: {agree}")
    per_row = t_plain / max(len(sub), 1)
    print(f"   (plain extrapolated per conversation to all {w.conversations:,}: ~{per_row * w.conversations:.0f} s)")

    # 2. what-if
    t_whatif = best_of(lambda: staffing_table(w, 0.9, 20, 2.0), 20)
    table = staffing_table(w, 0.9, 20, 2.0)

    def plain_loop():
        return [agents_needed(a, h, 0.9, 20, 2.0) if a > 0 and h > 0 else 0
                for a, h in zip(table["arrivals_per_hour"].fillna(0), table["handle_s"].fillna(0))]
    t_loop = best_of(plain_loop, 3)
    print(f"\n2. what-if (90 % within 20 s, 2 chats per agent; 168 slots, up to {int(table['needed'].max())} agents "
          f"a slot): {1000 * t_whatif:.1f} ms (best of 20); a per-slot loop of the scalar agents_needed: "
          f"{1000 * t_loop:.1f} ms -> {t_loop / t_whatif:.1f}x")

    # 2b. the same in the window: the page redraws the map at once and solves the plan after the edits pause
    try:
        import os
        from types import SimpleNamespace

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from desktop_app.ui.views.staffing import StaffingView

        app = QApplication.instance() or QApplication([])
        view = StaffingView()
        view.set_results(SimpleNamespace(workload=w, settings=DEFAULT_SETTINGS))
        shares = iter(range(60, 99))
        t_page = best_of(lambda: view.share.setValue(next(shares)), 10)
        t_page_plan = best_of(view.update_plan, 3)
        print(f"   the Staffing page: what-if to a redrawn map {1000 * t_page:.1f} ms (best of 10); the shift plan "
              f"that follows when the edits pause {1000 * t_page_plan:.0f} ms")
        view.deleteLater()
        app.processEvents()
    except ImportError as exc:  # no Qt here: the core figures above stand
        print(f"   (the page was not measured: {exc})")

    # 3. shift plan: 7 x 24 needs (a day's double peak, scaled per weekday), 10 templates
    hours = np.arange(24)
    profile = 4 + 18 * np.exp(-((hours - 10.5) / 2.5) ** 2) + 24 * np.exp(-((hours - 20.5) / 2.0) ** 2)
    need = np.rint(np.outer(rng.uniform(0.7, 1.3, 7), profile)).astype(float)
    templates = [(f"{s:02d}:00", f"{(s + 9) % 24:02d}:00") for s in (0, 3, 6, 8, 9, 10, 12, 13, 15)] + [("18:00", "24:00")]
    t_plan = best_of(lambda: shift_plan(need, templates), 3)
    plan = shift_plan(need, templates)
    cover = coverage_matrix(templates)
    t0 = time.perf_counter()
    greedy = greedy_plan(need, cover)
    t_greedy = time.perf_counter() - t0
    print(f"\n3. shift plan, 7 days x 24 h x {len(templates)} templates (needs up to {int(need.max())} agents an hour): "
          f"{t_plan:.3f} s (best of 3), {int(plan['agents'].sum())} agent-shifts a week; a greedy heuristic: "
          f"{t_greedy:.3f} s, {greedy} agent-shifts ({greedy - int(plan['agents'].sum())} more)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
