"""Order checks: unshipped (未发货), out of stock (缺货), unpaid (催付) on hand-built normalised frames.

Each fixture is small enough to work out by hand; the arithmetic is in the comments.
"""

import pandas as pd
import pytest

from desktop_app.core import schema
from desktop_app.core.model import checks, results
from desktop_app.core.model.checks import order_checks, out_of_stock, unpaid_orders, unshipped_orders
from desktop_app.core.model.customers import customer_table
from desktop_app.core.model.settings import ModelSettings

T = pd.Timestamp
S = ModelSettings()


def make_orders(*rows):
    """Normalised orders; each row a dict, missing fields get schema defaults (platform taobao)."""
    rows = [{"platform": "taobao", "shop": "小店", **r} for r in rows]
    return schema.conform(pd.DataFrame(rows), "orders")


def make_lines(*rows):
    rows = [{"platform": "taobao", **r} for r in rows]
    return schema.conform(pd.DataFrame(rows), "lines")


def make_inventory(*pairs):
    return schema.conform(pd.DataFrame([{"sku": s, "available": q} for s, q in pairs]), "inventory")


def paid_unshipped(order_id, buyer, paid, **kw):
    return {"order_id": order_id, "buyer": buyer, "created": T(paid) - pd.Timedelta(minutes=5),
            "paid": T(paid), "status": schema.PAID_UNSHIPPED, "status_raw": "买家已付款，等待卖家发货", **kw}


# ----------------------------------------------------------------------------------------------
# 未发货


def test_unshipped_selection_and_the_48h_boundary():
    as_of = T("2024-03-03 10:00:00")
    orders = make_orders(
        # paid exactly 48 h before as_of: due = 03-01 10:00 + 48 h = 03-03 10:00 = as_of -> NOT overdue
        paid_unshipped("A48", "甲", "2024-03-01 10:00:00", paid_amount=10.0),
        # paid 1 s earlier: age 48 h + 1 s = 48.000277.. h, due 03-03 09:59:59 < as_of -> overdue
        paid_unshipped("B48", "乙", "2024-03-01 09:59:59"),
        # shipped status without a 发货时间 (older Taobao exports): shipped, not listed
        {"order_id": "S1", "buyer": "丙", "created": T("2024-03-01"), "paid": T("2024-03-01 00:01"),
         "status": schema.SHIPPED},
        # completed, closed: not listed
        {"order_id": "C1", "buyer": "丙", "created": T("2024-03-01"), "paid": T("2024-03-01 00:01"),
         "status": schema.COMPLETED},
        {"order_id": "X1", "buyer": "丙", "created": T("2024-03-01"), "paid": T("2024-03-01 00:01"),
         "status": schema.CLOSED},
        # status unknown (a mapped file without a status column) but paid, no ship time: listed
        {"order_id": "U1", "buyer": "丁", "created": T("2024-03-02 08:00"), "paid": T("2024-03-02 09:00"),
         "status": ""},
        # shipped AFTER as_of: as of 03-03 10:00 it was still waiting -> listed, age 10:00-06:00 = 28 h
        {"order_id": "L1", "buyer": "戊", "created": T("2024-03-02 06:00"), "paid": T("2024-03-02 06:00"),
         "shipped": T("2024-03-03 12:00"), "status": schema.SHIPPED},
        # paid after as_of: not paid yet then -> not listed here (it is an unpaid order then)
        paid_unshipped("F1", "己", "2024-03-03 11:00:00"),
        # unpaid: not listed
        {"order_id": "N1", "buyer": "庚", "created": T("2024-03-02"), "status": schema.UNPAID},
    )
    out = unshipped_orders(orders, S, as_of)
    assert list(out.columns[: len(results.UNSHIPPED_COLUMNS)]) == results.UNSHIPPED_COLUMNS
    # sorted most overdue first: due B48 03-03 09:59:59 < A48 03-03 10:00, then L1 and U1:
    # L1 due = 03-02 06:00 + 48 h = 03-04 06:00, U1 due = 03-02 09:00 + 48 h = 03-04 09:00 -> L1 before U1
    assert list(out["order_id"]) == ["B48", "A48", "L1", "U1"]
    row = out.set_index("order_id")
    assert row.loc["A48", "age_h"] == 48.0
    assert row.loc["A48", "due"] == as_of
    assert not row.loc["A48", "overdue"]
    assert row.loc["A48", "overdue_h"] == 0.0
    assert row.loc["B48", "overdue"]
    assert row.loc["B48", "age_h"] == pytest.approx(48 + 1 / 3600)
    assert row.loc["L1", "age_h"] == 28.0
    assert not row.loc["L1", "overdue"]
    assert row.loc["U1", "overdue_h"] == -23.0  # due 03-04 09:00 is 23 h after as_of
    assert not out["handled"].any()
    assert set(out["due_source"]) == {"promise"}


