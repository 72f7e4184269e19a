"""Dataset.from_results: union of imports, order/line join, duplicates, orphan lines."""

from __future__ import annotations

import openpyxl

from desktop_app.core.dataset import Dataset
from desktop_app.core.importers import registry


def _xlsx(path, rows, title="Sheet1"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


HEAD = ["订单编号", "买家会员名", "买家实付金额", "订单状态", "买家下单时间", "买家付款时间", "店铺名称"]


def test_orders_lines_join_later_file_wins_and_orphans_reported(tmp_path):
    day1 = _xlsx(tmp_path / "day1.xlsx", [HEAD, ["1", "a", 10, "买家已付款，等待卖家发货", "2025-11-01 10:00:00",
                                                 "2025-11-01 10:01:00", "店"],
                                          ["2", "b", 20, "等待买家付款", "2025-11-01 11:00:00", None, "店"]])
    day2 = _xlsx(tmp_path / "day2.xlsx", [HEAD, ["2", "b", 20, "买家已付款，等待卖家发货", "2025-11-01 11:00:00",
                                                 "2025-11-02 09:00:00", "店"]])
    items = _xlsx(tmp_path / "items.xlsx", [["订单编号", "标题", "价格", "购买数量", "商家编码", "订单状态"],
                                            ["1", "杯", 10, 1, "CUP", "交易成功"],
                                            ["2", "碗", 20, 1, "BOWL", "交易成功"],
                                            ["404", "勺", 5, 1, "SPOON", "交易成功"]], title="宝贝报表")
    results = registry.load_files([day1, day2, items])
    ds = Dataset.from_results(results)
    o = ds.orders.set_index("order_id")
    assert list(o.index) == ["1", "2"]
    assert o.loc["2", "status"] == "paid_unshipped"  # day2's row replaced day1's unpaid one
    assert str(o.loc["2", "paid"]) == "2025-11-02 09:00:00"
    assert ds.lines["order_id"].tolist() == ["1", "2", "404"]  # orphan kept, not dropped
    orphan = [p for p in ds.problems if p.value == "404"]
    assert len(orphan) == 1
    assert (orphan[0].file, orphan[0].sheet, orphan[0].row) == ("items.xlsx", "宝贝报表", 4)
    assert orphan[0].skipped is False
    assert ds.sources == [(str(day1), results[0].format_label), (str(day2), results[1].format_label),
                          (str(items), results[2].format_label)]


def test_dedicated_line_report_beats_lines_derived_from_order_rows(tmp_path):
    per_item = _xlsx(tmp_path / "per_item.xlsx", [
        HEAD + ["商家编码", "购买数量"],
        ["7", "a", 10, "交易成功", "2025-11-01 10:00:00", "2025-11-01 10:01:00", "店", "X", 1],
        ["7", "a", 5, "交易成功", "2025-11-01 10:00:00", "2025-11-01 10:01:00", "店", "Y", 1]])
    items = _xlsx(tmp_path / "items.xlsx", [["订单编号", "标题", "价格", "购买数量", "商家编码"],
                                            ["7", "杯", 10, 1, "X"], ["7", "碗", 5, 1, "Y"]])
    ds = Dataset.from_results(registry.load_files([per_item, items]))
    # 2 lines, not 4: the order's lines come from one file only (the dedicated item report)
    assert ds.lines["sku"].tolist() == ["X", "Y"]
    assert ds.lines["title"].tolist() == ["杯", "碗"]
    assert ds.orders["paid_amount"].tolist() == [15.0]  # 10 + 5
    assert not [p for p in ds.problems if "no imported order" in p.reason]


def test_messages_and_inventory_are_gathered(tmp_path):
    chats = tmp_path / "c.csv"
    chats.write_text("时间,买家,客服,发送方,内容\n2025-11-01 10:00:00,b,店:美,买家,在吗\n", encoding="utf-8")
    inv1 = _xlsx(tmp_path / "i1.xlsx", [["SKU", "库存"], ["A", 1], ["B", 2]])
    inv2 = _xlsx(tmp_path / "i2.xlsx", [["SKU", "库存"], ["A", 7]])
    ds = Dataset.from_results(registry.load_files([chats, inv1, inv2]))
    assert len(ds.messages) == 1
    inv = ds.inventory.set_index("sku")["available"].to_dict()
    assert inv == {"B": 2.0, "A": 7.0}  # the later sheet wins for A
    assert ds.has_inventory
    assert len(Dataset.from_results([]).orders) == 0
