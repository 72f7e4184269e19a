"""RFM segment sizes as a bar chart with the segment names on the axis."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6



class SegmentChart(pg.PlotWidget):
    """One BarGraphItem, updated with setOpts; labels are written under each bar."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumHeight(180)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.showGrid(x=False, y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=(90, 150, 110, 190),
                                    pen=pg.mkPen((50, 110, 70)))
        self.addItem(self.bars)
        self.labels: list[str] = []
        self.counts = np.empty(0)
        self.retranslate_ui()

    def set_segments(self, labels: Sequence[str], counts: Sequence[float]) -> None:
        self.labels = [str(x) for x in labels]
        self.counts = np.asarray(counts, dtype="float64")
        x = np.arange(len(self.labels), dtype="float64")
        self.bars.setOpts(x=x, height=self.counts, width=0.6)
        self.getAxis("bottom").setTicks([[(float(i), name) for i, name in enumerate(self.labels)]])
        if len(x):
            self.setXRange(-0.6, len(x) - 0.4, padding=0)
            self.setYRange(0, max(float(self.counts.max()), 1.0) * 1.1, padding=0)

    def retranslate_ui(self) -> None:
        self.setLabel("left", QCoreApplication.translate("SegmentChart", "customers"))