def test_presale_with_and_without_ship_by_and_pdd_promise():
    as_of = T("2024-06-10 12:00")
    orders = make_orders(
        # pre-sale paid 06-01 with a ship_by of 06-15: due 06-15, not overdue although age is 9.5 days
        paid_unshipped("P1", "a", "2024-06-01 00:00", presale=True, ship_by=T("2024-06-15")),
        # pre-sale whose date has passed: due 06-09 < as_of -> overdue by 36 h
        paid_unshipped("P2", "b", "2024-06-05 00:00", presale=True, ship_by=T("2024-06-09 00:00")),
        # pre-sale with no date: the 48 h rule does not apply -> no due, never overdue, listed last
        paid_unshipped("P3", "c", "2024-06-01 00:00", presale=True),
        # PDD 承诺发货时间 on an ordinary order wins over the 48 h promise:
        # paid 06-10 00:00, 48 h would be 06-12; the promised 06-10 10:00 has passed -> overdue 2 h
        paid_unshipped("D1", "d", "2024-06-10 00:00", ship_by=T("2024-06-10 10:00")),
    )
    out = unshipped_orders(orders, S, as_of).set_index("order_id")
    assert out.loc["P1", "due"] == T("2024-06-15") and not out.loc["P1", "overdue"]
    assert out.loc["P1", "age_h"] == 9 * 24 + 12  # 06-01 00:00 -> 06-10 12:00
    assert out.loc["P2", "overdue"] and out.loc["P2", "overdue_h"] == 36.0
    assert pd.isna(out.loc["P3", "due"]) and not out.loc["P3", "overdue"]
    assert out.loc["P3", "due_source"] == ""
    assert out.loc["D1", "overdue"] and out.loc["D1", "overdue_h"] == 2.0
    assert out.loc["D1", "due_source"] == "ship_by"
    # most overdue first: P2 (36 h) then D1 (2 h) then P1 (due in future), P3 (no due) last
    assert list(out.index) == ["P2", "D1", "P1", "P3"]


def test_shipping_promise_is_a_setting():
    as_of = T("2024-03-02 00:00")
    orders = make_orders(paid_unshipped("A", "a", "2024-03-01 00:00"))
    # 24 h promise: due 03-02 00:00 = as_of -> not overdue; 23.5 h -> overdue by half an hour
    assert not unshipped_orders(orders, S.replace(shipping_promise_h=24), as_of)["overdue"].iloc[0]
    out = unshipped_orders(orders, S.replace(shipping_promise_h=23.5), as_of)
    assert out["overdue"].iloc[0] and out["overdue_h"].iloc[0] == 0.5


# ----------------------------------------------------------------------------------------------
# 缺货 with an inventory sheet


