"""The hostile-file check (xlsx_guard.inspect) of files about to be read, started early on a thread, and
then calamine's parse of the first workbook.

The headless report knows its files before it imports pandas and the model (about half a second): the
check of each workbook runs meanwhile (zlib and numpy work outside Python's interpreter lock, so on two
cores the two overlap). ``inspect`` takes the early result (or its error) for the same file, unchanged on
disk since (same size and modification time); anything else is checked again as before. The check is
the same one, so what calamine may see does not change.

Once the first workbook's check has passed (``safe_for_calamine``), the same thread has calamine parse its
worksheets, in the reader's order and with the reader's calls (calamine parses outside the interpreter lock
too): ``take_parsed`` hands them to readers_excel. A workbook whose check did not pass is never parsed here;
a parse that raised anything is dropped, and the reader parses again and meets the same error where it
always did. Only the first workbook is parsed ahead, so no more than one parsed workbook waits in memory.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from typing import Iterable, Optional

_lock = threading.Lock()
_early: dict[tuple, Future] = {}
#: the first workbook's parsed worksheets: key -> Future of (workbook, [(sheet name, sheet)]) or None
_parsed: dict[tuple, Future] = {}
#: parse the first workbook early too (the bench turns it off to compare)
PARSE_EARLY = True


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
            parsed: Optional[Future] = Future() if PARSE_EARLY and not jobs else None
            with _lock:
                _early[key] = fut
                if parsed is not None:
                    _parsed[key] = parsed
            jobs.append((p, fut, parsed))
    if jobs:
        threading.Thread(target=_run, args=(jobs,), daemon=True, name="xlsx guard prefetch").start()


def _run(jobs) -> None:
    from . import xlsx_guard

    for path, fut, parsed in jobs:
        if not fut.set_running_or_notify_cancel():
            if parsed is not None:
                parsed.set_result(None)
            continue
        try:
            scan = xlsx_guard.scan_workbook(path)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, which raises it
            fut.set_exception(exc)
            scan = None
        else:
            fut.set_result(scan)
        if parsed is not None:
            parsed.set_result(_parse(path) if scan is not None and scan.safe_for_calamine else None)


def _parse(path: str):
    """(workbook, [(sheet name, parsed sheet)]) as readers_excel would parse them; None if anything raised."""
    wb = None
    try:
        import python_calamine

        wb = python_calamine.CalamineWorkbook.from_path(path)
        names = [m.name for m in wb.sheets_metadata if str(m.typ).endswith("WorkSheet")]
        return wb, [(name, wb.get_sheet_by_name(name)) for name in names]
    except BaseException:  # noqa: BLE001 - the reader parses again and meets it where it always did
        close = getattr(wb, "close", None)
        if close:
            close()
        return None


def take(path: str) -> Optional[Future]:
    """The early check of ``path`` if one was started and the file is unchanged since; else None."""
    if not _early:
        return None
    key = _key(path)
    with _lock:
        return _early.pop(key, None) if key is not None else None


def take_parsed(path: str):
    """The early parse of ``path`` (waited for) if one was started and the file is unchanged since: (workbook,
    [(sheet name, parsed sheet)]), else None. Taken once."""
    if not _parsed:
        return None
    key = _key(path)
    with _lock:
        fut = _parsed.pop(key, None) if key is not None else None
    return fut.result() if fut is not None else None
