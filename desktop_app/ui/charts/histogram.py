"""Response-time histogram with median/P90 markers and the 6/10/16 s target lines."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it



def histogram_bins(values: np.ndarray, log: bool, bins: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """(edges, counts) of the finite, non-negative values; log bins start at 1 s."""
    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v) & (v >= 0)]
    if len(v) == 0:
        return np.array([0.0, 1.0]), np.array([0.0])
    top = max(float(v.max()), 1.0)
    if log:
        # Waits under a second are shown in the first bin rather than dropped from a log axis.
        edges = np.logspace(0, np.log10(top * 1.0001) if top > 1 else 1, bins + 1)
        counts, _ = np.histogram(np.clip(v, 1.0, None), edges)
    else:
        counts, edges = np.histogram(v, bins=bins, range=(0.0, top * 1.0001))
    return edges, counts.astype("float64")


class ResponseHistogram(pg.PlotWidget):
    """Distribution of waits in seconds. Items are created once; ``set_values`` updates them."""

    def __init__(self, parent: Optional[QWidget] = None, targets: Sequence[float] = (6.0, 10.0, 16.0)):
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumHeight(180)
        self.showGrid(x=False, y=True, alpha=0.25)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self._log = False
        self._values = np.empty(0)
        self.bars = pg.PlotDataItem(stepMode="center", fillLevel=0, brush=(80, 130, 200, 160),
                                    pen=pg.mkPen((50, 90, 160), width=1))
        self.addItem(self.bars)
        # Labels sit to the right of their line (anchor at the text's left edge), so the 6/10/15 s
        # targets, a few pixels apart, do not print over each other and over the first bars.
        right = [(0, 0.5), (0, 0.5)]
        label_opts = {"position": 0.92, "color": (60, 60, 60), "fill": (255, 255, 255, 200), "anchors": right}
        self.median_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((30, 30, 30), width=2),
                                           label="", labelOpts=label_opts)
        dash = pg.mkPen((30, 30, 30), width=2, style=Qt.PenStyle.DashLine)
        self.p90_line = pg.InfiniteLine(angle=90, pen=dash,
                                        label="", labelOpts={**label_opts, "position": 0.78})
        self.target_lines = []
        colours = [(61, 154, 64), (212, 154, 26), (200, 55, 45)]
        for i in range(3):  # golden / reasonable / limit at most; unused lines are hidden
            pen = pg.mkPen(colours[i % 3], width=1, style=Qt.PenStyle.DotLine)
            line = pg.InfiniteLine(angle=90, pen=pen,
                                   label="", labelOpts={"position": 0.62 - 0.12 * i, "color": colours[i % 3],
                                                               "fill": (255, 255, 255, 200), "anchors": right})
            self.target_lines.append(line)
            self.addItem(line)
        self.addItem(self.median_line)
        self.addItem(self.p90_line)
        self._targets = tuple(targets)[:3]
        self.retranslate_ui()

    def set_targets(self, targets: Sequence[float]) -> None:
        self._targets = tuple(targets)[:3]
        self._redraw()

    def set_log(self, log: bool) -> None:
        """Log time axis: a few long waits no longer squash the seconds that matter."""
        self._log = bool(log)
        self.setLogMode(x=self._log, y=False)
        self._redraw()

    def set_values(self, values) -> None:
        self._values = np.asarray(values if values is not None else [], dtype="float64")
        self._redraw()

    def stats(self) -> tuple[float, float]:
        """(median, P90) of the finite values, NaN when there are none."""
        v = self._values[np.isfinite(self._values)]
        if len(v) == 0:
            return float("nan"), float("nan")
        return float(np.median(v)), float(np.percentile(v, 90))

    def retranslate_ui(self) -> None:
        self.setLabel("bottom", QCoreApplication.translate("ResponseHistogram", "seconds"))
        self.setLabel("left", QCoreApplication.translate("ResponseHistogram", "turns"))
        self._redraw()

    def _x(self, seconds: float) -> float:
        # In log mode, InfiniteLine positions are in the transformed (log10) coordinates.
        return float(np.log10(max(seconds, 1e-3))) if self._log else float(seconds)

    def _redraw(self) -> None:
        edges, counts = histogram_bins(self._values, self._log)
        self.bars.setData(edges, counts)
        median, p90 = self.stats()
        median_name = QCoreApplication.translate("ResponseHistogram", "median")
        p90_name = QCoreApplication.translate("ResponseHistogram", "P90")
        for line, value, name in ((self.median_line, median, median_name), (self.p90_line, p90, p90_name)):
            line.setVisible(bool(np.isfinite(value)))
            if np.isfinite(value):
                line.setValue(self._x(value))
                line.label.setFormat(f"{name} {value:.1f} s")
        for i, line in enumerate(self.target_lines):
            line.setVisible(i < len(self._targets))
            if i < len(self._targets):
                line.setValue(self._x(self._targets[i]))
                line.label.setFormat(f"{self._targets[i]:g} s")
