"""AppraisalTable: every agent's appraisal, best first, the team average and the selected agent's card.

Part of the Appraisal page (ui/views/appraisal.py). ``show(appraisal, compared)`` fills it; an edit
that changes numbers only changes the cells' texts (no new items, widths kept), so re-scoring while the
user types stays quick. Double-clicking a points cell or a line of the card emits
``drill_requested(agent, kpi)`` with the agents column behind the figure.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.appraisal.appraise import Appraisal
from ...core.appraisal.labels import kind
from ...core.appraisal.scheme import DEDUCTION_KPIS
from ..money import money
from .scheme_editor import kpi_label

#: item roles on the result cells: the agent and the agents column a cell drills to
AgentRole = Qt.ItemDataRole.UserRole
KpiRole = Qt.ItemDataRole.UserRole + 1


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _points(value: Any) -> str:
    return "–" if _blank(value) else f"{value:,.2f}"


def _value(kpi: str, value: Any) -> str:
    if _blank(value):
        return "–"
    k = kind(kpi)
    if k == "%":
        return f"{100 * value:.2f}%"
    if k == "¥":
        return money(value)
    if k == "s":
        return f"{value:.1f}s"
    return f"{value:,.4g}"


def _money(value: Any) -> str:
    return "–" if _blank(value) else money(value)


def _delta(value: Any, fmt) -> str:
    if _blank(value):
        return "–"
    return ("+" if value > 0 else "") + fmt(value) if value >= 0 else "−" + fmt(-value)


class AppraisalTable(QWidget):
    """The ranked table over the team average and the selected agent's card."""

    #: a points cell was double-clicked: (agent, agents column behind the figure)
    drill_requested = Signal(str, str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._appraisal: Optional[Appraisal] = None
        self._compared: Optional[Appraisal] = None
        self._compare_name = ""
        self._rows: list[int] = []  # table row -> row of the appraisal's agents frame (best first)
        self._heads: list[str] = []  # the table's headers (a change rebuilds the items and widths)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.itemDoubleClicked.connect(self._drill)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_card(row))
        self.team_label = QLabel(self)
        self.team_label.setWordWrap(True)
        self.card_label = QLabel(self)
        self.card = QTableWidget(0, 5, self)
        self.card.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.card.verticalHeader().setVisible(False)
        self.card.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.card.itemDoubleClicked.connect(self._drill)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.team_label)
        layout.addWidget(self.card_label)
        layout.addWidget(self.card, 2)
        self.retranslate()

    def show_appraisal(self, appraisal: Optional[Appraisal], compared: Optional[Appraisal] = None,
                       compare_name: str = "") -> None:
        """Show ``appraisal`` (None clears), beside ``compared`` (another scheme's) when given."""
        self._appraisal, self._compared, self._compare_name = appraisal, compared, compare_name
        self._fill_table()

    def retranslate(self) -> None:
        self.card_label.setText(self.tr("The selected agent's card (double-click a line for the rows behind it):"))
        self.card.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Value"), self.tr("Points"),
                                             self.tr("Weight used"), self.tr("Weighted")])
        self._heads = []
        self._fill_table()

    def _headers(self, kpis: list[str]) -> list[str]:
        # what the agent is paid by first (Total, grade, commission), so at 1,280 px it needs no sideways scroll
        heads = [self.tr("Rank"), self.tr("Agent"), self.tr("Total"), self.tr("Grade"), self.tr("Commission")]
        heads += [kpi_label(k) for k in kpis] + [self.tr("Deducted")]
        if self._compared is not None:
            name = self._compare_name
            heads += [self.tr("Total (%1)").replace("%1", name), self.tr("Change in total"),
                      self.tr("Commission (%1)").replace("%1", name), self.tr("Change in commission")]
        return heads

    def _fill_table(self) -> None:
        a = self._appraisal
        row_before = self.table.currentRow()
        if a is None:
            self._rows = []
            self.table.clearContents()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.team_label.setText(self.tr("Open or import data to appraise the agents."))
            self._show_card(-1)
            return
        kpis = [it.kpi for it in a.scheme.items]
        heads = self._headers(kpis)
        n = len(a.agents)
        # an edit usually changes numbers only: keep the items and the column widths, change the texts
        reshaped = heads != self._heads or n != self.table.rowCount()
        self.table.blockSignals(True)
        self.table.setUpdatesEnabled(False)
        try:
            if reshaped:
                self.table.clearContents()
                self.table.setColumnCount(len(heads))
                self.table.setHorizontalHeaderLabels(heads)
                self.table.setRowCount(n)
                self._heads = heads
            self._rows = self._ranked(a)
            for i, (cells, agent) in enumerate(self._table_rows(a, kpis)):
                for col, (text, kpi) in enumerate(cells):
                    self._set_cell(i, col, text, agent, kpi)
            if reshaped:
                self.table.resizeColumnsToContents()
            if n:
                self.table.setCurrentCell(min(max(row_before, 0), n - 1), 1)
        finally:
            self.table.setUpdatesEnabled(True)
            self.table.blockSignals(False)
        team = self.tr("Team average: total %1, commission %2").replace("%1", _points(a.team.get("total"))) \
            .replace("%2", _money(a.team.get("commission")))
        if a.missing_kpis:
            team += "  ·  " + self.tr("Not in these figures (not available): %1").replace(
                "%1", ", ".join(kpi_label(k) for k in a.missing_kpis))
        self.team_label.setText(team)
        self._show_card(self.table.currentRow())

    @staticmethod
    def _ranked(a: Appraisal) -> list[int]:
        """Table row -> agents-frame row: best first, ties in the agents' order (as the Excel 绩效 sheet)."""
        n = len(a.agents)
        return np.lexsort((np.arange(n), np.nan_to_num(a.agents["rank"].to_numpy(dtype=float), nan=1e9))).tolist()

    def _table_rows(self, a: Appraisal, kpis: list[str]):
        """(cells [(text, drill kpi)], agent) per table row, from column arrays (no per-cell pandas)."""
        n, k = len(a.agents), len(kpis)
        cols = {c: a.agents[c].tolist() for c in ("agent", "rank", "deducted", "total", "grade", "commission")}
        points = a.items["points"].to_numpy().reshape(n, k).tolist() if n else []
        other = {}
        if self._compared is not None:
            b = self._compared.agents
            other = dict(zip(b["agent"].tolist(), zip(b["total"].tolist(), b["commission"].tolist())))
        for src in self._rows:
            agent, rank, total, com = cols["agent"][src], cols["rank"][src], cols["total"][src], cols["commission"][src]
            cells = [("–" if _blank(rank) else str(int(rank)), None), (agent, None), (_points(total), None),
                     (cols["grade"][src] or "–", None), (_money(com), "sales")]
            cells += [(_points(p), kpi) for p, kpi in zip(points[src], kpis)]
            cells.append((_points(cols["deducted"][src]), None))
            if self._compared is not None:
                total_b, com_b = other.get(agent, (np.nan, np.nan))
                cells += [(_points(total_b), None), (_delta(total - total_b, _points), None),
                          (_money(com_b), None), (_delta(com - com_b, _money), None)]
            yield cells, agent

    def _set_cell(self, row: int, col: int, text: str, agent: str, kpi: Optional[str]) -> None:
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem(text)
            if col != 1:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if kpi:
                item.setToolTip(self.tr("Double-click for the rows behind this figure"))
            self.table.setItem(row, col, item)
        elif item.text() != text:
            item.setText(text)
        if item.data(AgentRole) != agent:
            item.setData(AgentRole, agent)
        if item.data(KpiRole) != kpi:
            item.setData(KpiRole, kpi)

    def _show_card(self, row: int) -> None:
        a = self._appraisal
        self.card.setRowCount(0)
        if a is None or not 0 <= row < len(a.agents) or row >= len(self._rows):
            return
        row = self._rows[row]  # table row -> the agents frame's row
        agent = str(a.agents["agent"].iloc[row])
        k, m = len(a.scheme.items), len(a.scheme.deductions)
        lines: list[tuple[list[str], Optional[str]]] = []
        items = a.items.iloc[row * k:(row + 1) * k]
        for kpi, value, points, weight, weighted in zip(*(items[c].tolist() for c in (
                "kpi", "value", "points", "weight", "weighted"))):
            lines.append(([kpi_label(kpi), _value(kpi, value),
                           self.tr("not available") if _blank(points) else _points(points), _points(weight),
                           _points(weighted)], kpi))
        deds = a.deductions.iloc[row * m:(row + 1) * m]
        for kpi, count, points, available in zip(*(deds[c].tolist() for c in (
                "kpi", "count", "points", "available"))):
            shown = f"{count:,.0f}" if available and not _blank(count) else self.tr("not available")
            lines.append(([self.tr("Deduction: %1").replace("%1", kpi_label(kpi)), shown, "", "",
                           _points(-points if points else 0.0)], DEDUCTION_KPIS[kpi]))
        r = a.agents.iloc[row]
        lines.append(([self.tr("Total"), "", "", "", _points(r["total"])], None))
        lines.append(([self.tr("Grade / rank"), "", "", "", f"{r['grade'] or '–'} / "
                       f"{'–' if _blank(r['rank']) else int(r['rank'])}"], None))
        lines.append(([self.tr("Commission"), _money(r["commission_base"]), "", "", _money(r["commission"])],
                      "sales"))
        if r["respread"]:
            lines.append(([self.tr("A KPI was not available: its weight was spread over the other items"),
                           "", "", "", ""], None))
        self.card.setRowCount(len(lines))
        for i, (texts, kpi) in enumerate(lines):
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(AgentRole, agent)
                if kpi:
                    item.setData(KpiRole, kpi)
                self.card.setItem(i, col, item)

    def _drill(self, item: QTableWidgetItem) -> None:
        kpi = item.data(KpiRole)
        agent = item.data(AgentRole)
        if kpi and agent:
            self.drill_requested.emit(str(agent), str(kpi))
