"""Attribution of orders to agents, silent orders and 催付 reminders, on hand-built data."""

import pandas as pd
import pytest

from desktop_app.core.model.attribution import attribute_orders, consulted_orders, find_reminders
from desktop_app.core.model.conversations import build_conversations, build_conversations_full
from desktop_app.core.model.results import ATTRIBUTION_COLUMNS
from desktop_app.core.model.settings import DEFAULT_SETTINGS, FIRST_TOUCH, SPLIT
from desktop_app.core.schema import conform

B, A = "buyer", "agent"


def msgs(rows):
    recs = [dict(time=t, shop="小店", buyer=b, agent=a, sender=s, text=x, auto=(r[5] if len(r) > 5 else False))
            for r in rows for (t, b, a, s, x) in [r[:5]]]
    return conform(pd.DataFrame(recs), "messages")


def orders(rows):
    """rows: (order_id, buyer, created, paid or None, amount[, refund, items, presale])"""
    recs = []
    for r in rows:
        oid, buyer, created, paid, amount = r[:5]
        recs.append(dict(platform="taobao", order_id=oid, buyer=buyer, created=created, paid=paid,
                         paid_amount=amount, refund_amount=r[5] if len(r) > 5 else 0.0,
                         items=r[6] if len(r) > 6 else 1.0, presale=r[7] if len(r) > 7 else False,
                         status="paid_unshipped" if paid else "unpaid"))
    return conform(pd.DataFrame(recs), "orders")


def attribute(m, o, settings=DEFAULT_SETTINGS):
    convs, turns = build_conversations(m, settings)
    return attribute_orders(o, convs, turns, settings)


def test_window_edges_just_inside_and_just_outside():
    # Window 3 days before creation, inclusive: 2026-03-05 12:00:00 - 3 days = 2026-03-02 12:00:00.
    m = msgs([
        ("2026-03-02 12:00:00", "in", "店:小王", B, "问"),  # exactly at the window start: inside
        ("2026-03-02 12:00:05", "in", "店:小王", A, "答"),
        ("2026-03-02 11:59:58", "out", "店:小王", B, "问"),  # 2 s before the window start
        ("2026-03-02 11:59:59", "out", "店:小王", A, "答"),  # reply 1 s before the window start
    ])
    o = orders([("1", "in", "2026-03-05 12:00:00", "2026-03-05 12:01:00", 100.0),
                ("2", "out", "2026-03-05 12:00:00", "2026-03-05 12:01:00", 100.0)])
    a = attribute(m, o)
    assert list(a.columns[: len(ATTRIBUTION_COLUMNS)]) == ATTRIBUTION_COLUMNS
    assert a["order_id"].tolist() == ["1"]
    assert a["agent"].tolist() == ["店:小王"] and a["weight"].tolist() == [1.0]
    assert str(a["inquiry_day"].iloc[0].date()) == "2026-03-02"
    assert bool(a["is_paid"].iloc[0]) and not bool(a["paid_same_day"].iloc[0])  # paid 3 days later


def test_needs_a_human_reply_in_the_window_before_the_order():
    m = msgs([
        # only an automatic reply: the buyer consulted, but nobody earned the order
        ("2026-03-02 10:00:00", "auto", "店:小王", B, "问"),
        ("2026-03-02 10:00:01", "auto", "店:小王", A, "自动回复：稍等", True),
        # the human reply came after the order was created
        ("2026-03-02 10:00:00", "late", "店:小王", B, "问"),
        ("2026-03-02 10:20:00", "late", "店:小王", A, "答"),
    ])
    o = orders([("1", "auto", "2026-03-02 10:05:00", "2026-03-02 10:06:00", 50.0),
                ("2", "late", "2026-03-02 10:10:00", "2026-03-02 10:11:00", 60.0)])
    assert len(attribute(m, o)) == 0
    convs, turns = build_conversations(m)
    # both buyers did consult the shop: their orders are inquiry orders, not silent ones
    assert consulted_orders(o, turns, DEFAULT_SETTINGS).tolist() == [True, True]


def test_chat_after_the_order_is_not_an_inquiry():
    m = msgs([
        ("2026-03-02 11:00:00", "b1", "店:小王", A, "亲，记得付款哦"),  # 催付 after the order
        ("2026-03-02 11:01:00", "b1", "店:小王", B, "好"),
        ("2026-03-02 11:01:10", "b1", "店:小王", A, "谢谢"),
    ])
    o = orders([("1", "b1", "2026-03-02 10:00:00", "2026-03-02 11:05:00", 80.0)])
    assert len(attribute(m, o)) == 0
    _, turns = build_conversations(m)
    assert consulted_orders(o, turns, DEFAULT_SETTINGS).tolist() == [False]  # a silent order


def two_agents():
    # b1 asks 小王 on Monday, 小李 on Tuesday, orders Tuesday afternoon
    m = msgs([
        ("2026-03-02 10:00:00", "b1", "店:小王", B, "问"), ("2026-03-02 10:00:10", "b1", "店:小王", A, "答"),
        ("2026-03-03 09:00:00", "b1", "店:小李", B, "问"), ("2026-03-03 09:00:20", "b1", "店:小李", A, "答"),
    ])
    o = orders([("9", "b1", "2026-03-03 15:00:00", "2026-03-03 15:02:00", 300.0, 0.0, 3.0)])
    return m, o


