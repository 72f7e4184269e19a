"""Translations: every string of the UI has a Chinese translation, placeholders intact, .qm loads."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from desktop_app.ui.i18n import Translators, qm_path, resolve_language, system_language
from desktop_app.ui.paths import resource_path

PLACEHOLDER = re.compile(r"%\d|%n|\{[^}]*\}")


def messages(lang: str):
    tree = ET.parse(resource_path(f"i18n/desktop_app_{lang}.ts"))
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            yield name, m


def test_every_chinese_string_is_translated_with_its_placeholders():
    count = 0
    for ctx, m in messages("zh_CN"):
        count += 1
        source = m.findtext("source")
        tr = m.find("translation")
        assert tr.get("type") not in ("unfinished", "vanished", "obsolete"), f"{ctx}: {source!r} untranslated"
        texts = [n.text or "" for n in tr.findall("numerusform")] or [tr.text or ""]
        for text in texts:
            assert text.strip(), f"{ctx}: {source!r} has an empty translation"
            placeholders = sorted(PLACEHOLDER.findall(source))
            assert sorted(PLACEHOLDER.findall(text)) == placeholders, (ctx, source, text)
    assert count > 300


def test_domain_words_are_used():
    zh = {(ctx, m.findtext("source")): m.findtext("translation") for ctx, m in messages("zh_CN")}
    assert zh[("Pages", "Agents")] == "客服"
    assert zh[("AgentsView", "Conversion")] == "询单转化率"
    assert zh[("AgentsView", "AOV")] == "客单价"
    assert zh[("AgentsView", "Refund rate")] == "退款率"


def test_compiled_translations_switch_at_runtime(qapp):
    assert qm_path("zh_CN").exists() and qm_path("en").exists()
    t = Translators(qapp)
    try:
        assert t.install("zh_CN")
        assert QCoreApplication.translate("WindowActions", "&File") == "文件(&F)"
        assert QLocale().name() == "zh_CN"
        # plural forms: the Chinese text has one form
        assert QCoreApplication.translate("ImportController", "Reading %n file(s)…", "", 3) == "正在读取 3 个文件…"
        assert t.install("en")
        assert QCoreApplication.translate("WindowActions", "&File") == "&File"
        assert QCoreApplication.translate("ImportController", "Reading %n file(s)…", "", 1) == "Reading 1 file…"
        assert QCoreApplication.translate("ImportController", "Reading %n file(s)…", "", 3) == "Reading 3 files…"
    finally:
        t.install("en")


@pytest.mark.parametrize("saved, expected", [("zh_CN", "zh_CN"), ("en", "en"), ("", None), ("fr", None)])
def test_saved_language_or_system(saved, expected):
    assert resolve_language(saved) == (expected or system_language())
    assert system_language() in ("zh_CN", "en")


#: contexts of the shell's own modules (the views' contexts belong to their authors' workflow)
SHELL_CONTEXTS = {"MainWindow", "StartPage", "ProblemsView", "SettingsDialog", "MappingDialog", "ErrorDialog",
                  "AboutDialog", "PlaceholderView", "Pages", "WindowActions", "ImportController", "ComputeController",
                  "ExportController", "SettingsController", "RangeBar", "StatusLine", "GeneralSettingsPage", "FileKinds", "ColumnGroups", "ColumnGroupsButton",
                  "WindowActions"}


def test_the_ts_file_has_every_string_of_the_shell(tmp_path):
    """A string added to the shell without running resources/i18n/build.py fails here."""
    import shutil
    import subprocess

    from desktop_app.ui.paths import resource_path as rp

    lupdate = shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    root = rp("").parent
    ui = root / "desktop_app" / "ui"
    sources = [str(p) for p in sorted(ui.rglob("*.py"))]
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = {(c, m.findtext("source")) for c, m in _messages_of(fresh) if c in SHELL_CONTEXTS}
    in_ts = {(c, m.findtext("source")) for c, m in messages("zh_CN") if c in SHELL_CONTEXTS}
    assert in_code - in_ts == set()


def _messages_of(path):
    tree = ET.parse(path)
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            yield name, m


def test_the_sidebar_names_the_pages_in_chinese():
    zh = {(ctx, m.findtext("source")): m.findtext("translation") for ctx, m in messages("zh_CN")}
    assert [zh[("Pages", p)] for p in ("Start", "Overview", "Agents", "Problems")] == ["开始", "总览", "客服", "问题"]


def test_qts_own_dialogs_speak_chinese_too(qapp):
    """qtbase_zh_CN is installed with ours: the file dialog's "Look in" and standard buttons."""
    t = Translators(qapp)
    try:
        t.install("zh_CN")
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        t.install("en")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"
