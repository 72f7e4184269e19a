"""Opening the history file safely: the folder, a look before touching, read-only, damage, the privacy pass.

The order matters (docs/store.md, "Faults"):

1. the data folder is made (0700) or found; a file in its place, a folder under a file, a system folder
   (/proc) or one that cannot be created -> ``StoreFolderError``;
2. an existing file is looked at through a read-only connection first: a newer schema -> ``SchemaTooNew``,
   ``PRAGMA quick_check`` failing (or "not a database") -> ``StoreDamaged``; either way the file is not
   written to, not even its journal mode;
3. a healthy file the user may not write (read-only folder, file or disk) is kept open read-only (an
   older schema is upgraded in memory only); the store's writes then raise ``StoreReadOnly``;
4. otherwise the read-write connection, created under umask 077 and chmod 0600 (SQLite gives the -wal
   and -shm files the database's permissions). Creating and migrating the schema happens in
   ``Store._migrate`` under the write lock, re-reading the version there, so two processes opening a
   new folder at once both end up with one schema.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from ..errors import SchemaTooNew
from . import clean_close, faults, migrations, privacy


def prepare_folder(folder: Path) -> None:
    """Create ``folder`` (0700) if needed; StoreFolderError when it cannot hold the history."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise faults.bad_folder(folder, "这是一个文件，不是文件夹", "it is a file, not a folder")
    try:
        with privacy.private_umask():
            folder.mkdir(parents=True, exist_ok=True)
    except NotADirectoryError as exc:
        raise faults.bad_folder(folder, "路径中有一部分是文件", f"part of the path is a file: {exc.strerror}") from exc
    except PermissionError as exc:
        raise faults.bad_folder(folder, "没有权限创建", f"no permission to create it: {exc.strerror}") from exc
    except OSError as exc:
        raise faults.bad_folder(folder, "无法在此创建", f"cannot be created here: {exc.strerror or exc}") from exc
    if _system_folder(folder):
        raise faults.bad_folder(folder, "这是系统文件夹", "it is a system folder")
    if _holds_only_ours(folder):
        # a folder someone chose for other files too (--data-dir ~) keeps its mode: the files are 0600
        privacy.make_private(folder, privacy.FOLDER_MODE)


#: what the app keeps in its data folder (the history and its copies, settings, mappings, the demo shop,
#: the read cache of a server's store: store/read_cache.py)
APP_ENTRIES = ("history.sqlite3", "settings.ini", "column_mappings", "demo", "readcache")


def _holds_only_ours(folder: Path) -> bool:
    try:
        return all(entry.name.startswith(APP_ENTRIES) for entry in folder.iterdir())
    except OSError:
        return False


def _system_folder(folder: Path) -> bool:
    """Kernel file systems (/proc, /sys, /dev) can be listed but never hold a database."""
    try:
        real = folder.resolve()
    except OSError:
        return False
    return os.name == "posix" and len(real.parts) > 1 and real.parts[1] in ("proc", "sys", "dev")


def writable(db: Path) -> bool:
    """May this process write the database (and its -wal/-shm beside it)? False on a read-only disk
    (whoever we are), a read-only folder or file."""
    folder = db.parent
    try:
        if os.name == "posix" and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except (OSError, AttributeError):
        pass
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not db.exists() or os.access(db, os.W_OK)


def read_only_connection(db: Path) -> sqlite3.Connection:
    """A connection that cannot write ``db``. In a read-only folder without -shm, SQLite needs
    ``immutable=1`` to read a WAL file at all."""
    uri = db.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        # CANTOPEN / READONLY_CANTINIT: no -shm beside a WAL file, and no right to create one
        if not faults.error_name(exc).startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                           check_same_thread=False)


def look(db: Path) -> sqlite3.Connection:
    """The read-only look at an existing file: its version and ``quick_check``. Returns the open
    read-only connection; raises SchemaTooNew or StoreDamaged (the file untouched)."""
    try:
        conn = read_only_connection(db)
    except sqlite3.Error as exc:
        raise _unreadable(db, exc) from exc
    try:
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise _unreadable(db, exc) from exc
        if version > migrations.LATEST:
            raise SchemaTooNew(
                f"{db} was written by a newer version of the app (schema version {version}; this "
                f"version knows up to {migrations.LATEST}). The file was not changed. Update the app, "
                "or choose another data directory with --data-dir. / 该历史数据库由更新版本的程序写入，"
                "文件未被修改。请升级程序，或用 --data-dir 选择其他数据目录。"
            )
        # a file as the app closed it cleanly needs no second full check (clean_close.py)
        problem = None if clean_close.unchanged(db) else faults.quick_check(conn)
        if problem is not None:
            raise faults.damaged(db, problem)
    except BaseException:
        conn.close()
        raise
    return conn