def test_stock_runs_out_part_way_through_a_line():
    as_of = T("2024-05-02 12:00")
    orders = make_orders(
        paid_unshipped("1001", "a", "2024-05-01 09:00"),
        paid_unshipped("1002", "b", "2024-05-01 10:00"),
        paid_unshipped("1003", "c", "2024-05-01 11:00"),
        paid_unshipped("1004", "d", "2024-05-01 12:00"),
        # already shipped: its line takes no stock
        {"order_id": "0999", "buyer": "e", "created": T("2024-05-01 08:00"), "paid": T("2024-05-01 08:00"),
         "status": schema.SHIPPED},
    )
    lines = make_lines(
        {"order_id": "0999", "sku": "A", "quantity": 9, "price": 10.0},
        {"order_id": "1001", "sku": "A", "quantity": 3, "price": 10.0, "title": "杯子"},
        {"order_id": "1002", "sku": "A", "quantity": 4, "price": 10.0, "title": "杯子"},
        {"order_id": "1003", "sku": "A", "quantity": 1, "price": 10.0, "title": "杯子"},
        {"order_id": "1003", "sku": "B", "quantity": 1, "price": 5.0, "title": "盖子"},
        {"order_id": "1004", "sku": " A ", "quantity": 2, "price": 10.0, "title": "杯子"},
    )
    # A: 5 in stock. In payment order: 1001 wants 3 (cum 3 <= 5, allocated 3),
    # 1002 wants 4 (before it 3, left 5-3 = 2 -> allocated 2, short 2: the stock ends inside this line),
    # 1003 wants 1 (before 7 > 5 -> allocated 0, short 1), 1004 wants 2 (" A " is A; allocated 0, short 2).
    # B: 10 in stock, 1003's B ships.
    inventory = make_inventory(("A", 5), ("B", 10))
    out = out_of_stock(orders, lines, inventory, as_of)
    assert list(out.columns[: len(results.OUT_OF_STOCK_COLUMNS)]) == results.OUT_OF_STOCK_COLUMNS
    assert list(out["order_id"]) == ["1002", "1003", "1004"]
    assert list(out["quantity"]) == [4.0, 1.0, 2.0]
    assert list(out["allocated"]) == [2.0, 0.0, 0.0]
    assert list(out["short"]) == [2.0, 1.0, 2.0]
    assert set(out["source"]) == {"inventory"}
    assert list(out["available"]) == [5.0, 5.0, 5.0]
    # remedies: 1002 partly short -> coupon; 1003's A is gone but B ships -> swap;
    # 1004 has nothing that ships -> refund
    assert list(out["remedy"]) == ["coupon", "swap", "refund"]
    assert not out["handled"].any()


def test_payment_time_ties_go_to_the_smaller_order_id():
    as_of = T("2024-05-02")
    same = "2024-05-01 10:00:00"
    # listed in reverse, and with ids of different length: 999 < 1000 as numbers
    orders = make_orders(paid_unshipped("1000", "b", same), paid_unshipped("999", "a", same))
    lines = make_lines({"order_id": "1000", "sku": "A", "quantity": 1},
                       {"order_id": "999", "sku": "A", "quantity": 1})
    # 1 in stock, two buyers paid in the same second: 999 gets it, 1000 is short by 1
    out = out_of_stock(orders, lines, make_inventory(("A", 1)), as_of)
    assert list(out["order_id"]) == ["1000"]
    assert out["short"].iloc[0] == 1.0 and out["allocated"].iloc[0] == 0.0


def test_sheet_details_duplicates_untracked_negative_and_refunded_lines():
    as_of = T("2024-05-02")
    orders = make_orders(
        paid_unshipped("1", "a", "2024-05-01 01:00"),
        paid_unshipped("2", "b", "2024-05-01 02:00"),
    )
    lines = make_lines(
        # A listed twice in the sheet (2 + 1 = 3): order 1 wants 2 -> fine; order 2 wants 2 -> 1 short
        {"order_id": "1", "sku": "A", "quantity": 2, "price": 1.0},
        {"order_id": "2", "sku": "A", "quantity": 2, "price": 1.0},
        # Z is not in the sheet: not tracked, never short
        {"order_id": "1", "sku": "Z", "quantity": 50, "price": 1.0},
        # N has negative stock in the sheet (-4 is read as 0): order 2's N is fully short
        {"order_id": "2", "sku": "N", "quantity": 1, "price": 1.0},
        # R: refunded line (refund 3.0 >= 3 x 1.0) needs no stock
        {"order_id": "1", "sku": "R", "quantity": 3, "price": 1.0, "refund_amount": 3.0},
    )
    inventory = make_inventory(("A", 2), ("A", 1), ("N", -4), ("R", 0))
    out = out_of_stock(orders, lines, inventory, as_of)
    assert list(zip(out["order_id"], out["sku"], out["short"])) == [("2", "A", 1.0), ("2", "N", 1.0)]
    # order 2: A partly ships (1 of 2) -> coupon; N gone but A partly ships -> swap
    assert list(out["remedy"]) == ["coupon", "swap"]
    assert list(out["available"]) == [3.0, 0.0]


