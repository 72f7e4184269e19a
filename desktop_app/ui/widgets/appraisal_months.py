"""AppraisalMonths: one agent's months side by side (points per item, total, grade, rank, 提成).

The monthly figures come from the results' own rows (core.appraisal.months), computed once per results
and only while the tab is visible; a scheme edit then re-scores the months in milliseconds.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.appraisal.months import agent_months, monthly_agents, monthly_appraisals
from ...core.appraisal.scheme import Scheme
from ..money import money
from .scheme_editor import kpi_label


def _text(value: Any, fmt: str = "{:,.2f}") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return fmt.format(value) if not isinstance(value, str) else value


class AppraisalMonths(QWidget):
    """Agent chooser over a table with one row per calendar month of the results' range."""

    def __init__(self, parent: Optional[QWidget] = None, months: Optional[Callable[[], dict]] = None) -> None:
        super().__init__(parent)
        #: month -> agents frame of the results (the page shares its cache); default: computed here
        self._provider = months or (lambda: monthly_agents(self._results))
        self._results: Any = None
        self._scheme: Optional[Scheme] = None
        self._months: Optional[dict] = None  # month -> agents frame, for self._results
        self._dirty = True
        self.agent_label = QLabel(self)
        self.agent_combo = QComboBox(self)
        self.agent_combo.setMinimumContentsLength(16)
        self.agent_combo.currentIndexChanged.connect(lambda _i: self._fill())
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.agent_label)
        top.addWidget(self.agent_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note_label)
        layout.addWidget(self.table, 1)
        self._appraisals: dict = {}
        self.retranslate()

    def set_results(self, results: Any) -> None:
        if results is not self._results:
            self._results = results
            self._months = None
        self._dirty = True
        self.refresh()

    def set_scheme(self, scheme: Optional[Scheme]) -> None:
        self._scheme = scheme
        self._dirty = True
        self.refresh()

    def refresh(self) -> None:
        """Recompute when shown and something changed (the window calls it when the tab opens)."""
        if not self._dirty or not self.isVisible():
            return
        self._dirty = False
        results, scheme = self._results, self._scheme
        if results is None or scheme is None:
            self._appraisals = {}
        else:
            if self._months is None:
                self._months = self._provider()
            self._appraisals = monthly_appraisals(self._months, scheme, getattr(results, "settings", None))
        agents = sorted({a for ap in self._appraisals.values() for a in ap.agents["agent"].tolist()})
        current = self.agent_combo.currentText()
        self.agent_combo.blockSignals(True)
        self.agent_combo.clear()
        self.agent_combo.addItems(agents)
        if current in agents:
            self.agent_combo.setCurrentText(current)
        self.agent_combo.blockSignals(False)
        self._fill()

    def showEvent(self, event) -> None:  # Qt override
        super().showEvent(event)
        self.refresh()

    def retranslate(self) -> None:
        self.agent_label.setText(self.tr("Agent:"))
        self._dirty = True
        self.refresh()

    def rows(self) -> list[dict[str, str]]:
        """The table's texts by header (for tests and copying)."""
        heads = [self.table.horizontalHeaderItem(c).text() for c in range(self.table.columnCount())]
        return [dict(zip(heads, [self.table.item(r, c).text() for c in range(self.table.columnCount())]))
                for r in range(self.table.rowCount())]

    def _fill(self) -> None:
        agent = self.agent_combo.currentText()
        self.table.clear()
        if not agent or not self._appraisals:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.note_label.setText(self.tr("No months to show."))
            return
        frame = agent_months(self._appraisals, agent)
        kpis = [it.kpi for it in self._scheme.items]
        heads = [self.tr("Month")] + [kpi_label(k) for k in kpis] + [
            self.tr("Deducted"), self.tr("Total"), self.tr("Grade"), self.tr("Rank"), self.tr("Commission")]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(frame))
        for i, r in enumerate(frame.to_dict("records")):
            texts = [r["month"]] + [_text(r[k]) for k in kpis] + [
                _text(r["deducted"]), _text(r["total"]), _text(r["grade"]),
                _text(r["rank"], "{:.0f}"), "–" if r["commission"] != r["commission"] else money(r["commission"])]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        missing = sorted({k for ap in self._appraisals.values() for k in ap.missing_kpis})
        note = self.tr("Each month scored on that month's own figures.")
        if missing:
            note += " " + self.tr("Figures made for the whole range only are not available per month: %1").replace(
                "%1", ", ".join(kpi_label(k) for k in missing))
        self.note_label.setText(note)
