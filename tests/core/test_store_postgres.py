"""The store on PostgreSQL: choosing it by URL, testing the connection, and its faults - a server that is
down, a wrong password, a newer schema, a connection dropped in the middle of an import - each a clear
message naming the server and never the password, nothing half-written. A real server (tests/store_engines.py).
"""

from __future__ import annotations

import logging
import socket

import psycopg
import pytest

from desktop_app.core.errors import InputError, SchemaTooNew
from desktop_app.core.store import migrations
from desktop_app.core.store import pg_store
from desktop_app.core.store.database_url import (DatabaseUrl, check_connection, open_store_url,
                                                 parse_database_url, redact)
from desktop_app.core.store.faults import StoreServerError
from store_cases import orders_export

import pg_server


def _with_password(url: str, user: str, password: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(url)
    return f"postgresql://{user}:{password}@{parts['host']}:{parts['port']}/{parts['dbname']}"


def _all_text(exc: BaseException) -> str:
    texts = [str(exc), repr(exc), getattr(exc, "details", "") or "", getattr(exc, "hint", "") or "",
             getattr(exc, "file", "") or ""]
    cause = exc.__cause__
    while cause is not None:  # what a crash report would print
        texts += [str(cause), repr(cause)]
        cause = cause.__cause__
    return "\n".join(texts)


# --- URLs -------------------------------------------------------------------------------------------

def test_urls_parse_and_display_without_their_password(tmp_path):
    u = parse_database_url("postgresql://ana:s3cret!@db.example:5433/history?sslmode=require")
    assert (u.engine, u.path) == ("postgresql", None) and "s3cret!" in u.conninfo
    assert u.display() == "postgresql://ana@db.example:5433/history?sslmode=require"
    assert "s3cret" not in repr(u) and "s3cret" not in str(u)
    q = parse_database_url("postgres://ana@db.example/history?password=zz9&sslmode=verify-full")
    assert q.display() == "postgres://ana@db.example/history?sslmode=verify-full"
    f = parse_database_url(f"sqlite:///{tmp_path.as_posix().lstrip('/')}/h.sqlite3")
    assert (f.engine, f.path) == ("sqlite", tmp_path / "h.sqlite3")
    assert parse_database_url(str(tmp_path)).path == tmp_path / "history.sqlite3"  # a folder: --data-dir's file
    assert redact("host=h password='a b' dbname=d") == "host=h password=*** dbname=d"
    for bad in ("", "mysql://x/y", "sqlite://relative.db", "postgresql://host-only"):
        with pytest.raises(ValueError) as info:
            parse_database_url(bad)
        assert "数据库地址无效" in str(info.value) and "Invalid database URL" in str(info.value)


def test_check_connection_says_what_is_there(tmp_path, pg_url):
    first = check_connection(pg_url)  # 中文 / English: the window shows the reader's half (bilingual.py)
    assert first.startswith("服务器 127.0.0.1:") and "结构版本 0 / PostgreSQL " in first
    assert "schema version 0" in first
    with open_store_url(pg_url) as store:
        assert store.version == migrations.LATEST
    text = check_connection(pg_url)
    assert f"schema version {migrations.LATEST}" in text and "127.0.0.1:" in text
    new = check_connection(tmp_path / "h.sqlite3")
    assert "新文件" in new and "new file" in new and not (tmp_path / "h.sqlite3").exists()


# --- faults -----------------------------------------------------------------------------------------

def test_a_server_that_is_down_is_named_without_the_password(caplog):
    caplog.set_level(logging.DEBUG)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://ana:hunter2-secret@127.0.0.1:{port}/history"
    for attempt in (lambda: open_store_url(url), lambda: check_connection(url)):
        with pytest.raises(StoreServerError) as info:
            attempt()
        text = _all_text(info.value)
        assert f"postgresql://ana@127.0.0.1:{port}/history" in info.value.message
        assert "无法连接数据库服务器" in info.value.message and "Cannot connect" in info.value.message
        assert "hunter2" not in text
    assert "hunter2" not in caplog.text


def test_a_wrong_password_is_refused_plainly(pg_url, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = _with_password(pg_url, pg_server.PASSWORD_ROLE, "not-the-password")
    try:
        psycopg.connect(wrong, connect_timeout=5).close()
        pytest.skip("this server accepts any password over TCP (trust): nothing to refuse")
    except psycopg.OperationalError:
        pass
    with pytest.raises(StoreServerError) as info:
        open_store_url(wrong)
    assert "wrong user name or password" in info.value.message and "用户名或密码不对" in info.value.message
    assert "PGPASSWORD" in info.value.hint
    assert "not-the-password" not in _all_text(info.value) + caplog.text
    right = _with_password(pg_url, pg_server.PASSWORD_ROLE, pg_server.PASSWORD)
    with open_store_url(right) as store:  # the right one opens it
        assert store.totals()["orders"] == 0
        assert pg_server.PASSWORD not in repr(store) + str(store.path)


def test_a_database_of_a_newer_schema_is_refused_and_left_alone(pg_url):
    with open_store_url(pg_url):
        pass
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
        tables_before = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    with pytest.raises(SchemaTooNew) as info:
        open_store_url(pg_url)
    assert "schema version 99" in str(info.value) and "127.0.0.1" in str(info.value)
    with pytest.raises(SchemaTooNew):
        check_connection(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == 99
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == tables_before


def test_a_connection_dropped_in_the_middle_of_an_import_leaves_nothing_half_written(tmp_path, pg_url, monkeypatch):
    monkeypatch.setattr(pg_store, "COPY_CHUNK_ROWS", 500)  # several chunks: the drop comes between two
    with open_store_url(pg_url) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 300))
        before = store.totals()
        pid = store._conn._pg.info.backend_pid
        dropped = []

        def progress(done, total, text):
            if done >= 500 and not dropped:  # rows written, not committed: the server drops us now
                with psycopg.connect(pg_url, autocommit=True) as admin:
                    assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
                dropped.append(done)

        with pytest.raises(StoreServerError) as info:
            store.import_result(orders_export(tmp_path, "tue.csv", 3000, start=100), progress=progress)
        assert dropped and "127.0.0.1" in info.value.message
        assert "nothing was saved" in info.value.message and "没有保存任何内容" in info.value.message
        assert store.totals() == before  # the same store connects again for its next read
    with open_store_url(pg_url) as again:
        assert again.totals() == before
        assert list(again.imports()["file"]) == ["mon.csv"]
        # and the same file imports whole afterwards
        assert not again.import_result(orders_export(tmp_path, "tue.csv", 3000, start=100)).duplicate
        assert again.totals()["orders"] == 3100


def test_backup_of_a_server_store_points_to_pg_dump(tmp_path, pg_url):
    with open_store_url(pg_url) as store:
        with pytest.raises(InputError) as info:  # said plainly, never a crash
            store.backup(tmp_path / "copy.sqlite3")
    assert "pg_dump" in str(info.value)


def test_database_url_is_a_frozen_value():
    u = DatabaseUrl("sqlite", None, "")
    with pytest.raises(Exception):
        u.engine = "postgresql"  # type: ignore[misc]


def test_another_connection_holding_the_write_lock_makes_an_import_wait_then_say_busy(tmp_path, pg_url):
    from desktop_app.core.store import StoreBusy
    from desktop_app.core.store.engine_postgres import WRITE_LOCK_KEY

    with open_store_url(pg_url, busy_wait=0.6) as store:
        with psycopg.connect(pg_url) as other:  # a second supervisor's import, mid-transaction
            other.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            said = []
            with pytest.raises(StoreBusy) as info:
                store.import_result(orders_export(tmp_path, "mon.csv", 5), progress=lambda d, t, text: said.append(text))
            assert "Another import is running" in info.value.message and "127.0.0.1" in info.value.file
            assert any("Waiting for another import" in s for s in said)
            assert store.dataset().orders.empty  # reading never waits
            other.rollback()
        assert store.import_result(orders_export(tmp_path, "mon.csv", 5)).orders_new == 5  # the lock is free again


def test_contacts_are_minimised_on_the_server_too_and_switching_full_off_minimises_them(tmp_path, pg_url):
    from store_cases import orders_frame
    from desktop_app.core.importers.base import ImportResult

    with open_store_url(pg_url) as store:  # the default: only what the checks need
        store.import_result(orders_export(tmp_path, "a.csv", 3, prefix="a"))
        assert store.dataset().orders["receiver_phone"].unique().tolist() == ["138****1234"]
    with psycopg.connect(pg_url, autocommit=True) as admin:  # start afresh in the same database
        admin.execute("DROP SCHEMA public CASCADE")
        admin.execute("CREATE SCHEMA public")
    later = orders_frame(5, 0, "o").assign(remark="second export")
    (tmp_path / "tue.csv").write_bytes(later.to_csv(index=False).encode("gbk"))
    second = ImportResult(path=str(tmp_path / "tue.csv"), kind="orders", format_id="test_orders", format_label="测试",
                          orders=later, rows_read=5)
    with open_store_url(pg_url, keep_full_contacts=True) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 5))
        store.import_result(second)  # two versions of each order are kept (provenance)
    with psycopg.connect(pg_url) as conn:
        assert {r[0] for r in conn.execute("SELECT receiver_phone FROM orders")} == {"13812341234"}
        assert conn.execute("SELECT count(*) FROM order_versions").fetchone()[0] == 10
    with open_store_url(pg_url) as store:  # the setting switched off again
        assert store.totals()["orders"] == 5
    with psycopg.connect(pg_url) as conn:
        for table in ("orders", "order_versions"):
            rows = set(conn.execute(f"SELECT receiver_name, receiver_phone, receiver_address FROM {table}"))
            assert rows == {("张**", "138****1234", "浙江省杭州市****")}, table
        assert conn.execute("SELECT value FROM privacy WHERE key = 'contacts'").fetchone()[0] == "minimised"


def test_a_database_holding_someone_elses_tables_is_refused_untouched(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE orders (id int PRIMARY KEY, what text)")
    with pytest.raises(StoreServerError) as info:
        open_store_url(pg_url)
    assert "not the app's" in info.value.message and "orders" in info.value.message
    with psycopg.connect(pg_url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["orders"]
