"""The agent-table columns the attribution and reminder windows move, put into tables built without them.

kpis.agent_tables sums the conversations and turns (volume, response times: the slow part, order
statistics) and the reception marks, attribution and reminders per agent and agent-day. The stage graph
builds the tables once without the last three (``agents_base``) and puts in their columns
(kpis.window_sums and the ratios that read them) on every run: moving a window redoes only those.
The rows and numbers are agent_tables' own: the sums use the grid of days and agents agent_tables would
use, so even the per-agent float sums add up in the same order. When the attribution or the reminders
reach an agent-day (or an agent or a day) the base tables do not have, ``window_columns`` answers None
and the tables are built again whole.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .conversations import DAY_NS
from .kpis import WINDOW_SUMS, _Groups, _ns, window_sums
from .kpis_agents import sum_ratios

#: WINDOW_SUMS columns that agent_tables writes as integers
_INTS = ("inquiring_buyers", "reminded_orders", "reminded_paid_orders")


def _fits(gr: _Groups, frame: pd.DataFrame, day_col: str) -> bool:
    """True when ``frame``'s agents and days are inside the groups (agent_tables would use the same grid)."""
    if frame is None or not len(frame) or "agent" not in frame:
        return True
    col = frame["agent"]
    names = col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else \
        pd.Index(pd.unique(col.to_numpy(dtype=object)))
    if not (gr.agents.equals(names) or bool(pd.Index(names).isin(gr.agents).all())):
        return False
    day = np.floor_divide(_ns(frame[day_col]), DAY_NS)
    day = day[day > np.iinfo(np.int64).min // DAY_NS]
    return not len(day) or (int(day.min()) >= gr.d0 and int(day.max()) < gr.d0 + gr.n_days)


_EMPTY = pd.DataFrame()
#: the sums of each source (window_sums)
INQUIRY_SUMS = ("inquiring_buyers",)
REMINDER_SUMS = ("reminded_orders", "reminded_paid_orders")
ATTRIBUTION_SUMS = tuple(c for c in WINDOW_SUMS if c not in INQUIRY_SUMS + REMINDER_SUMS)


def inquiry_sums(gr: _Groups, conversations: pd.DataFrame) -> dict:
    """The inquiring buyers per group (the reception marks)."""
    sums = window_sums(gr, conversations, _EMPTY, _EMPTY)
    return {c: sums[c] for c in INQUIRY_SUMS}


def attribution_sums(gr: _Groups, attribution: pd.DataFrame) -> Optional[dict]:
    """The attribution's sums per group; None when it reaches outside the groups."""
    if not _fits(gr, attribution, "inquiry_day"):
        return None
    sums = window_sums(gr, _EMPTY, attribution, _EMPTY)
    return {c: sums[c] for c in ATTRIBUTION_SUMS}


def reminder_sums(gr: _Groups, reminders: pd.DataFrame) -> Optional[dict]:
    """The reminders' sums per group; None when they reach outside the groups."""
    if not _fits(gr, reminders, "day"):
        return None
    sums = window_sums(gr, _EMPTY, _EMPTY, reminders)
    return {c: sums[c] for c in REMINDER_SUMS}


def window_columns(agents: pd.DataFrame, agent_days: pd.DataFrame, gr: _Groups, *parts: Optional[dict]
                   ) -> Optional[tuple[pd.DataFrame, pd.DataFrame]]:
    """(agents, agent_days) with WINDOW_SUMS (``parts``: inquiry_sums, attribution_sums, reminder_sums) and
    their ratios; None when the tables must be built whole (see the module docstring). ``gr``: the groups
    of the base tables' conversations and turns."""
    if not len(agent_days) or not len(agents) or any(p is None for p in parts):
        return None
    sums = {k: v for p in parts for k, v in p.items()}
    n_a = max(len(gr.agents), 1)
    a_of_row = gr.agents.get_indexer(agent_days["agent"].astype(object).to_numpy())
    d_of_row = np.floor_divide(_ns(agent_days["day"]), DAY_NS) - gr.d0
    if (a_of_row < 0).any() or (d_of_row < 0).any() or (d_of_row >= gr.n_days).any():
        return None
    g_rows = a_of_row * gr.n_days + d_of_row
    in_base = np.zeros(gr.n, dtype=bool)
    in_base[g_rows] = True
    if (((sums["attributed_orders"] != 0) | (sums["reminded_orders"] != 0)) & ~in_base).any():
        return None
    a_rows = gr.agents.get_indexer(agents["agent"].astype(object).to_numpy())
    if (a_rows < 0).any():
        return None
    days = {c: v[g_rows] for c, v in sums.items()}
    per_agent = {c: v.reshape(n_a, gr.n_days).sum(axis=1)[a_rows] for c, v in sums.items()}
    return _put(agents, per_agent), _put(agent_days, days)


def _put(frame: pd.DataFrame, sums: dict) -> pd.DataFrame:
    """kpis._finish for the window columns: the sums, their ratios, the integer columns."""
    out = frame.copy(deep=False)
    for c in WINDOW_SUMS:
        out[c] = sums[c]
    for col, values in sum_ratios(sums).items():
        out[col] = values
    for c in _INTS:
        out[c] = np.asarray(sums[c]).round().astype(np.int64)
    return out
