"""Customer archive: RFM values, scores, the eight segments, membership levels and masking.

Hand-built orders; every expected number is worked out in the comments.
"""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from desktop_app.core import schema
from desktop_app.core.model import customers as cu
from desktop_app.core.model import results
from desktop_app.core.model.customers import (
    customer_table,
    mask_address,
    mask_contacts,
    mask_name,
    mask_phone,
    quintile_scores,
)
from desktop_app.core.model.settings import ModelSettings

T = pd.Timestamp
S = ModelSettings()
AS_OF = T("2024-12-31 00:00")
DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics-orders-customers.md"


def paid_order(order_id, buyer, days_ago, amount, refund=0.0, **kw):
    """A completed order paid ``days_ago`` days before AS_OF (created 10 minutes earlier)."""
    paid = AS_OF - pd.Timedelta(days=days_ago)
    return {"platform": "taobao", "order_id": order_id, "buyer": buyer,
            "created": paid - pd.Timedelta(minutes=10), "paid": paid, "status": schema.COMPLETED,
            "paid_amount": float(amount), "refund_amount": float(refund), **kw}


def make_orders(rows):
    return schema.conform(pd.DataFrame(rows), "orders")


def table(rows, settings=S, as_of=AS_OF, previous=None):
    return customer_table(make_orders(rows), settings, as_of, previous).set_index("buyer")


# ----------------------------------------------------------------------------------------------
# recency direction and scores


def test_buyer_who_paid_yesterday_scores_r5_and_is_r_up():
    # recency 1, 10, 20, 30, 40 days -> mean 101 / 5 = 20.2
    rows = [paid_order(f"o{d}", f"b{d}", d, 100) for d in (1, 10, 20, 30, 40)]
    t = table(rows)
    extra = ["r_up", "f_up", "m_up", "level_value", "level_computed", "platform"]
    assert list(t.columns) == results.CUSTOMER_COLUMNS[1:] + extra
    assert cu.EXTRA_CUSTOMER_COLUMNS == extra
    assert t.loc["b1", "recency_days"] == 1.0
    # fewer days is better: rank 1 = worst = 40 days; percent rank (r-1)/4 -> scores 1 + 5*(r-1)//4
    # b40: r=1 -> 1; b30: r=2 -> 1+5//4 = 2; b20: 3; b10: 4; b1: r=5 -> 1+20//4 = 6 -> capped 5
    assert [t.loc[f"b{d}", "r_score"] for d in (1, 10, 20, 30, 40)] == [5, 4, 3, 2, 1]
    # R↑ means recency < mean (20.2): b1, b10, b20 up; b30, b40 down
    assert [bool(t.loc[f"b{d}", "r_up"]) for d in (1, 10, 20, 30, 40)] == [True, True, True, False, False]
    # same F (1) and M (100) for all: everyone is at the mean, which is not better (strict ↑) -> F↓ M↓
    assert t.loc["b1", "segment"] == "一般发展"
    assert t.loc["b40", "segment"] == "一般挽留"


def test_recency_is_float_days():
    # paid 36 h before as_of -> 1.5 days; paid 6 h before -> 0.25 days
    rows = [paid_order("a", "a", 1.5, 10), paid_order("b", "b", 0.25, 10)]
    t = table(rows)
    assert t.loc["a", "recency_days"] == 1.5
    assert t.loc["b", "recency_days"] == 0.25


