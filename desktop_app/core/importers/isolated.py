"""``registry.load_file`` in a child process, so no file can take the caller down.

A reader can die in native code (a Rust abort in python-calamine, an allocation the machine cannot
give): in the window's process that ends the app with no dialog. ``load_file_isolated`` runs the
read in a fresh ``multiprocessing`` *spawn* child and hands back the same ``ImportResult``:

- transport: the result is pickled over the pipe (``Connection.send``). bench/isolated_bench.py,
  100,000-row order xlsx (a 20 MB result): pipe 0.75 s, pickle via a temp file 0.73 s, npz of the
  columns 0.98 s (text columns are object arrays, pickled inside the npz anyway) against 23.9 s to
  read the file in the same run: the pipe costs the same as a file and needs no disk or cleanup;
  Parquet/Arrow would need pyarrow, which the frozen build leaves out;
- progress: the child sends ``(done, total, text)`` at most once per 1/200 of the bar;
- cancel: ``should_cancel()`` is polled every 50 ms and kills the child (SIGKILL on POSIX);
- failures: an ``InputError`` raised in the child comes back as itself (file, sheet, row, hint);
  any other exception becomes an InputError naming the file, with the child's traceback as
  ``details``; a child that dies (abort, segfault, killed for memory) gives an InputError naming
  the file and the signal. The child's address space is capped (``CHILD_MEMORY_FRACTION`` of the
  machine's memory) so a runaway reader fails alone instead of swapping the machine to a halt.

For tests only: ``DESKTOP_APP_READER_FAULT`` = ``abort`` | ``exit`` | ``hang`` | ``memory`` makes
the child fail that way before reading (the window test for a reader abort uses it).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from typing import Any, Optional

from ..errors import ImportCancelled, InputError
from ..progress import CancelFn, ProgressFn
from .base import ImportResult

FAULT_ENV = "DESKTOP_APP_READER_FAULT"
#: the child may use this fraction of the machine's memory (address space) before it fails
CHILD_MEMORY_FRACTION = 0.75
POLL_S = 0.05

_HINT = ("请用 Excel 或 WPS 打开该文件，另存一份 .xlsx（或导出 CSV）后再导入；其他文件不受影响。/ Open the file in Excel "
         "or WPS, save a copy as .xlsx (or export a CSV) and import that; the other files are not affected.")


def load_file_isolated(path, progress: Optional[ProgressFn] = None, should_cancel: Optional[CancelFn] = None,
                       mapping: Any = None, store: Any = None) -> ImportResult:
    """``registry.load_file(path, progress, should_cancel, mapping, store)`` in a spawn child."""
    with ReaderProcess() as reader:
        return reader.load_file(path, progress, should_cancel, mapping, store)


class ReaderProcess:
    """One spawn child that reads file after file (starting a child costs about a second: pandas'
    import); a child that died or was cancelled is replaced by a fresh one for the next file."""

    def __init__(self) -> None:
        self._child = None
        self._conn = None

    def __enter__(self) -> "ReaderProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child_end = ctx.Pipe(duplex=True)
        self._child = ctx.Process(target=_child_main, args=(child_end,), daemon=True, name="desktop-app reader")
        self._child.start()
        child_end.close()  # the parent keeps only its end: EOF once the child is gone

    def close(self) -> None:
        """Stop the child (kills it when it is busy)."""
        child, conn = self._child, self._conn
        self._child = self._conn = None
        if conn is not None:
            try:
                conn.send(None)  # a polite "no more files"
            except (OSError, ValueError):
                pass
        if child is not None:
            child.join(2 if conn is not None else 0)
            if child.is_alive():
                child.kill()
            child.join(5)
            try:
                child.close()
            except ValueError:  # still running after kill+join: leave it to the OS
                pass
        if conn is not None:
            conn.close()

    def _kill(self) -> None:
        if self._child is not None and self._child.is_alive():
            self._child.kill()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.close()

    def load_file(self, path, progress: Optional[ProgressFn] = None, should_cancel: Optional[CancelFn] = None,
                  mapping: Any = None, store: Any = None) -> ImportResult:
        path = os.fspath(path)
        name = os.path.basename(path)
        if self._child is None or not self._child.is_alive():
            self.close()
            self._start()
        conn, child = self._conn, self._child
        try:
            conn.send(("read", path, mapping, store))
            while True:
                if should_cancel is not None and should_cancel():
                    self._kill()
                    raise ImportCancelled()
                if conn.poll(POLL_S):
                    try:
                        msg = conn.recv()
                    except (EOFError, OSError):
                        child.join(5)
                        code = child.exitcode
                        self._kill()
                        raise _died(name, code) from None
                    kind = msg[0]
                    if kind == "progress":
                        if progress is not None:
                            progress(*msg[1:])
                    elif kind == "ok":
                        return msg[1]
                    elif kind == "error":
                        raise _rebuild(msg[1], msg[2], name)
                    elif kind == "crash":
                        raise InputError(
                            "the reader failed unexpectedly on this file / 读取该文件时出现意外错误。",
                            file=name, hint=_HINT, details=msg[1])
                elif not child.is_alive() and not conn.poll(0):
                    code = child.exitcode
                    self._kill()
                    raise _died(name, code)
        except (BrokenPipeError, ConnectionResetError) as exc:
            self._kill()
            raise _died(name, None) from exc


def _died(name: str, exitcode: Optional[int]) -> InputError:
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    return InputError(
        f"the reader stopped abruptly on this file ({how}); the file may be damaged, or too large for "
        f"this computer's memory / 读取该文件时读取进程意外终止（{how}），文件可能已损坏或过大。",
        file=name, hint=_HINT, details=f"reader child process ended: {how}")


def _rebuild(cls_path: str, state: dict, name: str) -> InputError:
    """The child's InputError (or subclass) with every attribute (file, headers, hint...)."""
    from .. import errors

    cls = getattr(errors, cls_path, None)
    if not (isinstance(cls, type) and issubclass(cls, InputError)):
        cls = InputError
    exc = cls.__new__(cls)
    exc.__dict__.update(state)
    Exception.__init__(exc, exc.describe())
    if not exc.file:
        exc.file = name
    return exc


