"""The PostgreSQL engine's errors as the store's modules expect errors to look (sqlite3.OperationalError)."""

from __future__ import annotations

import sqlite3
from typing import Optional

import psycopg

from .database_url import DatabaseUrl, redact


class PgError(sqlite3.OperationalError):
    """A psycopg error as the store's modules expect errors to look (see the module's docstring)."""

    sqlite_errorname = ""

    def __init__(self, url: DatabaseUrl, cause: BaseException, during: tuple[str, str] = ("写入", "writing")) -> None:
        super().__init__(redact(" ".join(str(cause).split())))
        self.url, self.cause, self.during = url, cause, during

    def as_store_error(self) -> Optional[Exception]:
        """The StoreError this means for the user, or None (a programming error: raise it as it is)."""
        from . import faults
        from .pg_connect import server_error

        if isinstance(self.cause, psycopg.errors.DiskFull):
            return faults.full(self.url, self.cause)  # type: ignore[arg-type]
        if isinstance(self.cause, (psycopg.OperationalError, psycopg.InterfaceError)):
            return server_error(self.url, self.cause, during=self.during)
        return None


class WriteLockBusy(PgError):
    """Another connection holds the store's write lock (SQLite's SQLITE_BUSY)."""

    sqlite_errorname = "SQLITE_BUSY"
