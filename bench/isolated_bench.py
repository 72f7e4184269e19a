"""Reading in a child process: what it costs, and how the result should travel back.

Usage: ``python3 bench/isolated_bench.py [--rows 200000] [--chat-rows 1000000]``

Writes a Taobao 订单报表 xlsx and a plain chat CSV (sample.write_large_*), then times, in one run:
- ``registry.load_file`` in this process (the baseline the window used before),
- ``isolated.load_file_isolated`` (spawn a child, read there, send the ImportResult back pickled
  over the pipe), and a second file through the same child (``ReaderProcess``: no new spawn),
- the zip check that runs before calamine (xlsx_guard.inspect) in CPU seconds against the whole
  in-process import's CPU seconds,
- the transport alone, for the same ImportResult: pickle over a pipe (send+recv in two processes'
  stead, a thread here), versus pickling to a temporary file and loading it back, versus
  ``numpy.savez`` of the frames' columns (object columns need ``allow_pickle``, so a pickle again).
  Parquet/Arrow is not measured: pyarrow is not installed and the frozen build leaves it out.
Prints seconds, ratios to the baseline and the pickled size.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import sys
import tempfile
import threading
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from desktop_app.core import sample  # noqa: E402
from desktop_app.core.importers import isolated, registry, xlsx_guard  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the reader child)."""
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def _timed(fn):
    """(wall s, CPU s of this process and the children it reaped, result)."""
    c0, t0 = _cpu(), time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, _cpu() - c0, out


def _pipe_roundtrip(result) -> float:
    a, b = multiprocessing.Pipe(duplex=False)
    got = []
    t = threading.Thread(target=lambda: got.append(a.recv()))
    t0 = time.perf_counter()
    t.start()
    b.send(result)
    t.join()
    return time.perf_counter() - t0


def _file_roundtrip(result, folder) -> float:
    path = os.path.join(folder, "result.pickle")
    t0 = time.perf_counter()
    with open(path, "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    with open(path, "rb") as fh:
        pickle.load(fh)
    os.remove(path)
    return time.perf_counter() - t0


def _npz_roundtrip(result, folder) -> float:
    path = os.path.join(folder, "result.npz")
    t0 = time.perf_counter()
    arrays = {}
    for name in ("orders", "lines", "messages", "inventory"):
        frame = result.frame(name)
        if frame is not None:
            for c in frame.columns:
                arrays[f"{name}/{c}"] = frame[c].to_numpy()
    np.savez(path, **arrays)
    with np.load(path, allow_pickle=True) as z:
        for k in z.files:
            z[k]
    os.remove(path)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--chat-rows", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        files = [sample.write_large_order_xlsx(os.path.join(folder, "orders.xlsx"), args.rows),
                 sample.write_large_chat_csv(os.path.join(folder, "chats.csv"), args.chat_rows)]
        for path in map(str, files):
            name = os.path.basename(path)
            base, base_cpu, result = _timed(lambda: registry.load_file(path))
            iso, iso_cpu, _ = _timed(lambda: isolated.load_file_isolated(path))
            with isolated.ReaderProcess() as reader:
                reader.load_file(str(files[0]) if path != str(files[0]) else str(files[1]))  # warm the child
                warm, _, _ = _timed(lambda: reader.load_file(path))
            size = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            pipe = _pipe_roundtrip(result)
            disk = _file_roundtrip(result, folder)
            npz = _npz_roundtrip(result, folder)
            print(f"{name}: {result.rows_read:,} rows, pickled result {size / 1e6:.0f} MB    wall s  ratio | CPU s  ratio")
            print(f"  in this process (baseline)      {base:7.2f}  1.00 | {base_cpu:6.2f}  1.00")
            print(f"  child, new (spawn + read + send){iso:7.2f}  {iso / base:.2f} | {iso_cpu:6.2f}  "
                  f"{iso_cpu / base_cpu:.2f}")
            print(f"  child, already running          {warm:7.2f}  {warm / base:.2f}")
            print(f"  transport: pickle over a pipe   {pipe:7.2f}  {pipe / base:.2f}")
            print(f"  transport: pickle via temp file {disk:7.2f}  {disk / base:.2f}")
            print(f"  transport: npz via temp file    {npz:7.2f}  {npz / base:.2f}  (object columns pickled inside)")
            if path.endswith(".xlsx"):
                c0 = time.process_time()
                registry.load_file(path)
                c1 = time.process_time()
                xlsx_guard.inspect(path)
                c2 = time.process_time()
                print(f"  zip check before calamine: {c2 - c1:.2f} CPU s = {(c2 - c1) / (c1 - c0):.2f} of the import's "
                      f"{c1 - c0:.2f} CPU s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
