"""JD, Pinduoduo, Douyin and Shopify order exports, read from real files in tmp_path."""

from __future__ import annotations

import csv
import io

import numpy as np
import openpyxl
import pandas as pd

from desktop_app.core import schema
from desktop_app.core.importers import registry


def _csv_bytes(header, rows, encoding):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


# ---------------------------------------------------------------- JD

JD_HEADER = ["订单号", "商品ID", "商品名称", "订购数量", "支付方式", "下单时间", "京东价", "订单金额", "结算金额", "余额支付",
             "应付金额", "订单状态", "订单类型", "下单帐号", "客户姓名", "客户地址", "联系电话", "订单备注", "发票类型",
             "发票抬头", "发票内容", "商家备注", "商家备注等级（等级1-5为由高到低）", "运费金额", "付款确认时间",
             "增值税发票", "货号", "订单完成时间", "订单来源", "订单渠道"]


def _jd_row(**kw):
    row = {h: "" for h in JD_HEADER}
    row.update(kw)
    return [row[h] for h in JD_HEADER]


def test_jd_gbk_csv_multi_sku_order_deleted_prefix_and_balance(tmp_path):
    rows = [
        # order 88001: two SKU rows repeating the order-level amounts (应付 90 + 余额 10 = 100)
        _jd_row(订单号="88001", 商品ID="100012", 商品名称="电饭煲", 订购数量="1", 下单时间="2025-11-10 20:00:00",
                京东价="70", 订单金额="100", 余额支付="10", 应付金额="90", 订单状态="(删除)等待出库", 下单帐号="jd_user1",
                客户姓名="赵六", 客户地址="北京市", 联系电话="13800000000", 付款确认时间="2025-11-10 20:01:00",
                货号="RC-1", 订单备注="尽快"),
        _jd_row(订单号="88001", 商品ID="100013", 商品名称="饭勺", 订购数量="2", 下单时间="2025-11-10 20:00:00",
                京东价="15", 订单金额="100", 余额支付="10", 应付金额="90", 订单状态="(删除)等待出库", 下单帐号="jd_user1",
                客户姓名="赵六", 客户地址="北京市", 联系电话="13800000000", 付款确认时间="2025-11-10 20:01:00",
                货号="SP-2", 订单备注="尽快"),
        _jd_row(订单号="88002", 商品名称="水杯", 订购数量="1", 下单时间="2025-11-11 08:00:00", 京东价="20",
                订单金额="20", 应付金额="20", 余额支付="0", 订单状态="等待付款", 下单帐号="jd_user2", 货号="CUP"),
        _jd_row(订单号="88003", 商品名称="水杯", 订购数量="1", 下单时间="2025-11-09 08:00:00", 京东价="20",
                订单金额="20", 应付金额="20", 余额支付="0", 订单状态="完成", 下单帐号="jd_user3",
                付款确认时间="2025-11-09 08:00:10", 货号="CUP"),
        _jd_row(订单号="88004", 商品名称="水杯", 订购数量="1", 下单时间="2025-11-09 09:00:00", 京东价="20",
                订单金额="20", 应付金额="20", 余额支付="0", 订单状态="等待确认收货", 下单帐号="jd_user4",
                付款确认时间="2025-11-09 09:00:10", 货号="CUP"),
        _jd_row(订单号="88005", 商品名称="水杯", 订购数量="1", 下单时间="2025-11-09 10:00:00", 京东价="20",
                订单金额="20", 应付金额="0", 余额支付="0", 订单状态="已取消", 下单帐号="jd_user5", 货号="CUP"),
    ]
    p = tmp_path / "jd_orders.csv"
    p.write_bytes(_csv_bytes(JD_HEADER, rows, "gbk"))
    assert registry.detect(p).format_id == "jd_orders"
    res = registry.load_file(p)
    assert res.problems == []
    o = res.orders.set_index("order_id")
    assert list(o.index) == ["88001", "88002", "88003", "88004", "88005"]
    a = o.loc["88001"]
    assert a["platform"] == "jd"
    assert a["paid_amount"] == 100.0  # 应付 90 + 余额 10, taken once although two rows repeat it
    assert a["items"] == 3.0  # 1 + 2
    assert a["status"] == schema.PAID_UNSHIPPED
    assert a["status_raw"] == "(删除)等待出库"
    assert a["buyer"] == "jd_user1"
    assert a["paid"] == np.datetime64("2025-11-10T20:01:00")
    assert a["remark"] == "尽快"
    assert a["receiver_phone"] == "13800000000"
    assert o.loc["88002", "status"] == schema.UNPAID
    assert o.loc["88003", "status"] == schema.COMPLETED
    assert o.loc["88004", "status"] == schema.SHIPPED
    assert o.loc["88005", "status"] == schema.CLOSED
    ln = res.lines
    assert ln["order_id"].tolist()[:2] == ["88001", "88001"]
    assert ln["sku"].tolist()[:2] == ["RC-1", "SP-2"]
    assert ln["price"].tolist()[:2] == [70.0, 15.0]
    assert ln["quantity"].tolist()[:2] == [1.0, 2.0]
    assert len(ln) == 6


