"""The hostile-file check (xlsx_guard.inspect) of files about to be read, started early on a thread.

The headless report knows its files before it imports pandas and the model (about half a second): the
check of each workbook runs meanwhile (zlib and numpy work outside Python's interpreter lock, so on two
cores the two overlap). ``inspect`` takes the early result (or its error) for the same file, unchanged on
disk since (same size and modification time); anything else is checked again as before. The check is
the same one, so what calamine may see does not change.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from typing import Iterable, Optional

_lock = threading.Lock()
_early: dict[tuple, Future] = {}


def _key(path: str) -> Optional[tuple]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return os.path.realpath(path), st.st_size, st.st_mtime_ns


def prefetch(paths: Iterable) -> None:
    """Start checking the workbooks among ``paths`` on one daemon thread (never waited for at exit)."""
    jobs = []
    for p in paths:
        p = os.fspath(p)
        try:
            with open(p, "rb") as fh:
                if fh.read(4) != b"PK\x03\x04":  # a zip (readers.ZIP_SIGNATURE; not imported: it needs pandas)
                    continue
        except OSError:
            continue
        key = _key(p)
        if key is not None:
            fut: Future = Future()
            with _lock:
                _early[key] = fut
            jobs.append((p, fut))
    if jobs:
        threading.Thread(target=_run, args=(jobs,), daemon=True, name="xlsx guard prefetch").start()


def _run(jobs) -> None:
    from . import xlsx_guard

    for path, fut in jobs:
        if not fut.set_running_or_notify_cancel():
            continue
        try:
            fut.set_result(xlsx_guard.scan_workbook(path))
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, which raises it
            fut.set_exception(exc)


def take(path: str) -> Optional[Future]:
    """The early check of ``path`` if one was started and the file is unchanged since; else None."""
    if not _early:
        return None
    key = _key(path)
    with _lock:
        return _early.pop(key, None) if key is not None else None
