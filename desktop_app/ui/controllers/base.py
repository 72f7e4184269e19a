"""Starting a background task with the state's progress, error and busy reporting (shared by controllers)."""

from __future__ import annotations

from typing import Any, Callable

from ..state import AppState
from ..workers import TaskFailure, TaskHandle, TaskRunner


def start_task(state: AppState, runner: TaskRunner, kind: str, fn: Callable[..., Any],
               on_finished: Callable[[Any], None], on_cancelled: Callable[[], None]) -> TaskHandle:
    """Run ``fn(progress, cancel)`` in the background (one task of each kind): progress, errors and
    the busy flag go to the state; ``on_finished``/``on_cancelled`` run on the GUI thread."""
    handle = runner.start(kind, fn)
    handle.progress.connect(state.progress_changed)
    handle.finished.connect(on_finished)
    handle.failed.connect(lambda failure: report_failure(state, failure))
    handle.cancelled.connect(on_cancelled)
    handle.done.connect(lambda: state.set_busy(runner.is_busy()))
    state.set_busy(True)
    return handle


def report_failure(state: AppState, failure: TaskFailure) -> None:
    state.report_error(failure.exc, failure.traceback_text)
