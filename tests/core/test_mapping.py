"""Column mappings for unrecognised files: suggestions, the mapped reader and the saved store."""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop_app.core import schema
from desktop_app.core.errors import MissingColumns
from desktop_app.core.importers.mapping import (
    FIELDS, ColumnMapping, MappingStore, header_signature, norm_header, read_mapped, suggest_mapping,
)
from desktop_app.core.importers.readers import read_raw_tables


def test_fields_mark_required_ones():
    req = {k: [f for f, (r, _) in v.items() if r] for k, v in FIELDS.items()}
    assert req["orders"] == ["order_id", "created", "paid_amount"]
    assert req["chats"] == ["time", "buyer", "agent", "sender"]
    assert req["inventory"] == ["sku", "available"]


def test_norm_header_is_loose():
    assert norm_header("用户实付金额（元）") == norm_header("用户实付金额(元)") == "用户实付金额"
    assert norm_header(" Paid_at ") == norm_header("paid at") == "paidat"


def test_suggest_mapping_chinese_and_english():
    m = suggest_mapping(["单号", "客户", "成交时间", "付款时间", "实收金额", "交易状态", "备注"], "orders")
    # 单号 is not a known synonym; 成交时间 is not either, so those stay for the user to pick.
    assert m == {"paid": "付款时间", "paid_amount": "实收金额", "buyer": "客户", "status": "交易状态",
                 "remark": "备注"}
    m = suggest_mapping(["Order ID", "Order Date", "Customer", "Amount", "Status"], "orders")
    assert m == {"order_id": "Order ID", "created": "Order Date", "paid_amount": "Amount",
                 "buyer": "Customer",
                 "status": "Status"}
    m = suggest_mapping(["消息时间", "顾客", "客服昵称", "发送者", "消息内容"], "chats")
    assert m == {"time": "消息时间", "agent": "客服昵称", "sender": "发送者", "text": "消息内容"}
    m = suggest_mapping(["订单付款时间(北京时间)"], "orders")  # containment match
    assert m == {"paid": "订单付款时间(北京时间)"}
    assert suggest_mapping(["SKU", "Qty Available"], "inventory") == {"sku": "SKU",
                                                                      "available": "Qty Available"}


def test_read_mapped_orders_with_status_map_and_bad_values(tmp_path):
    p = tmp_path / "erp.csv"
    p.write_text(
        "单号,客户,成交时间,金额,状态,件数\n"
        "E1,c1,2025-11-01 10:00:00,\"1,200.5\",已付,2\n"
        "E2,c2,2025-11-01 11:00,8,未付,1\n"
        "E3,c3,someday,9,已付,1\n"
        "E4,c4,2025-11-02 09:00:00,n/a,已付,1\n", encoding="utf-8")
    (t,) = read_raw_tables(p)
    mapping = ColumnMapping("orders", {"order_id": "单号", "buyer": "客户", "created": "成交时间",
                                       "paid_amount": "金额",
                                       "status": "状态", "items": "件数"},
                            status_map={"已付": schema.PAID_UNSHIPPED, "未付": schema.UNPAID})
    res = read_mapped(t, mapping)
    assert res.format_id == "mapped"
    o = res.orders.set_index("order_id")
    assert list(o.index) == ["E1", "E2", "E4"]  # E3 (row 4) has no readable order time
    assert o.loc["E1", "paid_amount"] == 1200.5
    assert o.loc["E1", "status"] == schema.PAID_UNSHIPPED
    assert o.loc["E1", "paid"] == np.datetime64("2025-11-01T10:00:00")  # paid status, no paid column
    assert o.loc["E1", "items"] == 2.0
    assert o.loc["E2", "status"] == schema.UNPAID
    assert o.loc["E4", "paid_amount"] == 0.0
    probs = {(q.row, q.column): q for q in res.problems}
    assert probs[(4, "成交时间")].skipped is True
    assert probs[(4, "成交时间")].value == "someday"
    assert probs[(5, "金额")].skipped is False
    assert probs[(5, "金额")].value == "n/a"


