"""The window survives every fault of the history: busy, damaged, read-only, a data folder that cannot be one.

Real windows (app.start_gui / app.create_main_window) on real SQLite files; the second importer is a real
process holding the write lock. Read-only: this test process may be root, whom no folder mode stops, so
the store's own check of the folder (core.store.open.writable) is made to answer "no" here; that a truly
read-only folder gets that answer is tested with another user's process in tests/core/test_store_faults.py.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.store import DB_FILE, Store, StoreBusy, StoreReadOnly
from desktop_app.ui import store_faults
from desktop_app.ui.app import create_main_window, start_gui
from shop_files import write_shop

TIMEOUT = 120_000


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _imported_history(tmp_path, qtbot, translators) -> Path:
    """A data folder whose history holds the little shop (imported through a window)."""
    data = tmp_path / "data"
    window = create_main_window(data, translators=translators)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
    window.close()
    return data


@pytest.fixture
def english():
    yield
    from desktop_app.ui.i18n import Translators

    Translators(QApplication.instance()).install("en")


# --- read-only -------------------------------------------------------------------------------------

def test_read_only_history_shows_its_figures_with_a_notice_and_saves_nothing(qtbot, tmp_path, translators,
                                                                              monkeypatch):
    data = _imported_history(tmp_path, qtbot, translators)
    before = _sha(data / DB_FILE)
    monkeypatch.setattr("desktop_app.core.store.open.writable", lambda db: False)
    window = create_main_window(data, translators=translators)
    qtbot.addWidget(window)
    window.show()
    assert window.repository.read_only and window.repository.fault is None
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as shown:
        window.recompute()
    assert len(shown.args[0].agents) == 2  # the figures are shown
    notice = window.store_notice
    assert notice.isVisible() and "Read-only: figures shown, nothing can be saved" in notice.text()
    orders = window.views["orders"]
    assert not orders.mark_button.isEnabled() and "nothing can be saved" in orders.mark_button.toolTip()
    assert not any(a.isEnabled() for a in orders.mark_actions.values())

    window.mark_handled("unpaid", "taobao", "1002", "催")  # the window explains instead of crashing
    assert isinstance(window.last_error, StoreReadOnly)
    window.last_error_box.close()
    newer = write_shop(tmp_path / "more")[0]
    newer.write_bytes(newer.read_bytes() + b"\r\n")  # other bytes: not the file already imported
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as failed:
        window.open_files([str(newer)])
    assert isinstance(failed.args[0], StoreReadOnly)
    window.last_error_box.close()
    window.close()
    assert _sha(data / DB_FILE) == before


# --- damaged ---------------------------------------------------------------------------------------

def _damage(db: Path) -> None:
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek((size // 4096 // 2) * 4096 + 8)
        fh.write(b"\xff" * 512)


def _damaged_history(tmp_path) -> Path:
    from desktop_app.core.importers.base import ImportResult
    from desktop_app.core.sample import generate_frames

    data = tmp_path / "data"
    orders = generate_frames(3000, 0)[0]
    with Store.open(data) as store:
        store.import_result(ImportResult(path="x.csv", kind="orders", format_id="t", format_label="t",
                                         orders=orders, rows_read=len(orders)))
    _damage(data / DB_FILE)
    return data


def test_damaged_history_is_set_aside_on_the_users_choice_and_the_window_starts_fresh(qtbot, tmp_path,
                                                                                       english):
    data = _damaged_history(tmp_path)
    before = _sha(data / DB_FILE)
    seen = []

    def choose(box):
        seen.append((box.text(), [b.text() for b in box.choices]))
        return store_faults.SET_ASIDE

    store_faults_ask = store_faults.ask_user
    store_faults.ask_user = choose
    try:
        window = start_gui(["--data-dir", str(data), "--lang", "en"])
    finally:
        store_faults.ask_user = store_faults_ask
    qtbot.addWidget(window)
    text, buttons = seen[0]
    assert "The history database is damaged" in text and "nothing will be written" in text
    assert buttons == ["Set it aside and start fresh", "Quit"]
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        pass  # an empty history: the demo shop is shown
    aside = [p for p in data.iterdir() if p.name.startswith(DB_FILE + ".damaged-")
             and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and _sha(aside[0]) == before  # kept beside, untouched
    assert window.shop_repository.fault is None and not window.shop_repository.read_only
    assert not window.store_notice.isVisible()
    window.close()


def test_damaged_history_quit_leaves_the_file_alone(qtbot, tmp_path, english):
    data = _damaged_history(tmp_path)
    before = _sha(data / DB_FILE)
    original = store_faults.ask_user
    store_faults.ask_user = lambda box: store_faults.QUIT
    try:
        assert start_gui(["--data-dir", str(data), "--lang", "en"]) is None
    finally:
        store_faults.ask_user = original
    assert _sha(data / DB_FILE) == before and sorted(p.name for p in data.iterdir())[0] == DB_FILE
    assert not any(".damaged-" in p.name for p in data.iterdir())


def test_the_real_dialog_is_modal_and_its_button_sets_the_file_aside(qtbot, tmp_path, translators):
    data = _damaged_history(tmp_path)
    window = create_main_window(data, translators=translators)
    qtbot.addWidget(window)
    window.show()
    assert window.shop_repository.fault is not None and window.store_notice.isVisible()
    assert "damaged" in window.store_notice.text()

    def click_set_aside():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        [button] = [b for b in box.buttons() if b.text() == "Set it aside and start fresh"]
        button.click()

    QTimer.singleShot(0, click_set_aside)
    assert store_faults.resolve_store_fault(window) is True
    assert window.shop_repository.fault is None and not window.store_notice.isVisible()
    assert "kept as history.sqlite3.damaged-" in window.status_label.text()
    window.close()


# --- a data folder that cannot be one -----------------------------------------------------------------

def test_a_data_folder_under_a_file_gives_a_message_and_a_temporary_folder(qtbot, tmp_path, english):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    seen = []
    original = store_faults.ask_user
    store_faults.ask_user = lambda box: seen.append(box.text()) or store_faults.CONTINUE
    try:
        window = start_gui(["--data-dir", str(a_file / "data"), "--lang", "en"])
    finally:
        store_faults.ask_user = original
    qtbot.addWidget(window)
    assert "The data folder cannot be used" in seen[0] and "part of the path is a file" in seen[0]
    assert window.data_dir != a_file / "data" and window.data_dir.is_dir()
    assert "temporary folder" in window.store_notice.text() and window.store_notice.isVisible()
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        pass  # the window works (the demo shop, in the temporary folder)
    window.close()
    store_faults.ask_user = lambda box: store_faults.QUIT
    try:
        assert start_gui(["--data-dir", "/proc/desktop-app-data", "--lang", "en"]) is None
    finally:
        store_faults.ask_user = original


# --- busy --------------------------------------------------------------------------------------------

HOLD = textwrap.dedent("""
    import pathlib, sqlite3, sys, time
    db, release, held = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    held.write_text("held")
    while release.exists():
        time.sleep(0.02)
    conn.execute("ROLLBACK")