def test_with_a_sheet_orders_without_lines_fall_back_to_the_remark():
    as_of = T("2024-05-02")
    orders = make_orders(
        paid_unshipped("1", "a", "2024-05-01 01:00", remark="缺货，等通知"),  # has lines: sheet decides
        paid_unshipped("2", "b", "2024-05-01 02:00", remark="卖家备注: 缺货", items=3),  # no lines
    )
    lines = make_lines({"order_id": "1", "sku": "A", "quantity": 1})
    out = out_of_stock(orders, lines, make_inventory(("A", 1)), as_of)
    assert list(out["order_id"]) == ["2"]
    assert out["source"].iloc[0] == "remark"
    assert out["quantity"].iloc[0] == 3.0 and pd.isna(out["short"].iloc[0])


def test_lines_without_platform_join_by_order_id():
    orders = make_orders(paid_unshipped("7", "a", "2024-05-01 01:00"))
    lines = schema.conform(pd.DataFrame([{"order_id": "7", "sku": "A", "quantity": 2}]), "lines")
    out = out_of_stock(orders, lines, make_inventory(("A", 0)), T("2024-05-02"))
    assert list(out["short"]) == [2.0]


# ----------------------------------------------------------------------------------------------
# 缺货 without a sheet


def test_no_inventory_flags_status_and_remark():
    as_of = T("2024-05-02")
    orders = make_orders(
        paid_unshipped("1", "a", "2024-05-01 01:00", remark="买家留言: 尽快发货; 卖家备注: 缺货 等补货", items=2),
        paid_unshipped("2", "b", "2024-05-01 02:00", status_raw="缺货"),
        paid_unshipped("3", "c", "2024-05-01 03:00", remark="Backorder - ships next week"),
        paid_unshipped("4", "d", "2024-05-01 04:00", remark="送礼, 不要放发票"),
        # shipped with an old 缺货 remark: nothing to do any more
        {"order_id": "5", "buyer": "e", "created": T("2024-05-01"), "paid": T("2024-05-01"),
         "status": schema.SHIPPED, "remark": "缺货"},
    )
    lines = make_lines({"order_id": "1", "sku": "A", "quantity": 2})  # lines but no sheet
    out = out_of_stock(orders, lines, schema.empty_frame("inventory"), as_of)
    assert list(out["order_id"]) == ["1", "2", "3"]
    assert list(out["source"]) == ["remark", "status", "remark"]
    assert list(out["remedy"]) == ["refund", "refund", "refund"]  # nothing known to ship
    assert out["quantity"].iloc[0] == 2.0 and pd.isna(out["quantity"].iloc[1])  # items 0 = unknown
    assert out["allocated"].isna().all() and out["short"].isna().all()
    assert list(out["sku"]) == ["", "", ""]


def test_high_value_buyer_gets_the_upgrade_remedy():
    as_of = T("2024-05-02")
    orders = make_orders(
        # 大户 paid 1000 earlier; 小户 paid 10: mean M = 505 -> 大户 is 重要*, 小户 一般*
        {"order_id": "h0", "buyer": "大户", "created": T("2024-04-01"), "paid": T("2024-04-01"),
         "status": schema.COMPLETED, "paid_amount": 1000.0},
        {"order_id": "s0", "buyer": "小户", "created": T("2024-04-01"), "paid": T("2024-04-01"),
         "status": schema.COMPLETED, "paid_amount": 10.0},
        paid_unshipped("h1", "大户", "2024-05-01 01:00", remark="缺货"),
        paid_unshipped("s1", "小户", "2024-05-01 02:00", remark="缺货"),
    )
    customers = customer_table(orders, S, as_of)
    assert customers.set_index("buyer").loc["大户", "segment"].startswith("重要")
    got = order_checks(orders, schema.empty_frame("lines"), schema.empty_frame("inventory"), S, as_of,
                       customers=customers)
    assert list(zip(got["out_of_stock"]["order_id"], got["out_of_stock"]["remedy"])) == [
        ("h1", "upgrade"), ("s1", "refund")]


# ----------------------------------------------------------------------------------------------
# 催付


