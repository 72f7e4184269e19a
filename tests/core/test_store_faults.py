"""The history store's faults, each ending in a clear message and an unchanged (or untouched) file.

Real SQLite files throughout; other processes are real processes (subprocess): a second importer holding
the write lock, several processes opening a new data folder at once, a process whose disk "fills up"
(its file size limit, RLIMIT_FSIZE, so writes fail with EFBIG as on a full disk), a process running as
another user for the read-only folder. A full disk three ways: a real 2 MB tmpfs where the machine
allows mounting one (skipped elsewhere), SQLite's ``PRAGMA max_page_count`` (SQLite raises the real
SQLITE_FULL), and the file size limit above (SQLite reports a disk I/O error).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from desktop_app.core.store import (DB_FILE, Store, StoreBusy, StoreDamaged, StoreError, StoreFolderError,
                                    StoreFull, StoreReadOnly, migrations)
from store_cases import (FILL_DISK, HOLD_LOCK, RACE_OPEN, READ_ONLY_PROBE, orders_export, table_counts)

HERE = str(Path(__file__).resolve().parent)
ROOT = str(Path(__file__).resolve().parents[2])


def _python(script: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _wait_for(path: Path, proc: subprocess.Popen) -> None:
    for _ in range(1200):  # up to ~60 s on a busy machine
        if path.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert path.exists(), proc.communicate(timeout=30)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- busy -------------------------------------------------------------------------------------------

def test_busy_store_waits_with_a_message_then_says_another_import_is_running(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 3))
    release, held = tmp_path / "release", tmp_path / "held"
    release.write_text("hold")
    holder = _python(HOLD_LOCK, str(data / DB_FILE), str(release), str(held))
    try:
        _wait_for(held, holder)
        texts = []
        with Store.open(data, busy_wait=2) as store:
            with pytest.raises(StoreBusy) as info:
                store.import_result(orders_export(tmp_path, "tue.csv", 5, start=100),
                                    progress=lambda done, total, text: texts.append(text))
            assert "Another import is running" in info.value.message and "另一个导入正在进行" in info.value.message
            assert "nothing was imported" in info.value.message
            assert any("Waiting for another import to finish" in t for t in texts)
            assert store.totals()["imports"] == 1  # the file was not imported
            # the window's handled mark waits too, then says the same
            with pytest.raises(StoreBusy):
                store.set_handled("unpaid", "taobao", "o1", note="催")
    finally:
        release.unlink()
        holder.communicate(timeout=60)
    assert table_counts(data / DB_FILE) == (1, 3, 30.0)


def test_busy_store_imports_once_the_other_import_finishes(tmp_path):
    data = tmp_path / "data"
    Store.open(data).close()
    release, held = tmp_path / "release", tmp_path / "held"
    release.write_text("hold")
    holder = _python(HOLD_LOCK, str(data / DB_FILE), str(release), str(held))
    try:
        _wait_for(held, holder)
        texts = []

        def progress(done, total, text):
            texts.append(text)
            if "Waiting" in text and release.exists():
                release.unlink()  # the other import finishes while we wait

        with Store.open(data, busy_wait=120) as store:
            record = store.import_result(orders_export(tmp_path, "tue.csv", 5), progress=progress)
            assert record.orders_new == 5 and not record.duplicate
        assert any("Waiting for another import" in t for t in texts)
    finally:
        if release.exists():
            release.unlink()
        holder.communicate(timeout=60)
    assert table_counts(data / DB_FILE) == (1, 5, 50.0)


# --- first open ----------------------------------------------------------------------------------

@pytest.mark.parametrize("round_", range(2))
def test_processes_opening_a_new_data_folder_at_once_share_one_schema(tmp_path, round_):
    data, go = tmp_path / "new-data", tmp_path / "go"
    names = [f"p{i}x" for i in range(4)]
    procs = [_python(RACE_OPEN, str(data), str(go), "50", name, HERE, str(tmp_path)) for name in names]
    time.sleep(1.0)  # let them all get to the start line (a slow start only makes the race milder)
    go.write_text("go")
    outs = [p.communicate(timeout=180) for p in procs]
    assert [o[0].split()[:1] for o in outs] == [["ok"]] * 4, outs
    with Store.open(data) as store:
        assert store.version == migrations.LATEST
        assert store.totals()["imports"] == 4 and store.totals()["orders"] == 200
    conn = sqlite3.connect(data / DB_FILE)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


# --- disk full --------------------------------------------------------------------------------------

def test_full_database_says_disk_full_nothing_imported_and_keeps_the_store(tmp_path):
    # SQLite's max_page_count: the next page SQLite needs raises the real SQLITE_FULL
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 3))
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StoreFull) as info:
            store.import_result(orders_export(tmp_path, "big.csv", 5000, prefix="big"))
        text = str(info.value)
        assert "Disk full: nothing was imported" in text and "磁盘已满" in text and "free space" in text.lower()
        assert "cannot rollback" not in text and "full" in str(info.value.__cause__)
        assert store.totals()["imports"] == 1 and store.totals()["orders"] == 3
        store._conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: the same file imports
        assert store.import_result(orders_export(tmp_path, "big.csv", 5000, prefix="big")).orders_new == 5000
    assert table_counts(data / DB_FILE) == (2, 5003, 50030.0)


def test_a_process_whose_disk_fills_up_reports_it_and_the_store_is_unchanged(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 3))
    limit = (data / DB_FILE).stat().st_size + 64 * 1024  # room for a few pages, not for 20,000 orders
    proc = _python(FILL_DISK, str(data), str(limit), HERE, str(tmp_path))
    out, err = proc.communicate(timeout=180)
    lines = out.splitlines()
    assert lines and lines[0] in ("full", "write_failed"), (out, err)
    assert "nothing was" in lines[1] and "cannot rollback" not in out, out
    with Store.open(data) as store:
        assert store.totals()["imports"] == 1 and store.totals()["orders"] == 3
    conn = sqlite3.connect(data / DB_FILE)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


# --- damage -----------------------------------------------------------------------------------------

def _damage(db: Path) -> None:
    """Overwrite a stretch of a page in the middle of the file (as a failing disk would)."""
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek((size // 4096 // 2) * 4096 + 8)
        fh.write(b"\xff" * 512)


def _damaged_store(tmp_path) -> Path:
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 3000))
    _damage(data / DB_FILE)
    return data


def test_damaged_store_is_refused_untouched_and_can_be_set_aside_for_a_fresh_one(tmp_path):
    data = _damaged_store(tmp_path)
    db = data / DB_FILE
    before = _sha(db)
    with pytest.raises(StoreDamaged) as info:
        Store.open(data)
    assert "damaged" in info.value.message and "已损坏" in info.value.message
    assert "nothing will be written" in info.value.message and "set aside" in info.value.hint
    assert info.value.path == db
    assert _sha(db) == before  # not written to, not even its journal mode
    with pytest.raises(StoreDamaged):  # and again: still refused, still untouched
        Store.open(data)
    assert _sha(db) == before

    aside = Store.set_aside_damaged(info.value.path)
    assert aside.parent == data and aside.name.startswith("history.sqlite3.damaged-")
    assert _sha(aside) == before and not db.exists()
    with Store.open(data) as fresh:
        assert fresh.totals()["orders"] == 0
        fresh.import_result(orders_export(tmp_path, "tue.csv", 2, prefix="t"))
    assert _sha(aside) == before  # kept beside the fresh one, untouched
    assert table_counts(db) == (1, 2, 20.0)


def test_damage_found_before_writing_stops_the_import(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 3000))
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _damage(data / DB_FILE)  # the disk fails while the window is open
        before = _sha(data / DB_FILE)
        with pytest.raises(StoreDamaged):
            store.import_result(orders_export(tmp_path, "tue.csv", 2, prefix="t"))
        assert _sha(data / DB_FILE) == before


# --- read-only ------------------------------------------------------------------------------------

def _share(path: Path) -> None:
    """Let another user read ``path`` (a folder: list and enter) but not write it."""
    os.chmod(path, 0o555 if path.is_dir() else 0o444)


@pytest.fixture
def world_readable_tmp():
    """A folder another user can reach (pytest's own tmp folders are private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="store-ro-"))
    os.chmod(folder, 0o755)
    yield folder
    for p in [folder, *folder.rglob("*")]:
        if p.is_dir():
            os.chmod(p, 0o755)
    shutil.rmtree(folder)


def _probe_as_other_user(data: Path, scratch: Path) -> dict:
    # root may write anywhere: the probe becomes "nobody" (after loading its modules); others are
    # already refused by the folder's mode
    uid = 65534 if os.geteuid() == 0 else -1
    scratch.mkdir(mode=0o755)
    proc = _python(READ_ONLY_PROBE, str(data), str(uid), HERE, str(scratch))
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    return json.loads(out.splitlines()[-1])


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_healthy_store_in_a_read_only_folder_opens_read_only(world_readable_tmp, tmp_path):
    data = world_readable_tmp / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 3))
    db = data / DB_FILE
    before = _sha(db)
    _share(db)
    _share(data)
    out = _probe_as_other_user(data, world_readable_tmp / "scratch")
    assert out["read_only"] is True and out["version"] == migrations.LATEST
    assert (out["orders"], out["paid"]) == (3, 30.0)  # figures shown
    assert out["import"] == out["handled"] == out["level"] == "read_only"
    assert out["message"].startswith("只读") and "Read-only: figures shown, nothing can be saved" in out["message"]
    assert out["levels_saved"] == 0
    assert _sha(db) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_store_of_an_older_version_is_upgraded_in_memory_only(world_readable_tmp, tmp_path):
    data = world_readable_tmp / "old"
    data.mkdir()
    db = data / DB_FILE
    conn = sqlite3.connect(db)
    for version in (1, 2):
        migrations.STEPS[version](conn)
    conn.execute("INSERT INTO imports (id, file, hash, format, rows, imported_at) VALUES (1, 'a.csv', 'h',"
                 " 'taobao_orders', 1, '2026-01-02 03:04:05')")
    conn.execute("INSERT INTO orders (platform, order_id, buyer, created, paid, status, paid_amount, import_id)"
                 " VALUES ('taobao', 'o1', 'erin', '2026-01-01 10:00:00', '2026-01-01 10:01:00', 'completed',"
                 " 88.5, 1)")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    before = _sha(db)
    _share(db)
    _share(data)
    out = _probe_as_other_user(data, world_readable_tmp / "scratch")
    assert out["read_only"] is True and out["version"] == migrations.LATEST
    assert (out["orders"], out["paid"]) == (1, 88.5) and out["import"] == "read_only"
    assert _sha(db) == before and sorted(p.name for p in data.iterdir()) == [DB_FILE]


