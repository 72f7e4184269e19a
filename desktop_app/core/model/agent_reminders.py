"""The 催付 columns of the agent tables put into tables built without reminders (the stage graph's ``agents``).

kpis.agent_tables counts the reminders per agent and per agent-day (reminded_orders,
reminded_paid_orders, reminder_success_rate). Moving the reminder window changes only those three
columns, unless a reminder falls on an agent-day (or agent) that has no other row: then the tables are
built again whole (``None`` here), so the rows are always agent_tables' own.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .kpis import _div

_COLUMNS = ("reminded_orders", "reminded_paid_orders", "reminder_success_rate")


def with_reminders(agents: pd.DataFrame, agent_days: pd.DataFrame,
                   reminders: pd.DataFrame) -> Optional[tuple[pd.DataFrame, pd.DataFrame]]:
    """(agents, agent_days) with the reminder columns of ``reminders``; None when a reminder has no row."""
    n = len(reminders)
    r_agent = reminders["agent"].astype(object).to_numpy() if n else np.zeros(0, dtype=object)
    r_paid = reminders["is_paid"].to_numpy(dtype="float64") if n else np.zeros(0)
    out = []
    for frame, keys in ((agents, None), (agent_days, "day")):
        if not len(frame):
            if n:
                return None
            out.append(frame.copy(deep=False))
            continue
        if keys is None:
            at = pd.Index(frame["agent"].astype(object)).get_indexer(r_agent) if n else np.zeros(0, np.intp)
        else:
            index = pd.MultiIndex.from_arrays([frame["agent"].astype(object).to_numpy(),
                                               frame["day"].to_numpy(dtype="datetime64[ns]")])
            at = index.get_indexer(pd.MultiIndex.from_arrays(
                [r_agent, reminders["day"].to_numpy(dtype="datetime64[ns]")])) if n else np.zeros(0, np.intp)
        if (at < 0).any():
            return None
        count = np.bincount(at, minlength=len(frame)).astype("float64")
        paid = np.bincount(at, weights=r_paid, minlength=len(frame)).astype("float64")
        frame = frame.copy(deep=False)
        frame["reminder_success_rate"] = _div(paid, count)
        frame["reminded_orders"] = count.round().astype(np.int64)
        frame["reminded_paid_orders"] = paid.round().astype(np.int64)
        out.append(frame)
    return out[0], out[1]
