"""The daily history store: one SQLite file holding every import, handled marks and membership levels.

Rules (docs/store.md has the user-facing version):

* Every import is recorded (file name, SHA-256 of its bytes, format id, row counts, problems as
  JSON, time). Importing the same content again changes nothing and returns the existing record
  flagged ``duplicate``.
* Orders are upserted by (platform, order_id). The *later* export wins: the file whose newest
  timestamp is newer, then the one imported later. The winner's status, amounts, remark and
  flags replace the stored ones; times, buyer, shop and contact fields the winner leaves blank
  are kept from the other export (an export without a 发货时间 column must not erase one).
* Order lines are replaced per order, by the same later-export rule. Messages are de-duplicated
  on (time, buyer, agent, sender, text). The inventory snapshot is replaced by the latest import.
* One transaction per import (``BEGIN IMMEDIATE`` ... ``COMMIT``, WAL journal, foreign keys on):
  an error, a cancel or a killed process part-way leaves the store exactly as it was.

Where it lives: this module holds ``Store`` itself (opening, closing, backup, migrating, the write
transactions); its methods come from importing.py (import_result, the import record; the rows go in by
upserts.py), dataset_reads.py (dataset, date_range, imports, totals), marks_levels.py (handled marks,
membership levels) and shop_api.py (shops, removing an import); sql_values.py converts values to
SQLite's types and back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from ..progress import Reporter
from . import clean_close, faults, migrations
from . import open as store_open
from .dataset_reads import DEFAULT_HISTORY_DAYS, HISTORY_DAYS, DatasetReads
from .importing import ImportRecord, Importing
from .marks_levels import CHECKS, QUALITY_CHECK, HandledMarksAndLevels
from .privacy import make_database_private, private_umask
from .shop_api import ShopsAndImports
# the names provenance.py used to take from here (sql_values.py holds them now)
from .sql_values import LINE_COLS as _LINE_COLS, ORDER_COLS as _ORDER_COLS, records as _records  # noqa: F401

#: file name of the database inside the data directory
DB_FILE = "history.sqlite3"
#: rows written per executemany call; progress and cancel are checked between chunks
CHUNK_ROWS = 2000
#: seconds a handled mark or a level waits for another process's write (it runs on the GUI thread)
SMALL_WRITE_WAIT = 2.0

__all__ = ["CHECKS", "CHUNK_ROWS", "DB_FILE", "DEFAULT_HISTORY_DAYS", "HISTORY_DAYS", "QUALITY_CHECK",
           "SMALL_WRITE_WAIT", "ImportRecord", "Store", "default_data_dir"]


def default_data_dir() -> Path:
    """Where the history lives unless the user passes ``--data-dir``."""
    import platformdirs

    return Path(platformdirs.user_data_dir("desktop-app", "desktop-app"))


class Store(Importing, DatasetReads, HandledMarksAndLevels, ShopsAndImports):
    """One history database. Use as a context manager, or call ``close()``.

    ``keep_full_contacts``: store receivers' names, phones and addresses as exported (default: only
    masked name and phone, province and city; store/privacy.py). ``busy_wait``: seconds an import waits
    for another process's import before StoreBusy. Faults raise the StoreError kinds of store/faults.py;
    a healthy file that may not be written opens with ``read_only`` True.
    """

    def __init__(self, path: str | Path, *, keep_full_contacts: bool = False,
                 busy_wait: float = faults.BUSY_WAIT) -> None:
        self.path = Path(path)
        self.keep_full_contacts = bool(keep_full_contacts)
        self.busy_wait = float(busy_wait)
        # folder, a read-only look (newer schema, damage), read-only or read-write (store/open.py);
        # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves, one per import.
        self._conn, self.read_only = store_open.connect(self.path, self.busy_wait)
        try:
            if not self.read_only:
                self._migrate()
                store_open.enforce_privacy(self._conn, self.path, self.keep_full_contacts, self.busy_wait)
        except Exception:
            self._conn.close()
            raise

    @classmethod
    def open(cls, data_dir: str | Path | None = None, **options: Any) -> "Store":
        """Open (creating or migrating) ``<data_dir>/history.sqlite3``; the default directory is per user.

        ``options``: ``keep_full_contacts``, ``busy_wait`` (see the class)."""
        base = Path(data_dir) if data_dir is not None else default_data_dir()
        return cls(base / DB_FILE, **options)

    @staticmethod
    def set_aside_damaged(path: str | Path) -> Path:
        """Rename a damaged history (``StoreDamaged.path``, or its data folder) with the time, untouched,
        so the next open starts a fresh one; returns where it went."""
        return store_open.set_aside(Path(path))

    # --- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._conn is not None:
            self._forget_removal()  # the undo's snapshot connection (shop_api.py)
            self._conn.close()
            self._conn = None  # type: ignore[assignment]
            if not self.read_only and isinstance(self.path, Path):  # a file (PostgreSQL: the server's business)
                clean_close.remember(self.path)  # the next open need not check it again if unchanged

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def version(self) -> int:
        """The schema version of the open file."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def backup(self, target: str | Path) -> Path:
        """Copy the whole database, consistently, to ``target`` (SQLite's online backup)."""
        target = Path(target)
        with private_umask():
            target.parent.mkdir(parents=True, exist_ok=True)
            dest = sqlite3.connect(str(target))
        try:
            self._conn.backup(dest)
        finally:
            dest.close()
        make_database_private(target)
        return target

    def _migrate(self) -> None:
        current = self.version
        if current == migrations.LATEST:
            return
        if current > 0:
            # Keep a copy of the old file before changing its schema; cheap insurance (SQLite's online
            # backup: consistent even while another process writes).
            self.backup(self.path.with_name(f"{self.path.name}.v{current}.bak"))
        faults.begin_write(self._conn, self.path, wait=self.busy_wait)
        try:
            # again under the write lock: another process may have created or migrated the file meanwhile
            migrations.migrate(self._conn, self.version)
            self._conn.execute("COMMIT")
        except BaseException as exc:
            faults.rollback_quietly(self._conn)
            faults.reraise(exc, self.path)

    # --- write machinery the mixins use -------------------------------------------------------
    def _tx(self) -> "_Transaction":
        return _Transaction(self)

    def _before_write(self) -> None:
        """Refuse to write a read-only store, or a damaged one (``PRAGMA quick_check`` before each import)."""
        if self.read_only:
            raise faults.read_only(self.path)
        store_open.check_damage(self.path)

    def _chunked(self, reporter: Reporter, total: int, label: str) -> "_Counter":
        """The writer an import's rows go through (``CHUNK_ROWS`` at a time, progress and cancel between)."""
        return _Counter(reporter, total, label)


