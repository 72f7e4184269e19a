"""The two engines behind one store: what the store's modules call instead of an engine's own API.

The store's SQL is written once (SQLite's dialect, portable where that is free); on SQLite it runs as it
is, on PostgreSQL through engine_postgres.PgConnection, which rewrites it (pg_sql.py). ``read_sql`` (``pandas.read_sql_query``'s
signature) is the one way the modules read rows into pandas: ``pandas.read_sql_query`` on SQLite (as before), COPY ... TO
STDOUT as CSV into ``pandas.read_csv`` on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Optional, Sequence

import pandas as pd

SQLITE, POSTGRESQL = "sqlite", "postgresql"


def engine_of(conn: Any) -> str:
    return SQLITE if isinstance(conn, sqlite3.Connection) else POSTGRESQL


def read_sql(sql: str, conn: Any, params: Optional[Sequence[Any]] = None,
             dtype: Optional[dict] = None) -> pd.DataFrame:
    """The rows of ``sql`` as a DataFrame (``pandas.read_sql_query``'s types on either engine)."""
    if isinstance(conn, sqlite3.Connection):
        if dtype is None:
            return pd.read_sql_query(sql, conn, params=params)
        return pd.read_sql_query(sql, conn, params=params, dtype=dtype)
    return conn.read_frame(sql, params, dtype)
