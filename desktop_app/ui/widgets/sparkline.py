"""A small trend line for a card: one value per day, gaps where a day has no value, the last day dotted."""

from __future__ import annotations

import math
from typing import Optional, Sequence

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class Sparkline(QWidget):
    """Painted with QPainter (no plot widget per card: ten cards stay cheap)."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.values: list[float] = []
        self.colour = QColor("#5b7fb5")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(22)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(120, 22)

    def set_values(self, values: Sequence[float]) -> None:
        self.values = [float(v) if v is not None else math.nan for v in values]
        self.setVisible(sum(1 for v in self.values if v == v) >= 2)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        finite = [v for v in self.values if v == v]
        if len(finite) < 2:
            return
        lo, hi = min(finite), max(finite)
        span = (hi - lo) or 1.0
        w, h, m = self.width(), self.height(), 3.0
        step = (w - 2 * m) / max(len(self.values) - 1, 1)

        def point(i: int, v: float) -> QPointF:
            return QPointF(m + i * step, h - m - (v - lo) / span * (h - 2 * m))

        path, drawing = QPainterPath(), False
        for i, v in enumerate(self.values):
            if v != v:
                drawing = False  # a day without data breaks the line
                continue
            if drawing:
                path.lineTo(point(i, v))
            else:
                path.moveTo(point(i, v))
                drawing = True
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.colour, 1.5))
        painter.drawPath(path)
        last = next((i for i in range(len(self.values) - 1, -1, -1) if self.values[i] == self.values[i]), None)
        if last is not None:
            painter.setBrush(self.colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(point(last, self.values[last]), 2.5, 2.5)
