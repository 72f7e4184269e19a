"""FrameTableModel.update_frame / FrameTableView.set_frame: new figures for the same rows update the model in
place (dataChanged on the changed columns only, no reset), the user's sort, selection and scroll stay; other
rows reset the model and the selected rows are found again by their key."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt

from desktop_app.ui.models.frame_table_model import PERCENT, SECONDS, ColumnSpec, lower_is_better
from desktop_app.ui.widgets.table_view import FrameTableView

DISPLAY = Qt.ItemDataRole.DisplayRole


def frame(waits, rates=(0.5, 0.25, 0.75, 0.1), agents=("甲", "乙", "丙", "丁")):
    return pd.DataFrame({"agent": list(agents), "rate": list(rates), "wait": list(waits)})


def specs(target=10.0):
    return [ColumnSpec("agent", "Agent"), ColumnSpec("rate", "Rate", PERCENT),
            ColumnSpec("wait", "Wait", SECONDS, colour=lower_is_better(target, target * 1.5))]


def shown(view, col):
    return [view.model.data(view.model.index(r, col), DISPLAY) for r in range(view.model.rowCount())]


def test_same_rows_update_in_place_keeping_sort_and_selection(qtbot):
    view = FrameTableView()
    qtbot.addWidget(view)
    view.set_frame(frame([5.0, 20.0, 8.0, np.nan]), specs())
    view.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by wait: 甲 5, 丙 8, 乙 20, 丁 (gap last)
    assert shown(view, 0) == ["甲", "丙", "乙", "丁"]
    view.select_source_row(1)  # 乙
    resets, changes, updated = [], [], []
    view.model.modelReset.connect(lambda: resets.append(1))
    view.model.dataChanged.connect(lambda a, b, roles=(): changes.append((a.column(), b.column())))
    view.frame_updated.connect(lambda: updated.append(1))

    view.set_frame(frame([5.0, 1.0, 8.0, np.nan]), specs())  # 乙 now answers fastest: it moves up
    assert resets == [] and updated == [1]
    assert changes == [(2, 2)]  # the wait column only; the rates did not change
    assert shown(view, 0) == ["乙", "甲", "丙", "丁"] and shown(view, 2)[0] == "1.0 s"
    assert view.selected_source_rows() == [1]  # still 乙, in its new place
    assert view.table.horizontalHeader().sortIndicatorSection() == 2

    changes.clear()
    view.set_frame(frame([5.0, 1.0, 8.0, np.nan]), specs(target=4.0))  # same figures, other colour targets
    assert resets == [] and changes == [(2, 2)]
    changes.clear()
    view.set_frame(frame([5.0, 1.0, 8.0, np.nan]), specs(target=4.0))  # nothing changed: nothing repaints
    assert resets == [] and changes == [] and updated == [1, 1, 1]


def test_other_rows_reset_and_the_selection_follows_the_key(qtbot):
    view = FrameTableView()
    qtbot.addWidget(view)
    view.set_frame(frame([5.0, 20.0, 8.0, 3.0]), specs())
    view.select_source_row(2)  # 丙
    resets = []
    view.model.modelReset.connect(lambda: resets.append(1))
    view.set_frame(frame([5.0, 8.0, 3.0], rates=(0.5, 0.75, 0.1), agents=("甲", "丙", "丁")), specs())
    assert resets == [1]
    assert view.selected_source_rows() == [1]  # 丙 again, at its new row
    # a filter whose rows a new figure could change: reset too, the filter kept
    view.filter_edit.setText("15")
    view.apply_filter()
    assert shown(view, 0) == []
    count = len(resets)
    view.set_frame(frame([5.0, 8.0, 3.0], rates=(0.5, 0.75, 0.15), agents=("甲", "丙", "丁")), specs())
    assert len(resets) == count + 1
    assert shown(view, 0) == ["丁"]  # its rate reads 15.00% now