def test_score_ties_are_deterministic_and_equal_values_score_equal():
    # frequencies 1,1,1,2,3 -> rank_min 1,1,1,4,5 (n=5) -> 1 + 5*(r-1)//4 = 1,1,1, 1+15//4=4, 1+20//4=6->5
    assert list(quintile_scores([1, 1, 1, 2, 3])) == [1, 1, 1, 4, 5]
    # any order of the same values gives each value the same score
    assert list(quintile_scores([3, 1, 2, 1, 1])) == [5, 1, 4, 1, 1]
    # monetary 100,100,200,200,300 -> rank_min 1,1,3,3,5 -> 1,1, 1+10//4=3, 3, 5
    assert list(quintile_scores([100, 200, 300, 100, 200])) == [1, 3, 5, 1, 3]
    # lower is better (recency): 5 days best -> 5; NaN stays NaN and is not counted in n
    got = quintile_scores([5, 50, np.nan, 20], higher_is_better=False)
    # goodness -5 > -20 > -50: rank_min 3, 1, -, 2 (n=3) -> 1 + 5*(r-1)//2 = 1+10//2=6->5, 1, -, 1+5//2=3
    assert got[0] == 5 and got[1] == 1 and np.isnan(got[2]) and got[3] == 3
    # a lone buyer has nobody to compare with -> 3; all equal -> everyone takes the lowest rank -> 1
    assert list(quintile_scores([42.0])) == [3]
    assert list(quintile_scores([2, 2, 2])) == [1, 1, 1]
    # ten distinct values -> two per score: 1 + 5*(r-1)//9 for r = 1..10
    assert list(quintile_scores(range(10))) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_customer_table_scores_do_not_depend_on_row_order():
    rows = [paid_order("1", "x", 3, 50), paid_order("2", "y", 3, 50), paid_order("3", "z", 9, 80),
            paid_order("4", "x", 5, 20)]
    a = table(rows).sort_index()
    b = table(list(reversed(rows))).sort_index()
    pd.testing.assert_frame_equal(a, b)
    # x: F=2 (orders 1 and 4), M=70, R=3 (tied with y at 3 days -> same R score)
    assert a.loc["x", "frequency"] == 2 and a.loc["x", "monetary"] == 70
    assert a.loc["x", "r_score"] == a.loc["y", "r_score"]


# ----------------------------------------------------------------------------------------------
# the eight segments


EIGHT = {
    # buyer: (recency days, paid orders, amount per order)
    # R: 1 day (↑) or 100 days (↓): mean (4*1 + 4*100)/8 = 50.5
    # F: 5 orders (↑) or 1 (↓): mean (4*5 + 4*1)/8 = 3
    # M: 1000 (↑) or 10 (↓) in total: mean (4*1000 + 4*10)/8 = 505
    "重要价值": (1, 5, 200.0),  # R↑ F↑ M↑  (5 x 200 = 1000)
    "重要发展": (1, 1, 1000.0),  # R↑ F↓ M↑
    "重要保持": (100, 5, 200.0),  # R↓ F↑ M↑
    "重要挽留": (100, 1, 1000.0),  # R↓ F↓ M↑
    "一般价值": (1, 5, 2.0),  # R↑ F↑ M↓  (5 x 2 = 10)
    "一般发展": (1, 1, 10.0),  # R↑ F↓ M↓
    "一般保持": (100, 5, 2.0),  # R↓ F↑ M↓
    "一般挽留": (100, 1, 10.0),  # R↓ F↓ M↓
}


def eight_rows():
    rows = []
    for seg, (days, n, amount) in EIGHT.items():
        # the last payment is `days` ago; earlier ones a day apart before it
        for k in range(n):
            rows.append(paid_order(f"{seg}-{k}", f"buyer-{seg}", days + k, amount))
    return rows


def test_each_of_the_eight_segments_is_hit_once():
    t = table(eight_rows())
    got = {buyer.removeprefix("buyer-"): seg for buyer, seg in t["segment"].items()}
    assert got == {seg: seg for seg in EIGHT}
    assert sorted(t["segment"]) == sorted(cu.SEGMENTS)
    v = t.loc["buyer-重要价值"]
    assert (v["recency_days"], v["frequency"], v["monetary"]) == (1.0, 5.0, 1000.0)
    assert (v["r_up"], v["f_up"], v["m_up"]) == (True, True, True)
    # scores with ties: R has four at 1 day and four at 100 days -> the 1-day group has rank_min 5 (n=8):
    # 1 + 5*4//7 = 1 + 2 = 3; the 100-day group rank_min 1 -> 1. F and M are split the same way.
    assert set(t["r_score"]) == {1, 3} and set(t["f_score"]) == {1, 3} and set(t["m_score"]) == {1, 3}
    assert t.loc["buyer-一般挽留", ["r_score", "f_score", "m_score"]].tolist() == [1, 1, 1]


