"""Appraisal (绩效考核): edit a scheme and see every agent's points, total, grade, rank and 提成 at once.

The page scores the figures of the results it is given (``set_results``; the window's date range), so
every edit in the scheme form re-scores in milliseconds (core.appraisal works on ``results.agents``).
A second scheme can be compared side by side: each agent's change in total and commission. Double-
clicking a points cell (or a line of the agent's card) emits ``drill_requested(agent, kpi)`` with the
agents column behind it, which the main window opens as the rows behind the figure.

For the Excel export the window calls ``attach_to(results)`` (or ``core.appraisal.report.attach``) so
the report's 绩效 sheets use the scheme on this page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.appraisal.appraise import Appraisal, appraise, results_period
from ...core.appraisal.labels import kind
from ...core.appraisal.report import attach
from ...core.appraisal.scheme import DEDUCTION_KPIS, Scheme, SchemeError, load_default_scheme, load_scheme, \
    save_scheme
from ..bilingual import describe
from ..money import money
from ..widgets.appraisal_months import AppraisalMonths
from ..widgets.scheme_editor import SchemeEditor, kpi_label

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


class AppraisalView(QWidget):
    """Scheme form (left); every agent's result, the team average and the selected agent's card (right)."""

    #: a points cell was double-clicked: (agent, agents column behind the figure)
    drill_requested = Signal(str, str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._results: Any = None
        self._appraisal: Optional[Appraisal] = None
        self._compare: Optional[Scheme] = None
        self._compared: Optional[Appraisal] = None
        self._opened: Optional[Scheme] = None  # the scheme as opened (before edits): compare against it
        self._path: Optional[Path] = None
        self._rows: list[int] = []  # table row -> row of the appraisal's agents frame (best first)
        self._heads: list[str] = []  # the table's headers (a change rebuilds the items and widths)

        self.scheme_label = QLabel(self)
        self.default_button = QPushButton(self)
        self.default_button.clicked.connect(self.use_default_scheme)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self._choose_open)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self._choose_save)
        self.compare_opened_button = QPushButton(self)
        self.compare_opened_button.clicked.connect(lambda: self.set_compare_scheme(self._opened))
        self.compare_file_button = QPushButton(self)
        self.compare_file_button.clicked.connect(self._choose_compare)
        self.compare_stop_button = QPushButton(self)
        self.compare_stop_button.clicked.connect(lambda: self.set_compare_scheme(None))
        self.message_label = QLabel(self)  # file errors and saves, inside the page (no pop-ups)
        self.message_label.setWordWrap(True)
        self.period_label = QLabel(self)

        self.editor = SchemeEditor(self)
        self.editor.scheme_changed.connect(self._scheme_edited)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)

        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.itemDoubleClicked.connect(self._drill)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_card(row))
        self.team_label = QLabel(self)
        self.card_label = QLabel(self)
        self.card = QTableWidget(0, 5, self)
        self.card.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.card.verticalHeader().setVisible(False)
        self.card.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.card.itemDoubleClicked.connect(self._drill)

        current = QWidget(self)
        rv = QVBoxLayout(current)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.period_label)
        rv.addWidget(self.table, 3)
        rv.addWidget(self.team_label)
        rv.addWidget(self.card_label)
        rv.addWidget(self.card, 2)
        self.months = AppraisalMonths(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(current, "")
        self.tabs.addTab(self.months, "")
        right = self.tabs
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("appraisal_splitter")
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        top = QHBoxLayout()
        for w in (self.scheme_label, self.default_button, self.open_button, self.save_button):
            top.addWidget(w)
        top.addSpacing(16)
        for w in (self.compare_opened_button, self.compare_file_button, self.compare_stop_button):
            top.addWidget(w)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(splitter, 1)
        self.retranslate()
        try:
            self.set_scheme(load_default_scheme())
        except SchemeError as exc:  # a broken installation: say so on the page
            self.message_label.setText(describe(exc))

    # --- public API --------------------------------------------------------------------------------
    def set_results(self, results: Any) -> None:
        """Score the agents of ``results`` (None clears the page)."""
        self._results = results
        self._recompute()

    def set_scheme(self, scheme: Scheme, path: Optional[Path] = None) -> None:
        """Put ``scheme`` in the form (it becomes the "as opened" scheme to compare against)."""
        self._opened = scheme
        self._path = Path(path) if path else None
        self.editor.set_scheme(scheme)

    def scheme(self) -> Optional[Scheme]:
        return self.editor.scheme()

    def appraisal(self) -> Optional[Appraisal]:
        """The current appraisal (scheme on the page × the results' agents), or None."""
        return self._appraisal

    def compared(self) -> Optional[Appraisal]:
        return self._compared

    def set_compare_scheme(self, scheme: Optional[Scheme]) -> None:
        """Compare with ``scheme`` side by side (None stops comparing)."""
        self._compare = scheme
        self._recompute()

    def attach_to(self, results: Any) -> None:
        """Set ``results.appraisal`` from this page's scheme (for the Excel and JSON exports)."""
        attach(results, self.scheme())

    def load_file(self, path: str | Path) -> bool:
        """Open a scheme file; a bad file is reported on the page and changes nothing."""
        try:
            scheme = load_scheme(path)
        except SchemeError as exc:
            self.message_label.setText(describe(exc))
            return False
        self.set_scheme(scheme, Path(path))
        self.message_label.setText(self.tr("Opened %1").replace("%1", str(path)))
        return True

    def save_file(self, path: str | Path) -> bool:
        scheme = self.scheme()
        if scheme is None:
            return False
        try:
            save_scheme(scheme, path)
        except OSError as exc:
            self.message_label.setText(self.tr("Cannot save %1: %2").replace("%1", str(path))
                                       .replace("%2", exc.strerror or str(exc)))
            return False
        self._path = Path(path)
        self._opened = scheme
        self.message_label.setText(self.tr("Saved %1").replace("%1", str(path)))
        return True

    def use_default_scheme(self) -> None:
        try:
            self.set_scheme(load_default_scheme())
        except SchemeError as exc:
            self.message_label.setText(describe(exc))

    def retranslate(self) -> None:
        self.default_button.setText(self.tr("Default scheme"))
        self.open_button.setText(self.tr("Open scheme…"))
        self.save_button.setText(self.tr("Save scheme as…"))
        self.compare_opened_button.setText(self.tr("Compare with the scheme as opened"))
        self.compare_file_button.setText(self.tr("Compare with a file…"))
        self.compare_stop_button.setText(self.tr("Stop comparing"))
        self.card_label.setText(self.tr("The selected agent's card (double-click a line for the rows behind it):"))
        self.card.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Value"), self.tr("Points"),
                                             self.tr("Weight used"), self.tr("Weighted")])
        self.tabs.setTabText(0, self.tr("Agents"))
        self.tabs.setTabText(1, self.tr("Month by month"))
        self.editor.retranslate()
        self.months.retranslate()
        self._recompute()

    #: the name the main window calls today (the window split renames it to retranslate)
    retranslate_ui = retranslate

    # --- file dialogs ------------------------------------------------------------------------------
    def _filter(self) -> str:
        return self.tr("Appraisal schemes (*.json)")

    def _choose_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open an appraisal scheme"), "", self._filter())
        if path:
            self.load_file(path)

    def _choose_save(self) -> None:
        start = str(self._path) if self._path else "scheme.json"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the appraisal scheme"), start, self._filter())
        if path:
            self.save_file(path)

    def _choose_compare(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Compare with a scheme"), "", self._filter())
        if not path:
            return
        try:
            self.set_compare_scheme(load_scheme(path))
        except SchemeError as exc:
            self.message_label.setText(describe(exc))

    # --- scoring and the tables ------------------------------------------------------------------------
    def _scheme_edited(self, _scheme: Scheme) -> None:
        self._recompute()

    def _score(self, scheme: Optional[Scheme]) -> Optional[Appraisal]:
        results = self._results
        if scheme is None or results is None or getattr(results, "agents", None) is None:
            return None
        start, end = results_period(results)
        return appraise(results.agents, scheme, settings=getattr(results, "settings", None), start=start, end=end)

    def _recompute(self) -> None:
        scheme = self.scheme()
        self.scheme_label.setText(self.tr("Scheme: %1").replace("%1", scheme.name if scheme else "–"))
        self._appraisal = self._score(scheme)
        self._compared = self._score(self._compare) if self._compare is not None else None
        self.compare_stop_button.setEnabled(self._compare is not None)
        self.months.set_results(self._results)
        self.months.set_scheme(scheme)
        self._fill_table()

    def _headers(self, kpis: list[str]) -> list[str]:
        heads = [self.tr("Rank"), self.tr("Agent")] + [kpi_label(k) for k in kpis]
        heads += [self.tr("Deducted"), self.tr("Total"), self.tr("Grade"), self.tr("Commission")]
        if self._compared is not None:
            name = self._compare.name
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
            self.period_label.setText(self.tr("Open or import data to appraise the agents."))
            self.team_label.setText("")
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
        self.period_label.setText(self.tr("Period: %1 – %2 (the figures of the date range in the window)")
                                  .replace("%1", a.start or "–").replace("%2", a.end or "–"))
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
            cells = [("–" if _blank(rank) else str(int(rank)), None), (agent, None)]
            cells += [(_points(p), kpi) for p, kpi in zip(points[src], kpis)]
            cells += [(_points(cols["deducted"][src]), None), (_points(total), None),
                      (cols["grade"][src] or "–", None), (_money(com), "sales")]
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
