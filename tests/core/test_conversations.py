"""Conversations, turns and response times on hand-built chat logs (expected values worked out here)."""

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.model.conversations import build_conversations, mark_automatic, next_opening
from desktop_app.core.model.results import CONVERSATION_COLUMNS, TURN_COLUMNS
from desktop_app.core.model.settings import DEFAULT_SETTINGS, ModelSettings
from desktop_app.core.schema import conform

B, A = "buyer", "agent"


def msgs(rows):
    """rows: (time, buyer, agent, sender, text[, auto])"""
    recs = []
    for r in rows:
        t, buyer, agent, sender, text = r[:5]
        recs.append(dict(time=t, shop="小店", buyer=buyer, agent=agent, sender=sender, text=text,
                         auto=r[5] if len(r) > 5 else False))
    return conform(pd.DataFrame(recs), "messages")


def conv_of(convs, buyer, agent, i=0):
    c = convs[(convs["buyer"].astype(str) == buyer) & (convs["agent"].astype(str) == agent)]
    return c.sort_values("start").iloc[i]


def test_auto_reply_does_not_stop_the_clock_and_consecutive_buyer_messages_form_one_turn():
    m = msgs([
        ("2026-03-02 10:00:00", "b1", "店:小王", B, "在吗"),
        ("2026-03-02 10:00:01", "b1", "店:小王", A, "欢迎光临，有什么可以帮您", True),  # export-marked auto
        ("2026-03-02 10:00:05", "b1", "店:小王", B, "这个有货吗"),  # same turn: no human between
        ("2026-03-02 10:00:20", "b1", "店:小王", A, "有的亲"),  # first human reply
        ("2026-03-02 10:01:00", "b1", "店:小王", B, "好的"),  # second turn, never answered
    ])
    convs, turns = build_conversations(m)
    assert list(convs.columns[: len(CONVERSATION_COLUMNS)]) == CONVERSATION_COLUMNS
    assert list(turns.columns[: len(TURN_COLUMNS)]) == TURN_COLUMNS
    assert len(convs) == 1
    c = convs.iloc[0]
    # 5 messages = 3 buyer + 1 human + 1 automatic
    assert (c.messages, c.buyer_messages, c.agent_messages, c.auto_messages) == (5, 3, 1, 1)
    # turn 1: 10:00:00 -> 10:00:20 = 20 s (the auto reply at 10:00:01 does not count); turn 2 unanswered,
    # and an unanswered turn is slow (issue 11: never better than a late reply)
    assert (c.turns, c.answered_turns, c.unanswered_turns, c.slow_turns) == (2, 1, 1, 1)
    assert c.first_response_s == 20.0
    assert c.mean_response_s == 20.0  # mean over answered turns only
    assert bool(c.inquiry)
    assert turns["response_s"].tolist()[0] == 20.0 and np.isnan(turns["response_s"].tolist()[1])
    assert turns["is_first"].tolist() == [True, False]
    assert turns["answered"].tolist() == [True, False]
    # 2026-03-02 is a Monday (weekday 0), 10 o'clock
    assert turns["weekday"].tolist() == [0, 0] and turns["hour"].tolist() == [10, 10]


def test_auto_reply_recognised_by_text_pattern_and_robot_sub_account():
    m = msgs([
        ("2026-03-02 10:00:00", "b1", "店:小王", B, "在吗"),
        ("2026-03-02 10:00:02", "b1", "店:小王", A, "[自动]您好，客服稍后回复"),  # text pattern \[自动\]
        ("2026-03-02 10:00:03", "b1", "店:店小蜜", A, "我是店小蜜"),  # robot account (other pair)
        ("2026-03-02 10:00:30", "b1", "店:小王", A, "您好"),  # human: 30 s
    ])
    auto = mark_automatic(m, DEFAULT_SETTINGS)
    assert auto.tolist() == [False, True, True, False]
    convs, turns = build_conversations(m)
    wang = conv_of(convs, "b1", "店:小王")
    assert wang.first_response_s == 30.0 and wang.auto_messages == 1
    robot = conv_of(convs, "b1", "店:店小蜜")
    # the robot pair: only an automatic message, no buyer message -> not an inquiry, no turns
    assert (robot.messages, robot.auto_messages, robot.turns, bool(robot.inquiry)) == (1, 1, 0, False)


def test_turns_with_a_robot_account_are_not_counted():
    m = msgs([
        ("2026-03-02 10:00:00", "b1", "店:店小蜜", B, "在吗"),
        ("2026-03-02 10:00:01", "b1", "店:店小蜜", A, "您好，我是店小蜜"),  # robot: automatic
    ])
    convs, turns = build_conversations(m)
    # the buyer's turn stays in the table (traffic, attribution) but is not counted as unanswered
    assert turns["counted"].tolist() == [False]
    c = convs.iloc[0]
    assert (c.turns, c.unanswered_turns, bool(c.inquiry), c.auto_messages) == (0, 0, True, 1)


