"""compute() on real files: a GBK Taobao 订单报表 CSV and a plain chat log, read by the importers."""

import csv

import openpyxl
import pandas as pd
import pytest

from desktop_app.core.dataset import Dataset
from desktop_app.core.errors import ImportCancelled
from desktop_app.core.importers.registry import load_files
from desktop_app.core.model.compute import STAGES, compute, data_as_of
from desktop_app.core.model.results import AGENT_COLUMNS, SHOP_KEYS, Results
from desktop_app.core.model.quality_summary import AGENT_QUALITY_COLUMNS
from desktop_app.core.model.settings import DEFAULT_SETTINGS, ModelSettings

ORDER_HEADER = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间 ", "宝贝总数量",
                "退款金额", "收货人姓名", "联系手机", "收货地址"]


def write_orders(path, rows):
    """Taobao 订单报表 as the seller centre writes it: GBK, ="…" order numbers, a header with a trailing space."""
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ORDER_HEADER)
        for oid, buyer, amount, status, created, paid, items, refund in rows:
            w.writerow([f'="{oid}"', buyer, amount, status, created, paid, items, refund, "测试", "13800000000",
                        "某市"])


def write_chats_xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "聊天记录"
    ws.append(["时间", "买家", "客服", "发送方", "内容", "自动回复"])
    for r in rows:
        ws.append(list(r))
    wb.save(path)


@pytest.fixture()
def files(tmp_path):
    orders = tmp_path / "ExportOrderList202603031200.csv"
    write_orders(orders, [
        ("2026030200001", "tb_b1", "200.00", "交易成功", "2026-03-02 10:10:00", "2026-03-02 10:11:00", "2",
         "0.00"),
        ("2026030200002", "tb_b2", "100.00", "交易关闭", "2026-03-02 11:30:00", "2026-03-02 11:31:00", "1",
         "100.00"),
        ("2026030200003", "tb_b3", "50.00", "买家已付款，等待卖家发货", "2026-03-02 14:00:00", "2026-03-02 14:01:00",
         "1", "0.00"),
        ("2026030200004", "tb_b4", "0.00", "等待买家付款", "2026-03-03 09:00:00", "", "1", "0.00"),
    ])
    chats = tmp_path / "聊天记录.xlsx"
    write_chats_xlsx(chats, [
        ("2026-03-02 10:00:00", "tb_b1", "小店:小王", "买家", "在吗", "否"),
        ("2026-03-02 10:00:01", "tb_b1", "小店:小王", "客服", "您好，欢迎光临", "是"),
        ("2026-03-02 10:00:06", "tb_b1", "小店:小王", "客服", "在的亲", "否"),  # 6 s (auto at 1 s ignored)
        ("2026-03-02 11:00:00", "tb_b2", "小店:小李", "买家", "在吗", "否"),
        ("2026-03-02 11:00:20", "tb_b2", "小店:小李", "客服", "在", "否"),  # 20 s
        ("2026-03-03 09:30:00", "tb_b4", "小店:小王", "客服", "亲，还没付款哦", "否"),  # 催付, outbound
    ])
    return orders, chats


