"""Shift plan: the fewest agents per shift template that cover every hour's need, per weekday.

An integer program per weekday, solved with scipy.optimize.milp (HiGHS; docs/staffing.md says why):
variables x_j ≥ 0 integer = agents on template j; each hour h with need n_h > 0 needs Σ_j covers(j, h)·x_j
≥ n_h. First the fewest agents (min Σ x_j); then, with that many, the fewest agent-hours, so a shorter
shift is preferred when it covers as well, and among equals the template listed first. A template covers an hour when the whole hour lies inside it;
a template past midnight (22:00–06:00) wraps within the same weekday. An hour that needs agents and no
template covers makes the plan infeasible: ShiftPlanError names the weekdays and hours.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

#: the default templates (start, end) in shop time
DEFAULT_SHIFT_TEMPLATES: tuple[tuple[str, str], ...] = (("08:00", "17:00"), ("09:00", "18:00"), ("13:00", "22:00"))

#: columns of shift_plan()
PLAN_COLUMNS = ["weekday", "start", "end", "hours", "agents"]

WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class ShiftPlanError(ValueError):
    """The templates leave hours that need agents uncovered (or a template is malformed)."""

    def __init__(self, message: str, uncovered: Sequence[tuple[int, int]] = ()):
        super().__init__(message)
        #: (weekday, hour) pairs that need agents and that no template covers
        self.uncovered = list(uncovered)


def _minutes(text: str) -> int:
    try:
        hh, mm = str(text).strip().split(":")[:2]
        value = int(hh) * 60 + int(mm)
    except (ValueError, TypeError) as exc:
        raise ShiftPlanError(f"shift time {text!r} is not HH:MM. / 班次时间 {text!r} 不是 HH:MM 格式。") from exc
    if not 0 <= value <= 24 * 60:
        raise ShiftPlanError(f"shift time {text!r} is not between 00:00 and 24:00. / 班次时间须在 00:00–24:00 之间。")
    return value


def template_hours(start: str, end: str) -> np.ndarray:
    """bool[24]: the hours a template covers completely (wrapping past midnight)."""
    a, b = _minutes(start), _minutes(end)
    if a == b:
        raise ShiftPlanError(f"shift {start}–{end} has no length. / 班次 {start}–{end} 时长为零。")
    hour_start = np.arange(24) * 60
    if a < b:
        return (hour_start >= a) & (hour_start + 60 <= b)
    return (hour_start >= a) | (hour_start + 60 <= b)


def coverage_matrix(templates: Iterable[tuple[str, str]]) -> np.ndarray:
    """int[24, n_templates]: 1 where template j covers hour h."""
    templates = list(templates)
    if not templates:
        raise ShiftPlanError("no shift templates. / 没有班次模板。")
    return np.stack([template_hours(s, e) for s, e in templates], axis=1).astype(np.int64)


def _hours_text(hours: Sequence[int]) -> str:
    return ", ".join(f"{h:02d}:00–{h + 1:02d}:00" for h in hours)


def uncovered_message(uncovered: Sequence[tuple[int, int]], lang: str = "both") -> str:
    """The hours that need agents and no template covers, as a sentence (``lang``: "en", "zh" or both)."""
    by_day: dict[int, list[int]] = {}
    for d, h in uncovered:
        by_day.setdefault(int(d), []).append(int(h))
    en = "; ".join(f"{WEEKDAYS_EN[d]} {_hours_text(hs)}" for d, hs in by_day.items())
    zh = "；".join(f"{WEEKDAYS_ZH[d]} {_hours_text(hs)}" for d, hs in by_day.items())
    en_text = f"no shift template covers these hours that need agents: {en}. Add or widen a template."
    zh_text = f"以下时段需要客服，但没有班次覆盖：{zh}。请添加或加长班次模板。"
    return {"en": en_text, "zh": zh_text}.get(lang, f"{en_text} / {zh_text}")


def shift_plan(needed: np.ndarray, templates: Sequence[tuple[str, str]] = DEFAULT_SHIFT_TEMPLATES) -> pd.DataFrame:
    """The plan for ``needed`` (7 × 24 agents needed, NaN = no data that weekday) as PLAN_COLUMNS rows:
    one per weekday and template with at least one agent. Raises ShiftPlanError, naming the hours, when
    an hour that needs agents lies outside every template."""
    plan, uncovered = plan_shifts(needed, templates)
    if uncovered:
        raise ShiftPlanError(uncovered_message(uncovered), uncovered)
    return plan


def plan_shifts(needed: np.ndarray, templates: Sequence[tuple[str, str]] = DEFAULT_SHIFT_TEMPLATES
                ) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """As shift_plan, but the hours no template covers are returned, not raised: (plan of the hours the
    templates can cover, [(weekday, hour), ...] left uncovered)."""
    try:
        from scipy.optimize import Bounds, LinearConstraint, milp
    except ImportError as exc:  # a build without scipy: say so where the plan would be, keep the rest
        raise ShiftPlanError(f"the shift plan needs scipy (scipy.optimize.milp), which is missing here: {exc}. "
                             "/ 排班计划需要 scipy，当前环境缺少。") from exc

    need = np.asarray(needed, dtype=float).reshape(7, 24).copy()
    templates = [(str(s), str(e)) for s, e in templates]
    cover = coverage_matrix(templates)
    hours = cover.sum(axis=0).astype(float)
    covered_any = cover.any(axis=1)
    uncovered = [(d, h) for d in range(7) for h in range(24)
                 if np.isfinite(need[d, h]) and need[d, h] > 0 and not covered_any[h]]
    need[:, ~covered_any] = 0.0
    n = len(templates)
    rows = []
    integrality = np.ones(n)
    bounds = Bounds(np.zeros(n), np.full(n, np.inf))
    options = {"mip_rel_gap": 0.0, "presolve": True}
    for d in range(7):
        day = np.nan_to_num(need[d], nan=0.0)
        hs = np.flatnonzero(day > 0)
        if not len(hs):
            continue
        demand = LinearConstraint(cover[hs], lb=day[hs], ub=np.inf)
        first = milp(np.ones(n), constraints=[demand], integrality=integrality, bounds=bounds, options=options)
        if not first.success:
            raise ShiftPlanError(f"the shift plan could not be solved for {WEEKDAYS_EN[d]} ({first.message}). "
                                 f"/ {WEEKDAYS_ZH[d]} 的排班无法求解。")
        fewest = round(first.fun)
        # among plans with that many agents, the fewest agent-hours; among those, templates earlier in the
        # list (a deterministic answer). Whole-number costs: hours weigh more than any sum of list positions.
        count = LinearConstraint(np.ones((1, n)), lb=fewest, ub=fewest)
        cost = hours * (n * fewest + 1) + np.arange(n)
        second = milp(cost, constraints=[demand, count], integrality=integrality, bounds=bounds, options=options)
        x = second.x if second.success else first.x
        x = np.round(x).astype(np.int64)
        for j in np.flatnonzero(x > 0):
            rows.append((d, templates[j][0], templates[j][1], int(hours[j]), int(x[j])))
    plan = pd.DataFrame(rows, columns=PLAN_COLUMNS).astype({"weekday": np.int64, "hours": np.int64,
                                                            "agents": np.int64})
    return plan, uncovered


def planned_coverage(plan: pd.DataFrame, templates: Sequence[tuple[str, str]] = DEFAULT_SHIFT_TEMPLATES) -> np.ndarray:
    """7 × 24 agents the plan puts on each hour."""
    out = np.zeros((7, 24), dtype=np.int64)
    for d, s, e, n in zip(plan["weekday"], plan["start"], plan["end"], plan["agents"]):
        out[int(d)] += template_hours(s, e).astype(np.int64) * int(n)
    return out