def test_a_shop_called_robot_does_not_make_its_agents_robots():
    m = msgs([("2026-03-02 10:00:00", "b1", "Robot Store:Amy", A, "hello")])
    assert mark_automatic(m, DEFAULT_SETTINGS).tolist() == [False]


def test_split_on_idle_gap_and_at_midnight():
    m = msgs([
        ("2026-03-02 09:00:00", "b1", "店:小王", B, "a"),
        # exactly 30 min idle: same conversation (only > 30 min splits)
        ("2026-03-02 09:30:00", "b1", "店:小王", A, "b"),
        ("2026-03-02 10:00:01", "b1", "店:小王", B, "c"),  # 30 min 1 s idle: new conversation
        ("2026-03-02 23:59:50", "b1", "店:小王", B, "d"),  # new conversation (idle for hours)
        ("2026-03-03 00:00:10", "b1", "店:小王", A, "e"),  # 20 s later but after midnight: new conversation
    ])
    convs, turns = build_conversations(m)
    assert len(convs) == 4
    c = convs.sort_values("start")
    assert c["messages"].tolist() == [2, 1, 1, 1]
    # conv 1: 09:00:00 -> 09:30:00 = 1800 s (slow, > 60 s); conv 2 and 3: buyer only -> unanswered
    assert c["first_response_s"].tolist()[0] == 1800.0
    assert np.isnan(c["first_response_s"].tolist()[1]) and np.isnan(c["first_response_s"].tolist()[2])
    # conv 2 and 3 are unanswered turns: slow too (issue 11); conv 4 has no buyer turn
    assert c["slow_turns"].tolist() == [1, 1, 1, 0]
    # conv 4 is the agent's message after midnight: outbound only
    assert c["inquiry"].tolist() == [True, True, True, False]
    assert c["day"].astype(str).tolist() == ["2026-03-02", "2026-03-02", "2026-03-02", "2026-03-03"]
    # with the midnight split off, 23:59:50 -> 00:00:10 is one conversation answered in 20 s
    convs2, _ = build_conversations(m, DEFAULT_SETTINGS.replace(split_at_midnight=False))
    assert len(convs2) == 3 and convs2.sort_values("start")["first_response_s"].tolist()[2] == 20.0


def test_outbound_only_reminder_is_not_an_inquiry_but_a_buyer_answer_starts_a_turn():
    m = msgs([
        ("2026-03-02 09:00:00", "b1", "店:小王", A, "亲，订单还没付款哦"),  # 催付, never answered
        ("2026-03-02 09:00:00", "b2", "店:小王", A, "亲，订单还没付款哦"),
        ("2026-03-02 09:05:00", "b2", "店:小王", B, "马上付"),
        ("2026-03-02 09:06:00", "b2", "店:小王", A, "好的"),  # 60 s after the buyer's turn
    ])
    convs, turns = build_conversations(m)
    one = conv_of(convs, "b1", "店:小王")
    assert (bool(one.inquiry), one.turns, one.agent_messages) == (False, 0, 1)
    two = conv_of(convs, "b2", "店:小王")
    assert (bool(two.inquiry), two.turns, two.first_response_s) == (True, 1, 60.0)
    # extra columns: when the buyer first wrote, when a person first wrote (the reminder, before it)
    assert str(two.first_buyer_message) == "2026-03-02 09:05:00"
    assert str(two.first_human_message) == "2026-03-02 09:00:00"
    assert len(turns) == 1


def test_buyer_served_by_two_agents_gets_separate_conversations_and_clocks():
    m = msgs([
        ("2026-03-02 10:00:00", "b1", "店:小王", B, "售前问题"),
        ("2026-03-02 10:00:04", "b1", "店:小王", A, "您好"),  # 4 s
        ("2026-03-02 10:10:00", "b1", "店:小李", B, "售后问题"),
        ("2026-03-02 10:10:12", "b1", "店:小李", A, "您好"),  # 12 s
    ])
    convs, _ = build_conversations(m)
    assert conv_of(convs, "b1", "店:小王").first_response_s == 4.0
    assert conv_of(convs, "b1", "店:小李").first_response_s == 12.0