def test_compute_on_real_files(files):
    ds = Dataset.from_results(load_files([str(p) for p in files]))
    assert len(ds.orders) == 4 and len(ds.messages) == 6
    seen = []
    res = compute(ds, progress=lambda d, t, text: seen.append((d, t, text)))
    assert isinstance(res, Results)
    # as-of = newest timestamp in the data: the 催付 message at 2026-03-03 09:30
    assert res.as_of == pd.Timestamp("2026-03-03 09:30:00") == data_as_of(ds)
    assert [s[0] for s in seen] == list(range(len(STAGES) + 1)) and seen[-1][0] == seen[-1][1]
    assert set(res.timings) >= {k for k, _ in STAGES} | {"total"}
    # AGENT_COLUMNS first; the quality stage adds its scorecard columns after them (issue 13)
    assert list(res.agents.columns) == AGENT_COLUMNS + AGENT_QUALITY_COLUMNS
    ag = res.agents.set_index("agent")
    assert ag.loc["小店:小王", "first_response_mean_s"] == 6.0
    assert ag.loc["小店:小李", "first_response_mean_s"] == 20.0
    assert ag.loc["小店:小王", "sales"] == 200.0 and ag.loc["小店:小李", "sales"] == 100.0
    # order 2 was refunded in full: 小李's refund rate 1/1, amount rate 100/100
    assert ag.loc["小店:小李", "refund_rate"] == 1.0 and ag.loc["小店:小李", "refund_amount_rate"] == 1.0
    assert ag.loc["小店:小王", "reminded_orders"] == 1 and ag.loc["小店:小王", "reminded_paid_orders"] == 0
    s = res.shop
    assert set(SHOP_KEYS) <= set(s)
    # orders 4, paid 3 (200 + 100 + 50 = 350), paying buyers 3 -> AOV 350/3; silent = tb_b3's 50
    assert (s["orders"], s["paid_orders"], s["sales"], s["paying_buyers"]) == (4, 3, 350.0, 3)
    assert s["aov"] == pytest.approx(350 / 3) and s["payment_rate"] == 0.75
    assert (s["silent_sales"], s["inquiry_sales"]) == (50.0, 300.0)
    # order 3 is paid and not shipped: on the unshipped list (the checks engineer's module)
    assert s["unshipped"] == 1 and res.unshipped["order_id"].tolist() == ["2026030200003"]
    assert len(res.customers) >= 3


def test_explicit_as_of_reads_the_data_as_it_was(files):
    ds = Dataset.from_results(load_files([str(p) for p in files]))
    # at 10:30 on Monday only order 1 existed (created 10:10, paid 10:11); the rest is the future
    res = compute(ds, DEFAULT_SETTINGS.replace(as_of="2026-03-02 10:30:00"))
    assert res.as_of == pd.Timestamp("2026-03-02 10:30:00")
    assert (res.shop["orders"], res.shop["sales"]) == (1, 200.0)
    assert res.agents["agent"].tolist() == ["小店:小王"]  # 小李's chat at 11:00 had not happened


def test_platform_reading_is_labelled(files):
    ds = Dataset.from_results(load_files([str(p) for p in files]))
    res = compute(ds, ModelSettings.platform_preset())
    assert res.settings.reading == "platform" and res.settings.response_cap_s == 600.0


def test_cancel_between_stages(files):
    ds = Dataset.from_results(load_files([str(p) for p in files]))
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) >= 3  # let two stages start, stop before the third

    with pytest.raises(ImportCancelled):
        compute(ds, should_cancel=cancel)


def test_empty_dataset():
    res = compute(Dataset())
    assert len(res.agents) == 0 and res.shop["orders"] == 0
    # AGENT_COLUMNS first; the quality stage adds its scorecard columns after them (issue 13)
    assert list(res.agents.columns) == AGENT_COLUMNS + AGENT_QUALITY_COLUMNS


def test_compute_leaves_the_dataset_as_it_was():
    # the window keeps a Dataset between runs (a changed setting recomputes on the same frames)
    from desktop_app.core.dataset import Dataset
    from desktop_app.core.model.compute import compute
    from desktop_app.core.model.settings import ModelSettings
    from desktop_app.core.sample import generate_frames

    orders, lines, messages, inventory = generate_frames(2_000, 10_000)
    ds = Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)
    before = {name: getattr(ds, name).copy(deep=True) for name in ("orders", "lines", "messages", "inventory")}
    as_of = str(orders["created"].quantile(0.9).floor("s"))
    first = compute(ds, ModelSettings(as_of=as_of))  # the explicit as-of path rewinds payments (on a copy)
    compute(ds)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(ds, name), frame)
    again = compute(ds, ModelSettings(as_of=as_of))
    pd.testing.assert_frame_equal(first.agents, again.agents)
    assert first.shop == again.shop or all(
        (a == b) or (a != a and b != b) for a, b in zip(first.shop.values(), again.shop.values()))
