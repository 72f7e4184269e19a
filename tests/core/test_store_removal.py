"""Removing an import: what it alone brought goes, what other imports also brought stays exactly as
those imports say; one transaction; the last removal can be undone."""

from __future__ import annotations

import os
import sqlite3

import pytest

from desktop_app.core.store import Store

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

from test_store import MONDAY, TUESDAY, T, dump, export, order

MSG_MON = [dict(time=T("2026-11-16 09:00:00"), buyer="alice", agent="店:小王", sender="buyer", text="在吗"),
           dict(time=T("2026-11-16 09:00:05"), buyer="alice", agent="店:小王", sender="agent", text="在的")]
MSG_TUE = MSG_MON + [dict(time=T("2026-11-17 10:00:00"), buyer="bob", agent="店:小李", sender="buyer",
                          text="发货了吗")]
LINES_MON = [dict(platform="taobao", order_id="o1", sku="A", quantity=2, price=50.0),
             dict(platform="taobao", order_id="o3", sku="B", quantity=1, price=50.0)]
LINES_TUE = [dict(platform="taobao", order_id="o1", sku="A", quantity=1, price=50.0),
             dict(platform="taobao", order_id="o1", sku="C", quantity=1, price=50.0)]


def files(tmp_path):
    return {
        "mon": export(tmp_path, "mon.csv", orders=MONDAY, lines=LINES_MON),
        "tue": export(tmp_path, "tue.csv", orders=TUESDAY, lines=LINES_TUE),
        "chat_mon": export(tmp_path, "chat_mon.csv", messages=MSG_MON),
        "chat_tue": export(tmp_path, "chat_tue.csv", messages=MSG_TUE),
        "stock1": export(tmp_path, "stock1.csv", inventory=[dict(sku="A", available=5)]),
        "stock2": export(tmp_path, "stock2.csv", inventory=[dict(sku="A", available=3)]),
    }


def data(store: Store) -> dict:
    """What the model would read: every data table's rows, and the inventory snapshot."""
    out = dump(store)
    out.pop("inventory")
    out["snapshot"] = sorted(map(tuple, store.dataset().inventory[["sku", "available"]].values.tolist()))
    return out


