"""A bar chart with a name under each bar: the part the segment and clean-share charts share."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6


def wrap_to_width(name: str, width: float, metrics: QFontMetrics) -> str:
    """``name`` broken at spaces into lines no wider than ``width`` pixels where it can be (a single word wider
    than that stays whole); names without spaces (Chinese) are left as they are."""
    if metrics.horizontalAdvance(name) <= width or " " not in name:
        return name
    lines: list[str] = []
    for word in name.split(" "):
        if lines and metrics.horizontalAdvance(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


class NamedBarChart(pg.PlotWidget):
    """One BarGraphItem (created once, updated with setOpts), the names written under the bars, wrapped onto
    more lines when the bars are too narrow for them (English names would otherwise overlap)."""

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
        self._names: list[str] = []

    def draw_bars(self, names: Sequence[str], heights: np.ndarray) -> bool:
        """Bars of ``heights`` named ``names``; True when there is at least one bar."""
        self._names = [str(n) for n in names]
        x = np.arange(len(names), dtype="float64")
        self.bars.setOpts(x=x, height=heights, width=0.6)
        self._set_ticks()
        if len(x):
            self.setXRange(-0.6, len(x) - 0.4, padding=0)
        return bool(len(x))

    def tick_names(self) -> list[str]:
        """The names as the axis shows them (with their line breaks)."""
        return [name for _, name in (self.getAxis("bottom")._tickLevels or [[]])[0]]

    def _set_ticks(self) -> None:
        axis = self.getAxis("bottom")
        font = axis.style.get("tickFont") or QFont(self.font())
        slot = max(axis.width(), self.width() - 60) / max(len(self._names), 1) - 6
        metrics = QFontMetrics(font)
        wrapped = [wrap_to_width(name, slot, metrics) for name in self._names]
        lines = max((w.count("\n") + 1 for w in wrapped), default=1)
        axis.setHeight(lines * metrics.lineSpacing() + 12)  # pyqtgraph hides a label taller than its axis
        axis.setTicks([[(float(i), w) for i, w in enumerate(wrapped)]])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if getattr(self, "_names", None):  # also called from PlotWidget's __init__, before _names
            self._set_ticks()
