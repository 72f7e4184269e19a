"""WindowDisplay (a MainWindow mixin): shows what the AppState announces — pages, title, status line,
Problems count, error dialogs — and relabels everything when the language changes."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtGui import QKeySequence

from ..core.errors import InputError
from . import bilingual
from .formatting import full_date
from .pages import PAGE_OVERVIEW, PAGE_PROBLEMS, PAGE_START, page_shortcut


def _error_box(*args: Any, **kwargs: Any) -> Any:
    # looked up at call time: tests replace main_window.show_error to keep a modal dialog away
    from . import main_window

    return main_window.show_error(*args, **kwargs)


class WindowDisplay:
    """Slots of the main window bound to the state's signals (see MainWindow._connect).

    Texts use the "MainWindow" translation context: ``self.tr`` in a mixin would look them up under the
    window's class name while lupdate files them under the mixin's."""

    # --- showing what the state announces ---------------------------------------------------------
    def _show_results(self, results: Any) -> None:
        # a what-if's figures, or a range's own before its history: the page on screen now, the others when shown
        whatif = getattr(self, "whatif", None)
        for view in (whatif.pages_to_update(results) if whatif is not None else self.views.values()):
            try:
                view.set_results(results)
            except Exception:  # noqa: BLE001 - one broken page must not keep the others on stale figures
                sys.excepthook(*sys.exc_info())  # the crash hook logs it and shows the details
        self.actions_.act_export.setEnabled(results is not None)
        self.status_line.show_reading(results)
        if getattr(results, "history_pending", False) and self.current_page() == PAGE_START and self._leave_start:
            self.show_page(PAGE_OVERVIEW)  # the range's figures in view at once, not after its history's read

    def _on_computed(self, results: Any) -> None:
        self.range_bar.sync()
        if self.current_page() == PAGE_START and self._leave_start:
            self.show_page(PAGE_OVERVIEW)
        self._leave_start = True
        self._describe(self.compute.take_import_note())
        self.results_changed.emit(results)

    def _describe(self, note: str = "") -> None:
        """Title span, status line and start-page summary for the results on screen (current language)."""
        results, locale = self.state.results, QLocale()
        if results is None:
            self._title_span = ""
            self._update_title()
            self.start_page.set_summary("")
            return
        day = full_date

        start, end = self.state.selected_dates()
        span = QCoreApplication.translate("MainWindow", "all data") if start is None else f"{day(start)} – {day(end)}"
        self._title_span = span
        self._update_title()
        summary = (QCoreApplication.translate("MainWindow", "%1 agents, %2 orders (%3)").replace("%1", locale.toString(int(len(results.agents))))
                   .replace("%2", locale.toString(int(results.shop.get("orders", 0) or 0))).replace("%3", span))
        if self.state.is_demo():
            summary = QCoreApplication.translate("MainWindow", "Demo shop (made-up data)") + " · " + summary
        self.status_line.status_label.setText(summary + " · " + note if note else summary)
        rng = self.state.data_range()
        if rng is not None:
            self.start_page.set_summary(
                QCoreApplication.translate("MainWindow", "Data on screen: %1 · stored days %2 – %3 · %4 file(s) imported")
                .replace("%1", summary).replace("%2", day(rng[0])).replace("%3", day(rng[1]))
                .replace("%4", locale.toString(len(self.problems_view.files))))

    def _on_problems(self, problems: list) -> None:
        self.problems_view.set_problems(problems)
        self._label_problems_page()

    def _on_files_cleared(self) -> None:
        self.problems_view.clear()
        self._label_problems_page()

    def _show_error(self, exc: BaseException, details: str) -> None:
        """Error dialog + status line; the data on screen stays as it was."""
        self.last_error = exc
        self.task_failed.emit(exc)
        message = bilingual.describe(exc) if isinstance(exc, InputError) else str(exc) or exc.__class__.__name__
        self.status_line.status_label.setText(QCoreApplication.translate("MainWindow", "Error: %1").replace("%1", message))
        self.last_error_box = _error_box(self, exc, details)

    # --- language ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every label of the window and its pages in the current language."""
        for row, page in enumerate(self.pages):
            self.sidebar.item(row).setText(page.translated_title())
            keys = QKeySequence(page_shortcut(row)).toString(QKeySequence.SequenceFormat.NativeText)
            self.sidebar.item(row).setToolTip(f"{page.translated_title()} ({keys})" if keys else "")
        self._label_problems_page()
        self.actions_.retranslate()
        self.range_bar.retranslate()
        self.shop_selector.retranslate()
        self.status_line.cancel_button.setText(QCoreApplication.translate("MainWindow", "Cancel"))
        self.status_line.show_reading(self.state.results)
        if not self.state.closed:
            self._describe()  # status line and title in the new language
        if not self.status_label.text():
            self.status_label.setText(QCoreApplication.translate("MainWindow", "Ready"))

    def _update_title(self) -> None:
        """The app's name, and the date range the figures cover once there are figures."""
        title = QCoreApplication.translate("MainWindow", "Customer-service performance workstation")
        if self.state.is_demo():
            demo = QCoreApplication.translate("MainWindow", "Demo shop (made-up data)")
            title = f"{title} — {demo}"
        from .window_database import store_title

        server = store_title(self)  # the team's store on a server: named, never its password
        if server:
            title = f"{title} — {server}"
        if self.state.shops:  # the figures are of these shops only
            from .page_intents import shops_title

            title = f"{title} — {shops_title(self.state.shops)}"
        self.setWindowTitle(f"{title} — {self._title_span}" if self._title_span else title)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "status_line"):
            self._retranslate_all()
        super().changeEvent(event)

    def _retranslate_all(self) -> None:
        self.retranslate()
        for view in self.views.values():
            view.retranslate()

    def _refresh_pages(self) -> None:
        """Labels and figures again (a new currency symbol or language; no recalculation)."""
        self._retranslate_all()
        if self.state.results is not None:
            self._show_results(self.state.results)

    def _on_language_changed(self, lang: str) -> None:
        self.actions_.check_language(lang)
        self._refresh_pages()

    def _label_problems_page(self) -> None:
        """The sidebar says how many rows the Problems page lists, so nobody misses them."""
        n, text = len(self.problems_view.problems or []), QCoreApplication.translate("MainWindow", "Problems")
        self.sidebar.item(self.page_keys.index(PAGE_PROBLEMS)).setText(f"{text} ({n})" if n else text)

