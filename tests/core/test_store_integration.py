"""Real exports through the real importers into the store, then model.compute on the stored data.

Monday's and Tuesday's Taobao order exports (GBK CSV, order ids written as ="…" like the real
ones) both hold Monday's orders; with a plain chat log of both days. Importing both, in either
order and twice over, must give the same figures as importing only a clean export of the same data.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from desktop_app.core.dataset import Dataset
from desktop_app.core.model.compute import compute
from desktop_app.core.store import Store

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

registry = pytest.importorskip("desktop_app.core.importers.registry")

HEADER = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "收货人姓名", "收货地址 ", "联系手机",
          "订单创建时间", "订单付款时间 ", "宝贝总数量", "店铺名称", "退款金额", "总金额"]


def row(oid, buyer, paid_amount, status, created, paid="", refund="0", items="1"):
    return [f'="{oid}"', buyer, paid_amount, status, "张三", "浙江省杭州市西湖区文三路1号", "13812345678",
            created, paid, items, "好店", refund, paid_amount]


# Monday 11-16: A1 paid (chatted with 小王), A2 unpaid (bob chatted with 小李), A3 paid silently.
MONDAY = [
    row("3001", "alice", "100.00", "买家已付款，等待卖家发货", "2026-11-16 10:05:00", "2026-11-16 10:06:00"),
    row("3002", "bob", "0.00", "等待买家付款", "2026-11-16 11:00:00"),
    row("3003", "carol", "50.00", "买家已付款，等待卖家发货", "2026-11-16 12:00:00", "2026-11-16 12:01:00"),
]
# Tuesday 11-17's export holds Monday's orders in their new state and a Tuesday order.
TUESDAY = [
    row("3001", "alice", "100.00", "卖家已发货，等待买家确认", "2026-11-16 10:05:00", "2026-11-16 10:06:00"),
    row("3002", "bob", "80.00", "买家已付款，等待卖家发货", "2026-11-16 11:00:00", "2026-11-17 09:00:00"),
    row("3003", "carol", "50.00", "交易关闭", "2026-11-16 12:00:00", "2026-11-16 12:01:00", refund="50.00"),
    row("3004", "dave", "30.00", "买家已付款，等待卖家发货", "2026-11-17 14:00:00", "2026-11-17 14:01:00"),
]
CHAT_HEADER = ["时间", "买家", "客服", "发送方", "内容"]
CHAT_MON = [
    ["2026-11-16 10:00:00", "alice", "好店:小王", "买家", "在吗"],
    ["2026-11-16 10:00:05", "alice", "好店:小王", "客服", "在的亲"],
    ["2026-11-16 10:59:00", "bob", "好店:小李", "买家", "能便宜点吗"],
    ["2026-11-16 10:59:30", "bob", "好店:小李", "客服", "已经是最低价了"],
]
CHAT_TUE = CHAT_MON + [
    ["2026-11-17 13:59:00", "dave", "好店:小王", "买家", "有现货吗"],
    ["2026-11-17 13:59:08", "dave", "好店:小王", "客服", "有的"],
]


def write_csv(path, header, rows, encoding="gbk"):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def figures(results) -> dict:
    agents = results.agents.set_index("agent")
    return {
        "sales": results.shop["sales"], "paid_orders": results.shop["paid_orders"],
        "refund_orders": results.shop["refund_orders"],
        "agent_sales": agents["sales"].to_dict(), "paying": agents["paying_buyers"].to_dict(),
        "first_response": agents["first_response_mean_s"].to_dict(),
        "unshipped": sorted(results.unshipped["order_id"]), "unpaid": sorted(results.unpaid["order_id"]),
    }


@pytest.fixture
def files(tmp_path):
    return {
        "mon": write_csv(tmp_path / "ExportOrderList_1116.csv", HEADER, MONDAY),
        "tue": write_csv(tmp_path / "ExportOrderList_1117.csv", HEADER, TUESDAY),
        "chat_mon": write_csv(tmp_path / "chat_1116.csv", CHAT_HEADER, CHAT_MON, "utf-8-sig"),
        "chat_tue": write_csv(tmp_path / "chat_1117.csv", CHAT_HEADER, CHAT_TUE, "utf-8-sig"),
    }


def test_overlapping_real_exports_give_the_clean_figures(tmp_path, files):
    load = registry.load_file
    clean = compute(Dataset.from_results([load(files["tue"]), load(files["chat_tue"])]))
    expected = figures(clean)
    # By hand: paid after Tuesday 3001 100 + 3002 80 + 3003 50 + 3004 30 = 260, 4 paid orders,
    # 1 refund (3003); 小王 sold 3001 (alice) + 3004 (dave) = 130, 小李 3002 (bob) = 80;
    # 小王's first responses 5 s and 8 s -> 6.5 s; unshipped 3002 and 3004; nothing unpaid.
    assert expected["sales"] == 260 and expected["paid_orders"] == 4 and expected["refund_orders"] == 1
    assert expected["agent_sales"] == {"好店:小李": 80.0, "好店:小王": 130.0}
    assert expected["first_response"]["好店:小王"] == 6.5
    assert expected["unshipped"] == ["3002", "3004"] and expected["unpaid"] == []

    orders_of = {"forward": ["mon", "chat_mon", "tue", "chat_tue"],
                 "backward": ["chat_tue", "tue", "chat_mon", "mon"],
                 "twice": ["mon", "tue", "chat_mon", "chat_tue", "mon", "tue", "chat_tue"]}
    for name, sequence in orders_of.items():
        with Store(tmp_path / f"{name}.sqlite3") as store:
            records = [store.import_result(load(files[key])) for key in sequence]
            if name == "twice":
                assert [r.duplicate for r in records] == [False] * 4 + [True] * 3
            got = figures(compute(store.dataset()))
            assert got == expected, name
            # the range of Tuesday alone: Tuesday's order and chats
            tue = compute(store.dataset(date(2026, 11, 17), date(2026, 11, 17)))
            assert tue.shop["sales"] == 30 and list(tue.agents["agent"]) == ["好店:小王"]


def test_reimport_after_marking_keeps_marks_and_compute_sees_them(tmp_path, files):
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(registry.load_file(files["mon"]))
        store.set_handled("unshipped", "taobao", "3001", note="仓库已催", who="主管")
        store.import_result(registry.load_file(files["tue"]))
        store.import_result(registry.load_file(files["mon"]))  # an older export again: a duplicate
        results = compute(store.dataset())
        store.apply_handled(results)
        # 3001 shipped on Tuesday: it left the unshipped list; 3002 and 3004 are not handled
        assert results.unshipped["handled"].tolist() == [False, False]
        store.set_handled("unshipped", "taobao", "3002", note="已联系")
        store.apply_handled(results)
        got = dict(zip(results.unshipped["order_id"], results.unshipped["handled"]))
        assert got == {"3002": True, "3004": False}
        assert len(store.handled()) == 2
        levels_before = len(store.levels())
        store.update_levels(results.customers, [n for n, _ in results.settings.levels])
        assert len(store.levels()) >= levels_before
        again = compute(store.dataset(), previous_levels=store.levels())
        assert dict(zip(again.customers["buyer"], again.customers["level"])) == store.levels()
        assert isinstance(store.imports(), pd.DataFrame) and len(store.imports()) == 2