def test_read_mapped_incomplete_mapping_names_missing_fields(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    (t,) = read_raw_tables(p)
    with pytest.raises(MissingColumns) as err:
        read_mapped(t, ColumnMapping("orders", {"order_id": "a", "paid_amount": "zzz"}))
    assert "下单时间 / Created at" in err.value.missing
    assert "zzz" in err.value.missing
    assert "x.csv" in str(err.value)


def test_read_mapped_chats_and_inventory(tmp_path):
    p = tmp_path / "im.csv"
    p.write_text("when,who,staff,dir,msg,bot\n"
                 "2025-11-01 10:00:00,b1,店:小美,customer,在吗,no\n"
                 "2025-11-01 10:00:05,b1,店:小美,staff,您好,yes\n"
                 "2025-11-01 10:00:09,b1,店:小美,robot?,嗯,no\n", encoding="utf-8")
    (t,) = read_raw_tables(p)
    res = read_mapped(t, ColumnMapping("chats", {"time": "when", "buyer": "who", "agent": "staff",
                                                 "sender": "dir",
                                                 "text": "msg", "auto": "bot"}))
    m = res.messages
    assert m["sender"].tolist() == ["buyer", "agent"]
    assert m["auto"].tolist() == [False, True]
    assert m["shop"].tolist() == ["店", "店"]
    assert m["time"].iloc[1] == np.datetime64("2025-11-01T10:00:05")
    assert [(q.row, q.column) for q in res.problems] == [(4, "dir")]
    q = tmp_path / "wh.csv"
    q.write_text("code,qty\nA,3\nB,x\n,4\n", encoding="utf-8")
    (t,) = read_raw_tables(q)
    res = read_mapped(t, ColumnMapping("inventory", {"sku": "code", "available": "qty"}))
    assert res.inventory["sku"].tolist() == ["A", "B"]
    assert res.inventory["available"].tolist() == [3.0, 0.0]
    assert sorted((p.row, p.skipped) for p in res.problems) == [(3, False), (4, True)]


def test_mapping_store_round_trip_and_signature(tmp_path):
    path = tmp_path / "sub" / "maps.json"
    store = MappingStore(path)
    headers = ["单号", "客户", "成交时间", "金额"]
    assert store.get(headers) is None
    m = ColumnMapping("orders", {"order_id": "单号", "created": "成交时间", "paid_amount": "金额"},
                      status_map={"已付": "paid_unshipped"})
    store.save(headers, m)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data.values())[0]["headers"] == headers
    # Order and spacing of the headers do not change the signature.
    assert header_signature(["金额 ", "成交时间", "客户", "单号"]) == header_signature(headers)
    got = MappingStore(path).get(["金额", "成交时间", "客户", "单号"])
    assert got.fields == m.fields
    assert got.status_map == m.status_map
    assert store.get(["单号", "客户"]) is None  # different header row
    store.forget(headers)
    assert store.get(headers) is None


def test_mapped_status_without_a_status_map_uses_known_words(tmp_path):
    p = tmp_path / "erp.csv"
    p.write_text("id,date,amount,state\n1,2025-11-01 10:00:00,5,交易成功\n2,2025-11-01 10:00:00,5,Cancelled\n"
                 "3,2025-11-01 10:00:00,5,等待出库\n4,,5,paid\n", encoding="utf-8")
    (t,) = read_raw_tables(p)
    res = read_mapped(t, ColumnMapping("orders", {"order_id": "id", "created": "date",
                                                  "paid_amount": "amount",
                                                  "status": "state"}))
    assert res.orders["status"].tolist() == [schema.COMPLETED, schema.CLOSED, schema.PAID_UNSHIPPED]
    (prob,) = res.problems  # row 5: no order time
    assert (prob.row, prob.column, prob.skipped) == (5, "date", True)
    assert "no order time" in prob.reason