def test_platform_reading_cap_unanswered_as_cap_service_hours_and_slow_100s():
    m = msgs([
        ("2026-03-02 07:30:00", "b1", "店:小王", B, "早"),  # before 08:00: not counted
        ("2026-03-02 07:30:20", "b1", "店:小王", A, "早"),
        ("2026-03-02 10:00:00", "b2", "店:小王", B, "在吗"),
        ("2026-03-02 10:15:00", "b2", "店:小王", A, "在"),  # 900 s -> capped at 600
        ("2026-03-02 10:16:00", "b2", "店:小王", B, "?"),  # never answered -> counts as 600
        ("2026-03-02 11:00:00", "b3", "店:小王", B, "hi"),
        ("2026-03-02 11:01:30", "b3", "店:小王", A, "hi"),  # 90 s: slow by default (>60), not at 100 s
    ])
    plat = ModelSettings.platform_preset()
    convs, turns = build_conversations(m, plat)
    t = turns.sort_values("start").reset_index(drop=True)
    assert t["counted"].tolist() == [False, True, True, True]
    assert np.isnan(t.loc[0, "response_s"]) and t.loc[0, "calendar_response_s"] == 20.0
    assert t["response_s"].tolist()[1:] == [600.0, 600.0, 90.0]
    assert t["calendar_response_s"].tolist()[1] == 900.0 and np.isnan(t["calendar_response_s"].tolist()[2])
    # slow = response > 100 s: both 600 s turns (the unanswered one waited the whole cap), not the 90 s one
    assert t["slow"].tolist() == [False, True, True, False]
    b1 = conv_of(convs, "b1", "店:小王")
    assert b1.turns == 0 and np.isnan(b1.first_response_s)  # its only turn is outside service hours
    b2 = conv_of(convs, "b2", "店:小王")
    assert (b2.turns, b2.answered_turns, b2.unanswered_turns) == (2, 1, 1)
    assert b2.first_response_s == 600.0 and b2.mean_response_s == 600.0  # (600 + 600) / 2
    # default reading: no cap, unanswered stays NaN, every hour counts, slow at 60 s; the unanswered
    # turn is slow as well (issue 11)
    _, td = build_conversations(m)
    td = td.sort_values("start")
    assert td["response_s"].tolist()[:2] == [20.0, 900.0]
    assert td["slow"].tolist() == [False, True, True, True]


def test_working_hours_measure_from_next_opening_and_keep_calendar_time():
    week = tuple((d, "09:00", "18:00") for d in range(5))  # Mon-Fri 09:00-18:00
    s = DEFAULT_SETTINGS.replace(working_hours=week)
    m = msgs([
        ("2026-03-02 08:50:00", "b1", "店:小王", B, "早"),  # Monday before opening
        ("2026-03-02 09:00:30", "b1", "店:小王", A, "早上好"),  # 30 s after 09:00 (calendar 630 s)
        ("2026-03-02 10:00:00", "b2", "店:小王", B, "在吗"),  # inside hours
        ("2026-03-02 10:00:12", "b2", "店:小王", A, "在"),  # 12 s
        ("2026-03-07 10:00:00", "b3", "店:小王", B, "周六"),  # Saturday: next opening Monday 09:00
        ("2026-03-07 10:05:00", "b3", "店:小王", A, "在"),  # replied before that opening -> 0 s
    ])
    _, turns = build_conversations(m, s)
    t = turns.sort_values("start")
    assert t["response_s"].tolist() == [30.0, 12.0, 0.0]
    assert t["calendar_response_s"].tolist() == [630.0, 12.0, 300.0]


def test_next_opening_skips_closed_days_and_handles_after_closing():
    week = ((0, "09:00", "18:00"), (4, "09:00", "18:00"))  # Monday and Friday only
    ts = pd.to_datetime(["2026-03-02 18:30:00", "2026-03-06 12:00:00", "2026-03-06 20:00:00"])
    out = pd.to_datetime(next_opening(ts.astype("datetime64[ns]").to_numpy().view("i8"), week))
    # Mon 18:30 -> Fri 09:00; Fri 12:00 inside; Fri 20:00 -> next Mon 09:00
    assert [str(x) for x in out] == ["2026-03-06 09:00:00", "2026-03-06 12:00:00", "2026-03-09 09:00:00"]


def test_empty_log_gives_empty_frames():
    convs, turns = build_conversations(conform(pd.DataFrame(), "messages"))
    assert len(convs) == 0 and len(turns) == 0
    assert list(convs.columns[: len(CONVERSATION_COLUMNS)]) == CONVERSATION_COLUMNS


@pytest.mark.parametrize("n", [1, 3])
def test_message_order_in_the_file_does_not_matter(n):
    rows = [
        ("2026-03-02 10:00:00", "b1", "店:小王", B, "在吗"),
        ("2026-03-02 10:00:05", "b1", "店:小王", B, "有货吗"),
        ("2026-03-02 10:00:09", "b1", "店:小王", A, "有"),
    ]
    shuffled = rows[n:] + rows[:n]
    _, turns = build_conversations(msgs(shuffled))
    assert turns["response_s"].tolist() == [9.0]  # from the first buyer message 10:00:00


def test_factorize_text_matches_pandas_and_blanks_missing_values():
    from desktop_app.core.model.conversations import factorize_text

    values = ["b", "a", "b", None, float("nan"), "", "a"]
    codes, uniques = factorize_text(values)
    # missing values become "", first-appearance order: b, a, ""
    assert list(uniques) == ["b", "a", ""]
    assert codes.tolist() == [0, 1, 0, 2, 2, 2, 1]
    ref_codes, ref_uniques = pd.factorize(np.array(["b", "a", "b", "", "", "", "a"], dtype=object))
    assert codes.tolist() == ref_codes.tolist() and list(ref_uniques) == list(uniques)
