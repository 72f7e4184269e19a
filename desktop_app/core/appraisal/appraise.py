"""Apply a scheme to the per-agent figures of a model run (``Results.agents``): the appraisal.

The appraisal never recomputes a KPI: each item's value is the agent's figure in the agents frame, so
it covers exactly the data and range of those figures, and a recompute after a scheme edit costs
milliseconds. Robot accounts (an agents ``robot`` column, or names matching the settings'
``robot_accounts``) are never appraised. A KPI column the frame lacks (e.g. the quality figures when no
quality check ran) is not available for every agent: the item's points are null and its weight is
spread over the other items; a deduction without its column deducts nothing and is marked not available.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import scoring
from .scheme import DEDUCTION_KPIS, Scheme

#: per-agent result columns (one row per appraised agent, in the agents frame's order)
AGENT_RESULT_COLUMNS = ["agent", "total", "grade", "rank", "commission", "commission_base", "deducted",
                        "respread"]
#: per (agent, item) rows
ITEM_RESULT_COLUMNS = ["agent", "kpi", "value", "points", "weight", "weighted"]
#: per (agent, deduction) rows; ``available`` False when the frame has no column for it
DEDUCTION_RESULT_COLUMNS = ["agent", "kpi", "count", "points", "available"]


@dataclass
class Appraisal:
    """One scheme applied to one period's agent figures."""

    scheme: Scheme
    start: Optional[str]  # "YYYY-MM-DD", the period's first day
    end: Optional[str]  # its last day
    agents: pd.DataFrame  # AGENT_RESULT_COLUMNS
    items: pd.DataFrame  # ITEM_RESULT_COLUMNS, agent-major in scheme order
    deductions: pd.DataFrame  # DEDUCTION_RESULT_COLUMNS
    #: KPIs (items or deductions) whose column the agents frame lacks: not available for anyone
    missing_kpis: list[str] = field(default_factory=list)
    #: team averages: total, commission and each item's points (NaN when nobody has one)
    team: dict[str, float] = field(default_factory=dict)

    def agent_items(self, agent: str) -> pd.DataFrame:
        return self.items.loc[self.items["agent"] == agent]

    def agent_deductions(self, agent: str) -> pd.DataFrame:
        return self.deductions.loc[self.deductions["agent"] == agent]


def robot_mask(agents: pd.DataFrame, settings: Any = None) -> np.ndarray:
    """Which rows of the agents frame are robot accounts (a ``robot`` column and/or the settings' names)."""
    mask = np.zeros(len(agents), dtype=bool)
    if "robot" in agents:
        mask |= agents["robot"].fillna(False).astype(bool).to_numpy()
    if settings is not None and getattr(settings, "robot_accounts", None) and len(agents):
        from ..model.conversations import robot_accounts

        names = agents["agent"].astype(str).to_numpy(dtype=object)
        mask |= np.asarray(robot_accounts(names, settings), dtype=bool)
    return mask


def _column(frame: pd.DataFrame, name: str) -> Optional[np.ndarray]:
    if name not in frame:
        return None
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype="float64")


