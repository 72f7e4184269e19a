"""Privacy at rest: the data folder and every database file private, receivers' contacts minimised.

Real SQLite files; the full values are looked for in the raw bytes of the files (the database, its -wal,
the migration copy), not only through SQL.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop_app.core.store import DB_FILE, Store, compute_range, migrations
from desktop_app.core.store.privacy import minimise_orders, province_city
from store_cases import orders_export

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

PHONE, NAME, STREET = "13812341234", "张三丰", "文三路"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _raw(*paths: Path) -> bytes:
    return b"".join(p.read_bytes() for p in paths if p.exists())


def _stored_contacts(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT DISTINCT receiver_name, receiver_phone, receiver_address FROM orders").fetchall()
    finally:
        conn.close()


@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_contacts_are_kept_only_as_far_as_the_checks_need(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 20))
        db = data / DB_FILE
        # while the store is open: the database and its -wal hold no full value
        raw = _raw(db, db.with_name(DB_FILE + "-wal"))
        for full in (PHONE, NAME, STREET):
            assert full.encode() not in raw and full.encode("gbk") not in raw
        assert store.dataset().orders["receiver_phone"].unique().tolist() == ["138****1234"]
    assert _stored_contacts(db) == [("张**", "138****1234", "浙江省杭州市****")]


@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_keep_full_contact_details_keeps_them_and_switching_it_off_minimises_them_on_disk(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, keep_full_contacts=True) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 20))
    db = data / DB_FILE
    assert _stored_contacts(db) == [(NAME, PHONE, "浙江省杭州市西湖区文三路100号")]
    assert PHONE.encode() in db.read_bytes()
    with Store.open(data) as store:  # the setting switched off again
        assert store.totals()["orders"] == 20
    assert _stored_contacts(db) == [("张**", "138****1234", "浙江省杭州市****")]
    raw = _raw(db, db.with_name(DB_FILE + "-wal"))
    assert PHONE.encode() not in raw and NAME.encode() not in raw  # rebuilt: not left in free pages


@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_a_legacy_store_is_migrated_and_its_contacts_and_its_copy_minimised(tmp_path):
    # a version-2 file as the app wrote it before contacts were minimised (this is the one test that
    # knows the privacy step came after version 2)
    data = tmp_path / "data"
    data.mkdir()
    db = data / DB_FILE
    conn = sqlite3.connect(db)
    for version in (1, 2):
        migrations.STEPS[version](conn)
    conn.execute("INSERT INTO imports (id, file, hash, format, rows, imported_at) VALUES (1, 'a.csv', 'h',"
                 " 'taobao_orders', 2, '2026-01-02 03:04:05')")
    conn.executemany(
        "INSERT INTO orders (platform, order_id, buyer, created, paid, status, paid_amount, receiver_name,"
        " receiver_phone, receiver_address, import_id) VALUES ('taobao', ?, 'erin', '2026-01-01 10:00:00',"
        " '2026-01-01 10:01:00', 'completed', 88.5, ?, ?, ?, 1)",
        [("o1", NAME, PHONE, "北京市朝阳区建国路8号"), ("o2", "", "", "")])
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    os.chmod(db, 0o644)

    with Store.open(data) as store:
        assert store.version == migrations.LATEST
        orders = store.dataset().orders.set_index("order_id")
        assert orders.loc["o1", ["receiver_name", "receiver_phone", "receiver_address"]].tolist() == \
            ["张**", "138****1234", "北京市****"]
        assert orders.loc["o2", "receiver_phone"] == ""  # empty stays empty
        assert orders["paid_amount"].sum() == 177.0
    backup = data / f"{DB_FILE}.v2.bak"
    assert backup.exists()
    for path in (db, backup):
        assert PHONE.encode() not in path.read_bytes() and NAME.encode() not in path.read_bytes(), path
    if os.name == "posix":
        assert _mode(db) == _mode(backup) == 0o600


@posix_only
@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_folder_and_files_are_private(tmp_path):
    data = tmp_path / "new" / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 3))
        store.set_handled("unpaid", "taobao", "o1", note="催")
        sides = [data / (DB_FILE + s) for s in ("-wal", "-shm")]
        assert all(p.exists() for p in sides)
        assert {p.name: _mode(p) for p in sides} == {p.name: 0o600 for p in sides}
        copy = store.backup(tmp_path / "copies" / "copy.sqlite3")
    assert _mode(data) == 0o700 and _mode(data / DB_FILE) == 0o600 and _mode(copy) == 0o600


@posix_only
@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_an_existing_world_readable_folder_and_file_are_made_private(tmp_path):
    data = tmp_path / "data"
    Store.open(data).close()
    os.chmod(data, 0o755)
    os.chmod(data / DB_FILE, 0o644)
    with Store.open(data):
        pass
    assert _mode(data) == 0o700 and _mode(data / DB_FILE) == 0o600
    # a folder the user keeps other files in (--data-dir ~/Documents) keeps its mode; the history is 0600
    shared = tmp_path / "documents"
    shared.mkdir(mode=0o755)
    (shared / "notes.txt").write_text("mine")
    os.chmod(shared, 0o755)
    with Store.open(shared):
        pass
    assert _mode(shared) == 0o755 and _mode(shared / DB_FILE) == 0o600


def test_province_and_city_of_an_address():
    cases = {
        "浙江省杭州市西湖区文三路100号": "浙江省杭州市****",
        "北京市朝阳区建国路8号": "北京市****",
        "广西壮族自治区南宁市青秀区民族大道1号": "广西壮族自治区南宁市****",
        "新疆维吾尔自治区阿克苏地区阿克苏市解放路2号": "新疆维吾尔自治区阿克苏地区****",
        "江苏省 南京市 鼓楼区 中山路3号": "江苏省 南京市****",
        "吉林省延边朝鲜族自治州延吉市": "吉林省延边朝鲜族自治州****",
        "浙江省杭州市": "浙江省杭州市",
        "1 Main St, Springfield, IL": "****, Springfield, IL",
        "浙江省杭州市****": "浙江省杭州市****",  # already minimised: unchanged
        "": "",
        None: "",
    }
    assert {k: province_city(k) for k in cases} == cases


def test_the_figures_are_the_same_with_contacts_minimised(tmp_path):
    """The sample shop in both stores: every figure of the JSON report is equal; the customer archive's
    contacts are the minimised ones."""
    from desktop_app.core.importers import registry
    from desktop_app.core.model.report import to_json_dict
    from desktop_app.core.sample import write_sample

    paths = write_sample(tmp_path / "shop")
    files = [paths[k] for k in ("orders_csv", "lines_csv", "chats_txt", "inventory_xlsx")]
    loaded = [registry.load_file(str(p)) for p in files]
    reports = {}
    customers = {}
    for keep in (True, False):
        with Store.open(tmp_path / f"store-{keep}", keep_full_contacts=keep) as store:
            for result in loaded:
                store.import_result(result)
            first, last = store.date_range()
            results = compute_range(store, first, last, update_levels=False)
        customers[keep] = results.customers.set_index("buyer")
        report = to_json_dict(results)
        report.pop("timings")
        for row in report["customers"]:
            for col in ("receiver_name", "receiver_phone", "receiver_address"):
                row.pop(col, None)
        reports[keep] = report
    assert reports[True] == reports[False]
    full, kept = customers[True], customers[False]
    assert (full["receiver_phone"] != "").sum() > 10  # the sample shop has contacts to compare
    expected = minimise_orders(full.reset_index()).set_index("buyer")
    for col in ("receiver_name", "receiver_phone", "receiver_address"):
        assert kept[col].tolist() == expected.loc[kept.index, col].tolist()
    assert kept["receiver_phone"].str.contains(r"^\d{3}\*{4}\d{4}$|^$").all()



@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_switching_full_contacts_off_also_minimises_each_imports_kept_version(tmp_path):
    """Two imports of the same orders keep both versions (store/provenance.py); those are minimised too."""
    from desktop_app.core.importers.base import ImportResult
    from store_cases import orders_frame

    data = tmp_path / "data"
    later = orders_frame(5, 0, "o")
    later["remark"] = "second export"
    path = tmp_path / "tue.csv"
    path.write_bytes(later.to_csv(index=False).encode("gbk"))
    second = ImportResult(path=str(path), kind="orders", format_id="test_orders", format_label="测试",
                          orders=later, rows_read=5)
    with Store.open(data, keep_full_contacts=True) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 5))
        store.import_result(second)
    db = data / DB_FILE
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM order_versions").fetchone()[0] == 10
        assert {r[0] for r in conn.execute("SELECT receiver_phone FROM order_versions")} == {PHONE}
    finally:
        conn.close()
    with Store.open(data) as store:  # the setting switched off again
        assert store.totals()["orders"] == 5
    conn = sqlite3.connect(db)
    try:
        assert {r[0] for r in conn.execute("SELECT receiver_phone FROM order_versions")} == {"138****1234"}
    finally:
        conn.close()
    assert PHONE.encode() not in _raw(db, db.with_name(DB_FILE + "-wal"))
