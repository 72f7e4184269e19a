"""FrameTableView: a filterable, sortable table over a FrameTableModel, with copy and xlsx export."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import pandas as pd
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.progress import CancelFn, ProgressFn
from ..models.frame_table_model import FrameTableModel, KeyRole
from ..workers import TaskFailure, TaskHandle, TaskRunner
from .table_state import restore_view_state, view_state
from .table_export import BUYER_COLUMNS, DEBOUNCE_MS, DEBOUNCE_ROWS, SAMPLE_ROWS, mask_pii, write_xlsx

class FrameTableView(QWidget):
    """Filter box + table; sorting, copying (TSV) and exporting go through the FrameTableModel."""

    #: a row was double-clicked: its source row in the frame given to set_frame
    row_activated = Signal(int)
    #: a cell was double-clicked: (source row, column key)
    cell_activated = Signal(int, str)
    #: set_frame updated the rows shown in place (no modelReset): views redraw what reads their figures
    frame_updated = Signal()

    def __init__(self, parent: Optional[QWidget] = None, export_name: str = "table",
                 filterable: bool = True) -> None:
        super().__init__(parent)
        self._export_name = export_name
        self._unmasked = False
        #: background export (created on first use); the open progress dialog / error box, if any
        self._runner: Optional[TaskRunner] = None
        self.export_progress: Optional[QProgressDialog] = None
        self.export_error: Optional[QMessageBox] = None
        self.model = FrameTableModel(self)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(DEBOUNCE_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.count_label = QLabel(self)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)
        self.table.doubleClicked.connect(self._on_double_clicked)
        vheader = self.table.verticalHeader()
        # A fixed row height lets the view compute scroll extents without asking every row.
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vheader.setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        # No initial sort: an indicator of -1 makes setSortingEnabled call sort(-1), which is a no-op.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.table.addAction(self.copy_action)
        self.copy_buyers_action = QAction(self)
        self.copy_buyers_action.triggered.connect(self.copy_buyer_ids)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(self.export_dialog)
        #: extra actions views add to the context menu (e.g. "Mark handled…")
        self._extra_actions: list[QAction] = []

        self._find = QShortcut(QKeySequence.StandardKey.Find, self)
        self._find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._find.activated.connect(self.focus_filter)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        self.export_button = QToolButton(self)
        self.export_button.setDefaultAction(self.export_action)
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        # Short summary tables (a handful of rows) need no filter box.
        self.filter_edit.setVisible(filterable)
        self.count_label.setVisible(filterable)
        self.export_button.setVisible(filterable)
        self.model.modelReset.connect(self._update_count)
        self.retranslate_ui()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._sync_find_shortcut()
        super().showEvent(event)

    def _sync_find_shortcut(self) -> None:
        """Leave Ctrl+F to the window when it has its own Find action.

        Two enabled shortcuts for one key in the same window are "ambiguous" to Qt and neither fires;
        the main window's Find action calls ``focus_filter`` on the current page anyway.
        """
        find = QKeySequence(QKeySequence.StandardKey.Find)
        window = self.window()
        owned = window is not self and any(
            action.shortcut() == find and action.isEnabled()
            for action in window.findChildren(QAction)
            if action.shortcutContext() != Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self._find.setEnabled(not owned)

    # --- public API -------------------------------------------------------------------------
    def set_frame(self, df: Optional[pd.DataFrame], columns=None) -> None:
        """Show ``df``, keeping the filter text and, when the columns stay the same, the user's sort,
        column widths, selection and scroll position (views call this after every recompute and every
        handled mark). The same rows with new figures (a What-if move) update the model in place (only the
        changed columns repaint); other rows reset it, and the selected rows are found again by their key
        (the first column): ``frame_updated`` for the first, the model's ``modelReset`` for the second."""
        if self.model.update_frame(df, columns):
            self.frame_updated.emit()
            return
        kept = view_state(self)
        header = self.table.horizontalHeader()
        old_keys = [spec.key for spec in self.model.specs()]
        sort_col = self.model.sort_column()
        sort_key = old_keys[sort_col] if 0 <= sort_col < len(old_keys) else None
        sort_order = header.sortIndicatorOrder()
        had_rows = self.model.rowCount() > 0
        self.model.set_frame(df, columns)
        same_columns = [spec.key for spec in self.model.specs()] == old_keys
        new_col = self.model.column_of(sort_key) if sort_key else -1
        if new_col >= 0:
            self.model.sort(new_col, sort_order)
            header.setSortIndicator(new_col, sort_order)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.copy_buyers_action.setEnabled(self._buyer_column() >= 0)
        if not (same_columns and had_rows):
            self.resize_columns()
        elif kept is not None:
            restore_view_state(self, kept)
        self._update_count()

    def freeze_first_column(self) -> None:
        """Keep the first column (agent, order, buyer) in view while scrolling sideways."""
        from .frozen_column import FrozenColumn

        if getattr(self, "frozen", None) is None:
            self.frozen = FrozenColumn(self.table)

    def focus_filter(self) -> None:
        """Put the cursor in the filter box (Ctrl+F; the main window calls this too)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def set_unmasked(self, unmasked: bool) -> None:
        """Whether exports may contain unmasked contact details (the view shows what it was given)."""
        self._unmasked = bool(unmasked)

    def add_row_action(self, action: QAction) -> None:
        """Add a view-specific action to the context menu."""
        self._extra_actions.append(action)

    def selected_source_rows(self) -> list[int]:
        """Source rows of the selected rows, in visible order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        return [self.model.source_row(r) for r in rows]

    def select_source_row(self, source_row: int) -> None:
        visible = self.model.visible_source_rows()
        hits = np.flatnonzero(visible == source_row)
        if len(hits):
            index = self.model.index(int(hits[0]), 0)
            self.table.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def retranslate_ui(self) -> None:
        self.filter_edit.setPlaceholderText(self.tr("Filter… (Ctrl+F)"))
        self.copy_action.setText(self.tr("Copy"))
        self.copy_buyers_action.setText(self.tr("Copy buyer ids"))
        self.export_action.setText(self.tr("Export to Excel…"))
        self.model.retranslate()
        self._update_count()
        self.resize_columns()  # headers change width with the language

    def resize_columns(self) -> None:
        """Size each column from its header and a sample of ≤100 visible rows."""
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        sample_rows = self.model.visible_source_rows()[:SAMPLE_ROWS]
        for col in range(self.model.columnCount()):
            sample = self.model.sample_strings(col, sample_rows) if len(sample_rows) else []
            # room for the label, the sort arrow and the section's margins: with less, a right-aligned
            # header is clipped on its left ("rsations" for "Conversations")
            width = header_metrics.horizontalAdvance(self.model.header_label(col)) + 44
            for text in sample:
                width = max(width, metrics.horizontalAdvance(str(text)) + 16)
            self.table.setColumnWidth(col, min(width, 360))

    # --- copy and export ------------------------------------------------------------------
    def selection_tsv(self) -> str:
        """Selected cells as tab-separated text (rows in visible order, a header line first)."""
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        lines = ["\t".join(self.model.header_label(c) for c in cols)]
        for r in rows:
            cells = [self.model.display_text(r, c).replace("\t", " ").replace("\n", " ") for c in cols]
            lines.append("\t".join(cells))
        return "\n".join(lines)

    def copy_selection(self) -> None:
        text = self.selection_tsv()
        if text:
            QGuiApplication.clipboard().setText(text)

    def buyer_ids(self) -> list[str]:
        """Distinct buyer ids of the selected rows (all visible rows when nothing is selected)."""
        col = self._buyer_column()
        if col < 0:
            return []
        rows = self.selected_source_rows() or self.model.visible_source_rows().tolist()
        values = self.model.display_strings(col)
        seen: dict[str, None] = {}
        for src in rows:
            if values[src]:
                seen.setdefault(str(values[src]), None)
        return list(seen)

    def copy_buyer_ids(self) -> None:
        ids = self.buyer_ids()
        if ids:
            QGuiApplication.clipboard().setText("\n".join(ids))

    def export_frame(self) -> pd.DataFrame:
        """What an export writes: visible rows in visible order; PII masked unless unmasked."""
        frame = self.model.frame_for_export()
        return frame if self._unmasked else mask_pii(frame)

    def export_to(self, path: str, progress: Optional[ProgressFn] = None,
                  should_cancel: Optional[CancelFn] = None) -> None:
        """Write the visible rows to ``path`` now (see export_frame)."""
        headers = [self.model.header_label(c) for c in range(self.model.columnCount())]
        write_xlsx(path, self.export_frame(), headers, self._export_name, progress, should_cancel)

    def export_in_background(self, path: str) -> TaskHandle:
        """Export on a worker thread with a cancellable progress dialog; returns the task handle.

        The rows and headers are taken now, in the GUI thread, so later sorting or filtering does
        not change what is written.
        """
        frame = self.export_frame()
        headers = [self.model.header_label(c) for c in range(self.model.columnCount())]
        sheet = self._export_name
        if self._runner is None:
            self._runner = TaskRunner(self)
        handle = self._runner.start(
            "export", lambda progress, cancel: write_xlsx(path, frame, headers, sheet, progress, cancel))
        dialog = QProgressDialog(self.tr("Exporting {n} rows to {path}…").format(n=len(frame), path=path),
                                 self.tr("Cancel"), 0, 100, self)
        dialog.setWindowTitle(self.tr("Export to Excel"))
        dialog.setMinimumDuration(500)  # small tables finish before the dialog would show
        dialog.setAutoClose(False)
        dialog.canceled.connect(handle.cancel)
        handle.progress.connect(lambda percent, _text: dialog.setValue(percent))
        handle.failed.connect(lambda failure: self._export_failed(path, failure))
        handle.done.connect(dialog.reset)
        handle.done.connect(dialog.deleteLater)
        self.export_progress = dialog
        return handle

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to Excel"), f"{self._export_name}.xlsx", self.tr("Excel files (*.xlsx)"),
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.export_in_background(path)

    def _export_failed(self, path: str, failure: TaskFailure) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export failed"), "", parent=self)
        box.setText(self.tr("Could not write {path}.").format(path=path))
        box.setInformativeText(self.tr(
            "Close the file if it is open in Excel, or choose another folder you can write to."))
        box.setDetailedText(f"{failure.exc}\n\n{failure.traceback_text}")
        self.export_error = box
        box.open()

    # --- internals ------------------------------------------------------------------------
    def _buyer_column(self) -> int:
        for key in BUYER_COLUMNS:
            col = self.model.column_of(key)
            if col >= 0:
                return col
        return -1

    def _on_filter_changed(self, _text: str) -> None:
        if len(self.model.frame()) > DEBOUNCE_ROWS:
            self._filter_timer.start()  # restarts on every key: one filter pass per pause
        else:
            self.apply_filter()

    def apply_filter(self) -> None:
        """Filter by the text in the filter box now."""
        self._filter_timer.stop()
        self.model.set_filter(self.filter_edit.text())

    def _update_count(self) -> None:
        total = len(self.model.frame())
        shown = self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("{n} rows").format(n=total))
        else:
            self.count_label.setText(self.tr("{shown} of {total} rows").format(shown=shown, total=total))

    def _on_double_clicked(self, index) -> None:
        if not index.isValid():
            return
        src = self.model.source_row(index.row())
        self.row_activated.emit(src)
        self.cell_activated.emit(src, str(self.model.data(index, KeyRole)))

    def _show_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        if self._buyer_column() >= 0:
            menu.addAction(self.copy_buyers_action)
        if self._extra_actions:
            menu.addSeparator()
            for action in self._extra_actions:
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

