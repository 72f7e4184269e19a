"""Settings ▸ Database on the real window: the tab's round trip (never a password on disk), Test connection
on this PC's file and on a refused server, a failed switch that keeps the figures, marks under a name with
who and when, F5 reading what another process wrote, and the store named in the status bar."""

from __future__ import annotations

import csv
from pathlib import Path
import socket

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.core.importers.registry import load_file
from desktop_app.core.store import Store
from desktop_app.ui import bilingual
from shop_files import ORDER_HEADERS, write_shop

TIMEOUT = 60_000
SECRET = "Pw-s3cret!9"


def refused_port() -> int:
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_shop(qtbot, window, folder):
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_files([str(p) for p in write_shop(folder)])
    return window.results


def fill_server(tab, port: int) -> None:
    tab.engine.setCurrentIndex(tab.engine.findData("postgresql"))
    tab.host.setText("127.0.0.1")
    tab.port.setValue(port)
    tab.dbname.setText("cs")
    tab.user.setText("ann")
    tab.sslmode.setCurrentIndex(tab.sslmode.findData("require"))
    tab.password.setText(SECRET)


def test_the_database_tab_round_trips_without_the_password_and_a_failed_switch_keeps_the_figures(
        qtbot, window, tmp_path, monkeypatch):
    from desktop_app.ui import main_window as mw

    shown = []
    monkeypatch.setattr(mw, "show_error", lambda parent, exc, details="", *a, **k: shown.append(exc))
    results = open_shop(qtbot, window, tmp_path / "in")
    port = refused_port()
    dlg = window.open_settings()
    tab = dlg.database_tab
    dlg.tabs.setCurrentWidget(tab)
    assert tab.engine.currentData() == "sqlite" and not tab.server_box.isVisible()
    assert tab.in_use.text() == "This PC's file" and "history.sqlite3" in tab.in_use.toolTip()
    fill_server(tab, port)
    assert tab.server_box.isVisible()
    tab.marked_by.setText("Ann")
    with qtbot.waitSignal(window.database.switch_failed, timeout=TIMEOUT) as failed:
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    # the server cannot be used: said naming it, never the password; the figures on screen stay
    message = str(failed.args[0])
    assert f"127.0.0.1:{port}" in message and SECRET not in message
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT)
    assert window.results is results and window.results.shop["orders"] == 3
    assert f"127.0.0.1:{port}" in str(shown[0]) and SECRET not in str(shown[0])  # the error dialog says why
    assert SECRET not in window.status_label.text()
    assert window.store_name.text() == "This PC's file"
    # kept: the server's fields and the name; the engine goes back to the store in use (the next start works)
    text = open(window.settings.file_name, encoding="utf-8").read()
    assert SECRET not in text and "password" not in text.lower()
    from desktop_app.ui.settings import AppSettings
    from desktop_app.ui.store_choice import load_choice, marked_by

    again = AppSettings(window.settings.file_name)
    choice = load_choice(again)
    assert (choice.engine, choice.host, choice.port, choice.dbname, choice.user, choice.sslmode) == (
        "sqlite", "127.0.0.1", port, "cs", "ann", "require")
    assert marked_by(again) == "Ann"
    # the dialog again: the saved values, an empty password field
    dlg = window.open_settings()
    tab = dlg.database_tab
    assert (tab.host.text(), tab.port.value(), tab.dbname.text(), tab.user.text(),
            tab.sslmode.currentData(), tab.marked_by.text(), tab.password.text()) == (
        "127.0.0.1", port, "cs", "ann", "require", "Ann", "")
    dlg.reject()


def test_test_connection_on_this_pcs_file_says_what_is_there(qtbot, window):
    dlg = window.open_settings()
    tab = dlg.database_tab
    assert tab.engine.currentData() == "sqlite"
    with qtbot.waitSignal(tab.tested, timeout=TIMEOUT) as blocker:
        tab.test_button.click()
    ok, text = blocker.args
    assert ok, text
    assert str(window.data_dir / "history.sqlite3") in text and "schema version" in text
    assert tab.result.text() == text and text.startswith("Connected: SQLite")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text  # the English reader's half only
    # a Chinese reader gets the Chinese half of the same answer (the prefix is the translator's)
    bilingual.set_chinese_first(True)
    try:
        with qtbot.waitSignal(tab.tested, timeout=TIMEOUT) as blocker:
            tab.test_button.click()
    finally:
        bilingual.set_chinese_first(False)
    ok, text = blocker.args
    assert ok and "文件 " in text and "结构版本" in text and "schema version" not in text, text
    dlg.reject()