def test_the_inverted_recency_bug_is_not_made():
    # the tutorial bug reads "recency above the mean" as good: a buyer last seen 100 days ago would be
    # 重要价值. Here the 100-day, 5-order, 1000-yuan buyer must be 重要保持 (lapsed), not 重要价值.
    t = table(eight_rows())
    assert t.loc["buyer-重要保持", "recency_days"] == 100
    assert t.loc["buyer-重要保持", "segment"] == "重要保持"
    assert not t.loc["buyer-重要保持", "r_up"]


def test_at_the_mean_is_not_better_with_a_float_tolerance():
    # F = 1, 2, 3 -> mean 2: the buyer with exactly 2 orders is not F↑ (strictly better only, issue 11)
    rows = [paid_order("a1", "a", 5, 10)]
    rows += [paid_order(f"b{k}", "b", 5 + k, 10) for k in range(2)]
    rows += [paid_order(f"c{k}", "c", 5 + k, 10) for k in range(3)]
    t = table(rows)
    assert [bool(t.loc[b, "f_up"]) for b in "abc"] == [False, False, True]
    # M = 0.1, 0.2, 0.3: mean is 0.20000000000000004 in floats; 0.2 still counts as at the mean (not ↑)
    up = cu.better_than_mean([0.1, 0.2, 0.3])
    assert list(up) == [False, False, True]
    # recency: lower is better, at the mean is not ↑ (days 1, 2, 3 -> mean 2)
    assert list(cu.better_than_mean([1, 2, 3], higher_is_better=False)) == [True, False, False]


# ----------------------------------------------------------------------------------------------
# windows, refunds, totals


def test_window_refunds_and_totals():
    rows = [
        # 老客: one paid order 400 days ago (outside the 365-day window) and one 10 days ago with a refund
        paid_order("o1", "老客", 400, 300.0),
        paid_order("o2", "老客", 10, 100.0, refund=30.0),
        # 沉睡: only an order 400 days ago -> totals yes, RFM no
        paid_order("s1", "沉睡", 400, 50.0),
        # 未付: an unpaid order only
        {"platform": "taobao", "order_id": "u1", "buyer": "未付", "created": AS_OF - pd.Timedelta(days=1),
         "status": schema.UNPAID, "paid_amount": 20.0},
        # 未来: paid after as_of -> not paid as of then (still listed: created before as_of)
        {"platform": "taobao", "order_id": "f1", "buyer": "未来", "created": AS_OF - pd.Timedelta(hours=1),
         "paid": AS_OF + pd.Timedelta(hours=1), "status": schema.COMPLETED, "paid_amount": 70.0},
        # 后来: created after as_of -> not in the archive at all
        {"platform": "taobao", "order_id": "z1", "buyer": "后来", "created": AS_OF + pd.Timedelta(days=1),
         "paid": AS_OF + pd.Timedelta(days=1), "status": schema.COMPLETED, "paid_amount": 5.0},
        # no buyer id: left out
        paid_order("n1", "", 3, 9.0),
    ]
    t = table(rows)
    assert set(t.index) == {"老客", "沉睡", "未付", "未来"}
    old = t.loc["老客"]
    # totals over all data: 2 orders, 2 paid, 300 + 100 = 400 paid, 30 refunded
    totals = (old["orders"], old["paid_orders"], old["paid_amount"], old["refund_amount"])
    assert totals == (2, 2, 400.0, 30.0)
    # RFM over the window: only o2 -> R 10, F 1, M 100 - 30 = 70
    assert (old["recency_days"], old["frequency"], old["monetary"]) == (10.0, 1.0, 70.0)
    assert old["first_order"] == AS_OF - pd.Timedelta(days=400, minutes=10)
    assert old["last_order"] == AS_OF - pd.Timedelta(days=10, minutes=10)
    for buyer in ("沉睡", "未付", "未来"):
        r = t.loc[buyer]
        assert np.isnan(r["recency_days"]) and np.isnan(r["frequency"]) and np.isnan(r["monetary"])
        assert np.isnan(r["r_score"]) and r["segment"] == cu.NO_SEGMENT
    assert t.loc["未付", "paid_orders"] == 0 and t.loc["未来", "paid_amount"] == 0.0
    # 老客 is the only scored buyer: at the mean on all three, which is not better -> 一般挽留, scores 3
    assert old["segment"] == "一般挽留" and old["r_score"] == 3
    # sorted by paid amount, highest first
    assert list(t.index) == ["老客", "沉睡", "未付", "未来"]