""")


def _hold_lock(db: Path, tmp_path: Path):
    release, held = tmp_path / "release", tmp_path / "held"
    release.write_text("hold")
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(release), str(held)])
    for _ in range(1200):
        if held.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert held.exists()
    return proc, release


@pytest.fixture
def window(qtbot, tmp_path, translators):
    """A window as the app makes it (app.create_main_window: with the history's notice and relay)."""
    made = create_main_window(tmp_path / "data", translators=translators)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.close()


def test_busy_history_the_window_waits_with_a_message_and_stays_usable(qtbot, window, tmp_path):
    proc, release = _hold_lock(window.data_dir / DB_FILE, tmp_path)
    try:
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
        qtbot.waitUntil(lambda: "Waiting for another import to finish" in window.status_label.text(),
                        timeout=TIMEOUT)
        # the GUI thread can still use the history while the import waits for the other process
        assert window.repository.date_range() is None and window.repository.imports().empty
        assert window.runner.is_busy("import")
        with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as shown:
            release.unlink()  # the other import finishes: ours goes ahead
        assert len(shown.args[0].agents) == 2
    finally:
        if release.exists():
            release.unlink()
        proc.wait(60)


def test_busy_history_past_the_wait_says_another_import_is_running(qtbot, window, tmp_path):
    window.shop_repository.busy_wait = 1.0
    proc, release = _hold_lock(window.data_dir / DB_FILE, tmp_path)
    try:
        with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as failed:
            window.open_files([str(p) for p in write_shop(tmp_path / "in")])
        assert isinstance(failed.args[0], StoreBusy)
        assert "Another import is running" in window.status_label.text()
        window.last_error_box.close()
    finally:
        release.unlink()
        proc.wait(60)
    assert window.repository.imports().empty  # nothing was imported; the window goes on
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])