def test_test_connection_on_a_refused_server_names_it_and_never_the_password(qtbot, window):
    port = refused_port()
    dlg = window.open_settings()
    tab = dlg.database_tab
    fill_server(tab, port)
    with qtbot.waitSignal(tab.tested, timeout=TIMEOUT) as blocker:
        tab.test_button.click()
    ok, text = blocker.args
    assert not ok
    assert f"127.0.0.1:{port}" in text and "Could not connect" in text
    assert SECRET not in text and SECRET not in tab.result.text()
    qtbot.waitUntil(tab.test_button.isEnabled, timeout=TIMEOUT)
    # a server without a host is refused before anything is tried
    tab.host.setText("")
    tab.test_button.click()
    assert "host" in tab.result.text()
    dlg.reject()


def test_marks_carry_the_name_with_who_and_when_and_f5_shows_another_process_work(qtbot, window, tmp_path):
    from desktop_app.ui.main_window import PAGE_ORDERS

    open_shop(qtbot, window, tmp_path / "in")
    window.state.set_marked_by("Ann")
    orders = window.view(PAGE_ORDERS)
    assert list(window.results.unshipped["order_id"]) == ["1003"]
    platform = str(window.results.unshipped["platform"].iloc[0])
    orders.handled_requested.emit("unshipped", platform, "1003", "已催仓库")
    assert list(window.shop_repository.store.handled()["who"]) == ["Ann"]
    stamp = window.results.unshipped["handled_stamp"].iloc[0]
    assert stamp.startswith("Ann · ") and len(stamp) == len("Ann · 12-07 14:03")

    # another process on the same store: marks the unpaid order as Bob and imports a fourth order
    extra = tmp_path / "more" / "ExportOrderList_more.csv"
    extra.parent.mkdir()
    with extra.open("w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ORDER_HEADERS)
        w.writerow(['="1004"', "b5", "30.00", "交易成功", "2026-11-20 15:00:00", "2026-11-20 15:01:00", "1",
                    "浙江省 杭州市", "30.00", "店", "0", "13800004444"])
    with Store.open(window.data_dir) as other:
        other.set_handled("unpaid", platform, "1002", note="电话催付", by="Bob")
        other.import_result(load_file(str(extra)))
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.act_refresh.trigger()  # F5
    results = blocker.args[0]
    assert results.shop["orders"] == 4  # read again from the store, not the Dataset kept since the import
    unpaid = results.unpaid.set_index("order_id")
    assert unpaid.loc["1002", "handled_stamp"].startswith("Bob · ")
    assert unpaid.loc["1002", "handled_note"] == "电话催付"
    assert results.unshipped.set_index("order_id").loc["1003", "handled_stamp"].startswith("Ann · ")
    # the Orders page shows who marked it
    window.show_page(PAGE_ORDERS)
    orders.show_handled.setChecked(True)
    orders.show_check("unpaid")
    model = orders.tables["unpaid"].model
    col = model.column_of("handled_stamp")
    texts = [model.data(model.index(r, col)) for r in range(model.rowCount())]
    assert any(str(t).startswith("Bob · ") for t in texts)


def test_the_status_bar_names_the_store_and_database_opens_that_file(qtbot, make_window, tmp_path):
    from desktop_app.ui.main_window import create_main_window

    window = make_window("data")
    assert window.store_name.text() == "This PC's file"
    assert str(window.data_dir / "history.sqlite3") in window.store_name.toolTip()
    other = tmp_path / "elsewhere" / "team.sqlite3"
    second = create_main_window(tmp_path / "data2", database=f"sqlite:///{other.as_posix().lstrip('/')}",
                                translators=window.translators)
    qtbot.addWidget(second)
    try:
        assert str(other) in second.store_name.toolTip()
        with qtbot.waitSignal(second.results_changed, timeout=TIMEOUT):
            second.open_files([str(p) for p in write_shop(tmp_path / "in")])
        with Store(other) as store:
            assert store.totals()["orders"] == 3
        assert not (tmp_path / "data2" / "history.sqlite3").exists()
    finally:
        second.close()


def test_a_bad_database_argument_stops_the_window_with_exit_2(capsys):
    from desktop_app.ui.app import run_gui

    assert run_gui(["--database", "mysql://ann:" + SECRET + "@db/cs"]) == 2
    err = capsys.readouterr().err
    assert "mysql" in err and SECRET not in err


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_marker_name_is_the_computers_user(window, name):
    from desktop_app.ui.store_choice import os_user_name

    window.state.set_marked_by(name)
    assert window.state.marked_by == os_user_name()
    assert window.shop_repository.marked_by == os_user_name()


def test_a_window_started_on_a_refused_server_says_so_without_the_password(qtbot, tmp_path, translators):
    from desktop_app.ui.main_window import create_main_window as make

    port = refused_port()
    from desktop_app.ui.store_faults import install_store_notice

    window = make(tmp_path / "data", database=f"postgresql://ann:{SECRET}@127.0.0.1:{port}/cs",
                  translators=translators)
    qtbot.addWidget(window)
    try:
        install_store_notice(window)
        fault = window.shop_repository.fault
        assert fault is not None and fault.kind == "server"
        assert window.store_name.text() == f"PostgreSQL ann@127.0.0.1:{port}/cs (not open)"
        said = " ".join([window.store_notice.text(), window.store_notice.toolTip(), window.store_name.text(),
                         window.store_name.toolTip(), window.windowTitle(), str(fault), repr(fault)])
        assert f"127.0.0.1:{port}" in window.store_notice.text()
        assert SECRET not in said
    finally:
        window.close()  # saves the window's state and settings
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "settings.ini" for p in written)
    assert [p for p in written if SECRET.encode() in p.read_bytes()] == []


