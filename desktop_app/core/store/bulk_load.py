"""A big import into a table holding fewer rows than it brings: its secondary indexes built once after the load.

Inserting n rows through a b-tree costs n random descents (and, on PostgreSQL, n WAL records per index);
building the same b-tree from the finished table is one sort. Measured on PostgreSQL with 1,000,000 messages
(load ~5): inserted through the four indexes 34.1 s; without them 8.1 s plus 7.2 s for the three CREATE INDEX.
So when an import brings at least ``BULK_MIN_ROWS`` rows and the table holds fewer rows than that (the
first import of a shop's history, a store much smaller than the file), the import, **inside its own
transaction**:

1. takes the table for itself (PostgreSQL: ``LOCK TABLE ... ACCESS EXCLUSIVE NOWAIT`` in a savepoint; when
   another connection is using the table - a reader, an undo's snapshot - it does not wait: the import
   takes the ordinary path instead). Readers of that table then wait for the import's COMMIT (the rows of
   a first import are not there to read before it anyway); on SQLite readers keep their snapshot as always;
2. drops the table's secondary indexes (``drop``): those of no constraint; the unique ones too only when the
   caller keeps rows unique itself (bulk_messages.py);
3. loads the rows, then builds the indexes again from their own definitions (``rebuild``; PostgreSQL with
   ``maintenance_work_mem`` raised for the transaction). A UNIQUE index built again refuses a duplicate the
   load let through: the import fails and the store stays as it was, never holding duplicates.

A cancel or an error at any point rolls the whole transaction back: the indexes come back with it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .engine import POSTGRESQL, engine_of

#: the least rows an import brings for its table's indexes to be built after the load instead of during it
BULK_MIN_ROWS = 100_000
#: PostgreSQL's sort memory while the indexes are built again (SET LOCAL: this transaction only)
MAINTENANCE_WORK_MEM = "512MB"


def worth_it(conn: Any, table: str, rows: int) -> bool:
    """Whether ``rows`` new rows are enough and ``table`` holds fewer (counted up to ``rows`` only)."""
    if rows < BULK_MIN_ROWS:
        return False
    stored = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT ?) AS s", (int(rows),)).fetchone()[0]
    return int(stored) < rows


def take(conn: Any, table: str) -> bool:
    """The table for this transaction alone (see the module's docstring); False when others are using it."""
    if engine_of(conn) != POSTGRESQL:
        return True  # the import holds SQLite's write lock; readers keep their own snapshot
    conn.execute("SAVEPOINT bulk_load")
    try:
        conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE NOWAIT")
    except sqlite3.OperationalError as exc:  # PgError
        if getattr(getattr(exc, "cause", None), "sqlstate", None) != "55P03":  # only lock_not_available
            raise
        conn.execute("ROLLBACK TO SAVEPOINT bulk_load")
        conn.execute("RELEASE SAVEPOINT bulk_load")
        return False
    conn.execute("RELEASE SAVEPOINT bulk_load")
    return True


def secondary_indexes(conn: Any, table: str, *, unique: bool) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes of ``table`` that back no constraint (the primary key and
    UNIQUE constraints stay); unique indexes only when ``unique``."""
    if engine_of(conn) == POSTGRESQL:
        rows = conn.native(
            "SELECT i.relname::text, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = %s::regclass AND (%s OR NOT x.indisunique) AND NOT EXISTS (SELECT 1 FROM"
            " pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) ORDER BY i.relname",
            (table, bool(unique)))
        return [(r[0], r[1]) for r in rows]
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
                        " ORDER BY name", (table,)).fetchall()
    return [(name, sql) for name, sql in rows
            if unique or not sql.lstrip().upper().startswith("CREATE UNIQUE")]


def drop(conn: Any, table: str, *, unique: bool = False, primary_key: bool = False) -> list[tuple[str, str]]:
    """Drop the secondary indexes of ``table`` (inside the caller's transaction); returns what ``rebuild`` takes.

    ``primary_key``: PostgreSQL's primary key index too (a table whose key the rows cannot repeat: an identity
    column no row sets; 1.7 s of 5 s for 1,000,000 messages); SQLite's INTEGER PRIMARY KEY is the table itself."""
    indexes = secondary_indexes(conn, table, unique=unique)
    if primary_key and engine_of(conn) == POSTGRESQL:
        for name, definition in conn.native("SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint"
                                            " WHERE conrelid = %s::regclass AND contype = 'p'", (table,)):
            conn.native(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            indexes.insert(0, (name, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
    for name, sql in indexes:
        if not sql.startswith("ALTER TABLE"):
            _run(conn, f'DROP INDEX "{name}"')
    return indexes


def rebuild(conn: Any, indexes: list[tuple[str, str]]) -> None:
    """Build the dropped indexes again, each by its own definition."""
    if not indexes:
        return
    if engine_of(conn) == POSTGRESQL:
        conn.native(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    for _, sql in indexes:
        _run(conn, sql)


def _run(conn: Any, sql: str) -> None:
    if engine_of(conn) == POSTGRESQL:
        conn.native(sql)  # the catalog's own PostgreSQL DDL: nothing to translate
    else:
        conn.execute(sql)


class CopyInto:
    """Stands for the connection in ``counter.write_frame`` on PostgreSQL during a bulk load: rows made into COPY
    text go straight into ``table`` (no staging table, no conflict clause: the caller wrote only new rows)."""

    def __init__(self, conn: Any, table: str, cols: list[str]) -> None:
        self.conn, self.table, self.cols = conn, table, cols

    def executemany(self, sql: str, rows) -> None:
        from .pg_copy_text import CopyText

        if isinstance(rows, CopyText):
            self.conn.copy_rows(self.table, self.cols, rows)
        else:  # a column only the driver can render: its staging path
            self.conn.executemany(sql, rows)


def writer(conn: Any, table: str, cols: list[str]) -> Any:
    """What ``counter.write_frame`` writes new rows of a bulk load through: COPY into the table on PostgreSQL."""
    return CopyInto(conn, table, cols) if engine_of(conn) == POSTGRESQL else conn


def whole_integers(frame: Any, cols: list[str], integer: Any) -> Any:
    """Columns ``integer(name)`` says are integers, held as floats (a column that had NULLs), as int64 when all
    are present: COPY's text for a BIGINT column must not read ``1.0``."""
    import numpy as np
    import pandas as pd

    fix = {c: frame[c].to_numpy().astype(np.int64) for c in cols
           if integer(c) and pd.api.types.is_float_dtype(frame[c]) and frame[c].notna().all()}
    return frame.assign(**fix) if fix else frame


class IndexesOff:
    """``with IndexesOff(conn, table, rows) as off:`` - when ``off``, the table's secondary (non-unique)
    indexes are dropped for the body and built again after it; an exception leaves them to the rollback."""

    def __init__(self, conn: Any, table: str, rows: int, *, unique: bool = False) -> None:
        self.conn, self.table, self.rows, self.unique = conn, table, rows, unique
        self.indexes: list[tuple[str, str]] = []
        self.off = False

    def __enter__(self) -> bool:
        if worth_it(self.conn, self.table, self.rows) and take(self.conn, self.table):
            self.indexes, self.off = drop(self.conn, self.table, unique=self.unique), True
        return self.off

    def __exit__(self, kind, *_: Any) -> None:
        if kind is None and self.off:
            rebuild(self.conn, self.indexes)
