"""A titled box that shows a chart, or instead of it one line saying why there is nothing to draw."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QStackedLayout, QVBoxLayout, QWidget


class ChartFrame(QGroupBox):
    """``set_empty(text)`` replaces the chart by ``text`` (no fake axis); ``set_empty("")`` shows it."""

    def __init__(self, chart: QWidget, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.chart = chart
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        holder = QWidget(self)
        self.stack = QStackedLayout(holder)
        self.stack.addWidget(chart)
        self.empty_label = QLabel(holder)
        self.empty_label.setObjectName("chart_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("QLabel#chart_empty { color: palette(mid); font-size: 11pt; }")
        self.stack.addWidget(self.empty_label)
        outer.addWidget(holder)

    def set_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label if text else self.chart)

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_label
