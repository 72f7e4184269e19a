"""Schema step 7: who and when on everything a user records by hand.

Handled marks (order checks and accepted quality hits, table ``handled``) carried ``who`` and ``at`` since
version 1, but nothing filled ``who``; membership levels carried only ``at``. From this step every mark,
acceptance and level written records who (the name set in Settings, else the OS user name:
marks_levels.marker_name) and when, so supervisors sharing one store (PostgreSQL) see each other's.
Portable SQL: the same step runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any


def step(conn: Any) -> None:
    """levels.who (existing levels: '' = not known)."""
    conn.execute("ALTER TABLE levels ADD COLUMN who TEXT NOT NULL DEFAULT ''")
