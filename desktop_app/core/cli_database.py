"""Which store a command opens (``--database URL`` or ``--data-dir DIR``) and what it says when it cannot.

    python -m desktop_app import FILE... --database postgresql://shop@db.local/cs
    python -m desktop_app report --database sqlite:///home/me/history.sqlite3 --json -

``--database`` names the store itself: ``sqlite:///abs/path`` (or a bare path) for an embedded file,
``postgresql://user@host:port/db?sslmode=require`` for the team's server (core/store/database_url.py).
Without it the store is the SQLite file of ``--data-dir`` (default: the window's per-user folder), as
before. ``--data-dir`` keeps its other role with either: the folder of the saved column mappings.

A store that cannot be opened (a bad URL, a server that is down, a refused login, a newer schema) is one
line on stderr naming the server by ``DatabaseUrl.display()``, exit code 2, never a traceback and never
the password: every text that leaves here goes through ``redact``.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Optional

from .errors import InputError, SchemaTooNew

DATABASE_HELP = ("the store to use: sqlite:///path/history.sqlite3 or postgresql://user@host:port/db"
                 "[?sslmode=require] (the password comes from PGPASSWORD or ~/.pgpass, never from the app); "
                 "default: the SQLite file of --data-dir")


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    """``--database URL`` on a command."""
    parser.add_argument("--database", metavar="URL", help=DATABASE_HELP)


def store_url(data_dir: Optional[str], database: Optional[str]):
    """The DatabaseUrl a command opens: ``database`` when given, else ``<data_dir>/history.sqlite3``
    (default folder: the window's). ValueError (zh + en, no password) for a URL not understood."""
    from .store import DB_FILE
    from .store.database_url import SQLITE, DatabaseUrl, parse_database_url
    from .store.db import default_data_dir

    if database is not None:  # given, even empty: "--database ''" is a mistake, not the default
        text = database.strip()
        if _SCHEME_WITHOUT_SLASHES.match(text) and "://" not in text:
            # "postgres:/host/db" is a typo, not a file to create in the current folder
            raise ValueError(scrub(f"数据库地址无效（缺少 //）：{text} / Invalid database URL (the // after the kind is "
                                   f"missing): {text}. 例如 / e.g. postgresql://user@host:5432/db"))
        return parse_database_url(text)
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    return DatabaseUrl(SQLITE, folder / DB_FILE, "")


def open_command_store(data_dir: Optional[str], database: Optional[str]):
    """Open the command's store. The command line has no contacts setting of its own: it keeps the state
    the store records, so a store the window keeps in full is not minimised by a scheduled run.

    Raises InputError (the store's faults, StoreServerError among them), SchemaTooNew or ValueError."""
    from .store.database_url import open_store_url

    url = store_url(data_dir, database)
    if url.engine == "sqlite":
        from .store import Store

        # Store.open keeps the folder rules of --data-dir (created 0700, refused when it cannot be one)
        return Store(url.path, keep_full_contacts=recorded_full(url))
    return open_store_url(url, keep_full_contacts=recorded_full(url))


def recorded_full(url) -> bool:
    """True when the store at ``url`` records its contacts as kept in full (a read-only peek; False when
    it cannot be read: opening the store then says what is wrong)."""
    from .store.privacy import CONTACTS_KEY, FULL

    if url.engine == "sqlite":
        import sqlite3

        from .store.privacy import contacts_state

        if url.path is None or not url.path.is_file():
            return False
        try:
            conn = sqlite3.connect(f"{url.path.absolute().as_uri()}?mode=ro", uri=True)
            try:
                return contacts_state(conn) == FULL
            finally:
                conn.close()
        except sqlite3.Error:  # damaged, locked, unreadable
            return False
    try:
        import psycopg

        from .store.pg_connect import connect
    except ImportError:
        return False
    try:
        conn = connect(url)
    except InputError:
        return False
    try:
        if conn.execute("SELECT to_regclass('privacy') IS NOT NULL").fetchone()[0]:
            row = conn.execute("SELECT value FROM privacy WHERE key = %s", (CONTACTS_KEY,)).fetchone()
            return bool(row) and row[0] == FULL
        return False
    except psycopg.Error:
        return False
    finally:
        conn.close()


#: a URL kind written without its slashes ("postgresql:host/db")
_SCHEME_WITHOUT_SLASHES = re.compile(r"^(postgres(ql)?|sqlite)\s*:", re.IGNORECASE)
#: the password part of any URL ("postgresql://ann:secret@host", "mysql://...", "postgres:/ann:secret@host")
_ANY_URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*:/*[^/\s:@]*):[^/\s]*@")  # to the host's @
#: a password given as a URL parameter or a libpq keyword ("?password=secret", "password=secret")
_PASSWORD_PARAMETER = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]+)", re.IGNORECASE)


def scrub(text: str) -> str:
    """``text`` without any password: every ``scheme://user:password@`` and ``password=`` removed. Works on
    whole messages (unlike re-parsing URLs, it leaves the text around them, "。" included, as it is)."""
    return _PASSWORD_PARAMETER.sub(r"\1***", _ANY_URL_PASSWORD.sub(r"\1@", str(text)))


def store_failure(command: str, exc: BaseException) -> str:
    """The one line a command prints when its store cannot be opened: what and where, no password."""
    if isinstance(exc, InputError):
        text = exc.describe()
    elif isinstance(exc, (SchemaTooNew, ValueError)):
        text = str(exc)
    else:  # anything unexpected from a driver: its class and message, still without a password
        text = f"{type(exc).__name__}: {exc}"
    return scrub(f"{command}: {text}")


#: what a command catches while opening its store (a driver's own error is caught too: never a traceback)
OPEN_FAILURES = (InputError, SchemaTooNew, ValueError, OSError)


def driver_errors() -> tuple[type[BaseException], ...]:
    """OPEN_FAILURES and psycopg's base error (when psycopg is installed)."""
    try:
        import psycopg
    except ImportError:
        return OPEN_FAILURES
    return OPEN_FAILURES + (psycopg.Error,)
