"""Connecting to a PostgreSQL store and saying plainly what went wrong, naming the server, never the password.

Every psycopg error that means "the server is not there / not for us" becomes ``StoreServerError`` with a
zh + en message holding ``DatabaseUrl.display()`` and libpq's own reason (with any password scrubbed).
"""

from __future__ import annotations

from typing import Optional

import psycopg

from . import faults
from .database_url import CONNECT_TIMEOUT, DatabaseUrl, redact

#: the one-row table holding the schema version (PostgreSQL has no PRAGMA user_version)
VERSION_TABLE = "schema_version"


def connection_lost(exc: BaseException) -> bool:
    """Did ``exc`` end the connection (client side, class 08 or 57P: admin shutdown, crash)?"""
    state = getattr(exc, "sqlstate", None)
    return state is None or state.startswith(("08", "57P"))


HINT_LOGIN = ("请检查用户名，以及 PGPASSWORD 环境变量或 ~/.pgpass 中的密码。/ Check the user name and the password in the "
              "PGPASSWORD environment variable or ~/.pgpass.")
HINT_NO_DATABASE = "请让管理员创建该数据库（createdb）。/ Ask the administrator to create it (createdb)."
HINT_BROKE = "请检查网络与服务器后再试。/ Check the network and the server, then try again."
HINT_REFUSED = ("服务器的原话在详情中；如需要请交给管理员。/ The server's own words are in the details; pass them to the "
                "administrator if needed.")
HINT_DOWN = ("请检查服务器是否在运行、地址与端口是否正确、防火墙是否放行。/ Check that the server is running, the host and "
             "port are right and the firewall lets the connection through.")


def server_error(url: DatabaseUrl, exc: BaseException, *,
                 during: tuple[str, str] = ("", "")) -> faults.StoreServerError:
    """The StoreServerError for ``exc`` (a psycopg error) at ``url``: what happened, what to do. ``during``:
    what was being done (zh, en) when an open connection failed."""
    reason = redact(" ".join(str(exc).split()))[:300]
    lowered = reason.lower()
    where, details = url.display(), f"{url.display()}\n{reason}"

    def text(zh: str, en: str) -> str:
        return f"{zh}：{where}。/ {en[0].upper() + en[1:]}: {where} ({reason})."

    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return faults.StoreServerError(text("登录被拒绝（用户名或密码不对）", "the login was refused (wrong user name or password)"),
                                       file=where, hint=HINT_LOGIN, details=details)
    if "does not exist" in lowered and "database" in lowered:
        return faults.StoreServerError(text("数据库不存在", "the database does not exist"), file=where,
                                       hint=HINT_NO_DATABASE, details=details)
    if during[0] and connection_lost(exc):
        return faults.StoreServerError(text(f"{during[0]}时连接中断，本次没有保存任何内容",
                                            f"the connection broke while {during[1]}: nothing was saved"),
                                       file=where, hint=HINT_BROKE, details=details)
    if during[0]:
        return faults.StoreServerError(text(f"{during[0]}时服务器拒绝了操作，本次没有保存任何内容",
                                            f"the server refused it while {during[1]}: nothing was saved"),
                                       file=where, hint=HINT_REFUSED, details=details)
    return faults.StoreServerError(text("无法连接数据库服务器", "cannot connect to the database server"), file=where,
                                   hint=HINT_DOWN, details=details)


def connect(url: DatabaseUrl, *, autocommit: bool = True) -> psycopg.Connection:
    """A psycopg connection to ``url`` (StoreServerError when there is none to be had)."""
    try:
        return psycopg.connect(url.conninfo, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT,
                               application_name="desktop-app")
    except psycopg.Error as exc:
        raise server_error(url, exc) from None


def schema_version(conn: psycopg.Connection) -> int:
    """The store's schema version in this database; 0 for an empty database."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (VERSION_TABLE,)).fetchone()
    if not row or not row[0]:
        return 0
    row = conn.execute(f"SELECT version FROM {VERSION_TABLE}").fetchone()
    return int(row[0]) if row else 0


def where(conn: psycopg.Connection) -> str:
    """``host:port/db`` as the server sees it (a unix socket folder counts as the host)."""
    info = conn.info
    return f"{info.host}:{info.port}/{info.dbname}"


def server_version(conn: psycopg.Connection) -> str:
    number = conn.info.server_version  # 150004 -> 15.4
    return f"{number // 10000}.{number % 10000}" if number >= 100000 else str(number)


def too_new(url: DatabaseUrl, version: int, latest: int) -> Exception:
    from ..errors import SchemaTooNew

    return SchemaTooNew(
        f"{url.display()} was written by a newer version of the app (schema version {version}; this version "
        f"knows up to {latest}). The database was not changed. Update the app, or choose another database "
        "with --database. / 该数据库由更新版本的程序写入，数据库未被修改。请升级程序，或用 --database 选择其他数据库。")


def said_about_server(version: str, at: str, schema: int) -> str:
    """The one line Test connection shows, 中文 / English (the window shows the reader's half)."""
    return (f"服务器 {at} 上的 PostgreSQL {version}，结构版本 {schema} / "
            f"PostgreSQL {version} at {at}, schema version {schema}")


def describe_server(url: DatabaseUrl, latest: Optional[int] = None) -> str:
    """``服务器 host:5432/db 上的 PostgreSQL 15.4，结构版本 N / PostgreSQL 15.4 at host:5432/db, schema version N``;
    StoreServerError / SchemaTooNew otherwise."""
    from . import migrations

    latest = migrations.LATEST if latest is None else latest
    conn = connect(url)
    try:
        try:
            version = schema_version(conn)
            text = said_about_server(server_version(conn), where(conn), version)
        except psycopg.Error as exc:
            raise server_error(url, exc) from None
    finally:
        conn.close()
    if version > latest:
        raise too_new(url, version, latest)
    return text