def test_every_store_message_splits_into_its_two_languages():
    from desktop_app.core.store import faults
    from desktop_app.ui.bilingual import split_languages

    db = Path("/home/u/.local/share/desktop-app/history.sqlite3")
    errors = (faults.busy(db, 3), faults.full(db, OSError("database or disk is full")),
              faults.write_failed(db, OSError("disk I/O error")), faults.damaged(db, "Page 5: btreeInitPage()"),
              faults.read_only(db), faults.bad_folder(db.parent, "这是一个文件", "it is a file, not a folder"))
    for text in [t for e in errors for t in (e.message, e.hint)] + [faults.waiting_text(3)]:
        english, chinese = split_languages(text)
        assert english[:1].isascii() and not english[:1].isspace() and "\u4e00" <= chinese[0] <= "\u9fff", text


def test_busy_at_opening_offers_to_try_again(qtbot, tmp_path, translators, monkeypatch):
    import sqlite3

    from desktop_app.core.store import migrations

    monkeypatch.setattr("desktop_app.ui.repository.OPEN_WAIT", 1.0)
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / DB_FILE)  # an older history: opening it upgrades it, under the write lock
    for version in (1, 2):
        migrations.STEPS[version](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    proc, release = _hold_lock(data / DB_FILE, tmp_path)
    try:
        window = create_main_window(data, translators=translators)
        qtbot.addWidget(window)
        window.show()
        assert isinstance(window.shop_repository.fault, StoreBusy)
        assert "Another import is running" in window.store_notice.text()
        offered = []

        def choose(box):
            offered.append([b.text() for b in box.choices])
            release.unlink()  # the other process finishes
            proc.wait(60)
            return store_faults.RETRY

        assert store_faults.resolve_store_fault(window, ask=choose) is True
    finally:
        if release.exists():
            release.unlink()
        proc.wait(60)
    assert offered == [["Try again", "Continue without saving", "Quit"]]
    assert window.shop_repository.fault is None and window.shop_repository.store.version == migrations.LATEST
    assert not window.store_notice.isVisible()
    window.close()


def test_disk_full_while_importing_is_reported_and_the_window_goes_on(qtbot, window, tmp_path):
    store = window.shop_repository.store
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's real SQLITE_FULL on the next page
    from desktop_app.core.sample import write_sample

    orders = str(write_sample(tmp_path / "shop")["orders_csv"])  # 300 orders: more than the pages there are
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as failed:
        window.open_files([orders])
    assert type(failed.args[0]).__name__ == "StoreFull"
    assert "Disk full: nothing was imported" in window.status_label.text()
    window.last_error_box.close()
    assert window.repository.imports().empty
    store._conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: the same file imports
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_files([orders])
    assert len(window.repository.imports()) == 1


def test_damage_found_while_importing_stops_writing_and_shows_the_notice(qtbot, window, tmp_path):
    from desktop_app.core.importers.base import ImportResult
    from desktop_app.core.sample import generate_frames

    orders = generate_frames(3000, 0)[0]
    window.repository.import_result(ImportResult(path="x.csv", kind="orders", format_id="t", format_label="t",
                                                 orders=orders, rows_read=len(orders)))
    window.repository.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(window.data_dir / DB_FILE)
    before = _sha(window.data_dir / DB_FILE)
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as failed:
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
    assert type(failed.args[0]).__name__ == "StoreDamaged"
    window.last_error_box.close()
    assert window.repository.read_only and "damaged" in window.repository.notice()
    store_faults.refresh_notice(window)
    assert window.store_notice.isVisible() and not window.views["orders"].mark_button.isEnabled()
    assert _sha(window.data_dir / DB_FILE) == before
