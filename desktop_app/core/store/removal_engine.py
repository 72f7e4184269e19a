"""SQLite's knobs while an import is removed (the engine's part of Store.remove_import; on PostgreSQL the PRAGMAs
do nothing, the checkpoint is the server's, and the undo's snapshot is engine_postgres.open_snapshot).

* A larger page cache: the deletes touch every index of the big tables at scattered places.
* No checkpoint inside the removal's COMMIT: with WAL, the commit that pushes the log past 1,000 pages
  also copies the log back into the database file, which took about as long as the commit itself
  (bench/store_bench.py). The removal's commit only appends to the log. Its pages cannot go back while
  the undo's snapshot (``open_snapshot``) still reads the store as it was; ``checkpoint(path)`` copies
  them back once the undo ends - after the next import's COMMIT on the import's thread, after the undo,
  or when the store closes (SQLite checkpoints as the last connection closes) - on a connection of its
  own, holding no lock of the window's store.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: page cache (KiB) while removing an import (SQLite's default is 2,000 KiB)
REMOVAL_CACHE_KIB = 131_072


@contextmanager
def removal_settings(conn: sqlite3.Connection) -> Iterator[None]:
    """Around the removal's transaction: a larger page cache, no automatic checkpoint at its COMMIT."""
    cache = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    pages = int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = {min(cache, -REMOVAL_CACHE_KIB)}")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {pages}")


def checkpoint(path: str | Path, timeout: float = 5.0) -> bool:
    """Copy the write-ahead log back into ``path`` (PASSIVE: waits for nobody); True when all of it went."""
    if not isinstance(path, (str, Path)):  # PostgreSQL (PgStore.path is its DatabaseUrl): the server's business
        return True
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    try:
        busy, _log, _copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return not busy
    except sqlite3.Error:
        return False  # the next commit past 1,000 pages of log checkpoints anyway
    finally:
        conn.close()


def open_snapshot(path: str | Path) -> sqlite3.Connection:
    """A second connection to ``path`` in a read transaction: it sees the store as it is now, whatever is
    committed later (WAL), until ``end_snapshot``. Opened while the removal holds the write lock and has
    written nothing, so what it sees is exactly what the removal starts from."""
    if not isinstance(path, (str, Path)):  # PostgreSQL: a REPEATABLE READ transaction on a second connection
        from .engine_postgres import open_snapshot as open_pg_snapshot

        return open_pg_snapshot(path)  # type: ignore[return-value]
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")  # the undo's copies (capture) live as long as the undo
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM imports").fetchone()  # the read transaction starts here
    except BaseException:
        conn.close()
        raise
    return conn


def end_snapshot(conn: sqlite3.Connection) -> None:
    """Close a snapshot connection (its read transaction, its TEMP copies)."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
    conn.close()