def test_lookback_is_a_setting():
    rows = [paid_order("o1", "a", 40, 10.0), paid_order("o2", "a", 5, 10.0)]
    t = table(rows, S.replace(rfm_lookback_days=30))
    # only the 5-day order is inside 30 days
    assert t.loc["a", "frequency"] == 1 and t.loc["a", "monetary"] == 10.0
    # a payment exactly lookback days ago is outside: the window is (as_of - 30 d, as_of]
    t = table([paid_order("o1", "a", 30, 10.0)], S.replace(rfm_lookback_days=30))
    assert np.isnan(t.loc["a", "frequency"])


def test_status_paid_without_a_payment_time_uses_creation_time():
    rows = [{"platform": "jd", "order_id": "j1", "buyer": "a", "created": AS_OF - pd.Timedelta(days=2),
             "status": schema.SHIPPED, "paid_amount": 88.0}]
    t = table(rows)
    assert t.loc["a", "paid_orders"] == 1 and t.loc["a", "recency_days"] == 2.0


# ----------------------------------------------------------------------------------------------
# membership levels


def test_levels_by_amount_thresholds_inclusive():
    # default levels: 店铺客户 0, 普通会员 1, 高级会员 500, VIP会员 2000, 至尊VIP会员 5000
    rows = [
        paid_order("a", "零", 1, 0.5),  # 0.5 < 1 -> 店铺客户
        paid_order("b", "整", 1, 500.0),  # exactly 500 -> 高级会员
        paid_order("c", "差", 1, 600.0, refund=100.01),  # net 499.99 -> 普通会员
        paid_order("d", "大", 1, 5000.0),  # -> 至尊VIP会员
        paid_order("e", "旧", 400, 9999.0),  # outside the 365-day level period -> 0 -> 店铺客户
    ]
    t = table(rows)
    assert t["level"].to_dict() == {"零": "店铺客户", "整": "高级会员", "差": "普通会员", "大": "至尊VIP会员",
                                    "旧": "店铺客户"}
    assert t.loc["差", "level_value"] == pytest.approx(499.99)


def test_levels_by_order_count_skip_fully_refunded_orders():
    s = S.replace(level_basis="orders", levels=(("新客", 0), ("回头客", 2), ("铁粉", 5)))
    rows = [paid_order(f"a{k}", "a", k + 1, 10.0) for k in range(5)]  # 5 orders -> 铁粉
    # b: 3 orders but one fully refunded (10 >= 10) -> 2 -> 回头客; one partly refunded still counts
    rows += [paid_order("b1", "b", 1, 10.0), paid_order("b2", "b", 2, 10.0, refund=10.0),
             paid_order("b3", "b", 3, 10.0, refund=4.0)]
    t = table(rows, s)
    assert t.loc["a", "level"] == "铁粉" and t.loc["b", "level"] == "回头客"
    assert t.loc["b", "level_value"] == 2.0


