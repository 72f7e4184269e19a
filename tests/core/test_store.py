"""The history store: idempotent imports, overlapping exports, crash safety, migrations, marks, levels.

Each "export" is a real file written to tmp_path (a GBK CSV, as Taobao writes them) plus the
normalised frames an importer produces from it; the store hashes the real file's bytes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date

import pandas as pd
import pytest

from desktop_app.core.errors import ImportCancelled, SchemaTooNew
from desktop_app.core.importers.base import ImportResult
from desktop_app.core.schema import conform
from desktop_app.core.store import Store
from desktop_app.core.store import migrations

pytestmark = pytest.mark.usefixtures("store_engine")

T = pd.Timestamp


def order(oid, buyer, created, paid=None, shipped=None, status="unpaid", amount=0.0, refund=0.0, **kw):
    return dict(platform="taobao", order_id=oid, buyer=buyer, created=T(created),
                paid=T(paid) if paid else pd.NaT, shipped=T(shipped) if shipped else pd.NaT,
                status=status, paid_amount=amount, refund_amount=refund, **kw)


def export(tmp_path, name, orders=None, lines=None, messages=None, inventory=None):
    """Write a GBK CSV holding the rows (so the bytes differ per content) and wrap the frames."""
    path = tmp_path / name
    parts = []
    kinds = []
    res = {}
    given = (("orders", orders), ("lines", lines), ("messages", messages), ("inventory", inventory))
    for kind, rows in given:
        if rows is None:
            continue
        frame = conform(pd.DataFrame(rows), kind)
        res[kind] = frame
        kinds.append(kind)
        parts.append(frame.to_csv(index=False))
    path.write_bytes("\n".join(parts).encode("gbk"))
    kind = "chats" if kinds == ["messages"] else kinds[0]
    return ImportResult(path=str(path), kind=kind, format_id="test_" + kind, format_label="测试",
                        rows_read=sum(len(f) for f in res.values()), **res)


def dump(store: Store) -> dict[str, list]:
    """Every data table's rows without the import bookkeeping, sorted (the SQLite file read on its own
    connection; on PostgreSQL the store's connection)."""
    on_file = isinstance(store.path, os.PathLike)
    conn = sqlite3.connect(store.path) if on_file else store._conn
    out = {}
    for table, cols in (("orders", "platform, order_id, buyer, created, paid, shipped, status, paid_amount,"
                                   " refund_amount, receiver_phone"),
                        ("lines", "platform, order_id, seq, sku, quantity, price"),
                        ("messages", "time, buyer, agent, sender, text"),
                        ("inventory", "sku, available"),
                        ("handled", '"check", platform, order_id, note'),
                        ("levels", "buyer, level, manual")):
        out[table] = sorted((tuple(r) for r in conn.execute(f"SELECT {cols} FROM {table}").fetchall()), key=repr)
    if on_file:
        conn.close()
    return out


# Monday's export: three Monday orders. o2 is still unpaid, o3 paid and waiting to ship.
MONDAY = [
    order("o1", "alice", "2026-11-16 09:00", "2026-11-16 09:01", status="paid_unshipped", amount=100.0,
          receiver_phone="13812345678"),
    order("o2", "bob", "2026-11-16 10:00", amount=0.0),
    order("o3", "carol", "2026-11-16 11:00", "2026-11-16 11:02", status="paid_unshipped", amount=50.0),
]
# Tuesday's export repeats Monday's orders with their new state, and one Tuesday order.
# Its file has no phone column (blank), which must not erase Monday's phone number.
TUESDAY = [
    order("o1", "alice", "2026-11-16 09:00", "2026-11-16 09:01", "2026-11-17 08:00", status="shipped",
          amount=100.0),
    order("o2", "bob", "2026-11-16 10:00", "2026-11-17 09:30", status="paid_unshipped", amount=80.0),
    order("o3", "carol", "2026-11-16 11:00", "2026-11-16 11:02", status="closed", amount=50.0, refund=50.0),
    order("o4", "dave", "2026-11-17 12:00", "2026-11-17 12:01", status="paid_unshipped", amount=30.0),
]