# ---------------------------------------------------------------- PDD

PDD_HEADER = ["商品", "订单号", "订单状态", "商品总价(元)", "店铺优惠折扣(元)", "平台优惠折扣(元)", "邮费(元)",
              "用户实付金额(元)", "商家实收金额(元)", "商品数量(件)", "收货人", "手机", "省", "市", "区", "街道",
              "支付时间", "拼单成功时间", "订单确认时间", "承诺发货时间", "发货时间", "确认收货时间", "商品id",
              "商品规格", "商家编码-SKU维度", "商家编码-商品维度", "快递单号", "快递公司", "商家备注", "售后状态", "买家留言"]


def _pdd_row(**kw):
    row = {h: "" for h in PDD_HEADER}
    row.update(kw)
    return [row[h] for h in PDD_HEADER]


def test_pdd_xlsx_ship_by_after_sale_refund_statuses(tmp_path):
    p = tmp_path / "pdd_orders.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PDD_HEADER)
    ws.append(_pdd_row(商品="纸巾", 订单号="251110-123456789012345", 订单状态="待发货", **{
        "商品总价(元)": 30, "用户实付金额(元)": 27.5, "商家实收金额(元)": 27.0, "商品数量(件)": 3,
        "商家编码-SKU维度": "TISSUE"}, 收货人="孙七", 手机="13700000000", 省="广东省", 市="深圳市", 区="南山区",
        街道="科技园", 支付时间="2025-11-10 12:00:00", 承诺发货时间="2025-11-12 12:00:00", 售后状态="无售后或售后取消"))
    ws.append(_pdd_row(商品="纸巾", 订单号="251110-123456789012346", 订单状态="已发货，待签收", **{
        "商品总价(元)": 10, "用户实付金额(元)": 10, "商品数量(件)": 1}, 支付时间="2025-11-09 12:00:00",
        发货时间="2025-11-09 18:00:00", 售后状态="无售后或售后取消"))
    ws.append(_pdd_row(商品="纸巾", 订单号="251110-123456789012347", 订单状态="未发货，退款成功", **{
        "商品总价(元)": 10, "用户实付金额(元)": 10, "商品数量(件)": 1}, 支付时间="2025-11-08 12:00:00",
        售后状态="退款成功"))
    ws.append(_pdd_row(商品="纸巾", 订单号="251110-123456789012348", 订单状态="已签收", **{
        "商品总价(元)": 10, "用户实付金额(元)": 10, "商品数量(件)": 1}, 支付时间="2025-11-01 12:00:00",
        售后状态="售后处理中"))
    wb.save(p)
    assert registry.detect(p).format_id == "pdd_orders"
    res = registry.load_file(p)
    assert res.problems == []
    o = res.orders.set_index("order_id")
    a = o.loc["251110-123456789012345"]
    assert a["platform"] == "pdd"
    assert a["paid_amount"] == 27.5  # 用户实付金额 (what the buyer paid)
    assert a["status"] == schema.PAID_UNSHIPPED
    assert a["ship_by"] == np.datetime64("2025-11-12T12:00:00")
    assert a["created"] == np.datetime64("2025-11-10T12:00:00")  # 支付时间 stands in for the order time
    assert a["items"] == 3.0
    assert a["receiver_address"] == "广东省深圳市南山区科技园"
    assert a["buyer"] == "孙七"  # no buyer nick in the export: the receiver
    assert a["refund_amount"] == 0.0
    assert o.loc["251110-123456789012346", "status"] == schema.SHIPPED
    assert o.loc["251110-123456789012346", "shipped"] == np.datetime64("2025-11-09T18:00:00")
    refunded = o.loc["251110-123456789012347"]
    assert refunded["status"] == schema.CLOSED
    assert refunded["refund_amount"] == 10.0  # 售后状态 退款成功 → the whole paid amount
    assert o.loc["251110-123456789012348", "status"] == schema.COMPLETED
    assert o.loc["251110-123456789012348", "refund_amount"] == 0.0  # 售后处理中 is not a refund yet
    first = res.lines.iloc[0]
    assert (first["sku"], first["title"], first["quantity"]) == ("TISSUE", "纸巾", 3.0)
    assert first["price"] == 10.0  # 商品总价 30 / 3 件


