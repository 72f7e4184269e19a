"""Daily trends and week-over-week comparison, on hand-built Results with hand-worked figures."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.model.results import Results
from desktop_app.core.model.settings import ModelSettings
from desktop_app.core import trends as tr

D = pd.Timestamp
NAN = float("nan")


def make_results(**frames) -> Results:
    base = dict(as_of=D("2026-11-17 18:00"), settings=ModelSettings(), conversations=pd.DataFrame(),
                turns=pd.DataFrame(), agents=pd.DataFrame(), agent_days=pd.DataFrame(),
                attribution=pd.DataFrame(), shop={}, shop_days=pd.DataFrame(), product_refunds=pd.DataFrame(),
                unshipped=pd.DataFrame(), out_of_stock=pd.DataFrame(), unpaid=pd.DataFrame(),
                customers=pd.DataFrame())
    base.update(frames)
    return Results(**base)


AGENT_DAYS = pd.DataFrame({
    "agent": ["店:A", "店:A", "店:A"],
    "day": [D("2026-11-09"), D("2026-11-16"), D("2026-11-17")],
    "inquiring_buyers": [10, 10, 5],
    "paying_buyers": [2, 3, 2],
    "conversion_rate": [0.2, 0.3, 0.4],
    "sales": [200.0, 300.0, 100.0],
    "aov": [100.0, 100.0, 50.0],
    "paid_orders": [2.0, 3.0, 2.0],
    "refund_orders": [0, 1, 0],
    "refund_rate": [0.0, 1 / 3, 0.0],
    "first_response_mean_s": [8.0, 4.0, 10.0],
    "first_response_median_s": [7.0, 3.0, 9.0],
    "first_responses": [10, 10, 5],
    "response_mean_s": [12.0, 10.0, 20.0],
    "response_median_s": [11.0, 9.0, 15.0],
    "responses": [20, 30, 10],
})

SHOP_DAYS = pd.DataFrame({
    "day": [D("2026-11-16")], "orders": [5], "paid_orders": [4], "sales": [500.0], "paying_buyers": [4],
    "aov": [125.0], "refund_orders": [1], "refund_rate": [0.25],
})
CONVERSATIONS = pd.DataFrame({
    "day": [D("2026-11-16")] * 4,
    "agent": ["店:A", "店:B", "店:A", "店:B"],
    "buyer": ["b1", "b2", "b3", "b1"],
    "inquiry": [True, True, False, True],
    "first_response_s": [4.0, 8.0, NAN, 6.0],
})
TURNS = pd.DataFrame({
    "day": [D("2026-11-16")] * 5,
    "response_s": [2.0, 4.0, 9.0, NAN, 100.0],
    "counted": [True, True, True, True, False],  # the 100 s turn is outside service hours
})
ATTRIBUTION = pd.DataFrame({
    "buyer": ["b1", "b2"], "agent": ["店:A", "店:B"], "is_paid": [True, False],
    "inquiry_day": [D("2026-11-16"), D("2026-11-16")],
})


def test_daily_trends_has_agent_and_shop_rows():
    res = make_results(agent_days=AGENT_DAYS, shop_days=SHOP_DAYS, conversations=CONVERSATIONS, turns=TURNS,
                       attribution=ATTRIBUTION)
    t = tr.daily_trends(res)
    assert list(t.columns) == tr.TREND_COLUMNS
    assert t["day"].dtype == "datetime64[ns]"
    agent = t[t["scope"] == "agent"]
    assert agent["agent"].tolist() == ["店:A"] * 3
    assert agent["conversion_rate"].tolist() == [0.2, 0.3, 0.4]
    assert agent["converted_buyers"].tolist() == [2.0, 3.0, 2.0]  # an agent's paying buyers
    shop = t[t["scope"] == "shop"].iloc[0]
    assert shop["agent"] == ""
    # inquiring buyers on 11-16: b1 and b2 (b3 never wrote) = 2; b1 paid an attributed order -> 1/2
    assert shop["inquiring_buyers"] == 2 and shop["converted_buyers"] == 1
    assert shop["conversion_rate"] == 0.5
    assert shop["aov"] == 125.0 and shop["refund_rate"] == 0.25
    # first responses (4, 8, 6): mean 6, median 6, three of them
    fr = (shop["first_response_mean_s"], shop["first_response_median_s"], shop["first_responses"])
    assert fr == (6, 6, 3)
    # counted answered turns (2, 4, 9): mean 5, median 4; the 100 s uncounted turn is left out
    assert (shop["response_mean_s"], shop["response_median_s"], shop["responses"]) == (5, 4, 3)


def test_week_over_week_recomputes_rates_from_sums():
    t = tr.daily_trends(make_results(agent_days=AGENT_DAYS))
    # min_base=0: every relative change, however few buyers behind it (the guard is tested below)
    wow = tr.week_over_week(t, D("2026-11-17 18:00"), min_base=0)
    assert wow.attrs["this_week"] == (D("2026-11-11"), D("2026-11-17"))
    assert wow.attrs["previous_week"] == (D("2026-11-04"), D("2026-11-10"))
    got = wow.set_index("metric")
    # this week = 11-16 + 11-17; previous = 11-09
    # conversion (3 + 2) / (10 + 5) = 1/3 against 2/10 = 0.2: +0.1333, relative +66.7 %
    row = got.loc["conversion_rate"]
    assert row["this_week"] == pytest.approx(1 / 3) and row["previous_week"] == pytest.approx(0.2)
    assert row["change"] == pytest.approx(1 / 3 - 0.2) and row["change_rel"] == pytest.approx(2 / 3)
    assert row["improved"]
    # AOV (300 + 100) / (3 + 2) = 80 against 200 / 2 = 100: -20, -20 %, worse
    assert (got.loc["aov", "this_week"], got.loc["aov", "change"]) == (80, -20)
    assert got.loc["aov", "change_rel"] == pytest.approx(-0.2) and not got.loc["aov", "improved"]
    # first response weighted by count: (4*10 + 10*5) / 15 = 6 against 8: -2 s, better
    assert got.loc["first_response_mean_s", "this_week"] == pytest.approx(6.0)
    assert got.loc["first_response_mean_s", "change"] == pytest.approx(-2.0)
    assert got.loc["first_response_mean_s", "improved"]
    # response: (10*30 + 20*10) / 40 = 12.5 against 12: +0.5 s, worse
    assert got.loc["response_mean_s", "this_week"] == pytest.approx(12.5)
    assert not got.loc["response_mean_s", "improved"]
    # refund rate 1 / (3 + 2) = 0.2 against 0 / 2 = 0: no relative change from zero
    assert got.loc["refund_rate", "this_week"] == pytest.approx(0.2)
    assert math.isnan(got.loc["refund_rate", "change_rel"])
    assert got.loc["sales", "this_week"] == 400 and got.loc["inquiring_buyers", "previous_week"] == 10


def test_missing_sample_sizes_fall_back_to_daily_mean_and_empty_inputs():
    days = AGENT_DAYS.drop(columns=["first_responses", "responses", "paid_orders"])
    t = tr.daily_trends(make_results(agent_days=days))
    assert np.isnan(t["first_responses"]).all()
    got = tr.week_over_week(t, "2026-11-17").set_index("metric")
    assert got.loc["first_response_mean_s", "this_week"] == pytest.approx(7.0)  # (4 + 10) / 2
    assert math.isnan(got.loc["refund_rate", "this_week"])  # no paid-order counts: unknown, not 0
    empty = tr.daily_trends(make_results())
    assert list(empty.columns) == tr.TREND_COLUMNS and len(empty) == 0
    assert list(tr.week_over_week(empty, "2026-11-17").columns) == tr.WOW_COLUMNS


def test_shop_conversion():
    res = make_results(conversations=CONVERSATIONS, attribution=ATTRIBUTION)
    assert tr.shop_conversion(res) == 0.5  # b1 of (b1, b2)
    assert math.isnan(tr.shop_conversion(make_results()))


def test_week_over_week_gives_no_percentage_on_a_tiny_base():
    t = tr.daily_trends(make_results(agent_days=AGENT_DAYS))
    got = tr.week_over_week(t, D("2026-11-17 18:00")).set_index("metric")  # MIN_WOW_BASE = 10
    assert tr.MIN_WOW_BASE == 10
    # conversion rests on 15 and 10 inquiring buyers: enough, +66.7 % as before
    conv = got.loc["conversion_rate"]
    assert (conv["base_this"], conv["base_previous"]) == (15, 10)
    assert conv["change_rel"] == pytest.approx(2 / 3)
    # AOV on 5 and 2 paying buyers: the values and the absolute change stay, the percentage goes
    aov = got.loc["aov"]
    assert (aov["base_this"], aov["base_previous"]) == (5, 2)
    assert (aov["this_week"], aov["change"]) == (80, -20) and math.isnan(aov["change_rel"])
    assert not aov["improved"]  # the direction is still told
    # first responses: 10 + 5 = 15 this week against 10: enough; 6 s against 8 s = -25 %
    fr = got.loc["first_response_mean_s"]
    assert (fr["base_this"], fr["base_previous"]) == (15, 10) and fr["change_rel"] == pytest.approx(-0.25)
    # sales rest on the paying buyers too: 5 against 2, no percentage
    assert got.loc["sales", "change"] == 200 and math.isnan(got.loc["sales", "change_rel"])
    # a threshold of 2 lets AOV's -20 % through again
    low = tr.week_over_week(t, D("2026-11-17 18:00"), min_base=2).set_index("metric")
    assert low.loc["aov", "change_rel"] == pytest.approx(-0.2)
