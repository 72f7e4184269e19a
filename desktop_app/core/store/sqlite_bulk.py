"""SQLite: an import's messages written set-wise, the ``messages_sources`` trigger's work done once per chunk.

The trigger (schema_shops.py) lists a message as also brought by a further import when that import's copy is
ignored as a duplicate. Run once per row it is one more probe of the identity index for every message: 37 %
of the CPU of a chat import (300,000 messages). Schema step 8 gives it ``WHEN NOT EXISTS (SELECT 1 FROM
bulk_writes)``; an import here, inside its transaction:

1. puts a row in ``bulk_writes`` (the trigger now skips; no other connection sees the row: it is never
   committed),
2. per chunk: the rows into ``temp.message_stage``, then one statement does the trigger's work for all of them
   (stored messages of *other* imports with the same identity -> ``message_sources``), then one
   ``INSERT OR IGNORE ... SELECT`` in the chunk's order,
3. empties ``bulk_writes`` again.

Equivalent to the trigger: it only ever matches messages of other imports, which were all stored before this
import began. A rollback (error, cancel) takes the ``bulk_writes`` row back with everything else.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .db import _Counter

#: rows staged per set-wise step (progress and cancel between steps)
CHUNK_ROWS = 50_000
#: what step 8 adds on SQLite (pg_set_checks.step calls ``step``)
TRIGGER = """
CREATE TRIGGER messages_sources BEFORE INSERT ON messages
WHEN NOT EXISTS (SELECT 1 FROM bulk_writes)
BEGIN
    INSERT OR IGNORE INTO message_sources (message_id, import_id)
    SELECT id, NEW.import_id FROM messages
     WHERE time = NEW.time AND buyer = NEW.buyer AND agent = NEW.agent AND sender = NEW.sender
       AND text = NEW.text AND import_id != NEW.import_id;
END"""


def step(conn: sqlite3.Connection) -> None:
    """Schema step 8 on SQLite: ``bulk_writes`` and the trigger's WHEN clause."""
    conn.execute("CREATE TABLE IF NOT EXISTS bulk_writes (flag INTEGER PRIMARY KEY)")
    conn.execute("DROP TRIGGER IF EXISTS messages_sources")
    conn.execute(TRIGGER)


def insert_messages(conn: sqlite3.Connection, frame: pd.DataFrame, cols: list[str], counter: "_Counter") -> None:
    """``INSERT OR IGNORE`` of ``frame[cols]`` into messages with the sources recorded set-wise."""
    names = ", ".join(cols)
    conn.execute("DROP TABLE IF EXISTS temp.message_stage")
    conn.execute(f"CREATE TEMP TABLE message_stage ({names})")
    conn.execute("INSERT INTO bulk_writes (flag) VALUES (1)")
    same = " AND ".join(f"m.{c} = s.{c}" for c in ("time", "buyer", "agent", "sender", "text"))
    step_rows, counter.chunk = counter.chunk, CHUNK_ROWS
    try:
        def one_chunk(c: sqlite3.Connection, sql: str, rows: list) -> None:
            c.execute("DELETE FROM temp.message_stage")
            c.executemany(sql, rows)
            c.execute("INSERT OR IGNORE INTO message_sources (message_id, import_id)"
                      f" SELECT m.id, s.import_id FROM temp.message_stage s JOIN messages m ON {same}"
                      " WHERE m.import_id != s.import_id")
            c.execute(f"INSERT OR IGNORE INTO messages ({names}) SELECT {names} FROM temp.message_stage ORDER BY rowid")

        counter.write_frame(_Staging(conn, one_chunk), f"INSERT INTO temp.message_stage ({names})"
                            f" VALUES ({', '.join('?' * len(cols))})", frame, cols)
    finally:
        counter.chunk = step_rows
    conn.execute("DELETE FROM bulk_writes")
    conn.execute("DROP TABLE temp.message_stage")


class _Staging:
    """Stands for the connection in ``counter.write_frame``: each chunk's executemany runs ``one_chunk``."""

    def __init__(self, conn: sqlite3.Connection, one_chunk) -> None:
        self.conn, self.one_chunk = conn, one_chunk

    def executemany(self, sql: str, rows: list) -> None:
        self.one_chunk(self.conn, sql, rows)
