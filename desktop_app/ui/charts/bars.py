"""A bar chart with a name under each bar: the part the segment and clean-share charts share."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6


class NamedBarChart(pg.PlotWidget):
    """One BarGraphItem (created once, updated with setOpts), the names written under the bars."""

    def __init__(self, parent: Optional[QWidget] = None, min_height: int = 180) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumHeight(min_height)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.showGrid(x=False, y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=(90, 150, 110, 190),
                                    pen=pg.mkPen((50, 110, 70)))
        self.addItem(self.bars)

    def draw_bars(self, names: Sequence[str], heights: np.ndarray) -> bool:
        """Bars of ``heights`` named ``names``; True when there is at least one bar."""
        x = np.arange(len(names), dtype="float64")
        self.bars.setOpts(x=x, height=heights, width=0.6)
        self.getAxis("bottom").setTicks([[(float(i), name) for i, name in enumerate(names)]])
        if len(x):
            self.setXRange(-0.6, len(x) - 0.4, padding=0)
        return bool(len(x))
