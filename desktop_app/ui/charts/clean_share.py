"""Clean share per agent (服务质检) as a bar chart, agents on the axis."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from .bars import NamedBarChart


class CleanShareChart(NamedBarChart):
    """One BarGraphItem (created once, updated with setOpts): the share of clean conversations, 0–100 %."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent, min_height=160)
        self.agents: list[str] = []
        self.shares = np.empty(0)
        self.setYRange(0, 100, padding=0)
        self.retranslate_ui()

    def set_shares(self, agents: Sequence[str], shares: Sequence[float]) -> None:
        """``shares`` are fractions (NaN: no conversation checked, drawn as no bar)."""
        self.agents = [str(a).rsplit(":", 1)[-1] for a in agents]  # the sub-account name is enough
        self.shares = np.asarray(shares, dtype="float64")
        self.draw_bars(self.agents, np.nan_to_num(self.shares) * 100.0)
        self.setYRange(0, 100, padding=0)

    def retranslate_ui(self) -> None:
        self.setLabel("left", QCoreApplication.translate("CleanShareChart", "clean conversations %"))
