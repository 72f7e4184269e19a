"""Settings ▸ Quality (服务质检): which rules run, their words (one per line) and thresholds.

``QualitySettingsEditor`` is a page the settings dialog can hold as a tab (the lead wires it in):
``load(settings)`` fills it, ``apply_to(settings)`` returns a new ModelSettings with the quality fields
replaced, or raises QualitySettingError naming the setting. ``check()`` shows that error inside the page
(red, with the setting's name) and returns False, so the caller does not save. ``QualitySettingsDialog``
is the page alone in a dialog that will not close on an invalid pattern.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.model.quality_rules import RULE_IDS, WORD_SETTINGS, QualitySettingError, validate
from ...core.model.settings import ModelSettings
from ..views.quality import rule_label

_C = "QualitySettings"
# setting -> untranslated label (context QualitySettings)
_WORD_LABELS = {
    "quality_question_words": QT_TRANSLATE_NOOP("QualitySettings", "Question words"),
    "quality_greeting_words": QT_TRANSLATE_NOOP("QualitySettings", "Greetings"),
    "quality_closing_words": QT_TRANSLATE_NOOP("QualitySettings", "Thanks and goodbye words"),
    "quality_banned_words": QT_TRANSLATE_NOOP("QualitySettings", "Banned words"),
    "quality_allowed_phrases": QT_TRANSLATE_NOOP("QualitySettings", "Allowed phrases (not banned)"),
    "quality_negation_prefixes": QT_TRANSLATE_NOOP("QualitySettings", "Negation prefixes"),
    "quality_complaint_words": QT_TRANSLATE_NOOP("QualitySettings", "Complaint words"),
    "quality_apology_words": QT_TRANSLATE_NOOP("QualitySettings", "Apology words"),
}
_OTHER_LABELS = {
    "quality_rules": QT_TRANSLATE_NOOP("QualitySettings", "Rules"),
    "quality_bare_max_chars": QT_TRANSLATE_NOOP("QualitySettings", "Bare reply: at most this many characters"),
    "quality_followup_h": QT_TRANSLATE_NOOP("QualitySettings", "Lost inquiry: follow-up within (h)"),
}


def setting_label(name: str) -> str:
    """The translated label of a quality setting (its key when unknown)."""
    text = _WORD_LABELS.get(name) or _OTHER_LABELS.get(name)
    return QCoreApplication.translate(_C, text) if text else name


class QualitySettingsEditor(QWidget):
    """The quality settings as widgets; see the module docstring."""

    def __init__(self, settings: Optional[ModelSettings] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.rule_boxes = {r: QCheckBox(self) for r in RULE_IDS}
        self.bare_max = QSpinBox(self)
        self.bare_max.setRange(0, 50)
        self.followup_h = QDoubleSpinBox(self)
        self.followup_h.setRange(0.5, 24 * 30)
        self.followup_h.setDecimals(1)
        self.word_edits = {name: QPlainTextEdit(self) for name in WORD_SETTINGS}
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#9c1c13")
        self.error.hide()
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        self.rules_group = QGroupBox(self)
        grid = QGridLayout(self.rules_group)
        for i, r in enumerate(RULE_IDS):
            grid.addWidget(self.rule_boxes[r], i // 2, i % 2)
        self.form = QFormLayout()
        self._form_labels = {"quality_bare_max_chars": QLabel(self), "quality_followup_h": QLabel(self)}
        self.form.addRow(self._form_labels["quality_bare_max_chars"], self.bare_max)
        self.form.addRow(self._form_labels["quality_followup_h"], self.followup_h)
        for name, edit in self.word_edits.items():
            edit.setMaximumHeight(72)
            self._form_labels[name] = QLabel(self)
            self.form.addRow(self._form_labels[name], edit)
        inner = QWidget(self)
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.rules_group)
        inner_layout.addLayout(self.form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        self.retranslate()
        self.load(settings or ModelSettings())

    def load(self, s: ModelSettings) -> None:
        for r, box in self.rule_boxes.items():
            box.setChecked(r in s.quality_rules)
        self.bare_max.setValue(int(s.quality_bare_max_chars))
        self.followup_h.setValue(float(s.quality_followup_h))
        for name, edit in self.word_edits.items():
            edit.setPlainText("\n".join(str(x) for x in getattr(s, name)))
        self.error.hide()

    def apply_to(self, base: ModelSettings) -> ModelSettings:
        """``base`` with the quality fields from the widgets; QualitySettingError when one is not valid."""
        changes = {name: tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())
                   for name, edit in self.word_edits.items()}
        changes["quality_rules"] = tuple(r for r in RULE_IDS if self.rule_boxes[r].isChecked())
        changes["quality_bare_max_chars"] = int(self.bare_max.value())
        changes["quality_followup_h"] = float(self.followup_h.value())
        result = base.replace(**changes)
        validate(result)
        return result

    def check(self, base: ModelSettings) -> bool:
        """Validate; show the error (naming the setting) inside the page. True when valid."""
        try:
            self.apply_to(base)
        except QualitySettingError as err:
            self.error.setText(self.tr("“{entry}” in {label} ({setting}) is not a valid pattern: {reason}. "
                                       "Nothing was saved.").format(
                entry=err.entry, label=setting_label(err.setting), setting=err.setting, reason=err.reason))
            self.error.show()
            edit = self.word_edits.get(err.setting)
            if edit is not None:
                edit.setFocus()
            return False
        self.error.hide()
        return True

    def retranslate(self) -> None:
        self.rules_group.setTitle(setting_label("quality_rules"))
        for r, box in self.rule_boxes.items():
            box.setText(rule_label(r))
        for name, label in self._form_labels.items():
            label.setText(setting_label(name))
        self.bare_max.setSuffix(self.tr(" characters"))
        self.followup_h.setSuffix(self.tr(" h"))
        self.hint.setText(self.tr("One word or phrase per line. Words match as written, full-width and "
                                  "half-width alike; a line starting with re: is a regular expression. "
                                  "A banned or complaint word right after a negation prefix is not a hit "
                                  "(不是不知道)."))


class QualitySettingsDialog(QDialog):
    """The quality page alone in a dialog: OK keeps it open while a pattern is not valid."""

    def __init__(self, settings: ModelSettings, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._base = settings
        self.result_settings: Optional[ModelSettings] = None
        self.editor = QualitySettingsEditor(settings, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Quality settings"))
        self.resize(560, 640)

    def accept(self) -> None:
        if not self.editor.check(self._base):
            return
        self.result_settings = self.editor.apply_to(self._base)
        super().accept()
