"""Per-agent and per-(agent, day) KPI tables: kpis.agent_tables and the sums behind it.

Counts of buyers are per day; attributed figures carry the attribution weights; times are mean,
median and P90 over the counted turns (docs/metrics.md). kpis.py re-exports every name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .conversations import DAY_NS
from .results import AGENT_COLUMNS, AGENT_EXTRA_COLUMNS
from .settings import DEFAULT_SETTINGS, ModelSettings
from .kpis_groups import _div, _Groups, group_quantiles, sorted_responses


#: agent figures that add up over days (the rest are ratios or order statistics)
_ADDITIVE = [
    "conversations", "inquiring_buyers", "ordering_buyers", "paying_buyers", "same_day_paying_buyers",
    "sales", "items", "turns", "unanswered_turns", "slow_turns", "refund_orders", "refund_amount",
    "reminded_orders", "reminded_paid_orders", "attributed_orders", "paid_orders", "first_responses",
    "responses",
]


#: helper sums behind the means and shares (dropped from the output)
_HELPERS = ["_answered", "_fr_sum", "_resp_sum", "_first_turns", "_fr_golden", "_fr_reasonable", "_fr_limit",
            "_a30", "_a180"]


def agent_tables(
    conversations: pd.DataFrame,
    turns: pd.DataFrame,
    attribution: pd.DataFrame,
    reminders: pd.DataFrame,
    settings: ModelSettings = DEFAULT_SETTINGS,
    responses: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(agents, agent_days)``: results.AGENT_COLUMNS per agent, and per (agent, day) with "day".

    ``responses``: sorted_responses(turns), when the caller has it already."""
    gr = _Groups(conversations, turns, attribution, reminders)
    sums = _additive(gr, conversations, turns, attribution, reminders, settings)
    n_a = max(len(gr.agents), 1)
    # per agent-day: only groups with any activity; per agent: the column sums over days
    active = np.zeros(gr.n, dtype=bool)
    for c in ("conversations", "turns", "attributed_orders", "reminded_orders"):
        active |= sums[c] != 0
    idx = np.flatnonzero(active)
    day_frame = pd.DataFrame({c: v[idx] for c, v in sums.items()})
    day_frame.insert(0, "day", ((idx % gr.n_days + gr.d0) * DAY_NS).view("datetime64[ns]"))
    day_frame.insert(0, "agent", np.asarray(gr.agents, dtype=object)[idx // gr.n_days] if len(gr.agents)
                     else np.zeros(0, dtype=object))
    agent_sum = {c: v.reshape(n_a, gr.n_days).sum(axis=1) for c, v in sums.items()}
    a_idx = np.flatnonzero(np.bincount(idx // gr.n_days, minlength=n_a) > 0) if len(idx) else idx
    agent_frame = pd.DataFrame({c: v[a_idx] for c, v in agent_sum.items()})
    agent_frame.insert(0, "agent", np.asarray(gr.agents, dtype=object)[a_idx] if len(gr.agents)
                       else np.zeros(0, dtype=object))
    # medians and P90 (order statistics do not add up: computed per group from the turns)
    stats_day, stats_agent = _time_stats(gr, turns, responses)
    for name, arr in stats_day.items():
        day_frame[name] = arr[idx]
    for name, arr in stats_agent.items():
        agent_frame[name] = arr[a_idx]
    agent_days = _finish(day_frame)
    agents = _finish(agent_frame)
    agent_days = agent_days.sort_values(["agent", "day"], kind="stable").reset_index(drop=True)
    return agents.sort_values("agent", kind="stable").reset_index(drop=True), agent_days


def _additive(gr: _Groups, conversations, turns, attribution, reminders, settings) -> dict[str, np.ndarray]:
    out = {c: np.zeros(gr.n) for c in _ADDITIVE + _HELPERS}
    if len(conversations):
        out["conversations"] = gr.sum(gr.key(conversations, "day"))
    counted = turns["counted"].to_numpy(dtype=bool) if "counted" in turns else np.ones(len(turns), bool)
    if counted.any():
        t = turns.loc[counted] if not counted.all() else turns
        g = gr.key(t, "day")
        resp = t["response_s"].to_numpy(dtype="float64")
        has = ~np.isnan(resp)
        first = t["is_first"].to_numpy(dtype=bool)
        gold, reasonable, limit = settings.first_response_targets_s
        fr_has = first & has
        out["turns"] = gr.sum(g)
        out["_answered"] = gr.sum(g, t["answered"].to_numpy(dtype="float64"))
        out["slow_turns"] = gr.sum(g, t["slow"].to_numpy(dtype="float64"))
        out["responses"] = gr.sum(g, has.astype("float64"))
        out["_resp_sum"] = gr.sum(g, np.where(has, resp, 0.0))
        out["_first_turns"] = gr.sum(g, first.astype("float64"))
        out["first_responses"] = gr.sum(g, fr_has.astype("float64"))
        out["_fr_sum"] = gr.sum(g, np.where(fr_has, resp, 0.0))
        # an unanswered first turn (NaN) is never within a target
        out["_fr_golden"] = gr.sum(g, (fr_has & (resp <= gold)).astype("float64"))
        out["_fr_reasonable"] = gr.sum(g, (fr_has & (resp <= reasonable)).astype("float64"))
        out["_fr_limit"] = gr.sum(g, (fr_has & (resp <= limit)).astype("float64"))
        # JD/PDD answer rates: answered by a human within 30 s / 3 min, calendar time (issue 11)
        answered = t["answered"].to_numpy(dtype=bool)
        cal = t["calendar_response_s"].to_numpy(dtype="float64")
        out["_a30"] = gr.sum(g, (answered & (cal <= 30.0)).astype("float64"))
        out["_a180"] = gr.sum(g, (answered & (cal <= 180.0)).astype("float64"))
    out.update(window_sums(gr, conversations, attribution, reminders))
    return out


#: the agent sums the attribution window and the reminder window move (window_sums)
WINDOW_SUMS = ["inquiring_buyers", "attributed_orders", "paid_orders", "sales", "items", "refund_orders",
               "refund_amount", "ordering_buyers", "paying_buyers", "same_day_paying_buyers", "reminded_orders",
               "reminded_paid_orders"]


def window_sums(gr: _Groups, conversations, attribution, reminders) -> dict[str, np.ndarray]:
    """The agent sums from the reception marks, the attribution and the reminders (WINDOW_SUMS)."""
    out = {c: np.zeros(gr.n) for c in WINDOW_SUMS}
    if len(conversations):
        g = gr.key(conversations, "day")
        inq = conversations["inquiry"].to_numpy(dtype=bool)
        out["inquiring_buyers"] = gr.distinct(g[inq], gr.buyer(conversations["buyer"])[inq])
    a = attribution
    if len(a):
        g = gr.key(a, "inquiry_day")
        w = a["weight"].to_numpy(dtype="float64")
        paid = a["is_paid"].to_numpy(dtype=bool)
        same = a["paid_same_day"].to_numpy(dtype=bool)
        refund = a["refund_amount"].to_numpy(dtype="float64")
        buyer = gr.buyer(a["buyer"])
        out["attributed_orders"] = gr.sum(g, w)
        out["paid_orders"] = gr.sum(g, w * paid)
        out["sales"] = gr.sum(g, w * np.where(paid, a["paid_amount"].to_numpy(dtype="float64"), 0.0))
        out["items"] = gr.sum(g, w * np.where(paid, a["items"].to_numpy(dtype="float64"), 0.0))
        out["refund_orders"] = gr.sum(g, w * (paid & (refund > 0)))
        out["refund_amount"] = gr.sum(g, w * np.where(paid, refund, 0.0))
        out["ordering_buyers"] = gr.distinct(g, buyer, w)
        out["paying_buyers"] = gr.distinct(g[paid], buyer[paid], w[paid])
        out["same_day_paying_buyers"] = gr.distinct(g[same], buyer[same], w[same])
    if len(reminders):
        g = gr.key(reminders, "day")
        out["reminded_orders"] = gr.sum(g)
        out["reminded_paid_orders"] = gr.sum(g, reminders["is_paid"].to_numpy(dtype="float64"))
    return out


def _time_stats(gr: _Groups, turns: pd.DataFrame, responses=None) -> tuple[dict, dict]:
    """Median and P90 of first responses and of all responses per agent-day and per agent."""
    names = ["first_response_median_s", "first_response_p90_s", "response_median_s", "response_p90_s"]
    if len(turns) == 0:
        return ({n: np.full(gr.n, np.nan) for n in names},
                {n: np.full(max(len(gr.agents), 1), np.nan) for n in names})
    # one value sort serves all four groupings
    ok, o = sorted_responses(turns) if responses is None else responses
    r = turns["response_s"].to_numpy(dtype="float64")[ok][o]
    g = gr.key(turns, "day")[ok][o]
    first = turns["is_first"].to_numpy(dtype=bool)[ok][o]
    n_a = max(len(gr.agents), 1)
    by_day, by_agent = {}, {}
    for (med, p90), sel in (((names[0], names[1]), first), ((names[2], names[3]), slice(None))):
        by_day[med], by_day[p90] = group_quantiles(g[sel], r[sel], gr.n, (0.5, 0.9), presorted=True)
        by_agent[med], by_agent[p90] = group_quantiles(g[sel] // gr.n_days, r[sel], n_a, (0.5, 0.9),
                                                       presorted=True)
    return by_day, by_agent


def sum_ratios(sums) -> dict:
    """The ratios of the sales-window sums (a frame, or a dict of arrays): one definition for ``_finish`` and the
    What-if's window columns (agent_window.py)."""
    return {
        "conversion_rate": _div(sums["paying_buyers"], sums["inquiring_buyers"]),
        "aov": _div(sums["sales"], sums["paying_buyers"]),
        "items_per_buyer": _div(sums["items"], sums["paying_buyers"]),
        "price_per_item": _div(sums["sales"], sums["items"]),
        "refund_rate": _div(sums["refund_orders"], sums["paid_orders"]),
        "refund_amount_rate": _div(sums["refund_amount"], sums["sales"]),
        "reminder_success_rate": _div(sums["reminded_paid_orders"], sums["reminded_orders"]),
    }


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    """Ratios and means from the additive sums; the AGENT_COLUMNS order; helpers dropped."""
    df = df.copy()
    for c in ("first_response_median_s", "first_response_p90_s", "response_median_s", "response_p90_s"):
        if c not in df:
            df[c] = np.nan
    for col, values in sum_ratios(df).items():
        df[col] = values
    df["unanswered_turns"] = df["turns"] - df["_answered"]
    df["reply_rate"] = _div(df["_answered"], df["turns"])
    df["first_response_mean_s"] = _div(df["_fr_sum"], df["first_responses"])
    df["response_mean_s"] = _div(df["_resp_sum"], df["responses"])
    df["fr_within_golden"] = _div(df["_fr_golden"], df["_first_turns"])
    df["fr_within_reasonable"] = _div(df["_fr_reasonable"], df["_first_turns"])
    df["fr_within_limit"] = _div(df["_fr_limit"], df["_first_turns"])
    df["answered_30s_rate"] = _div(df["_a30"], df["turns"])
    df["answered_3min_rate"] = _div(df["_a180"], df["turns"])
    df["robot"] = False  # compute() labels the robot accounts
    ints = ["conversations", "inquiring_buyers", "turns", "unanswered_turns", "slow_turns", "reminded_orders",
            "reminded_paid_orders", "first_responses", "responses"]
    for c in ints:
        df[c] = df[c].round().astype(np.int64)
    return df[(["agent", "day"] if "day" in df else ["agent"]) + AGENT_COLUMNS[1:] + AGENT_EXTRA_COLUMNS]
