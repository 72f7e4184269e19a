"""WhatIfController: the panel's values -> an incremental model run off the GUI thread -> the pages.

One run at a time; the latest move wins: a move while a run is in flight cancels it (at its next stage)
and is started when it has stopped, so runs never compete for the two cores and every run starts from
the stage outputs of the one before (core.model.partial.RunCache). The results go to AppState like a
normal run's, so every page shows them; the saved settings (AppState.model_settings) stay as they are
until Apply. A normal run (a new range, an import, F5, the settings dialog) shows the saved settings'
figures again and the panel follows.
"""

from __future__ import annotations

import time
from typing import Any, Optional

from PySide6.QtCore import QObject, Signal

from ...core.model.partial import RunCache
from ...core.model.settings import ModelSettings
from ...core.model.whatif_fields import FIELD_NAMES, whatif_values
from ..state import AppState
from ..workers import TaskHandle, TaskRunner
from .handled_memo import HandledMemo
from .task import whatif_results

#: the task kind (TaskRunner: one of each kind in flight)
KIND = "whatif"


class WhatIfController(QObject):
    """Runs what-ifs for the panel; ``shown(settings, out)`` when a what-if's figures are on screen."""

    #: a what-if's results are on screen: (settings, the task's output dict)
    shown = Signal(object, object)
    #: the figures on screen use the saved settings again (normal run, reset or apply)
    saved_shown = Signal()
    #: a run started / was superseded (for the panel's status): text-free, the panel words it
    running = Signal()

    def __init__(self, state: AppState, runner: TaskRunner, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.cache = RunCache()
        #: the handled marks put on the last what-if's lists (reused for the lists a move leaves as they were)
        self.handled = HandledMemo()
        self.handle: Optional[TaskHandle] = None
        #: the newest settings asked for while a run was in flight: (settings, show)
        self.pending: Optional[tuple[ModelSettings, bool]] = None
        #: the what-if settings whose figures are on screen (None: the saved settings')
        self.current: Optional[ModelSettings] = None
        #: results this controller put on screen (to tell them from a normal run's)
        self._own: Any = None
        #: the time of the last move (perf_counter): the status shows move -> figures
        self.moved_at = 0.0
        #: callable: does the page in view show the daily trends? (else a what-if leaves them out)
        self.trends_wanted = lambda: True
        #: the what-if on screen has no trends yet (work_out_trends() when the Trends page is shown)
        self.trends_missing = False
        state.results_changed.connect(self._on_results_changed)
        state.repository_changed.connect(self.cache.forget)
        state.repository_changed.connect(self.handled.forget)

    # --- what the panel asks ------------------------------------------------------------------------
    def saved(self) -> ModelSettings:
        return self.state.model_settings

    def settings_for(self, values: dict) -> ModelSettings:
        """The saved settings with the panel's values."""
        return self.saved().replace(**{k: v for k, v in values.items() if k in FIELD_NAMES})

    def differs(self, settings: Optional[ModelSettings] = None) -> bool:
        settings = self.current if settings is None else settings
        return settings is not None and whatif_values(settings) != whatif_values(self.saved())

    def preview(self, values: dict) -> None:
        """The panel moved: show the figures of the saved settings with ``values``."""
        self.moved_at = time.perf_counter()
        self.request(self.settings_for(values), show=True)

    def prime(self, again: bool = False) -> None:
        """Work out and keep every stage for the saved settings (the panel opened, or ``again``: a normal
        run showed new figures while it is open), showing nothing."""
        if (again or self.cache.last is None) and self.state.results is not None:
            self.request(self.saved(), show=False)

    def reset(self) -> None:
        """Reset to saved: the saved settings' figures again (a partial run from the what-if's)."""
        self.moved_at = time.perf_counter()
        self.request(self.saved(), show=True)

    def apply(self) -> ModelSettings:
        """Save the what-if's values as the settings; the figures on screen are already theirs."""
        state = self.state
        settings = self.current or self.saved()
        state.model_settings = settings
        state.settings.model_settings = settings
        state.settings.sync()
        self.current = None
        self.saved_shown.emit()
        return settings

    # --- runs -----------------------------------------------------------------------------------------
    def request(self, settings: ModelSettings, show: bool = True) -> None:
        if self.state.closed or self.state.data_range() is None:
            return
        self.pending = (settings, show)
        if self.handle is not None and self.handle.is_running:
            self.handle.cancel()  # stops at its next stage; _on_done starts the newest then
            return
        self._start()

    def _start(self) -> None:
        if self.pending is None or self.state.closed:
            return
        (settings, show), self.pending = self.pending, None
        state, cache = self.state, self.cache
        start, end = state.selected_dates()
        repo, shops, handled = state.repository, list(state.shops), self.handled
        trends = bool(show and self.trends_wanted())
        handle = self.runner.start(KIND, lambda progress, cancel: whatif_results(
            repo, start, end, settings, cache, progress, cancel, shops, with_trends=trends, handled=handled))
        handle.finished.connect(lambda out, s=settings, show=show: self._on_finished(out, s, show))
        handle.failed.connect(lambda failure: state.report_error(failure.exc, failure.traceback_text))
        handle.done.connect(self._on_done)
        self.handle = handle
        self.running.emit()

    def _on_done(self) -> None:
        if self.pending is not None:
            self._start()

    def _on_finished(self, out: dict, settings: ModelSettings, show: bool) -> None:
        if not show or self.pending is not None:
            return  # priming, or a newer move is waiting: its figures come next
        results = out["results"]
        self._own = results
        self.current = settings if self.differs(settings) else None
        self.state.set_results(results, out.get("dataset"), out.get("trends"), out.get("wow"))
        self.trends_missing = out.get("trends") is None and "trends_error" not in out
        if self.trends_missing:
            self.state.trends = (None, None)  # the saved settings' trends are not this what-if's
        out["move_to_figures_s"] = time.perf_counter() - self.moved_at
        if self.current is None:
            self.saved_shown.emit()
        self.shown.emit(settings, out)

    def _on_results_changed(self, results: Any) -> None:
        if results is not None and results is self._own:
            return
        # a normal run's figures (or none): they use the saved settings; the kept runs may be of other data,
        # and a what-if still running was asked for on what was on screen before
        self.stop()
        self._own, self.current = None, None
        self.trends_missing = False
        self.cache.levels = None  # a normal run may have raised stored levels
        self.saved_shown.emit()

    def work_out_trends(self, done) -> None:
        """The daily trends of the what-if on screen, off the GUI thread; ``done()`` when they are set."""
        results = self._own
        if results is None or not self.trends_missing:
            return
        from .task import trends_of

        handle = self.runner.start(KIND + "_trends", lambda progress, cancel: trends_of(results))

        def finished(out: dict) -> None:
            if self._own is results:
                self.state.trends = (out.get("trends"), out.get("wow"))
                self.trends_missing = False
                done()

        handle.finished.connect(finished)

    def own_results(self) -> Any:
        """The what-if results this controller put on screen (None when the saved settings' are shown)."""
        return self._own

    def stop(self) -> None:
        self.pending = None
        if self.handle is not None and self.handle.is_running:
            self.handle.cancel()