@pytest.mark.parametrize("removed", ["mon", "tue", "chat_mon", "chat_tue", "stock1", "stock2"])
def test_removing_an_import_equals_never_having_imported_it(tmp_path, removed):
    f = files(tmp_path)
    order_ = ["mon", "tue", "chat_mon", "chat_tue", "stock1", "stock2"]
    with Store(tmp_path / "all.sqlite3") as store, Store(tmp_path / "without.sqlite3") as without:
        ids = {name: store.import_result(f[name]).id for name in order_}
        before = data(store)
        for name in order_:
            if name != removed:
                without.import_result(f[name])
        store.remove_import(ids[removed])
        assert data(store) == data(without)
        assert removed not in {r.split(".")[0] for r in store.imports()["file"]}
        # undo puts back exactly what was there
        assert store.removal_to_undo() == ids[removed]
        assert store.undo_removal() == ids[removed]
        assert data(store) == before
        assert store.removal_to_undo() is None
        if isinstance(store.path, os.PathLike):  # the SQLite file
            assert sqlite3.connect(store.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_overlap_stays_and_reverts_to_the_other_export(tmp_path):
    f = files(tmp_path)
    with Store(tmp_path / "h.sqlite3") as store:
        mon = store.import_result(f["mon"]).id
        tue = store.import_result(f["tue"]).id
        stats = store.remove_import(tue)
        # o4 only Tuesday had: gone; o1..o3 Monday also had: kept with Monday's state and lines
        assert (stats["orders_removed"], stats["orders_rebuilt"]) == (1, 3)
        o = store.dataset().orders.set_index("order_id")
        assert sorted(o.index) == ["o1", "o2", "o3"]
        assert (o.loc["o1", "status"], o.loc["o2", "status"], o.loc["o3", "refund_amount"]) == (
            "paid_unshipped", "unpaid", 0.0)
        assert o.loc["o1", "receiver_phone"] == "138****5678"  # minimised at rest (store/privacy.py)
        lines = store.dataset().lines
        assert sorted(zip(lines["order_id"], lines["sku"], lines["quantity"])) == [
            ("o1", "A", 2.0), ("o3", "B", 1.0)]
        store.undo_removal()
        store.remove_import(mon)
        # now Tuesday's state alone: Monday's phone number (Tuesday had none) goes with Monday
        o = store.dataset().orders.set_index("order_id")
        assert sorted(o.index) == ["o1", "o2", "o3", "o4"]
        assert o.loc["o1", "status"] == "shipped" and o.loc["o1", "receiver_phone"] == ""


def test_a_shared_message_stays_with_the_other_chat_log(tmp_path):
    f = files(tmp_path)
    with Store(tmp_path / "h.sqlite3") as store:
        first = store.import_result(f["chat_mon"]).id
        store.import_result(f["chat_tue"])
        stats = store.remove_import(first)
        assert (stats["messages_removed"], stats["messages_kept"]) == (0, 2)
        assert len(store.dataset().messages) == 3


def test_an_import_after_a_removal_ends_its_undo_and_a_failed_removal_changes_nothing(tmp_path, monkeypatch):
    f = files(tmp_path)
    with Store(tmp_path / "h.sqlite3") as store:
        mon = store.import_result(f["mon"]).id
        tue = store.import_result(f["tue"]).id
        store.remove_import(tue)
        store.import_result(f["chat_mon"])
        assert store.removal_to_undo() is None
        with pytest.raises(LookupError):
            store.undo_removal()
        with pytest.raises(KeyError):
            store.remove_import(999)
        before = data(store)
        from desktop_app.core.store import provenance

        def boom(*a, **k):
            raise RuntimeError("disk full")

        monkeypatch.setattr(provenance, "_remove_messages", boom)
        with pytest.raises(RuntimeError):
            store.remove_import(mon)
        assert data(store) == before and len(store.imports()) == 2


def test_two_shops_removing_either_leaves_the_other_exactly(tmp_path):
    a = export(tmp_path, "a.csv", orders=[
        order("a1", "x", "2026-11-16 09:00", "2026-11-16 09:01", status="completed", amount=10.0, shop="甲店")])
    b = export(tmp_path, "b.csv", orders=[
        dict(order("b1", "y", "2026-11-16 10:00", "2026-11-16 10:01", status="completed", amount=20.0),
             platform="pdd")])
    with Store(tmp_path / "h.sqlite3") as store:
        ia = store.import_result(a).id
        ib = store.import_result(b, shop="乙店").id
        alone_a = store.dataset(shops=["甲店"]).orders
        store.remove_import(ib)
        assert store.dataset().orders.equals(alone_a)
        assert list(store.shops()["name"]) == ["甲店"]
        store.undo_removal()
        alone_b = store.dataset(shops=["乙店"]).orders
        store.remove_import(ia)
        assert store.dataset().orders.equals(alone_b)


def test_many_shared_messages_stay_with_the_other_chat_log(tmp_path):
    # enough rows for PostgreSQL's COPY path (engine_postgres.COPY_MIN), where the messages_sources trigger's
    # work is done once for the whole file
    from pg_cases import chats_export

    with Store(tmp_path / "h.sqlite3") as store:
        first = store.import_result(chats_export(tmp_path, "a.csv", 200, start=0))
        second = store.import_result(chats_export(tmp_path, "b.csv", 200, start=100))
        assert (first.messages_new, second.messages_new) == (200, 100)
        sources = store._conn.execute("SELECT count(*), min(import_id), max(import_id) FROM message_sources").fetchone()
        assert tuple(sources) == (100, second.id, second.id)
        store.remove_import(first.id)
        texts = sorted(store.dataset().messages["text"], key=lambda t: int(t[3:]))
        assert texts == [f"msg{i}" for i in range(100, 300)]
        assert store._conn.execute("SELECT count(*) FROM message_sources").fetchone()[0] == 0
        store.undo_removal()
        assert store.totals()["messages"] == 300
        assert store._conn.execute("SELECT count(*) FROM message_sources").fetchone()[0] == 100


def test_a_very_long_chat_message_is_stored_and_de_duplicated(tmp_path):
    # PostgreSQL's btree entries hold ~2,700 bytes: its identity key hashes the texts (engine_postgres)
    from pg_cases import chats_export

    text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(15000))  # 45,000 bytes that do not compress
    long_chat = chats_export(tmp_path, "long.csv", 3)
    long_chat.messages.loc[1, "text"] = text
    again = chats_export(tmp_path, "again.csv", 3)
    again.messages.loc[1, "text"] = text
    again.path = str(tmp_path / "long.csv")  # not the same file content as far as the store knows
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(long_chat)
        (tmp_path / "long.csv").write_text("changed")
        assert store.import_result(again).messages_new == 0
        texts = store.dataset().messages["text"]
        assert len(texts) == 3 and texts.str.len().max() == 15000
