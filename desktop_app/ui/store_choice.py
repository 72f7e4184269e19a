"""Which store the window uses: this PC's SQLite file or the team's PostgreSQL server, saved without a password.

The choice lives in the settings file (``prefs/database/*``): engine, host, port, database, user and
sslmode. The password is never saved: libpq reads it from ``PGPASSWORD`` or ``~/.pgpass``
(``%APPDATA%\\postgresql\\pgpass.conf`` on Windows) when the store connects, so no secret is kept by the
app and the frozen build needs no keyring backend (docs/store.md, "The team's store"). A password typed in
Settings ▸ Database serves the "Test connection" button only, in memory.

``--database URL`` on the command line wins over the saved choice for that run; without either, the
store is ``<data dir>/history.sqlite3`` as before. Also here: the name that marks are made under
("marked by", default the OS user name) and the store's short name for the title and status bar.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import quote, urlencode

from ..core.store import DB_FILE
from ..core.store.database_url import POSTGRESQL, SQLITE, DatabaseUrl, parse_database_url

#: libpq's sslmode values offered in Settings (allow and verify-ca stay possible in a --database URL)
SSLMODES = ("disable", "prefer", "require", "verify-full")
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class DatabaseChoice:
    """Settings ▸ Database as plain values (never a password)."""

    engine: str = SQLITE
    host: str = ""
    port: int = DEFAULT_PORT
    dbname: str = ""
    user: str = ""
    sslmode: str = "prefer"

    def url(self, data_dir: Path, password: str = "") -> DatabaseUrl:
        """The store this choice names; ``password`` (the Test button's, in memory) goes into the
        conninfo only. ValueError (zh + en) when the server's fields are incomplete."""
        if self.engine != POSTGRESQL:
            return DatabaseUrl(SQLITE, Path(data_dir) / DB_FILE, "")
        if not self.host.strip() or not self.dbname.strip():
            raise ValueError("请填写服务器地址和数据库名。/ Fill in the server's host and database name.")
        user = quote(self.user.strip(), safe="")
        secret = f":{quote(password, safe='')}" if password else ""
        who = f"{user}{secret}@" if user or secret else ""
        host = self.host.strip()
        if ":" in host and not host.startswith("["):  # an IPv6 address
            host = f"[{host}]"
        query = urlencode({"sslmode": self.sslmode}) if self.sslmode in SSLMODES else ""
        text = f"postgresql://{who}{host}:{int(self.port)}/{quote(self.dbname.strip(), safe='')}"
        return parse_database_url(f"{text}?{query}" if query else text)


def load_choice(settings) -> DatabaseChoice:
    """The saved choice (AppSettings); unknown values fall back to this PC's file."""
    get = settings.get
    engine = get("prefs/database/engine")
    sslmode = get("prefs/database/sslmode")
    return DatabaseChoice(engine=engine if engine in (SQLITE, POSTGRESQL) else SQLITE,
                          host=get("prefs/database/host"), port=int(get("prefs/database/port")),
                          dbname=get("prefs/database/name"), user=get("prefs/database/user"),
                          sslmode=sslmode if sslmode in SSLMODES else "prefer")


def save_choice(settings, choice: DatabaseChoice) -> None:
    """Keep the choice (no password: there is no field for one)."""
    settings.set("prefs/database/engine", choice.engine)
    settings.set("prefs/database/host", choice.host.strip())
    settings.set("prefs/database/port", int(choice.port))
    settings.set("prefs/database/name", choice.dbname.strip())
    settings.set("prefs/database/user", choice.user.strip())
    settings.set("prefs/database/sslmode", choice.sslmode)
    settings.sync()


def os_user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no user name in the environment or the password database
        return ""


def marked_by(settings) -> str:
    """The name handled marks, levels and accepted quality hits are recorded under."""
    return settings.get("prefs/marked_by").strip() or os_user_name()


def set_marked_by(settings, name: str) -> None:
    """Keep ``name`` ("" = the OS user name)."""
    name = name.strip()
    settings.set("prefs/marked_by", "" if name == os_user_name() else name)
    settings.sync()


def startup_url(database: Optional[str], data_dir: Path, settings) -> Optional[DatabaseUrl]:
    """The store a window opens: ``--database`` (this run only), else the saved server; None = the data
    folder's SQLite file. ValueError for a ``--database`` not understood; a saved server whose fields are
    incomplete is ignored (the file is used)."""
    if database is not None:
        from ..core.cli_database import store_url

        return store_url(None, database)
    choice = load_choice(settings)
    if choice.engine != POSTGRESQL:
        return None
    try:
        return choice.url(data_dir)
    except ValueError:
        return None


def database_argument_problem(database: Optional[str]) -> str:
    """Why ``--database`` cannot be used ("" when it can, or is not given), without its password."""
    if database is None:
        return ""
    from ..core.cli_database import scrub, store_url

    try:
        store_url(None, database)
    except ValueError as exc:
        return scrub(f"desktop-app --database: {exc}")
    return ""


def store_label(url: Optional[DatabaseUrl], data_dir: Path) -> tuple[str, str]:
    """(short name, full name) of a store for the status bar: "PostgreSQL shop@db.local:5432/cs" or the
    file's name, with the full path or URL (never a password) as the second."""
    if url is None or url.engine == SQLITE:
        path = url.path if url is not None and url.path is not None else Path(data_dir) / DB_FILE
        return path.name, str(path)
    shown = url.display()
    short = shown.split("://", 1)[-1].split("?", 1)[0]
    return f"PostgreSQL {short}", shown