def test_a_saved_server_that_is_down_at_start_can_be_left_for_this_pcs_file(qtbot, tmp_path, translators):
    from desktop_app.ui.main_window import create_main_window
    from desktop_app.ui.settings import AppSettings
    from desktop_app.ui.store_choice import DatabaseChoice, load_choice, save_choice

    port = refused_port()
    save_choice(AppSettings(tmp_path / "data" / "settings.ini"),
                DatabaseChoice("postgresql", "127.0.0.1", port, "cs", "ann", "prefer"))
    window = create_main_window(tmp_path / "data", translators=translators)  # the saved choice: the server
    qtbot.addWidget(window)
    try:
        assert window.shop_repository.fault is not None
        assert window.store_name.text() == f"PostgreSQL ann@127.0.0.1:{port}/cs (not open)"
        dlg = window.open_settings()
        tab = dlg.database_tab
        assert tab.engine.currentData() == "postgresql" and tab.in_use.text() == window.store_name.text()
        tab.engine.setCurrentIndex(tab.engine.findData("sqlite"))
        with qtbot.waitSignal(window.database.switched, timeout=TIMEOUT):
            dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert window.shop_repository.fault is None and window.shop_repository.on_sqlite
        assert window.store_name.text() == "This PC's file"
        assert load_choice(AppSettings(window.settings.file_name)).engine == "sqlite"
        with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
            window.open_files([str(p) for p in write_shop(tmp_path / "in")])
        assert (tmp_path / "data" / "history.sqlite3").exists()
    finally:
        window.close()


def test_workspaces_and_the_database_choice_agree_on_the_store_of_the_next_start(qtbot, tmp_path, translators):
    from desktop_app.core.store.workspaces import create_workspace
    from desktop_app.ui.controllers.workspaces import SETTINGS_KEY
    from desktop_app.ui.main_window import create_main_window
    from desktop_app.ui.settings import AppSettings
    from desktop_app.ui.store_choice import DatabaseChoice, load_choice, save_choice

    data, shop_b = tmp_path / "data", tmp_path / "店铺B"
    create_workspace(shop_b)
    settings = AppSettings(data / "settings.ini")
    settings.set(SETTINGS_KEY, str(shop_b))  # the last session showed workspace B
    save_choice(settings, DatabaseChoice("postgresql", "127.0.0.1", refused_port(), "cs", "ann"))
    other = tmp_path / "team.sqlite3"
    # --database names the store: the remembered workspace is not reopened over it
    window = create_main_window(data, database=f"sqlite:///{other.as_posix().lstrip('/')}", translators=translators)
    qtbot.addWidget(window)
    try:
        qtbot.wait(200)
        assert not window.runner.is_busy("workspace")
        assert Path(window.shop_repository.store.path) == other
        # File ▸ Switch workspace: the folder's file from now on, also at the next start
        with qtbot.waitSignal(window.workspace_menu.controller.switched, timeout=TIMEOUT):
            window.workspace_menu.controller.switch_to(shop_b)
        assert load_choice(AppSettings(window.settings.file_name)).engine == "sqlite"
        assert window.store_name.text() == "This PC's file" and "店铺B" in window.store_name.toolTip()
        window.state.set_marked_by("Ann")
        assert window.shop_repository.marked_by == "Ann"
    finally:
        window.close()
