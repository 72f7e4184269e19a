"""Response-time histogram: the seconds that matter (0 to P99, at least past the targets) in bins, the
long tail in one overflow bar ("> N s: k turns"), median/P90/targets named in a strip above the plot.

A log time axis is offered (``set_log``) and chosen by itself while the user has not chosen: when even
the 0–P99 part spans more than ``AUTO_LOG_RATIO`` times the median.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it

#: the focused part (0–P99, at most FOCUS_MAX_S) spans more than this many medians: log axis by itself
AUTO_LOG_RATIO = 40.0
#: the bins end here at the latest (unless a target is further): longer waits go in the overflow bar
FOCUS_MAX_S = 120.0
#: target line colours: golden / reasonable / limit
TARGET_COLOURS = ("#3d9a40", "#d49a1a", "#c8372d")
_OVERFLOW_BRUSH = (170, 170, 170, 200)


def focus_limit(values: np.ndarray, targets: Sequence[float] = (), p99: Optional[float] = None) -> float:
    """Where the bins end: P99 of the waits, kept between 1.5× the largest target (the targets always
    show) and 120 s (or 2× the largest target), rounded up to 5/10/60 s. Longer waits: the overflow bar.
    ``p99``: that percentile of the finite, non-negative waits when the caller has it (NaN: no waits)."""
    biggest = max(targets, default=0.0)
    low, high = max(1.5 * biggest, 10.0), max(FOCUS_MAX_S, 2.0 * biggest)
    if p99 is None:
        v = np.asarray(values, dtype="float64")
        v = v[np.isfinite(v) & (v >= 0)]
        p99 = float(np.percentile(v, 99)) if len(v) else float("nan")
    top = min(max(p99 if np.isfinite(p99) else high, low), high)
    step = 5.0 if top <= 60 else 10.0 if top <= 300 else 60.0
    return math.ceil(top / step) * step


def histogram_bins(values: np.ndarray, log: bool, bins: int = 30, limit: Optional[float] = None
                   ) -> tuple[np.ndarray, np.ndarray, int]:
    """(edges, counts, overflow) of the finite, non-negative values.

    Linear bins cover 0–``limit`` and the waits above it are counted in ``overflow``; log bins start at
    1 s (shorter waits go in the first bin) and cover every wait (overflow 0).
    """
    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v) & (v >= 0)]
    if len(v) == 0:
        return np.array([0.0, 1.0]), np.array([0.0]), 0
    if log:
        top = max(float(v.max()), 1.0)
        edges = np.logspace(0, np.log10(top * 1.0001) if top > 1 else 1, bins + 1)
        counts, _ = np.histogram(np.clip(v, 1.0, None), edges)
        return edges, counts.astype("float64"), 0
    limit = float(limit) if limit else max(float(v.max()), 1.0) * 1.0001
    counts, edges = np.histogram(v[v <= limit], bins=bins, range=(0.0, limit))
    return edges, counts.astype("float64"), int((v > limit).sum())


class ResponseHistogram(pg.PlotWidget):
    """Distribution of waits in seconds. Items are created once; ``set_values`` updates them."""

    def __init__(self, parent: Optional[QWidget] = None, targets: Sequence[float] = (6.0, 10.0, 16.0)):
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumHeight(180)
        self.showGrid(x=False, y=True, alpha=0.25)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        #: the user's choice of a log axis (None: chosen by itself from the waits)
        self._log_choice: Optional[bool] = None
        self._log = False
        self._values = np.empty(0)
        self._stats: Optional[dict] = None
        self.overflow = 0
        self.limit = 60.0
        self.bars = pg.PlotDataItem(stepMode="center", fillLevel=0, brush=(80, 130, 200, 160),
                                    pen=pg.mkPen((50, 90, 160), width=1))
        self.addItem(self.bars)
        self.overflow_bar = pg.BarGraphItem(x=[0], height=[0], width=1, brush=_OVERFLOW_BRUSH,
                                            pen=pg.mkPen((120, 120, 120)))
        self.addItem(self.overflow_bar)
        self.overflow_label = pg.TextItem("", color=(80, 80, 80), anchor=(1, 0))
        self.addItem(self.overflow_label)
        # the lines carry no text: their names and values are in the strip above (setTitle)
        self.median_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((30, 30, 30), width=2))
        self.p90_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((30, 30, 30), width=2,
                                                               style=Qt.PenStyle.DashLine))
        self.target_lines = []
        for colour in TARGET_COLOURS:  # golden / reasonable / limit at most; unused lines are hidden
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DotLine))
            self.target_lines.append(line)
            self.addItem(line)
        self.addItem(self.median_line)
        self.addItem(self.p90_line)
        self._targets = tuple(targets)[:3]
        self.retranslate_ui()

    def set_targets(self, targets: Sequence[float]) -> None:
        targets = tuple(targets)[:3]
        if targets == self._targets:
            return  # a What-if move of another threshold: nothing to draw again
        self._targets = targets
        self._redraw()

    def set_log(self, log: Optional[bool]) -> None:
        """Log time axis on/off (None: chosen by itself when the tail is long)."""
        self._log_choice = None if log is None else bool(log)
        self._redraw()

    def set_values(self, values) -> None:
        self._values = np.asarray(values if values is not None else [], dtype="float64")
        self._stats = None
        self._redraw()

    def _summary(self) -> dict:
        """The waits' order statistics, worked out once per set_values (a redraw for other targets or
        another axis reuses them): the finite non-negative waits, their P99 and median, the finite
        waits' median and P90."""
        if getattr(self, "_stats", None) is None:
            v = self._values[np.isfinite(self._values)]
            waits = v[v >= 0] if (v < 0).any() else v
            nan = float("nan")
            median = float(np.median(v)) if len(v) else nan
            self._stats = {
                "waits": waits,
                "p99": float(np.percentile(waits, 99)) if len(waits) else nan,
                "waits_median": (median if waits is v else float(np.median(waits))) if len(waits) else nan,
                "median": median, "p90": float(np.percentile(v, 90)) if len(v) else nan,
            }
        return self._stats

    def stats(self) -> tuple[float, float]:
        """(median, P90) of the finite values, NaN when there are none."""
        s = self._summary()
        return s["median"], s["p90"]

    def is_log(self) -> bool:
        return self._log

    def log_chosen(self) -> bool:
        """True once the user turned the log axis on or off (no automatic choice any more)."""
        return self._log_choice is not None

    def auto_log(self) -> bool:
        """True when the focused range spans more than AUTO_LOG_RATIO medians (most waits in one bar)."""
        s = self._summary()
        if len(s["waits"]) < 10:
            return False
        return focus_limit(s["waits"], self._targets, s["p99"]) > AUTO_LOG_RATIO * max(s["waits_median"], 0.5)

    def retranslate_ui(self) -> None:
        self.setLabel("bottom", QCoreApplication.translate("ResponseHistogram", "seconds"))
        self.setLabel("left", QCoreApplication.translate("ResponseHistogram", "turns"))
        self._redraw()

    def _x(self, seconds: float) -> float:
        # In log mode, positions are in the transformed (log10) coordinates.
        return float(np.log10(max(seconds, 1e-3))) if self._log else float(seconds)

    def _redraw(self) -> None:
        log = self.auto_log() if self._log_choice is None else self._log_choice
        if log != self._log:
            self._log = log
            self.setLogMode(x=log, y=False)
        summary = self._summary()
        self.limit = focus_limit(summary["waits"], self._targets, summary["p99"])
        edges, counts, self.overflow = histogram_bins(summary["waits"], self._log, limit=self.limit)
        self.bars.setData(edges, counts)
        width = (edges[-1] - edges[0]) / max(len(counts), 1)
        top = max(float(counts.max()) if len(counts) else 0.0, float(self.overflow), 1.0)
        if self.overflow and not self._log:
            x = self.limit + 1.5 * width
            self.overflow_bar.setOpts(x=[x], height=[self.overflow], width=1.5 * width)
            text = QCoreApplication.translate("ResponseHistogram", "> %1 s: %2 turns")
            self.overflow_label.setText(text.replace("%1", f"{self.limit:g}")
                                        .replace("%2", f"{self.overflow:,}"))
            self.overflow_label.setPos(x + 0.75 * width, top * 1.3)
            self.setXRange(0, x + 0.75 * width, padding=0.02)
        else:
            self.overflow_bar.setOpts(x=[0], height=[0], width=0)
            self.overflow_label.setText("")
            if not self._log:
                self.setXRange(0, self.limit, padding=0.02)
            else:
                self.setXRange(float(np.log10(edges[0])), float(np.log10(edges[-1])), padding=0.02)
        self.setYRange(0, top * (1.35 if self.overflow and not self._log else 1.1), padding=0)
        median, p90 = self.stats()
        for line, value in ((self.median_line, median), (self.p90_line, p90)):
            # past the bins (in the overflow) a line would mark the wrong bar: the strip still names it
            line.setVisible(bool(np.isfinite(value)) and (self._log or value <= self.limit))
            if np.isfinite(value):
                line.setValue(self._x(value))
        for i, line in enumerate(self.target_lines):
            line.setVisible(i < len(self._targets))
            if i < len(self._targets):
                line.setValue(self._x(self._targets[i]))
        self.setTitle(self.caption(median, p90), size="9pt")

    def caption(self, median: float, p90: float) -> str:
        """The strip above the plot: median ━, P90 ╍ and the targets in their line colours."""
        parts = []
        if np.isfinite(median):
            name = QCoreApplication.translate("ResponseHistogram", "median")
            parts.append(f"━ {name} {median:.1f} s")
        if np.isfinite(p90):
            name = QCoreApplication.translate("ResponseHistogram", "P90")
            parts.append(f"╍ {name} {p90:.1f} s")
        if self._targets:
            spans = " / ".join(f"<span style='color:{TARGET_COLOURS[i]}'>{t:g}</span>"
                               for i, t in enumerate(self._targets))
            name = QCoreApplication.translate("ResponseHistogram", "target")
            parts.append(f"┈ {name} {spans} s")
        if self._log:
            parts.append(QCoreApplication.translate("ResponseHistogram", "log axis"))
        return "<span style='color:#333'>" + " · ".join(parts) + "</span>"