def test_unpaid_returning_3h_versus_new_2h():
    as_of = T("2024-03-02 12:00")
    orders = make_orders(
        # 老客: paid an order on 03-01 -> returning; its new unpaid order of 03-02 10:00 is due 13:00
        {"order_id": "R0", "buyer": "老客", "created": T("2024-03-01 09:00"), "paid": T("2024-03-01 09:05"),
         "status": schema.COMPLETED, "paid_amount": 80.0},
        {"order_id": "R1", "buyer": "老客", "created": T("2024-03-02 10:00"), "status": schema.UNPAID,
         "paid_amount": 99.0},
        # 新客: no paid order -> new; created 10:00, due 12:00 = as_of -> due (as_of >= due)
        {"order_id": "N1", "buyer": "新客", "created": T("2024-03-02 10:00"), "status": schema.UNPAID,
         "paid_amount": 45.5},
        # 后付: the paid order was paid at 11:00, AFTER this unpaid order's creation at 09:30 -> new, due 11:30
        {"order_id": "L1", "buyer": "后付", "created": T("2024-03-02 09:30"), "status": schema.UNPAID},
        {"order_id": "L0", "buyer": "后付", "created": T("2024-03-02 10:59"), "paid": T("2024-03-02 11:00"),
         "status": schema.PAID_UNSHIPPED},
        # closed before payment: no reminder
        {"order_id": "C1", "buyer": "新客", "created": T("2024-03-02 08:00"), "status": schema.CLOSED},
        # paid only after as_of: still waiting at as_of; created 11:30 -> new buyer, due 13:30
        {"order_id": "P1", "buyer": "晚付", "created": T("2024-03-02 11:30"), "paid": T("2024-03-02 12:30"),
         "status": schema.PAID_UNSHIPPED},
        # created after as_of: did not exist yet
        {"order_id": "Z1", "buyer": "新客", "created": T("2024-03-02 12:01"), "status": schema.UNPAID},
    )
    out = unpaid_orders(orders, S, as_of)
    assert list(out.columns[: len(results.UNPAID_COLUMNS)]) == results.UNPAID_COLUMNS
    # sorted by due: L1 11:30, N1 12:00, R1 13:00, P1 13:30
    assert list(out["order_id"]) == ["L1", "N1", "R1", "P1"]
    row = out.set_index("order_id")
    assert row.loc["R1", "returning"] and row.loc["R1", "due"] == T("2024-03-02 13:00")
    assert not row.loc["R1", "is_due"]
    assert not row.loc["N1", "returning"] and row.loc["N1", "due"] == T("2024-03-02 12:00")
    assert row.loc["N1", "is_due"]  # exactly at due
    assert not row.loc["L1", "returning"] and row.loc["L1", "is_due"]
    assert row.loc["N1", "amount"] == 45.5
    assert row.loc["R1", "age_h"] == 2.0
    assert list(out["segment"]) == ["", "", "", ""]


def test_unpaid_segment_and_level_from_customers_and_reminder_settings():
    as_of = T("2024-03-02 12:00")
    orders = make_orders(
        {"order_id": "R0", "buyer": "老客", "created": T("2024-03-01 09:00"), "paid": T("2024-03-01 09:05"),
         "status": schema.COMPLETED, "paid_amount": 600.0},
        {"order_id": "R1", "buyer": "老客", "created": T("2024-03-02 10:00"), "status": schema.UNPAID},
        {"order_id": "N1", "buyer": "新客", "created": T("2024-03-02 10:00"), "status": schema.UNPAID},
    )
    customers = customer_table(orders, S, as_of)
    out = unpaid_orders(orders, S.replace(reminder_new_h=0.5, reminder_returning_h=1), as_of, customers)
    row = out.set_index("order_id")
    # 老客 is the only scored buyer: at the mean on every letter, which is not better (strict ↑) ->
    # 一般挽留; 600 >= 500 -> 高级会员
    assert row.loc["R1", "segment"] == "一般挽留" and row.loc["R1", "level"] == "高级会员"
    # 新客 has no paid order: no segment, lowest level
    assert row.loc["N1", "segment"] == "" and row.loc["N1", "level"] == "店铺客户"
    assert row.loc["R1", "due"] == T("2024-03-02 11:00") and row.loc["N1", "due"] == T("2024-03-02 10:30")


