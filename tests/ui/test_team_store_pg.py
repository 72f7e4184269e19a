"""Two supervisors, one PostgreSQL database: another process imports and marks as "Ann"; this window, opened
with ``--database``, shows the same figures the embedded store gives for the same files and Ann's mark; a
mark made here as "Bob" is read back by another process; the store is named in the status bar and title.

Runs against the test server of tests/store_engines.py (skipped with the reason when there is none).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from shop_files import write_shop

TIMEOUT = 60_000
ROOT = Path(__file__).resolve().parents[2]


def url_of(conninfo: str) -> str:
    """``postgresql://user@host:port/db`` of a libpq keyword string (what the test server hands out)."""
    from psycopg.conninfo import conninfo_to_dict

    p = conninfo_to_dict(conninfo)
    return f"postgresql://{p.get('user', '')}@{p.get('host', '127.0.0.1')}:{p.get('port', 5432)}/{p['dbname']}"


def other_process(*args: str, script: str = "") -> str:
    """A second process on the same store: the command line, or a short script through the store's API."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-c", textwrap.dedent(script)] if script else [sys.executable, "-m", "desktop_app"]
    done = subprocess.run([*command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


MARK_AS_ANN = """
    import sys
    from desktop_app.core.store.database_url import open_store_url
    with open_store_url(sys.argv[1]) as store:
        store.set_handled("unshipped", sys.argv[2], "1003", note="已催仓库", by="Ann")
"""
READ_MARKS = """
    import json, sys
    from desktop_app.core.store.database_url import open_store_url
    with open_store_url(sys.argv[1]) as store:
        marks = store.handled()
        print(json.dumps([[r.check, r.order_id, r.who, r.note] for r in marks.itertuples()], ensure_ascii=False))
