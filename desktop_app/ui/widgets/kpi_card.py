"""KpiCard: one headline figure with a caption, a detail line and a tooltip stating its formula."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ..models.frame_table_model import BAD, GOOD, NONE, WARN
from .sparkline import Sparkline

# Border and tint per state; the same greens/ambers/reds as the table cells.
_STYLES = {
    NONE: ("#c9ced6", "#ffffff", "#1d2530"),
    GOOD: ("#3d9a40", "#eef8ec", "#1f6b22"),
    WARN: ("#d49a1a", "#fdf5e2", "#7a5200"),
    BAD: ("#c8372d", "#fcecea", "#9c1c13"),
}


class KpiCard(QFrame):
    """Caption on top, a large value, a small detail line; coloured by a state code."""

    #: the card was clicked (left button released over it)
    clicked = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("KpiCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel(self)
        self.value_label = QLabel(self)
        self.detail_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.detail_label.setWordWrap(True)
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value_label.setWordWrap(True)  # "¥76,920.70 / ¥42,615.90" wraps at the slash, never clipped
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        #: change against the previous day, and the days as a small line
        self.change_label = QLabel(self)
        self.change_label.setObjectName("card_change")
        self.change_label.setVisible(False)
        self.change_label.setWordWrap(True)
        self.sparkline = Sparkline(self)
        self.sparkline.setVisible(False)
        layout.addWidget(self.change_label)
        layout.addWidget(self.sparkline)
        layout.addStretch(1)
        self.setMinimumWidth(170)
        self._state = NONE
        self.set_state(NONE)

    def set_content(self, title: str, value: str, detail: str = "", tooltip: str = "",
                    state: int = NONE) -> None:
        self.title_label.setText(title)
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))
        self.setToolTip(tooltip)
        self.set_state(state)

    def set_trend(self, values, change: str = "") -> None:
        """The days' values as a small line and the change against the previous day ("" hides it)."""
        self.sparkline.set_values(values if values is not None else [])
        self.change_label.setText(change)
        self.change_label.setVisible(bool(change))

    def set_state(self, state: int) -> None:
        self._state = state
        border, background, text = _STYLES.get(state, _STYLES[NONE])
        self.setStyleSheet(
            f"QFrame#KpiCard {{ border: 1px solid {border}; border-left: 4px solid {border};"
            f" border-radius: 4px; background: {background}; }}"
            f" QFrame#KpiCard QLabel {{ color: {text}; background: transparent; }}"
        )

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def state(self) -> int:
        return self._state

    def value_text(self) -> str:
        return self.value_label.text()
