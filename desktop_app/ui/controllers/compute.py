"""ComputeController: the chosen range -> one background model run at a time -> AppState.set_results.

A new run cancels the one in flight (Orange's cancel-and-replace, done by the TaskRunner's one task
per kind). The model keeps its scratch memory for the next run; after two idle minutes it goes back.
"""

from __future__ import annotations

import threading
from typing import Any, Optional

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.errors import RowProblem
from ..state import AppState
from ..tasks import compute_results
from ..workers import TaskHandle, TaskRunner
from .base import start_task

#: the model's kept scratch memory goes back to the system after this long without a new run
MEMORY_IDLE_MS = 120_000
#: typing a custom date changes it once per key: recompute when the user pauses this long
DATES_PAUSE_MS = 400
#: seconds the history's read waits for the range's own figures to be on screen: the read holds the GIL
#: for most of its rows (sqlite3 makes them one by one), so it would slow the very painting it follows
RANGE_SHOWN_WAIT = 2.0


class ComputeController(QObject):
    """Runs the model for the state's range and settings; the state announces the results.

    A range with history is shown twice: its own figures as soon as the range is computed, then with
    the customers and order checks of the run with a year of history (core/store/range_first.py).
    """

    #: (run number, the range's own figures) from the worker thread; delivered queued on the GUI thread
    range_ready = Signal(int, object)

    def __init__(self, state: AppState, runner: TaskRunner, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.handle: Optional[TaskHandle] = None
        #: a note for the status line once the next results are shown (what the last import skipped)
        self.import_note = ""
        self.memory_timer = QTimer(self)
        self.memory_timer.setSingleShot(True)
        self.memory_timer.setInterval(MEMORY_IDLE_MS)
        self.memory_timer.timeout.connect(self._release_model_memory)
        self.dates_timer = QTimer(self)
        self.dates_timer.setSingleShot(True)
        self.dates_timer.setInterval(DATES_PAUSE_MS)
        self.dates_timer.timeout.connect(self.recompute)
        #: counts runs: the range's figures of a run that was replaced meanwhile are not shown
        self.runs = 0
        #: run -> set once the range's own figures of that run are shown (the history's read waits for it)
        self._range_shown: dict[int, threading.Event] = {}
        self.range_ready.connect(self._on_range_ready)

    def recompute(self) -> Optional[TaskHandle]:
        """F5: read the chosen range from the store and run the model in the background."""
        state = self.state
        if state.closed:
            return None  # a late timer or signal after the store was closed
        if state.data_range() is None:
            state.say(self.tr("No data yet: open exports or the demo shop"))
            return None
        start, end = state.selected_dates()
        settings, repo, shops = state.model_settings, state.repository, list(state.shops)
        self.memory_timer.stop()
        self.runs += 1
        run, ready = self.runs, self.range_ready
        for waiting in self._range_shown.values():  # a replaced run's history need not wait for its figures
            waiting.set()
        shown = threading.Event()
        self._range_shown = {run: shown}

        def on_range(out: dict[str, Any]) -> None:  # on the worker thread
            ready.emit(run, out)
            shown.wait(RANGE_SHOWN_WAIT)  # the history is read once the range's figures are painted

        handle = start_task(
            state, self.runner, "compute",
            lambda progress, cancel: compute_results(repo, start, end, settings, progress, cancel, shops,
                                                     on_range=on_range),
            self._on_finished, self._on_cancelled)
        # however the run ends (results, cancel or an error), the quiet spell starts then
        handle.done.connect(self.memory_timer.start)
        self.handle = handle
        state.say(self.tr("Computing…"))
        return handle

    def recompute_soon(self) -> None:
        """Recompute after a short pause (the custom dates are being typed)."""
        self.dates_timer.start()

    def stop(self) -> None:
        self.dates_timer.stop()
        self.memory_timer.stop()

    def _on_cancelled(self) -> None:
        self.state.say(self.tr("Calculation cancelled; the figures shown are from before. Press F5 to "
                               "recalculate."))

    def _on_range_ready(self, run: int, out: dict[str, Any]) -> None:
        """The range's own figures while its history is read: shown unless another run started since."""
        shown = self._range_shown.pop(run, None)
        try:
            if run != self.runs or self.handle is None or self.handle.is_cancelled() or self.state.closed:
                return
            self._on_finished(out, final=False)
        finally:
            if shown is not None:  # after the events queued now (the pages' repaints among them)
                QTimer.singleShot(0, shown.set)

    def _on_finished(self, out: dict[str, Any], final: bool = True) -> None:
        results = out["results"]
        dataset = out.get("dataset")
        problems = list(getattr(dataset, "problems", []) or []) + [
            p for p in (results.problems or []) if isinstance(p, RowProblem)
        ]
        # the dataset's problems already include the imports'; keep each once, in order
        self.state.set_problems(list(dict.fromkeys(problems)))
        self.state.set_results(results, dataset, out.get("trends"), out.get("wow"), final=final)

    def take_import_note(self) -> str:
        note, self.import_note = self.import_note, ""
        return note

    def _release_model_memory(self) -> None:
        from ...core.model.compute import release_memory

        if not release_memory():  # a run is still using it: try again after the next quiet spell
            self.memory_timer.start()
