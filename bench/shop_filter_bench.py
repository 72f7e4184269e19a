"""What choosing a shop costs a recompute read from the history store (beside recompute_bench.py).

    python3 bench/shop_filter_bench.py                       # 50,000 orders, 200,000 messages per shop
    python3 bench/shop_filter_bench.py --orders 20000 --messages 80000
    python3 bench/shop_filter_bench.py --quick                # a smoke run

Two stores in a temporary folder: "one" holds shop A only (sample.generate_frames); "two" holds shop A
and a shop B of the same size (the same data under other ids, buyers and agents). For the last 30 days,
``compute_range`` (read the range and its year of history from the database, two model runs) is timed:

- store "one", all shops (the baseline: what a recompute cost before shops existed);
- store "one", ``shops=[A]`` (the filter itself, on the same rows);
- store "two", ``shops=[A]`` (the filter skipping the other shop's rows: same figures as the baseline).

The database reads alone (the range and the range with its history) are timed the same way: the filter's
own cost, without the model's run-to-run noise. ``--runs`` rounds (default 15), each case once per round in a
shuffled order; each case's median seconds and the median and quartiles of its per-round ratio to the baseline
(the goal, issue 12: the filter's ratio ≤ 1.10), in CPU seconds of this process and in wall seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's desktop_app

from desktop_app.core.importers.base import KIND_CHATS, KIND_ORDERS, ImportResult
from desktop_app.core.sample import generate_frames
from desktop_app.core.store import Store, compute_range


def _import(store: Store, folder: Path, tag: str, orders, lines, messages, inventory) -> None:
    store.import_result(ImportResult(path=str(folder / f"{tag}_orders.csv"), kind=KIND_ORDERS, format_id="bench",
                                     format_label="bench", orders=orders, lines=lines, inventory=inventory,
                                     rows_read=len(orders)))
    store.import_result(ImportResult(path=str(folder / f"{tag}_chats.csv"), kind=KIND_CHATS, format_id="bench",
                                     format_label="bench", messages=messages, rows_read=len(messages)))


def _other_shop(orders, lines, messages):
    """The same data as shop B: other order ids, buyers, agents and shop name."""
    shop = "乙店"
    o = orders.assign(order_id="B" + orders["order_id"].astype(str), buyer="B" + orders["buyer"].astype(str), shop=shop)
    ln = lines.assign(order_id="B" + lines["order_id"].astype(str))
    agent = messages["agent"].astype(str).str.split(":", n=1).str[-1]
    m = messages.assign(buyer="B" + messages["buyer"].astype(str), agent=shop + ":" + agent, shop=shop)
    return o, ln, m


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=50_000)
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--runs", type=int, default=15, help="rounds (default 15)")
    ap.add_argument("--quick", action="store_true", help="5,000 orders, 20,000 messages, 5 rounds")
    args = ap.parse_args(argv)
    if args.quick:
        args.orders, args.messages, args.runs = 5_000, 20_000, 5

    orders, lines, messages, inventory = generate_frames(args.orders, args.messages)
    b_orders, b_lines, b_messages = _other_shop(orders, lines, messages)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Store(tmp / "one.sqlite3") as one, Store(tmp / "two.sqlite3") as two:
            _import(one, tmp, "a", orders, lines, messages, inventory)
            _import(two, tmp, "a", orders, lines, messages, inventory)
            _import(two, tmp, "b", b_orders, b_lines, b_messages, None)
            shop_a = one.shop_ids([orders["shop"].iloc[0]])
            shop_a2 = two.shop_ids([orders["shop"].iloc[0]])
            end = one.date_range()[1]
            start = end - timedelta(days=args.days - 1)
            cases = {
                "one store, all shops (baseline)": lambda: compute_range(one, start, end, update_levels=False),
                "one store, shops=[A]": lambda: compute_range(one, start, end, update_levels=False, shops=shop_a),
                "two shops, shops=[A]": lambda: compute_range(two, start, end, update_levels=False, shops=shop_a2),
            }
            figures = {name: {k: None if v != v else v for k, v in fn().shop.items()} for name, fn in cases.items()}
            same = all(figures[n] == figures["one store, all shops (baseline)"] for n in figures)
            times = _interleaved(cases, args.runs)
            reads = {
                "read only, one store, all shops (baseline)": lambda: (one.dataset(start, end),
                                                                       one.dataset(start, end, history_days=365)),
                "read only, one store, shops=[A]": lambda: (one.dataset(start, end, shops=shop_a),
                                                            one.dataset(start, end, history_days=365, shops=shop_a)),
                "read only, two shops, shops=[A]": lambda: (two.dataset(start, end, shops=shop_a2),
                                                            two.dataset(start, end, history_days=365, shops=shop_a2)),
            }
            read_times = _interleaved(reads, args.runs)
            print(f"{args.orders:,} orders and {args.messages:,} messages per shop; range {start} .. {end}; "
                  f"the same figures in all three: {same}; {args.runs} rounds, each case once per round in a "
                  f"shuffled order")
            _print(times, "one store, all shops (baseline)")
            _print(read_times, "read only, one store, all shops (baseline)")
    return 0


def _interleaved(cases: dict, runs: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of each case, ``runs`` rounds; each round runs every case once, in a shuffled
    order (a busy neighbour slows a round, not one case)."""
    rnd = random.Random(1)
    times = {name: [] for name in cases}
    for _ in range(max(1, runs)):
        order = list(cases)
        rnd.shuffle(order)
        for name in order:
            t0, c0 = time.perf_counter(), time.process_time()
            cases[name]()
            times[name].append((time.perf_counter() - t0, time.process_time() - c0))
    return times


def _print(times: dict[str, list[tuple[float, float]]], baseline: str) -> None:
    """Median seconds, and the median of the per-round ratios to the baseline with their spread (the
    25th..75th percentile): a round's ratio compares runs seconds apart, under the same load. CPU time
    (this process's) first: on a shared machine wall time mostly measures the neighbours."""
    for k, what in ((1, "CPU"), (0, "wall")):
        base = np.asarray([t[k] for t in times[baseline]])
        for name, ts in times.items():
            ts = np.asarray([t[k] for t in ts])
            lo, mid, hi = np.percentile(ts / base, [25, 50, 75])
            print(f"{what:4s} {name}: median {np.median(ts):.3f} s (min {ts.min():.3f}, max {ts.max():.3f}); "
                  f"ratio to the baseline: median {mid:.3f}x (quartiles {lo:.3f}..{hi:.3f})")


if __name__ == "__main__":
    sys.exit(main())