def check_damage(db: Path) -> None:
    """``PRAGMA quick_check`` of the file as it is on disk now (a connection of its own: the store's
    connection may answer from its page cache); StoreDamaged when it fails."""
    try:
        conn = read_only_connection(db)
    except sqlite3.Error as exc:
        raise _unreadable(db, exc) from exc
    try:
        problem = faults.quick_check(conn)
    finally:
        conn.close()
    if problem is not None:
        raise faults.damaged(db, problem)


def _unreadable(db: Path, exc: sqlite3.Error) -> Exception:
    name = faults.error_name(exc)
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return faults.damaged(db, f"not a SQLite database: {exc}")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return faults.bad_folder(db.parent, f"无法打开 {db.name}", f"cannot open {db.name}: {exc}")
    return faults.translate(exc, db)


def connect(db: Path, busy_wait: float) -> tuple[sqlite3.Connection, bool]:
    """The store's connection and whether it is read-only (see the module's docstring)."""
    prepare_folder(db.parent)
    if db.is_dir():
        raise faults.bad_folder(db.parent, f"{db.name} 是一个文件夹", f"{db.name} is a folder")
    exists = db.exists() and db.stat().st_size > 0
    checked = look(db) if exists else None
    if not writable(db):
        if checked is None:
            raise faults.bad_folder(db.parent, "只读，且没有历史数据库", "read-only, and no history in it")
        return _read_only_store(checked), True
    if checked is not None:
        checked.close()
    with privacy.private_umask():
        try:
            conn = sqlite3.connect(str(db), isolation_level=None, check_same_thread=False,
                                   timeout=faults.LOCK_SLICE_MS / 1000)
        except sqlite3.Error as exc:
            raise _unreadable(db, exc) from exc
    privacy.make_database_private(db)
    try:
        # switching to WAL takes an exclusive lock: two processes opening a new file at once wait here
        _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL"), db, busy_wait)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException as exc:
        conn.close()
        translated = faults.translate(exc, db)
        if translated is exc:
            raise
        raise translated from exc
    return conn, False


def _read_only_store(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Keep the read-only connection; an older schema is upgraded in a copy in memory (never on disk)."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == migrations.LATEST:
        return conn
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.backup(memory)
    conn.close()
    memory.execute("BEGIN")
    migrations.migrate(memory, version)
    memory.execute("COMMIT")
    return memory


def _retry_busy(fn: Callable[[], object], db: Path, wait: float) -> None:
    started = time.monotonic()
    while True:
        try:
            fn()
            return
        except sqlite3.OperationalError as exc:
            if not faults.error_name(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise
            if time.monotonic() - started >= wait:
                raise faults.busy(db, time.monotonic() - started) from exc
            time.sleep(0.05)


def enforce_privacy(conn: sqlite3.Connection, db: Path, keep_full_contacts: bool, busy_wait: float) -> None:
    """Bring the stored contacts in line with the setting: with it off, minimise what a store holds in
    full (once; the ``privacy`` table remembers), rebuild the file and minimise the migration copies."""
    want = privacy.FULL if keep_full_contacts else privacy.MINIMISED
    if privacy.contacts_state(conn) == want:
        return
    faults.begin_write(conn, db, wait=busy_wait)
    try:
        changed = 0
        if not keep_full_contacts:
            conn.execute("PRAGMA secure_delete = ON")
            changed = privacy.minimise_stored(conn)
        privacy.set_state(conn, want)
        conn.execute("COMMIT")
    except BaseException as exc:
        faults.rollback_quietly(conn)
        translated = faults.translate(exc, db)
        if translated is exc:
            raise
        raise translated from exc
    finally:
        if not keep_full_contacts:
            conn.execute("PRAGMA secure_delete = OFF")
    if changed:
        try:  # VACUUM waits for another process's write like an import does; best effort after that
            _retry_busy(lambda: privacy.rebuild(conn), db, busy_wait)
        except faults.StoreBusy:
            pass  # minimised already (secure_delete zeroed the freed space); the WAL is checkpointed later
    if not keep_full_contacts:
        for copy in sorted(db.parent.glob(f"{db.name}.v*.bak")):
            privacy.minimise_copy(copy)


def set_aside(db: Path) -> Path:
    """Rename a damaged ``db`` (and its -wal/-shm, which belong to it) to ``<name>.damaged-<time>``;
    the bytes are not touched. The next open starts a fresh, empty history. Returns the new name."""
    from .db import DB_FILE

    db = Path(db)
    if db.is_dir():
        db = db / DB_FILE
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db.with_name(f"{db.name}.damaged-{stamp}")
    n = 2
    while target.exists():
        target = db.with_name(f"{db.name}.damaged-{stamp}-{n}")
        n += 1
    os.replace(db, target)
    for suffix in privacy.SIDE_SUFFIXES:
        side = db.with_name(db.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    privacy.make_database_private(target)
    return target
