"""Taobao/Tmall 订单报表 and 宝贝报表, read from real GBK CSV and xlsx files in tmp_path."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import openpyxl
import pytest

from desktop_app.core import schema
from desktop_app.core.errors import MissingColumns
from desktop_app.core.importers import orders_taobao, registry
from desktop_app.core.importers.readers import read_raw_tables

# v2 header (GBK CSV era) — trailing spaces are real.
V2 = ["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "买家支付积分", "总金额", "返点积分",
      "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言", "收货人姓名", "收货地址 ", "运送方式", "联系电话 ",
      "联系手机", "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注",
      "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "卖家服务费", "买家服务费", "发票抬头", "是否手机订单",
      "分阶段订单信息", "退款金额", "确认收货时间", "打款商家金额"]


def _row(**kw):
    base = {h.strip(): "" for h in V2}
    base.update(kw)
    return [base[h.strip()] for h in V2]


def _csv(path, header, rows, encoding="gbk"):
    def q(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v
    text = ",".join(header) + "\r\n" + "".join(",".join(q(v) for v in r) + "\r\n" for r in rows)
    path.write_bytes(text.encode(encoding))
    return path


def _v2_file(tmp_path):
    rows = [
        # row 2: paid, unshipped; id written as ="…" ; amount as text with ￥ and comma
        _row(订单编号='="1930679858170647"', 买家会员名="tb_alice", 买家实际支付金额="￥1,234.50",
             订单状态="买家已付款，等待卖家发货", 收货人姓名="张三", 联系手机="'13800138000", 收货地址="浙江省 杭州市",
             订单创建时间="2025-11-02 10:00:00", 订单付款时间="2025-11-02 10:05:00", 宝贝总数量="2",
             店铺名称="示例旗舰店", 订单备注="加急", 买家留言="周末送", 退款金额="0"),
        # row 3: unpaid, time without seconds, ASCII comma never matters here
        _row(订单编号='="1930679858170648"', 买家会员名="tb_bob", 买家实际支付金额="0.00", 订单状态="等待买家付款",
             订单创建时间="2025/11/3 9:07", 订单付款时间="", 宝贝总数量="1", 店铺名称="示例旗舰店", 退款金额="0"),
        # row 4: shipped, status with an ASCII comma
        _row(订单编号='="1930679858170649"', 买家会员名="tb_carol", 买家实际支付金额="80",
             订单状态="卖家已发货,等待买家确认", 订单创建时间="2025-11-03 11:00:00",
             订单付款时间="2025-11-03 11:00:30", 宝贝总数量="1", 店铺名称="示例旗舰店", 退款金额="0"),
        # row 5: completed with a partial refund
        _row(订单编号='="1930679858170650"', 买家会员名="tb_dave", 买家实际支付金额="100", 订单状态="交易成功",
             订单创建时间="2025-11-01 08:00:00", 订单付款时间="2025-11-01 08:01:00", 宝贝总数量="3",
             店铺名称="示例旗舰店", 退款金额="20.5"),
        # row 6: closed
        _row(订单编号='="1930679858170651"', 买家会员名="tb_erin", 买家实际支付金额="0", 订单状态="交易关闭",
             订单创建时间="2025-11-01 09:00:00", 宝贝总数量="1", 店铺名称="示例旗舰店", 退款金额="0"),
        # row 7: pre-sale (分阶段订单信息 filled), deposit paid, 尾款 pending
        _row(订单编号='="1930679858170652"', 买家会员名="tb_fay", 买家实际支付金额="10", 订单状态="买家已付款，等待卖家发货",
             订单创建时间="2025-11-04 20:00:00", 订单付款时间="2025-11-04 20:01:00", 宝贝总数量="1",
             店铺名称="示例旗舰店", 分阶段订单信息="定金已付,尾款11月11日", 退款金额="0"),
    ]
    return _csv(tmp_path / "ExportOrderList202511051200.csv", V2, rows)


def test_v2_gbk_csv_parsed_value_by_value(tmp_path):
    p = _v2_file(tmp_path)
    det = registry.detect(p)
    assert det.format_id == "taobao_orders"
    assert det.score >= 0.9
    res = registry.load_file(p)
    assert res.kind == "orders"
    assert res.problems == []
    assert res.lines is None  # an order-level report has no line columns
    o = res.orders.set_index("order_id")
    assert list(res.orders.columns) == list(schema.ORDER_COLUMNS)
    pd.testing.assert_frame_equal(res.orders, schema.conform(res.orders, "orders"))  # exact schema dtypes
    assert list(o.index) == [str(1930679858170647 + i) for i in range(6)]
    a = o.loc["1930679858170647"]
    assert a["platform"] == "taobao"
    assert a["shop"] == "示例旗舰店"
    assert a["buyer"] == "tb_alice"
    assert a["paid_amount"] == 1234.5
    assert a["status"] == schema.PAID_UNSHIPPED
    assert a["status_raw"] == "买家已付款，等待卖家发货"
    assert a["created"] == np.datetime64("2025-11-02T10:00:00")
    assert a["paid"] == np.datetime64("2025-11-02T10:05:00")
    assert a["items"] == 2.0
    assert a["remark"] == "加急 / 周末送"  # 订单备注 + 买家留言
    assert a["receiver_name"] == "张三"
    assert a["receiver_phone"] == "13800138000"  # apostrophe stripped
    assert a["receiver_address"] == "浙江省 杭州市"  # header had a trailing space
    assert not a["presale"]
    b = o.loc["1930679858170648"]
    assert b["status"] == schema.UNPAID
    assert b["created"] == np.datetime64("2025-11-03T09:07:00")  # no seconds in the file
    assert b["paid"] is pd.NaT
    assert o.loc["1930679858170649", "status"] == schema.SHIPPED  # ASCII comma
    d = o.loc["1930679858170650"]
    assert d["status"] == schema.COMPLETED
    assert d["refund_amount"] == 20.5
    assert o.loc["1930679858170651", "status"] == schema.CLOSED
    assert o.loc["1930679858170652", "presale"]


def test_newest_naming_xlsx_one_row_per_item_folds_into_orders_and_lines(tmp_path):
    p = tmp_path / "已卖出的宝贝.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "订单报表"
    ws.append(["订单编号", "买家会员名", "买家实付金额", "订单状态", "买家下单时间", "买家付款时间", "发货时间",
               "商品标题", "商家编码", "购买数量", "价格", "退款金额", "店铺名称", "卖家备注"])
    # order 3001: two items; the second was refunded (line status 交易关闭) → order stays completed
    ws.append(["3001", "tb_g", 60, "交易成功", dt.datetime(2025, 11, 5, 9, 0), dt.datetime(2025, 11, 5, 9, 1),
               dt.datetime(2025, 11, 6, 9, 0), "T恤", "SKU-T", 2, 30, 0, "示例店", ""])
    ws.append(["3001", "tb_g", 40, "交易关闭", dt.datetime(2025, 11, 5, 9, 0), dt.datetime(2025, 11, 5, 9, 1),
               None, "裤子", "SKU-P", 1, 40, 40, "示例店", ""])
    # order 3002: one line shipped, one waiting → the order is still paid_unshipped
    ws.append(["3002", "tb_h", 10, "卖家已发货，等待买家确认", "2025-11-07 10:00", "2025-11-07 10:02",
               "2025-11-07 15:00", "袜子", "SKU-S", 1, 10, 0, "示例店", "赠品"])
    ws.append(["3002", "tb_h", 20, "买家已付款，等待卖家发货", "2025-11-07 10:00", "2025-11-07 10:02", None,
               "帽子", "SKU-H", 1, 20, 0, "示例店", "赠品"])
    wb.save(p)
    res = registry.load_file(p)
    assert res.format_id == "taobao_orders"
    o = res.orders.set_index("order_id")
    assert list(o.index) == ["3001", "3002"]
    # 3001: paid 60 + 40 = 100, refund 0 + 40 = 40, items 2 + 1 = 3
    assert o.loc["3001", "paid_amount"] == 100.0
    assert o.loc["3001", "refund_amount"] == 40.0
    assert o.loc["3001", "items"] == 3.0
    assert o.loc["3001", "status"] == schema.COMPLETED  # the closed line does not close the order
    assert o.loc["3001", "status_raw"] == "交易成功; 交易关闭"
    assert o.loc["3001", "shipped"] == np.datetime64("2025-11-06T09:00:00")
    assert o.loc["3002", "status"] == schema.PAID_UNSHIPPED  # least advanced open line
    assert o.loc["3002", "paid_amount"] == 30.0  # 10 + 20
    assert o.loc["3002", "created"] == np.datetime64("2025-11-07T10:00:00")
    assert o.loc["3002", "remark"] == "赠品"
    ln = res.lines
    assert list(ln.columns) == list(schema.LINE_COLUMNS)
    assert ln["sku"].tolist() == ["SKU-T", "SKU-P", "SKU-S", "SKU-H"]
    assert ln["order_id"].tolist() == ["3001", "3001", "3002", "3002"]
    assert ln["quantity"].tolist() == [2.0, 1.0, 1.0, 1.0]
    assert ln["price"].tolist() == [30.0, 40.0, 10.0, 20.0]
    assert ln["refund_amount"].tolist() == [0.0, 40.0, 0.0, 0.0]
    assert ln["status_raw"].tolist()[1] == "交易关闭"


def test_item_report_export_order_detail_list_is_lines(tmp_path):
    header = ["订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态", "商家编码"]
    rows = [['="1930679858170647"', "连衣裙", "99.00", "2", "", "颜色分类:红色;尺码:M", "", "", "交易成功", "DRESS-R-M"],
            ['="1930679858170647"', "腰带", "10", "1", "", "", "", "", "交易成功", "BELT"]]
    p = _csv(tmp_path / "ExportOrderDetailList201903121048.csv", header, rows)
    det = registry.detect(p)
    assert (det.format_id, det.kind) == ("taobao_lines", "lines")
    res = registry.load_file(p)
    assert res.kind == "lines"
    assert res.orders is None
    assert res.lines["order_id"].tolist() == ["1930679858170647", "1930679858170647"]
    assert res.lines["sku"].tolist() == ["DRESS-R-M", "BELT"]
    assert res.lines["price"].tolist() == [99.0, 10.0]
    assert res.lines["quantity"].tolist() == [2.0, 1.0]


def test_item_report_with_main_order_number_export_iteml_list(tmp_path):
    header = ["子订单编号", "主订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注",
              "订单状态", "商家编码", "支付单号", "买家应付货款", "买家实际支付金额", "退款状态", "退款金额",
              "订单创建时间", "订单付款时间"]
    rows = [["\t111", "\t100", "杯子", "25", "2", "", "", "", "", "交易成功", "CUP", "", "50", "50", "退款成功", "25",
             "2025-11-01 10:00:00", "2025-11-01 10:01:00"]]
    p = _csv(tmp_path / "ExportItemlList202608111558.csv", header, rows)
    assert registry.detect(p).format_id == "taobao_lines"
    res = registry.load_file(p)
    assert res.lines.iloc[0].to_dict() == {
        "platform": "taobao", "order_id": "100", "sku": "CUP", "title": "杯子", "quantity": 2.0, "price": 25.0,
        "refund_amount": 25.0, "status_raw": "交易成功"}


def test_unparseable_date_in_row_n_is_a_row_problem(tmp_path):
    rows = [_row(订单编号="1001", 买家会员名="a", 买家实际支付金额="5", 订单状态="交易成功",
                 订单创建时间="2025-11-01 10:00:00", 订单付款时间="2025-11-01 10:00:05"),
            _row(订单编号="1002", 买家会员名="b", 买家实际支付金额="6", 订单状态="交易成功",
                 订单创建时间="昨天下午", 订单付款时间="2025-11-01 10:00:05"),
            _row(订单编号="1003", 买家会员名="c", 买家实际支付金额="7", 订单状态="交易成功",
                 订单创建时间="2025-11-01 11:00:00", 订单付款时间="not a time")]
    p = _csv(tmp_path / "orders.csv", V2, rows)
    res = registry.load_file(p)
    assert res.orders["order_id"].tolist() == ["1001", "1003"]  # row 3 skipped
    assert res.rows_read == 3
    assert res.rows_skipped == 1
    by_row = {q.row: q for q in res.problems}
    bad_created = by_row[3]
    assert (bad_created.column, bad_created.value, bad_created.skipped) == ("订单创建时间", "昨天下午", True)
    assert bad_created.file == "orders.csv"
    assert "row 3" in bad_created.describe()
    bad_paid = by_row[4]
    assert (bad_paid.column, bad_paid.value, bad_paid.skipped) == ("订单付款时间", "not a time", False)
    # row 4's payment time is blanked but its status still says paid: the order time stands in.
    o = res.orders.set_index("order_id")
    assert o.loc["1003", "paid"] == np.datetime64("2025-11-01T11:00:00")


def test_missing_required_column_lists_it_with_a_hint(tmp_path):
    header = ["订单编号", "买家会员名", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量", "收货地址", "店铺名称"]
    p = _csv(tmp_path / "cut.csv", header, [["1", "a", "交易成功", "2025-11-01 10:00:00", "", "1", "x", "s"]])
    assert registry.detect(p).format_id == "taobao_orders"  # recognised by its other headers
    with pytest.raises(MissingColumns) as err:
        registry.load_file(p)
    assert err.value.missing == ["买家实际支付金额 / 买家实付金额"]
    assert "cut.csv" in str(err.value)
    assert "row 1" in str(err.value)
    assert "Export the full report again" in str(err.value)


def test_float_ified_ids_are_flagged_not_silently_wrong(tmp_path):
    rows = [_row(订单编号="1.93068E+15", 买家会员名="a", 买家实际支付金额="5", 订单状态="交易成功",
                 订单创建时间="2025-11-01 10:00:00", 订单付款时间="2025-11-01 10:00:05")]
    p = _csv(tmp_path / "resaved.csv", V2, rows)
    res = registry.load_file(p)
    assert res.orders["order_id"].tolist() == ["1.93068E+15"]  # kept as written, not a made-up number
    (prob,) = res.problems
    assert (prob.row, prob.column, prob.skipped) == (2, "订单编号", False)
    assert "scientific notation" in prob.reason
    # A 19-digit id stored as a number in xlsx has lost digits: flagged too.
    x = tmp_path / "numeric_ids.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间"])
    ws.append([1234567890123456789, "a", 5, "交易成功", "2025-11-01 10:00:00", "2025-11-01 10:00:05"])
    ws.append([12345678901, "b", 5, "交易成功", "2025-11-01 10:00:00", "2025-11-01 10:00:05"])
    wb.save(x)
    res = registry.load_file(x)
    assert res.orders["order_id"].tolist()[1] == "12345678901"  # exact below 2**53
    assert [q.row for q in res.problems] == [2]


def test_unknown_status_word_falls_back_to_times_and_is_reported_once(tmp_path):
    rows = [_row(订单编号=str(i), 买家会员名="a", 买家实际支付金额="5", 订单状态="神秘状态",
                 订单创建时间="2025-11-01 10:00:00", 订单付款时间="2025-11-01 10:00:05" if i else "")
            for i in range(3)]
    p = _csv(tmp_path / "weird.csv", V2, rows)
    res = registry.load_file(p)
    # paid time present → paid_unshipped; absent → unpaid (never silently "unpaid" for a paid order)
    assert res.orders["status"].tolist() == [schema.UNPAID, schema.PAID_UNSHIPPED, schema.PAID_UNSHIPPED]
    (prob,) = res.problems
    assert prob.value == "神秘状态"
    assert "3 row(s)" in prob.reason
    assert prob.skipped is False


def test_tianchi_cut_down_export_with_trailing_space_headers(tmp_path):
    header = ["订单编号", "总金额", "买家实际支付金额", "收货地址 ", "订单创建时间", "订单付款时间 ", "退款金额"]
    rows = [["1", "178.8", "0", "上海", "2020-02-21 00:00:00", "", "0"],
            ["2", "21", "21", "内蒙古自治区", "2020-02-20 23:59:54", "2020-02-21 00:00:02", "0"]]
    p = _csv(tmp_path / "tmall_order_report.csv", header, rows, encoding="utf-8")
    assert registry.detect(p).format_id == "taobao_orders"
    res = registry.load_file(p)
    assert res.orders["status"].tolist() == [schema.UNPAID, schema.PAID_UNSHIPPED]  # inferred from 付款时间
    assert res.orders["receiver_address"].tolist() == ["上海", "内蒙古自治区"]


def test_format_scores():
    assert orders_taobao.ORDERS.score([h.strip() for h in V2]) == 1.0
    assert orders_taobao.LINES.score([h.strip() for h in V2]) < 0.5
    assert orders_taobao.ORDERS.score(["sku", "available"]) == 0.0


def test_read_directly_through_format(tmp_path):
    p = _v2_file(tmp_path)
    (table,) = read_raw_tables(p)
    res = orders_taobao.FORMAT.read(table, None)
    assert len(res.orders) == 6


def test_presale_from_presale_column_and_balance_status(tmp_path):
    header = ["订单编号", "买家会员名", "买家实付金额", "订单状态", "买家下单时间", "买家付款时间", "预售订单"]
    rows = [["1", "a", "50", "买家已付款，等待卖家发货", "2025-11-01 10:00:00", "2025-11-01 10:00:09", "是"],
            ["2", "b", "10", "等待买家付尾款", "2025-11-01 10:00:00", "2025-11-01 10:00:09", ""],
            ["3", "c", "60", "交易成功", "2025-11-01 10:00:00", "2025-11-01 10:00:09", "否"]]
    p = _csv(tmp_path / "presale.csv", header, rows, encoding="utf-8-sig")
    res = registry.load_file(p)
    o = res.orders.set_index("order_id")
    assert o["presale"].tolist() == [True, True, False]  # 预售订单=是; 尾款 in the status; 否
    assert o.loc["2", "status"] == schema.UNPAID  # balance still due
    assert res.problems == []
