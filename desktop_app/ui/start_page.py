"""The Start page: open files, open the demo shop, recent files, and where to drop exports."""

from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    """First page of the window; the whole window accepts dropped files, this page says so."""

    open_requested = Signal()
    demo_requested = Signal()
    #: a recent file was activated (double-click / Enter)
    recent_activated = Signal(str)
    #: step 3: "See the scorecard"
    scorecard_requested = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        self.title = QLabel()
        self.title.setObjectName("start_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        outer.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        outer.addWidget(self.subtitle)
        #: what the window currently holds (a returning user sees it at once)
        self.summary = QLabel()
        self.summary.setObjectName("data_summary")
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        outer.addWidget(self.summary)

        #: the three steps of a first start: orders, chats, scorecard
        self.steps = QLabel()
        self.steps.setObjectName("start_steps")
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.steps)

        buttons = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.setObjectName("open_button")
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("demo_button")
        self.demo_button.clicked.connect(self.demo_requested)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        self.scorecard_button = QPushButton()
        self.scorecard_button.setObjectName("scorecard_button")
        self.scorecard_button.clicked.connect(self.scorecard_requested)
        buttons.addWidget(self.scorecard_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        # a visible drop zone: users of 千牛/Excel expect to drag the export onto the window
        self.drop_zone = QLabel()
        self.drop_zone.setObjectName("drop_zone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setFrameShape(QFrame.Shape.StyledPanel)
        self.drop_zone.setMinimumHeight(110)
        self.drop_zone.setWordWrap(True)
        self.drop_zone.setStyleSheet(
            "QLabel#drop_zone { border: 2px dashed palette(mid); border-radius: 8px; padding: 12px; }"
        )
        outer.addWidget(self.drop_zone)

        self.recent_label = QLabel()
        outer.addWidget(self.recent_label)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recent_list")
        self.recent_list.itemActivated.connect(self._on_recent)
        outer.addWidget(self.recent_list, 1)
        self.retranslate()

    def set_results(self, results: object) -> None:
        """View protocol: the Start page shows no figures (its summary line is set by the window)."""

    def retranslate(self) -> None:
        self.title.setText(self.tr("Customer-service performance workstation"))
        self.subtitle.setText(
            self.tr(
                "Open your shop's order export (Taobao/Tmall, JD, Pinduoduo, Douyin, Shopify), the chat log "
                "and, if you have one, the inventory sheet. Everything stays on this computer."
            )
        )
        steps = [
            self.tr("Open the order export from your shop's back office (CSV or XLSX)."),
            self.tr("Open the chat log (Qianniu/Wangwang text, or CSV/XLSX) — the same days."),
            self.tr("See the scorecard: each agent's conversion, order value and response times."),
        ]
        self.steps.setText("<ol style='margin-left:0'>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>")
        self.scorecard_button.setText(self.tr("See the scorecard"))
        self.open_button.setText(self.tr("Open files…"))
        self.demo_button.setText(self.tr("Open the demo shop"))
        self.drop_zone.setText(
            self.tr("Drop order exports, chat logs or inventory sheets here (CSV, XLSX, TXT)"))
        self.recent_label.setText(self.tr("Recent files"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_summary(self, text: str) -> None:
        """One line about the data on screen ("" hides it)."""
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def set_recent_files(self, paths: list[str]) -> None:
        """Show ``paths`` (most recent first); missing files are listed greyed out."""
        self.recent_list.clear()
        for p in paths:
            item = QListWidgetItem(f"{os.path.basename(p)}    —    {os.path.dirname(p)}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            if not os.path.exists(p):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent_list.addItem(item)

    def _on_recent(self, item: QListWidgetItem) -> None:
        self.recent_activated.emit(item.data(Qt.ItemDataRole.UserRole))
