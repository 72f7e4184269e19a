"""Clean share per agent (服务质检) as a bar chart, agents on the axis."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6


class CleanShareChart(pg.PlotWidget):
    """One BarGraphItem (created once, updated with setOpts): the share of clean conversations, 0–100 %."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumHeight(160)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.showGrid(x=False, y=True, alpha=0.25)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=(90, 150, 110, 190),
                                    pen=pg.mkPen((50, 110, 70)))
        self.addItem(self.bars)
        self.agents: list[str] = []
        self.shares = np.empty(0)
        self.setYRange(0, 100, padding=0)
        self.retranslate_ui()

    def set_shares(self, agents: Sequence[str], shares: Sequence[float]) -> None:
        """``shares`` are fractions (NaN: no conversation checked, drawn as no bar)."""
        self.agents = [str(a).rsplit(":", 1)[-1] for a in agents]  # the sub-account name is enough
        self.shares = np.asarray(shares, dtype="float64")
        x = np.arange(len(self.agents), dtype="float64")
        self.bars.setOpts(x=x, height=np.nan_to_num(self.shares) * 100.0, width=0.6)
        self.getAxis("bottom").setTicks([[(float(i), name) for i, name in enumerate(self.agents)]])
        if len(x):
            self.setXRange(-0.6, len(x) - 0.4, padding=0)
        self.setYRange(0, 100, padding=0)

    def retranslate_ui(self) -> None:
        self.setLabel("left", QCoreApplication.translate("CleanShareChart", "clean conversations %"))
