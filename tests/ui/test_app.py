"""Start-up pieces: argument parsing, create_main_window locations, the about dialog."""

from __future__ import annotations

from desktop_app.ui.app import create_main_window, parse_args
from desktop_app.ui.paths import resource_path


def test_parse_args():
    a = parse_args(["--demo", "--data-dir", "/some/dir", "--lang", "zh_CN", "订单.csv", "聊天.txt"])
    assert a.demo and a.data_dir == "/some/dir" and a.lang == "zh_CN"
    assert a.files == ["订单.csv", "聊天.txt"]
    b = parse_args([])
    assert b.files == [] and not b.demo and b.lang is None and b.data_dir is None


def test_create_main_window_keeps_store_and_settings_in_the_data_dir(qtbot, tmp_path, translators):
    w = create_main_window(tmp_path / "d", translators=translators)
    qtbot.addWidget(w)
    assert (tmp_path / "d" / "history.sqlite3").exists()
    assert w.settings.file_name == str(tmp_path / "d" / "settings.ini")
    dlg = w.show_about()
    assert str(tmp_path / "d") in dlg.locations.text()
    dlg.close()
    w.close()


def test_explicit_settings_path(qtbot, tmp_path, translators):
    w = create_main_window(tmp_path / "d", tmp_path / "elsewhere.ini", translators=translators)
    qtbot.addWidget(w)
    assert w.settings.file_name == str(tmp_path / "elsewhere.ini")
    w.close()


def test_resources_are_found():
    assert resource_path("icons/desktop-app.png").exists()
    assert resource_path("i18n/desktop_app_zh_CN.qm").exists()
