"""Headless ``report --json`` with orjson vs the json module, against a raw python-calamine read.

Usage: ``python3 bench/report_bench.py [--rows 50000] [--repeat 3]``

Writes a Taobao 订单报表 xlsx of ``--rows`` orders (import_bench.write_taobao_xlsx), then times, each in
a fresh process (best of ``--repeat``, wall seconds of the whole process, start-up included):
- raw ``python_calamine.load_workbook(p).get_sheet_by_index(0).to_python()`` (the floor),
- ``python -m desktop_app report --orders FILE --json OUT`` writing the JSON with orjson,
- the same with the json module (``report.USE_ORJSON = False``),
and, in this process, the JSON serialisation alone (to_json_dict once, then each writer).
Prints each figure with its ratio to the calamine read of the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

from import_bench import write_taobao_xlsx  # noqa: E402

CALAMINE = ("import sys, python_calamine as c; "
            "c.load_workbook(sys.argv[1]).get_sheet_by_index(0).to_python()")
REPORT = ("import sys; import desktop_app.core.model.report as r; r.USE_ORJSON = sys.argv[1] == '1'; "
          "from desktop_app.__main__ import main; sys.exit(main(['report', '--orders', sys.argv[2], "
          "'--json', sys.argv[3]]))")


def fresh(code: str, *args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def best(n: int, fn) -> float:
    return min(fn() for _ in range(n))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = os.path.join(tmp, "ExportOrderList.xlsx")
        write_taobao_xlsx(xlsx, args.rows)
        out = os.path.join(tmp, "report.json")
        floor = best(args.repeat, lambda: fresh(CALAMINE, xlsx))
        fast = best(args.repeat, lambda: fresh(REPORT, "1", xlsx, out))
        size = os.path.getsize(out)
        slow = best(args.repeat, lambda: fresh(REPORT, "0", xlsx, out))

        from desktop_app.core.dataset import Dataset
        from desktop_app.core.importers.registry import load_file
        from desktop_app.core.model import report
        from desktop_app.core.model.compute import compute

        data = report.to_json_dict(compute(Dataset.from_results([load_file(xlsx)])))
        report.USE_ORJSON = True
        dump_fast = best(args.repeat, lambda: _timed(lambda: report.dumps(data)))
        report.USE_ORJSON = False
        dump_slow = best(args.repeat, lambda: _timed(lambda: report.dumps(data)))
    print(f"{args.rows:,} orders, JSON {size / 2**20:.1f} MiB; best of {args.repeat}, fresh processes")
    print(f"raw calamine read          {floor:7.2f}s  (1.00x)")
    print(f"report --json, orjson      {fast:7.2f}s  ({fast / floor:4.2f}x calamine)")
    print(f"report --json, json module {slow:7.2f}s  ({slow / floor:4.2f}x calamine)")
    print(f"JSON text alone: orjson {dump_fast:.3f}s, json module {dump_slow:.3f}s "
          f"({dump_slow / dump_fast:.1f}x faster with orjson)")
    return 0


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    sys.exit(main())
