"""Reading a range from the history store and computing it: keys from the stored codes vs hashing the text.

    python3 bench/store_read_bench.py                 # the 1,000,000-order / 5,000,000-message store (bench/big_store.py)
    python3 bench/store_read_bench.py --quick         # 60,000 orders / 300,000 messages
    python3 bench/store_read_bench.py --days 30 60 360

For each range (the last ``--days`` days of the store) and each way, in turns (``--repeat`` times, the
median kept), in one process: ``Store.dataset`` (the read; with codes it also makes the model's keys
from them), then the model's keys when the read did not make them (``prepare_keys``: hashing buyers,
ids, agents, shops, as before the codes), then ``compute()``. The baseline is the same read with
``DESKTOP_APP_STORE_CODES=0`` (the code columns not read: the previous path); the third way is the window's
read cache (store/read_cache.py, its file written by an uncounted first read). A fresh Store per read, so
the dictionaries are read each time too (the window keeps them between reads).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import big_store  # noqa: E402  (bench/, next to this file)

from desktop_app.core.model.compute import compute  # noqa: E402
from desktop_app.core.model.keys import prepare_keys  # noqa: E402
from desktop_app.core.store import Store, key_codes, read_cache  # noqa: E402


def one_run(folder: Path, days: int, codes: bool, cached: bool = False) -> dict[str, float]:
    os.environ[key_codes.ENV_SWITCH] = "1" if codes else "0"
    with Store.open(folder) as store:
        if cached:  # the window's read cache (store/read_cache.py), written by a first read
            read_cache.attach(store).background = False
        first, last = store.date_range()
        start = max(first, last - timedelta(days=days - 1))
        t0, c0 = time.perf_counter(), time.process_time()
        ds = store.dataset(start, last)
        t1, c1 = time.perf_counter(), time.process_time()
        made = ds.model_keys is not None
        prepare_keys(ds)
        t2, c2 = time.perf_counter(), time.process_time()
        compute(ds)
        t3, c3 = time.perf_counter(), time.process_time()
    return {"read": t1 - t0, "keys": t2 - t1, "compute": t3 - t2, "total": t3 - t0,
            "read_cpu": c1 - c0, "keys_cpu": c2 - c1, "compute_cpu": c3 - c2, "total_cpu": c3 - c0,
            "orders": len(ds.orders), "messages": len(ds.messages), "from_codes": made}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    big_store.add_store_arguments(ap, "60,000 orders, 300,000 messages")
    ap.add_argument("--days", type=int, nargs="+", default=[30, 360], help="the ranges read (last N days)")
    args = ap.parse_args(argv)
    folder = big_store.prepared_store(args)
    print(f"store: {args.orders:,} orders, {args.messages:,} messages over {args.store_days} days ({folder})")
    for days in args.days:
        runs: dict = {False: [], True: [], "cached": []}
        one_run(folder, days, True, cached=True)  # writes the range's cache file (not counted)
        for _ in range(args.repeat):
            for codes in (False, True, "cached"):  # in turns: all ways see the same machine load
                runs[codes].append(one_run(folder, days, codes is not False, cached=codes == "cached"))
        fields = ("read", "keys", "compute", "total", "read_cpu", "keys_cpu", "compute_cpu", "total_cpu")
        med = {codes: {k: statistics.median(r[k] for r in rs) for k in fields} for codes, rs in runs.items()}
        sample = runs[True][0]
        assert sample["from_codes"] and runs["cached"][0]["from_codes"] and not runs[False][0]["from_codes"]
        print(f"last {days} days: {sample['orders']:,} orders, {sample['messages']:,} messages "
              f"(median of {args.repeat})")
        print(f"  {'':24}{'read':>8}{'keys':>8}{'compute':>9}{'total':>8}")
        for codes, label in ((False, "hashing (before codes)"), (True, "keys from stored codes"),
                             ("cached", "from the read cache")):
            m = med[codes]
            print(f"  {label:24}{m['read']:8.2f}{m['keys']:8.2f}{m['compute']:9.2f}{m['total']:8.2f} s  "
                  f"(CPU {m['read_cpu']:.2f} + {m['keys_cpu']:.2f} + {m['compute_cpu']:.2f} = {m['total_cpu']:.2f} s)")
        base, new = med[False], med[True]
        print(f"  read + keys: {new['read'] + new['keys']:.2f} s vs {base['read'] + base['keys']:.2f} s "
              f"({(new['read'] + new['keys']) / (base['read'] + base['keys']):.2f}x); "
              f"read + keys + compute: {new['total'] / base['total']:.2f}x; CPU read + keys "
              f"{(new['read_cpu'] + new['keys_cpu']) / (base['read_cpu'] + base['keys_cpu']):.2f}x, "
              f"all {new['total_cpu'] / base['total_cpu']:.2f}x")
        c = med["cached"]
        print(f"  read cache vs keys from codes (main's path): read + keys {c['read'] + c['keys']:.2f} s vs "
              f"{new['read'] + new['keys']:.2f} s ({(c['read'] + c['keys']) / (new['read'] + new['keys']):.2f}x), CPU "
              f"{(c['read_cpu'] + c['keys_cpu']) / (new['read_cpu'] + new['keys_cpu']):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
