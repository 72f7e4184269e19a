"""A chat log alone: every order figure is "not available", never 0 (issue 11: not available is not zero)."""

from __future__ import annotations

import json

from test_cli_report import files, run  # noqa: F401 - the fixture is used by name


def test_a_chat_log_alone_reports_no_order_figure_as_zero(files):  # noqa: F811
    _orders, chats = files
    code, out, _err = run(["--chats", str(chats), "--json", "-"])
    assert code == 0
    report = json.loads(out)
    shop, (agent,) = report["shop"], report["agents"]
    for key in ("orders", "paid_orders", "sales", "paying_buyers", "aov", "silent_sales", "inquiry_sales",
                "agent_sales", "conversion_rate", "unshipped", "unpaid_due", "refund_rate"):
        assert shop[key] is None, key
    for key in ("conversion_rate", "sales", "paying_buyers", "aov"):
        assert agent[key] is None, key
    # the chat figures are there: one conversation, one inquiring buyer, answered in 9 s
    assert (shop["conversations"], agent["inquiring_buyers"], agent["first_response_median_s"]) == (1, 1, 9.0)
    reasons = {u["figure"]: u["code"] for u in report["unavailable"]}
    assert reasons["sales"] == reasons["customers"] == reasons["unpaid"] == "no_orders"
    assert report["order_checks"]["unpaid_due"] == [] and report["customers"] == []
