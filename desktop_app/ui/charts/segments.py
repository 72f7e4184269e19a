"""RFM segment sizes as a bar chart with the segment names on the axis."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from .bars import NamedBarChart


class SegmentChart(NamedBarChart):
    """One BarGraphItem, updated with setOpts; labels are written under each bar."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent, min_height=180)
        self.labels: list[str] = []
        self.counts = np.empty(0)
        self.retranslate_ui()

    def set_segments(self, labels: Sequence[str], counts: Sequence[float]) -> None:
        self.labels = [str(x) for x in labels]
        self.counts = np.asarray(counts, dtype="float64")
        if self.draw_bars(self.labels, self.counts):
            self.setYRange(0, max(float(self.counts.max()), 1.0) * 1.1, padding=0)

    def retranslate_ui(self) -> None:
        self.setLabel("left", QCoreApplication.translate("SegmentChart", "customers"))
