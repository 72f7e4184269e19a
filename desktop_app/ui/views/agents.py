"""Agents: the per-agent scorecard coloured against the targets, and charts for the selected agents."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.model.kpis import drill_kinds
from ...core.model.results import Results
from ..charts.daily import DailyChart
from ..charts.heatmap import TrafficHeatmap
from ..charts.histogram import ResponseHistogram
from ..unavailable_text import no_chats
from ..widgets.chart_frame import ChartFrame
from ..widgets.column_groups import ColumnGroupsButton, apply_groups
from ..widgets.table_view import FrameTableView
from .agents_turns import agent_turns as _agent_turns, turn_buffers as _buffers

from .agents_columns import NOT_KPI as _NOT_KPI, scorecard_columns  # noqa: F401 (scorecard_columns: used by tests)


class AgentsView(QWidget):
    """Scorecard table (one row per agent) over charts for the selected agents."""

    #: the user double-clicked a KPI cell: (agent, kpi column key)
    drill_requested = Signal(str, str)

    def __init__(self, parent: Optional[QWidget] = None, state=None) -> None:
        super().__init__(parent)
        #: the AppState: its settings remember which column groups are hidden (None: this session only)
        self._settings = getattr(state, "settings", None)
        self._results: Optional[Results] = None
        self._charted: Optional[tuple] = None  # the turn charts' (key, turns, empty text): _refresh_charts
        self._daily_drawn: Optional[tuple] = None  # the daily chart's figures, agents and texts: _refresh_daily
        self.day_label = QLabel(self)
        self.day_combo = QComboBox(self)
        self.day_combo.setMinimumContentsLength(12)
        self.day_combo.currentIndexChanged.connect(self._refresh_table)
        self.hint_label = QLabel(self)
        self.table = FrameTableView(self, export_name="agents")
        self.table.freeze_first_column()  # the agent's name stays while the 36 columns scroll
        self.table.cell_activated.connect(self._on_cell_activated)
        hidden = self._settings.hidden_column_groups() if self._settings is not None else []
        self.groups_button = ColumnGroupsButton(hidden, self)
        self.groups_button.hidden_changed.connect(self._on_groups_changed)
        self.table.model.modelReset.connect(self._apply_groups)
        self.log_check = QCheckBox(self)
        self.log_check.toggled.connect(self._on_log_toggled)

        self.charts_label = QLabel(self)
        self.charts_label.setWordWrap(True)
        self.first_hist = ResponseHistogram(self, targets=(6.0, 10.0, 15.0))
        self.response_hist = ResponseHistogram(self, targets=(16.0,))
        self.daily = DailyChart(self)
        self.heatmap = TrafficHeatmap(self)
        self.first_box = self._boxed(self.first_hist)
        self.response_box = self._boxed(self.response_hist)
        self.daily_box = self._boxed(self.daily)
        self.heatmap_box = self._boxed(self.heatmap)
        charts = QWidget(self)
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.charts_label, 0, 0, 1, 2)  # which agents the charts show
        grid.addWidget(self.first_box, 1, 0)
        grid.addWidget(self.response_box, 1, 1)
        grid.addWidget(self.daily_box, 2, 0)
        grid.addWidget(self.heatmap_box, 2, 1)

        top = QHBoxLayout()
        top.addWidget(self.day_label)
        top.addWidget(self.day_combo)
        top.addWidget(self.hint_label, 1)
        top.addWidget(self.groups_button)
        top.addWidget(self.log_check)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("agents_splitter")
        splitter.addWidget(self.table)
        splitter.addWidget(charts)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.table.table.selectionModel().selectionChanged.connect(self._refresh_charts)
        self.table.model.modelReset.connect(self._refresh_charts)
        self.table.frame_updated.connect(self._refresh_charts)  # a What-if move: the same agents, new figures
        # one date selector: the toolbar's range decides the days; no second picker on screen
        self.day_label.hide()
        self.day_combo.hide()
        self.retranslate_ui()
        self.set_results(None)

    def _apply_groups(self, *_args) -> None:
        model = self.table.model
        apply_groups(self.table.table, lambda c: model.specs()[c].key, model.columnCount(),
                     self.groups_button.hidden())

    def _on_groups_changed(self, hidden: list) -> None:
        self._apply_groups()
        if self._settings is not None:
            self._settings.set_hidden_column_groups(hidden)

    @staticmethod
    def _boxed(widget: QWidget) -> ChartFrame:
        return ChartFrame(widget)

    # --- public API -------------------------------------------------------------------------
    def set_results(self, results: Optional[Results]) -> None:
        """Show ``results`` (None clears the table and charts)."""
        self._results = results
        previous = self.day_combo.currentData()
        self.day_combo.blockSignals(True)
        self.day_combo.clear()
        self.day_combo.addItem(self.tr("All days"), "")
        if results is not None and len(results.agent_days):
            for day in sorted(pd.to_datetime(results.agent_days["day"]).dropna().unique()):
                text = pd.Timestamp(day).strftime("%Y-%m-%d")
                self.day_combo.addItem(text, text)
        idx = self.day_combo.findData(previous) if previous else 0
        self.day_combo.setCurrentIndex(max(idx, 0))
        self.day_combo.blockSignals(False)
        if results is not None:
            # first responses against 6/10/15 s (golden, reasonable, limit); all turns against ≤16 s
            self.first_hist.set_targets(results.settings.first_response_targets_s)
            self.response_hist.set_targets((results.settings.response_target_s,))
        self._refresh_table()

    def selected_day(self) -> Optional[pd.Timestamp]:
        data = self.day_combo.currentData()
        return pd.Timestamp(data) if data else None

    def set_day(self, day) -> None:
        idx = 0 if day is None else self.day_combo.findData(pd.Timestamp(day).strftime("%Y-%m-%d"))
        if idx >= 0:
            self.day_combo.setCurrentIndex(idx)

    def selected_agents(self) -> list[str]:
        """Agents of the selected rows; all shown agents when nothing is selected."""
        col = self.table.model.column_of("agent")
        if col < 0:
            return []
        values = self.table.model.display_strings(col)
        rows = self.table.selected_source_rows() or self.table.model.visible_source_rows().tolist()
        return [str(values[r]) for r in rows]

    def focus_filter(self) -> None:
        self.table.focus_filter()

    def retranslate(self) -> None:
        """View protocol: every visible string again in the current language."""
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.groups_button.retranslate()
        self.day_label.setText(self.tr("Day:"))
        if self.day_combo.count():
            self.day_combo.setItemText(0, self.tr("All days"))
        self.hint_label.setText(self.tr("Double-click a figure to see the buyers and orders behind it."))
        self.log_check.setText(self.tr("Log time axis"))
        self.first_box.setTitle(self.tr("First response distribution"))
        self.response_box.setTitle(self.tr("Response time distribution (all turns)"))
        self.daily_box.setTitle(self.tr("Inquiring buyers and conversion per day"))
        self.heatmap_box.setTitle(self.tr("Buyer traffic by hour and weekday (for staffing)"))
        self.table.retranslate_ui()
        for chart in (self.first_hist, self.response_hist, self.daily, self.heatmap):
            chart.retranslate_ui()

    # --- internals ------------------------------------------------------------------------
    def _scorecard_frame(self) -> Optional[pd.DataFrame]:
        r = self._results
        if r is None:
            return None
        day = self.selected_day()
        if day is None:
            return r.agents
        days = r.agent_days
        return days[pd.to_datetime(days["day"]) == day].reset_index(drop=True)

    def _refresh_table(self, *_args) -> None:
        self.table.set_frame(self._scorecard_frame(), scorecard_columns(self._results))

    def _on_log_toggled(self, on: bool) -> None:
        self.first_hist.set_log(on)
        self.response_hist.set_log(on)

    def _on_cell_activated(self, source_row: int, key: str) -> None:
        # only figures the model can explain (kpis.drill_down knows them) open a drill-down
        if key in _NOT_KPI or key not in drill_kinds():
            return
        frame = self.table.model.frame()
        if 0 <= source_row < len(frame):
            self.drill_requested.emit(str(frame["agent"].iloc[source_row]), key)

    def _refresh_charts(self, *_args) -> None:
        r = self._results
        if r is None:
            self.charts_label.setText("")
            for box in (self.first_box, self.response_box, self.daily_box, self.heatmap_box):
                box.set_empty("")
            for hist in (self.first_hist, self.response_hist):
                hist.set_values([])
            self.daily.set_days([], [], [])
            self.heatmap.set_turns([], [])
            self._charted = self._daily_drawn = None
            return
        selected = self.selected_agents()
        agents = set(selected)
        if self.table.selected_source_rows():
            self.charts_label.setText(self.tr("Charts for: {agents}").format(agents=", ".join(selected)))
        else:
            self.charts_label.setText(self.tr("Charts for all agents (select rows to compare)"))
        day = self.selected_day()
        key = (_buffers(r.turns), tuple(sorted(agents)), day)  # a What-if threshold move keeps the turns
        if self._charted is None or self._charted[0] != key or not len(r.turns):
            turns = _agent_turns(r.turns, agents)
            empty = no_chats(r, turns) or ""  # no chat log: said in place of each chat chart, no empty axis
            self._charted = (key, r.turns, empty)  # holding the turns keeps their buffers' addresses theirs
            self._refresh_turn_charts(turns, empty, day)
        self._refresh_daily(r, agents, self._charted[2])

    def _refresh_turn_charts(self, turns: pd.DataFrame, empty: str, day) -> None:
        for box in (self.first_box, self.response_box, self.heatmap_box):
            box.set_empty(empty)
        # The heatmap keeps every day (staffing needs the weekly pattern); the histograms follow the day.
        self.heatmap.set_turns(turns["hour"].to_numpy() if len(turns) else [],
                               turns["weekday"].to_numpy() if len(turns) else [])
        if day is not None and len(turns):
            turns = turns[pd.to_datetime(turns["day"]) == day]
        first = turns["is_first"].fillna(False).astype(bool).to_numpy() if len(turns) else np.zeros(0, bool)
        waits = turns["response_s"].to_numpy(dtype="float64", na_value=np.nan) if len(turns) else np.zeros(0)
        self.first_hist.set_values(waits[first] if len(turns) else [])
        self.response_hist.set_values(waits if len(turns) else [])
        if not self.response_hist.log_chosen():  # the box shows the axis chosen by itself
            self.log_check.blockSignals(True)
            self.log_check.setChecked(self.response_hist.is_log())
            self.log_check.blockSignals(False)

    def _refresh_daily(self, r: Results, agents: set, empty: str) -> None:
        cols = [c for c in ("agent", "day", "inquiring_buyers", "paying_buyers") if c in r.agent_days.columns]
        drawn = (r.agent_days[cols], frozenset(agents), empty, self.tr("No days with data in this range"))
        kept = self._daily_drawn
        if kept is not None and kept[1:] == drawn[1:] and kept[0].equals(drawn[0]):
            return  # a What-if move that left the daily figures as they were: nothing to draw again
        self._daily_drawn = drawn
        days = r.agent_days[r.agent_days["agent"].astype(str).isin(agents)]
        if len(days):
            g = days.groupby(pd.to_datetime(days["day"]), sort=True)
            inquiring = g["inquiring_buyers"].sum(min_count=1)
            paying = g["paying_buyers"].sum(min_count=1)
            # Conversion over several agents is the ratio of the sums, not the mean of the rates.
            with np.errstate(invalid="ignore", divide="ignore"):
                rate = (paying / inquiring.where(inquiring > 0)).to_numpy(dtype="float64", na_value=np.nan)
            self.daily.set_days(inquiring.index, inquiring.to_numpy(dtype="float64", na_value=0), rate)
            self.daily_box.set_empty(empty if not (inquiring.fillna(0) > 0).any() else "")
        else:
            self.daily.set_days([], [], [])
            self.daily_box.set_empty(empty or self.tr("No days with data in this range"))