# ---------------------------------------------------------------- Douyin

DY_HEADER = ["主订单编号", "子订单编号", "选购商品", "商品规格", "商品数量", "商品ID", "商家编码", "商品单价", "商品金额",
             "订单应付金额", "运费", "收件人", "收件人手机号", "详细地址", "订单提交时间", "支付完成时间", "商家备注",
             "订单完成时间", "订单状态", "售后状态", "取消原因", "发货时间"]


def test_douyin_utf8_bom_csv_tabs_dashes_sub_orders(tmp_path):
    rows = [
        ["\t6917926768823643751", "\t6917926768823643752", "面霜", "50ml", "1", "\t3600001", "\tCREAM", "120",
         "120", "150", "0", "##密文", "$$密文", "##密文", "2025-11-11 00:01:02", "2025-11-11 00:01:30", "-", "-",
         "已发货", "-", "-", "2025-11-11 10:00:00"],
        ["\t6917926768823643751", "\t6917926768823643753", "小样", "5ml", "2", "\t3600002", "\tSAMPLE", "15",
         "30", "150", "0", "##密文", "$$密文", "##密文", "2025-11-11 00:01:02", "2025-11-11 00:01:30", "-", "-",
         "已发货", "-", "-", "2025-11-11 10:00:00"],
        ["\t6917926768823643760", "\t6917926768823643761", "面霜", "50ml", "1", "\t3600001", "\tCREAM", "120",
         "120", "120", "0", "##密文", "$$密文", "##密文", "2025-11-10 09:00:00", "2025-11-10 09:00:20", "送礼",
         "2025-11-15 09:00:00", "已关闭", "退款成功", "-", "-"],
        ["\t6917926768823643770", "\t6917926768823643771", "面霜", "50ml", "1", "\t3600001", "\tCREAM", "120",
         "120", "120", "0", "##密文", "$$密文", "##密文", "2025-11-12 09:00:00", "-", "-", "-", "待支付", "-",
         "-", "-"],
    ]
    p = tmp_path / "douyin_orders.csv"
    p.write_bytes(_csv_bytes(DY_HEADER, rows, "utf-8-sig"))
    assert registry.detect(p).format_id == "douyin_orders"
    res = registry.load_file(p)
    assert res.problems == []
    o = res.orders.set_index("order_id")
    assert list(o.index) == ["6917926768823643751", "6917926768823643760", "6917926768823643770"]
    a = o.loc["6917926768823643751"]
    assert a["platform"] == "douyin"
    assert a["paid_amount"] == 150.0  # 订单应付金额 repeated on both sub-orders, counted once
    assert a["items"] == 3.0  # 1 + 2
    assert a["status"] == schema.SHIPPED
    assert a["remark"] == ""  # "-" is empty
    assert a["receiver_phone"] == "$$密文"
    closed = o.loc["6917926768823643760"]
    assert closed["status"] == schema.CLOSED
    assert closed["refund_amount"] == 120.0
    assert closed["remark"] == "送礼"
    unpaid = o.loc["6917926768823643770"]
    assert unpaid["status"] == schema.UNPAID
    assert unpaid["paid"] is pd.NaT  # "-" → empty
    ln = res.lines
    assert ln["sku"].tolist()[:2] == ["CREAM", "SAMPLE"]  # leading tab removed
    assert ln["price"].tolist()[:2] == [120.0, 15.0]
    assert ln["quantity"].tolist()[:2] == [1.0, 2.0]


