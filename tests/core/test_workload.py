"""The workload table (排班) on generated logs with known arrivals and durations, worked out by hand here."""

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.dataset import Dataset
from desktop_app.core.model.compute import compute
from desktop_app.core.model.conversations import build_conversations_full
from desktop_app.core.model.settings import DEFAULT_SETTINGS
from desktop_app.core.model.staffing import staffing_table
from desktop_app.core.model.workload import WORKLOAD_COLUMNS, build_workload, concurrency, weeks_present
from desktop_app.core.schema import conform

B, A = "buyer", "agent"


def msgs(rows):
    recs = [dict(time=t, shop="小店", buyer=b, agent=a, sender=s, text=x, auto=False) for t, b, a, s, x in rows]
    return conform(pd.DataFrame(recs), "messages")


def conversation(start, buyer, agent, reply_after_s, last_after_s):
    """A buyer writes at ``start``, the agent replies after ``reply_after_s`` and writes last at ``last_after_s``."""
    t0 = pd.Timestamp(start)
    return [
        (t0, buyer, agent, B, "在吗"),
        (t0 + pd.Timedelta(seconds=reply_after_s), buyer, agent, A, "在的"),
        (t0 + pd.Timedelta(seconds=last_after_s), buyer, agent, A, "谢谢光临"),
    ]


def workload_of(rows, settings=DEFAULT_SETTINGS):
    conversations, turns, human = build_conversations_full(msgs(rows), settings)
    return build_workload(conversations, turns, human, settings)


def slot(w, weekday, hour):
    s = w.slots
    return s[(s.weekday == weekday) & (s.hour == hour)].iloc[0]


@pytest.fixture()
def two_weeks():
    # Mon 2026-03-02 .. Sun 2026-03-15: two of every weekday
    rows = []
    for monday in ("2026-03-02", "2026-03-09"):
        # each Monday 10:00-10:59: three buyers, replies after 15, 25 and 35 s, each conversation 120 s long
        for i, reply in enumerate((15, 25, 35)):
            rows += conversation(f"{monday} 10:{10 * i:02d}:00", f"b{monday}{i}", "店:小王", reply, 120)
        # and 小李 on duty in that hour too, writing to a buyer of the day before... an outbound message
        rows.append((pd.Timestamp(f"{monday} 10:30:00"), f"old{monday}", "店:小李", A, "亲，您的快递到了"))
    # one Tuesday 14:00 conversation of 300 s, first reply after 8 s
    rows += conversation("2026-03-03 14:05:00", "bt", "店:小王", 8, 300)
    # the last day of the range: Sunday 2026-03-15 20:00, 60 s
    rows += conversation("2026-03-15 20:00:00", "bs", "店:小李", 5, 60)
    return workload_of(rows)


def test_weeks_present_counts_each_weekday_in_the_range():
    day = 86_400 * 10**9
    mon = pd.Timestamp("2026-03-02").value
    assert weeks_present(mon, mon + 13 * day).tolist() == [2] * 7
    # Wed .. next Tue (7 days) -> one of each; Wed .. Fri (3 days) -> Wed, Thu, Fri once
    wed = pd.Timestamp("2026-03-04").value
    assert weeks_present(wed, wed + 6 * day).tolist() == [1] * 7
    assert weeks_present(wed, wed + 2 * day).tolist() == [0, 0, 1, 1, 1, 0, 0]


def test_arrivals_handle_on_duty_and_first_response_per_slot(two_weeks):
    w = two_weeks
    assert list(w.slots.columns) == WORKLOAD_COLUMNS and len(w.slots) == 168
    assert w.first_day == pd.Timestamp("2026-03-02") and w.last_day == pd.Timestamp("2026-03-15")
    assert w.conversations == 8  # 6 on Mondays, 1 Tuesday, 1 Sunday (outbound-only ones are no arrival)
    mon10 = slot(w, 0, 10)
    # 6 arrivals over 2 Mondays -> 3 an hour; every conversation 120 s long
    assert (mon10.weeks, mon10.arrivals, mon10.arrivals_per_hour, mon10.handle_s) == (2, 6, 3.0, 120.0)
    # 小王 and 小李 both wrote in that hour on both Mondays -> 2 on duty
    assert mon10.on_duty == 2.0
    # first responses 15, 25, 35, 15, 25, 35: median 25; P90 (numpy linear) = 35
    assert mon10.first_responses == 6
    assert mon10.first_response_median_s == 25.0 and mon10.first_response_p90_s == 35.0
    tue14 = slot(w, 1, 14)
    # one arrival over two Tuesdays -> 0.5 an hour; 300 s; 1 on duty in one of 2 weeks -> 0.5
    assert (tue14.arrivals, tue14.arrivals_per_hour, tue14.handle_s, tue14.on_duty) == (1, 0.5, 300.0, 0.5)
    assert tue14.first_response_median_s == 8.0
    quiet = slot(w, 2, 3)  # Wednesday 03:00: nothing, but the weekday is in the range -> 0, not NaN
    assert quiet.arrivals_per_hour == 0.0 and quiet.on_duty == 0.0 and np.isnan(quiet.handle_s)
    assert np.isnan(quiet.first_response_median_s)


