"""Start-up pieces: argument parsing, create_main_window locations, the about dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

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


def test_start_gui_opens_the_demo_shop_in_a_fresh_data_dir(qtbot, tmp_path):
    """The real start-up path up to the event loop: translators, arguments, window, demo.

    (``run_gui`` adds only the crash hook and ``app.exec()``; a test must not run the
    application's main loop, which pytest-qt owns.)
    """
    from desktop_app.ui.app import start_gui
    from desktop_app.ui.i18n import Translators

    try:
        window = start_gui(["--data-dir", str(tmp_path / "d"), "--lang", "en"])
        qtbot.addWidget(window)
        # an empty store: the demo shop is generated in the data dir, imported and computed
        with qtbot.waitSignal(window.results_changed, timeout=120_000) as blocker:
            pass
        assert len(blocker.args[0].agents) > 0
        assert window.data_dir == tmp_path / "d"
        assert (tmp_path / "d" / "demo").is_dir()
        assert window.translators.language == "en"
        window.close()
    finally:
        Translators(QApplication.instance()).install("en")


def test_start_gui_opens_files_given_on_the_command_line(qtbot, tmp_path):
    from desktop_app.ui.app import start_gui
    from shop_files import write_shop

    files = write_shop(tmp_path / "in")
    window = start_gui(["--data-dir", str(tmp_path / "d"), "--lang", "en"] + [str(f) for f in files])
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.results_changed, timeout=120_000) as blocker:
        pass
    assert len(blocker.args[0].agents) == 2  # 店:小王 and 店:小李, no demo
    assert not (tmp_path / "d" / "demo").exists()
    window.close()
