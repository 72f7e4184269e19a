"""Removing an import from a big history store, against importing the same data in the same run.

    python3 bench/store_bench.py                 # store of 1,000,000 orders; remove 50,000 orders + 200,000 messages
    python3 bench/store_bench.py --base-orders 200000 --base-messages 200000   # a quicker look
    python3 bench/store_bench.py --quick         # a smoke run (100,000 orders; remove 5,000 + 20,000)
    python3 bench/store_bench.py --engine both [--quick]   # SQLite and PostgreSQL: import and a month's read
                                                           # (bench/store_engine_bench.py)

The base store (sample.generate_frames: orders, lines, messages, inventory) is imported into a SQLite
file in a temporary folder. Then one more import - ``--orders`` orders with their lines and
``--messages`` messages, a tenth of its orders (``--overlap``) also in the base store, as a daily
export repeats yesterday's orders - is timed (the baseline), removed (timed: what "Remove import" costs),
put back with undo (timed) and removed again. The figure to read is the removal's time and its ratio to
the import of the same data; the machine is shared, so no thresholds here. The removal's pages go back
into the database file once its undo ends (store/removal_engine.py): the last line times that too.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from desktop_app.core.importers.base import KIND_CHATS, KIND_ORDERS, ImportResult
from desktop_app.core.sample import generate_frames
from desktop_app.core.store import Store


def _result(path: Path, kind: str, **frames) -> ImportResult:
    rows = sum(len(f) for f in frames.values())
    return ImportResult(path=str(path), kind=kind, format_id="bench", format_label="bench", rows_read=rows, **frames)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-orders", type=int, help="default 1,000,000")
    ap.add_argument("--base-messages", type=int, help="default 500,000 (with --engine: 5,000,000)")
    ap.add_argument("--orders", type=int, default=50_000)
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--overlap", type=float, default=0.1, help="share of the import's orders already stored")
    ap.add_argument("--engine", choices=("sqlite", "postgresql", "both"),
                    help="instead: import 1,000,000 orders + 5,000,000 messages and read a month, on these engines")
    ap.add_argument("--quick", action="store_true", help="a smoke run: a tenth of every size (with --engine: 20,000 "
                                                         "orders + 100,000 messages)")
    ap.add_argument("--pg-url", help="with --engine: a PostgreSQL server (default: $DESKTOP_APP_TEST_PG_URL, "
                                     "else a throwaway cluster)")
    args = ap.parse_args(argv)
    if not args.engine:
        args.base_orders, args.base_messages = args.base_orders or 1_000_000, args.base_messages or 500_000
        if args.quick:
            args.base_orders, args.base_messages = args.base_orders // 10, args.base_messages // 10
            args.orders, args.messages = args.orders // 10, args.messages // 10
    if args.engine:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import store_engine_bench as engines

        which = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
        size = (20_000, 100_000) if args.quick else (args.base_orders or 1_000_000, args.base_messages or 5_000_000)
        return engines.bench(which, *size, args.pg_url or engines.pg_url_from_env())

    b_orders, b_lines, b_messages, inventory = generate_frames(args.base_orders, args.base_messages)
    orders, lines, messages, _ = generate_frames(args.orders, args.messages, seed=11)
    # the import's own orders and messages: new ids and buyers, except the overlapping orders,
    # which take the ids of base orders (the same orders in a later state)
    n_overlap = int(args.orders * args.overlap)
    new_ids = "N" + orders["order_id"].astype(str)
    rng = np.random.default_rng(3)
    reused = rng.choice(b_orders["order_id"].to_numpy(dtype=object), size=n_overlap, replace=False)
    ids = new_ids.to_numpy(dtype=object)
    ids[:n_overlap] = reused
    id_map = dict(zip(orders["order_id"], ids))
    orders = orders.assign(order_id=ids)
    lines = lines.assign(order_id=lines["order_id"].map(id_map))
    messages = messages.assign(buyer="N" + messages["buyer"].astype(str))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Store(tmp / "history.sqlite3") as store:
            t0 = time.perf_counter()
            store.import_result(_result(tmp / "base_orders.csv", KIND_ORDERS, orders=b_orders, lines=b_lines,
                                        inventory=inventory))
            store.import_result(_result(tmp / "base_chats.csv", KIND_CHATS, messages=b_messages))
            t_base = time.perf_counter() - t0
            base = store.totals()
            print(f"base store: {args.base_orders:,} orders, {len(b_lines):,} lines, {args.base_messages:,} "
                  f"messages imported in {t_base:.1f} s")

            t0 = time.perf_counter()
            rec_o = store.import_result(_result(tmp / "day_orders.csv", KIND_ORDERS, orders=orders, lines=lines))
            rec_m = store.import_result(_result(tmp / "day_chats.csv", KIND_CHATS, messages=messages))
            t_import = time.perf_counter() - t0
            print(f"import (baseline): {args.orders:,} orders ({n_overlap:,} already stored), {len(lines):,} lines, "
                  f"{args.messages:,} messages: {t_import:.2f} s")
            before = store.totals()

            t0 = time.perf_counter()
            s_o = store.remove_import(rec_o.id)
            t_remove_orders = time.perf_counter() - t0
            t1 = time.perf_counter()
            s_m = store.remove_import(rec_m.id)
            t_remove = time.perf_counter() - t0
            print(f"remove both imports: {t_remove:.2f} s (orders import {t_remove_orders:.2f} s: "
                  f"{s_o['orders_removed']:,} orders removed, {s_o['orders_rebuilt']:,} rebuilt from the base; "
                  f"chat import {time.perf_counter() - t1:.2f} s: {s_m['messages_removed']:,} messages removed)")

            t0 = time.perf_counter()
            store.undo_removal()  # the chat import (the last removal)
            t_undo = time.perf_counter() - t0
            print(f"undo the last removal ({args.messages:,} messages): {t_undo:.2f} s")
            store.remove_import(rec_m.id)
            after = store.totals()
            assert (after["orders"], after["messages"], after["lines"]) == (
                base["orders"], base["messages"], base["lines"]), (after, base)
            assert before["orders"] == base["orders"] + args.orders - n_overlap
            check = sqlite3.connect(store.path)
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
            check.close()
            path = store.path
            t0 = time.perf_counter()
        t_close = time.perf_counter() - t0
        wal = path.with_name(path.name + "-wal")
        print(f"closing the store (the undo ends, the removal's pages go back into the file): {t_close:.2f} s"
              f"{'' if not wal.exists() else f', log left {wal.stat().st_size:,} bytes'}")
        print(f"-> removal takes {t_remove / t_import:.2f}x the import of the same data; store back to "
              f"{after['orders']:,} orders / {after['messages']:,} messages; integrity_check: {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
