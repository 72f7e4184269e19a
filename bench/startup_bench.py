"""Cold start: from launching the window to the last 30 days' figures painted, on a big history store.

    python3 bench/startup_bench.py                 # 1,000,000 orders + 5,000,000 messages over 360 days
    python3 bench/startup_bench.py --quick         # 60,000 orders + 300,000 messages
    python3 bench/startup_bench.py --repeat 5 --days 30

The store is built once into a cache folder (bench/big_store.py). Each launch is a whole process,
``python -m desktop_app --data-dir <store>`` offscreen, with ``DESKTOP_APP_STARTUP_PROBE=<days>``
(ui/startup_probe.py): the window shows the last ``--days`` days and prints the time it painted the
first figures, then quits. The figure is painted time - launch time, median of ``--repeat`` launches.
Beside it, in turns in the same run: the same launch with ``DESKTOP_APP_READ_CACHE=0`` (every range read
from the store: the path before store/read_cache.py, the baseline), with ``DESKTOP_APP_STORE_CODES=0`` too
(the range read without its codes, the model hashing the ids: the path before the store kept codes), and
the same launch on a store of 3,000 orders and 15,000 messages (Python, Qt and the window with next to no
data: the floor under any store). The uncounted first launch writes the range's cache file (beside the
store, ``history.sqlite3.readcache``), as a user's previous session would have.
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
           extra_env: dict | None = None) -> tuple[float, float, str]:
    """Seconds from launch to the painted figures, the CPU seconds the process used until then (all its
    threads: on a shared machine the steadier figure), and the probe's line."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESKTOP_APP_STARTUP_PROBE=str(days),
               DESKTOP_APP_STORE_CODES="1" if codes else "0",
               PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""),
               # compiled modules kept as an installed app keeps them (outside the repository)
               PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "desktop-app-bench-pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra_env or {})
    t0 = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "--lang", "en"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    args = ap.parse_args(argv)
    folder = big_store.prepared_store(args)
    print(f"store: {args.orders:,} orders, {args.messages:,} messages over {args.store_days} days ({folder}); "
          f"{os.cpu_count()} cores")
    small = big_store.build(big_store.default_folder(3000, 15000, args.store_days), 3000, 15000, args.store_days,
                            quiet=True)
    keys = ("hashing", "codes", "cached", "small")
    times: dict[str, list[float]] = {k: [] for k in keys}
    cpus: dict[str, list[float]] = {k: [] for k in keys}
    lines = {}
    no_cache = {"DESKTOP_APP_READ_CACHE": "0"}
    # one launch of each first, not counted: the stores' pages and Python's files come into the OS cache,
    # and the range's read cache is written (as by the user's previous session)
    launch(folder, args.days)
    launch(small, args.days)
    for _ in range(args.repeat):
        for key in keys:
            seconds, cpu, lines[key] = launch(small if key == "small" else folder, args.days,
                                              codes=(key != "hashing"),
                                              extra_env=None if key in ("cached", "small") else no_cache)
            times[key].append(seconds)
            cpus[key].append(cpu)
            print(f"  ({key}: {seconds:.2f} s, {cpu:.2f} s CPU)", flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}
    print(f"last {args.days} days shown ({lines['cached'].split(' ', 3)[3]}), median of {args.repeat} launches:")
    print(f"  launch -> figures painted, range from the read cache: {med['cached']:.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in times['cached'])}) -> {med['cached'] / med['codes']:.2f}x the baseline")
    print(f"  baseline: read from the store, keys from its codes:  {med['codes']:.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in times['codes'])})")
    print(f"  the same, hashing the ids (before the codes):        {med['hashing']:.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in times['hashing'])}) -> {med['codes'] / med['hashing']:.2f}x")
    print(f"  the floor: the same on a store of 3,000 orders ({lines['small'].split(' ', 3)[3]}): "
          f"{med['small']:.2f} s")
    print(f"  CPU until painted (median): read cache {cpu['cached']:.2f} s ({cpu['cached'] / cpu['codes']:.2f}x "
          f"the baseline), baseline {cpu['codes']:.2f} s, hashing {cpu['hashing']:.2f} s "
          f"({cpu['codes'] / cpu['hashing']:.2f}x), floor {cpu['small']:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