def sums(store: Store) -> tuple:
    ds = store.dataset()
    o = ds.orders
    return (len(o), round(o["paid_amount"].sum(), 2), round(o["refund_amount"].sum(), 2),
            int(o["paid"].notna().sum()), len(ds.lines), len(ds.messages))


def test_same_file_twice_changes_nothing(tmp_path):
    result = export(tmp_path, "ExportOrderList.csv", orders=MONDAY,
                    lines=[dict(platform="taobao", order_id="o1", sku="A", quantity=1, price=100.0)])
    with Store(tmp_path / "h.sqlite3") as store:
        first = store.import_result(result)
        before = dump(store)
        totals = store.totals()
        again = store.import_result(result)
        assert not first.duplicate and again.duplicate
        assert again.id == first.id and again.hash == first.hash
        assert dump(store) == before
        assert store.totals() == totals
        assert len(store.imports()) == 1
        # 3 orders, paid 100 + 0 + 50 = 150
        assert sums(store) == (3, 150.0, 0.0, 2, 1, 0)


def test_later_export_wins_in_either_order_and_matches_a_clean_export(tmp_path):
    mon = export(tmp_path, "mon.csv", orders=MONDAY)
    tue = export(tmp_path, "tue.csv", orders=TUESDAY)
    # Paid after Tuesday: o1 100 + o2 80 + o3 50 + o4 30 = 260; refunds: o3 50; 4 paid orders.
    expected = (4, 260.0, 50.0, 4, 0, 0)
    with Store(tmp_path / "a.sqlite3") as a, Store(tmp_path / "b.sqlite3") as b, \
            Store(tmp_path / "c.sqlite3") as clean:
        rec_mon = a.import_result(mon)
        rec_tue = a.import_result(tue)
        assert (rec_mon.orders_new, rec_tue.orders_new, rec_tue.orders_updated) == (3, 1, 3)
        b.import_result(tue)
        b.import_result(mon)  # an older export imported late must not roll statuses back
        clean.import_result(export(tmp_path, "clean.csv", orders=TUESDAY))
        assert sums(a) == sums(b) == sums(clean) == expected
        for store in (a, b):
            o = store.dataset().orders.set_index("order_id")
            assert o.loc["o1", "status"] == "shipped" and o.loc["o3", "status"] == "closed"
            # Tuesday's file had no phone: Monday's is kept (blank fields never erase stored ones)
            assert o.loc["o1", "receiver_phone"] == "138****5678"  # masked: store/privacy.py
            assert o.loc["o2", "paid"] == T("2026-11-17 09:30")


def test_lines_replaced_per_order_messages_deduplicated_inventory_replaced(tmp_path):
    msgs_mon = [dict(time=T("2026-11-16 09:00:00"), buyer="alice", agent="店:小王", sender="buyer", text="在吗"),
                dict(time=T("2026-11-16 09:00:05"), buyer="alice", agent="店:小王", sender="agent", text="在的")]
    msgs_tue = msgs_mon + [dict(time=T("2026-11-17 10:00:00"), buyer="bob", agent="店:小李", sender="buyer",
                                text="发货了吗")]
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(export(tmp_path, "m1.csv", orders=MONDAY, lines=[
            dict(platform="taobao", order_id="o1", sku="A", quantity=2, price=50.0),
            dict(platform="taobao", order_id="o3", sku="B", quantity=1, price=50.0)]))
        store.import_result(export(tmp_path, "m2.csv", orders=TUESDAY, lines=[
            dict(platform="taobao", order_id="o1", sku="A", quantity=1, price=50.0),
            dict(platform="taobao", order_id="o1", sku="C", quantity=1, price=50.0)]))
        rec1 = store.import_result(export(tmp_path, "chat1.csv", messages=msgs_mon))
        rec2 = store.import_result(export(tmp_path, "chat2.csv", messages=msgs_tue))
        assert (rec1.messages_new, rec2.messages_new) == (2, 1)  # the 2 Monday messages are not doubled
        store.import_result(export(tmp_path, "stock1.csv", inventory=[dict(sku="A", available=5),
                                                                      dict(sku="B", available=1)]))
        store.import_result(export(tmp_path, "stock2.csv", inventory=[dict(sku="A", available=3)]))
        ds = store.dataset()
        lines = ds.lines.sort_values(["order_id", "sku"])
        # o1's two Monday lines (A x2) became Tuesday's A x1 + C x1; o3 keeps its line B.
        assert list(zip(lines["order_id"], lines["sku"], lines["quantity"])) == [
            ("o1", "A", 1.0), ("o1", "C", 1.0), ("o3", "B", 1.0)]
        assert len(ds.messages) == 3
        assert ds.messages["time"].dtype == "datetime64[ns]"
        assert list(ds.inventory["sku"]) == ["A"] and list(ds.inventory["available"]) == [3.0]


