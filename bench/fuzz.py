"""Long fuzz run of every importer: hostile, damaged and crafted files (tests/core/fuzz_cases.py).

    python bench/fuzz.py --count 10000 --seed 0 --workers 2

Each case runs in a worker child process with an address-space cap (RLIMIT_AS: the worker's size
after imports plus --memory-mb) and a per-case time limit (--timeout); a worker that dies or hangs
is replaced. Outcomes: import (read, and the model ran on it when --model-every picks the case), clean error (InputError naming the
file), unhandled (any other exception), over memory (MemoryError under the cap), abort (the worker
died: a signal or exit), hang (past the time limit). The first cases of each kind not "import" or
"clean error" are printed with their seed: ``--replay SEED`` writes that case to the current folder.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import random
import sys
import tempfile
import time
from multiprocessing.connection import wait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _p in (ROOT, os.path.join(ROOT, "tests", "core")):  # the case makers live beside the tests
    if _p not in sys.path:
        sys.path.insert(0, _p)

OUTCOMES = ("import", "clean error", "unhandled", "over memory", "abort", "hang")


def _worker(conn, memory_mb: int, model_every: int) -> None:
    import resource
    import warnings

    warnings.simplefilter("ignore")
    import fuzz_cases  # noqa: F401 - import before measuring the base size

    import desktop_app.core.model.compute  # noqa: F401

    with open("/proc/self/statm") as fh:
        base = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    cap = base + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    folder = tempfile.mkdtemp(prefix="fuzz-")
    while True:
        seed = conn.recv()
        if seed is None:
            return
        name, data, label = fuzz_cases.make_case(random.Random(seed))
        path = os.path.join(folder, name)
        with open(path, "wb") as fh:
            fh.write(data)
        t0 = time.perf_counter()
        try:
            outcome, detail = fuzz_cases.check_file(path, run_model=seed % model_every == 0)
        except MemoryError:
            outcome, detail = "over memory", "MemoryError"
        if outcome == "unhandled" and "MemoryError" in detail:
            outcome = "over memory"
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        os.remove(path)
        conn.send((seed, label, outcome, detail, time.perf_counter() - t0, rss))


class Worker:
    def __init__(self, memory_mb: int, model_every: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, memory_mb, model_every), daemon=True)
        self.proc.start()
        child.close()
        self.seed = None
        self.started = 0.0

    def give(self, seed: int) -> None:
        self.seed, self.started = seed, time.perf_counter()
        self.conn.send(seed)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def run(count: int, seed: int, workers: int, timeout: float, memory_mb: int, model_every: int = 1) -> int:
    todo = list(range(seed, seed + count))[::-1]
    pool = [Worker(memory_mb, model_every) for _ in range(workers)]
    for w in pool:
        w.give(todo.pop())
    counts = collections.Counter()
    labels = collections.Counter()
    firsts: dict[str, list] = collections.defaultdict(list)
    slowest = (0.0, None)
    peak = 0.0
    done = 0
    t_start = time.perf_counter()
    while any(w.seed is not None for w in pool):
        ready = wait([w.conn for w in pool if w.seed is not None] + [w.proc.sentinel for w in pool
                                                                      if w.seed is not None], 0.5)
        now = time.perf_counter()
        for i, w in enumerate(pool):
            if w.seed is None:
                continue
            result = None
            if w.conn in ready or w.conn.poll(0):
                try:
                    result = w.conn.recv()
                except (EOFError, OSError):
                    result = None
            if result is not None:
                s, label, outcome, detail, secs, rss = result
                peak = max(peak, rss)
                if secs > slowest[0]:
                    slowest = (secs, s)
            elif not w.proc.is_alive():
                s, label, outcome, detail = w.seed, "?", "abort", f"worker ended: exit code {w.proc.exitcode}"
            elif now - w.started > timeout:
                s, label, outcome, detail = w.seed, "?", "hang", f"over {timeout:g} s"
            else:
                continue
            counts[outcome] += 1
            labels[label.split()[0]] += 1
            if outcome not in ("import", "clean error") and len(firsts[outcome]) < 5:
                firsts[outcome].append((s, label, detail[:160]))
            done += 1
            if outcome in ("abort", "hang"):
                w.kill()
                pool[i] = w = Worker(memory_mb, model_every)
            w.seed = None
            if todo:
                w.give(todo.pop())
            if done % 500 == 0:
                print(f"  {done:,} cases, {time.perf_counter() - t_start:.0f} s: {dict(counts)}", flush=True)
    for w in pool:
        try:
            w.conn.send(None)
        except OSError:
            pass
        w.proc.join(5)
        if w.proc.is_alive():
            w.kill()
    elapsed = time.perf_counter() - t_start
    print(f"\n{done:,} cases (seeds {seed}..{seed + count - 1}) in {elapsed:.0f} s with {workers} workers; "
          f"limits {timeout:g} s and {memory_mb:,} MB per case; the model ran on every {model_every}. import")
    print(f"{'outcome':<14}{'cases':>8}")
    for o in OUTCOMES:
        print(f"{o:<14}{counts[o]:>8,}")
    print(f"slowest case {slowest[0]:.2f} s (seed {slowest[1]}); worker peak RSS {peak:,.0f} MB")
    print("kinds: " + ", ".join(f"{k} {v:,}" for k, v in labels.most_common()))
    for outcome, cases in firsts.items():
        for s, label, detail in cases:
            print(f"  {outcome}: seed {s} ({label}): {detail}")
    return 0 if not any(counts[o] for o in ("unhandled", "over memory", "abort", "hang")) else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per case")
    ap.add_argument("--memory-mb", type=int, default=1024, help="memory per case above the worker's base")
    ap.add_argument("--model-every", type=int, default=1,
                    help="run the model on the import of every N-th case (1: every case)")
    ap.add_argument("--replay", type=int, help="write the case of this seed here and exit")
    args = ap.parse_args(argv)
    if args.replay is not None:
        import fuzz_cases

        name, data, label = fuzz_cases.make_case(random.Random(args.replay))
        with open(name, "wb") as fh:
            fh.write(data)
        print(f"{name}: {label}, {len(data):,} bytes")
        return 0
    return run(args.count, args.seed, args.workers, args.timeout, args.memory_mb, args.model_every)


if __name__ == "__main__":
    sys.exit(main())
