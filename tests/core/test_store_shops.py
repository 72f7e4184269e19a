"""Shops in the store: the v2 release's file migrated, shops from the files' own columns, named at import,
remembered per header signature, and each shop read alone."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from desktop_app.core.store import Store, migrations
from desktop_app.core.store.schema_shops import DEFAULT_SHOP

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

from test_store import T, export, order

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "store_v2.sqlite"


@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_store_written_by_the_previous_release_is_migrated_with_shops(tmp_path):
    shutil.copyfile(FIXTURE, tmp_path / "history.sqlite3")
    before = sqlite3.connect(FIXTURE).execute("SELECT count(*), sum(paid_amount) FROM orders").fetchone()
    assert sqlite3.connect(FIXTURE).execute("PRAGMA user_version").fetchone()[0] == 2
    with Store.open(tmp_path) as store:
        assert store.version == migrations.LATEST
        shops = store.shops()
        got = {(r.platform, r.name): (r.orders, r.messages) for r in shops.itertuples()}
        # 9003 had no 店铺名称 but its export's other order names 示例旗舰店; the PDD export names none;
        # the chat's 客服B message has no shop prefix but the log's other messages name 示例旗舰店, whose
        # platform comes from the orders
        assert got == {("taobao", "示例旗舰店"): (3, 3), ("pdd", DEFAULT_SHOP): (1, 0)}
        totals = store.totals()
        assert (totals["orders"], totals["paid_amount"]) == (before[0], before[1]) == (4, 235.5)
        flagship = store.dataset(shops=["示例旗舰店"])
        assert sorted(flagship.orders["order_id"]) == ["9001", "9002", "9003"]
        assert len(flagship.messages) == 3 and list(flagship.lines["sku"]) == ["SKU-A"]
        assert list(flagship.inventory["sku"]) == ["SKU-A"]  # the old sheet is shared by every shop
        pdd = store.dataset(shops=[("pdd", DEFAULT_SHOP)])
        assert list(pdd.orders["order_id"]) == ["P-1"] and pdd.orders["paid_amount"].sum() == 35.5
        assert len(pdd.messages) == 0
        # marks and levels are kept; each import lists its shop
        assert list(store.handled()["order_id"]) == ["9003"] and store.levels() == {"买家甲": "银卡"}
        assert sorted(store.import_shops()["import_id"]) == [1, 2, 3, 4]
    assert (tmp_path / "history.sqlite3.v2.bak").exists()


def test_shop_from_the_file_else_named_else_remembered_else_default(tmp_path):
    a = [order("a1", "x", "2026-11-16 09:00", "2026-11-16 09:01", status="paid_unshipped", amount=10.0, shop="甲店"),
         order("a2", "y", "2026-11-16 10:00", "2026-11-16 10:01", status="paid_unshipped", amount=20.0)]
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(export(tmp_path, "a.csv", orders=a), shop="乙店")
        # the file names 甲店; a2's blank cell takes the shop the user named
        assert sorted(store.dataset(shops=["甲店"]).orders["order_id"]) == ["a1"]
        assert sorted(store.dataset(shops=["乙店"]).orders["order_id"]) == ["a2"]
        # a file without any shop column: the named shop is remembered for files with its headers
        b1 = export(tmp_path, "b1.csv", orders=[order("b1", "z", "2026-11-17 09:00", amount=5.0)])
        b2 = export(tmp_path, "b2.csv", orders=[order("b2", "z", "2026-11-18 09:00", amount=6.0)])
        b1.headers = b2.headers = ("订单编号", "买家会员名", "订单创建时间")
        store.import_result(b1, shop="丙店")
        store.import_result(b2)
        assert sorted(store.dataset(shops=["丙店"]).orders["order_id"]) == ["b1", "b2"]
        c = export(tmp_path, "c.csv", orders=[order("c1", "w", "2026-11-18 10:00", amount=7.0)])
        c.headers = ("订单号", "下单时间")
        store.import_result(c)
        assert list(store.dataset(shops=["默认店铺"]).orders["order_id"]) == ["c1"]
        # a chat log: its sub-accounts' shop; the platform from the orders' shop of that name
        store.import_result(export(tmp_path, "chat.csv", messages=[
            dict(time=T("2026-11-16 08:00"), shop="甲店", buyer="x", agent="甲店:小王", sender="buyer", text="在吗")]))
        shops = store.shops()
        assert sorted(zip(shops["platform"], shops["name"], shops["orders"], shops["messages"])) == [
            ("taobao", "丙店", 2, 0), ("taobao", "乙店", 1, 0), ("taobao", "甲店", 1, 1),
            ("taobao", DEFAULT_SHOP, 1, 0)]
        both = store.dataset(shops=["甲店", "乙店"])
        assert sorted(both.orders["order_id"]) == ["a1", "a2"] and len(both.messages) == 1
        assert len(store.dataset().orders) == 5 == len(store.dataset(shops=[]).orders)  # [] = all, as the selector
        with pytest.raises(KeyError):
            store.dataset(shops=["没有的店"])


def test_chat_shop_first_then_its_orders_adopt_one_platform(tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(export(tmp_path, "chat.csv", messages=[
            dict(time=T("2026-11-16 08:00"), shop="丁店", buyer="x", agent="丁店:小王", sender="buyer", text="在吗")]))
        assert list(zip(store.shops()["platform"], store.shops()["name"])) == [("", "丁店")]
        store.import_result(export(tmp_path, "o.csv", orders=[
            order("d1", "x", "2026-11-16 09:00", "2026-11-16 09:01", status="paid_unshipped", amount=9.0, shop="丁店")]))
        shops = store.shops()
        assert list(zip(shops["platform"], shops["name"], shops["orders"], shops["messages"])) == [
            ("taobao", "丁店", 1, 1)]


def test_shop_filter_keeps_a_shops_history_and_inventory(tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(export(tmp_path, "a.csv", orders=[
            order("a0", "x", "2026-10-01 09:00", "2026-10-01 09:01", status="completed", amount=50.0, shop="甲店"),
            order("a1", "x", "2026-11-16 09:00", "2026-11-16 09:01", status="completed", amount=10.0, shop="甲店")]))
        store.import_result(export(tmp_path, "b.csv", orders=[
            order("b0", "x", "2026-10-02 09:00", "2026-10-02 09:01", status="completed", amount=70.0, shop="乙店")]))
        store.import_result(export(tmp_path, "inv_a.csv", inventory=[dict(sku="S", available=1)]), shop="甲店")
        store.import_result(export(tmp_path, "inv_b.csv", inventory=[dict(sku="S", available=9)]), shop="乙店")
        ds = store.dataset(date(2026, 11, 16), date(2026, 11, 16), history_days=365, shops=["甲店"])
        assert sorted(ds.orders["order_id"]) == ["a0", "a1"]
        assert list(ds.inventory["available"]) == [1.0]
        assert list(store.dataset(shops=["乙店"]).inventory["available"]) == [9.0]


def test_mixed_currencies_are_never_summed(tmp_path):
    from desktop_app.core.store import compute_range

    cn = export(tmp_path, "cn.csv", orders=[
        order("c1", "x", "2026-11-16 09:00", "2026-11-16 09:01", status="completed", amount=100.0, shop="甲店")])
    us = export(tmp_path, "us.csv", orders=[
        dict(order("u1", "y", "2026-11-16 10:00", "2026-11-16 10:01", status="completed", amount=7.0),
             platform="shopify")])
    us.currencies = ("USD",)
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(cn)
        store.import_result(us, shop="US store")
        assert {k: len(v) for k, v in store.currencies().items()} == {"CNY": 1, "USD": 1}
        both = compute_range(store, None, None)
        assert both.shop["sales"] is None and both.shop["orders"] == 2
        assert {u.figure for u in both.unavailable if u.reason == "mixed_currency"} >= {"sales", "aov"}
        from desktop_app.core.model.report import to_json_dict

        assert to_json_dict(both)["shop"]["sales"] is None
        alone = compute_range(store, None, None, shops=["US store"])
        assert alone.shop["sales"] == 7.0 and not alone.unavailable or all(
            u.reason != "mixed_currency" for u in alone.unavailable)
        assert compute_range(store, None, None, shops=["甲店"]).shop["sales"] == 100.0


def test_shops_given_as_a_generator_are_read_once_and_filter_like_a_list(tmp_path):
    a = [order("a1", "x", "2026-11-16 09:00", "2026-11-16 09:01", status="paid_unshipped", amount=10.0, shop="甲店"),
         order("b1", "y", "2026-11-16 10:00", "2026-11-16 10:01", status="paid_unshipped", amount=20.0, shop="乙店")]
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(export(tmp_path, "a.csv", orders=a))
        as_list = store.dataset(shops=["乙店"])
        # a generator (e.g. the selector's checked items) was consumed by a length check before: no rows
        as_generator = store.dataset(shops=(name for name in ["乙店"]))
        assert list(as_generator.orders["order_id"]) == list(as_list.orders["order_id"]) == ["b1"]
        assert len(store.dataset(shops=iter([])).orders) == 2  # an empty choice = all shops, as []
        assert list(store.dataset(shops="甲店").orders["order_id"]) == ["a1"]  # one name, not its characters
