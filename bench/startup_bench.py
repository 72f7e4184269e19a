"""Cold start: from launching the window to the last 30 days' figures painted, on a big history store.

    python3 bench/startup_bench.py                 # 1,000,000 orders + 5,000,000 messages over 360 days
    python3 bench/startup_bench.py --quick         # 60,000 orders + 300,000 messages
    python3 bench/startup_bench.py --repeat 5 --days 30
    python3 bench/startup_bench.py --compare /path/to/main --variants cached,other,small   # beside main's code

The store is built once into a cache folder (bench/big_store.py). Each launch is a whole process,
``python -m desktop_app --data-dir <store>`` offscreen, with ``DESKTOP_APP_STARTUP_PROBE=<days>``
(ui/startup_probe.py): the window shows the last ``--days`` days and prints the time it painted the
first figures, then quits. The figure is painted time - launch time, median of ``--repeat`` launches.
Beside it, in turns in the same run: the same launch with ``DESKTOP_APP_READ_CACHE=0`` (every range read
from the store: the path before store/read_cache.py, the baseline), with ``DESKTOP_APP_STORE_CODES=0`` too
(the range read without its codes, the model hashing the ids: the path before the store kept codes), and
the same launch on a store of 3,000 orders and 15,000 messages (Python, Qt and the window with next to no
data: the floor under any store). The uncounted first launch writes the range's cache file (beside the
store, ``history.sqlite3.readcache``), as a user's previous session would have. ``--compare ROOT`` adds
the same cached launch of another checkout's code (e.g. main's: ``other``), in turns with this one's;
``--variants`` picks the launches (the no-cache ones read the whole history from the store: minutes each).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import big_store  # noqa: E402  (bench/, next to this file)

MARK = "startup-probe painted"  # ui/startup_probe.MARK (not imported: this process stays free of Qt)


def launch(data_dir: Path, days: int, codes: bool = True, timeout: float = 300.0,
           extra_env: dict | None = None, root: str = ROOT) -> tuple[float, float, str]:
    """Seconds from launch to the painted figures, the CPU seconds the process used until then (all its
    threads: on a shared machine the steadier figure), and the probe's line."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESKTOP_APP_STARTUP_PROBE=str(days),
               DESKTOP_APP_STORE_CODES="1" if codes else "0",
               PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""),
               # compiled modules kept as an installed app keeps them (outside the repository)
               PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "desktop-app-bench-pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra_env or {})
    t0 = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "--lang", "en"],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.startswith(MARK):
                break
        else:
            raise RuntimeError(f"the window ended without painting figures: {proc.stderr.read()[-2000:]}")
        painted = float(line.split()[2])
        cpu = float(line.split("cpu=")[1].split()[0])
    finally:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return painted - t0, cpu, line.strip()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    big_store.add_store_arguments(ap, "60,000 orders, 300,000 messages, 2 launches")
    ap.add_argument("--days", type=int, default=30, help="the range shown: the last N days")
    ap.add_argument("--compare", default=None, metavar="ROOT",
                    help="another checkout (e.g. main's) launched the same way, cached, in turns: 'other'")
    ap.add_argument("--variants", default="hashing,codes,cached,small,other",
                    help="launches to time, of hashing, codes, cached, small, other (default: all; other needs "
                         "--compare)")
    args = ap.parse_args(argv)
    folder = big_store.prepared_store(args)
    print(f"store: {args.orders:,} orders, {args.messages:,} messages over {args.store_days} days ({folder}); "
          f"{os.cpu_count()} cores")
    small = big_store.build(big_store.default_folder(3000, 15000, args.store_days), 3000, 15000, args.store_days,
                            quiet=True) if "small" in args.variants.split(",") else None
    keys = [k for k in ("hashing", "codes", "cached", "small", "other") if k in args.variants.split(",")
            and (k != "other" or args.compare)]
    if "cached" not in keys:
        keys.insert(0, "cached")
    times: dict[str, list[float]] = {k: [] for k in keys}
    cpus: dict[str, list[float]] = {k: [] for k in keys}
    lines = {}
    no_cache = {"DESKTOP_APP_READ_CACHE": "0"}
    roots = {"other": os.path.abspath(args.compare)} if args.compare else {}
    # one launch of each first, not counted: the stores' pages and Python's files come into the OS cache,
    # and the range's read cache is written (as by the user's previous session)
    launch(folder, args.days)
    if "other" in keys:
        launch(folder, args.days, root=roots["other"])
    if "small" in keys:
        launch(small, args.days)
    for _ in range(args.repeat):
        for key in keys:
            seconds, cpu, lines[key] = launch(small if key == "small" else folder, args.days,
                                              codes=(key != "hashing"),
                                              extra_env=None if key in ("cached", "small", "other") else no_cache,
                                              root=roots.get(key, ROOT))
            times[key].append(seconds)
            cpus[key].append(cpu)
            print(f"  ({key}: {seconds:.2f} s, {cpu:.2f} s CPU)", flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}

    def runs(key: str) -> str:
        return ", ".join(f"{t:.2f}" for t in times[key])

    print(f"last {args.days} days shown ({lines['cached'].split(' ', 3)[3]}), median of {args.repeat} launches:")
    print(f"  launch -> figures painted, range from the read cache: {med['cached']:.2f} s (runs {runs('cached')}),"
          f" CPU {cpu['cached']:.2f} s")
    base = "codes" if "codes" in med else None
    if base:
        print(f"  baseline: read from the store, keys from its codes:  {med['codes']:.2f} s (runs {runs('codes')})"
              f" -> read cache {med['cached'] / med['codes']:.2f}x; CPU {cpu['codes']:.2f} s"
              f" ({cpu['cached'] / cpu['codes']:.2f}x)")
    if "hashing" in med:
        print(f"  the same, hashing the ids (before the codes):        {med['hashing']:.2f} s (runs {runs('hashing')})"
              f", CPU {cpu['hashing']:.2f} s")
    if "other" in med:
        print(f"  the same launch with {args.compare}'s code:  {med['other']:.2f} s (runs {runs('other')})"
              f" -> this code {med['cached'] / med['other']:.2f}x; CPU {cpu['other']:.2f} s"
              f" ({cpu['cached'] / cpu['other']:.2f}x)")
    if "small" in med:
        print(f"  the floor: the same on a store of 3,000 orders ({lines['small'].split(' ', 3)[3]}): "
              f"{med['small']:.2f} s, CPU {cpu['small']:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
