"""What can go wrong with the history file, said so a user can act on it (zh/en), and the waits and checks
that keep a fault from turning into lost or damaged history.

* ``StoreBusy``: another process (a second window, the command line) holds the write lock longer than
  the store waits (``BUSY_WAIT`` seconds, with "waiting…" progress meanwhile).
* ``StoreFull``: the disk is full (SQLITE_FULL, or an I/O error while the disk has almost no space left);
  the transaction was rolled back, nothing was imported.
* ``StoreWriteFailed``: another I/O error while writing; rolled back too.
* ``StoreDamaged``: ``PRAGMA quick_check`` failed or SQLite reported the file corrupt. Nothing is written
  to it; ``Store.set_aside_damaged`` renames it (with its -wal/-shm) so a fresh one can start.
* ``StoreReadOnly``: the store was opened read-only (a read-only folder, file or disk) and a write was asked.
* ``StoreFolderError``: the data folder cannot hold a history (it is a file, lies under a file, cannot be
  created, or is a system folder such as /proc).

Every one is an ``InputError`` (message + hint, both bilingual), so the window and the command line show
them like any other problem with a user's input, never as a crash.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path
from typing import Callable, Optional

from ..errors import InputError

#: seconds an import waits for another process's import before giving up with StoreBusy
BUSY_WAIT = 120.0
#: seconds SQLite itself waits for a lock inside one statement (between our progress reports)
LOCK_SLICE_MS = 1000
#: below this many free bytes an I/O error while writing is taken for a full disk
NEARLY_FULL = 8 << 20


class StoreError(InputError):
    """A fault of the history store (not of an imported file): message and hint in zh and en."""

    #: short machine-readable kind: busy, full, write_failed, damaged, read_only, folder
    kind = "store"

    @property
    def path(self) -> Optional[Path]:
        """The history file (or the data folder) at fault: ``file``, as a path."""
        return Path(self.file) if self.file else None


class StoreBusy(StoreError):
    kind = "busy"


class StoreFull(StoreError):
    kind = "full"


class StoreWriteFailed(StoreError):
    kind = "write_failed"


class StoreDamaged(StoreError):
    kind = "damaged"


class StoreReadOnly(StoreError):
    kind = "read_only"


class StoreFolderError(StoreError):
    kind = "folder"


class StoreServerError(StoreError):
    """The PostgreSQL server cannot be reached, refused the login, or dropped the connection (pg_faults.py)."""

    kind = "server"


# --- the messages ---------------------------------------------------------------------------------

def busy(path: Path, waited: float) -> StoreBusy:
    return StoreBusy(
        f"另一个导入正在进行（已等待 {waited:.0f} 秒），本次没有导入任何内容。/ Another import is running "
        f"(waited {waited:.0f} s): nothing was imported.",
        file=str(path),
        hint="请等另一个窗口或命令行的导入完成后再试。/ Wait for the import in the other window or on the "
             "command line to finish, then try again.",
        details=str(path))


def full(path: Path, cause: BaseException) -> StoreFull:
    return StoreFull(
        f"磁盘已满：本次没有导入任何内容。/ Disk full: nothing was imported ({cause}).",
        file=str(path),
        hint="请释放数据目录所在磁盘的空间后再试。/ Free space on the disk holding the data folder and try "
             "again.",
        details=str(path))


def write_failed(path: Path, cause: BaseException) -> StoreWriteFailed:
    return StoreWriteFailed(
        "无法写入历史数据库：本次没有保存任何内容，已有数据未改变。/ The history could not be written "
        f"({cause}): nothing was saved, the data already there is unchanged.",
        file=str(path),
        hint="请检查磁盘或 U 盘是否仍然连接、可写，然后再试。/ Check that the disk or USB stick is still "
             "connected and writable, then try again.",
        details=str(path))


def damaged(path: Path, cause: str) -> StoreDamaged:
    lines = [line.strip() for line in str(cause).splitlines() if line.strip() and "***" not in line]
    short = (lines[0][:80] + (f"; +{len(lines) - 1}" if len(lines) > 1 else "")) if lines else "quick_check"
    return StoreDamaged(
        f"历史数据库已损坏：程序不会写入该文件。/ The history database is damaged ({short}): nothing will "
        "be written to it.",
        file=str(path),
        hint="可以把它原样保留在旁边（改名加上时间）并新建一个空的历史数据库，或退出后从备份恢复。/ It can be set "
             "aside untouched (renamed with the time) and a fresh history started, or quit and restore a "
             "backup.",
        details=f"{path}\n{cause}")


def read_only(path: Path) -> StoreReadOnly:
    return StoreReadOnly(
        "只读：显示已有数据，无法保存任何内容。/ Read-only: figures shown, nothing can be saved.",
        file=str(path),
        hint="数据目录或其中的历史数据库不可写。要导入或标记，请使用可写的数据目录（--data-dir）。/ The data "
             "folder or the history in it is not writable; to import or mark, use a writable data folder "
             "(--data-dir).",
        details=str(path))


def bad_folder(folder: Path, zh_reason: str, en_reason: str) -> StoreFolderError:
    return StoreFolderError(
        f"数据目录无法使用（{zh_reason}）。/ The data folder cannot be used ({en_reason}).",
        file=str(folder),
        hint="请选择一个普通的、可写的文件夹（--data-dir）。/ Choose an ordinary writable folder (--data-dir).",
        details=str(folder))


# --- translating SQLite's errors ------------------------------------------------------------------

def error_name(exc: BaseException) -> str:
    """SQLite's primary result name of ``exc`` (``SQLITE_FULL``, ``SQLITE_IOERR``...), or ""."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name
    text = str(exc).lower()  # older SQLite builds: the message only
    for needle, code in (("disk is full", "SQLITE_FULL"), ("disk i/o error", "SQLITE_IOERR"),
                         ("malformed", "SQLITE_CORRUPT"), ("not a database", "SQLITE_NOTADB"),
                         ("database is locked", "SQLITE_BUSY"), ("readonly database", "SQLITE_READONLY"),
                         ("unable to open database", "SQLITE_CANTOPEN")):
        if needle in text:
            return code
    return ""


