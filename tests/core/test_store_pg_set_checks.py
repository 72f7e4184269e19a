"""Schema step 8: the big tables' foreign keys, checked per statement on PostgreSQL, refuse what the
constraints refused - on both engines (SQLite keeps its constraints).

Each case writes a row naming an import or a shop that does not exist, or removes a parent a row still
names, straight on the store's connection, and must be refused with the store unchanged.
"""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from desktop_app.core.importers.base import KIND_CHATS, KIND_ORDERS, ImportResult
from desktop_app.core.store import Store
from desktop_app.core.store.engine import POSTGRESQL, engine_of

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)


def _orders_and_chats(tmp_path, store) -> tuple[int, int]:
    orders = pd.DataFrame({"platform": ["taobao", "taobao"], "order_id": ["A1", "A2"], "shop": ["甲店", "甲店"],
                           "buyer": ["b1", "b2"], "created": pd.to_datetime(["2026-05-01 10:00", "2026-05-02 11:00"]),
                           "paid_amount": [10.0, 20.0]})
    chats = pd.DataFrame({"time": pd.to_datetime(["2026-05-01 10:00:05", "2026-05-01 10:00:09"]),
                          "buyer": ["b1", "b1"], "agent": ["甲店:小王", "甲店:小王"], "sender": ["buyer", "agent"],
                          "text": ["在吗", "在的"], "shop": ["甲店", "甲店"]})
    a = store.import_result(ImportResult(path=str(tmp_path / "o.csv"), kind=KIND_ORDERS, format_id="t", format_label="t",
                                         rows_read=2, orders=orders))
    b = store.import_result(ImportResult(path=str(tmp_path / "c.csv"), kind=KIND_CHATS, format_id="t", format_label="t",
                                         rows_read=2, messages=chats))
    return a.id, b.id


def _refused(store, sql: str, args: tuple = ()) -> None:
    conn = store._conn
    conn.execute("BEGIN")
    try:
        with pytest.raises(sqlite3.Error) as caught:
            conn.execute(sql, args)
    finally:
        conn.execute("ROLLBACK")
    if engine_of(conn) == POSTGRESQL:
        import psycopg

        assert isinstance(caught.value.cause, psycopg.errors.ForeignKeyViolation), caught.value
    else:
        assert isinstance(caught.value, sqlite3.IntegrityError) and "FOREIGN KEY" in str(caught.value)