class _Transaction:
    """One small write (a handled mark, a level): read-only refused, busy waited for, faults said plainly."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store._conn

    def __enter__(self) -> None:
        if self.store.read_only:
            raise faults.read_only(self.store.path)
        faults.begin_write(self.conn, self.store.path, wait=min(self.store.busy_wait, SMALL_WRITE_WAIT))

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.Error as failed:
                exc = failed
        faults.rollback_quietly(self.conn)
        faults.reraise(exc, self.store.path)


class _Counter:
    """Writes rows in chunks, reporting progress and honouring cancel between chunks."""

    def __init__(self, reporter: Reporter, total: int, label: str) -> None:
        self.reporter = reporter
        self.total = total
        self.done = 0
        self.label = label
        self.chunk = CHUNK_ROWS

    def executemany(self, conn: sqlite3.Connection, sql: str, rows: list[tuple]) -> None:
        for i in range(0, len(rows), self.chunk):
            chunk = rows[i:i + self.chunk]
            conn.executemany(sql, chunk)
            self.done += len(chunk)
            self.reporter.step(min(self.done, self.total), self.total, self.label)

    def write_frame(self, conn: sqlite3.Connection, sql: str, frame, cols: list[str]) -> None:
        """``executemany`` of ``frame[cols]``'s rows (PgStore's writer sends them as COPY text instead)."""
        self.executemany(conn, sql, _records(frame, cols))