def free_bytes(folder: Path) -> Optional[int]:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def translate(exc: BaseException, path: Path) -> BaseException:
    """The store error a SQLite error means for the user, or ``exc`` itself when it is something else."""
    engine_error = getattr(exc, "as_store_error", None)  # PostgreSQL's (engine_postgres.PgError)
    if engine_error is not None:
        translated = engine_error()
        if translated is not None:
            return translated
    if isinstance(exc, StoreError) or not isinstance(exc, sqlite3.Error):
        return exc
    name = error_name(exc)
    if name.startswith("SQLITE_FULL"):
        return full(path, exc)
    if name.startswith("SQLITE_IOERR"):
        free = free_bytes(path.parent)
        return full(path, exc) if free is not None and free < NEARLY_FULL else write_failed(path, exc)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return damaged(path, str(exc))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return busy(path, LOCK_SLICE_MS / 1000)
    if name.startswith("SQLITE_READONLY"):
        return read_only(path)
    return exc


def reraise(exc: BaseException, path: Path) -> None:
    """Raise what ``exc`` means for the user (``translate``), chained to it; ``exc`` itself otherwise."""
    translated = translate(exc, path)
    if translated is exc:
        raise exc
    raise translated from exc


def rollback_quietly(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open. SQLite may already have rolled back by itself (on
    SQLITE_FULL, SQLITE_IOERR, SQLITE_CORRUPT...): then there is nothing to do, and the error that
    caused it - not "cannot rollback - no transaction is active" - is the one to report."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


# --- waiting for the write lock -------------------------------------------------------------------

def waiting_text(waited: float) -> str:
    return (f"正在等待另一个导入完成（{waited:.0f} 秒）… / Waiting for another import to finish "
            f"({waited:.0f} s)…")


def begin_write(conn: sqlite3.Connection, path: Path, *, wait: float = BUSY_WAIT,
                report: Optional[Callable[[str], None]] = None,
                should_cancel: Optional[Callable[[], bool]] = None) -> None:
    """``BEGIN IMMEDIATE``, waiting up to ``wait`` seconds for another process's write lock.

    SQLite's busy handler waits ``LOCK_SLICE_MS`` at a time; between slices ``report`` gets a
    "waiting…" text and ``should_cancel`` is asked (ImportCancelled from the caller's check).
    Raises StoreBusy when the lock did not come within ``wait`` seconds.
    """
    started = time.monotonic()
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not error_name(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise translate(exc, path) from exc
        waited = time.monotonic() - started
        if waited >= wait:
            raise busy(path, waited)
        if report is not None:
            report(waiting_text(waited))
        if should_cancel is not None and should_cancel():
            from ..errors import ImportCancelled

            raise ImportCancelled()
        time.sleep(min(0.05, max(0.0, wait - waited)))


# --- damage ---------------------------------------------------------------------------------------

def quick_check(conn: sqlite3.Connection) -> Optional[str]:
    """None when ``PRAGMA quick_check`` says ok, else what it found (first lines)."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == ["ok"]:
        return None
    return "; ".join(str(r) for r in rows[:3]) or "quick_check returned nothing"


def wait_for_writer(path: Path, *, wait: float = BUSY_WAIT, report: Optional[Callable[[str], None]] = None,
                    should_cancel: Optional[Callable[[], bool]] = None) -> None:
    """Wait until no other process holds the write lock of ``path`` (a connection of its own, so a
    caller can wait before taking its own locks); StoreBusy after ``wait`` seconds. The import's own
    ``begin_write`` still waits should another process get in between."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=LOCK_SLICE_MS / 1000)
    except sqlite3.Error:
        return  # the import itself will say what is wrong
    try:
        begin_write(conn, path, wait=wait, report=report, should_cancel=should_cancel)
        conn.execute("ROLLBACK")
    finally:
        conn.close()
