"""The store on a PostgreSQL server: the same ``Store`` (its mixins, rules and SQL), another engine.

``PgStore`` is ``Store`` with a PgConnection (engine_postgres.py) in place of the SQLite file. What is
the file's business on SQLite is the server's here, so these differ:

* opening: connect (StoreServerError naming the server when it is down, refuses the login or has no such
  database), refuse a newer schema (SchemaTooNew, nothing changed), migrate under the store's write lock
  (the advisory lock), re-reading the version there; no ``.bak`` copy (back up a server with pg_dump);
* no damage check and no read-only mode (the server answers for its storage and its grants);
* privacy: contacts minimised in pandas (no SQL functions in Python on a server), then ``VACUUM``;
* ``dataset`` reads inside one REPEATABLE READ snapshot, so an import or a removal another supervisor
  commits meanwhile is either wholly in it or not at all;
* ``backup`` is pg_dump's (a StoreError says so); rows go in by COPY in chunks of ``COPY_CHUNK_ROWS``.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from . import faults, migrations, privacy
from .database_url import DatabaseUrl
from .db import Store, _Counter
from .engine import read_sql
from .engine_postgres import PgConnection

#: rows per COPY during an import (progress and cancel are checked between chunks)
COPY_CHUNK_ROWS = 100_000


def open_postgres_store(url: DatabaseUrl, **kwargs: Any) -> "PgStore":
    return PgStore(url, **kwargs)


class PgStore(Store):
    """One store in a PostgreSQL database (see the module's docstring). ``path`` is the URL without its
    password: errors name the server by it."""

    def __init__(self, url: DatabaseUrl, *, keep_full_contacts: bool = False,
                 busy_wait: float = faults.BUSY_WAIT) -> None:
        self.url = url
        self.path = url  # type: ignore[assignment]  # str(url) is url.display()
        self.keep_full_contacts = bool(keep_full_contacts)
        self.busy_wait = float(busy_wait)
        self.read_only = False
        self._conn = PgConnection(url)  # type: ignore[assignment]
        try:
            version = self.version
            if version > migrations.LATEST:
                from .pg_connect import too_new

                raise too_new(url, version, migrations.LATEST)
            self._migrate()
            self._enforce_privacy()
        except Exception as exc:
            self._conn.close()
            translated = faults.translate(exc, self.path)  # type: ignore[arg-type]
            if translated is exc:
                raise
            raise translated from exc

    def __repr__(self) -> str:
        return f"PgStore({self.url.display()!r})"

    def _refuse_foreign_tables(self) -> None:
        """A database without our schema version but with tables is someone else's: never write into it."""
        row = self._conn.execute("SELECT count(*), min(tablename) FROM pg_tables WHERE schemaname = current_schema()"
                                 " AND tablename <> 'schema_version'").fetchone()
        if row and row[0]:
            raise faults.StoreServerError(
                f"该数据库中已有其他程序的表（例如 {row[1]}），程序不会写入：{self.url.display()}。/ This database already "
                f"holds tables that are not the app's (e.g. {row[1]}); nothing was written: {self.url.display()}.",
                file=self.url.display(),
                hint="请为历史数据库新建一个空数据库（createdb）。/ Create an empty database for the history (createdb).")

    # --- what the SQLite file does differently -----------------------------------------------------
    def _migrate(self) -> None:
        if self.version == migrations.LATEST:
            return
        faults.begin_write(self._conn, self.path, wait=self.busy_wait)  # type: ignore[arg-type]
        try:
            current = self.version  # again under the lock: another process may have migrated meanwhile
            if current > migrations.LATEST:
                from .pg_connect import too_new

                raise too_new(self.url, current, migrations.LATEST)
            if current == 0:
                self._refuse_foreign_tables()
            migrations.migrate(self._conn, current)  # type: ignore[arg-type]
            self._conn.execute("COMMIT")
        except BaseException as exc:
            faults.rollback_quietly(self._conn)  # type: ignore[arg-type]
            faults.reraise(exc, self.path)  # type: ignore[arg-type]

    def _enforce_privacy(self) -> None:
        want = privacy.FULL if self.keep_full_contacts else privacy.MINIMISED
        if privacy.contacts_state(self._conn) == want:  # type: ignore[arg-type]
            return
        faults.begin_write(self._conn, self.path, wait=self.busy_wait)  # type: ignore[arg-type]
        try:
            changed = 0 if self.keep_full_contacts else self._minimise_stored()
            privacy.set_state(self._conn, want)  # type: ignore[arg-type]
            self._conn.execute("COMMIT")
        except BaseException as exc:
            faults.rollback_quietly(self._conn)  # type: ignore[arg-type]
            faults.reraise(exc, self.path)  # type: ignore[arg-type]
        if changed:
            self._conn.execute("VACUUM orders")
            self._conn.execute("VACUUM order_versions")

    def _minimise_stored(self) -> int:
        """privacy.minimise_stored for the server: the changed contacts computed in pandas, one UPDATE."""
        changed = 0
        cols = list(privacy.CONTACT_COLUMNS)
        for table, key in (("orders", ["platform", "order_id"]),
                           ("order_versions", ["platform", "order_id", "import_id"])):
            stored = read_sql(f"SELECT {', '.join(key + cols)} FROM {table}", self._conn)
            if not len(stored):
                continue
            masked = privacy.minimise_orders(stored)
            differs = (masked[cols].astype(object) != stored[cols].astype(object)).any(axis=1)
            rows = masked[differs]
            if not len(rows):
                continue
            types = ", ".join(f"{c} {'BIGINT' if c == 'import_id' else 'TEXT'}" for c in key + cols)
            self._conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS minimised_{table} ({types})")
            self._conn.execute(f"DELETE FROM temp.minimised_{table}")
            self._conn.executemany(
                f"INSERT INTO temp.minimised_{table} VALUES ({', '.join('?' * (len(key) + len(cols)))})",
                [tuple(r) for r in rows[key + cols].itertuples(index=False, name=None)])
            sets = ", ".join(f"{c} = m.{c}" for c in cols)
            on = " AND ".join(f"t.{c} = m.{c}" for c in key)
            changed += self._conn.execute(
                f"UPDATE {table} AS t SET {sets} FROM temp.minimised_{table} m WHERE {on}").rowcount
        return changed

    def _before_write(self) -> None:
        """No file to check: the server refuses what it cannot do (said by faults.translate)."""

    def _chunked(self, reporter, total: int, label: str) -> _Counter:
        from .pg_counter import CopyCounter

        counter = CopyCounter(reporter, total, label)
        counter.chunk = COPY_CHUNK_ROWS
        return counter

    def dataset(self, *args: Any, **kwargs: Any):
        """``Store.dataset`` inside one REPEATABLE READ snapshot (see the module's docstring)."""
        self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            return super().dataset(*args, **kwargs)
        finally:
            faults.rollback_quietly(self._conn)  # type: ignore[arg-type]

    def backup(self, target: Any) -> Any:
        raise InputError(
            "PostgreSQL 上的历史数据库请用 pg_dump 备份。/ A history on PostgreSQL is backed up with pg_dump.",
            file=self.url.display(),
            hint="例如 / e.g. pg_dump -Fc -f history.dump " + self.url.display())

    @staticmethod
    def set_aside_damaged(path: Any) -> Any:  # pragma: no cover - there is no file to set aside
        raise InputError("PostgreSQL: nothing to set aside / 没有可以移开的文件", file=str(path))
