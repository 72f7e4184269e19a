"""A FrameTableView's selection, current row and scroll position kept across a model reset: the rows are
found again by their key (the model's first column), so new figures for other rows keep what the user chose."""

from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel


def view_state(view) -> Optional[tuple]:
    """(selected rows' keys, current row's key, scroll positions) to find again after a reset."""
    if not view.model.rowCount():
        return None
    rows = view.selected_source_rows()
    current = view.table.currentIndex()
    current_key = view.model.row_keys([view.model.source_row(current.row())]) if current.isValid() else []
    return (view.model.row_keys(rows), current_key, current.column() if current.isValid() else 0,
            view.table.verticalScrollBar().value(), view.table.horizontalScrollBar().value())


def restore_view_state(view, kept: tuple) -> None:
    """Select the rows of ``kept`` (view_state) again by their keys, the current cell too; scroll back."""
    keys, current_key, current_col, v_scroll, h_scroll = kept
    selection = view.table.selectionModel()
    visible = view.model.visible_source_rows()
    position = np.full(max(len(view.model.frame()), 1), -1, dtype=np.int64)
    position[visible] = np.arange(len(visible))
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    if current_key:
        rows = view.model.source_rows_of(current_key)
        if len(rows) and position[rows[0]] >= 0:
            selection.setCurrentIndex(view.model.index(int(position[rows[0]]), current_col),
                                      QItemSelectionModel.SelectionFlag.NoUpdate)
    rows = np.sort(position[view.model.source_rows_of(keys)])
    rows = rows[rows >= 0]
    if len(rows):  # one range per run of neighbouring rows (a select-all is one range, not 100,000)
        breaks = np.flatnonzero(np.diff(rows) != 1)
        ranges = QItemSelection()
        last_col = max(view.model.columnCount() - 1, 0)
        for lo, hi in zip(np.r_[rows[0], rows[breaks + 1]], np.r_[rows[breaks], rows[-1]]):
            ranges.select(view.model.index(int(lo), 0), view.model.index(int(hi), last_col))
        selection.select(ranges, flags)
    view.table.verticalScrollBar().setValue(v_scroll)
    view.table.horizontalScrollBar().setValue(h_scroll)
