"""Running the store's tests on both engines: SQLite files and databases on a real PostgreSQL server.

A test module opts in with ``pytestmark = pytest.mark.usefixtures("store_engine")``: each of its tests then
runs twice, ``[sqlite]`` and ``[postgresql]``. Under ``postgresql`` the module's ``Store`` is replaced by
``PgStores``: ``Store(path)`` / ``Store.open(folder)`` open a database of their own on the test server for
each distinct path (a fresh database per test: CREATE DATABASE, dropped afterwards), so the same test
body checks both engines. A test about the SQLite file itself is marked ``sqlite_only``.

The server: ``DESKTOP_APP_TEST_PG_URL`` if set (a user that may CREATE DATABASE; .ci/run sets it), else a
throwaway cluster this session starts (tests/pg_server.py) and stops at the end, even on failure. With
neither, the PostgreSQL half is skipped with the reason - except when ``CI=true``: then it fails.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any, Optional

import pytest

import pg_server


@pytest.fixture(scope="session")
def pg_server_url():
    """The URL of a PostgreSQL server for the tests (see the module's docstring)."""
    url = os.environ.get(pg_server.ENV_URL)
    if url:
        yield url
        return
    if pg_server.binaries() is None:
        reason = "PostgreSQL tests need a server: no /usr/lib/postgresql/*/bin/initdb here and no " \
                 f"{pg_server.ENV_URL} (apt-get install postgresql)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    try:
        cluster = pg_server.start()
    except Exception as exc:  # pragma: no cover - what the server said is in the message
        pytest.fail(f"could not start a PostgreSQL cluster: {exc}")
    try:
        yield cluster.url
    finally:
        cluster.stop()


class PgDatabases:
    """Fresh databases on the test server, dropped at the end of the test."""

    def __init__(self, server_url: str) -> None:
        import psycopg

        self.server_url = server_url
        self._admin = psycopg.connect(server_url, autocommit=True)
        self.names: list[str] = []

    def create(self) -> str:
        name = "t_" + uuid.uuid4().hex[:16]
        self._admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C' ENCODING 'UTF8'")
        self.names.append(name)
        return self.url_of(name)

    def url_of(self, name: str) -> str:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.server_url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))

    def drop_all(self) -> None:
        for name in self.names:
            try:
                self._admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            except Exception:
                pass
        self._admin.close()


@pytest.fixture
def pg_databases(pg_server_url):
    dbs = PgDatabases(pg_server_url)
    try:
        yield dbs
    finally:
        dbs.drop_all()


@pytest.fixture
def pg_url(pg_databases) -> str:
    """A fresh, empty database on the test server."""
    return pg_databases.create()


class PgStores:
    """Stands in for ``Store`` in a test module: one database per distinct path."""

    def __init__(self, dbs: PgDatabases) -> None:
        self.dbs = dbs
        self.urls: dict[Path, str] = {}

    def url_for(self, path: Any) -> str:
        from desktop_app.core.store.db import DB_FILE

        path = Path(path).absolute()
        if path.suffix not in (".sqlite3", ".sqlite", ".db"):
            path = path / DB_FILE
        if path not in self.urls:
            self.urls[path] = self.dbs.create()
        return self.urls[path]

    def __call__(self, path: Any, **options: Any):
        from desktop_app.core.store.database_url import open_store_url

        return open_store_url(self.url_for(path), **options)

    def open(self, data_dir: Optional[Any] = None, **options: Any):
        from desktop_app.core.store.db import DB_FILE

        return self(Path(data_dir) / DB_FILE, **options)


@pytest.fixture
def store_engine(request):
    """"sqlite" or "postgresql"; under postgresql the test module's ``Store`` opens PostgreSQL databases."""
    engine = request.param
    if engine == "postgresql":
        dbs = PgDatabases(request.getfixturevalue("pg_server_url"))
        stores = PgStores(dbs)
        patch = pytest.MonkeyPatch()
        patch.setattr(request.module, "Store", stores, raising=False)
        request.node.pg_stores = stores
        try:
            yield engine
        finally:
            patch.undo()
            dbs.drop_all()
        return
    yield engine


def generate(metafunc) -> None:
    """pytest_generate_tests: the two engines, or SQLite alone for a test marked ``sqlite_only``."""
    if "store_engine" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("store_engine", ["sqlite"] if only else ["sqlite", "postgresql"], indirect=True)
