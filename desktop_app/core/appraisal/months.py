"""An agent's months side by side: the appraisal of each calendar month inside a model run's range.

An agent's figures are sums over (agent, day) groups (model/kpis.agent_tables), so the figures of one
month are exactly ``agent_tables`` on the rows of that month: the conversations and turns of its days,
the orders credited to its inquiry days and the reminders of its days. Each month is then appraised
like the whole range. Figures made outside the model run (the quality checks' columns) exist for the
whole range only: in the monthly view such a KPI is not available (its weight is spread, as usual).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..model.kpis import agent_tables
from .appraise import Appraisal, appraise
from .scheme import Scheme

#: the day column of each frame the agent figures are built from
_DAY_COLUMNS = (("conversations", "day"), ("turns", "day"), ("attribution", "inquiry_day"), ("reminders", "day"))


def _days(frame: Any, col: str) -> pd.Series:
    if not isinstance(frame, pd.DataFrame) or col not in frame or not len(frame):
        return pd.Series([], dtype="datetime64[ns]")
    return pd.to_datetime(frame[col], errors="coerce")


def months_of(results: Any) -> list[pd.Period]:
    """The calendar months from the first to the last day with agent activity in ``results``, oldest first."""
    lows, highs = [], []
    for name, col in _DAY_COLUMNS:
        days = _days(getattr(results, name, None), col)
        if len(days) and days.notna().any():
            lows.append(days.min())
            highs.append(days.max())
    if not lows:
        return []
    return list(pd.period_range(min(lows).to_period("M"), max(highs).to_period("M"), freq="M"))


def monthly_agents(results: Any) -> dict[pd.Period, pd.DataFrame]:
    """Per month: the agents frame (results.AGENT_COLUMNS) of that month's rows."""
    settings = getattr(results, "settings", None)
    frames = {name: getattr(results, name, None) for name, _ in _DAY_COLUMNS}
    days = {name: _days(frames[name], col).to_numpy(dtype="datetime64[ns]") for name, col in _DAY_COLUMNS}
    out = {}
    for month in months_of(results):
        first = np.datetime64(month.start_time.normalize(), "ns")
        after = np.datetime64((month + 1).start_time.normalize(), "ns")
        parts = {}
        for name, _ in _DAY_COLUMNS:
            frame = frames[name]
            if isinstance(frame, pd.DataFrame) and len(frame) and len(days[name]) == len(frame):
                parts[name] = frame.loc[(days[name] >= first) & (days[name] < after)]
            else:
                parts[name] = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()
        if not any(isinstance(f, pd.DataFrame) and len(f) for f in parts.values()):
            continue  # a month without activity inside the range
        kwargs = {"settings": settings} if settings is not None else {}
        agents, _days_frame = agent_tables(parts["conversations"], parts["turns"], parts["attribution"],
                                           parts["reminders"], **kwargs)
        out[month] = agents
    return out


def monthly_appraisals(months: dict[pd.Period, pd.DataFrame], scheme: Scheme, settings: Any = None
                       ) -> dict[pd.Period, Appraisal]:
    """Each month's agents appraised by ``scheme`` (cheap: the monthly figures are computed once)."""
    return {m: appraise(agents, scheme, settings=settings, start=m.start_time.strftime("%Y-%m-%d"),
                        end=m.end_time.strftime("%Y-%m-%d")) for m, agents in months.items()}


def agent_months(appraisals: dict[pd.Period, Appraisal], agent: str) -> pd.DataFrame:
    """One agent's months side by side: month, each item's points, deducted, total, grade, rank, 提成."""
    rows = []
    for month, a in appraisals.items():
        hit = a.agents.loc[a.agents["agent"] == agent]
        row: dict[str, Any] = {"month": str(month)}
        items = a.agent_items(agent)
        for it in a.scheme.items:
            pts = items.loc[items["kpi"] == it.kpi, "points"]
            row[it.kpi] = float(pts.iloc[0]) if len(pts) else np.nan
        if len(hit):
            r = hit.iloc[0]
            row.update(deducted=r["deducted"], total=r["total"], grade=r["grade"], rank=r["rank"],
                       commission=r["commission"])
        else:  # no activity that month
            row.update(deducted=np.nan, total=np.nan, grade=None, rank=np.nan, commission=np.nan)
        rows.append(row)
    return pd.DataFrame(rows)