# ---------------------------------------------------------------- Shopify

SHOPIFY_HEADER = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
                  "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
                  "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
                  "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
                  "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street",
                  "Billing Address1", "Billing Phone", "Shipping Name", "Shipping Address1", "Shipping Phone",
                  "Notes", "Note Attributes", "Cancelled at", "Payment Method", "Refunded Amount", "Vendor",
                  "Id"]


def _shop_row(**kw):
    row = {h: "" for h in SHOPIFY_HEADER}
    row.update({k.replace("_", " "): v for k, v in kw.items()})
    return [row[h] for h in SHOPIFY_HEADER]


def test_shopify_csv_line_items_first_row_fields_offsets_statuses(tmp_path):
    rows = [
        _shop_row(Name="#1001", Email="ann@example.com", Financial_Status="paid",
                  Paid_at="2025-12-06 10:40:00 -0500",
                  Fulfillment_Status="unfulfilled", Currency="USD", Subtotal="45.00", Total="50.00",
                  Created_at="2025-12-06 10:37:33 -0500", Lineitem_quantity="1", Lineitem_name="Mug",
                  Lineitem_price="15.00", Lineitem_sku="MUG-1", Billing_Name="Ann Lee",
                  Shipping_Name="Ann Lee",
                  Shipping_Address1="1 Main St", Shipping_Phone="'+1 555 0100", Notes="gift wrap, please",
                  Refunded_Amount="0.00", Id="5550001"),
        # continuation row: only Name, Email, Created at and Lineitem fields
        _shop_row(Name="#1001", Email="ann@example.com", Created_at="2025-12-06 10:37:33 -0500",
                  Lineitem_quantity="2", Lineitem_name="Coaster", Lineitem_price="15.00",
                  Lineitem_sku="CST-2"),
        _shop_row(Name="#1002", Email="", Financial_Status="pending", Fulfillment_Status="unfulfilled",
                  Total="20.00", Created_at="2025-12-07 08:00:00 +0100", Lineitem_quantity="1",
                  Lineitem_name="Mug", Lineitem_price="20.00", Lineitem_sku="MUG-1", Billing_Name="Bo Chen"),
        _shop_row(Name="#1003", Email="cy@example.com", Financial_Status="refunded",
                  Paid_at="2025-12-01 09:00:00 -0500",
                  Fulfillment_Status="unfulfilled", Total="30.00", Created_at="2025-12-01 08:59:00 -0500",
                  Lineitem_quantity="1", Lineitem_name="Mug", Lineitem_price="30.00", Lineitem_sku="MUG-1",
                  Cancelled_at="2025-12-02 10:00:00 -0500", Refunded_Amount="30.00"),
        _shop_row(Name="#1004", Email="di@example.com", Financial_Status="partially_refunded",
                  Paid_at="2025-12-03 09:00:00 -0500", Fulfillment_Status="fulfilled",
                  Fulfilled_at="2025-12-04 09:00:00 -0500", Total="40.00",
                  Created_at="2025-12-03 08:59:00 -0500",
                  Lineitem_quantity="2", Lineitem_name="Mug", Lineitem_price="20.00", Lineitem_sku="MUG-1",
                  Refunded_Amount="20.00"),
    ]
    p = tmp_path / "orders_export_1.csv"
    p.write_bytes(_csv_bytes(SHOPIFY_HEADER, rows, "utf-8"))
    assert registry.detect(p).format_id == "shopify_orders"
    res = registry.load_file(p)
    assert res.problems == []
    o = res.orders.set_index("order_id")
    assert list(o.index) == ["#1001", "#1002", "#1003", "#1004"]
    # the Currency column is on #1001's first row only: the file states USD
    assert res.currencies == ("USD",)
    a = o.loc["#1001"]
    assert a["platform"] == "shopify"
    assert a["buyer"] == "ann@example.com"
    assert a["paid_amount"] == 50.0  # Total from the first row only, not summed over line rows
    assert a["items"] == 3.0  # 1 + 2 line items
    assert a["status"] == schema.PAID_UNSHIPPED
    assert a["status_raw"] == "paid / unfulfilled"
    assert a["created"] == np.datetime64("2025-12-06T10:37:33")  # wall clock kept, -0500 dropped
    assert a["paid"] == np.datetime64("2025-12-06T10:40:00")
    assert a["remark"] == "gift wrap, please"
    assert a["receiver_phone"] == "+1 555 0100"
    b = o.loc["#1002"]
    assert b["status"] == schema.UNPAID
    assert b["buyer"] == "Bo Chen"  # no e-mail: Billing Name
    assert b["created"] == np.datetime64("2025-12-07T08:00:00")
    c = o.loc["#1003"]
    assert c["status"] == schema.CLOSED
    assert c["refund_amount"] == 30.0
    assert c["status_raw"] == "refunded / unfulfilled / cancelled"
    d = o.loc["#1004"]
    assert d["status"] == schema.SHIPPED
    assert d["shipped"] == np.datetime64("2025-12-04T09:00:00")
    assert d["refund_amount"] == 20.0
    ln = res.lines
    pd.testing.assert_frame_equal(ln, schema.conform(ln, "lines"))
    pd.testing.assert_frame_equal(res.orders, schema.conform(res.orders, "orders"))
    assert ln["order_id"].tolist() == ["#1001", "#1001", "#1002", "#1003", "#1004"]
    assert ln["sku"].tolist() == ["MUG-1", "CST-2", "MUG-1", "MUG-1", "MUG-1"]
    assert ln["quantity"].tolist() == [1.0, 2.0, 1.0, 1.0, 2.0]
    assert ln["price"].tolist() == [15.0, 15.0, 20.0, 30.0, 20.0]
    assert ln["refund_amount"].tolist() == [0.0] * 5  # Shopify refunds are order-level


def test_platform_headers_do_not_cross_detect():
    from desktop_app.core.importers import orders_douyin, orders_jd, orders_pdd, orders_shopify, orders_taobao

    formats = [orders_taobao.ORDERS, orders_jd.FORMAT, orders_pdd.FORMAT, orders_douyin.FORMAT,
               orders_shopify.FORMAT]
    headers = [["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量"],
               JD_HEADER, PDD_HEADER, DY_HEADER, SHOPIFY_HEADER]
    for i, h in enumerate(headers):
        scores = [f.score(h) for f in formats]
        assert max(range(len(formats)), key=lambda j: scores[j]) == i, (i, scores)
        assert scores[i] >= 0.9
        assert sorted(scores)[-2] < 0.5  # no runner-up is accepted
