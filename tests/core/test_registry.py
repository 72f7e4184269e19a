"""registry.detect / load_file / load_files on real files of every kind."""

from __future__ import annotations

import pytest

from desktop_app.core import schema
from desktop_app.core.errors import ImportCancelled, UnrecognisedFormat
from desktop_app.core.importers import registry
from desktop_app.core.importers.mapping import ColumnMapping, MappingStore
from workbooks import write_xlsx


ORDER_SHEET = [
    ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "发货时间", "确认收货时间",
     "打款商家金额", "收货地址", "宝贝总数量", "店铺名称"],
    ["5001", "tb_x", 99, "交易成功", "2025-11-01 10:00:00", "2025-11-01 10:01:00", "2025-11-02 10:00:00",
     "2025-11-05 10:00:00", 99, "杭州", 2, "店"],
    ["5002", "tb_y", 10, "买家已付款，等待卖家发货", "2025-11-03 10:00:00", "2025-11-03 10:01:00", None, None, 0,
     "上海", 1, "店"],
]
LINE_SHEET = [
    ["主订单编号", "商品属性", "商家编码", "购买数量", "标题", "价格", "退款金额", "订单状态"],
    ["5001", "颜色:红", "SKU-A", 1, "杯子", 49.5, 0, "交易成功"],
    ["5001", "颜色:蓝", "SKU-B", 1, "杯子", 49.5, 0, "交易成功"],
    ["5002", "", "SKU-C", 1, "碗", 10, 0, "买家已付款，等待卖家发货"],
]


def test_qianniu_workbook_with_order_and_line_sheets_gives_orders_and_lines(tmp_path):
    p = write_xlsx(tmp_path / "千牛订单.xlsx", {"订单报表": ORDER_SHEET, "销售明细": LINE_SHEET,
                                           "发货报表": [["收货人姓名", "联系手机"], ["张", "138"]]})
    det = registry.detect(p)
    assert (det.format_id, det.sheet, det.kind) == ("taobao_orders", "订单报表", "orders")
    res = registry.load_file(p)
    assert res.kind == "orders"
    assert res.orders["order_id"].tolist() == ["5001", "5002"]
    assert res.orders["shipped"].notna().tolist() == [True, False]
    assert res.lines["order_id"].tolist() == ["5001", "5001", "5002"]
    assert res.lines["sku"].tolist() == ["SKU-A", "SKU-B", "SKU-C"]
    assert "订单报表" in res.format_label and "宝贝报表" in res.format_label
    assert res.rows_read == 2 + 3


def test_detect_each_kind(tmp_path):
    chats = tmp_path / "chats.csv"
    chats.write_text("时间,买家,客服,发送方,内容,自动回复\n2025-11-01 10:00:00,b1,店:小美,买家,在吗,0\n"
                     "2025-11-01 10:00:09,b1,店:小美,客服,在的,0\n", encoding="utf-8-sig")
    assert registry.detect(chats).kind == "chats"
    res = registry.load_file(chats)
    assert res.kind == "chats"
    assert res.messages["sender"].tolist() == ["buyer", "agent"]
    inv = write_xlsx(tmp_path / "stock.xlsx", {"库存": [["商家编码", "可用库存", "标题"], ["SKU-A", 5, "杯子"]]})
    assert registry.detect(inv).kind == "inventory"
    res = registry.load_file(inv)
    assert res.inventory["sku"].tolist() == ["SKU-A"]
    assert res.inventory["available"].tolist() == [5.0]
    txt = tmp_path / "聊天记录.txt"
    txt.write_bytes("tb_buyer 2025-11-01 10:00:00\r\n在吗\r\n示例店:小美 2025-11-01 10:00:08\r\n在的亲\r\n"
                    .encode("gbk"))
    det = registry.detect(txt)
    assert (det.format_id, det.kind) == ("qianniu_text", "chats")
    res = registry.load_file(txt)
    assert res.kind == "chats"
    assert len(res.messages) == 2


def test_unrecognised_file_raises_with_headers_and_a_saved_mapping_is_reused(tmp_path):
    p = tmp_path / "erp_export.csv"
    p.write_text("单号,客户,成交时间,金额,状态\nE1,c1,2025-11-01 10:00:00,12.5,已付\nE2,c2,2025-11-01 11:00:00,8,未付\n",
                 encoding="utf-8")
    with pytest.raises(UnrecognisedFormat) as err:
        registry.detect(p)
    assert err.value.headers == ["单号", "客户", "成交时间", "金额", "状态"]
    assert "erp_export.csv" in str(err.value)
    assert "column-mapping" in str(err.value)
    store = MappingStore(tmp_path / "mappings.json")
    with pytest.raises(UnrecognisedFormat):
        registry.load_file(p, store=store)
    mapping = ColumnMapping("orders", {"order_id": "单号", "buyer": "客户", "created": "成交时间",
                                       "paid_amount": "金额", "status": "状态"},
                            status_map={"已付": schema.PAID_UNSHIPPED, "未付": schema.UNPAID})
    forced = registry.load_file(p, mapping=mapping)
    assert forced.format_id == "mapped"
    assert forced.orders["status"].tolist() == [schema.PAID_UNSHIPPED, schema.UNPAID]
    store.save(err.value.headers, mapping)
    again = registry.load_file(p, store=store)  # same headers: no dialog needed
    assert again.format_id == "mapped"
    assert again.orders["order_id"].tolist() == ["E1", "E2"]
    assert again.orders["paid_amount"].tolist() == [12.5, 8.0]


def test_dropped_rows_reach_the_result(tmp_path):
    rows = ORDER_SHEET + [[None] * 12, ["合计", None, 109]]
    p = write_xlsx(tmp_path / "with_footer.xlsx", {"订单报表": [["已卖出的宝贝"]] + rows})
    res = registry.load_file(p)
    assert res.orders["order_id"].tolist() == ["5001", "5002"]
    reasons = {q.row: q.reason for q in res.problems}
    assert set(reasons) == {5, 6}  # title row 1, header row 2, data 3-4, blank 5, footer 6
    assert res.rows_skipped == 2


def test_load_files_progress_and_cancel(tmp_path):
    a = write_xlsx(tmp_path / "a.xlsx", {"订单报表": ORDER_SHEET})
    b = write_xlsx(tmp_path / "b.xlsx", {"销售明细": LINE_SHEET})
    seen = []
    results = registry.load_files([a, b], progress=lambda d, t, s: seen.append((d, t)))
    assert [r.kind for r in results] == ["orders", "lines"]
    assert seen[-1] == (2000, 2000)
    assert all(0 <= d <= t for d, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with pytest.raises(ImportCancelled):
        registry.load_files([a, b], should_cancel=lambda: True)


def test_load_file_progress_moves_forward_only(tmp_path):
    p = write_xlsx(tmp_path / "orders.xlsx", {"订单报表": ORDER_SHEET, "销售明细": LINE_SHEET})
    seen = []
    registry.load_file(p, progress=lambda d, t, s: seen.append((d, t)))
    assert all(t == 1000 for _, t in seen)
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert done[-1] == 1000
