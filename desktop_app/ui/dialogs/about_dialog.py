"""Help ▸ About: version, what the app does, and where data, settings and logs live."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ... import __version__
from ..paths import log_dir


class AboutDialog(QDialog):
    """Version and locations; the paths are selectable so a user can paste them in a support mail."""

    def __init__(self, data_dir: Path, settings_file: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About"))
        layout = QVBoxLayout(self)
        # tr() outside the f-string: lupdate does not look inside f-string expressions
        name = self.tr("Customer-service performance workstation")
        version = self.tr("Version %1").replace("%1", __version__)
        title = QLabel(f"<h2>{name}</h2><p>{version} · Qt {qVersion()}</p>")
        layout.addWidget(title)
        text = QLabel(self.tr(
            "Agent KPIs (询单转化率, 客单价, response times), order checks (未发货, 缺货, 催付) and customer "
            "tiers from your own exports. Works offline: nothing is sent anywhere."))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.locations = QLabel(
            "<p>" + self.tr("Data folder: %1").replace("%1", str(data_dir)) + "<br>"
            + self.tr("Settings file: %1").replace("%1", settings_file) + "<br>"
            + self.tr("Crash logs: %1").replace("%1", str(log_dir())) + "</p>"
        )
        self.locations.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.locations.setWordWrap(True)
        layout.addWidget(self.locations)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
