"""The toolbar's one date selector: a preset (all, latest day, …) or custom dates, bound to AppState."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from ..state import RANGE_ALL, RANGE_CUSTOM, RANGE_KEYS, RANGE_LAST7, RANGE_TODAY, RANGE_YESTERDAY, AppState


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class RangeBar(QWidget):
    """Writes the user's choice into the state; custom dates are announced with ``dates_typed``."""

    #: a custom date was typed (recompute after a pause: one change per key press)
    dates_typed = Signal()

    def __init__(self, state: AppState, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.state = state
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.combo = QComboBox()
        self.combo.setObjectName("range_combo")
        for key in RANGE_KEYS:
            self.combo.addItem("", key)
        self.date_from = QDateEdit()
        self.date_from.setObjectName("date_from")
        self.date_to = QDateEdit()
        self.date_to.setObjectName("date_to")
        self.dash = QLabel(" – ")
        for w in (self.label, self.combo, self.date_from, self.dash, self.date_to):
            layout.addWidget(w)
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setEnabled(state.range_key == RANGE_CUSTOM)
            w.dateChanged.connect(self._on_dates)
        self.combo.setCurrentIndex(max(0, self.combo.findData(state.range_key)))
        self.combo.currentIndexChanged.connect(self._on_combo)
        state.range_changed.connect(self._show_state)

    def retranslate(self) -> None:
        self.label.setText(self.tr("Dates: "))
        labels = {RANGE_ALL: self.tr("All data"), RANGE_TODAY: self.tr("Latest day"),
                  RANGE_YESTERDAY: self.tr("Day before latest"), RANGE_LAST7: self.tr("Last 7 days"),
                  RANGE_CUSTOM: self.tr("Custom…")}
        for i in range(self.combo.count()):
            self.combo.setItemText(i, labels[self.combo.itemData(i)])
        self.combo.setToolTip(
            self.tr("'Latest day' is the newest day in the data, so an old export reads as it did that day"))

    def set_range(self, key: str, start: Optional[dt.date] = None, end: Optional[dt.date] = None) -> None:
        """Choose a preset or custom dates (the state announces the change; the window recomputes)."""
        self._set_edits(start, end)
        self.state.set_range(key, start, end)

    def _set_edits(self, start: Optional[dt.date], end: Optional[dt.date]) -> None:
        for w, day in ((self.date_from, start), (self.date_to, end)):
            if day is not None:
                w.blockSignals(True)
                w.setDate(_qdate(day))
                w.blockSignals(False)

    def _on_combo(self) -> None:
        key = self.combo.currentData()
        if key == RANGE_CUSTOM:
            # custom starts from the dates shown (the range on screen until now)
            self.state.custom_start = self.date_from.date().toPython()
            self.state.custom_end = self.date_to.date().toPython()
        self.state.set_range(key)

    def _on_dates(self) -> None:
        self.state.custom_start = self.date_from.date().toPython()
        self.state.custom_end = self.date_to.date().toPython()
        if self.state.range_key == RANGE_CUSTOM:
            self.dates_typed.emit()

    def _show_state(self) -> None:
        key = self.state.range_key
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findData(key)))
        self.combo.blockSignals(False)
        for w in (self.date_from, self.date_to):
            w.setEnabled(key == RANGE_CUSTOM)

    def sync(self) -> None:
        """Bound the custom dates to the data's range and show the range in use."""
        rng = self.state.data_range()
        if rng is None:
            return
        lo, hi = (_qdate(d) for d in rng)
        for w in (self.date_from, self.date_to):
            w.blockSignals(True)
            w.setDateRange(lo.addDays(-366), hi.addDays(366))
            w.blockSignals(False)
        if self.state.range_key != RANGE_CUSTOM:
            start, end = self.state.selected_dates()
            self._set_edits(start or rng[0], end or rng[1])
