"""An agent's months side by side: each month appraised on that month's own rows (issue 14)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from desktop_app.core.appraisal.months import agent_months, monthly_agents, monthly_appraisals, months_of
from desktop_app.core.appraisal.scheme import parse_scheme
from desktop_app.core.dataset import Dataset
from desktop_app.core.model.compute import compute
from desktop_app.core.model.results import AGENT_COLUMNS
from desktop_app.core.schema import conform

T = pd.Timestamp
ORDERS = [dict(platform="taobao", order_id="1", buyer="amy", created=T("2026-10-30 10:05"),
               paid=T("2026-10-30 10:06"), status="paid_unshipped", paid_amount=200.0, items=1),
          dict(platform="taobao", order_id="2", buyer="cat", created=T("2026-11-02 11:00"),
               paid=T("2026-11-02 11:01"), status="paid_unshipped", paid_amount=50.0, items=1)]
MESSAGES = [
    # October: 小王 answers amy in 5 s and she buys
    dict(time=T("2026-10-30 10:00:00"), buyer="amy", agent="店:小王", sender="buyer", text="在吗"),
    dict(time=T("2026-10-30 10:00:05"), buyer="amy", agent="店:小王", sender="agent", text="在的"),
    # November: 小王 answers bob in 25 s, bob does not buy; 小李 answers cat in 10 s and she buys
    dict(time=T("2026-11-01 09:00:00"), buyer="bob", agent="店:小王", sender="buyer", text="有货吗"),
    dict(time=T("2026-11-01 09:00:25"), buyer="bob", agent="店:小王", sender="agent", text="有"),
    dict(time=T("2026-11-02 10:59:00"), buyer="cat", agent="店:小李", sender="buyer", text="包邮吗"),
    dict(time=T("2026-11-02 10:59:10"), buyer="cat", agent="店:小李", sender="agent", text="包邮"),
]
SCHEME = parse_scheme({
    "version": 1, "name": "m",
    "items": [{"kpi": "conversion_rate", "weight": 50, "better": "higher", "bands": [[0.5, 100]]},
              {"kpi": "first_response_mean_s", "weight": 50, "better": "lower", "linear": {"floor": 45, "target": 5}},
              {"kpi": "clean_share", "weight": 10, "better": "higher", "linear": {"floor": 0, "target": 1}}],
    "commission": {"base": "sales", "mode": "whole", "tiers": [[0, 0.1]]},
    "grades": [[80, "A"], [0, "B"]]})


@pytest.fixture(scope="module")
def results():
    return compute(Dataset(orders=conform(pd.DataFrame(ORDERS), "orders"),
                           messages=conform(pd.DataFrame(MESSAGES), "messages")))


def test_months_by_hand(results):
    assert [str(m) for m in months_of(results)] == ["2026-10", "2026-11"]
    months = monthly_agents(results)
    oct_, nov = (months[m].set_index("agent") for m in months)
    assert list(oct_.index) == ["店:小王"] and oct_.loc["店:小王", "sales"] == 200.0
    assert nov.loc["店:小王", "conversion_rate"] == 0.0 and nov.loc["店:小李", "sales"] == 50.0
    # the months' additive figures add up to the whole range's
    both = pd.concat(months.values()).groupby("agent")[["inquiring_buyers", "paying_buyers", "sales"]].sum()
    whole = results.agents.set_index("agent")[["inquiring_buyers", "paying_buyers", "sales"]]
    pd.testing.assert_frame_equal(both.sort_index(), whole.sort_index(), check_dtype=False)
    table = agent_months(monthly_appraisals(months, SCHEME, results.settings), "店:小王")
    # October: 100 and (45-5)/40 = 100 -> 100, A, 提成 20; November: 0 and (45-25)/40 = 50 -> 25, B, 提成 0
    assert table["month"].tolist() == ["2026-10", "2026-11"]
    assert table["total"].tolist() == [100.0, 25.0] and table["grade"].tolist() == ["A", "B"]
    assert table["commission"].tolist() == [20.0, 0.0]
    assert math.isnan(table["clean_share"].iloc[0])  # a whole-range figure: not available per month
    li = agent_months(monthly_appraisals(months, SCHEME, results.settings), "店:小李")
    # no October activity; November: 100 x .5 + (45-10)/40 = 87.5 x .5 = 93.75
    assert math.isnan(li["total"].iloc[0]) and li["total"].iloc[1] == 93.75


def test_one_month_equals_the_whole_range():
    one = compute(Dataset(orders=conform(pd.DataFrame(ORDERS[1:]), "orders"),
                          messages=conform(pd.DataFrame(MESSAGES[2:]), "messages")))
    (month, agents), = monthly_agents(one).items()
    pd.testing.assert_frame_equal(agents[AGENT_COLUMNS].reset_index(drop=True),
                                  one.agents[AGENT_COLUMNS].reset_index(drop=True), check_dtype=False)