def test_cancel_or_failure_part_way_leaves_store_unchanged(tmp_path, monkeypatch):
    import desktop_app.core.store.db as db

    monkeypatch.setattr(db, "CHUNK_ROWS", 2)  # several chunks from a small file
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(export(tmp_path, "mon.csv", orders=MONDAY))
        before = dump(store)
        calls = []

        def cancel_on_second_chunk():
            calls.append(1)
            return len(calls) >= 2

        with pytest.raises(ImportCancelled):
            store.import_result(export(tmp_path, "tue.csv", orders=TUESDAY),
                                should_cancel=cancel_on_second_chunk)
        assert dump(store) == before and len(store.imports()) == 1

        def boom(done, total, text):
            if done >= 2:
                raise OSError("disk full")

        with pytest.raises(OSError):
            store.import_result(export(tmp_path, "tue.csv", orders=TUESDAY), progress=boom)
        assert dump(store) == before and len(store.imports()) == 1
        # and the same file imports fine afterwards (it was not recorded as imported)
        assert not store.import_result(export(tmp_path, "tue.csv", orders=TUESDAY)).duplicate


KILL_SCRIPT = textwrap.dedent("""
    import sys, time, pathlib
    import pandas as pd
    from desktop_app.core.importers.base import ImportResult
    from desktop_app.core.schema import conform
    from desktop_app.core.store import Store

    db, marker, n = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
    orders = conform(pd.DataFrame({
        "platform": "taobao", "order_id": [f"k{i}" for i in range(n)], "buyer": "x",
        "created": pd.Timestamp("2026-11-18 10:00"), "paid": pd.Timestamp("2026-11-18 10:01"),
        "status": "paid_unshipped", "paid_amount": 1.0}), "orders")
    result = ImportResult(path="big.csv", kind="orders", format_id="test_orders", format_label="t",
                          orders=orders, rows_read=n)

    def progress(done, total, text):
        if done >= 4000 and not marker.exists():
            marker.write_text("paused")   # rows are written but not committed: now kill me
            time.sleep(120)

    with Store(db) as store:
        store.import_result(result, progress=progress)
""")


@pytest.mark.sqlite_only  # the SQLite file itself (PostgreSQL: tests/core/test_store_postgres*.py)
def test_sigkill_in_the_middle_of_an_import_keeps_the_old_data(tmp_path):
    db_path = tmp_path / "h.sqlite3"
    with Store(db_path) as store:
        store.import_result(export(tmp_path, "mon.csv", orders=MONDAY))
        before = dump(store)
    marker = tmp_path / "paused"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(db_path), str(marker), "10000"])
    try:
        for _ in range(1200):  # wait (up to ~60 s on a busy machine) for the pause
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), "the import never reached its pause point"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Store(db_path) as store:
        assert dump(store) == before
        # Monday totals still: 3 orders, 150 paid
        assert sums(store) == (3, 150.0, 0.0, 2, 0, 0)
        assert list(store.imports()["file"]) == ["mon.csv"]


