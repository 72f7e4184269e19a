"""The Problems page: what each opened file was recognised as, and every row that was skipped.

Nothing is dropped silently (domain rule): each RowProblem an importer returns is listed with
file, sheet, row, column, reason and value, so the user can open the file and fix the cell.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Optional

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import RowProblem
from .bilingual import in_reader_language

#: file statuses
STATUS_IMPORTED = "imported"
STATUS_DETECTED = "detected"
STATUS_UNRECOGNISED = "unrecognised"
STATUS_FAILED = "failed"
STATUS_CANCELLED = "cancelled"
STATUS_READING = "reading"
#: read, but a header row and no data rows (a warning: nothing to count)
STATUS_EMPTY = "empty"
#: statuses of a file that was not imported and can be opened again from the list
REOPENABLE = (STATUS_UNRECOGNISED, STATUS_FAILED, STATUS_CANCELLED)


def status_text(status: str) -> str:
    """The translated word for a file status."""
    words = {
        STATUS_IMPORTED: QCoreApplication.translate("ProblemsView", "Imported"),
        STATUS_DETECTED: QCoreApplication.translate("ProblemsView", "Recognised"),
        STATUS_UNRECOGNISED: QCoreApplication.translate("ProblemsView", "Not recognised"),
        STATUS_FAILED: QCoreApplication.translate("ProblemsView", "Failed"),
        STATUS_CANCELLED: QCoreApplication.translate("ProblemsView", "Cancelled"),
        STATUS_READING: QCoreApplication.translate("ProblemsView", "Reading…"),
        STATUS_EMPTY: QCoreApplication.translate("ProblemsView", "No data rows"),
    }
    return words.get(status, status)


@dataclass
class FileStatus:
    """One opened file as the user should see it in the Problems page."""

    path: str
    status: str
    format_label: str = ""
    rows_read: int = 0
    rows_skipped: int = 0
    message: str = ""


class _ListModel(QAbstractTableModel):
    """A read-only table over a Python list of rows (small tables: files and problems)."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[list[Any]] = []

    def set_rows(self, rows: list[list[Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class ProblemsView(QWidget):
    """Files (recognised type, rows read / skipped) above, skipped rows below.

    A file that was not imported (not recognised, its columns not chosen, failed, cancelled) and is
    still on disk can be opened again from the list: the Open again button or a double-click emits
    ``reopen_requested(path)``.
    """

    reopen_requested = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.files: list[FileStatus] = []
        self.problems: list[RowProblem] = []
        layout = QVBoxLayout(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("problems_splitter")
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.files_label = QLabel()
        head.addWidget(self.files_label)
        head.addStretch(1)
        self.reopen_button = QPushButton()
        self.reopen_button.setObjectName("reopen_button")
        self.reopen_button.setEnabled(False)
        self.reopen_button.clicked.connect(self._reopen_selected)
        head.addWidget(self.reopen_button)
        tl.addLayout(head)
        self.files_model = _ListModel([])
        self.files_table = self._table(self.files_model)
        self.files_table.setObjectName("files_table")
        self.files_table.selectionModel().selectionChanged.connect(lambda *_: self._update_reopen())
        self.files_table.doubleClicked.connect(lambda index: self._reopen_row(index.row()))
        tl.addWidget(self.files_table)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.problems_label = QLabel()
        bl.addWidget(self.problems_label)
        self.problems_model = _ListModel([])
        self.problems_table = self._table(self.problems_model)
        self.problems_table.setObjectName("problems_table")
        bl.addWidget(self.problems_table)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter)
        self.retranslate()

    @staticmethod
    def _table(model: QAbstractTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(22)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setAlternatingRowColors(True)
        return view

    def set_results(self, results: Any) -> None:
        """View protocol: the page lists files and row problems, which arrive from the state."""

    def retranslate(self) -> None:
        self.files_label.setText(self.tr("Files opened"))
        self.reopen_button.setText(self.tr("Open again…"))
        self.reopen_button.setToolTip(self.tr(
            "Open the selected file again (one that was not imported), e.g. to choose its columns"))
        self.files_model.headers = [
            self.tr("File"), self.tr("Status"), self.tr("Recognised as"),
            self.tr("Rows read"), self.tr("Rows skipped"), self.tr("Message"),
        ]
        self.problems_model.headers = [
            self.tr("File"), self.tr("Sheet"), self.tr("Row"), self.tr("Column"),
            self.tr("Value"), self.tr("Skipped"), self.tr("Reason"),
        ]
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- public -----------------------------------------------------------------------------
    def set_file_status(self, status: FileStatus) -> None:
        """Add or replace the entry for ``status.path``.

        An entry from an earlier session holds only the file name; the same file opened again
        replaces it.
        """
        name = os.path.basename(status.path)
        self.files = [f for f in self.files if f.path != status.path and f.path != name] + [status]
        self._refresh()

    def reopenable(self, row: int) -> Optional[str]:
        """The path of the file in ``row`` when it can be opened again, else None."""
        if not 0 <= row < len(self.files):
            return None
        f = self.files[row]
        return f.path if f.status in REOPENABLE and os.path.isfile(f.path) else None

    def select_file(self, path: str) -> None:
        """Select the row of ``path`` in the files list."""
        for row, f in enumerate(self.files):
            if f.path == path:
                self.files_table.selectRow(row)
                return

    def _selected_row(self) -> int:
        rows = self.files_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_reopen(self) -> None:
        self.reopen_button.setEnabled(self.reopenable(self._selected_row()) is not None)

    def _reopen_selected(self) -> None:
        self._reopen_row(self._selected_row())

    def _reopen_row(self, row: int) -> None:
        path = self.reopenable(row)
        if path is not None:
            self.reopen_requested.emit(path)

    def file_status(self, path: str) -> Optional[FileStatus]:
        for f in self.files:
            if f.path == path:
                return f
        return None

    def set_problems(self, problems: list[RowProblem]) -> None:
        """Show these skipped rows (the current data's problems)."""
        self.problems = list(problems)
        self._refresh()

    def clear(self) -> None:
        self.files = []
        self.problems = []
        self._refresh()

    def _refresh(self) -> None:
        self.files_model.set_rows([
            # the core's bilingual labels and reasons in the reader's language only
            [os.path.basename(f.path), status_text(f.status), in_reader_language(f.format_label), f.rows_read,
             f.rows_skipped, in_reader_language(f.message)]
            for f in self.files
        ])
        yes, no = self.tr("yes"), self.tr("no")
        self.problems_model.set_rows([
            [p.file, p.sheet or "", p.row, p.column or "", "" if p.value is None else p.value,
             yes if p.skipped else no, in_reader_language(p.reason)]
            for p in self.problems
        ])
        self.problems_label.setText(self.tr("Rows skipped or values blanked: %1").replace(
            "%1", str(len(self.problems))))
        for table in (self.files_table, self.problems_table):
            self._fit_columns(table)
        self._update_reopen()

    @staticmethod
    def _fit_columns(table: QTableView) -> None:
        """Width from the header and a sample of rows (never ResizeToContents over many rows)."""
        model = table.model()
        metrics = table.fontMetrics()
        header = table.horizontalHeader()
        last = model.columnCount() - 1
        for c in range(last):  # the last column stretches
            texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")]
            texts += [str(model.data(model.index(r, c)) or "") for r in range(min(model.rowCount(), 100))]
            width = max(metrics.horizontalAdvance(t) for t in texts) + 24
            header.resizeSection(c, max(60, min(width, 420)))
