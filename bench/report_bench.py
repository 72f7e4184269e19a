"""The headless report as a whole fresh process against a raw python-calamine read of the same file (issue 18).

Usage::

    python3 bench/report_bench.py                 # 50,000 orders, 5 rounds (the goal's measure)
    python3 bench/report_bench.py --repeat 9      # more rounds on a busy machine
    python3 bench/report_bench.py --quick         # 10,000 orders, 3 rounds (a smoke run)
    python3 bench/report_bench.py --profile       # also: where one report's time goes
    python3 bench/import_bench.py --report ...    # the same (the issue names import_bench)

The "headless report" measured is ``python -m desktop_app report --orders FILE --json OUT`` on a Taobao
订单报表 xlsx of ``--rows`` orders (import_bench.write_taobao_xlsx), with no chat log: the floor is a read
of that one file, so the report reads exactly what the floor reads (a chat log would add a second file the
floor does not read). Each round runs, in a shuffled order, each in a fresh process (interpreter start and
imports included, wall seconds):

- (a) ``python -c`` raw ``python_calamine.load_workbook(p).get_sheet_by_index(0).to_python()``: the floor;
- (b) ``python -m desktop_app report --orders FILE --json OUT``;
- (c) the same with ``--xlsx OUT`` too (the Excel daily report);
- (b0) (b) as it ran before: the hostile-file check by its own searches (not xlsx_guard_fast's numpy
  counts) and only once the model's modules are imported (no guard_prefetch);
- (b1) (b) as it ran before the second round (2026-12-08): calamine parsing the workbook only once the model's
  modules are imported (``guard_prefetch.PARSE_EARLY = False``) and the JSON's text columns through clean() per
  cell (``report.USE_TEXT_FAST_PATH = False``); the guard's numpy plain check and column count stay (exact
  equivalents, tests/core/test_xlsx_guard_fast.py);
- (b') (b) with the JSON written by the json module instead of orjson (``report.USE_ORJSON = False``).

Each path's JSON is compared with (b)'s, the run's ``timings`` (seconds) aside: they must be the same bytes,
else the bench says which differ and exits 1. ``--compiled`` lets the processes write and use cached bytecode
(``__pycache__``, as an installed app has): a shell with ``PYTHONDONTWRITEBYTECODE=1`` otherwise compiles every
module of the app in every fresh process (the floor imports no module of the app).

Prints each figure's median seconds and the median (and range) of its per-round ratio to (a) of the same
round, in wall seconds (the goal: (b) ≤ 1.5x (a)) and in CPU seconds of the process (user + system; less
disturbed by a busy machine, but blind to what the report's two threads save by running at once).
``--profile`` then runs one report in a process of its own under cProfile and prints
the seconds of its parts (the hostile-file check, calamine, normalising, compute, JSON, Excel writer) and the
import time of a fresh ``report`` process (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
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
#: the report as it ran before this bench's changes: the guard's own searches, done in turn (no early start)
PREVIOUS = ("import sys; import desktop_app.core.importers.xlsx_guard as g; g.USE_FAST_COUNTS = False; "
            "import desktop_app.core.importers.guard_prefetch as p; p.prefetch = lambda paths: None; "
            "from desktop_app.__main__ import main; sys.exit(main(sys.argv[1:]))")
ROUND_ONE = ("import sys; import desktop_app.core.importers.guard_prefetch as p; p.PARSE_EARLY = False; "
             "import desktop_app.core.model.report as r; r.USE_TEXT_FAST_PATH = False; "
             "from desktop_app.__main__ import main; sys.exit(main(sys.argv[1:]))")
JSON_MODULE = ("import sys; import desktop_app.core.model.report as r; r.USE_ORJSON = False; "
               "from desktop_app.__main__ import main; sys.exit(main(sys.argv[1:]))")


#: the children's environment (``--compiled`` drops PYTHONDONTWRITEBYTECODE)
ENV = dict(os.environ)


def fresh(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of ``python cmd`` in a fresh process (CPU: user + system of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, *cmd], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def rounds(cases: dict, n: int) -> dict[str, list[float]]:
    """Seconds of each case over ``n`` rounds, each round in a shuffled order."""
    rnd = random.Random(18)
    out = {k: [] for k in cases}
    for _ in range(n):
        names = list(cases)
        rnd.shuffle(names)
        for k in names:
            out[k].append(fresh(cases[k]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    ap.add_argument("--quick", action="store_true", help="10,000 orders, 3 rounds")
    ap.add_argument("--profile", action="store_true", help="also show where one report's time goes")
    ap.add_argument("--no-json-module", action="store_true", help="skip (b'), the json module's writer")
    ap.add_argument("--compiled", action="store_true",
                    help="let the processes cache their bytecode (__pycache__), as an installed app does")
    args = ap.parse_args(argv)
    if args.quick:
        args.rows, args.repeat = 10_000, 3
    if args.compiled:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = os.path.join(tmp, "ExportOrderList.xlsx")
        write_taobao_xlsx(xlsx, args.rows)
        out_json, out_xlsx = os.path.join(tmp, "report.json"), os.path.join(tmp, "report.xlsx")

        def report(out: str) -> list[str]:
            return ["-m", "desktop_app", "report", "--orders", xlsx, "--json", os.path.join(tmp, out)]

        cases = {
            "(a) raw calamine read": ["-c", CALAMINE, xlsx],
            "(b) report --json": report("report.json"),
            "(b1) report --json, as in round one": ["-c", ROUND_ONE, *report("round_one.json")[2:]],
            "(b0) report --json, previous guard": ["-c", PREVIOUS, *report("previous.json")[2:]],
            "(c) report --json --xlsx": report("report_xlsx.json") + ["--xlsx", out_xlsx],
        }
        if not args.no_json_module:
            cases["(b') report --json, json module"] = ["-c", JSON_MODULE, *report("json_module.json")[2:]]
        fresh(cases["(a) raw calamine read"])  # the file into the page cache
        fresh(cases["(b) report --json"])  # with --compiled: the bytecode written once
        times = rounds(cases, max(1, args.repeat))
        size = os.path.getsize(out_json)
        print(f"{args.rows:,} orders ({os.path.getsize(xlsx) / 2**20:.1f} MiB xlsx, JSON {size / 2**20:.1f} MiB); "
              f"{args.repeat} rounds of fresh processes, shuffled; {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f} (at the end; {START_LOAD:.2f} at the start); bytecode "
              f"{'cached' if 'PYTHONDONTWRITEBYTECODE' not in ENV else 'compiled in every process'}")
        same = same_json(out_json, [os.path.join(tmp, f) for f in ("round_one.json", "previous.json",
                                                                  "report_xlsx.json")],
                         os.path.join(tmp, "json_module.json"))
        for k, what in ((0, "wall"), (1, "CPU")):
            floor = [t[k] for t in times["(a) raw calamine read"]]
            for name, ts in times.items():
                ts = [t[k] for t in ts]
                ratios = [t / f for t, f in zip(ts, floor)]
                print(f"{what:4s} {name:34s} median {statistics.median(ts):6.2f}s (min {min(ts):5.2f}, max "
                      f"{max(ts):5.2f})  {statistics.median(ratios):4.2f}x the calamine read (rounds "
                      f"{min(ratios):.2f}..{max(ratios):.2f})")
        if args.profile:
            profile(xlsx, out_json, out_xlsx)
    return 0 if same else 1


START_LOAD = os.getloadavg()[0]


def _without_timings(path: str) -> bytes:
    """The JSON file's bytes with its ``timings`` object (seconds of that run) cut out."""
    with open(path, "rb") as fh:
        text = fh.read()
    start = text.find(b'\n  "timings": {')
    end = text.find(b"\n  }", start) + 4
    end += text[end:end + 1] == b","  # the comma after it too: still JSON
    return text[:start] + text[end:] if start >= 0 else text


