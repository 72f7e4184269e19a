"""Trends: daily conversion, AOV, response times and refund rate per agent or shop, and week over week.

``TrendsView.set_trends(trends, wow)`` takes ``core.trends.daily_trends`` and
``core.trends.week_over_week`` frames. The four charts and their curves are created once and
updated with ``setData`` when the data or the selected agent changes.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import pyqtgraph as pg  # after PySide6

from ..charts.day_axis import DayAxis

from ...core.trends import MIN_WOW_BASE, too_few
from ..money import money, symbol

_C = "TrendsView"
_DAY_S = 86400.0
# the shop's entry in the agent selector (item data; agents use their sub-account name)
SHOP = "__shop__"

# chart key -> title; curves: (trend column, legend label, colour, dashed)
CHARTS = {
    "conversion": QT_TRANSLATE_NOOP("TrendsView", "Inquiry conversion rate (%)"),
    "aov": QT_TRANSLATE_NOOP("TrendsView", "Average order value (¥)"),
    "response": QT_TRANSLATE_NOOP("TrendsView", "Response times (s)"),
    "refund": QT_TRANSLATE_NOOP("TrendsView", "Refund rate (%)"),
}
CURVES = {
    "conversion": [("conversion_rate", QT_TRANSLATE_NOOP("TrendsView", "conversion"), (200, 80, 40), False)],
    "aov": [("aov", QT_TRANSLATE_NOOP("TrendsView", "AOV"), (60, 120, 200), False)],
    "response": [
        ("first_response_mean_s", QT_TRANSLATE_NOOP("TrendsView", "first response, mean"), (200, 60, 60),
         False),
        ("first_response_median_s", QT_TRANSLATE_NOOP("TrendsView", "first response, median"), (200, 60, 60),
         True),
        ("response_mean_s", QT_TRANSLATE_NOOP("TrendsView", "average response, mean"), (40, 120, 80), False),
        ("response_median_s", QT_TRANSLATE_NOOP("TrendsView", "average response, median"), (40, 120, 80),
         True),
    ],
    "refund": [("refund_rate", QT_TRANSLATE_NOOP("TrendsView", "refund rate"), (120, 80, 160), False)],
}
# columns that need chats (the charts open on the days that have them)
CHAT_COLUMNS = ("conversion_rate", "first_response_mean_s", "first_response_median_s", "response_mean_s",
                "response_median_s")
# columns shown as percentages (stored as fractions)
_PERCENT = {"conversion_rate", "refund_rate"}

METRICS = {
    "conversion_rate": QT_TRANSLATE_NOOP("TrendsView", "Conversion rate"),
    "aov": QT_TRANSLATE_NOOP("TrendsView", "AOV"),
    "sales": QT_TRANSLATE_NOOP("TrendsView", "Sales"),
    "inquiring_buyers": QT_TRANSLATE_NOOP("TrendsView", "Inquiring buyers"),
    "first_response_mean_s": QT_TRANSLATE_NOOP("TrendsView", "First response, mean (s)"),
    "response_mean_s": QT_TRANSLATE_NOOP("TrendsView", "Average response, mean (s)"),
    "refund_rate": QT_TRANSLATE_NOOP("TrendsView", "Refund rate"),
}
HEADERS = [
    QT_TRANSLATE_NOOP("TrendsView", "Agent"),
    QT_TRANSLATE_NOOP("TrendsView", "Figure"),
    QT_TRANSLATE_NOOP("TrendsView", "This week"),
    QT_TRANSLATE_NOOP("TrendsView", "Previous week"),
    QT_TRANSLATE_NOOP("TrendsView", "Change"),
    QT_TRANSLATE_NOOP("TrendsView", "Relative change"),
]
COL_AGENT, COL_METRIC, COL_THIS, COL_PREV, COL_CHANGE, COL_REL = range(6)
_GOOD = QColor(30, 130, 60)
_BAD = QColor(190, 40, 40)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_C, text)


class TrendsView(QWidget):
    """Line charts of the daily KPIs for one agent (or the shop) and the week-over-week table."""

    def __init__(self, parent: Optional[QWidget] = None, state: Any = None) -> None:
        super().__init__(parent)
        #: the AppState whose precomputed trends are shown (None: computed from the results here)
        self._state = state
        self._trends: Optional[pd.DataFrame] = None
        self._wow: Optional[pd.DataFrame] = None
        self.agent_label = QLabel(self)
        self.agent_combo = QComboBox(self)
        self.agent_combo.setMinimumContentsLength(16)
        self.agent_combo.currentIndexChanged.connect(self._update_charts)
        self.period_label = QLabel(self)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.plots: dict[str, pg.PlotWidget] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}  # keyed by trend column
        self.legends: dict[str, pg.LegendItem] = {}
        grid = QGridLayout()
        for i, key in enumerate(CHARTS):
            plot = pg.PlotWidget(self, axisItems={"bottom": DayAxis(orientation="bottom")})
            plot.setBackground("w")
            plot.setMinimumHeight(160)
            plot.showGrid(x=False, y=True, alpha=0.25)
            plot.setMouseEnabled(x=True, y=False)
            plot.hideButtons()
            plot.getViewBox().setDefaultPadding(0.06)  # the first and last points are never cut
            for column, _label, colour, dashed in CURVES[key]:
                style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
                pen = pg.mkPen(colour, width=2, style=style)
                curve = pg.PlotDataItem([], [], pen=pen, symbol="o", symbolSize=5, symbolBrush=colour,
                                        symbolPen=None)
                plot.addItem(curve)
                self.curves[column] = curve
            self.plots[key] = plot
            grid.addWidget(plot, i // 2, i % 2)

        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.wow_label = QLabel(self)

        top = QHBoxLayout()
        top.addWidget(self.agent_label)
        top.addWidget(self.agent_combo)
        top.addStretch(1)
        top.addWidget(self.period_label)
        charts = QWidget(self)
        charts.setLayout(grid)
        bottom = QWidget(self)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.wow_label)
        bl.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("TrendsSplitter")
        self.splitter.addWidget(charts)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.splitter, 1)
        self.retranslate_ui()
        self.set_trends(None, None)

    # --- public API ---------------------------------------------------------------------------
    def set_results(self, results: Any) -> None:
        """View protocol: the trends of ``results`` (the window's run computed them off the GUI thread)."""
        if results is None:
            self.set_trends(None, None)
        elif self._state is not None:
            self.set_trends(*self._state.trends)
        else:
            from ...core import trends as trends_mod

            daily = trends_mod.daily_trends(results)
            self.set_trends(daily, trends_mod.week_over_week(daily, results.as_of))

    def retranslate(self) -> None:
        self.retranslate_ui()

    def set_trends(self, trends: Optional[pd.DataFrame], wow: Optional[pd.DataFrame]) -> None:
        """Show ``daily_trends`` and ``week_over_week`` frames (None clears the view)."""
        self._trends = trends if trends is not None and len(trends) else None
        self._wow = wow if wow is not None and len(wow) else None
        previous = self.agent_combo.currentData()
        self.agent_combo.blockSignals(True)
        self.agent_combo.clear()
        if self._trends is not None:
            if (self._trends["scope"] == "shop").any():
                self.agent_combo.addItem(self.tr("Whole shop"), SHOP)
            agents = sorted(self._trends.loc[self._trends["scope"] == "agent", "agent"].astype(str).unique())
            for agent in agents:
                self.agent_combo.addItem(agent, agent)
        idx = self.agent_combo.findData(previous) if previous is not None else -1
        self.agent_combo.setCurrentIndex(idx if idx >= 0 else 0)
        self.agent_combo.blockSignals(False)
        has = self._trends is not None
        self.empty_label.setVisible(not has)
        self.splitter.setVisible(has)
        self._update_charts()
        self._fill_table()

    def selected(self) -> Optional[str]:
        """The agent shown in the charts, ``SHOP`` for the whole shop, None without data."""
        return self.agent_combo.currentData()

    def select(self, agent: str) -> bool:
        """Show ``agent`` (or ``SHOP``); False when it is not in the data."""
        idx = self.agent_combo.findData(agent)
        if idx >= 0:
            self.agent_combo.setCurrentIndex(idx)
        return idx >= 0

    # --- internals ------------------------------------------------------------------------------
    def _rows(self) -> pd.DataFrame:
        t = self._trends
        key = self.selected()
        if t is None or key is None:
            return pd.DataFrame()
        if key == SHOP:
            rows = t[t["scope"] == "shop"]
        else:
            rows = t[(t["scope"] == "agent") & (t["agent"].astype(str) == key)]
        return rows.sort_values("day")

    def _update_charts(self) -> None:
        rows = self._rows()
        if len(rows):
            # every calendar day, so a day without data is a gap in the line, not a straight segment
            days = pd.to_datetime(rows["day"])
            rows = rows.set_index(days).reindex(pd.date_range(days.min(), days.max(), freq="D"))
            rows["day"] = rows.index
            rows = rows.reset_index(drop=True)
            day = rows["day"].to_numpy(dtype="datetime64[ns]")
            # epoch seconds at midday: DateAxisItem labels the right date in any UTC offset
            x = day.astype("int64") / 1e9 + _DAY_S / 2
        else:
            x = np.empty(0)
        for key in CHARTS:
            for column, *_ in CURVES[key]:
                y = rows[column].to_numpy(dtype="float64") if len(rows) and column in rows else np.empty(0)
                if column in _PERCENT:
                    y = y * 100.0
                if np.isfinite(y).any():
                    self.curves[column].setData(x, y, connect="finite")
                else:  # nothing to draw (no chats in the range): an empty curve, not an all-NaN one
                    self.curves[column].setData([], [])
            if len(x):
                self.plots[key].setXRange(self._focus_start(rows, x) - _DAY_S, float(x.max()) + _DAY_S,
                                          padding=0)
            # the y axis fits the days in view (not the older ones a drag away)
            self.plots[key].setAutoVisible(y=True)
            self.plots[key].enableAutoRange(axis="y")

    @staticmethod
    def _focus_start(rows: pd.DataFrame, x: np.ndarray) -> float:
        """Where the charts open: the first day with chat figures (older days hold only the returning
        buyers' earlier orders, which would squash the chat curves into a corner), but at least the
        two weeks that week over week compares. Older days stay a drag or a zoom away."""
        chat = np.zeros(len(rows), dtype=bool)
        for column in CHAT_COLUMNS:
            if column in rows:
                chat |= np.isfinite(rows[column].to_numpy(dtype="float64"))
        start = float(x[chat].min()) if chat.any() else float(x.min())
        return max(float(x.min()), min(start, float(x.max()) - 13 * _DAY_S))

    def _fill_table(self) -> None:
        wow = self._wow
        self.table.setRowCount(0 if wow is None else len(wow))
        if wow is None:
            self.wow_label.setText(self.tr("This week against the previous week: no data"))
            return
        span = wow.attrs.get("this_week")
        prev = wow.attrs.get("previous_week")
        if span and prev:
            self.wow_label.setText(self.tr("This week {0} – {1} against the previous week {2} – {3}").format(
                *(pd.Timestamp(d).strftime("%Y-%m-%d") for d in (*span, *prev))))
        else:
            self.wow_label.setText(self.tr("This week against the previous week"))
        for r, row in enumerate(wow.itertuples(index=False)):
            who = self.tr("Whole shop") if row.scope == "shop" else str(row.agent)
            values = [who, _tr(METRICS.get(row.metric, row.metric)),
                      _fmt(row.metric, row.this_week), _fmt(row.metric, row.previous_week),
                      _fmt(row.metric, row.change, signed=True), _pct(row.change_rel)]
            colour = None
            if row.change == row.change and row.change != 0:
                colour = _GOOD if row.improved else _BAD
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c >= COL_THIS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if colour is not None and c in (COL_CHANGE, COL_REL):
                    item.setForeground(QBrush(colour))
                if c == COL_REL and row.change_rel != row.change_rel:
                    item.setToolTip(self._no_percentage_reason(row))
                self.table.setItem(r, c, item)
        # columns as wide as their longest text (a handful of rows): no "首次响应，平…"
        for c in range(COL_REL):
            self.table.resizeColumnToContents(c)

    def _no_percentage_reason(self, row) -> str:
        """Why a week-over-week row shows no relative change."""
        base_this, base_prev = getattr(row, "base_this", np.nan), getattr(row, "base_previous", np.nan)
        if too_few(base_this, base_prev):
            return self.tr("Too few to compare as a percentage: {0} this week and {1} the week before "
                           "(at least {2} in each week)").format(
                f"{base_this:,.0f}" if base_this == base_this else "–",
                f"{base_prev:,.0f}" if base_prev == base_prev else "–", MIN_WOW_BASE)
        return self.tr("No percentage: the previous week's value is zero or missing")

    def retranslate_ui(self) -> None:
        """Set every visible string (called again when the language changes)."""
        self.agent_label.setText(self.tr("Agent:"))
        self.empty_label.setText(self.tr("No trends yet: import exports of several days to see them"))
        for key, title in CHARTS.items():
            # the money chart's title names the currency in use; the legend is a line under the title,
            # outside the plot, so it never covers the curves
            text = _tr(title).replace("¥", symbol())
            if len(CURVES[key]) > 1:
                entries = [f"<span style='color:{'#%02x%02x%02x' % colour}'>{'╍' if dashed else '━'} {_tr(label)}</span>"
                           for _column, label, colour, dashed in CURVES[key]]
                text += "<br><span style='font-size:8pt'>" + " &nbsp; ".join(entries) + "</span>"
            self.plots[key].setTitle(text)
        self.table.setHorizontalHeaderLabels([_tr(h) for h in HEADERS])
        idx = self.agent_combo.findData(SHOP)
        if idx >= 0:
            self.agent_combo.setItemText(idx, self.tr("Whole shop"))
        if self._wow is not None or self.table.rowCount() == 0:
            self._fill_table()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _nan(value) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _fmt(metric: str, value, signed: bool = False) -> str:
    if _nan(value):
        return "–"
    v = float(value)
    sign = "+" if signed and v > 0 else ""
    if metric in _PERCENT:
        # a change of a rate is in percentage points: "pp" in English, 个百分点 in Chinese
        points = QCoreApplication.translate("TrendsView", "%1 pp").replace("%1", f"{sign}{v * 100:.2f}")
        return f"{sign}{v * 100:.2f}%" if not signed else points
    if metric in ("aov", "sales"):
        return f"{sign}{money(v)}"
    if metric.endswith("_s"):
        return f"{sign}{v:,.1f} s"
    return f"{sign}{v:,.0f}"


def _pct(value) -> str:
    if _nan(value):
        return "–"
    v = round(float(value) * 100, 1)
    if v == 0:
        return "0.0%"  # not "-0.0%" for a change too small to show
    return f"{'+' if v > 0 else ''}{v:.1f}%"
