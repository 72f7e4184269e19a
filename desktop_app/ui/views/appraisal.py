"""Appraisal (绩效考核): edit a scheme and see every agent's points, total, grade, rank and 提成 at once.

The page scores the figures of the results it is given (``set_results``; the window's date range) or,
chosen in the period box, one calendar month of them (that month's own rows, core.appraisal.months).
Every edit in the scheme form re-scores in milliseconds (core.appraisal works on the agents frame). A
second scheme can be compared side by side: each agent's change in total and commission. Double-
clicking a points cell (or a line of the agent's card) emits ``drill_requested(agent, kpi)`` with the
agents column behind it, which the main window opens as the rows behind the figure.

For the Excel export the window calls ``attach_to(results)`` so the report's 绩效 sheets show what the
page shows (this scheme, this period). ``scheme_file_changed(path)`` tells the window which scheme file
was opened or saved, to open it again next time (``load_file``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.appraisal.appraise import Appraisal, appraise, results_period
from ...core.appraisal.months import monthly_agents, months_of
from ...core.appraisal.report import attach, keep
from ...core.appraisal.scheme import Scheme, SchemeError, load_default_scheme, load_scheme, save_scheme
from ..bilingual import describe, name_in_reader_language
from ..widgets.appraisal_months import AppraisalMonths
from ..widgets.appraisal_table import AppraisalTable
from ..widgets.scheme_editor import SchemeEditor


def scheme_title(name: str) -> str:
    """A scheme's name in the reader's language when it is written in both (bilingual.py)."""
    return name_in_reader_language(name)


class AppraisalView(QWidget):
    """Scheme form (left); every agent's result, the team average and the selected agent's card (right)."""

    #: a points cell was double-clicked: (agent, agents column behind the figure)
    drill_requested = Signal(str, str)
    #: a scheme file was opened or saved (its path): the window may remember it
    scheme_file_changed = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._results: Any = None
        self._appraisal: Optional[Appraisal] = None
        self._compare: Optional[Scheme] = None
        self._compared: Optional[Appraisal] = None
        self._opened: Optional[Scheme] = None  # the scheme as opened (before edits): compare against it
        self._path: Optional[Path] = None
        self._monthly: Optional[dict] = None  # month -> agents frame of self._results (made on demand)

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

        self.period_combo = QComboBox(self)
        self.period_combo.setMinimumContentsLength(24)
        self.period_combo.currentIndexChanged.connect(lambda _i: self._recompute())
        self.results_table = AppraisalTable(self)
        self.results_table.drill_requested.connect(self.drill_requested)
        # the parts tests and the window reach
        self.table, self.card, self.team_label = (self.results_table.table, self.results_table.card,
                                                  self.results_table.team_label)
        current = QWidget(self)
        rv = QVBoxLayout(current)
        rv.setContentsMargins(0, 0, 0, 0)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_combo)
        period_row.addWidget(self.period_label, 1)
        rv.addLayout(period_row)
        rv.addWidget(self.results_table, 1)
        self.months = AppraisalMonths(self, months=self.monthly)
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
        if results is not self._results:
            self._monthly = None
        self._results = results
        self._fill_periods()
        self._recompute()

    def monthly(self) -> dict:
        """Each calendar month's agents frame of the results (computed once per results)."""
        if self._monthly is None:
            self._monthly = monthly_agents(self._results) if self._results is not None else {}
        return self._monthly

    def set_period(self, month: Optional[str]) -> None:
        """Score one calendar month ("YYYY-MM") of the results, or None for the whole range."""
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(month)))

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
        """Set ``results.appraisal`` to what this page shows (for the Excel and JSON exports)."""
        if results is self._results and self._appraisal is not None:
            keep(results, self._appraisal)
        else:
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
        self.scheme_file_changed.emit(str(path))
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
        self.scheme_file_changed.emit(str(path))
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
        self.results_table.retranslate()
        self._fill_periods()
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

    def _fill_periods(self) -> None:
        """The period box: the window's date range, then each calendar month in it."""
        chosen = self.period_combo.currentData()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        self.period_combo.addItem(self.tr("The date range in the window"), None)
        months = months_of(self._results) if self._results is not None else []
        if len(months) > 1:  # one month: the same figures as the range
            for month in months:
                self.period_combo.addItem(self.tr("Month %1").replace("%1", str(month)), str(month))
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(chosen)))
        self.period_combo.blockSignals(False)
        self.period_combo.setVisible(self.period_combo.count() > 1)

    def _score(self, scheme: Optional[Scheme]) -> Optional[Appraisal]:
        results = self._results
        if scheme is None or results is None or getattr(results, "agents", None) is None:
            return None
        settings = getattr(results, "settings", None)
        start, end = results_period(results)
        month = self.period_combo.currentData()
        if month is None:
            return appraise(results.agents, scheme, settings=settings, start=start, end=end)
        period = pd.Period(month, freq="M")
        frame = self.monthly().get(period, results.agents.iloc[0:0])
        first, last = period.start_time.strftime("%Y-%m-%d"), period.end_time.strftime("%Y-%m-%d")
        # the month inside the range: a range from the 16th shows the month from the 16th
        return appraise(frame, scheme, settings=settings, start=max(first, start or first),
                        end=min(last, end or last))

    def _recompute(self) -> None:
        scheme = self.scheme()
        self.scheme_label.setText(self.tr("Scheme: %1").replace("%1", scheme_title(scheme.name) if scheme else "–"))
        self._appraisal = self._score(scheme)
        self._compared = self._score(self._compare) if self._compare is not None else None
        self.compare_stop_button.setEnabled(self._compare is not None)
        a = self._appraisal
        self.period_label.setText("" if a is None else self.tr("Period: %1 – %2").replace(
            "%1", a.start or "–").replace("%2", a.end or "–"))
        self.results_table.show_appraisal(a, self._compared, self._compare.name if self._compare else "")
        self.months.set_results(self._results)
        self.months.set_scheme(scheme)