def same_json(ours: str, others: list[str], json_module: str) -> bool:
    """Whether every other path's JSON is byte for byte (b)'s, ``timings`` aside (the json module's: the same
    values, as it writes some numbers otherwise, 1e-05 for 1e-5); prints the answer."""
    import json

    want = _without_timings(ours)
    differ = [os.path.basename(p) for p in others if os.path.exists(p) and _without_timings(p) != want]
    if os.path.exists(json_module) and json.loads(_without_timings(json_module)) != json.loads(want):
        differ.append(os.path.basename(json_module))
    print(f"JSON of every path the same bytes as (b)'s (timings aside): {'yes' if not differ else 'NO: ' + ', '.join(differ)}")
    return not differ


#: (label, pattern of the profiled function "file:line(name)") for the profile's parts
PARTS = [
    ("report_main, all of it", r"cli\.py:\d+\(report_main\)"),
    ("  read the file (registry.load_file)", r"registry\.py:\d+\(load_file\)"),
    ("    hostile-file check (xlsx_guard.inspect)", r"xlsx_guard\.py:\d+\(inspect\)"),
    ("    calamine parse (get_sheet_by_*, this thread)", r"get_sheet_by_(name|index)"),
    ("    waiting for the early parse (take_parsed)", r"guard_prefetch\.py:\d+\(take_parsed\)"),
    ("    calamine to_python", r"to_python"),
    ("  Dataset.from_results", r"dataset\.py:\d+\(from_results\)"),
    ("  compute", r"compute\.py:\d+\(compute\)"),
    ("  JSON (to_json: dict + orjson)", r"report\.py:\d+\(to_json\)"),
    ("  Excel writer (write_report)", r"report_xlsx\.py:\d+\(write_report\)"),
]