def test_level_never_decreases_with_previous_levels():
    rows = [paid_order("a", "降", 1, 10.0), paid_order("b", "升", 1, 3000.0), paid_order("c", "改", 1, 10.0)]
    previous = {"降": "VIP会员", "升": "普通会员", "改": "黄金会员", "不在": "至尊VIP会员"}
    t = table(rows, previous=previous)
    # 降: new 普通会员 (10 >= 1) but was VIP会员 -> stays VIP会员
    assert t.loc["降", "level"] == "VIP会员"
    # 升: new VIP会员 (3000 >= 2000) beats 普通会员
    assert t.loc["升", "level"] == "VIP会员"
    # 改: the old name is not in the settings any more -> cannot be ranked -> the computed level
    assert t.loc["改", "level"] == "普通会员"
    # a buyer only in previous_levels (no orders) is not added
    assert "不在" not in t.index
    # and without previous levels 降 would drop
    assert table(rows).loc["降", "level"] == "普通会员"


def test_a_level_lowered_by_hand_stands_until_a_higher_one_is_earned():
    rows = [paid_order("a", "降", 1, 600.0), paid_order("b", "升", 1, 2500.0), paid_order("c", "平", 1, 600.0)]
    # all three were set by hand to 普通会员 when the model computed 高级会员 for them
    manual = {b: ("普通会员", "高级会员") for b in ("降", "升", "平")}
    previous = {"降": "普通会员", "升": "普通会员", "平": "普通会员"}
    t = table(rows, previous=previous)
    assert t["level_computed"].to_dict() == {"降": "高级会员", "升": "VIP会员", "平": "高级会员"}
    t = customer_table(make_orders(rows), S, AS_OF, previous, manual_levels=manual).set_index("buyer")
    # 降 and 平 still compute 高级会员 (600 >= 500): not above 高级会员 -> the hand-set 普通会员 stands
    assert t.loc["降", "level"] == "普通会员" and t.loc["平", "level"] == "普通会员"
    # 升 now computes VIP会员 (2500 >= 2000), above both -> VIP会员
    assert t.loc["升", "level"] == "VIP会员"


def test_level_for_helper():
    levels = (("铜", 0), ("银", 100), ("金", 1000))
    assert list(cu.level_for([-5, 0, 99.99, 100, 1000, np.nan], levels)) == ["铜", "铜", "铜", "银", "金", "铜"]


# ----------------------------------------------------------------------------------------------
# contacts and masking


def test_contacts_come_from_the_latest_order_with_a_value():
    rows = [
        paid_order("1", "a", 30, 10, receiver_name="张三", receiver_phone="13800000000",
                   receiver_address="北京市朝阳区旧地址1号"),
        paid_order("2", "a", 5, 10, receiver_name="张三", receiver_phone="13912345678", receiver_address=""),
        paid_order("3", "a", 20, 10, receiver_name="张三三", receiver_phone="13700000000",
                   receiver_address="上海市浦东新区新地址2号", platform="jd"),
    ]
    t = table(rows)
    # latest order (5 days ago) has the phone and name; its address is blank -> the next latest (20 days)
    assert t.loc["a", "receiver_phone"] == "13912345678"
    assert t.loc["a", "receiver_name"] == "张三"
    assert t.loc["a", "receiver_address"] == "上海市浦东新区新地址2号"
    assert t.loc["a", "platform"] == "taobao"
    masked = mask_contacts(t.reset_index())
    assert masked.loc[0, "receiver_phone"] == "139****5678"
    assert masked.loc[0, "receiver_name"] == "张*"
    assert masked.loc[0, "receiver_address"] == "上海市浦东新区****"
    assert t.loc["a", "receiver_phone"] == "13912345678"  # the original is untouched


