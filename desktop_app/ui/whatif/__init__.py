"""The What-if / 假设分析 panel in the window: ``install_whatif(window)`` docks it (hidden), puts its
toggle in the View menu (Ctrl+Shift+W) and binds it to its controller."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence

from ...core.model.whatif_fields import whatif_values
from .controller import WhatIfController
from .panel import WhatIfPanel

SHORTCUT = "Ctrl+Shift+W"


class WhatIf(QObject):
    """The panel, its controller and the words of the panel's status line."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.controller = WhatIfController(window.state, window.runner, self)
        self.panel = WhatIfPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        self.action = self.panel.toggleViewAction()
        self.action.setObjectName("act_whatif")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        window.actions_.menu_view.addSeparator()
        window.actions_.menu_view.addAction(self.action)
        p, c = self.panel, self.controller
        p.values_changed.connect(self._moved)
        p.reset_requested.connect(self._reset)
        p.apply_requested.connect(self._apply)
        p.visibilityChanged.connect(self._visibility)
        c.shown.connect(self._shown)
        c.saved_shown.connect(self._saved_shown)
        window.state.computed.connect(self._computed)
        window.preferences.language_changed.connect(lambda _lang: self.retranslate())
        # pages not yet showing the results on screen (a what-if updates the page in view only)
        self.stale: set = set()
        window.stack.currentChanged.connect(self._page_shown)
        c.trends_wanted = lambda: self._is_trends(window.stack.currentWidget())
        self.retranslate()

    def pages_to_update(self, results) -> list:
        """The pages to give ``results`` now: all of them, or for a what-if only the page in view (each
        page repaints in turn on the GUI thread; the others catch up when they are shown)."""
        views = list(self.window.views.values())
        if getattr(results, "history_pending", False):  # a range's own figures while its history is read:
            return self.only_in_view(views)  # on screen at once; the final figures follow for every page
        if results is None or results is not self.controller.own_results():
            self.stale.clear()
            return views
        return self.only_in_view(views)

    def only_in_view(self, views: list) -> list:
        """The page in view; the others are marked to catch up when shown (``_page_shown``)."""
        current = self.window.stack.currentWidget()
        self.stale = {v for v in views if v is not current}
        return [v for v in views if v is current]

    def _is_trends(self, view) -> bool:
        from ..pages import PAGE_TRENDS

        return view is self.window.views.get(PAGE_TRENDS)

    def _page_shown(self, _index: int) -> None:
        view = self.window.stack.currentWidget()
        if self._is_trends(view) and self.controller.trends_missing:
            self.stale.discard(view)
            view.set_results(None)  # empty, not the saved settings' trends, until this what-if's are worked out
            self.controller.work_out_trends(lambda: view.set_results(self.window.state.results))
            return
        if view in self.stale:
            self.stale.discard(view)
            try:
                view.set_results(self.window.state.results)
            except Exception:  # noqa: BLE001 - as the window's own update: logged and shown, others go on
                import sys

                sys.excepthook(*sys.exc_info())

    def _moved(self, values: dict) -> None:
        if self.window.state.results is None:
            self.panel.set_status(self.tr("Open exports or the demo shop first: there are no figures yet."))
            return
        self.panel.set_differs(self.controller.differs(self.controller.settings_for(values)))
        self.panel.set_status(self.tr("Computing…"))
        self.controller.preview(values)

    def _reset(self) -> None:
        self.panel.show_values(whatif_values(self.controller.saved()))
        self.panel.set_differs(False)
        self.panel.set_status(self.tr("Computing…"))
        self.controller.reset()

    def _apply(self) -> None:
        self.controller.apply()
        self.panel.set_status(self.tr("Saved as your settings."))

    def _visibility(self, visible: bool) -> None:
        if visible:
            c = self.controller
            self.panel.show_values(whatif_values(c.current or c.saved()))
            self.panel.set_differs(c.current is not None)
            c.prime()

    def _computed(self, results) -> None:
        """A normal run's figures: keep its stages ready for the next move while the panel is open."""
        if self.panel.isVisible() and results is not self.controller.own_results():
            self.controller.prime(again=True)

    def _shown(self, settings, out: dict) -> None:
        self.panel.set_differs(self.controller.current is not None)
        ms = 1000.0 * float(out.get("move_to_figures_s", out.get("seconds", 0.0)))
        self.panel.set_status(self.tr("Figures updated %1 ms after the last change.").replace("%1", f"{ms:.0f}"))

    def _saved_shown(self) -> None:
        self.panel.show_values(whatif_values(self.controller.saved()))
        self.panel.set_differs(False)

    def retranslate(self) -> None:
        self.panel.retranslate()
        self.action.setToolTip(self.tr("Move the thresholds and see the figures change (%1)").replace("%1", SHORTCUT))


def install_whatif(window: Any) -> WhatIf:
    """Dock the What-if panel in ``window`` (a MainWindow); returns the binding (panel, controller)."""
    return WhatIf(window)
