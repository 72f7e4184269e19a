"""A big history store for the read and start-up benches, built once into a cache folder.

    python3 bench/big_store.py                      # 1,000,000 orders + 5,000,000 messages over 360 days
    python3 bench/big_store.py --orders 100000 --messages 500000

The data is sample_bench.generate_frames' (one shop, numpy-made), in 60-day slices with their own seeds,
shifted back 60 days each so the store spans ``--days`` (buyers come back across slices; order ids
stay distinct). Each slice is imported as the app imports files (orders with lines, then the chat
log), so the store holds what today's import writes, codes included. The folder is reused while its
``built.txt`` names the same sizes; delete it to build afresh.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from desktop_app.core.importers.base import KIND_CHATS, KIND_INVENTORY, KIND_ORDERS, ImportResult  # noqa: E402
from desktop_app.core.sample_bench import generate_frames  # noqa: E402
from desktop_app.core.store import Store  # noqa: E402

SLICE_DAYS = 60


def default_folder(n_orders: int, n_messages: int, days: int) -> Path:
    return Path(tempfile.gettempdir()) / f"desktop-app-bench-store-{n_orders}-{n_messages}-{days}d"


def _result(name: str, kind: str, **frames) -> ImportResult:
    return ImportResult(path=name, kind=kind, format_id="bench", format_label="bench",
                        rows_read=sum(len(f) for f in frames.values()), **frames)


def _shift(frame: pd.DataFrame, columns, days: int) -> pd.DataFrame:
    delta = pd.Timedelta(days=days)
    return frame.assign(**{c: frame[c] + delta for c in columns})


def build(folder: Path, n_orders: int, n_messages: int, days: int = 360, quiet: bool = False) -> Path:
    """The data folder of a store with these sizes (built unless ``folder`` already holds it)."""
    folder = Path(folder)
    stamp = f"{n_orders} orders, {n_messages} messages, {days} days\n"
    marker = folder / "built.txt"
    if marker.exists() and marker.read_text() == stamp:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("history.sqlite3*"):
        old.unlink()
    slices = max(1, int(days) // SLICE_DAYS)
    t0 = time.perf_counter()
    with Store.open(folder) as store:
        for k in range(slices):
            orders, lines, messages, inventory = generate_frames(n_orders // slices, n_messages // slices,
                                                                 seed=100 + k)
            back = -(slices - 1 - k) * SLICE_DAYS
            # distinct ids per slice, still plain digits (as the platforms' ids are)
            id_map = pd.Series((orders["order_id"].astype(np.int64) + k * 10**12).astype(str).to_numpy(dtype=object),
                               index=orders["order_id"].to_numpy(dtype=object))
            orders = _shift(orders.assign(order_id=id_map.to_numpy(dtype=object)),
                            ("created", "paid", "shipped", "ship_by"), back)
            lines = lines.assign(order_id=id_map.reindex(lines["order_id"].to_numpy(dtype=object)).to_numpy(dtype=object))
            messages = _shift(messages, ("time",), back)
            store.import_result(_result(f"orders_{k}", KIND_ORDERS, orders=orders, lines=lines))
            store.import_result(_result(f"chats_{k}", KIND_CHATS, messages=messages))
            if not quiet:
                print(f"  slice {k + 1}/{slices} imported ({time.perf_counter() - t0:.0f} s)", flush=True)
        store.import_result(_result("inventory", KIND_INVENTORY, inventory=inventory))
    marker.write_text(stamp)
    return folder


def add_store_arguments(ap: argparse.ArgumentParser, quick_help: str) -> None:
    """The big store's options shared by the benches that read it (startup_bench, store_read_bench)."""
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--messages", type=int, default=5_000_000)
    ap.add_argument("--store-days", type=int, default=360, help="the days the store spans")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help=quick_help)
    ap.add_argument("--folder", type=Path, default=None)


def prepared_store(args: argparse.Namespace) -> Path:
    """The store ``args`` name (``--quick``: 60,000 orders, 300,000 messages, 2 repeats), built once and cached."""
    if args.quick:
        args.orders, args.messages, args.repeat = 60_000, 300_000, 2
    folder = args.folder or default_folder(args.orders, args.messages, args.store_days)
    build(folder, args.orders, args.messages, args.store_days)
    return folder


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--messages", type=int, default=5_000_000)
    ap.add_argument("--days", type=int, default=360)
    ap.add_argument("--folder", type=Path, default=None)
    args = ap.parse_args(argv)
    folder = args.folder or default_folder(args.orders, args.messages, args.days)
    t0 = time.perf_counter()
    build(folder, args.orders, args.messages, args.days)
    print(f"{folder}: ready in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
