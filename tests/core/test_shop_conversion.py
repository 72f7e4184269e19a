"""The shop's 询单转化率 is defined once (the team figure) and reaches the JSON and Excel reports."""

import json

import openpyxl
import pandas as pd

from desktop_app.core.dataset import Dataset
from desktop_app.core.model.compute import compute
from desktop_app.core.model.report import to_json
from desktop_app.core.report_xlsx import write_report
from desktop_app.core.schema import conform

T = pd.Timestamp


def _dataset() -> Dataset:
    msgs = []

    def chat(buyer, agent, t, reply_after=5):
        msgs.append(dict(time=T(t), buyer=buyer, agent=agent, sender="buyer", text="在吗"))
        msgs.append(dict(time=T(t) + pd.Timedelta(seconds=reply_after), buyer=buyer, agent=agent,
                         sender="agent", text="在的"))

    # day 1: b1 asks A and B (B later), b2 asks A, b3 asks B
    chat("b1", "店:A", "2026-05-01 09:00:00")
    chat("b1", "店:B", "2026-05-01 11:00:00")
    chat("b2", "店:A", "2026-05-01 10:00:00")
    chat("b3", "店:B", "2026-05-01 12:00:00")
    orders = [
        # b1 pays at 12:30 -> last touch is B (11:00); b2 never orders; b3 pays -> B
        dict(platform="taobao", order_id="1", buyer="b1", created=T("2026-05-01 12:30"),
             paid=T("2026-05-01 12:31"), status="paid_unshipped", paid_amount=100.0, items=1),
        dict(platform="taobao", order_id="2", buyer="b3", created=T("2026-05-01 13:00"),
             paid=T("2026-05-01 13:01"), status="paid_unshipped", paid_amount=50.0, items=1),
    ]
    return Dataset(orders=conform(pd.DataFrame(orders), "orders"),
                   messages=conform(pd.DataFrame(msgs), "messages"))


def test_shop_conversion_is_the_agents_sums_ratio_everywhere(tmp_path):
    r = compute(_dataset())
    agents = r.agents.set_index(r.agents["agent"].astype(str))
    # A: inquiring {b1, b2} = 2, paying 0 (b1's order went to B by last touch)
    # B: inquiring {b1, b3} = 2, paying {b1, b3} = 2
    assert agents.loc["店:A", "inquiring_buyers"] == 2 and agents.loc["店:A", "paying_buyers"] == 0
    assert agents.loc["店:B", "inquiring_buyers"] == 2 and agents.loc["店:B", "paying_buyers"] == 2
    # shop: each (day, buyer) once (issue 11): b1, b2, b3 inquired; b1 and b3 paid -> 2 / 3
    # (b1, served by two agents, counts in both agents' 询单人数 but once for the shop)
    assert r.shop["inquiring_buyers"] == 3 and r.shop["inquiry_paying_buyers"] == 2
    assert r.shop["conversion_rate"] == 2 / 3
    day = r.shop_days.set_index("day")
    assert day.loc[T("2026-05-01"), "conversion_rate"] == 2 / 3
    doc = json.loads(to_json(r, []))
    assert doc["shop"]["conversion_rate"] == 2 / 3
    path = write_report(r, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path)["概览"]
    row = next(row for row in ws.iter_rows(values_only=True) if row and row[0] == "询单转化率")
    assert row[1] == 2 / 3
