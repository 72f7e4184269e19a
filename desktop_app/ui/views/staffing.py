"""Staffing (排班) page: agents needed per weekday × hour against agents on duty, and the shift plan.

``StaffingView.set_results(results)`` reads ``results.workload`` (core/model/workload.py). The target
(share within seconds) and the concurrency (measured or by hand) are what-if controls: a change recomputes
the needed agents from the workload table (core/model/staffing.py, Erlang C over 168 slots) and redraws
the map and the plan at once, without touching the messages. The map shows needed − on duty: short
(red), over (blue); hovering a cell shows the hour's arrivals, handle time, needed, on duty and actual
first-response median. No chats in the range -> the empty state "no chat log in this range".
"""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import pyqtgraph as pg  # after PySide6

from ...core.model.shift_plan import ShiftPlanError, plan_shifts
from ...core.model.staffing import staffing_table
from ..charts.heatmap import WEEKDAYS

_WEEKDAY_CONTEXT = "TrafficHeatmap"  # the weekday names are translated there already
# the map's colours: over-staffed (blue) .. balanced (white) .. short (red)
GAP_COLOURS = [(40, 90, 190), (255, 255, 255), (210, 40, 40)]


def weekday_name(d: int) -> str:
    return QCoreApplication.translate(_WEEKDAY_CONTEXT, WEEKDAYS[int(d)])


def _num(value: float, digits: int = 1) -> str:
    if value is None or not math.isfinite(float(value)):
        return "–"
    v = float(value)
    return f"{v:.0f}" if v == int(v) else f"{v:.{digits}f}"


