"""What the store's fault checks and contact minimising cost, as ratios to an import in the same run.

Usage: ``python3 bench/store_faults_bench.py [--orders 200000]``

Builds the benchmark orders (sample.generate_frames) with a made-up receiver on each order (a phone per
order: the worst case for "each distinct value once"), then times in one temporary folder:
- an import with ``keep_full_contacts=True`` (the baseline: no minimising),
- the same import with contacts minimised (the default),
- ``PRAGMA quick_check`` on a fresh connection (run before every import, and on every open),
- opening the store (folder, read-only look with quick_check, migrations and privacy state),
- minimising a store that held full contacts (the one-off pass after an upgrade or switching the
  setting off: UPDATE + VACUUM).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.importers.base import ImportResult  # noqa: E402
from desktop_app.core.sample import generate_frames  # noqa: E402
from desktop_app.core.store import DB_FILE, Store  # noqa: E402
from desktop_app.core.store import open as store_open  # noqa: E402


def _orders(n: int):
    orders = generate_frames(n, 0)[0].copy()
    rng = np.random.default_rng(3)
    orders["receiver_phone"] = np.array([f"13{d:09d}" for d in rng.integers(0, 10**9, size=n)], dtype=object)
    names = np.array([f"测试{chr(0x4e00 + i)}{chr(0x4e10 + i % 50)}" for i in range(2000)], dtype=object)
    orders["receiver_name"] = names[rng.integers(0, len(names), size=n)]
    cities = np.array([f"浙江省测试{i}市西湖区文{i}路{j}号" for i in range(100) for j in range(50)], dtype=object)
    orders["receiver_address"] = cities[rng.integers(0, len(cities), size=n)]
    return orders


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=200_000)
    args = ap.parse_args(argv)
    orders = _orders(args.orders)
    result = ImportResult(path="bench-orders.csv", kind="orders", format_id="bench", format_label="bench",
                          orders=orders, rows_read=len(orders))
    with tempfile.TemporaryDirectory() as tmp:
        full_dir, min_dir = Path(tmp) / "full", Path(tmp) / "minimised"

        def import_into(folder, keep):
            with Store.open(folder, keep_full_contacts=keep) as store:
                store.import_result(result)

        t_full, _ = _timed(lambda: import_into(full_dir, True))
        t_min, _ = _timed(lambda: import_into(min_dir, False))
        t_check, _ = _timed(lambda: store_open.check_damage(min_dir / DB_FILE))
        t_open, _ = _timed(lambda: Store.open(min_dir).close())
        t_pass, _ = _timed(lambda: Store.open(full_dir).close())  # full contacts -> minimised, VACUUM
        size = (min_dir / DB_FILE).stat().st_size
    print(f"{args.orders:,} orders, database {size / 1e6:.0f} MB")
    print(f"  import, full contacts (baseline)   {t_full:7.2f} s  1.00")
    print(f"  import, contacts minimised         {t_min:7.2f} s  {t_min / t_full:.2f}")
    print(f"  quick_check (before each import)   {t_check:7.2f} s  {t_check / t_full:.2f}")
    print(f"  open (look + quick_check)          {t_open:7.2f} s  {t_open / t_full:.2f}")
    print(f"  minimise a full store (one-off)    {t_pass:7.2f} s  {t_pass / t_full:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