def appraise(agents: pd.DataFrame, scheme: Scheme, *, settings: Any = None, start: Optional[str] = None,
             end: Optional[str] = None) -> Appraisal:
    """Appraise every non-robot agent of ``agents`` (an agents frame, results.AGENT_COLUMNS) by ``scheme``."""
    frame = agents if agents is not None else pd.DataFrame({"agent": []})
    if len(frame):
        frame = frame.loc[~robot_mask(frame, settings)]
    names = frame["agent"].astype(str).to_numpy(dtype=object) if "agent" in frame else np.array([], object)
    n = len(names)
    missing: list[str] = []

    # items: values and points, [agents × items]
    values = np.full((n, len(scheme.items)), np.nan)
    points = np.full((n, len(scheme.items)), np.nan)
    for j, item in enumerate(scheme.items):
        col = _column(frame, item.kpi)
        if col is None:
            missing.append(item.kpi)
            continue
        values[:, j] = col
        points[:, j] = scoring.item_points(col, item)
    used, weighted = scoring.weigh(points, [it.weight for it in scheme.items])

    # deductions, [agents × deductions]
    counts = np.full((n, len(scheme.deductions)), np.nan)
    deducted = np.zeros((n, len(scheme.deductions)))
    available = np.ones(len(scheme.deductions), dtype=bool)
    for j, ded in enumerate(scheme.deductions):
        col = _column(frame, DEDUCTION_KPIS[ded.kpi])
        if col is None:
            missing.append(ded.kpi)
            available[j] = False
            continue
        counts[:, j] = col
        deducted[:, j] = scoring.deduction_points(col, ded.points_each, ded.cap)

    total = scoring.totals(weighted, deducted)
    com_base = np.full(n, np.nan)
    commission = np.full(n, np.nan)
    if scheme.commission is not None:
        sales = _column(frame, "sales")
        if sales is not None:
            com_base = np.nan_to_num(sales, nan=0.0)
            if scheme.commission.base == "net_sales":
                refunds = _column(frame, "refund_amount")
                com_base = com_base - (np.nan_to_num(refunds, nan=0.0) if refunds is not None else 0.0)
            commission = scoring.commission(com_base, scheme.commission.tiers, scheme.commission.mode)
    respread = np.isnan(points).any(axis=1) & ~np.isnan(points).all(axis=1) if n else np.zeros(0, bool)

    agent_rows = pd.DataFrame({
        "agent": names, "total": total, "grade": scoring.grades(total, scheme.grades),
        "rank": scoring.ranks(total), "commission": commission, "commission_base": com_base,
        "deducted": deducted.sum(axis=1) if n else np.zeros(0), "respread": respread,
    }, columns=AGENT_RESULT_COLUMNS)
    k = len(scheme.items)
    items = pd.DataFrame({
        "agent": np.repeat(names, k), "kpi": np.tile([it.kpi for it in scheme.items], n),
        "value": values.ravel(), "points": points.ravel(), "weight": used.ravel(),
        "weighted": weighted.ravel(),
    }, columns=ITEM_RESULT_COLUMNS)
    m = len(scheme.deductions)
    deductions = pd.DataFrame({
        "agent": np.repeat(names, m), "kpi": np.tile([d.kpi for d in scheme.deductions], n),
        "count": counts.ravel(), "points": deducted.ravel(), "available": np.tile(available, n),
    }, columns=DEDUCTION_RESULT_COLUMNS)
    team = {"total": _mean(total), "commission": _mean(commission)}
    for j, item in enumerate(scheme.items):
        team[item.kpi] = _mean(points[:, j])
    return Appraisal(scheme, start, end, agent_rows, items, deductions, missing, team)


def _mean(values: np.ndarray) -> float:
    v = np.asarray(values, dtype="float64")
    v = v[~np.isnan(v)]
    return float(v.mean()) if len(v) else float("nan")


def results_period(results: Any) -> tuple[Optional[str], Optional[str]]:
    """The first and last day the results' agent figures cover.

    ``results.period`` (a (start, end) pair the window sets for its range) wins; otherwise the days of
    the conversations behind the figures; otherwise the as-of day.
    """
    period = getattr(results, "period", None)
    if period:
        return tuple(pd.Timestamp(p).strftime("%Y-%m-%d") if p is not None else None for p in period)
    conv = getattr(results, "conversations", None)
    if conv is not None and len(conv) and "start" in conv:
        starts = pd.to_datetime(conv["start"], errors="coerce").dropna()
        if len(starts):
            return starts.min().strftime("%Y-%m-%d"), starts.max().strftime("%Y-%m-%d")
    as_of = getattr(results, "as_of", None)
    day = pd.Timestamp(as_of).strftime("%Y-%m-%d") if as_of is not None and not pd.isna(as_of) else None
    return day, day


def month_of(day: Any) -> tuple[str, str]:
    """The calendar month around ``day`` (the default appraisal period): (first day, last day)."""
    ts = pd.Timestamp(day)
    first = ts.to_period("M").start_time
    last = ts.to_period("M").end_time
    return first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")


def appraise_results(results: Any, scheme: Scheme) -> Appraisal:
    """The appraisal of a model run's own agent figures (what the JSON and Excel reports show)."""
    start, end = results_period(results)
    return appraise(getattr(results, "agents", None), scheme, settings=getattr(results, "settings", None),
                    start=start, end=end)