def profile(xlsx: str, out_json: str, out_xlsx: str) -> None:
    import pstats

    code = ("import cProfile, sys; from desktop_app.core.cli import report_main; "
            "cProfile.run('report_main(sys.argv[1:])', sys.argv[0])")
    prof = out_json + ".prof"
    subprocess.run([sys.executable, "-c", code.replace("sys.argv[0]", repr(prof)), "--orders", xlsx,
                    "--json", out_json, "--xlsx", out_xlsx], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    stats = pstats.Stats(prof).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    print("where one report --json --xlsx goes (cProfile, in one process; profiling adds its own cost):")
    for label, pat in PARTS:
        ct = sum(v[3] for (f, line, name), v in stats.items() if re.search(pat, f"{f}:{line}({name})"))
        print(f"  {label:46s} {ct:6.2f}s")
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop_app", "report", "--orders", xlsx,
                          "--json", out_json], cwd=ROOT, capture_output=True, text=True, check=True)
    total, heavy = 0, {}
    for line in res.stderr.splitlines():
        m = re.match(r"import time:\s+-?\d+ \|\s+(\d+) \|( *)(\S+)", line)  # self time may be negative
        if not m:
            continue
        if len(m.group(2)) == 1:  # a top-level import: its cumulative time holds its own imports
            total += int(m.group(1))
        if m.group(3) in HEAVY:
            heavy[m.group(3)] = int(m.group(1))
    named = ", ".join(f"{k} {v / 1e6:.2f}s" for k, v in sorted(heavy.items(), key=lambda kv: -kv[1]))
    print(f"  imports of a fresh report --json process (-X importtime): {total / 1e6:.2f}s (top level; "
          f"cumulative: {named}); not imported: {', '.join(sorted(set(HEAVY) - set(heavy))) or 'none'}")


#: third-party packages whose import time the profile names
HEAVY = ("pandas", "numpy", "openpyxl", "scipy", "xlsxwriter", "python_calamine", "orjson")

if __name__ == "__main__":
    sys.exit(main())