class StaffingView(QWidget):
    """The 排班 page: what-if controls, the needed − on duty map with hover details, the shift plan."""

    # the target or concurrency changed (share, seconds, concurrency or None for measured): the window
    # may keep them in the settings
    target_changed = Signal(float, float, object)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffing_view")
        self._results = None
        self._workload = None
        self._templates: tuple = ()
        self.table = None  # the last staffing table (pandas), for the hover and the tests
        #: set while hidden: the plan of the current needs is solved when the page is shown (or read)
        self._plan_stale = False
        self.plan = None
        self.uncovered: list = []
        self.plan_error = ""
        self.grid = np.zeros((7, 24))

        outer = QVBoxLayout(self)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setObjectName("staffing_empty")
        self.stack.addWidget(self.empty_label)

        page = QWidget()
        layout = QVBoxLayout(page)
        controls = QHBoxLayout()
        self.target_label = QLabel()
        self.share = QDoubleSpinBox()
        self.share.setRange(1, 99)
        self.share.setDecimals(0)
        self.share.setValue(80)
        self.share.setSuffix(" %")
        self.within_label = QLabel()
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(0, 3600)
        self.seconds.setDecimals(0)
        self.seconds.setValue(10)
        self.concurrency_label = QLabel()
        self.by_hand = QCheckBox()
        self.concurrency = QDoubleSpinBox()
        self.concurrency.setRange(1, 20)
        self.concurrency.setDecimals(1)
        self.concurrency.setSingleStep(0.5)
        self.concurrency.setEnabled(False)
        self.measured_label = QLabel()
        for w in (self.target_label, self.share, self.within_label, self.seconds, self.concurrency_label,
                  self.by_hand, self.concurrency, self.measured_label):
            controls.addWidget(w)
        controls.addStretch(1)
        layout.addLayout(controls)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.plot = pg.PlotWidget()
        self.plot.setBackground("w")
        self.plot.setMinimumHeight(220)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.image = pg.ImageItem(np.zeros((24, 7)))
        self.image.setRect(QRectF(0, 0, 24, 7))
        self.image.setColorMap(pg.ColorMap([0.0, 0.5, 1.0], GAP_COLOURS))
        self.plot.addItem(self.image)
        # weekdays the range does not cover: greyed out (no figure), not white (balanced)
        self.outside = pg.ImageItem(np.zeros((24, 7, 4), dtype=np.uint8))
        self.outside.setRect(QRectF(0, 0, 24, 7))
        self.plot.addItem(self.outside)
        self.plot.getPlotItem().invertY(True)  # Monday on top
        self.plot.setXRange(0, 24, padding=0)
        self.plot.setYRange(0, 7, padding=0)
        self.plot.getAxis("bottom").setTicks([[(h + 0.5, str(h)) for h in range(0, 24, 2)]])
        # the gap printed in each cell (created once, updated with setText)
        self.cell_text = [[pg.TextItem("", color=(30, 30, 30), anchor=(0.5, 0.5)) for _ in range(24)]
                          for _ in range(7)]
        for d in range(7):
            for h in range(24):
                self.cell_text[d][h].setPos(h + 0.5, d + 0.5)
                self.plot.addItem(self.cell_text[d][h])
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        map_box = QWidget()
        map_layout = QVBoxLayout(map_box)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.addWidget(self.plot)
        self.hover_label = QLabel()
        self.hover_label.setObjectName("staffing_hover")
        map_layout.addWidget(self.hover_label)
        splitter.addWidget(map_box)

        plan_box = QWidget()
        plan_layout = QVBoxLayout(plan_box)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        self.plan_title = QLabel()
        plan_layout.addWidget(self.plan_title)
        self.plan_table = QTableWidget(0, 4)
        self.plan_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.plan_table.verticalHeader().setVisible(False)
        self.plan_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        plan_layout.addWidget(self.plan_table)
        self.plan_note = QLabel()
        self.plan_note.setWordWrap(True)
        self.plan_note.setStyleSheet("color: #b02020;")
        plan_layout.addWidget(self.plan_note)
        splitter.addWidget(plan_box)
        layout.addWidget(splitter, 1)
        self.stack.addWidget(page)

        # the plan (an integer program per weekday, tens of milliseconds each) follows a what-if a moment
        # later, once the edits pause: the map itself is redrawn at once
        self._plan_timer = QTimer(self)
        self._plan_timer.setSingleShot(True)
        self._plan_timer.setInterval(150)
        self._plan_timer.timeout.connect(self.update_plan)
        self.share.valueChanged.connect(self._on_target_edited)
        self.seconds.valueChanged.connect(self._on_target_edited)
        self.concurrency.valueChanged.connect(self._on_target_edited)
        self.by_hand.toggled.connect(self._on_by_hand)
        self.retranslate()

    # --- public ----------------------------------------------------------------------------------
    def set_results(self, results) -> None:
        """Show ``results`` (None or a range without chats -> the empty state)."""
        self._results = results
        self._workload = getattr(results, "workload", None) if results is not None else None
        if self._workload is None:
            self.table = self.plan = None
            self._plan_stale = False
            self.stack.setCurrentIndex(0)
            return
        settings = results.settings
        self._templates = tuple(getattr(settings, "shift_templates", ()) or ())
        widgets = (self.share, self.seconds, self.concurrency, self.by_hand)
        for w in widgets:
            w.blockSignals(True)
        self.share.setValue(100 * getattr(settings, "staffing_target_share", 0.8))
        self.seconds.setValue(getattr(settings, "staffing_target_s", 10.0))
        by_hand = getattr(settings, "staffing_concurrency", None)
        self.by_hand.setChecked(by_hand is not None)
        self.concurrency.setEnabled(by_hand is not None)
        measured = self._workload.concurrency_mean
        self.concurrency.setValue(by_hand if by_hand is not None else
                                  (max(1.0, measured) if math.isfinite(measured) else 1.0))
        for w in widgets:
            w.blockSignals(False)
        self.stack.setCurrentIndex(1)
        if self.isVisible():
            self.recompute(plan=True)
        else:  # a hidden page solves its plan once shown: the first figures need not wait for scipy's solver
            self.recompute(plan=False)
            self._plan_timer.stop()
            self._plan_stale = True

    @property
    def plan(self):
        """The shift plan of the current needs (solved now when the page was hidden as they came)."""
        if self._plan_stale:
            self._plan_stale = False
            self.update_plan()
        return self._plan

    @plan.setter
    def plan(self, value) -> None:
        self._plan = value

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._plan_stale:
            self.plan  # noqa: B018 - solves the plan now that it is seen

    def target(self) -> tuple[float, float, Optional[float]]:
        """(share, seconds, concurrency or None = measured) as the controls show them."""
        c = float(self.concurrency.value()) if self.by_hand.isChecked() else None
        return float(self.share.value()) / 100.0, float(self.seconds.value()), c

    def recompute(self, plan: bool = False) -> None:
        """Agents needed for the current target, from the workload table; redraw the map at once and the
        plan now (``plan``) or after the edits pause."""
        if self._workload is None:
            return
        share, seconds, c = self.target()
        self.table = staffing_table(self._workload, share, seconds, c)
        self.grid = self.table["gap"].to_numpy(dtype=float).reshape(7, 24)
        self._draw_map()
        self._fill_summary()
        if plan:
            self._plan_timer.stop()
            self.update_plan()
        else:
            self._plan_timer.start()

    def update_plan(self) -> None:
        """Solve the shift plan for the current needs and show it."""
        if self.table is None:
            return
        try:
            self.plan, self.uncovered = plan_shifts(self.table["needed"].to_numpy(),
                                                    self._templates or (("08:00", "17:00"),))
            self.plan_error = ""
        except ShiftPlanError as exc:  # a malformed template: say so, keep the map
            self.plan, self.uncovered, self.plan_error = None, [], str(exc)
        self._fill_plan()

    def plan_pending(self) -> bool:
        """A what-if changed the needs and the plan has not followed yet."""
        return self._plan_timer.isActive()

    def describe_slot(self, weekday: int, hour: int) -> str:
        """The hover text of one cell."""
        if self.table is None:
            return ""
        row = self.table.iloc[int(weekday) * 24 + int(hour)]
        head = f"{weekday_name(weekday)} {int(hour):02d}:00–{int(hour) + 1:02d}:00"
        if not row["weeks"]:
            return f"{head}: " + self.tr("not in the date range")
        def secs(value) -> str:  # "–" alone when the slot has no such figure, never "– s"
            text = _num(value, 0)
            return text if text == "–" else self.tr("{0} s").format(text)

        return head + ": " + self.tr(
            "arrivals {0}/h · handle time {1} · needed {2} · on duty {3} · first response median {4}"
        ).format(_num(row["arrivals_per_hour"]), secs(row["handle_s"]), _num(row["needed"]),
                 _num(row["on_duty"]), secs(row["first_response_median_s"]))

    def retranslate(self) -> None:
        self.empty_label.setText(self.tr("No chat log in this range: import chat logs or choose another range."))
        self.target_label.setText(self.tr("Target:"))
        self.within_label.setText(self.tr("of first responses within"))
        self.seconds.setSuffix(self.tr(" s"))
        self.concurrency_label.setText(self.tr("Chats per agent:"))
        self.by_hand.setText(self.tr("set by hand"))
        self.plan_title.setText(self.tr("Shift plan: fewest agents per shift template, per weekday"))
        self.plan_table.setHorizontalHeaderLabels([self.tr("Weekday"), self.tr("Shift"), self.tr("Hours"),
                                                   self.tr("Agents")])
        self.plot.setLabel("bottom", self.tr("hour of day — red: short-staffed (needed − on duty > 0), "
                                             "blue: over-staffed"))
        names = [weekday_name(d) for d in range(7)]
        self.plot.getAxis("left").setTicks([[(i + 0.5, n) for i, n in enumerate(names)]])
        if self._workload is not None:
            self._fill_plan()
            self._fill_summary()

    retranslate_ui = retranslate  # the name the other pages use

    # --- drawing -----------------------------------------------------------------------------------
    def _draw_map(self) -> None:
        grid = np.nan_to_num(self.grid, nan=0.0)
        top = max(float(np.abs(grid).max()), 1.0)
        self.image.setImage(grid.T, levels=(-top, top), autoLevels=False)
        self.image.setRect(QRectF(0, 0, 24, 7))
        grey = np.zeros((24, 7, 4), dtype=np.uint8)
        grey[:, ~np.isfinite(self.grid).all(axis=1)] = (200, 200, 200, 255)
        self.outside.setImage(grey, levels=(0, 255), autoLevels=False)
        self.outside.setRect(QRectF(0, 0, 24, 7))
        busy = (self.table["arrivals"].to_numpy() > 0) | (self.table["on_duty"].fillna(0).to_numpy() > 0)
        busy = busy.reshape(7, 24)
        for d in range(7):
            for h in range(24):
                g = self.grid[d, h]
                text = "" if not busy[d, h] or not math.isfinite(g) else (f"+{_num(g)}" if g > 0 else _num(g))
                item = self.cell_text[d][h]
                if item.textItem.toPlainText() != text:
                    item.setText(text)

    def _fill_plan(self) -> None:
        plan = self.plan
        self.plan_table.setRowCount(0 if plan is None else len(plan))
        if plan is not None:
            for r, (d, start, end, hours, agents) in enumerate(zip(plan["weekday"], plan["start"], plan["end"],
                                                                    plan["hours"], plan["agents"])):
                for c, value in enumerate((weekday_name(d), f"{start}–{end}", str(int(hours)), str(int(agents)))):
                    item = QTableWidgetItem(value)
                    if c >= 2:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.plan_table.setItem(r, c, item)
        if self.plan_error:
            self.plan_note.setText(self.plan_error)
        elif self.uncovered:
            by_day: dict[int, list[int]] = {}
            for d, h in self.uncovered:
                by_day.setdefault(d, []).append(h)
            hours = "; ".join(f"{weekday_name(d)} " + ", ".join(f"{h:02d}:00" for h in hs)
                              for d, hs in by_day.items())
            self.plan_note.setText(self.tr("No shift template covers these hours that need agents: {0}. "
                                           "Add or widen a template in Settings ▸ Staffing.").format(hours))
        else:
            self.plan_note.setText("")

    def _fill_summary(self) -> None:
        if self.table is None:
            return
        w = self._workload
        self.measured_label.setText(self.tr("measured: mean {0}, P90 {1}").format(
            _num(w.concurrency_mean, 2), _num(w.concurrency_p90)))
        gap = self.table["gap"].to_numpy(dtype=float)
        short = np.flatnonzero(np.nan_to_num(gap) > 0)
        over = np.flatnonzero(np.nan_to_num(gap) < 0)
        text = self.tr("{0} short-staffed hours, {1} over-staffed hours a week ({2} – {3}).").format(
            len(short), len(over), f"{w.first_day:%Y-%m-%d}", f"{w.last_day:%Y-%m-%d}")
        if len(short):
            # the largest gap; among equal gaps the hour with the most work (traffic in Erlangs)
            work = np.nan_to_num(self.table["traffic"].to_numpy(dtype=float))
            worst = short[np.lexsort((work[short], gap[short]))[-1]]
            text += " " + self.tr("Most short: {0}.").format(self.describe_slot(worst // 24, worst % 24))
        self.summary_label.setText(text)

    # --- events ----------------------------------------------------------------------------------
    def _on_target_edited(self, *_args) -> None:
        self.recompute()
        self.target_changed.emit(*self.target())

    def _on_by_hand(self, checked: bool) -> None:
        self.concurrency.setEnabled(checked)
        self._on_target_edited()

    def _on_mouse_moved(self, scene_pos) -> None:
        if self.table is None or not self.plot.sceneBoundingRect().contains(scene_pos):
            return
        p = self.plot.getPlotItem().vb.mapSceneToView(scene_pos)
        hour, weekday = int(math.floor(p.x())), int(math.floor(p.y()))
        if 0 <= hour < 24 and 0 <= weekday < 7:
            text = self.describe_slot(weekday, hour)
            self.hover_label.setText(text)
            self.plot.setToolTip(text)