def _limit_memory() -> None:
    try:
        import resource

        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        cap = int(total * CHILD_MEMORY_FRACTION)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError, AttributeError):  # Windows, or a locked limit
        pass


def _test_fault() -> None:
    fault = os.environ.get(FAULT_ENV, "")
    if fault == "abort":
        os.abort()
    elif fault == "exit":
        os._exit(3)
    elif fault == "hang":
        import time

        time.sleep(3600)
    elif fault == "memory":
        raise MemoryError("test fault")


def _child_main(conn) -> None:
    """The child: for each ("read", path, mapping, store) send progress, then ("ok", result) |
    ("error", class name, attributes) | ("crash", traceback text); None ends it."""
    _limit_memory()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        _, path, mapping, store = job
        _read_one(conn, path, mapping, store)


def _read_one(conn, path: str, mapping: Any, store: Any) -> None:
    last = [-1]

    def progress(done, total, text=""):
        step = int(200 * done / total) if total else 0
        if step != last[0]:
            last[0] = step
            conn.send(("progress", done, total, text))

    try:
        _test_fault()
        from . import registry

        result = registry.load_file(path, progress, None, mapping, store=store)
        conn.send(("ok", result))
    except InputError as exc:
        conn.send(("error", type(exc).__name__, _picklable_state(exc)))
    except MemoryError:
        conn.send(("error", "InputError", {
            "message": "the file needs more memory than this computer can give / 文件过大，内存不足，无法读取。",
            "file": os.path.basename(path), "sheet": None, "row": None, "column": None, "hint": _HINT,
            "details": "MemoryError"}))
    except BaseException:  # noqa: BLE001 - the child reports everything, including Rust panics
        conn.send(("crash", traceback.format_exc()))


def _picklable_state(exc: InputError) -> dict:
    import pickle

    state = {}
    for k, v in exc.__dict__.items():
        try:
            pickle.dumps(v)
        except Exception:  # noqa: BLE001
            v = repr(v)
        state[k] = v
    return state