# ----------------------------------------------------------------------------------------------
# the bundle


def test_order_checks_on_empty_input_has_the_contract_columns():
    e = schema.empty_frame
    got = order_checks(e("orders"), e("lines"), e("inventory"), S, T("2024-01-01"))
    assert set(got) == {"unshipped", "out_of_stock", "unpaid", "refund_pending"}
    contract = {"unshipped": results.UNSHIPPED_COLUMNS, "out_of_stock": results.OUT_OF_STOCK_COLUMNS,
                "unpaid": results.UNPAID_COLUMNS}
    for key, cols in contract.items():
        assert len(got[key]) == 0
        assert list(got[key].columns[: len(cols)]) == cols


def test_order_checks_bundle_matches_the_single_functions():
    as_of = T("2024-05-02")
    orders = make_orders(
        paid_unshipped("1", "a", "2024-04-29 00:00"),
        {"order_id": "2", "buyer": "b", "created": T("2024-05-01"), "status": schema.UNPAID},
    )
    lines = make_lines({"order_id": "1", "sku": "A", "quantity": 2})
    got = order_checks(orders, lines, make_inventory(("A", 1)), S, as_of)
    pd.testing.assert_frame_equal(got["unshipped"], unshipped_orders(orders, S, as_of))
    pd.testing.assert_frame_equal(got["unpaid"], unpaid_orders(orders, S, as_of))
    assert list(got["out_of_stock"]["short"]) == [1.0]
    assert got["unshipped"]["overdue"].tolist() == [True]  # paid 04-29, 72 h > 48 h


def test_remedy_keys_are_the_seed_list():
    assert set(checks.REMEDIES) == {"refund", "swap", "upgrade", "coupon"}
    assert set(checks.REMEDY_LABELS) == set(checks.REMEDIES)


def test_one_sku_twice_in_an_order_and_an_order_listed_twice():
    as_of = T("2024-05-02")
    first = paid_unshipped("1", "a", "2024-05-01 01:00")
    # the same order twice (two files overlapping) is one order; its lines are not doubled
    orders = make_orders(first, first, paid_unshipped("2", "b", "2024-05-01 02:00"))
    lines = make_lines(
        {"order_id": "1", "sku": "A", "quantity": 2},  # line 1 of order 1: gets 2 of 3
        {"order_id": "1", "sku": "A", "quantity": 2},  # line 2 of order 1: 1 left -> allocated 1, short 1
        {"order_id": "2", "sku": "A", "quantity": 1},  # order 2: nothing left -> short 1
    )
    out = out_of_stock(orders, lines, make_inventory(("A", 3)), as_of)
    assert list(zip(out["order_id"], out["allocated"], out["short"])) == [("1", 1.0, 1.0), ("2", 0.0, 1.0)]
    assert list(out["remedy"]) == ["coupon", "refund"]
    # the unshipped list shows rows as imported (removing duplicates is the dataset's job)
    assert len(unshipped_orders(orders, S, as_of)) == 3


def test_unpaid_without_buyer_id_is_never_returning():
    as_of = T("2024-03-02 12:00")
    orders = make_orders(
        {"order_id": "p", "buyer": "", "created": T("2024-03-01"), "paid": T("2024-03-01"),
         "status": schema.COMPLETED},
        {"order_id": "u", "buyer": "", "created": T("2024-03-02 11:00"), "status": schema.UNPAID},
    )
    out = unpaid_orders(orders, S, as_of)
    assert not out["returning"].iloc[0] and out["due"].iloc[0] == T("2024-03-02 13:00")  # 11:00 + 2 h


# ----------------------------------------------------------------------------------------------
# end to end: a real-format PDD export and a GBK inventory sheet through the importers

# the PDD 订单查询 export's columns (research/cn_anchors.md §2.4), in the export's order
PDD_HEADER = ["商品", "订单号", "订单状态", "商品总价(元)", "店铺优惠折扣(元)", "平台优惠折扣(元)", "邮费(元)",
              "用户实付金额(元)", "商家实收金额(元)", "商品数量(件)", "收货人", "手机", "省", "市", "区", "街道",
              "支付时间", "拼单成功时间", "订单确认时间", "承诺发货时间", "发货时间", "确认收货时间", "商品id",
              "商品规格", "商家编码-SKU维度", "商家编码-商品维度", "快递单号", "快递公司", "商家备注", "售后状态",
              "买家留言"]


