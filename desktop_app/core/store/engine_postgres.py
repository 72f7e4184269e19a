"""The PostgreSQL engine: a psycopg 3 connection that speaks to the store's modules like ``sqlite3``'s does.

The store's modules call ``execute``, ``executemany``, ``in_transaction`` and (through ``engine.read_frame``)
read frames; this class gives them those on PostgreSQL, with the SQL rewritten by pg_sql.py. What differs:

* ``BEGIN IMMEDIATE`` (SQLite's write lock) is ``BEGIN`` plus ``pg_try_advisory_xact_lock`` on the store's
  one key: writers (imports, marks, removals, migrations) take turns exactly as on SQLite, a busy lock says
  SQLITE_BUSY so faults.begin_write waits, reports and gives up the same way, and the lock ends with the
  transaction (a dropped connection releases it). Readers never wait (MVCC).
* Many rows (``executemany`` of an INSERT with at least ``COPY_MIN`` rows) go in by COPY into a temp
  staging table, then one ``INSERT ... SELECT`` with the translated conflict clause (REPLACE keeps the last
  row of a key, as SQLite's would).
* A read into pandas is ``COPY (query) TO STDOUT`` as CSV into ``pandas.read_csv``: no Python per row.
* Every psycopg error is raised as ``PgError`` (a ``sqlite3.OperationalError``, so the store's existing
  ``except`` clauses hold); faults.translate turns a dropped or refused connection into StoreServerError
  naming the server (``DatabaseUrl.display()``, never the password).
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any, Iterable, Optional, Sequence

import pandas as pd
import psycopg
from psycopg.pq import TransactionStatus

from . import pg_sql
from .pg_copy_text import CopyText
from .database_url import DatabaseUrl
from .pg_errors import PgError, WriteLockBusy  # noqa: F401 (the engine's errors, imported from here too)

#: the advisory lock key of the store's write lock (any constant; "desktop-app store")
WRITE_LOCK_KEY = 0x6465736B5F7374
#: the session's work_mem (PostgreSQL's default, 4MB, sends a 100,000-row chunk's sort to disk)
WORK_MEM = "64MB"
#: the session's temp_buffers (see _tune)
TEMP_BUFFERS = "128MB"
#: from this many rows an executemany goes through COPY
COPY_MIN = 64
_BOOL_OID, _TEXT_OIDS = 16, (25, 1043, 1042, 19)
#: planner settings while a trigger's set-wise work runs over a staging table (see _copy_insert)
_PROBE_PLAN = (("enable_hashjoin", "off"), ("enable_mergejoin", "off"), ("jit", "off"))
_INTEGER_TYPES = ("bigint", "integer", "smallint")


class _Result:
    """What ``execute`` returns: the cursor's rows, ``rowcount`` and ``lastrowid`` (RETURNING of an INSERT)."""

    def __init__(self, cursor: Any, lastrowid: Optional[int] = None, rows: Optional[list] = None) -> None:
        self._cursor, self.lastrowid, self._rows = cursor, lastrowid, rows
        self.rowcount = cursor.rowcount if cursor is not None else -1

    def fetchone(self):
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        return self._cursor.fetchone() if self._cursor is not None and self._cursor.description else None

    def fetchall(self) -> list:
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        return self._cursor.fetchall() if self._cursor is not None and self._cursor.description else []

    def __iter__(self):
        return iter(self.fetchall())