def test_a_weekday_outside_the_range_is_not_available():
    # Wed 2026-03-04 .. Thu 2026-03-05 only: Monday has no weeks -> NaN, never 0
    rows = conversation("2026-03-04 09:00:00", "b1", "店:小王", 10, 60) + \
        conversation("2026-03-05 09:00:00", "b2", "店:小王", 10, 60)
    w = workload_of(rows)
    mon9 = slot(w, 0, 9)
    assert mon9.weeks == 0 and np.isnan(mon9.arrivals_per_hour) and np.isnan(mon9.on_duty)
    table = staffing_table(w, 0.8, 10, 1)
    assert np.isnan(table.loc[(table.weekday == 0) & (table.hour == 9), "needed"]).all()
    assert table.loc[(table.weekday == 2) & (table.hour == 9), "needed"].item() == 1.0


def test_concurrency_on_hand_made_overlaps():
    m = 60 * 10**9
    t = pd.Timestamp("2026-03-02 10:00").value
    # agent 0: 10:00-10:10 and 10:05-10:15 -> 1 open for 5 min, 2 for 5 min, 1 for 5 min
    mean, p90 = concurrency(np.array([0, 0]), np.array([t, t + 5 * m]), np.array([t + 10 * m, t + 15 * m]))
    assert mean == pytest.approx((5 + 2 * 5 + 5) / 15) and p90 == 2.0
    # plus agent 1 alone 10:00-10:30: level 1 for 40 of 45 agent-minutes (88.9 % < 90 %) -> P90 = 2
    mean, p90 = concurrency(np.array([0, 0, 1]), np.array([t, t + 5 * m, t]),
                            np.array([t + 10 * m, t + 15 * m, t + 30 * m]))
    assert mean == pytest.approx((40 + 2 * 5) / 45) and p90 == 2.0
    # the same with sub-second times (the three-key sort instead of the one-key one): the same answer
    half = 500_000_000
    assert concurrency(np.array([0, 0, 1]), np.array([t, t + 5 * m, t]) + half,
                       np.array([t + 10 * m, t + 15 * m, t + 30 * m]) + half) == (mean, p90)
    # back to back (one ends as the next starts) is no overlap; an instant conversation counts no time
    mean, p90 = concurrency(np.array([0, 0, 0]), np.array([t, t + 10 * m, t + 3 * m]),
                            np.array([t + 10 * m, t + 20 * m, t + 3 * m]))
    assert (mean, p90) == (1.0, 1.0)
    mean, p90 = concurrency(np.array([0, 0, 0]), np.array([t, t + 10 * m, t + 3 * m]) + half,
                            np.array([t + 10 * m, t + 20 * m, t + 3 * m]) + half)
    assert (mean, p90) == (1.0, 1.0)


def test_concurrency_measured_from_the_chat_log():
    # 小王 holds b1 10:00:00-10:10:00 and b2 10:05:00-10:15:00 (first buyer message -> last message)
    rows = conversation("2026-03-02 10:00:00", "b1", "店:小王", 10, 600) + \
        conversation("2026-03-02 10:05:00", "b2", "店:小王", 10, 600)
    w = workload_of(rows)
    assert w.concurrency_mean == pytest.approx(4 / 3) and w.concurrency_p90 == 2.0
    # 2 arrivals of 600 s in the hour = 1/3 Erlang. One server: P(wait) = 1/3, SL(10 s) = 1 - 1/3·e^(-2/3·10/600)
    # = 0.67 < 0.8, so two servers. The measured 1.33 chats per agent: 1 agent = 1 server, 2 agents = 2
    # servers -> 2 agents; by hand 2 chats per agent: 1 agent = 2 servers -> 1 agent.
    def needed(table):
        return table.loc[(table.weekday == 0) & (table.hour == 10), "needed"].item()
    assert needed(staffing_table(w)) == 2.0
    assert needed(staffing_table(w, concurrency=2)) == 1.0


def test_robot_sub_accounts_are_no_workload():
    rows = conversation("2026-03-02 10:00:00", "b1", "店:机器人", 1, 30) + \
        conversation("2026-03-02 10:00:00", "b2", "店:小王", 12, 30)
    w = workload_of(rows)
    assert w.conversations == 1 and slot(w, 0, 10).on_duty == 1.0


def test_compute_adds_the_workload_and_no_chats_is_unavailable():
    rows = conversation("2026-03-02 10:00:00", "b1", "店:小王", 12, 30)
    results = compute(Dataset(messages=msgs(rows)))
    assert results.workload is not None and results.workload.conversations == 1
    assert not any(u.figure == "staffing" for u in results.unavailable)
    empty = compute(Dataset())
    assert empty.workload is None
    assert [(u.figure, u.reason) for u in empty.unavailable if u.figure == "staffing"] == \
        [("staffing", "no_chats_in_range")]
