"""ImportController: files -> background read (registry) -> the store -> recompute; the mapping dialog
for unrecognised files, one at a time; the demo shop in a store of its own.

A new import cancels the one in flight; a failure reports an error and leaves the figures on screen;
each file's outcome is a FileStatus row of the Problems page (through the AppState).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ...core.errors import InputError, UnrecognisedFormat
from ...core.money_symbol import DEFAULT_SYMBOL, export_currency
from .. import bilingual
from ..problems_view import (
    STATUS_CANCELLED,
    STATUS_EMPTY,
    STATUS_FAILED,
    STATUS_IMPORTED,
    STATUS_READING,
    STATUS_UNRECOGNISED,
    FileStatus,
)
from ..state import AppState
from ..file_kinds import foreign_kind
from ..tasks import ImportBatch, load_files, sample_paths
from ..workers import TaskHandle, TaskRunner
from .base import start_task
from .compute import ComputeController
from .settings import SettingsController

#: file types offered by the Open dialog
FILE_SUFFIXES = ("*.csv", "*.xlsx", "*.xlsm", "*.xls", "*.txt")
#: the demo shop: days of made-up data and the first day (ends 2026-11-20, as the default sample)
DEMO_DAYS, DEMO_START = 14, "2026-11-07"


class ImportController(QObject):
    """Opens files and the demo shop; recomputes through the ComputeController when rows arrived."""

    #: an import finished (the ImportBatch), before the recompute
    import_finished = Signal(object)

    def __init__(self, state: AppState, runner: TaskRunner, compute: ComputeController,
                 settings: SettingsController, dialog_parent: Optional[QWidget] = None,
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.compute = compute
        self.settings_controller = settings
        self.dialog_parent = dialog_parent
        self.handle: Optional[TaskHandle] = None
        self.mapping_dialog: Any = None
        self._pending_unrecognised: list[tuple[str, UnrecognisedFormat]] = []
        self.mapping_store = self._open_mapping_store()

    def _open_mapping_store(self) -> Any:
        try:
            from ...core.importers.mapping import MappingStore

            return MappingStore(self.state.data_dir / "column_mappings.json")
        except Exception:  # noqa: BLE001 - without saved mappings every file is still offered the dialog
            return None

    # --- entry points ----------------------------------------------------------------------------
    def choose_files(self) -> None:
        """File ▸ Open…: pick files with the native dialog."""
        paths, _ = QFileDialog.getOpenFileNames(
            self.dialog_parent, self.tr("Open exports"), self.state.settings.last_dir or str(Path.home()),
            self.tr("Exports and chat logs (%1);;All files (*)").replace("%1", " ".join(FILE_SUFFIXES)))
        if paths:
            self.open_files(paths)

    def open_files(self, paths: list[str], mappings: Optional[dict[str, Any]] = None) -> Optional[TaskHandle]:
        """Import ``paths`` in the background, then recompute. Cancels an import in flight.

        The shop's own files always go to the shop's store: opening them leaves the demo shop.
        """
        if self.state.closed:
            return None
        if self.state.is_demo():
            self._use_repository(self.state.shop_repository)
        return self._import(paths, mappings, remember=True)

    def open_demo(self) -> Optional[TaskHandle]:
        """Generate the sample shop (made-up data) and open it in a store of its own.

        The demo never enters the shop's history: made-up orders mixed into real ones would
        change every KPI a supervisor pays agents by. Opening the shop's own files leaves it.
        """
        if self.state.closed:
            return None
        try:
            from ...core.sample import write_sample
        except ImportError as exc:
            self.state.report_error(exc)
            return None
        target = self.state.data_dir / "demo"
        try:
            # two weeks so that the Trends page's week over week has two full weeks to compare
            written = write_sample(target, days=DEMO_DAYS, orders=60 * DEMO_DAYS, start=DEMO_START)
        except Exception as exc:  # noqa: BLE001 - shown in the error dialog with its details
            import traceback

            self.state.report_error(exc, traceback.format_exc())
            return None
        paths = sample_paths(written, target)
        self._use_repository(self.state.demo_store())
        return self._import(paths, None, remember=False)

    def _use_repository(self, repository: Any) -> None:
        if repository is not self.state.repository:
            self.runner.cancel()
            self.state.use_repository(repository)
            self.list_earlier_imports()

    def list_earlier_imports(self) -> None:
        """The Problems page starts with the files already in the store (from earlier sessions)."""
        try:
            frame = self.state.repository.imports()
        except Exception:  # noqa: BLE001 - an unreadable history must not stop the window from opening
            return
        for row in frame.itertuples(index=False):
            self.state.set_file_status(FileStatus(
                str(row.file), STATUS_IMPORTED, str(row.format_label or row.format), int(row.rows),
                int(row.skipped), self.tr("Imported earlier: %1").replace("%1", str(row.time)[:19]),
            ))

    # --- the import task -------------------------------------------------------------------------
    def _import(self, paths: list[str], mappings: Optional[dict[str, Any]], remember: bool
                ) -> Optional[TaskHandle]:
        state = self.state
        paths = [str(Path(p)) for p in paths if p]
        existing = [p for p in paths if os.path.isfile(p)]
        foreign = set()
        for p in list(existing):
            kind = foreign_kind(p)
            if kind:  # a Word document, a picture…: say what it is instead of a reader's error
                existing.remove(p)
                foreign.add(p)
                wrong = InputError(
                    self.tr("This is %1, not a shop export or chat log.").replace("%1", kind), file=p,
                    hint=self.tr("Open the order export (CSV/XLSX) from the shop's back office or the chat "
                                 "log (TXT/CSV/XLSX)."))
                state.set_file_status(FileStatus(p, STATUS_FAILED, message=bilingual.describe(wrong)))
                state.report_error(wrong)
        for p in paths:
            if p not in existing and p not in foreign:
                missing = InputError(self.tr("The file does not exist or cannot be opened."), file=p,
                                     hint=self.tr("Check that the file was not moved or renamed."))
                # listed on the Problems page too, like every other file that could not be read
                state.set_file_status(FileStatus(p, STATUS_FAILED, message=bilingual.describe(missing)))
                state.report_error(missing)
        if not existing:
            return None
        for p in existing:
            state.set_file_status(FileStatus(p, STATUS_READING))
        if remember:
            state.settings.last_dir = str(Path(existing[0]).parent)
        mappings = dict(mappings or {})
        store, repo = self.mapping_store, state.repository
        # a file enters Recent files once it was imported: never a failed, unrecognised or cancelled one
        self.handle = start_task(
            state, self.runner, "import",
            lambda progress, cancel: load_files(existing, mappings, store, repo, progress, cancel),
            lambda batch: self._on_finished(batch, remember), lambda paths=existing: self._on_cancelled(paths))
        state.say(self.tr("Reading %n file(s)…", "", len(existing)))
        return self.handle

    def _on_finished(self, batch: ImportBatch, remember: bool = True) -> None:
        state = self.state
        if batch.results:
            state.forget_data_range()  # new rows: read the range again
        if remember and batch.results:
            for path in dict.fromkeys(r.path for r in batch.results):
                state.settings.add_recent_file(path)
            state.recent_files_changed.emit(state.settings.recent_files)
        duplicates = {r.path for r, rec in zip(batch.results, batch.records) if getattr(rec, "duplicate", False)}
        for result in batch.results:
            note = self.tr("Already imported: nothing changed") if result.path in duplicates else ""
            status = STATUS_IMPORTED
            if result.rows_read == 0 and not result.rows_skipped:
                # a header and no rows: not an error, but nothing to count — a warning on the Problems page
                status = STATUS_EMPTY
                note = self.tr("Only a header row: the file has no data rows. Export it again with the "
                               "dates that have orders or chats.")
            state.set_file_status(FileStatus(result.path, status, result.format_label,
                                             result.rows_read, result.rows_skipped, note))
        for path, _exc in batch.unrecognised:
            state.set_file_status(FileStatus(path, STATUS_UNRECOGNISED,
                                             message=self.tr("Choose the columns in the mapping dialog")))
        for path, exc, _tb in batch.errors:
            state.set_file_status(FileStatus(
                path, STATUS_FAILED, message=bilingual.describe(exc) if isinstance(exc, InputError) else str(exc)))
        problems = [p for r in batch.results for p in r.problems]
        notes = []
        if problems:
            state.set_problems(problems)
            skipped = sum(1 for p in problems if p.skipped)
            notes.append(self.tr("%1 row(s) skipped, %2 value(s) left empty: see Problems")
                         .replace("%1", str(skipped)).replace("%2", str(len(problems) - skipped)))
        currency_note = self._adopt_export_currency(batch.results)
        if currency_note:
            notes.append(currency_note)
        if notes:
            self.compute.import_note = " · ".join(notes)
        self.import_finished.emit(batch)
        if batch.errors:
            path, exc, tb = batch.errors[0]
            if not isinstance(exc, InputError):
                exc = InputError(str(exc) or exc.__class__.__name__, file=path,
                                 hint=self.tr("Check that this is an export from the shop's back office."))
            state.report_error(exc, tb)
        self._pending_unrecognised.extend(batch.unrecognised)
        self._next_mapping()
        if batch.results:
            # name what each file was recognised as, e.g. "淘宝/天猫 订单报表" (in the reader's language)
            kinds = ", ".join(dict.fromkeys(bilingual.in_reader_language(r.format_label) for r in batch.results))
            state.say(self.tr("Imported %n file(s); computing…", "", len(batch.results)) + f"  ({kinds})")
            self.compute.recompute()
        elif not batch.errors and not batch.unrecognised:
            state.say(self.tr("Nothing new to import"))

    def _adopt_export_currency(self, results: list) -> str:
        """Show amounts with the currency the exports state (Shopify's Currency column), unless the user
        chose a symbol; returns a note for the status line ("" when there is nothing to say).

        Only while the symbol is still the default ¥: a symbol the user picked in Settings is kept (and
        the note says the export's currency differs). Amounts are never converted.
        """
        symbol, codes = export_currency(results)
        current = self.state.settings.currency
        if symbol is not None and symbol != current:
            if current == DEFAULT_SYMBOL:
                self.settings_controller.set_currency(symbol)
                return (self.tr("amounts shown with %1, the export's currency %2 (Settings ▸ General to change)")
                        .replace("%1", symbol).replace("%2", codes[0]))
            return (self.tr("the export's amounts are in %1; shown with %2 as set in Settings ▸ General")
                    .replace("%1", codes[0]).replace("%2", current))
        if len(codes) > 1:
            return (self.tr("the exports state several currencies (%1); amounts are not converted")
                    .replace("%1", ", ".join(codes)))
        return ""

    def _on_cancelled(self, paths: list[str]) -> None:
        # files stored before the cancel stay stored (one transaction per file): re-read the range
        self.state.forget_data_range()
        for p in paths:
            status = self.state.file_status(p)
            if status is not None and status.status == STATUS_READING:
                self.state.set_file_status(FileStatus(p, STATUS_CANCELLED))
        self.state.say(self.tr("Import cancelled; the previous data is still shown"))

    # --- mapping dialog --------------------------------------------------------------------------
    def _next_mapping(self) -> None:
        """Offer the mapping dialog for the next unrecognised file (one at a time)."""
        if self.mapping_dialog is not None or not self._pending_unrecognised:
            return
        path, exc = self._pending_unrecognised.pop(0)
        try:
            from ..dialogs.mapping_dialog import MappingDialog

            dlg = MappingDialog(path, exc, mapping_store=self.mapping_store, parent=self.dialog_parent)
        except Exception as error:  # noqa: BLE001 - the mapping layer is missing or cannot read the file
            self.state.report_error(exc if isinstance(error, ImportError) else error)
            self._next_mapping()
            return
        self.mapping_dialog = dlg
        dlg.accepted.connect(lambda: self._on_mapping_accepted(dlg))
        dlg.finished.connect(lambda _r: self._on_mapping_closed(dlg))
        dlg.open()

    def _on_mapping_accepted(self, dlg: Any) -> None:
        mapping = dlg.mapping()
        if mapping is not None:
            self.open_files([dlg.path], {dlg.path: mapping})

    def _on_mapping_closed(self, dlg: Any) -> None:
        if dlg.result() != QDialog.DialogCode.Accepted:
            # cancelled: say what happened to the file and how to come back to it
            note = self.tr("Not imported: its columns were not chosen. Problems ▸ Open again to choose them.")
            self.state.set_file_status(FileStatus(dlg.path, STATUS_UNRECOGNISED, message=note))
            self.file_selected.emit(dlg.path)
            self.state.say(f"{Path(dlg.path).name}: {note}")
        if self.mapping_dialog is dlg:
            self.mapping_dialog = None
            dlg.deleteLater()
        QTimer.singleShot(0, self._next_mapping)

    #: a file to select on the Problems page (its mapping was cancelled)
    file_selected = Signal(str)
