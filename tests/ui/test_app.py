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


def test_run_gui_opens_the_demo_shop_in_a_fresh_data_dir(qapp, tmp_path, monkeypatch):
    """The real start-up path: crash hook, translators, arguments, window, demo, event loop."""
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app import crash
    from desktop_app.ui.app import run_gui
    from desktop_app.ui.i18n import Translators
    from desktop_app.ui.main_window import MainWindow

    monkeypatch.setenv(crash.LOG_DIR_ENV, str(tmp_path / "logs"))
    previous_hook = sys.excepthook
    seen = {}

    def find_window():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, find_window)
            return
        window = windows[0]
        seen["lang"] = window.translators.language

        def on_results(results):
            seen["agents"] = len(results.agents)
            seen["data_dir"] = window.data_dir
            window.close()  # waits for the workers and closes the store
            QApplication.quit()

        window.results_changed.connect(on_results)

    QTimer.singleShot(0, find_window)
    QTimer.singleShot(120_000, QApplication.quit)  # never hang the suite
    try:
        code = run_gui(["--data-dir", str(tmp_path / "d"), "--lang", "en"])
    finally:
        handler = crash.installed_handler()
        if handler is not None:
            handler.uninstall()
        sys.excepthook = previous_hook
        Translators(qapp).install("en")
    assert code == 0
    # an empty store: the demo shop was generated in the data dir and computed
    assert seen.get("agents", 0) > 0
    assert seen["data_dir"] == tmp_path / "d"
    assert (tmp_path / "d" / "demo").is_dir()
    assert seen["lang"] == "en"