"""


def test_two_processes_share_one_postgresql_store(qtbot, make_window, tmp_path, pg_databases):
    from desktop_app.ui.main_window import create_main_window

    url = url_of(pg_databases.create())
    files = [str(p) for p in write_shop(tmp_path / "in")]
    # the other supervisor's PC: imports the day's files and marks the unshipped order as Ann
    out = other_process("import", *files, "--database", url)
    assert len(out.splitlines()) == len(files)
    # the embedded store from the same files: the figures to match
    local = make_window("local")
    with qtbot.waitSignal(local.results_changed, timeout=TIMEOUT):
        local.open_files(files)
    platform = str(local.results.unshipped["platform"].iloc[0])
    other_process(url, platform, script=MARK_AS_ANN)

    team = create_main_window(tmp_path / "team", database=url, translators=local.translators)
    qtbot.addWidget(team)
    try:
        team.show()
        assert team.shop_repository.fault is None, team.shop_repository.notice()
        team.state.set_marked_by("Bob")
        with qtbot.waitSignal(team.results_changed, timeout=TIMEOUT):
            team.recompute()
        # the levels this window's run stored carry its supervisor's name
        levels = team.shop_repository.store.level_marks()
        assert len(levels) and set(levels["who"]) == {"Bob"}
        results = team.results
        assert results.shop == local.results.shop
        assert results.agents["agent"].tolist() == local.results.agents["agent"].tolist()
        row = results.unshipped.set_index("order_id").loc["1003"]
        assert bool(row["handled"]) and row["handled_stamp"].startswith("Ann · ") and row["handled_note"] == "已催仓库"
        # the store is named (never a password): status bar and title
        host_port_db = url.split("@", 1)[1]
        assert team.store_name.text().startswith("PostgreSQL ") and host_port_db in team.store_name.text()
        assert host_port_db in team.windowTitle()
        # the same files imported from this window change nothing: one store for both PCs
        with qtbot.waitSignal(team.import_finished, timeout=TIMEOUT):
            team.open_files(files)
        qtbot.waitUntil(lambda: not team.state.busy, timeout=TIMEOUT)
        assert team.shop_repository.store.totals()["orders"] == 3
        assert len(team.shop_repository.import_list()) == len(files)
        # a mark made here as Bob is what the other process reads
        team.links.mark_handled("unpaid", platform, "1002", "电话催付")
        marks = json.loads(other_process(url, script=READ_MARKS))
        assert ["unshipped", "1003", "Ann", "已催仓库"] in marks
        assert ["unpaid", "1002", "Bob", "电话催付"] in marks
        # and the command-line report of the shared store gives the same shop figures
        report = json.loads(other_process("report", "--database", url, "--json", "-"))
        assert report["shop"]["orders"] == local.results.shop["orders"] == 3
    finally:
        team.close()


def server_fields(url: str) -> dict:
    from psycopg.conninfo import conninfo_to_dict

    return conninfo_to_dict(url)


def test_settings_switch_the_window_to_the_server_and_the_next_start_opens_it(qtbot, make_window, tmp_path,
                                                                              pg_databases):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop_app.core.cli_store import import_main
    from desktop_app.ui.main_window import create_main_window

    url = url_of(pg_databases.create())
    files = [str(p) for p in write_shop(tmp_path / "in")]
    assert import_main([*files, "--database", url], io.StringIO(), io.StringIO()) == 0
    window = make_window("data")
    assert window.data_range() is None  # this PC's file is empty
    p = server_fields(url)
    dlg = window.open_settings()
    tab = dlg.database_tab
    tab.engine.setCurrentIndex(tab.engine.findData("postgresql"))
    tab.host.setText(p["host"])
    tab.port.setValue(int(p["port"]))
    tab.dbname.setText(p["dbname"])
    tab.user.setText(p["user"])
    tab.sslmode.setCurrentIndex(tab.sslmode.findData("disable"))
    with qtbot.waitSignal(window.database.switched, timeout=TIMEOUT):
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.results is not None, timeout=TIMEOUT)
    assert window.results.shop["orders"] == 3
    where = f"{p['user']}@{p['host']}:{p['port']}/{p['dbname']}"
    assert window.store_name.text() == f"PostgreSQL {where}"
    assert where in window.windowTitle()
    # saved (without a password): the next start on this data folder opens the server
    from desktop_app.ui.settings import AppSettings
    from desktop_app.ui.store_choice import load_choice

    assert load_choice(AppSettings(window.settings.file_name)).engine == "postgresql"
    again = create_main_window(window.data_dir, translators=window.translators)
    qtbot.addWidget(again)
    try:
        assert again.shop_repository.url.display() == f"postgresql://{where}?sslmode=disable"
        assert again.shop_repository.date_range() is not None
    finally:
        again.close()


def test_test_connection_on_the_server_with_the_right_and_a_wrong_password(qtbot, window, pg_server_url):
    import psycopg

    from pg_server import PASSWORD, PASSWORD_ROLE

    p = server_fields(pg_server_url)
    try:  # a server given through DESKTOP_APP_TEST_PG_URL may not have the password role
        psycopg.connect(host=p["host"], port=p["port"], dbname=p["dbname"], user=PASSWORD_ROLE,
                        password=PASSWORD, connect_timeout=5).close()
    except psycopg.Error:
        import pytest

        pytest.skip(f"no role {PASSWORD_ROLE} with a password on this server")
    dlg = window.open_settings()
    tab = dlg.database_tab
    tab.engine.setCurrentIndex(tab.engine.findData("postgresql"))
    tab.host.setText(p["host"])
    tab.port.setValue(int(p["port"]))
    tab.dbname.setText(p["dbname"])
    tab.user.setText(PASSWORD_ROLE)
    tab.sslmode.setCurrentIndex(tab.sslmode.findData("disable"))
    tab.password.setText(PASSWORD)
    with qtbot.waitSignal(tab.tested, timeout=TIMEOUT) as blocker:
        tab.test_button.click()
    ok, text = blocker.args
    assert ok and text.startswith("Connected: PostgreSQL ") and "schema version" in text, text
    assert PASSWORD not in text
    qtbot.waitUntil(tab.test_button.isEnabled, timeout=TIMEOUT)
    tab.password.setText("wrong-" + PASSWORD)
    with qtbot.waitSignal(tab.tested, timeout=TIMEOUT) as blocker:
        tab.test_button.click()
    ok, text = blocker.args
    assert not ok and "password" in text and f"{p['host']}:{p['port']}" in text
    assert PASSWORD not in text and PASSWORD not in tab.result.toolTip()
    qtbot.waitUntil(tab.test_button.isEnabled, timeout=TIMEOUT)
    dlg.reject()


def test_a_server_store_of_a_newer_schema_is_refused_by_the_commands_and_the_window(qtbot, tmp_path, pg_databases,
                                                                                    translators):
    import psycopg

    from desktop_app.core.cli import report_main
    from desktop_app.ui.main_window import create_main_window

    url = url_of(pg_databases.create())
    with psycopg.connect(url, autocommit=True) as conn:  # what a later version of the app would leave
        conn.execute("CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (1, 999)")
    out, err = io.StringIO(), io.StringIO()
    assert report_main(["--database", url, "--json", "-"], out, err) == 2
    where = url.split("://", 1)[1]
    assert where in err.getvalue() and "newer version" in err.getvalue() and out.getvalue() == ""
    window = create_main_window(tmp_path / "data", database=url, translators=translators)
    qtbot.addWidget(window)
    try:
        assert window.shop_repository.fault is not None and "newer" in str(window.shop_repository.fault)
        assert window.store_name.text().endswith("(not open)")
    finally:
        window.close()
    with psycopg.connect(url) as conn:  # untouched
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == 999
