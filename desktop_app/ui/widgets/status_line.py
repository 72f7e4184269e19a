"""The status bar's parts: an eliding message, the reading in use, progress and Cancel."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QSizePolicy, QStatusBar, QWidget

from ..formatting import date_time


class ElidedLabel(QLabel):
    """A one-line label that elides at the right instead of pushing its neighbours; the tooltip and
    ``text()`` keep the whole message."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        rect = self.contentsRect()
        elided = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided)


class StatusLine(QObject):
    """Builds the parts into a QStatusBar; the window keeps them as attributes."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.status_label = ElidedLabel()
        self.status_label.setObjectName("status_label")
        bar.addWidget(self.status_label, 1)
        # which as-of time and which response-time reading the figures use (domain: label the reading)
        self.reading_label = QLabel()
        self.reading_label.setObjectName("reading_label")
        bar.addPermanentWidget(self.reading_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progress_bar")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(240)
        self.progress_bar.setVisible(False)
        bar.addPermanentWidget(self.progress_bar)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setVisible(False)
        bar.addPermanentWidget(self.cancel_button)

    def show_progress(self, percent: int, text: str) -> None:
        self.progress_bar.setValue(percent)
        if text:
            self.status_label.setText(text)

    def show_busy(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if not busy:
            self.progress_bar.setValue(0)

    def show_reading(self, results: Any) -> None:
        """As-of time and response-time reading of the figures on screen ("" without figures)."""
        if results is None:
            self.reading_label.setText("")
            return
        from ...core.model.settings import READING_PLATFORM

        reading = (self.tr("Platform reading (平台口径)") if results.settings.reading == READING_PLATFORM
                   else self.tr("Default reading (默认口径)"))
        self.reading_label.setText(self.tr("As of %1 · %2").replace("%1", date_time(results.as_of))
                                   .replace("%2", reading))