def test_two_agents_last_touch_by_default():
    m, o = two_agents()
    a = attribute(m, o)
    assert a["agent"].tolist() == ["店:小李"] and str(a["inquiry_day"].iloc[0].date()) == "2026-03-03"
    assert bool(a["paid_same_day"].iloc[0])  # paid on the inquiry day (Tuesday)
    assert str(a["inquiry_time"].iloc[0]) == "2026-03-03 09:00:00"


def test_two_agents_first_touch_option():
    m, o = two_agents()
    a = attribute(m, o, DEFAULT_SETTINGS.replace(attribution_rule=FIRST_TOUCH))
    assert a["agent"].tolist() == ["店:小王"] and str(a["inquiry_day"].iloc[0].date()) == "2026-03-02"
    assert not bool(a["paid_same_day"].iloc[0])  # paid Tuesday, inquiry Monday


def test_two_agents_equal_split_option():
    m, o = two_agents()
    a = attribute(m, o, DEFAULT_SETTINGS.replace(attribution_rule=SPLIT)).sort_values("agent")
    assert a["agent"].tolist() == ["店:小李", "店:小王"]
    assert a["weight"].tolist() == [0.5, 0.5]  # 1 / 2 qualifying agents
    assert a["paid_amount"].tolist() == [300.0, 300.0]  # weights apply in the KPIs, not here


def test_unknown_rule_is_refused():
    m, o = two_agents()
    with pytest.raises(ValueError):
        attribute(m, o, DEFAULT_SETTINGS.replace(attribution_rule="most"))


def test_same_day_window_preset():
    # window 0 = same calendar day: a Monday-night chat does not earn a Tuesday 01:00 order
    m = msgs([("2026-03-02 23:00:00", "b1", "店:小王", B, "问"), ("2026-03-02 23:00:10", "b1", "店:小王", A, "答")])
    o = orders([("1", "b1", "2026-03-03 01:00:00", "2026-03-03 01:00:30", 10.0)])
    assert len(attribute(m, o, DEFAULT_SETTINGS.replace(attribution_window_days=0))) == 0
    assert len(attribute(m, o, DEFAULT_SETTINGS.replace(attribution_window_days=1))) == 1


def test_presale_order_is_attributed_by_creation_and_paid_later():
    # 预售: deposit order created Monday after the chat, balance paid Thursday
    m = msgs([("2026-03-02 10:00:00", "b1", "店:小王", B, "预售什么时候发"),
              ("2026-03-02 10:00:06", "b1", "店:小王", A, "15号发")])
    o = orders([("P1", "b1", "2026-03-02 10:30:00", "2026-03-05 20:00:00", 500.0, 0.0, 1.0, True)])
    a = attribute(m, o)
    assert a["order_id"].tolist() == ["P1"] and bool(a["is_paid"].iloc[0])
    assert not bool(a["paid_same_day"].iloc[0])  # counts in 最终付款, not 当日付款


def test_unpaid_and_refunded_orders_keep_their_amounts():
    m = msgs([("2026-03-02 10:00:00", "b1", "店:小王", B, "问"), ("2026-03-02 10:00:06", "b1", "店:小王", A, "答")])
    o = orders([("1", "b1", "2026-03-02 11:00:00", None, 40.0),
                ("2", "b1", "2026-03-02 11:10:00", "2026-03-02 11:11:00", 70.0, 70.0)])
    a = attribute(m, o).sort_values("order_id")
    assert a["is_paid"].tolist() == [False, True]
    assert a["refund_amount"].tolist() == [0.0, 70.0]


def test_reminders_first_human_message_after_creation_before_payment():
    m = msgs([
        ("2026-03-02 10:30:00", "r1", "店:小王", A, "亲，记得付款"),  # 30 min after creation, paid 11:00
        ("2026-03-02 10:00:00", "r2", "店:小王", A, "您好"),  # same second as creation: not after it
        ("2026-03-02 10:30:00", "r3", "店:小李", A, "亲，记得付款"),  # never paid
        ("2026-03-02 10:30:00", "r4", "店:小王", A, "发货了吗"),  # after payment: not a reminder
        ("2026-03-02 10:30:00", "r5", "店:小王", A, "[自动]付款提醒", True),  # automatic: not a person
        ("2026-03-05 11:00:00", "r6", "店:小王", A, "亲"),  # 73 h after creation: outside 72 h
    ])
    o = orders([
        ("1", "r1", "2026-03-02 10:00:00", "2026-03-02 11:00:00", 10.0),
        ("2", "r2", "2026-03-02 10:00:00", None, 10.0),
        ("3", "r3", "2026-03-02 10:00:00", None, 10.0),
        ("4", "r4", "2026-03-02 10:00:00", "2026-03-02 10:20:00", 10.0),
        ("5", "r5", "2026-03-02 10:00:00", None, 10.0),
        ("6", "r6", "2026-03-02 10:00:00", None, 10.0),
    ])
    _, _, human = build_conversations_full(m)
    r = find_reminders(o, human, DEFAULT_SETTINGS).sort_values("order_id")
    assert r["order_id"].tolist() == ["1", "3"]
    assert r["agent"].tolist() == ["店:小王", "店:小李"]
    assert r["is_paid"].tolist() == [True, False]  # 1 of 2 reminded orders paid -> success 50 %
