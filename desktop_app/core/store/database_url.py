"""Which store to open: a database URL, parsed, shown without its password, opened, tested.

* ``sqlite:///abs/path.sqlite3`` (or a bare path): the embedded SQLite file. A path naming a folder
  means ``<folder>/history.sqlite3``, like ``--data-dir``.
* ``postgresql://user@host:port/db?sslmode=require`` (``postgres://`` too): a PostgreSQL server through
  libpq (psycopg 3). The password is never stored by the app: libpq reads it from ``PGPASSWORD`` or
  ``~/.pgpass`` at run time (or from the URL, if the user typed one there). TLS options (``sslmode``,
  ``sslrootcert``...) pass through to libpq unchanged.

``DatabaseUrl.display()`` is the only form that may reach a log, a window title or an error message:
it never holds the password.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:  # pragma: no cover
    from .db import Store

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
#: seconds a connection test (and the store's first connect) waits for the server
CONNECT_TIMEOUT = 10


@dataclass(frozen=True)
class DatabaseUrl:
    """A parsed database URL. ``conninfo`` may hold a password: pass it to psycopg only, show ``display()``."""

    engine: str  # "sqlite" | "postgresql"
    path: Optional[Path]  # the SQLite file (engine sqlite)
    conninfo: str = field(default="", repr=False)  # libpq URL for psycopg (engine postgresql)

    def display(self) -> str:
        """The URL with any password removed: safe for logs, titles and error messages."""
        if self.engine == SQLITE:
            return f"sqlite:///{self.path.as_posix().lstrip('/')}" if self.path else "sqlite://"
        return redact(self.conninfo)

    def __str__(self) -> str:
        return self.display()


def _bad(text: str, zh: str, en: str) -> ValueError:
    return ValueError(f"数据库地址无效（{zh}）：{redact(text)} / Invalid database URL ({en}): {redact(text)}. "
                      "例如 / e.g. sqlite:///home/me/history.sqlite3, postgresql://user@host:5432/db")


def parse_database_url(text: str) -> DatabaseUrl:
    """``sqlite:///abs/path``, ``postgresql://user@host:port/db?sslmode=require``, or a bare path
    (SQLite). ValueError (zh + en) otherwise."""
    raw = str(text or "").strip()
    if not raw:
        raise _bad(raw, "为空", "empty")
    scheme = raw.split(":", 1)[0].lower() if "://" in raw else ""
    if scheme in ("postgresql", "postgres"):
        from psycopg import conninfo as pg_conninfo

        try:
            parts = pg_conninfo.conninfo_to_dict(raw)
        except Exception as exc:  # psycopg.ProgrammingError: libpq could not parse it
            raise _bad(raw, "PostgreSQL 地址格式不对", f"libpq cannot parse it: {redact(str(exc))}") from None
        if not parts.get("dbname"):
            raise _bad(raw, "缺少数据库名", "no database name after the host, e.g. /history")
        return DatabaseUrl(POSTGRESQL, None, raw)
    if not scheme and _KEYWORDS.match(raw):  # libpq's own "host=... dbname=..." form
        return _keywords(raw)
    if scheme == "sqlite":
        rest = unquote(raw[len("sqlite://"):].split("?", 1)[0])
        if not rest.startswith("/") or rest == "/":
            raise _bad(raw, "需要绝对路径", "needs an absolute path: sqlite:///abs/path.sqlite3")
        if re.match(r"^/[A-Za-z]:[/\\]", rest):  # sqlite:///C:/Users/... on Windows
            rest = rest[1:]
        return DatabaseUrl(SQLITE, _sqlite_file(Path(rest)), "")
    if scheme:
        raise _bad(raw, f"不支持的类型 {scheme}", f"unsupported kind {scheme}; use sqlite or postgresql")
    return DatabaseUrl(SQLITE, _sqlite_file(Path(raw).expanduser()), "")


_KEYWORDS = re.compile(r"^\s*(host|hostaddr|port|dbname|user|service|sslmode)\s*=", re.IGNORECASE)


def _keywords(raw: str) -> DatabaseUrl:
    from psycopg import conninfo as pg_conninfo

    try:
        parts = pg_conninfo.conninfo_to_dict(raw)
    except Exception as exc:
        raise _bad(raw, "PostgreSQL 连接参数格式不对", f"libpq cannot parse it: {redact(str(exc))}") from None
    if not parts.get("dbname"):
        raise _bad(raw, "缺少数据库名", "no dbname=")
    return DatabaseUrl(POSTGRESQL, None, raw)


def _sqlite_file(path: Path) -> Path:
    from .db import DB_FILE

    path = path.absolute()
    return path / DB_FILE if path.is_dir() else path


_PASSWORD_KV = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` (a URL, a conninfo string or a message quoting one) with every password removed."""
    text = str(text)

    def _url(match: re.Match) -> str:
        url = match.group(0)
        try:
            parts = urlsplit(url)
        except ValueError:
            return re.sub(r"//([^/@:]*):[^/@]*@", r"//\1@", url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, hosts = netloc.rsplit("@", 1)
            netloc = f"{userinfo.split(':', 1)[0]}@{hosts}"
        query = parts.query
        if query:
            pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() != "password"]
            query = urlencode(pairs, safe="/:")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))

    text = re.sub(r"postgres(?:ql)?://[^\s'\"]+", _url, text, flags=re.IGNORECASE)
    return _PASSWORD_KV.sub(r"\1***", text)


def _as_url(url: "str | DatabaseUrl") -> DatabaseUrl:
    return url if isinstance(url, DatabaseUrl) else parse_database_url(url)


def open_store_url(url: "str | DatabaseUrl", **kwargs: Any) -> "Store":
    """Open the store at ``url``: the same keyword arguments (``keep_full_contacts``, ``busy_wait``) and
    the same errors as ``Store.open``; a PostgreSQL server that cannot be reached raises StoreServerError."""
    parsed = _as_url(url)
    if parsed.engine == SQLITE:
        from .db import Store

        return Store(parsed.path, **kwargs)
    from .pg_store import open_postgres_store

    return open_postgres_store(parsed, **kwargs)


def check_connection(url: "str | DatabaseUrl") -> str:
    """Connect, read the schema version, and say what is there (one line, 中文 / English, no password):
    ``服务器 host:5432/db 上的 PostgreSQL 15.4，结构版本 7 / PostgreSQL 15.4 at host:5432/db, schema version 7``.
    Nothing is written.

    Raises StoreServerError (server down, wrong password, no such database), SchemaTooNew (a schema newer
    than this app knows) or, for SQLite, the StoreError kinds of opening a file (damaged, folder)."""
    parsed = _as_url(url)
    if parsed.engine == SQLITE:
        from . import migrations
        from . import open as store_open

        db = parsed.path
        if not (db.exists() and db.stat().st_size > 0):
            return (f"新文件 {db}（SQLite {sqlite3.sqlite_version}），结构版本 0，将建为版本 {migrations.LATEST} / "
                    f"SQLite {sqlite3.sqlite_version} new file {db}, schema version 0 "
                    f"(will be created, version {migrations.LATEST})")
        conn = store_open.look(db)  # SchemaTooNew / StoreDamaged, the file untouched
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
        return (f"文件 {db}（SQLite {sqlite3.sqlite_version}），结构版本 {version} / "
                f"SQLite {sqlite3.sqlite_version} at {db}, schema version {version}")
    from .pg_connect import describe_server

    return describe_server(parsed)
