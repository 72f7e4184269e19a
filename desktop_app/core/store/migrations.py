"""The history database's schema, version by version, and the forward migrations between them.

The schema version lives in ``PRAGMA user_version``. ``V1_DDL`` is kept verbatim as it shipped so
tests can build a version-1 file and check that opening it with the current app migrates it.
Each step in ``STEPS`` takes the database from version ``n - 1`` to ``n``; steps run inside the
caller's transaction, so a failed migration leaves the file at its old version.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

from . import key_codes, pg_set_checks, schema_marks, schema_removal, schema_shops

#: Version 1: imports, orders, order lines, messages, inventory, handled marks, membership levels.
#: Times are ISO text "YYYY-MM-DD HH:MM:SS[.ffffff]" (shop wall-clock), money REAL, flags INTEGER.
V1_DDL = """
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    file        TEXT NOT NULL,
    hash        TEXT NOT NULL,          -- SHA-256 of the file's bytes
    format      TEXT NOT NULL,          -- importer format id, e.g. taobao_orders
    format_label TEXT NOT NULL DEFAULT '',
    sheet       TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL DEFAULT '',
    rows        INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    problems    TEXT NOT NULL DEFAULT '[]',  -- JSON list of RowProblem dicts
    imported_at TEXT NOT NULL
);
CREATE UNIQUE INDEX imports_content ON imports(hash, format, sheet);

CREATE TABLE orders (
    platform    TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    shop        TEXT NOT NULL DEFAULT '',
    buyer       TEXT NOT NULL DEFAULT '',
    created     TEXT,
    paid        TEXT,
    shipped     TEXT,
    status      TEXT NOT NULL DEFAULT '',
    status_raw  TEXT NOT NULL DEFAULT '',
    paid_amount REAL NOT NULL DEFAULT 0,
    refund_amount REAL NOT NULL DEFAULT 0,
    items       REAL NOT NULL DEFAULT 0,
    presale     INTEGER NOT NULL DEFAULT 0,
    ship_by     TEXT,
    remark      TEXT NOT NULL DEFAULT '',
    receiver_name TEXT NOT NULL DEFAULT '',
    receiver_phone TEXT NOT NULL DEFAULT '',
    receiver_address TEXT NOT NULL DEFAULT '',
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (platform, order_id)
);
CREATE INDEX orders_created ON orders(created);
CREATE INDEX orders_buyer ON orders(buyer);

CREATE TABLE lines (
    platform    TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    seq         INTEGER NOT NULL,       -- position within the order, keeps the export's order
    sku         TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    quantity    REAL NOT NULL DEFAULT 0,
    price       REAL NOT NULL DEFAULT 0,
    refund_amount REAL NOT NULL DEFAULT 0,
    status_raw  TEXT NOT NULL DEFAULT '',
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    PRIMARY KEY (platform, order_id, seq)
);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    time        TEXT NOT NULL,
    shop        TEXT NOT NULL DEFAULT '',
    buyer       TEXT NOT NULL DEFAULT '',
    agent       TEXT NOT NULL DEFAULT '',
    sender      TEXT NOT NULL DEFAULT '',
    auto        INTEGER NOT NULL DEFAULT 0,
    text        TEXT NOT NULL DEFAULT '',
    import_id   INTEGER NOT NULL REFERENCES imports(id)
);
CREATE UNIQUE INDEX messages_identity ON messages(time, buyer, agent, sender, text);

CREATE TABLE inventory (
    sku         TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    available   REAL NOT NULL DEFAULT 0,
    import_id   INTEGER NOT NULL REFERENCES imports(id)
);

CREATE TABLE handled (
    "check"     TEXT NOT NULL,          -- unshipped | out_of_stock | unpaid
    platform    TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    who         TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    PRIMARY KEY ("check", platform, order_id)
);

CREATE TABLE levels (
    buyer       TEXT PRIMARY KEY,
    level       TEXT NOT NULL,
    manual      INTEGER NOT NULL DEFAULT 0,
    at          TEXT NOT NULL
);
"""


def _step_2(conn: sqlite3.Connection) -> None:
    """Version 2: remember each file's newest timestamp, and what the computed level was at a hand edit.

    ``imports.newest`` decides which of two overlapping exports is the later one (the newer
    export's status wins). Files imported under version 1 get NULL, which means "compare by
    import time only" - exactly how version 1 behaved. ``levels.auto_level`` records the computed
    level when a user lowered a level by hand, so a later import only raises it again once the
    buyer earns a level above that one.
    """
    conn.execute("ALTER TABLE imports ADD COLUMN newest TEXT")
    conn.execute("ALTER TABLE levels ADD COLUMN auto_level TEXT NOT NULL DEFAULT ''")
    conn.execute("CREATE INDEX messages_time ON messages(time)")


def _step_3(conn: sqlite3.Connection) -> None:
    """Version 3: the ``privacy`` table, which remembers whether the stored contacts are kept in full.

    A file from before held every receiver's name, phone and address as exported: it is marked
    ``full`` here, and opening it with "keep full contact details" off (the default) then minimises
    them (store/privacy.py). A new, empty file is left unmarked; the first open marks it.
    """
    conn.execute("CREATE TABLE privacy (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO privacy (key, value) SELECT 'contacts', 'full' WHERE EXISTS (SELECT 1 FROM orders)")


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the caller's transaction first; run the statements one by one
    # so the whole migration stays inside one transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


#: step n takes the schema from version n - 1 to n
STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: lambda conn: _run_script(conn, V1_DDL),
    2: _step_2,
    3: _step_3,
    4: schema_shops.step,
    5: key_codes.step,
    6: schema_removal.step,  # removal indexes (helper shops)
    7: schema_marks.step,  # who and when on marks, levels, acceptances
    8: pg_set_checks.step,  # PostgreSQL: foreign keys checked per statement (helper importspeed)
}

#: the schema version this app writes
LATEST = max(STEPS)


def migrate(conn: sqlite3.Connection, current: int, target: int = LATEST) -> list[int]:
    """Run the steps from ``current`` up to ``target`` on ``conn`` (inside the caller's transaction).

    Returns the versions applied. ``PRAGMA user_version`` is set after each step; it is part of the
    transaction, so a rollback restores the old version number too.
    """
    applied = []
    for version in range(current + 1, target + 1):
        step = STEPS.get(version)  # a number left free for a step merged from elsewhere runs nothing
        if step is not None:
            step(conn)
        conn.execute(f"PRAGMA user_version = {int(version)}")
        applied.append(version)
    return applied
