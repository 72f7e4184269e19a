"""WindowCommands (a MainWindow mixin): the window's public commands and properties, each handed to the
controller or state that owns it, plus saving and restoring the window's geometry, splitters and page.

Tests, the self-test and drag-and-drop use these names; the work is in controllers/ and state.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QSplitter

from ..core.model.settings import ModelSettings
from .workers import TaskHandle


def _state_attr(name: str, doc: str) -> property:
    return property(lambda self: getattr(self.state, name), doc=doc)


class WindowCommands:
    """Delegating commands; ``self.state``, ``self.imports``, ``self.compute``, ``self.exports`` and
    ``self.preferences`` are made by MainWindow.__init__."""

    results = _state_attr("results", "The model Results on screen (None before the first run).")
    dataset = _state_attr("dataset", "The Dataset the results were computed from.")
    repository = _state_attr("repository", "The store shown and imported into.")
    shop_repository = _state_attr("shop_repository", "The shop's own history store.")
    demo_repository = _state_attr("demo_repository", "The demo shop's store (None until opened).")

    @property
    def trends(self) -> Any:
        return self.state.trends if self.state.results is not None else None

    @property
    def model_settings(self) -> ModelSettings:
        return self.state.model_settings

    @property
    def mapping_dialog(self) -> Any:
        return self.imports.mapping_dialog

    # --- data -------------------------------------------------------------------------------------
    def open_files(self, paths: list[str], mappings: Optional[dict[str, Any]] = None) -> Optional[TaskHandle]:
        """Import ``paths`` in the background, then recompute (controllers/imports.py)."""
        return self.imports.open_files(paths, mappings)

    def open_demo(self, first_start: bool = False) -> Optional[TaskHandle]:
        """The demo shop; on a first start the Start page stays (its three steps say what to do)."""
        self._leave_start = not first_start
        return self.imports.open_demo()

    def choose_files(self) -> None:
        self.imports.choose_files()

    def is_demo(self) -> bool:
        return self.state.is_demo()

    def recompute(self) -> Optional[TaskHandle]:
        """F5 (controllers/compute.py)."""
        return self.compute.recompute()

    def data_range(self) -> Optional[tuple[dt.date, dt.date]]:
        return self.state.data_range()

    def selected_dates(self) -> tuple[Optional[dt.date], Optional[dt.date]]:
        return self.state.selected_dates()

    def set_date_range(self, key: str, start: Optional[dt.date] = None, end: Optional[dt.date] = None) -> None:
        """Choose a preset (all/today/yesterday/last7) or custom dates; recomputes."""
        self.range_bar.set_range(key, start, end)

    def cancel_work(self) -> None:
        """The status bar's Cancel: stop the import and compute in flight."""
        if self.runner.is_busy():
            self.runner.cancel()
            self.state.say(QCoreApplication.translate("MainWindow", "Cancelling…"))

    # --- links between pages (page_links.py) -----------------------------------------------------
    def mark_handled(self, check: str, platform: str, order_id: str, note: str) -> None:
        """Remember an order check row as handled (an error is explained, never a crash)."""
        self.links.mark_handled(check, platform, order_id, note)

    def drill_down(self, agent: str, kpi: str) -> None:
        """The rows behind an agent's figure, on the Conversations page."""
        self.links.drill_down(agent, kpi)

    def open_card(self, key: str) -> None:
        """An Overview card's page (and order check)."""
        self.links.open_card(key)

    # --- report and settings ----------------------------------------------------------------------
    def export_report(self, path: str) -> Optional[TaskHandle]:
        """Write the daily Excel report (controllers/export.py)."""
        return self.exports.export(path)

    def choose_report_path(self) -> None:
        self.exports.choose_path()

    def mask_pii_now(self) -> bool:
        return self.links.mask_pii_now()

    def open_settings(self) -> Any:
        """Tools ▸ Settings… (controllers/settings.py)."""
        return self.preferences.open_dialog()

    def apply_settings(self, model_settings: ModelSettings, language: Optional[str] = None,
                       mask_pii: Optional[bool] = None, currency: Optional[str] = None) -> None:
        self.preferences.apply(model_settings, language, mask_pii, currency)

    def set_language(self, lang: str) -> None:
        self.preferences.set_language(lang)

    def set_currency(self, value: str) -> None:
        self.preferences.set_currency(value)

    def show_about(self) -> Any:
        from .dialogs.about_dialog import AboutDialog

        dlg = AboutDialog(self.data_dir, self.settings.file_name, self)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        dlg.open()
        return dlg

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self.start_page.set_recent_files([])

    def _open_folder(self, folder: Path) -> None:
        """Show a folder in the system's file manager (support: "send me the log file")."""
        Path(folder).mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # --- window state -----------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.geometry()
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if not state.isEmpty():
            self.restoreState(state)
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                data = self.settings.splitter_state(splitter.objectName())
                if not data.isEmpty():
                    splitter.restoreState(data)
        page = self.settings.page
        self.sidebar.setCurrentRow(page if 0 <= page < len(self.page_keys) else 0)

    def save_state(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                self.settings.set_splitter_state(splitter.objectName(), splitter.saveState())
        self.settings.page = self.stack.currentIndex()
        self.settings.sync()
