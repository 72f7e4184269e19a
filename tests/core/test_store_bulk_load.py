"""bulk_load / bulk_messages: a big import into a smaller table, its indexes built after the load - the same store
as the ordinary path, one transaction (a cancel leaves the store as it was), on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest

from desktop_app.core.errors import ImportCancelled
from desktop_app.core.importers.base import KIND_CHATS, KIND_ORDERS, ImportResult
from desktop_app.core.store import Store, bulk_load, db, pg_store
from desktop_app.core.store.engine import POSTGRESQL, engine_of

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

T = "2026-05-01 10:00:0"
# (second, buyer, sender, text, auto): a3 twice in the file, the second copy with another ``auto``
A = [(1, "b1", "buyer", "在吗", False), (2, "b1", "agent", "在", False), (3, "b2", "buyer", "发货", False),
     (3, "b2", "buyer", "发货", True), (4, "b2", "agent", "好的", False)]
# two of A's (one twice), three new (b2 twice)
B = [(2, "b1", "agent", "在", False), (4, "b2", "agent", "好的", False), (5, "b3", "buyer", "一", False),
     (6, "b3", "buyer", "二", True), (6, "b3", "buyer", "二", False), (7, "b3", "agent", "三", False),
     (2, "b1", "agent", "在", True)]
# fewer rows than stored: the ordinary path; one of B's, one new
C = [(5, "b3", "buyer", "一", False), (8, "b4", "buyer", "四", False)]


def _chats(tmp_path, name: str, rows) -> ImportResult:
    frame = pd.DataFrame({"time": pd.to_datetime([f"{T}{s}" for s, *_ in rows]), "buyer": [r[1] for r in rows],
                          "agent": "甲店:小王", "sender": [r[2] for r in rows], "text": [r[3] for r in rows],
                          "auto": [r[4] for r in rows], "shop": "甲店"})
    return ImportResult(path=str(tmp_path / name), kind=KIND_CHATS, format_id="t", format_label="t",
                        rows_read=len(frame), messages=frame)


def _orders(tmp_path, name: str, ids: list[str], paid: float, day: int) -> ImportResult:
    orders = pd.DataFrame({"platform": "taobao", "order_id": ids, "shop": "甲店", "buyer": [f"u{i}" for i in ids],
                           "created": pd.Timestamp(f"2026-05-0{day} 09:00"), "paid_amount": paid})
    lines = pd.DataFrame({"platform": "taobao", "order_id": [i for i in ids for _ in range(2)], "sku": "S",
                          "quantity": 1.0, "price": paid / 2})
    return ImportResult(path=str(tmp_path / name), kind=KIND_ORDERS, format_id="t", format_label="t",
                        rows_read=len(orders), orders=orders, lines=lines)


def _bulk(monkeypatch, on: bool) -> list[str]:
    """Bulk loads on (from one row) or off; the tables whose indexes were dropped are listed."""
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 1 if on else 10 ** 9)
    dropped: list[str] = []
    real = bulk_load.drop

    def drop(conn, table, **kw):
        dropped.append(table)
        return real(conn, table, **kw)

    monkeypatch.setattr(bulk_load, "drop", drop)
    return dropped


def _indexes(conn) -> list[str]:
    if engine_of(conn) == POSTGRESQL:
        return [r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                                           " ORDER BY indexname").fetchall()]
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()]


def _content(store) -> dict:
    conn = store._conn
    files = dict(conn.execute("SELECT id, file FROM imports").fetchall())
    return {
        "messages": [(t, b, s, x, int(a), files[i]) for t, b, s, x, a, i in conn.execute(
            "SELECT time, buyer, sender, text, auto, import_id FROM messages ORDER BY id").fetchall()],
        "sources": sorted((x, files[i]) for x, i in conn.execute(
            "SELECT m.text, s.import_id FROM message_sources s JOIN messages m ON m.id = s.message_id").fetchall()),
        "orders": [(o, p, files[i]) for o, p, i in conn.execute(
            "SELECT order_id, paid_amount, import_id FROM orders ORDER BY order_id").fetchall()],
        "lines": conn.execute("SELECT order_id, seq, price FROM lines ORDER BY order_id, seq").fetchall(),
        "indexes": _indexes(conn), "totals": store.totals()}


def _import_all(tmp_path, store) -> list:
    return [store.import_result(r) for r in (
        _orders(tmp_path, "o1.csv", ["1", "2", "3"], 10.0, 1),
        _orders(tmp_path, "o2.csv", ["2", "3", "4", "5"], 30.0, 2),  # later export: 2 and 3 take its amounts
        _chats(tmp_path, "a.csv", A), _chats(tmp_path, "b.csv", B), _chats(tmp_path, "c.csv", C))]


def test_the_bulk_path_stores_what_the_ordinary_path_stores(tmp_path, monkeypatch):
    dropped = _bulk(monkeypatch, False)
    with Store(tmp_path / "plain" / "h.sqlite3") as store:
        plain_records = _import_all(tmp_path, store)
        plain = _content(store)
    assert dropped == []
    dropped = _bulk(monkeypatch, True)
    with Store(tmp_path / "bulk" / "h.sqlite3") as store:
        bulk_records = _import_all(tmp_path, store)
        bulk = _content(store)
    # o1 and o2 (4 rows > 3 stored orders; 8 lines > 6), a and b (7 rows > 4 stored); c: 2 rows < 7 stored
    assert dropped == ["orders", "lines", "orders", "lines", "messages", "messages"]
    assert bulk == plain
    assert [r.messages_new for r in bulk_records] == [r.messages_new for r in plain_records] == [0, 0, 4, 3, 1]
    # first one wins: a3's first copy (auto off), b's own duplicate of b2 (auto on); stored ones stay
    assert [m[:5] for m in bulk["messages"]] == [
        (f"{T}1", "b1", "buyer", "在吗", 0), (f"{T}2", "b1", "agent", "在", 0), (f"{T}3", "b2", "buyer", "发货", 0),
        (f"{T}4", "b2", "agent", "好的", 0), (f"{T}5", "b3", "buyer", "一", 0), (f"{T}6", "b3", "buyer", "二", 1),
        (f"{T}7", "b3", "agent", "三", 0), (f"{T}8", "b4", "buyer", "四", 0)]
    assert [m[5] for m in bulk["messages"]] == ["a.csv"] * 4 + ["b.csv"] * 3 + ["c.csv"]
    # further sources: b brought 在 and 好的 again (once each, however often), c brought 一
    assert bulk["sources"] == [("一", "c.csv"), ("在", "b.csv"), ("好的", "b.csv")]
    assert bulk["orders"] == [("1", 10.0, "o1.csv"), ("2", 30.0, "o2.csv"), ("3", 30.0, "o2.csv"),
                              ("4", 30.0, "o2.csv"), ("5", 30.0, "o2.csv")]
    assert len(bulk["lines"]) == 10 and bulk["totals"]["paid_amount"] == 130.0


def test_a_cancelled_bulk_import_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    dropped = _bulk(monkeypatch, True)
    monkeypatch.setattr(db, "CHUNK_ROWS", 2)
    monkeypatch.setattr(pg_store, "COPY_CHUNK_ROWS", 2)
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(_chats(tmp_path, "c.csv", C))
        before = _content(store)
        steps: list[int] = []
        with pytest.raises(ImportCancelled):  # cancelled once B's first chunk is written
            store.import_result(_chats(tmp_path, "b.csv", B), should_cancel=lambda: len(steps) > 0,
                                progress=lambda done, total, text: steps.append(done) if done else None)
        assert dropped == ["messages", "messages"] and _content(store) == before
        assert "messages_identity" in before["indexes"]
        if engine_of(store._conn) != POSTGRESQL:
            assert store._conn.execute("SELECT count(*) FROM bulk_writes").fetchone()[0] == 0
        again = store.import_result(_chats(tmp_path, "b.csv", B))  # and the next import works as ever
        assert again.messages_new == 4 and store.totals()["messages"] == 6  # B but its 一, which C stored


def test_a_reader_during_a_bulk_import_keeps_its_snapshot(tmp_path, monkeypatch):
    """SQLite: the bulk path runs, the reader keeps its snapshot. PostgreSQL: a connection using the table makes the
    import take the ordinary path (it never waits for the reader), the reader keeps its snapshot too."""
    dropped = _bulk(monkeypatch, True)
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(_chats(tmp_path, "c.csv", C))
        pg = engine_of(store._conn) == POSTGRESQL
        if pg:
            from desktop_app.core.store.engine_postgres import open_snapshot

            reader = open_snapshot(store.url)
        else:
            import sqlite3

            reader = sqlite3.connect(store.path, isolation_level=None)
            reader.execute("BEGIN")
        try:
            assert reader.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
            record = store.import_result(_chats(tmp_path, "a.csv", A))
            assert reader.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
        finally:
            reader.close()
        assert dropped == (["messages"] if pg else ["messages", "messages"])
        assert record.messages_new == 4 and store.totals()["messages"] == 6
