"""What showing who and when costs on top of the store's own handled marks, on a real SQLite store.

    python3 bench/mark_stamps_bench.py            # 300,000 unshipped rows, 50,000 marks
    python3 bench/mark_stamps_bench.py --quick    # 30,000 rows, 5,000 marks

Every model run (and F5) applies the stored marks to the order checks. The baseline is
``Store.apply_handled`` (read the marks, flag the rows); the figure is the window's
``DataRepository.apply_handled``, which also joins each mark's note, who and when onto the rows
(ui/mark_stamps.py, pandas merges). Printed as seconds and as a ratio to the baseline measured in the
same run (median of --runs): the machine may be shared, so the ratio is the figure to compare.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from bench_timing import median_seconds  # beside this file
from desktop_app.core.store import Store
from desktop_app.ui.repository import DataRepository


def _results(rows: int) -> SimpleNamespace:
    ids = np.char.add("T", np.arange(rows).astype(str)).astype(object)
    frame = pd.DataFrame({"platform": np.full(rows, "taobao", dtype=object), "order_id": ids,
                          "paid": pd.Timestamp("2026-12-01") + pd.to_timedelta(np.arange(rows) % 86400, "s")})
    return SimpleNamespace(unshipped=frame, out_of_stock=frame.iloc[:0].copy(), unpaid=frame.iloc[: rows // 10].copy(),
                           quality=None)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=300_000)
    p.add_argument("--marks", type=int, default=50_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="30,000 rows and 5,000 marks")
    args = p.parse_args()
    if args.quick:
        args.rows, args.marks = 30_000, 5_000
    folder = Path(tempfile.mkdtemp(prefix="stamps-bench-"))
    with Store.open(folder) as store:
        marked = np.random.default_rng(7).choice(args.rows, size=min(args.marks, args.rows), replace=False)
        now = "2026-12-07 14:03:00"
        with store._tx():
            store._conn.executemany(
                'INSERT INTO handled ("check", platform, order_id, note, who, at) VALUES (?,?,?,?,?,?)',
                [("unshipped", "taobao", f"T{i}", "已催", "Ann", now) for i in marked])
    repository = DataRepository(folder)
    try:
        base = median_seconds(lambda: repository.store.apply_handled(_results(args.rows)), args.runs)
        stamped = median_seconds(lambda: repository.apply_handled(_results(args.rows)), args.runs)
        check = _results(args.rows)
        repository.apply_handled(check)
        assert int((check.unshipped["handled_stamp"] != "").sum()) == len(marked)
    finally:
        repository.close()
    print(f"{args.rows:,} unshipped rows, {len(marked):,} marks (median of {args.runs})")
    print(f"  baseline Store.apply_handled (flags)          {base:7.3f} s  1.00x")
    print(f"  DataRepository.apply_handled (+ who and when) {stamped:7.3f} s  {stamped / base:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
