"""The removal's undo reads the store as it was (a snapshot), copies nothing while the user waits, and
ends with the next import or removal or when the store closes; schema step 6 drops two redundant indexes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core.store import Store, provenance, schema_removal

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

from test_store_removal import data, files

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "store_v2.sqlite"


def test_undo_after_another_connection_wrote_keeps_that_write(tmp_path):
    f = files(tmp_path)
    with Store(tmp_path / "h.sqlite3") as store:
        mon = store.import_result(f["mon"]).id
        chat = store.import_result(f["chat_tue"]).id
        before = data(store)
        store.remove_import(chat)
        assert data(store)["messages"] == [] and store.removal_to_undo() == chat
        # meanwhile a second window (or the command line) marks an order handled
        with Store(tmp_path / "h.sqlite3") as other:
            other.set_handled("unshipped", "taobao", "o1", note="已催")
        assert store.undo_removal() == chat
        now = data(store)
        assert now.pop("handled") == [("unshipped", "taobao", "o1", "已催")] and before.pop("handled") == []
        assert now == before
        assert list(store.handled()["order_id"]) == ["o1"]
        assert store.removal_to_undo() is None and mon in set(store.imports()["id"])


def test_a_failed_removal_keeps_the_earlier_undo(tmp_path, monkeypatch):
    f = files(tmp_path)
    with Store(tmp_path / "h.sqlite3") as store:
        mon = store.import_result(f["mon"]).id
        chat = store.import_result(f["chat_mon"]).id
        before = data(store)
        store.remove_import(chat)
        after_first = data(store)

        def boom(*a, **k):
            raise RuntimeError("disk full")

        monkeypatch.setattr(provenance, "_remove_orders", boom)
        with pytest.raises(RuntimeError):
            store.remove_import(mon)
        assert data(store) == after_first and store.removal_to_undo() == chat
        monkeypatch.undo()
        store.undo_removal()
        assert data(store) == before


@pytest.mark.sqlite_only  # the SQLite file, its log and indexes
def test_the_undo_ends_when_the_store_closes_and_the_log_goes_back(tmp_path):
    f = files(tmp_path)
    path = tmp_path / "h.sqlite3"
    with Store(path) as store:
        store.import_result(f["mon"])
        chat = store.import_result(f["chat_tue"]).id
        store.remove_import(chat)
        assert store.removal_to_undo() == chat
        removed = data(store)
    # the snapshot connection closed with the store: nothing holds the log, SQLite folded it back
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    with Store(path) as store:
        assert store.removal_to_undo() is None and data(store) == removed
        with pytest.raises(LookupError):
            store.undo_removal()
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.sqlite_only  # the SQLite file, its log and indexes
def test_step_6_drops_the_redundant_indexes_and_reads_still_use_an_index(tmp_path):
    shutil.copyfile(FIXTURE, tmp_path / "history.sqlite3")
    old = sqlite3.connect(FIXTURE)
    names = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    old.close()
    assert set(schema_removal.DROPPED) <= names  # the previous release had them
    with Store.open(tmp_path) as store:
        conn = store._conn
        left = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not set(schema_removal.DROPPED) & left
        assert {"messages_identity", "messages_shop_time", "orders_created", "orders_shop_created"} <= left
        # the reads of a range by time: an index search, never a scan of the whole table
        plans = {
            "messages": "SELECT * FROM messages WHERE time >= '2026-11-01' AND time < '2026-11-21' ORDER BY time, id",
            "span": "SELECT min(time), max(time) FROM messages",
            "orders": "SELECT * FROM orders o WHERE o.created >= '2026-11-01' AND o.created < '2026-11-21'",
        }
        for what, sql in plans.items():
            plan = " ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
            assert "USING" in plan and "INDEX" in plan, (what, plan)
        assert len(store.dataset().messages) == 3  # as before the step