def test_pdd_export_and_gbk_inventory_end_to_end(tmp_path):
    import openpyxl

    from desktop_app.core.dataset import Dataset
    from desktop_app.core.importers import registry

    def row(**kw):
        cells = {h: "" for h in PDD_HEADER}
        cells.update({"售后状态": "无售后或售后取消", **kw})
        return [cells[h] for h in PDD_HEADER]

    orders_path = tmp_path / "拼多多订单.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PDD_HEADER)
    # P1: promised ship 11-11 08:00 (承诺发货时间), 3 x TISSUE
    ws.append(row(商品="抽纸", 订单号="251110-000000000000001", 订单状态="待发货", 收货人="赵一",
                  支付时间="2025-11-10 08:00:00", 承诺发货时间="2025-11-11 08:00:00",
                  **{"用户实付金额(元)": 27.5, "商品数量(件)": 3, "商家编码-SKU维度": "TISSUE"}))
    # P2: no promise column value -> 48 h from payment; 2 x TISSUE
    ws.append(row(商品="抽纸", 订单号="251110-000000000000002", 订单状态="待发货", 收货人="钱二",
                  支付时间="2025-11-10 09:00:00", **{"用户实付金额(元)": 18, "商品数量(件)": 2,
                                                    "商家编码-SKU维度": "TISSUE"}))
    # P3: 商家备注 says 缺货 but it has a line and the sheet has CUP in stock -> the sheet decides
    ws.append(row(商品="杯子", 订单号="251110-000000000000003", 订单状态="待发货", 收货人="孙三",
                  支付时间="2025-11-10 10:00:00", 商家备注="缺货?",
                  **{"用户实付金额(元)": 9.9, "商品数量(件)": 1, "商家编码-SKU维度": "CUP"}))
    # P4: shipped already: takes no stock and is not unshipped
    ws.append(row(商品="抽纸", 订单号="251109-000000000000004", 订单状态="已发货，待签收", 收货人="李四",
                  支付时间="2025-11-09 08:00:00", 发货时间="2025-11-09 18:00:00",
                  **{"用户实付金额(元)": 90, "商品数量(件)": 10, "商家编码-SKU维度": "TISSUE"}))
    wb.save(orders_path)
    inventory_path = tmp_path / "库存.csv"
    inventory_path.write_bytes("商家编码,宝贝标题,可用库存\r\nTISSUE,抽纸,4\r\nCUP,杯子,5\r\n".encode("gbk"))

    ds = Dataset.from_results([registry.load_file(orders_path), registry.load_file(inventory_path)])
    as_of = T("2025-11-11 12:00:00")
    got = order_checks(ds.orders, ds.lines, ds.inventory, S, as_of)

    un = got["unshipped"].set_index("order_id")
    # P1 due 11-11 08:00 (promised) -> 4 h overdue; P2 due 11-10 09:00 + 48 h = 11-12 09:00;
    # P3 due 11-12 10:00; most overdue first
    assert list(un.index) == ["251110-000000000000001", "251110-000000000000002", "251110-000000000000003"]
    assert un.iloc[0]["overdue"] and un.iloc[0]["overdue_h"] == 4.0 and un.iloc[0]["due_source"] == "ship_by"
    assert not un.iloc[1]["overdue"] and un.iloc[1]["due"] == T("2025-11-12 09:00")
    assert un.iloc[0]["age_h"] == 28.0  # 11-10 08:00 -> 11-11 12:00

    oos = got["out_of_stock"]
    # TISSUE 4: P1 takes 3, P2 wants 2 with 1 left -> allocated 1, short 1 -> coupon. CUP 5: P3 fine.
    assert list(zip(oos["order_id"], oos["sku"], oos["allocated"], oos["short"], oos["remedy"])) == [
        ("251110-000000000000002", "TISSUE", 1.0, 1.0, "coupon")]
    assert got["unpaid"].empty
