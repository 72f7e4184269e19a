"""The agent-table stages of the stage graph (model/stages.py): the tables built once from the
conversations and turns (``agents_base``), the slow-turn marks and counts, and ``agents``, which puts in
the columns the windows move (agent_window.py) and the slow-turn counts.

The slow threshold is applied here, not while building the conversations (they are built with a
neutral one): ``slow_marks`` compares the turns' response times with it and counts per conversation;
``slow_index`` finds once which agent row and agent-day row each counted turn adds to, so a move of
the threshold is a comparison and two bincounts.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from .agent_window import attribution_sums, inquiry_sums, reminder_sums, window_columns
from .compute_steps import _label_robots
from .conversations import DAY_NS
from .kpis import _Groups, agent_tables

#: no attribution and no reminders (agents_base leaves them to ``agents``)
NO_REMINDERS = pd.DataFrame({"agent": [], "day": pd.Series([], dtype="datetime64[ns]"), "is_paid": []})
NO_ATTRIBUTION = pd.DataFrame({"agent": [], "inquiry_day": pd.Series([], dtype="datetime64[ns]")})


def agents_base(ctx):
    """The agent tables of the conversations and turns as built, without the reception marks, attribution,
    reminders and slow turns (``agents`` puts those in)."""
    c, b = ctx.out["chats"], ctx.out["robots"]
    agents, agent_days = agent_tables(c.conversations, c.turns, NO_ATTRIBUTION, NO_REMINDERS, ctx.settings,
                                      ctx.out["responses"].all)
    return SimpleNamespace(agents=_label_robots(agents, b.robots), agent_days=_label_robots(agent_days, b.robots),
                           groups=_Groups(c.conversations, c.turns, None, None))


def slow_marks(ctx):
    """The slow turns under ``slow_threshold_s`` (as conversations.py marks them) and their count per
    conversation."""
    turns = ctx.out["chats"].turns
    counted = turns["counted"].to_numpy(dtype=bool)
    answered = turns["answered"].to_numpy(dtype=bool)
    with np.errstate(invalid="ignore"):
        slow = counted & ((turns["response_s"].to_numpy(dtype="float64") > ctx.settings.slow_threshold_s)
                          | ~answered)
    tc = turns["conv_id"].to_numpy(dtype=np.int64)[counted]
    n_conv = len(ctx.out["chats"].conversations)
    per_conv = np.bincount(tc, weights=slow[counted], minlength=n_conv).astype(np.int64)
    return SimpleNamespace(slow=slow, per_conv=per_conv)


def slow(ctx):
    """The turns with their slow marks and the conversations (with reception marks) with their counts."""
    r, m = ctx.out["receptions"], ctx.out["slow_marks"]
    turns = ctx.out["chats"].turns.copy(deep=False)
    turns["slow"] = m.slow
    conversations = r.conversations.copy(deep=False)
    conversations["slow_turns"] = m.per_conv
    return SimpleNamespace(conversations=conversations, turns=turns, slow=m.slow)


def slow_index(ctx):
    """For each counted turn: its agent's and its agent-day's row in agents_base's tables (-1: none),
    as the slow-turn counts of kpis._additive group them."""
    turns, base = ctx.out["chats"].turns, ctx.out["agents_base"]
    counted = turns["counted"].to_numpy(dtype=bool)
    if not len(turns):
        return SimpleNamespace(counted=counted, agent_row=np.zeros(0, np.int64), day_row=np.zeros(0, np.int64),
                               n_agents=len(base.agents), n_days=len(base.agent_days))
    agent = turns["agent"]
    cats = agent.cat.categories
    a = np.asarray(agent.cat.codes, dtype=np.int64)[counted]
    day = np.floor_divide(turns["day"].to_numpy(dtype="datetime64[ns]").view(np.int64)[counted], DAY_NS)
    # agent code -> row of the agents table; (agent code, day) -> row of the agent-day table
    row_of_agent = np.full(len(cats) + 1, -1, dtype=np.int64)
    if len(base.agents):
        idx = cats.get_indexer(base.agents["agent"].astype(object))
        row_of_agent[idx[idx >= 0]] = np.flatnonzero(idx >= 0)
    d0 = int(day.min()) if len(day) else 0
    nd = (int(day.max()) - d0 + 1) if len(day) else 1
    row_of_day = np.full(len(cats) * nd + 1, -1, dtype=np.int64)
    if len(base.agent_days):
        idx = cats.get_indexer(base.agent_days["agent"].astype(object))
        d = np.floor_divide(base.agent_days["day"].to_numpy(dtype="datetime64[ns]").view(np.int64), DAY_NS) - d0
        ok = (idx >= 0) & (d >= 0) & (d < nd)
        row_of_day[idx[ok] * nd + d[ok]] = np.flatnonzero(ok)
    a_safe = np.where(a >= 0, a, len(cats))
    g = np.where(a >= 0, a * nd + (day - d0), len(cats) * nd)
    return SimpleNamespace(counted=counted, agent_row=row_of_agent[a_safe], day_row=row_of_day[g],
                           n_agents=len(base.agents), n_days=len(base.agent_days))


def slow_counts(ctx):
    """The slow turns per row of agents_base's agents and agent-days tables."""
    ix, slow_turn = ctx.out["slow_index"], ctx.out["slow_marks"].slow
    w = slow_turn[ix.counted].astype(np.int64)

    def per_row(rows, n):
        keep = rows >= 0
        return np.bincount(rows[keep], weights=w[keep], minlength=n).round().astype(np.int64)

    return SimpleNamespace(agents=per_row(ix.agent_row, ix.n_agents), agent_days=per_row(ix.day_row, ix.n_days))


def agents(ctx):
    """agents_base with the window columns (agent_window.py) and the slow-turn counts; built again whole
    when agent_window says so."""
    base, s, r = ctx.out["agents_base"], ctx.out["slow"], ctx.out["receptions"]
    attribution, reminders = ctx.out["attribution"].attribution, ctx.out["reminders"]
    tables = window_columns(base.agents, base.agent_days, base.groups, ctx.out["agent_inquiry"],
                            ctx.out["agent_attribution"], ctx.out["agent_reminders"])
    if tables is None:
        agents, agent_days = agent_tables(s.conversations, s.turns, attribution, reminders, ctx.settings,
                                          ctx.out["responses"].all)
        return SimpleNamespace(agents=_label_robots(agents, r.robots),
                               agent_days=_label_robots(agent_days, r.robots))
    agents, agent_days = tables
    counts = ctx.out["slow_counts"]
    agents["slow_turns"] = counts.agents
    agent_days["slow_turns"] = counts.agent_days
    return SimpleNamespace(agents=agents, agent_days=agent_days)


def agent_inquiry(ctx):
    return inquiry_sums(ctx.out["agents_base"].groups, ctx.out["receptions"].conversations)


def agent_attribution(ctx):
    return attribution_sums(ctx.out["agents_base"].groups, ctx.out["attribution"].attribution)


def agent_reminders(ctx):
    return reminder_sums(ctx.out["agents_base"].groups, ctx.out["reminders"])