@pytest.mark.sqlite_only  # the SQLite file itself (PostgreSQL: tests/core/test_store_postgres*.py)
def test_version_1_file_is_migrated_and_keeps_its_data(tmp_path):
    db_path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(db_path)
    conn.executescript(migrations.V1_DDL)
    conn.execute("INSERT INTO imports (id, file, hash, format, rows, imported_at)"
                 " VALUES (1, 'old.csv', 'abc', 'taobao_orders', 1, '2026-01-02 03:04:05')")
    conn.execute("INSERT INTO orders (platform, order_id, buyer, created, paid, status, paid_amount,"
                 " import_id)"
                 " VALUES ('taobao', 'v1', 'erin', '2026-01-01 10:00:00', '2026-01-01 10:01:00',"
                 " 'completed', 88.5, 1)")
    conn.execute("INSERT INTO levels (buyer, level, manual, at) VALUES ('erin', '高级会员', 0, '2026-01-02')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    with Store.open(tmp_path) as store:
        assert store.version == migrations.LATEST
        ds = store.dataset()
        assert list(ds.orders["order_id"]) == ["v1"] and ds.orders["paid_amount"].sum() == 88.5
        assert store.levels() == {"erin": "高级会员"}
        cols = [r[1] for r in sqlite3.connect(db_path).execute("PRAGMA table_info(imports)")]
        assert "newest" in cols
        # the version-1 order had no "newest"; a later export of it wins by import time
        store.import_result(export(tmp_path, "new.csv", orders=[
            order("v1", "erin", "2026-01-01 10:00", "2026-01-01 10:01", status="closed", amount=88.5,
                  refund=88.5)]))
        assert store.dataset().orders["status"].tolist() == ["closed"]
    assert (tmp_path / "history.sqlite3.v1.bak").exists()  # a copy taken before migrating


@pytest.mark.sqlite_only  # the SQLite file itself (PostgreSQL: tests/core/test_store_postgres*.py)
def test_newer_schema_is_refused_and_the_file_is_untouched(tmp_path):
    db_path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.commit()
    conn.close()
    original = db_path.read_bytes()
    with pytest.raises(SchemaTooNew) as info:
        Store.open(tmp_path)
    assert "newer version" in str(info.value) and str(db_path) in str(info.value)
    assert db_path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.sqlite3"]


def test_handled_marks_survive_reimport_and_fill_results(tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(export(tmp_path, "mon.csv", orders=MONDAY))
        store.set_handled("unshipped", "taobao", "o3", note="已联系仓库", who="主管")
        store.set_handled("unpaid", "taobao", "o2", note="催过")
        store.set_handled("unpaid", "taobao", "o2", handled=False)  # un-marked again
        store.import_result(export(tmp_path, "tue.csv", orders=TUESDAY))
        marks = store.handled()
        assert list(zip(marks["check"], marks["order_id"], marks["note"], marks["who"])) == [
            ("unshipped", "o3", "已联系仓库", "主管")]
        assert marks["at"].dtype == "datetime64[ns]"

        class R:  # the three check frames of a Results, as the model produces them
            unshipped = pd.DataFrame({"platform": ["taobao", "taobao"], "order_id": ["o3", "o4"],
                                      "handled": [False, False]})
            out_of_stock = pd.DataFrame({"platform": ["taobao"], "order_id": ["o3"], "handled": [False]})
            unpaid = pd.DataFrame({"platform": pd.Series([], dtype=object),
                                   "order_id": pd.Series([], dtype=object),
                                   "handled": pd.Series([], dtype=bool)})

        store.apply_handled(R)
        assert R.unshipped["handled"].tolist() == [True, False]
        assert R.out_of_stock["handled"].tolist() == [False]  # marks belong to one check only
        assert R.unpaid["handled"].dtype == bool
        with pytest.raises(ValueError):
            store.set_handled("nonsense", "taobao", "o1")


def test_levels_only_rise_on_import_but_can_be_lowered_by_hand(tmp_path):
    def customers(**levels):
        return pd.DataFrame({"buyer": list(levels), "level": list(levels.values())})

    with Store(tmp_path / "h.sqlite3") as store:
        store.update_levels(customers(alice="VIP会员", bob="普通会员"))
        # alice's computed level drops (old orders left the one-year window): the stored one stays
        store.update_levels(customers(alice="高级会员", bob="高级会员"))
        assert store.levels() == {"alice": "VIP会员", "bob": "高级会员"}
        store.set_level("alice", "普通会员", computed="VIP会员")  # lowered by hand
        store.update_levels(customers(alice="VIP会员"))  # same computed level: the hand edit holds
        assert store.levels()["alice"] == "普通会员"
        store.update_levels(customers(alice="至尊VIP会员"))  # she earned more: rises again
        assert store.levels()["alice"] == "至尊VIP会员"
        # a new buyer set by hand before any computation: the first computed level is the baseline
        store.set_level("erin", "店铺客户")
        store.update_levels(customers(erin="高级会员"))
        assert store.levels()["erin"] == "店铺客户"
        store.update_levels(customers(erin="VIP会员"))
        assert store.levels()["erin"] == "VIP会员"
        assert store.update_levels(customers(erin="VIP会员", bob="普通会员")) == 0  # nothing changes


def test_dataset_range_includes_earlier_paid_orders_for_history(tmp_path):
    history = [
        order("h1", "alice", "2026-06-01 10:00", "2026-06-01 10:01", status="completed", amount=10.0),
        order("h2", "alice", "2026-06-02 10:00", status="unpaid"),  # old unpaid: not needed
        order("h3", "bob", "2025-01-01 10:00", "2025-01-01 10:01", status="completed", amount=5.0),  # > 365 d
    ]
    msgs = [dict(time=T("2026-11-15 23:59:59"), buyer="a", agent="s:x", sender="buyer", text="早"),
            dict(time=T("2026-11-16 00:00:00"), buyer="a", agent="s:x", sender="buyer", text="在")]
    with Store(tmp_path / "h.sqlite3") as store:
        assert store.date_range() is None
        store.import_result(export(tmp_path, "old.csv", orders=history))
        store.import_result(export(tmp_path, "mon.csv", orders=MONDAY))
        store.import_result(export(tmp_path, "tue.csv", orders=TUESDAY))
        store.import_result(export(tmp_path, "chat.csv", messages=msgs))
        assert store.date_range() == (date(2025, 1, 1), date(2026, 11, 17))
        ds = store.dataset(date(2026, 11, 16), date(2026, 11, 16), history_days=365)
        # Monday's three orders + h1 (paid, within 365 days before the range)
        assert sorted(ds.orders["order_id"]) == ["h1", "o1", "o2", "o3"]
        assert ds.messages["text"].tolist() == ["在"]
        assert ds.period == (date(2026, 11, 16), date(2026, 11, 16))
        only = store.dataset(date(2026, 11, 16), date(2026, 11, 17))  # default: the range only
        assert sorted(only.orders["order_id"]) == ["o1", "o2", "o3", "o4"]
        assert len(store.dataset().orders) == 7 and len(store.dataset(end=date(2026, 6, 1)).orders) == 2
        assert [name for name, _ in ds.sources] == ["old.csv", "mon.csv", "tue.csv", "chat.csv"]


def test_line_report_beats_lines_derived_from_order_rows_and_problems_keep_any_value(tmp_path):
    from desktop_app.core.errors import RowProblem

    report = export(tmp_path, "ExportOrderDetailList.csv", lines=[
        dict(platform="taobao", order_id="o1", sku="A", quantity=2, price=50.0)])
    report.kind = "lines"
    derived = export(tmp_path, "ExportOrderList.csv", orders=TUESDAY, lines=[
        dict(platform="taobao", order_id="o1", sku="A-derived", quantity=1, price=100.0),
        dict(platform="taobao", order_id="o4", sku="D", quantity=1, price=30.0)])
    derived.problems = [RowProblem(file="ExportOrderList.csv", row=7, reason="bad amount", value=12.5),
                        RowProblem(file="ExportOrderList.csv", row=8, reason="bad time",
                                   value=T("2026-11-17 10:00"), skipped=False)]
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(report)
        store.import_result(derived)
        lines = store.dataset().lines.sort_values("order_id")
        # o1 keeps the 宝贝报表's line; o4 had none, so its derived line is taken
        assert list(zip(lines["order_id"], lines["sku"])) == [("o1", "A"), ("o4", "D")]
        assert [p["value"] for p in store.imports()["problems"][1]] == [12.5, "2026-11-17 10:00:00"]
        newer = export(tmp_path, "ExportOrderDetailList2.csv", lines=[
            dict(platform="taobao", order_id="o1", sku="B", quantity=1, price=100.0)])
        newer.kind = "lines"
        store.import_result(newer)
        lines = store.dataset().lines.sort_values("order_id")
        assert list(zip(lines["order_id"], lines["sku"])) == [("o1", "B"), ("o4", "D")]
        assert [p.row for p in store.dataset().problems] == [7, 8]


@pytest.mark.sqlite_only  # the SQLite file itself (PostgreSQL: tests/core/test_store_postgres*.py)
def test_fresh_store_backup_and_default_location(tmp_path):
    from desktop_app.core.store import DB_FILE, default_data_dir

    assert default_data_dir().name == "desktop-app" and DB_FILE == "history.sqlite3"
    with Store.open(tmp_path / "new" / "dir") as store:  # folders are created
        assert store.path == tmp_path / "new" / "dir" / "history.sqlite3"
        assert store.version == migrations.LATEST
        conn = sqlite3.connect(store.path)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()
        store.import_result(export(tmp_path, "mon.csv", orders=MONDAY))
        store.set_handled("unpaid", "taobao", "o2", note="催")
        copy = store.backup(tmp_path / "backup" / "copy.sqlite3")
    with Store(copy) as restored:
        assert sums(restored) == (3, 150.0, 0.0, 2, 0, 0)
        assert restored.handled()["order_id"].tolist() == ["o2"]


@pytest.mark.sqlite_only  # the SQLite file itself (PostgreSQL: tests/core/test_store_postgres*.py)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    from desktop_app.core.errors import InputError

    bad = tmp_path / "history.sqlite3"
    bad.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(InputError) as info:  # StoreDamaged: set it aside and start afresh, or quit
        Store(bad)
    assert str(bad) in str(info.value) and "set aside" in str(info.value)
    assert bad.read_bytes() == b"this is a spreadsheet, not a database" * 100


def test_messages_without_a_time_are_reported_not_fatal(tmp_path):
    msgs = [dict(time=T("2026-11-16 09:00:00"), buyer="a", agent="s:x", sender="buyer", text="在吗"),
            dict(time=pd.NaT, buyer="a", agent="s:x", sender="agent", text="在")]
    with Store(tmp_path / "h.sqlite3") as store:
        record = store.import_result(export(tmp_path, "chat.csv", messages=msgs))
        assert record.messages_new == 1 and record.problems == 1 and record.skipped == 1
        assert "without a time" in store.imports()["problems"][0][0]["reason"]


def test_two_connections_share_one_history(tmp_path):
    # the window and the command line may have the same file open at once
    result = export(tmp_path, "mon.csv", orders=MONDAY)
    with Store(tmp_path / "h.sqlite3") as gui, Store(tmp_path / "h.sqlite3") as cli:
        assert not gui.import_result(result).duplicate
        assert cli.import_result(result).duplicate
        cli.set_handled("unpaid", "taobao", "o2", note="催")
        assert gui.handled()["order_id"].tolist() == ["o2"]
        assert sums(cli) == sums(gui) == (3, 150.0, 0.0, 2, 0, 0)
