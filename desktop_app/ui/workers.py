"""Background tasks on QThreadPool: progress, cooperative cancel, one task of each kind in flight.

The core's long functions take ``progress(done, total, text)`` and ``should_cancel()``; a Task
runs such a function on the global QThreadPool and reports back through Qt signals, which
reach the GUI thread queued (the signals' QObject lives there). Worker code never touches
widgets. Patterns from superqt (hold references until done, suppress a cancelled result) and
Orange (cancel-and-replace, progress throttled to 1 % steps).
"""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ..core.errors import ImportCancelled

#: a task function: fn(progress, should_cancel) -> result
TaskFn = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


class TaskFailure:
    """What ``failed`` carries: the exception and its formatted traceback (for 'details')."""

    def __init__(self, exc: BaseException, traceback_text: str) -> None:
        self.exc = exc
        self.traceback_text = traceback_text

    def __repr__(self) -> str:
        return f"TaskFailure({self.exc!r})"


class TaskHandle(QObject):
    """The GUI-side face of one task: its signals, and its cancel flag.

    Worker threads emit the private ``_raw_*`` signals; this object (living in the GUI thread)
    receives them queued and re-emits the public ones unless the task was cancelled meanwhile,
    so a result that arrives after ``cancel()`` is never delivered.
    """

    started = Signal()
    #: percent 0-100, text
    progress = Signal(int, str)
    finished = Signal(object)
    #: a TaskFailure
    failed = Signal(object)
    #: the task stopped because it was cancelled (or its result was dropped)
    cancelled = Signal()
    #: always emitted last, whatever the outcome
    done = Signal()

    _raw_started = Signal()
    _raw_progress = Signal(int, str)
    _raw_finished = Signal(object)
    _raw_failed = Signal(object)
    _raw_cancelled = Signal()
    _raw_done = Signal()

    def __init__(self, kind: str, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._cancel = threading.Event()
        self.is_running = True
        self._raw_started.connect(self._on_started)
        self._raw_progress.connect(self._on_progress)
        self._raw_finished.connect(self._on_finished)
        self._raw_failed.connect(self._on_failed)
        self._raw_cancelled.connect(self._on_cancelled)
        self._raw_done.connect(self._on_done)
        self._cancel_reported = False

    # --- called from any thread -----------------------------------------------------------
    def cancel(self) -> None:
        """Ask the task to stop at its next checkpoint; its result will not be delivered."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """The ``should_cancel`` callable handed to the core function."""
        return self._cancel.is_set()

    # --- GUI thread -------------------------------------------------------------------------
    @Slot()
    def _on_started(self) -> None:
        if not self.is_cancelled():
            self.started.emit()

    @Slot(int, str)
    def _on_progress(self, percent: int, text: str) -> None:
        if not self.is_cancelled():
            self.progress.emit(percent, text)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        if self.is_cancelled():
            self._report_cancel()
        else:
            self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, failure: TaskFailure) -> None:
        if self.is_cancelled():
            self._report_cancel()
        else:
            self.failed.emit(failure)

    @Slot()
    def _on_cancelled(self) -> None:
        self._report_cancel()

    @Slot()
    def _on_done(self) -> None:
        if self.is_cancelled():
            self._report_cancel()
        self.is_running = False
        self.done.emit()

    def _report_cancel(self) -> None:
        if not self._cancel_reported:
            self._cancel_reported = True
            self.cancelled.emit()


class _Runnable(QRunnable):
    """Runs ``fn`` on a pool thread and reports through ``handle``'s raw signals."""

    def __init__(self, handle: TaskHandle, fn: TaskFn) -> None:
        super().__init__()
        self.handle = handle
        self.fn = fn
        self._last_percent = -1

    def _progress(self, done: int, total: int, text: str = "") -> None:
        percent = int(100 * done / total) if total else 0
        percent = max(0, min(100, percent))
        # throttle: one signal per whole percent, so a 100k-row import does not flood the GUI
        if percent > self._last_percent:
            self._last_percent = percent
            self.handle._raw_progress.emit(percent, str(text))

    def run(self) -> None:  # noqa: D102 - QRunnable override
        h = self.handle
        try:
            h._raw_started.emit()
            if h.is_cancelled():
                raise ImportCancelled()
            result = self.fn(self._progress, h.is_cancelled)
        except ImportCancelled:
            h._raw_cancelled.emit()
        except Exception as exc:  # every failure goes to the GUI as a signal, never crashes the thread
            h._raw_failed.emit(TaskFailure(exc, traceback.format_exc()))
        else:
            h._raw_finished.emit(result)
        finally:
            h._raw_done.emit()


class TaskRunner(QObject):
    """Starts tasks on the global pool; one task of each kind in flight (cancel-and-replace)."""

    def __init__(self, parent: Optional[QObject] = None, pool: Optional[QThreadPool] = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        #: every task not yet done, so neither the handle nor its signals are collected early
        self._handles: set[TaskHandle] = set()
        self._current: dict[str, TaskHandle] = {}

    def start(self, kind: str, fn: TaskFn) -> TaskHandle:
        """Run ``fn(progress, should_cancel)``; a running task of the same kind is cancelled.

        Connect to the returned handle's signals right away: they are delivered queued, so
        nothing is emitted before control returns to the event loop.
        """
        old = self._current.get(kind)
        if old is not None and old.is_running:
            old.cancel()
        handle = TaskHandle(kind)
        self._handles.add(handle)
        self._current[kind] = handle
        handle.done.connect(lambda h=handle: self._forget(h))
        runnable = _Runnable(handle, fn)
        runnable.setAutoDelete(True)
        self._pool.start(runnable)
        return handle

    def _forget(self, handle: TaskHandle) -> None:
        self._handles.discard(handle)
        if self._current.get(handle.kind) is handle:
            del self._current[handle.kind]

    def running(self, kind: Optional[str] = None) -> list[TaskHandle]:
        """Tasks still running (of one kind, or all)."""
        return [h for h in self._handles if h.is_running and (kind is None or h.kind == kind)]

    def is_busy(self, kind: Optional[str] = None) -> bool:
        return bool(self.running(kind))

    def cancel(self, kind: Optional[str] = None) -> None:
        """Cancel the running tasks (of one kind, or all)."""
        for h in self.running(kind):
            h.cancel()

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Block until the pool is idle (used on close); True when every worker finished."""
        return self._pool.waitForDone(timeout_ms)
