"""Real export layouts (written by corpus_files.py) read end to end, every figure worked out by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from desktop_app.core.dataset import Dataset
from desktop_app.core.importers import registry
from desktop_app.core.importers.cleaning import clean_buyer, fold_fullwidth, parse_amount, parse_datetime, \
    parse_folded
from desktop_app.core.model import order_rules
from desktop_app.core.model.compute import compute
from desktop_app.core.model.report import to_json, to_json_dict

import corpus_files as corpus


def run(path):
    res = registry.load_file(path)
    results = compute(Dataset.from_results([res]))
    return res, results, json.loads(to_json(results))


def gone(report):
    return {u["figure"]: u["code"] for u in report["unavailable"]}


def test_taobao_2024_order_detail_is_a_complete_order_source(tmp_path):
    path = corpus.write_detail_2024(tmp_path / "订单明细.xlsx")
    assert registry.detect(path).format_id == "taobao_order_detail"
    res, r, rep = run(path)
    assert res.problems == []  # `null` cells and 无退款申请 are empty, not "not a number"
    assert len(res.orders) == 8 and len(res.lines) == 10  # 主订单编号 / 子订单编号
    o = res.orders.set_index("order_id")
    assert o.loc["M0001", "paid_amount"] == 130.0 and o.loc["M0001", "refund_amount"] == 30.0  # 100 + 30; 30
    assert o.loc["M0001", "items"] == 3.0 and o.loc["M0001", "status"] == "completed"
    assert o.loc["M0003", "status"] == "paid_unshipped" and pd.isna(o.loc["M0003", "shipped"])  # partly shipped
    assert o.loc["M0004", "paid_amount"] == 45.0  # unpaid: the amount due (买家应付货款)
    s = rep["shop"]
    assert r.as_of == pd.Timestamp("2026-11-20 09:00:30")
    # orders M1..M8; paid M1, M2, M3, M5 (M8 is a 0 元 gift: not a sale)
    assert (s["orders"], s["paid_orders"], s["not_a_sale_orders"]) == (8, 4, 1)
    assert s["sales"] == 338.0  # 130 + 88 + 100 + 20
    assert s["items"] == 7.0  # 3 + 1 + 2 + 1
    assert (s["refund_orders"], s["refund_amount"]) == (1, 30.0)
    # no buyer column: buyer figures are not available, never 0
    assert s["paying_buyers"] is None and s["aov"] is None and rep["customers"] == []
    assert gone(rep)["paying_buyers"] == "no_buyer_column" and gone(rep)["customers"] == "no_buyer_column"
    # waiting to ship: M2 (25 h), M3 (49 h > 48 h: overdue), M8 (the gift ships too); M5 refund in progress
    assert sorted(rep["order_checks"]["unshipped"]) == ["M0002", "M0003", "M0008"]
    assert rep["order_checks"]["unshipped_overdue"] == ["M0003"]
    assert r.refund_pending["order_id"].tolist() == ["M0005"] and s["refund_pending"] == 1
    # M5's remark says 不缺货: not a 缺货 flag
    assert rep["order_checks"]["out_of_stock"] == []
    # 催付: M4 (3 h, due after 2 h); M7 (94 h) is past the 72 h auto-close: closed unpaid, not due
    assert rep["order_checks"]["unpaid_due"] == ["M0004"] and s["unpaid_closed"] == 1
    assert dict(zip(r.unpaid["order_id"], r.unpaid["closed_unpaid"])) == {"M0004": False, "M0007": True}


def test_detail_orders_yield_to_an_order_report_of_the_same_order(tmp_path):
    detail = registry.load_file(corpus.write_detail_2024(tmp_path / "订单明细.xlsx"))
    header = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量"]
    report = tmp_path / "ExportOrderList.csv"
    report.write_bytes((",".join(header) + "\r\n" + "M0002,tb_buyer2,88,买家已付款，等待卖家发货,2026-11-19 07:59:00,"
                        "2026-11-19 08:00:00,1\r\n").encode("gbk"))
    ds = Dataset.from_results([registry.load_file(report), detail])  # the detail file imported last
    o = ds.orders.set_index("order_id")
    assert len(ds.orders) == 8 and o.loc["M0002", "buyer"] == "tb_buyer2"  # the report's row (with a buyer)
    assert (ds.lines["order_id"] == "M0002").sum() == 1  # the detail's line, not a second one


def test_tmall_7_column_report_shows_only_what_it_can(tmp_path):
    path = corpus.write_tmall_report(tmp_path / "tmall_order_report.csv")
    _, r, rep = run(path)
    s = rep["shop"]
    assert r.as_of == pd.Timestamp("2020-02-24 11:00:05")
    # paid 1, 2 (fully refunded: stays a paid order), 3, 6; unpaid 4, 5
    assert (s["orders"], s["paid_orders"]) == (6, 4)
    assert s["sales"] == 147.84  # 100 + 0 + 35.5 + 12.34
    assert (s["refund_orders"], s["refund_amount"]) == (2, 62.24)  # 59.9 + 2.34
    # no buyer, status or shipping column: no overdue, customer or buyer figure
    for key in ("paying_buyers", "aov", "unshipped", "unshipped_overdue", "out_of_stock"):
        assert s[key] is None, key
    assert rep["order_checks"]["unshipped"] == [] and rep["customers"] == []
    assert gone(rep)["unshipped"] == "no_shipping_columns" and gone(rep)["rfm"] == "no_buyer_column"
    # 催付: only order 5 (3 h old); order 4 (97 h) is closed unpaid
    assert rep["order_checks"]["unpaid_due"] == ["5"] and s["unpaid_closed"] == 1


def test_shopify_cod_only_export_has_no_reminder_due(tmp_path):
    path = corpus.write_shopify(tmp_path / "orders_export_cod.csv", corpus.SHOPIFY_COD_ROWS)
    res, r, rep = run(path)
    assert res.orders["status_raw"].str.contains("COD").all()
    assert (rep["shop"]["orders"], rep["shop"]["paid_orders"], rep["shop"]["sales"]) == (3, 0, 0.0)
    assert len(r.unpaid) == 0 and rep["order_checks"]["unpaid_due"] == [] and rep["shop"]["unpaid_due"] == 0
    # paid at the door, so they wait to ship from creation: 47 h, 21 h, 0 h before as-of 03-03 09:00 (none
    # past the 48 h promise)
    assert sorted(rep["order_checks"]["unshipped"]) == ["#1001", "#1002", "#1003"]
    assert rep["order_checks"]["unshipped_overdue"] == []


def test_shopify_with_refunds_and_tiktok_orders(tmp_path):
    path = corpus.write_shopify(tmp_path / "orders_export_refunds.csv", corpus.SHOPIFY_REFUND_ROWS)
    _, r, rep = run(path)
    s = rep["shop"]
    assert (s["orders"], s["paid_orders"], s["paying_buyers"]) == (4, 4, 3)  # lee twice, kim, sam
    assert s["sales"] == 135.0  # 25 + 40 + 60.10 + 9.90
    assert s["aov"] == 45.0  # 135 / 3
    assert (s["refund_orders"], s["refund_amount"]) == (2, 50.05)  # 40 + 10.05
    assert s["items"] == 7.0  # 2 + 1 + 1 + 3
    # the refunded TikTok order #2002 is not waiting to ship; #2004 is (not overdue: 0 h)
    assert rep["order_checks"]["unshipped"] == ["#2004"] and rep["order_checks"]["unshipped_overdue"] == []
    assert gone(rep)["agents"] == "no_chat_log" and s["conversations"] is None and rep["agents"] == []


def test_every_json_amount_has_at_most_two_decimals(tmp_path):
    _, r, rep = run(corpus.write_tmall_report(tmp_path / "t.csv"))
    for key in ("sales", "refund_amount"):
        assert round(rep["shop"][key], 2) == rep["shop"][key]
    text = to_json(r)
    assert "NaN" not in text and "e-" not in text.split('"timings"')[0]
    assert to_json_dict(r)["shop"]["sales"] == 147.84


def test_full_width_amounts_times_and_separator_fold_but_buyer_ids_do_not():
    amounts, bad = parse_folded(parse_amount, pd.Series(["３００", "１，２３４．５０", "12"], dtype=object))
    assert amounts.tolist() == [300.0, 1234.5, 12.0] and not bad.any()
    times, bad = parse_folded(parse_datetime, pd.Series(["２０２６－１１－２０ １０：００：００"], dtype=object))
    assert times.tolist() == [pd.Timestamp("2026-11-20 10:00:00")] and not bad.any()
    assert fold_fullwidth(pd.Series(["店：小王"], dtype=object)).tolist() == ["店:小王"]
    buyers = clean_buyer(pd.Series(['="123"', "\ttb_user5", "ｔｂ_ｕｓｅｒ５", " 'alice "], dtype=object))
    assert buyers.tolist() == ["123", "tb_user5", "ｔｂ_ｕｓｅｒ５", "alice"]


def test_order_rule_helpers():
    o = pd.DataFrame({"status_raw": ["货到付款", "pending / cash on delivery (COD)", "paid", "退款中"],
                      "paid": pd.to_datetime(["2026-01-01", None, "2026-01-01", "2026-01-01"]),
                      "paid_amount": [0.0, 10.0, 5.0, 8.0], "refund_amount": [0.0, 0.0, 5.0, 0.0]})
    assert order_rules.is_cod(o).tolist() == [True, True, False, False]
    assert order_rules.refund_pending(o).tolist() == [False, False, False, True]
    assert order_rules.fully_refunded(o).tolist() == [False, False, True, False]
    assert order_rules.not_a_sale(o).tolist() == [True, False, False, False]
    remarks = pd.Series(["不缺货", "无缺货，正常发", "没缺货", "缺货了", "尺码缺货，不缺货的先发"])
    assert order_rules.says_short(remarks, ("缺货",)).tolist() == [False, False, False, True, True]


def test_chat_log_agent_with_full_width_separator(tmp_path):
    path = tmp_path / "chats.csv"
    path.write_text("time,buyer,agent,sender,text\n２０２６－０３－０２ １０：００：００,b1,店：小王,buyer,在吗\n"
                    "2026-03-02 10:00:05,b1,店:小王,agent,在的\n", encoding="utf-8-sig")
    res = registry.load_file(path)
    assert res.problems == []
    assert res.messages["agent"].tolist() == ["店:小王", "店:小王"]  # one agent, not two
    assert res.messages["time"].tolist()[0] == pd.Timestamp("2026-03-02 10:00:00")


def test_orjson_report_has_the_same_keys_and_values_as_the_json_module(tmp_path, monkeypatch):
    from desktop_app.core.model import report

    _, r, _ = run(corpus.write_detail_2024(tmp_path / "订单明细.xlsx"))
    fast = report.to_json(r)
    assert report.dumps({"x": float("nan")}) == '{\n  "x": null\n}'  # strict JSON even for a stray NaN
    monkeypatch.setattr(report, "USE_ORJSON", False)
    slow = report.to_json(r)
    assert json.loads(fast) == json.loads(slow)
    assert fast.splitlines()[:3] == slow.splitlines()[:3]  # 2-space indent, the same layout
    assert "订单文件没有买家列" in fast  # the zh reason, not \\u escapes


def test_item_report_only_refunds_count_in_shop_and_agent_refund_figures(tmp_path):
    # an 订单报表 without a 退款金额 column, its 宝贝报表 with a refunded line, and a chat that credits 小王
    header = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量"]
    report = tmp_path / "ExportOrderList.csv"
    report.write_bytes((",".join(header) + "\r\n"
                        "501,tb_b1,150,交易成功,2026-03-02 11:00:00,2026-03-02 11:01:00,2\r\n"
                        "502,tb_b2,80,交易成功,2026-03-02 12:00:00,2026-03-02 12:01:00,1\r\n").encode("gbk"))
    items = tmp_path / "ExportItemlList.csv"
    items_header = ["子订单编号", "主订单编号", "标题", "价格", "购买数量", "商品属性", "套餐信息", "订单状态", "商家编码",
                    "退款状态", "退款金额"]
    items.write_bytes((",".join(items_header) + "\r\n"
                       "9001,501,杯子,100,1,,,交易成功,CUP,,0\r\n"
                       "9002,501,杯盖,50,1,,,交易关闭,LID,退款成功,50\r\n"
                       "9003,502,茶叶,80,1,,,交易成功,TEA,,0\r\n").encode("gbk"))
    chats = tmp_path / "chats.csv"
    chats.write_text("time,buyer,agent,sender,text\n2026-03-02 10:00:00,tb_b1,店:小王,buyer,在吗\n"
                     "2026-03-02 10:00:05,tb_b1,店:小王,agent,在的\n", encoding="utf-8-sig")
    results = compute(Dataset.from_results(registry.load_files([str(report), str(items), str(chats)])))
    s = results.shop
    assert (s["paid_orders"], s["refund_orders"], s["refund_amount"]) == (2, 1, 50.0)  # order 501's lid
    assert s["refund_rate"] == 0.5 and s["refund_amount_rate"] == pytest.approx(50 / 230)
    wang = results.agents.set_index("agent").loc["店:小王"]
    assert (wang.sales, wang.refund_orders, wang.refund_amount) == (150.0, 1.0, 50.0)  # 501 credited to 小王


def _orders_csv(path, rows):
    header = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量"]
    path.write_bytes((",".join(header) + "\r\n" + "".join(",".join(r) + "\r\n" for r in rows)).encode("gbk"))
    return str(path)


def test_weekly_aov_of_the_trends_divides_by_distinct_paying_buyers(tmp_path):
    from desktop_app.core.trends import daily_trends, week_over_week

    # b1 pays ¥100 on Monday and ¥100 on Tuesday, b2 ¥100 on Tuesday: ¥300 over 2 buyers = ¥150
    # (buyer-days would say 3 -> ¥100)
    orders = _orders_csv(tmp_path / "o.csv", [
        ["1", "b1", "100", "交易成功", "2026-03-02 10:00:00", "2026-03-02 10:01:00", "1"],
        ["2", "b1", "100", "交易成功", "2026-03-03 10:00:00", "2026-03-03 10:01:00", "1"],
        ["3", "b2", "100", "交易成功", "2026-03-03 11:00:00", "2026-03-03 11:01:00", "1"]])
    chats = tmp_path / "c.csv"
    chats.write_text("time,buyer,agent,sender,text\n2026-03-03 12:00:00,b9,店:小王,buyer,在吗\n"
                     "2026-03-03 12:00:05,b9,店:小王,agent,在的\n", encoding="utf-8-sig")
    r = compute(Dataset.from_results(registry.load_files([orders, str(chats)])))
    assert r.shop["aov"] == 150.0 and r.shop["paying_buyers_this_week"] == 2
    wow = week_over_week(daily_trends(r), r.as_of)
    shop = wow[wow["scope"] == "shop"].set_index("metric")
    assert shop.loc["aov", "this_week"] == 150.0  # the same ¥150 as the overview, not ¥100
    # b9 asked and bought nothing: conversion 0 % (as the JSON's 0.0), not blank
    assert r.shop["conversion_rate"] == 0.0 and shop.loc["conversion_rate", "this_week"] == 0.0


def test_sale_rule_payment_probes_the_window_before_payment(tmp_path):
    from desktop_app.core.model.settings import DEFAULT_SETTINGS

    # created 6 days before the chat (outside the 3-day window by creation), paid 30 min after the chat
    orders = _orders_csv(tmp_path / "o.csv", [
        ["1", "b1", "100", "交易成功", "2026-04-25 11:00:00", "2026-05-01 12:30:00", "1"]])
    chats = tmp_path / "c.csv"
    chats.write_text("time,buyer,agent,sender,text\n2026-05-01 12:00:00,b1,店:小王,buyer,还能付吗\n"
                     "2026-05-01 12:00:10,b1,店:小王,agent,可以\n", encoding="utf-8-sig")
    ds = Dataset.from_results(registry.load_files([orders, str(chats)]))
    by_rule = {rule: compute(ds, DEFAULT_SETTINGS.replace(sale_rule=rule)).shop["agent_sales"]
               for rule in ("order", "order_first", "payment")}
    assert by_rule == {"order": 0.0, "order_first": 100.0, "payment": 100.0}
    with pytest.raises(ValueError):
        compute(ds, DEFAULT_SETTINGS.replace(sale_rule="paid"))


def test_excel_overview_writes_the_reason_instead_of_a_number(tmp_path):
    import openpyxl

    from desktop_app.core.report_xlsx import write_report

    _, r, _ = run(corpus.write_tmall_report(tmp_path / "tmall_order_report.csv"))
    path = write_report(r, tmp_path / "r.xlsx")
    rows = {row[0]: row[1] for row in openpyxl.load_workbook(path)["概览"].iter_rows(values_only=True) if row}
    assert rows["付款人数"] == "– (订单文件没有买家列)"
    assert rows["未发货超时订单"] == "– (订单文件没有发货状态或发货时间列)"
    assert rows["销售额"] == 147.84 and rows["待催付订单"] == 1
    assert rows["首次响应时间（P90，秒）"] == "– (没有导入聊天记录)"


def test_qianniu_text_with_full_width_separator_is_one_agent(tmp_path):
    path = tmp_path / "聊天记录.txt"
    path.write_text("----------与 tb_buyer1 的聊天记录----------\n"
                    "tb_buyer1 2026-3-2 10:00:00\n在吗\n"
                    "示例店：小王 2026-3-2 10:00:05\n在的\n"
                    "tb_buyer1 2026-3-2 10:01:00\n有货吗\n"
                    "示例店:小王 2026-3-2 10:01:10\n有\n", encoding="utf-8")
    res = registry.load_file(path)
    agents = set(res.messages.loc[res.messages["sender"] == "agent", "agent"])
    assert agents == {"示例店:小王"}


def test_order_report_with_full_width_amounts_times_and_guarded_buyer_ids(tmp_path):
    path = _orders_csv(tmp_path / "ExportOrderList.csv", [
        ['="1001"', '="123"', "３００", "交易成功", "２０２６－１１－２０ １０：００：００", "2026-11-20 10:01:00", "１"],
        ["1002", "ｔｂ_ｕｓｅｒ５", "\"1,234.50\"", "交易成功", "2026-11-20 11:00:00", "2026-11-20 11:01:00", "1"],
        ["1003", "tb_user5", "１，０００．００", "交易成功", "2026-11-20 12:00:00", "2026-11-20 12:01:00", "1"]])
    res = registry.load_file(path)
    assert res.problems == []
    o = res.orders.set_index("order_id")
    assert o.loc["1001", "buyer"] == "123" and o.loc["1001", "paid_amount"] == 300.0
    assert o.loc["1001", "created"] == pd.Timestamp("2026-11-20 10:00:00") and o.loc["1001", "items"] == 1.0
    assert o.loc["1003", "paid_amount"] == 1000.0
    r = compute(Dataset.from_results([res]))
    assert r.shop["paying_buyers"] == 3  # ｔｂ_ｕｓｅｒ５ and tb_user5 are two accounts
    assert r.shop["sales"] == 2534.5