def test_rows_naming_a_missing_import_or_shop_are_refused(tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        orders_import, chats_import = _orders_and_chats(tmp_path, store)
        before = store.totals()
        shop = store._conn.execute("SELECT min(shop_id) FROM messages").fetchone()[0]
        # one good row and one bad in the same statement: the whole statement goes
        _refused(store, "INSERT INTO messages (time, buyer, agent, sender, text, import_id, shop_id)"
                        " VALUES ('2026-05-03 00:00:00', 'x', 'y', 'buyer', 'ok', ?, ?),"
                        " ('2026-05-03 00:00:01', 'x', 'y', 'buyer', 'bad', 999, ?)", (chats_import, shop, shop))
        _refused(store, "INSERT INTO messages (time, buyer, agent, sender, text, import_id, shop_id)"
                        " VALUES ('2026-05-03 00:00:00', 'x', 'y', 'buyer', 'bad shop', ?, 999)", (chats_import,))
        _refused(store, "INSERT INTO orders (platform, order_id, import_id) VALUES ('taobao', 'Z9', 999)")
        _refused(store, "INSERT INTO lines (platform, order_id, seq, import_id) VALUES ('taobao', 'A1', 0, 999)")
        _refused(store, "INSERT INTO inventory (sku, import_id) VALUES ('s', 999)")
        _refused(store, "UPDATE messages SET import_id = 999 WHERE import_id = ?", (chats_import,))
        _refused(store, "UPDATE orders SET shop_id = 999")
        assert store.totals() == before and store.totals()["messages"] == 2


def test_a_parent_that_rows_still_name_cannot_go(tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        orders_import, chats_import = _orders_and_chats(tmp_path, store)
        _refused(store, "DELETE FROM imports WHERE id = ?", (chats_import,))
        _refused(store, "DELETE FROM imports WHERE id = ?", (orders_import,))
        _refused(store, "DELETE FROM shops")
        _refused(store, "UPDATE imports SET id = 999 WHERE id = ?", (chats_import,))
        # once its rows are gone the import may go (what removing an import does, in that order)
        conn = store._conn
        conn.execute("BEGIN")
        conn.execute("DELETE FROM messages WHERE import_id = ?", (chats_import,))
        conn.execute("DELETE FROM import_shops WHERE import_id = ?", (chats_import,))
        assert conn.execute("DELETE FROM imports WHERE id = ?", (chats_import,)).rowcount == 1
        conn.execute("ROLLBACK")
        assert store.totals()["messages"] == 2 and store.totals()["orders"] == 2


def test_postgresql_checks_per_statement_not_per_row(tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        conn = store._conn
        if engine_of(conn) != POSTGRESQL:
            fks = conn.execute("SELECT count(*) FROM pragma_foreign_key_list('messages')").fetchone()[0]
            assert fks == 2  # SQLite keeps its constraints (import_id, shop_id)
            return
        constraints = conn.native("SELECT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
                                  " AND conrelid::regclass::text IN ('orders', 'lines', 'messages', 'inventory')")
        assert constraints == []
        triggers = dict(conn.native("SELECT tgname, tgtype & 1 FROM pg_trigger WHERE tgrelid = 'messages'::regclass"
                                    " AND NOT tgisinternal"))
        # per statement (bit 0 clear): the checks; per row: the sources trigger, skipped while a COPY works set-wise
        assert triggers == {"messages_fk_insert": 0, "messages_fk_update": 0, "messages_sources": 1}
        when = conn.native("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'messages_sources'")[0][0]
        assert "WHEN ((current_setting('desktop_app.bulk'::text, true) IS DISTINCT FROM 'on'::text))" in when
        assert conn.native("SELECT obj_description(oid, 'pg_trigger') FROM pg_trigger"
                           " WHERE tgname = 'messages_sources'")[0][0].startswith("BEFORE:INSERT INTO message_sources")


def test_a_message_is_the_same_only_when_every_field_is(tmp_path):
    """The identity key joins the fields into one md5 on PostgreSQL: fields that only concatenate alike stay
    two messages; the exact same message from a second import is kept once and listed as its further source."""
    t = pd.Timestamp("2026-05-01 10:00:05")
    base = {"time": [t] * 4, "sender": ["buyer"] * 4, "shop": ["甲店"] * 4}
    first = pd.DataFrame({**base, "buyer": ["ab", "a", "a", "a"], "agent": ["c", "bc", "b", "b"],
                          "text": ["x", "x", "cx", "x:"]})
    again = pd.DataFrame({"time": [t, t], "sender": ["buyer", "buyer"], "shop": ["甲店", "甲店"],
                          "buyer": ["a", "a"], "agent": ["bc", "bc"], "text": ["x", "y"]})
    with Store(tmp_path / "h.sqlite3") as store:
        a = store.import_result(ImportResult(path=str(tmp_path / "c1.csv"), kind=KIND_CHATS, format_id="t",
                                             format_label="t", rows_read=4, messages=first))
        b = store.import_result(ImportResult(path=str(tmp_path / "c2.csv"), kind=KIND_CHATS, format_id="t",
                                             format_label="t", rows_read=2, messages=again))
        assert store.totals()["messages"] == 5  # 4 distinct + "y"; ("a", "bc", "x") a second time is not new
        assert b.messages_new == 1
        sources = store._conn.execute("SELECT m.buyer, m.agent, m.text, s.import_id FROM message_sources s"
                                      " JOIN messages m ON m.id = s.message_id").fetchall()
        assert [tuple(r) for r in sources] == [("a", "bc", "x", b.id)] and a.id != b.id
