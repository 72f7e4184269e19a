"""Shared test set-up: Qt runs offscreen, and no test may leave a worker thread running."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

# the store's tests on both engines (SQLite and a real PostgreSQL server): tests/store_engines.py
from store_engines import pg_databases, pg_server_url, pg_url, store_engine  # noqa: E402,F401
from store_engines import generate as pytest_generate_tests  # noqa: E402,F401


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: a store test about the SQLite file itself (one engine)")