def test_mask_phone():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("+8613812341234") == "+86*******1234"  # 14 chars: keep 3 + 4, hide 7
    assert mask_phone("88886666") == "88****66"  # 8 chars: a quarter stays at each end
    assert mask_phone("123") == "***"
    assert mask_phone("") == "" and mask_phone(None) == "" and mask_phone(float("nan")) == ""
    assert mask_phone("138****1234") == "138****1234"  # already masked (PDD/Douyin exports)


def test_mask_name():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("John Smith") == "J*** *****"
    assert mask_name("李") == "*"
    assert mask_name("") == ""


def test_mask_address():
    assert mask_address("浙江省杭州市西湖区文三路100号") == "浙江省杭州市西湖区****"
    # 自治区 is a province, not the district: cut at 新城区
    assert mask_address("内蒙古自治区呼和浩特市新城区某路1号") == "内蒙古自治区呼和浩特市新城区****"
    # a 小区 (housing estate) is never the cut; no district -> after the last 市 in the first 12
    assert mask_address("广东省东莞市长安镇某某小区3栋") == "广东省东莞市****"
    assert mask_address("浙江省杭州市西湖区") == "浙江省杭州市西湖区"  # nothing to hide
    assert mask_address("1 Main St, Springfield, IL") == "****, Springfield, IL"
    assert mask_address("Somewhere") == "Somewh****"
    assert mask_address("") == ""


# ----------------------------------------------------------------------------------------------
# empty input and the docs' worked example


def test_empty_orders_give_the_archive_columns():
    t = customer_table(schema.empty_frame("orders"), S, AS_OF)
    assert len(t) == 0
    assert list(t.columns[: len(results.CUSTOMER_COLUMNS)]) == results.CUSTOMER_COLUMNS


def _doc_table(marker):
    """Rows of the markdown table that follows ``marker`` in the docs."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(marker)
    rows = []
    for line in text[start:].splitlines()[1:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if set(cells[0]) <= set("-: "):
            continue
        rows.append(cells)
    return rows[0], rows[1:]


def test_docs_rfm_worked_example():
    header, rows = _doc_table("<!-- rfm-example -->")
    assert header[:4] == ["buyer", "last paid (days ago)", "paid orders", "net amount"]
    orders = []
    for buyer, days, n, amount, *_ in rows:
        n, amount = int(n), float(amount)
        for k in range(n):
            orders.append(paid_order(f"{buyer}{k}", buyer, float(days) + k, amount / n))
    t = table(orders)
    for buyer, days, n, amount, r, f, m, seg in rows:
        got = t.loc[buyer]
        assert got["recency_days"] == float(days)
        assert (got["r_score"], got["f_score"], got["m_score"]) == (int(r), int(f), int(m)), buyer
        assert got["segment"] == seg, buyer


def test_docs_level_example():
    header, rows = _doc_table("<!-- level-example -->")
    previous = {b: old for b, _, old, _ in rows if old not in ("", "-")}
    t = table([paid_order(b, b, 3, float(amount)) for b, amount, _, _ in rows], previous=previous)
    for buyer, _, _, level in rows:
        assert t.loc[buyer, "level"] == level


def test_docs_mask_examples():
    text = DOC.read_text(encoding="utf-8")
    pairs = re.findall(r"`(mask_\w+)\(\"([^\"]*)\"\)` → `([^`]*)`", text)
    assert len(pairs) >= 3
    for fn, arg, want in pairs:
        assert getattr(cu, fn)(arg) == want


def test_missing_as_of_falls_back_to_the_newest_timestamp():
    rows = [paid_order("a", "a", 3, 10.0), paid_order("b", "b", 1, 10.0)]
    # no as-of: the newest created/paid/shipped time is b's payment, AS_OF - 1 day.
    # b's recency is then 0 days, a's (paid AS_OF - 3 days) is 3 - 1 = 2 days
    t = customer_table(make_orders(rows), S, pd.NaT).set_index("buyer")
    assert t.loc["b", "recency_days"] == 0.0 and t.loc["a", "recency_days"] == 2.0
