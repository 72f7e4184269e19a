"""The window's recompute after a settings change, without Qt: a real SQLite store, the last 30 days.

    python3 bench/recompute_bench.py                        # 50,000 orders, 200,000 messages
    python3 bench/recompute_bench.py --orders 200000 --messages 1000000

The data (sample.generate_frames, two months) is imported into a store in a temporary folder through
the window's DataRepository. Then, as the window does for the range on screen (the last 30 days):

- the first run: read the range and the range with its year of history from the database, prepare
  their keys (keys.prepare_keys) and run the model on both (compute_range);
- a recompute with a changed setting (what Settings ▸ OK costs): the kept, prepared Datasets;
- the same recompute with the Datasets' prepared keys dropped (each run hashes the ids itself);
- the same recompute reading the range from the database again (a fresh repository on the same
  store: what every recompute cost before the repository kept Datasets).

Each recompute runs ``--runs`` times (median). Timings are ratios against the read-again baseline
measured in the same process, never thresholds: the machine may be shared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench_timing import median_seconds  # beside this file
from desktop_app.core.importers.base import KIND_CHATS, KIND_ORDERS, ImportResult
from desktop_app.core.model.settings import ModelSettings
from desktop_app.core.sample import generate_frames
from desktop_app.ui.repository import DataRepository


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=50_000)
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--days", type=int, default=30, help="the range on screen: the last N days")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)

    orders, lines, messages, inventory = generate_frames(args.orders, args.messages)
    with tempfile.TemporaryDirectory() as tmp:
        repo = DataRepository(Path(tmp) / "data")
        try:
            t0 = time.perf_counter()
            repo.import_result(ImportResult(path=str(Path(tmp) / "orders.csv"), kind=KIND_ORDERS,
                                            format_id="bench", format_label="bench", orders=orders,
                                            lines=lines, inventory=inventory, rows_read=len(orders)))
            repo.import_result(ImportResult(path=str(Path(tmp) / "chats.csv"), kind=KIND_CHATS,
                                            format_id="bench", format_label="bench", messages=messages,
                                            rows_read=len(messages)))
            t_import = time.perf_counter() - t0
            end = repo.date_range()[1]
            start = end - timedelta(days=args.days - 1)
            settings = ModelSettings()
            changed = settings.replace(slow_threshold_s=5.0)

            t0 = time.perf_counter()
            first = repo.compute_range(start, end, settings)
            t_first = time.perf_counter() - t0
            kept = list(repo._datasets.values())
            print(f"store: {args.orders:,} orders, {len(lines):,} lines, {args.messages:,} messages imported in "
                  f"{t_import:.1f} s; range {start} .. {end}: {len(kept[0].orders):,} orders in the range, "
                  f"{len(first.customers):,} customers with history")
            print(f"first run (read both Datasets, prepare their keys, two model runs): {t_first:.2f} s")

            t_kept = median_seconds(lambda: repo.compute_range(start, end, changed), args.runs)
            reads = repo.reads
            print(f"recompute on the kept Datasets (prepared keys): {t_kept:.2f} s (database reads: {reads})")

            prepared = [ds.model_keys for ds in kept]
            for ds in kept:
                ds.model_keys = None
            t_unprepared = median_seconds(lambda: repo.compute_range(start, end, changed), args.runs)
            for ds, keys in zip(kept, prepared):
                ds.model_keys = keys
            print(f"recompute on the kept Datasets without prepared keys: {t_unprepared:.2f} s")

            def read_again():
                fresh = DataRepository(Path(tmp) / "data")
                try:
                    fresh.compute_range(start, end, changed)
                finally:
                    fresh.close()

            t_read = median_seconds(read_again, args.runs)
            print(f"recompute reading the range again (baseline): {t_read:.2f} s")
            print(f"-> kept Datasets {t_read / t_kept:.1f}x faster than reading again; prepared keys make the "
                  f"recompute {t_unprepared / t_kept:.2f}x faster")
        finally:
            repo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
