"""ExportController: the daily Excel report from the results on screen, written in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ...core.errors import InputError
from .. import money
from ..state import AppState
from ..workers import TaskHandle, TaskRunner
from .base import start_task


class ExportController(QObject):
    """File ▸ Export report…"""

    #: a report was written (its path)
    report_written = Signal(str)

    def __init__(self, state: AppState, runner: TaskRunner, language: Callable[[], str],
                 mask_pii: Callable[[], bool], dialog_parent: Optional[QWidget] = None,
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        #: the report's language (the UI's) and whether contact details are masked now
        self.language = language
        self.mask_pii = mask_pii
        self.dialog_parent = dialog_parent
        #: called with the results on the GUI thread before a report is written (the Appraisal page
        #: attaches what it shows, so the 绩效 sheets match the page)
        self.prepare: Optional[Callable[[object], None]] = None

    def choose_path(self) -> None:
        """Pick where the Excel report goes, then write it."""
        results = self.state.results
        if results is None:
            return
        default = Path(self.state.settings.last_dir or Path.home()) / f"客服日报_{results.as_of:%Y-%m-%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self.dialog_parent, self.tr("Export report"), str(default),
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export(path)

    def export(self, path: str) -> Optional[TaskHandle]:
        """Write the daily Excel report in the background; emits ``report_written(path)``."""
        results = self.state.results
        if results is None:
            return None
        from ...core.report_xlsx import write_report

        if self.prepare is not None:
            self.prepare(results)
        language, mask, currency, sources = self.language(), self.mask_pii(), money.symbol(), self.sources()
        cannot_write = self.tr("The report could not be written.")
        hint = self.tr("Close the file if it is open in Excel or WPS, or choose another folder you can "
                       "write to.")

        def write(progress, cancel):
            try:
                return write_report(results, path, language, mask, sources=sources, currency=currency) or path
            except OSError as exc:  # open in Excel, read-only folder, full disk: name the file and a fix
                raise InputError(f"{cannot_write} ({exc.strerror or exc})", file=path, hint=hint) from exc

        handle = start_task(self.state, self.runner, "export", write,
                            lambda _r, path=path: self._written(path), lambda: None)
        self.state.say(self.tr("Writing the report…"))
        return handle

    def _written(self, path: str) -> None:
        self.state.say(self.tr("Report written: %1").replace("%1", path))
        self.report_written.emit(path)

    def sources(self) -> list[tuple]:
        """The imported files for the report's 设置 sheet: file, format, rows and import time."""
        try:
            imports = self.state.repository.imports()
            return [(r.file, r.format_label or r.format, int(r.rows), str(r.time))
                    for r in imports.itertuples(index=False)]
        except Exception:  # noqa: BLE001 - the report still lists the files without the details
            return list(getattr(self.state.dataset, "sources", []) or [])
