"""The Settings dialog's 排班 / Staffing tab: the first-response target, the concurrency and the shift templates."""

from __future__ import annotations

import re
from typing import Any, Optional

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QPlainTextEdit, QWidget

from ...core.model.settings import ModelSettings

_TEMPLATE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})\s*$")


def parse_templates(text: str) -> tuple[tuple[str, str], ...]:
    """One shift per line, ``09:00-18:00`` (also – ~ 至 到); lines that do not read so are left out."""
    out = []
    for line in text.splitlines():
        m = _TEMPLATE.match(line)
        if m:
            a, b = (f"{int(t.split(':')[0]):02d}:{t.split(':')[1]}" for t in m.groups())
            if a != b and int(a[:2]) <= 24 and int(b[:2]) <= 24:
                out.append((a, b))
    return tuple(out)


def templates_text(templates) -> str:
    return "\n".join(f"{a}-{b}" for a, b in templates)


class StaffingSettingsTab(QWidget):
    """Edits ModelSettings.staffing_target_share/_s, staffing_concurrency and shift_templates."""

    def __init__(self, settings: ModelSettings, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffing_settings")
        self._initial = settings
        form = QFormLayout(self)
        target = QHBoxLayout()
        self.share = QDoubleSpinBox()
        self.share.setRange(1, 99)
        self.share.setDecimals(0)
        self.share.setSuffix(" %")
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(0, 3600)
        self.seconds.setDecimals(0)
        self.seconds.setSuffix(self.tr(" s"))
        target.addWidget(self.share)
        target.addWidget(self.seconds)
        form.addRow(self.tr("Target: share of first responses within"), target)
        row = QHBoxLayout()
        self.by_hand = QCheckBox(self.tr("Set by hand (otherwise measured)"))
        self.concurrency = QDoubleSpinBox()
        self.concurrency.setRange(1, 20)
        self.concurrency.setDecimals(1)
        self.concurrency.setSingleStep(0.5)
        self.by_hand.toggled.connect(self.concurrency.setEnabled)
        row.addWidget(self.by_hand)
        row.addWidget(self.concurrency)
        form.addRow(self.tr("Chats an agent holds at once"), row)
        self.templates = QPlainTextEdit()
        self.templates.setPlaceholderText(self.tr("One shift per line, e.g. 09:00-18:00"))
        form.addRow(self.tr("Shift templates"), self.templates)
        self.load(settings)

    def load(self, s: ModelSettings) -> None:
        self.share.setValue(100 * s.staffing_target_share)
        self.seconds.setValue(s.staffing_target_s)
        self.by_hand.setChecked(s.staffing_concurrency is not None)
        self.concurrency.setValue(s.staffing_concurrency or 1.0)
        self.concurrency.setEnabled(s.staffing_concurrency is not None)
        self.templates.setPlainText(templates_text(s.shift_templates))

    def changes(self) -> dict[str, Any]:
        """The staffing fields for ModelSettings.replace()."""
        templates = parse_templates(self.templates.toPlainText())
        return dict(
            staffing_target_share=round(float(self.share.value()) / 100, 4),
            staffing_target_s=float(self.seconds.value()),
            staffing_concurrency=float(self.concurrency.value()) if self.by_hand.isChecked() else None,
            shift_templates=templates or self._initial.shift_templates,
        )
