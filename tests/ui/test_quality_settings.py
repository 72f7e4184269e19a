"""Settings ▸ Quality: loads the settings, returns edited ones, refuses an invalid pattern by name."""

from PySide6.QtWidgets import QDialog

from desktop_app.core.model.settings import DEFAULT_SETTINGS
from desktop_app.ui.dialogs.quality_settings import QualitySettingsDialog, QualitySettingsEditor


def test_editor_round_trip(qtbot):
    editor = QualitySettingsEditor(DEFAULT_SETTINGS)
    qtbot.addWidget(editor)
    assert editor.word_edits["quality_banned_words"].toPlainText().splitlines()[0] == "不知道"
    assert editor.apply_to(DEFAULT_SETTINGS) == DEFAULT_SETTINGS  # nothing changed
    editor.word_edits["quality_banned_words"].setPlainText("不知道\n\n  爱买不买  \nre:滚+")
    editor.rule_boxes["lost_inquiry_no_followup"].setChecked(False)
    editor.bare_max.setValue(2)
    s = editor.apply_to(DEFAULT_SETTINGS)
    assert s.quality_banned_words == ("不知道", "爱买不买", "re:滚+")
    assert "lost_inquiry_no_followup" not in s.quality_rules and s.quality_bare_max_chars == 2
    assert s.split_gap_s == DEFAULT_SETTINGS.split_gap_s  # other settings untouched


def test_invalid_pattern_is_named_and_not_saved(qtbot):
    dialog = QualitySettingsDialog(DEFAULT_SETTINGS)
    qtbot.addWidget(dialog)
    dialog.editor.word_edits["quality_complaint_words"].setPlainText("投诉\nre:差评(")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.result_settings is None
    text = dialog.editor.error.text()
    assert not dialog.editor.error.isHidden()
    assert "quality_complaint_words" in text and "re:差评(" in text and "Complaint words" in text
    dialog.editor.word_edits["quality_complaint_words"].setPlainText("投诉\n？")  # literal: fine
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_settings.quality_complaint_words == ("投诉", "？")
    assert dialog.editor.error.isHidden()


def test_settings_dialog_has_the_quality_page_and_refuses_an_invalid_pattern(qtbot):
    from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

    dlg = SettingsDialog(DEFAULT_SETTINGS, "en")
    qtbot.addWidget(dlg)
    page = dlg.quality_page
    assert dlg.tabs.indexOf(page) >= 0
    page.word_edits["quality_greeting_words"].setPlainText("re:[亲")
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.tabs.currentWidget() is page
    assert "quality_greeting_words" in page.error.text()
    page.word_edits["quality_greeting_words"].setPlainText("亲\n您好")
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.model_settings().quality_greeting_words == ("亲", "您好")
