"""An import's messages into a store holding fewer messages than it brings: the bulk path of bulk_load.py.

The ordinary path lets the UNIQUE ``messages_identity`` index drop a message already stored (INSERT OR
IGNORE / ON CONFLICT DO NOTHING), one index probe a row, and records a further source of a stored message
through the ``messages_sources`` trigger's work. Here, inside the import's transaction, with the table taken
(``bulk_load.take``):

1. the duplicates go in pandas: of the rows with the same identity (time, buyer, agent, sender, text) the
   first in the import's order stays (the caller sorted it by time, stably: the file's order within a
   second), as INSERT OR IGNORE in that order keeps it; the stored messages of the import's time span (fewer
   than the import's rows) are read once, and a row equal to one of them is dropped, the stored message
   listed in ``message_sources`` as also brought by this import when another import stored it (the
   trigger's rule: only messages of *other* imports);
2. the identity index and the other secondary indexes are dropped, the rows written as they are (PostgreSQL:
   COPY straight into ``messages``, no staging table; both engines: the row trigger skipped, its work done
   in step 1), then the indexes are built again; the UNIQUE one refuses any duplicate that got through.

Ids are given in the rows' (time) order, as on the ordinary path. Totals are the ordinary path's
(tests/store/test_store_bulk_load.py, both engines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import numpy as np
import pandas as pd

from . import bulk_load
from .engine import POSTGRESQL, engine_of, read_sql
from .pg_copy_text import rows_for
from .sql_values import ts_text

if TYPE_CHECKING:
    from .db import _Counter

#: what makes two messages the same message (the UNIQUE index messages_identity)
IDENTITY = ["time", "buyer", "agent", "sender", "text"]
_INTEGER = ("import_id", "shop_id")
#: identity columns a coded frame (key_codes.with_codes) also holds as integer codes
CODED = {"buyer": "buyer_code", "agent": "agent_code"}


def write(conn: Any, frame: pd.DataFrame, cols: list[str], import_id: int, counter: "_Counter") -> Optional[int]:
    """Write ``frame[cols]`` (sorted by time, coded) the bulk way; the rows written, or None when the
    bulk path does not apply (too few rows, a store holding as many, the table in use): nothing done then."""
    if not bulk_load.worth_it(conn, "messages", len(frame)) or not bulk_load.take(conn, "messages"):
        return None
    rows, sources = new_rows(conn, frame, import_id)
    if len(sources):
        conn.executemany("INSERT OR IGNORE INTO message_sources (message_id, import_id) VALUES (?, ?)",
                         rows_for(conn, sources, ["message_id", "import_id"]))
    indexes = bulk_load.drop(conn, "messages", unique=True, primary_key=True)
    pg = engine_of(conn) == POSTGRESQL
    _row_trigger_off(conn, pg, True)
    sql = f"INSERT INTO messages ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    rows = bulk_load.whole_integers(rows, cols, lambda c: c in _INTEGER or c.endswith("_code"))
    counter.write_frame(bulk_load.writer(conn, "messages", cols), sql, rows, cols)
    _row_trigger_off(conn, pg, False)
    bulk_load.rebuild(conn, indexes)
    return len(rows)


def new_rows(conn: Any, frame: pd.DataFrame, import_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the rows to write: first of each identity, none already stored; (message_id, import_id) rows for
    ``message_sources``)."""
    # buyer and agent by their codes (one code per name): no second hashing of millions of names
    by = [CODED.get(c, c) if CODED.get(c, c) in frame.columns else c for c in IDENTITY]
    frame = frame[~frame.duplicated(by, keep="first").to_numpy()]
    no_sources = pd.DataFrame({"message_id": np.zeros(0, dtype=np.int64), "import_id": np.zeros(0, dtype=np.int64)})
    if not len(frame):
        return frame, no_sources
    times = frame["time"]
    stored = read_sql("SELECT id, time, buyer, agent, sender, text, import_id FROM messages"
                      " WHERE time >= ? AND time <= ?", conn, params=[ts_text(times.min()), ts_text(times.max())],
                      dtype={c: object for c in IDENTITY})
    if not len(stored):
        return frame, no_sources
    stored["time"] = pd.to_datetime(stored["time"], format="ISO8601").astype(times.dtype)
    mine = frame[IDENTITY].assign(_row=np.arange(len(frame)))
    same = mine.merge(stored, on=IDENTITY, how="inner")
    keep = np.ones(len(frame), dtype=bool)
    keep[same["_row"].to_numpy(dtype=np.int64)] = False
    others = same[same["import_id"].to_numpy(dtype=np.int64) != import_id]
    sources = pd.DataFrame({"message_id": others["id"].to_numpy(dtype=np.int64),
                            "import_id": np.full(len(others), import_id, dtype=np.int64)}).drop_duplicates()
    return frame[keep], sources


def _row_trigger_off(conn: Any, pg: bool, off: bool) -> None:
    """The ``messages_sources`` row trigger skipped (its work is done by ``new_rows``) - within this transaction."""
    if pg:
        conn.native("SELECT set_config('desktop_app.bulk', %s, true)", ("on" if off else "off",))
    elif off:
        conn.execute("INSERT INTO bulk_writes (flag) VALUES (1)")
    else:
        conn.execute("DELETE FROM bulk_writes")