# --- the data folder ---------------------------------------------------------------------------------

def test_a_data_folder_that_cannot_be_one_gives_a_message(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    cases = {
        a_file / "data": "part of the path is a file",
        a_file: "it is a file",
    }
    if os.name == "posix" and Path("/proc").is_dir():
        cases[Path("/proc/desktop-app-data")] = "cannot be created here"
        cases[Path("/proc/self")] = "system folder"
    for folder, reason in cases.items():
        with pytest.raises(StoreFolderError) as info:
            Store.open(folder)
        assert reason in info.value.message and "数据目录无法使用" in info.value.message, folder
        assert "--data-dir" in info.value.hint
        assert isinstance(info.value, StoreError)
    assert a_file.read_text() == "not a folder"


def test_store_errors_are_input_errors_with_both_languages():
    from desktop_app.core.errors import InputError
    from desktop_app.core.store import faults

    db = Path("/data/history.sqlite3")
    for err in (faults.busy(db, 3), faults.full(db, OSError("x")), faults.damaged(db, "x"),
                faults.read_only(db), faults.bad_folder(db.parent, "x", "x"), faults.write_failed(db, OSError("x"))):
        assert isinstance(err, InputError) and isinstance(err, StoreError)
        assert "/ " in err.message and "/ " in err.hint
        assert any("\u4e00" <= ch <= "\u9fff" for ch in err.message)
    assert isinstance(faults.translate(sqlite3.OperationalError("database or disk is full"), db), StoreFull)
    assert isinstance(faults.translate(sqlite3.OperationalError("attempt to write a readonly database"), db),
                      StoreReadOnly)


def test_an_io_error_on_a_nearly_full_disk_is_called_disk_full(monkeypatch):
    from desktop_app.core.store import faults

    db = Path("/data/history.sqlite3")
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorname = "SQLITE_IOERR_WRITE"
    monkeypatch.setattr(faults, "free_bytes", lambda folder: 4096)
    assert isinstance(faults.translate(error, db), StoreFull)
    monkeypatch.setattr(faults, "free_bytes", lambda folder: 50 << 30)
    assert faults.translate(error, db).kind == "write_failed"


def test_opening_an_older_store_while_another_process_writes_waits_then_says_busy(tmp_path):
    # an upgrade needs the write lock: opening waits for it like an import, then says so
    data = tmp_path / "data"
    data.mkdir()
    db = data / DB_FILE
    conn = sqlite3.connect(db)
    for version in (1, 2):
        migrations.STEPS[version](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    release, held = tmp_path / "release", tmp_path / "held"
    release.write_text("hold")
    holder = _python(HOLD_LOCK, str(db), str(release), str(held))
    try:
        _wait_for(held, holder)
        with pytest.raises(StoreBusy):
            Store.open(data, busy_wait=1)
    finally:
        release.unlink()
        holder.communicate(timeout=60)
    with Store.open(data) as store:  # the other process done: the upgrade goes ahead
        assert store.version == migrations.LATEST


def test_cancel_while_waiting_for_another_import(tmp_path):
    from desktop_app.core.errors import ImportCancelled

    data = tmp_path / "data"
    Store.open(data).close()
    release, held = tmp_path / "release", tmp_path / "held"
    release.write_text("hold")
    holder = _python(HOLD_LOCK, str(data / DB_FILE), str(release), str(held))
    try:
        _wait_for(held, holder)
        texts = []
        with Store.open(data) as store:
            with pytest.raises(ImportCancelled):
                store.import_result(orders_export(tmp_path, "tue.csv", 5),
                                    progress=lambda done, total, text: texts.append(text),
                                    should_cancel=lambda: any("Waiting" in t for t in texts))
    finally:
        release.unlink()
        holder.communicate(timeout=60)
    assert table_counts(data / DB_FILE) == (0, 0, 0.0)


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB file system (tmpfs), where the machine allows mounting one (root on Linux)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("tmpfs needs Linux")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_really_full_disk_says_disk_full_and_keeps_the_store(small_disk, tmp_path):
    data = small_disk / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 3))
        with pytest.raises(StoreFull) as info:
            store.import_result(orders_export(tmp_path, "big.csv", 20000, prefix="big"))
        assert "Disk full: nothing was imported" in str(info.value) and "cannot rollback" not in str(info.value)
        assert store.totals()["imports"] == 1 and store.totals()["orders"] == 3
    with Store.open(data) as store:
        assert store.totals()["orders"] == 3