class PgConnection:
    """One connection to the store's database (autocommit; the store issues BEGIN / COMMIT itself)."""

    def __init__(self, url: DatabaseUrl) -> None:
        from .pg_connect import connect

        self.url = url
        self._pg = connect(url)
        self._catalog: dict[tuple[str, str], Any] = {}
        self._tune()

    def _tune(self) -> None:
        """Sorts of a chunk (DISTINCT ON of an upsert, ORDER BY of a read) in memory rather than on disk."""
        self._pg.execute(f"SET work_mem = '{WORK_MEM}'")
        # staging tables live in local buffers (8MB by default); settable only before the first temp table
        self._pg.execute(f"SET temp_buffers = '{TEMP_BUFFERS}'")

    # --- the sqlite3.Connection subset the store uses -------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        return not self._pg.closed and self._pg.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        try:
            self._pg.close()
        except psycopg.Error:
            pass

    @property
    def closed(self) -> bool:
        return self._pg.closed

    def _ensure(self) -> None:
        """After the server dropped us (a restart, a network cut), connect again before the next statement:
        the failed transaction was already reported and rolled back by the server; TEMP tables (an undo) are gone."""
        if self._pg.closed or self._pg.info.status == psycopg.pq.ConnStatus.BAD:
            from .pg_connect import connect

            self.close()
            self._pg = connect(self.url)
            self._catalog.clear()
            self._tune()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Result:
        self._ensure()
        try:
            return self._execute(sql, params)
        except PgError:
            raise
        except psycopg.Error as exc:
            raise PgError(self.url, exc) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """``rows``: tuples, or a pg_copy_text.CopyText (rows already in COPY's text format)."""
        rows = rows if isinstance(rows, CopyText) else list(rows)
        if not len(rows):
            return
        self._ensure()
        try:
            mode, plain = pg_sql.insert_mode(sql)
            table, cols = pg_sql.insert_target(plain)
            if isinstance(rows, CopyText) or (table is not None and len(rows) >= COPY_MIN
                                              and "VALUES" in plain.upper()):
                self._copy_insert(mode, table, cols, rows)
                return
            with self._pg.cursor() as cur:
                cur.executemany(self._statement(sql, True)[0], rows)
        except PgError:
            raise
        except psycopg.Error as exc:
            raise PgError(self.url, exc) from exc

    def copy_rows(self, table: str, cols: list[str], rows: CopyText) -> None:
        """``rows`` straight into ``table`` by one COPY: no staging table, no conflict clause (bulk_messages.py)."""
        self._ensure()
        try:
            with self._pg.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                copy.write(rows.data)
        except psycopg.Error as exc:
            raise PgError(self.url, exc) from exc

    def native(self, sql: str, params: Sequence[Any] = ()) -> list:
        """A statement in PostgreSQL's own dialect, untranslated (pg_set_checks.py's plpgsql); its rows."""
        self._ensure()
        self._catalog.clear()
        try:
            cur = self._pg.execute(sql, list(params) if params else None)
            return cur.fetchall() if cur.description else []
        except psycopg.Error as exc:
            raise PgError(self.url, exc) from exc

    # --- statements ---------------------------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence[Any]) -> _Result:
        word = sql.strip().split(None, 1)[0].upper() if sql.strip() else ""
        if word == "PRAGMA":
            return self._pragma(sql)
        if word == "BEGIN":
            upper = sql.upper()
            writes = "IMMEDIATE" in upper or "EXCLUSIVE" in upper
            # SQLite's BEGIN IMMEDIATE / DEFERRED are a plain BEGIN here; PostgreSQL's own options pass through
            self._pg.execute("BEGIN" if writes or "DEFERRED" in upper else sql)
            if writes:
                got = self._pg.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,)).fetchone()[0]
                if not got:
                    self._pg.execute("ROLLBACK")
                    raise WriteLockBusy(self.url, RuntimeError("the store's write lock is held by another connection"))
            return _Result(None)
        if word in ("CREATE", "ALTER", "DROP"):
            self._catalog.clear()
        statement, identity = self._statement(sql, bool(params))
        statement = self._long_text_keys(statement)
        if pg_sql.STATEMENT_BREAK in statement:  # a trigger: its function, itself, its comment
            for part in statement.split(pg_sql.STATEMENT_BREAK):
                self._pg.execute(part)
            return _Result(None)
        cur = self._pg.cursor()
        cur.execute(statement, list(params) if params else None)
        if identity:
            row = cur.fetchone()
            return _Result(cur, int(row[0]) if row else None, rows=[])
        return _Result(cur)

    def _statement(self, sql: str, with_params: bool) -> tuple[str, bool]:
        """(the PostgreSQL statement, whether it returns an INSERT's new id)."""
        mode, plain = pg_sql.insert_mode(sql)
        statement = pg_sql.translate(plain, with_params)
        table, cols = pg_sql.insert_target(plain)
        if table is None:
            return statement, False
        table = pg_sql.translate(table, False)
        if mode is not None:
            statement += pg_sql.conflict_clause(mode, self._key(table), cols or self._columns(table))
        identity = self._identity(table)
        if identity and re.search(r"\bVALUES\s*\(", plain, re.IGNORECASE) and "RETURNING" not in plain.upper():
            return statement + f' RETURNING "{identity}"', True
        return statement, False

    def _pragma(self, sql: str) -> _Result:
        name, value = pg_sql.pragma(sql)
        if name != "user_version":
            return _Result(None, rows=[] if value is not None else [(0,)])  # SQLite's tuning: nothing to do
        if value is None:  # reading never creates anything (a look at someone else's database changes nothing)
            if self._pg.execute("SELECT to_regclass(%s)", (pg_sql.VERSION_TABLE,)).fetchone()[0] is None:
                return _Result(None, rows=[(0,)])
            row = self._pg.execute(f"SELECT version FROM {pg_sql.VERSION_TABLE} WHERE id = 1").fetchone()
            return _Result(None, rows=[(int(row[0]) if row else 0,)])
        self._pg.execute(pg_sql.translate(pg_sql.VERSION_DDL, False))  # inside the migration's transaction
        self._pg.execute(f"INSERT INTO {pg_sql.VERSION_TABLE} (id, version) VALUES (1, %s) ON CONFLICT (id)"
                         " DO UPDATE SET version = EXCLUDED.version", (int(value),))
        return _Result(None, rows=[])

    def _copy_insert(self, mode: Optional[str], table: str, cols: Optional[list[str]], rows: list) -> None:
        table = pg_sql.translate(table, False)
        cols = cols or self._columns(table)
        names = ", ".join(f'"{c}"' for c in cols)
        # one staging table per target and column list (a later INSERT may name other columns)
        stage = "_stage_" + table.replace("pg_temp.", "t_").replace(".", "_") + "_" + \
            hashlib.md5(names.encode()).hexdigest()[:8]
        # integer columns staged as numeric: a float 1.0 (a pandas column with NULLs) goes into BIGINT as SQLite takes it
        types = self._types(table)
        staged = ", ".join(f'"{c}"::numeric AS "{c}"' if types.get(c) in _INTEGER_TYPES else f'"{c}"' for c in cols)
        self._pg.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {staged} FROM {table} WHERE false")
        self._pg.execute(f"TRUNCATE {stage}")
        with self._pg.cursor() as cur:
            with cur.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
                if isinstance(rows, CopyText):
                    copy.write(rows.data)
                else:
                    for row in rows:
                        copy.write_row(row)
            select = f"SELECT {names} FROM {stage}"
            key = self._key(table) if mode == "REPLACE" else []
            if key:  # one row per key, the last one (SQLite's REPLACE of a key twice keeps the second)
                keys = ", ".join(f'"{c}"' for c in key)
                select = f"SELECT DISTINCT ON ({keys}) {names} FROM {stage} ORDER BY {keys}, ctid DESC"
            else:
                select += " ORDER BY ctid"
            clause = pg_sql.conflict_clause(mode, key, cols) if mode else ""
            setwise = self._setwise_triggers(table, cols) if self.in_transaction else []
            if setwise:  # the rows' triggers' work, once for all of them (pg_sql._trigger)
                cur.execute("SELECT set_config(%s, 'on', true)", (pg_sql.BULK_SETTING,))
                # an index probe per staged row, never a hash of the whole big table per chunk (n chunks: n scans)
                for name, value in _PROBE_PLAN:
                    cur.execute(f"SET LOCAL {name} = {value}")
                for when, sql in setwise:
                    if when == "BEFORE":
                        cur.execute(sql.replace("{stage}", stage))
                for name, _ in _PROBE_PLAN:
                    cur.execute(f"SET LOCAL {name} TO DEFAULT")
            cur.execute(f"INSERT INTO {table} ({names}) {select}{clause}")
            if setwise:
                for when, sql in setwise:
                    if when == "AFTER":
                        cur.execute(sql.replace("{stage}", stage))
                cur.execute("SELECT set_config(%s, 'off', true)", (pg_sql.BULK_SETTING,))

    _UNIQUE_INDEX = re.compile(r"^\s*CREATE\s+UNIQUE\s+INDEX\s+(\w+)\s+ON\s+([\w.]+)\s*\(([^()]*)\)\s*$",
                               re.IGNORECASE)

    def _long_text_keys(self, statement: str) -> str:
        """A unique index over several columns keys its text columns after the first by md5: a btree entry
        holds at most ~2,700 bytes, and a chat message may be longer (SQLite has no such limit)."""
        m = self._UNIQUE_INDEX.match(statement)
        if not m:
            return statement
        name, table, cols = m.group(1), m.group(2), [c.strip() for c in m.group(3).split(",")]
        if len(cols) < 2:
            return statement
        types = dict(self._pg.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attnum > 0", (table,)).fetchall())
        keyed = [cols[0]] + [f"md5({c})" if types.get(c.strip('"')) == "text" else c for c in cols[1:]]
        return f"CREATE UNIQUE INDEX {name} ON {table} ({', '.join(keyed)})"

    # --- the catalog ----------------------------------------------------------------------------------
    def _lookup(self, kind: str, table: str, sql: str) -> Any:
        key = (kind, table)
        if key not in self._catalog:
            if self._pg.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is None:
                return [] if kind != "identity" else None
            rows = [r[0] for r in self._pg.execute(sql, (table,)).fetchall()]
            self._catalog[key] = rows if kind != "identity" else (rows[0] if rows else None)
        return self._catalog[key]

    def _columns(self, table: str) -> list[str]:
        return self._lookup("columns", table, "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass"
                            " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")

    def _types(self, table: str) -> dict[str, str]:
        pairs = self._lookup("types", table, "SELECT attname || '=' || format_type(atttypid, atttypmod)"
                             " FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped")
        return dict(p.split("=", 1) for p in pairs)

    def _key(self, table: str) -> list[str]:
        """The primary key's columns, else those of the first unique index (what a REPLACE conflicts on)."""
        return self._lookup("key", table, """
            SELECT a.attname FROM (SELECT i.indkey::int2[] AS k, i.indrelid FROM pg_index i
              WHERE i.indrelid = %s::regclass AND i.indisunique ORDER BY i.indisprimary DESC, i.indexrelid LIMIT 1) x
              JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.k)
             ORDER BY array_position(x.k, a.attnum)""")

    def _setwise_triggers(self, table: str, cols: list[str]) -> list[tuple[str, str]]:
        """(BEFORE|AFTER, statement) of the table's triggers that can run over a staging table holding
        ``cols``; [] when any trigger cannot (then every row fires its triggers, as on SQLite)."""
        comments = self._lookup("triggers", table, "SELECT coalesce(obj_description(oid, 'pg_trigger'), '')"
                                " FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal"
                                " AND (tgtype & 1) = 1")  # row triggers (pg_set_checks' are per statement)
        out = []
        for comment in comments:
            when, _, sql = comment.partition(":")
            needed = set(re.findall(r"\b(\w+) AS _new_\w+", sql))
            if when not in ("BEFORE", "AFTER") or not sql or not needed <= set(cols):
                return []
            out += [(when, part) for part in sql.split(";") if part.strip()]
        return out

    def _identity(self, table: str) -> Optional[str]:
        return self._lookup("identity", table, "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass"
                            " AND attidentity <> ''")

    # --- reading into pandas --------------------------------------------------------------------------
    def read_frame(self, sql: str, params: Optional[Sequence[Any]] = None,
                   dtype: Optional[dict] = None) -> pd.DataFrame:
        """The rows of ``sql`` as a DataFrame, as ``pandas.read_sql_query`` gives them from SQLite."""
        self._ensure()
        try:
            return self._read_frame(sql, params, dtype)
        except psycopg.Error as exc:
            raise PgError(self.url, exc, during=("读取", "reading")) from exc

    def _read_frame(self, sql: str, params, dtype) -> pd.DataFrame:
        query = pg_sql.translate(sql, bool(params))
        args = list(params) if params else None
        with self._pg.cursor() as cur:
            cur.execute(f"SELECT * FROM ({query}) AS q LIMIT 0", args)
            names = [d.name for d in cur.description]
            oids = [d.type_code for d in cur.description]
            buf = io.BytesIO()
            with cur.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, NULL '\\N')", args) as copy:
                for block in copy:
                    buf.write(block)
        text_cols = [n for n, o in zip(names, oids) if o in _TEXT_OIDS]
        if not buf.tell():
            frame = pd.DataFrame({n: pd.Series(dtype=object) for n in names})
        else:
            buf.seek(0)
            frame = pd.read_csv(buf, header=None, names=names, dtype={n: object for n in text_cols},
                                keep_default_na=False, na_values={n: ["\\N"] for n in names},
                                encoding="utf-8")
            frame.columns = names  # duplicate names: read_csv would rename them
        for n, o in zip(names, oids):
            if n in text_cols and frame[n].isna().any():
                frame[n] = frame[n].astype(object).where(frame[n].notna(), None)
            elif o == _BOOL_OID and len(frame):
                frame[n] = frame[n].map({"t": 1, "f": 0, True: 1, False: 0})
        if dtype:
            frame = frame.astype({k: v for k, v in dtype.items() if k in frame.columns})
        return frame



def open_snapshot(url: DatabaseUrl) -> PgConnection:
    """A second connection in a REPEATABLE READ transaction whose snapshot is taken now: it keeps seeing the
    store as it is, whatever is committed later (SQLite's read transaction under WAL)."""
    conn = PgConnection(url)
    try:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        conn.execute("SELECT count(*) FROM imports").fetchone()  # the snapshot is taken by the first query
    except BaseException:
        conn.close()
        raise
    return conn
