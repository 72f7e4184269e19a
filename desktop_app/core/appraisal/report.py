"""The appraisal in the reports: the JSON section and attaching a scheme's appraisal to a model run.

``attach(results, scheme)`` sets ``results.appraisal`` (an :class:`Appraisal` of the run's own agent
figures) and lists KPIs the run cannot support in ``results.unavailable``; the JSON report
(model/report.py) then adds ``"appraisal": to_json_dict(results.appraisal)`` and the Excel report
(core/report_appraisal_xlsx.py) writes the 绩效 sheets from it.
"""

from __future__ import annotations

import math
from typing import Any, Optional

from ..model.unavailable import Unavailable, find
from .appraise import Appraisal, appraise_results
from .scheme import Scheme

#: the keys of the JSON section, exactly (issue 14)
JSON_KEYS = ["scheme", "from", "to", "agents"]
JSON_AGENT_KEYS = ["agent", "items", "deductions", "total", "grade", "rank", "commission"]
JSON_ITEM_KEYS = ["kpi", "value", "points", "weight", "weighted"]
JSON_DEDUCTION_KEYS = ["kpi", "count", "points"]

#: reason code for a KPI the model run did not compute (added to unavailable.REASON_TEXTS)
REASON_NOT_IN_FIGURES = "not_in_figures"


def _num(value: Any, digits: Optional[int] = None) -> Any:
    if value is None:
        return None
    v = float(value)
    if not math.isfinite(v):
        return None
    return round(v, digits) if digits is not None else v


def to_json_dict(appraisal: Appraisal) -> dict:
    """The ``"appraisal"`` section: exactly JSON_KEYS, each agent exactly JSON_AGENT_KEYS.

    Points, weights and weighted points are rounded to 4 decimals, totals and commission to 0.01;
    not available -> null (a deduction without data: count null, points 0).
    """
    items = appraisal.items
    deds = appraisal.deductions
    k, m = len(appraisal.scheme.items), len(appraisal.scheme.deductions)
    item_rows = list(zip(items["kpi"].tolist(), items["value"].tolist(), items["points"].tolist(),
                         items["weight"].tolist(), items["weighted"].tolist()))
    ded_rows = list(zip(deds["kpi"].tolist(), deds["count"].tolist(), deds["points"].tolist()))
    agents = []
    for i, row in enumerate(appraisal.agents.itertuples(index=False)):
        agent_items = [{"kpi": kpi, "value": _num(v), "points": _num(p, 4), "weight": _num(w, 4),
                        "weighted": _num(x, 4)} for kpi, v, p, w, x in item_rows[i * k:(i + 1) * k]]
        count_of = (lambda c: None if c != c else (int(c) if float(c).is_integer() else float(c)))
        agent_deds = [{"kpi": kpi, "count": count_of(c), "points": _num(p, 4)}
                      for kpi, c, p in ded_rows[i * m:(i + 1) * m]]
        rank = row.rank
        agents.append({"agent": row.agent, "items": agent_items, "deductions": agent_deds,
                       "total": _num(row.total, 2), "grade": row.grade,
                       "rank": None if rank != rank else int(rank), "commission": _num(row.commission, 2)})
    return {"scheme": appraisal.scheme.name, "from": appraisal.start, "to": appraisal.end, "agents": agents}


def attach(results: Any, scheme: Optional[Scheme]) -> Optional[Appraisal]:
    """Appraise ``results``' own agent figures by ``scheme`` and keep it on ``results.appraisal``."""
    if scheme is None:
        results.appraisal = None
        return None
    return keep(results, appraise_results(results, scheme))


def keep(results: Any, appraisal: Optional[Appraisal]) -> Optional[Appraisal]:
    """Keep an appraisal already made of ``results``' figures (e.g. one month of them, by the window's
    Appraisal page) on ``results.appraisal`` for the reports, listing what it could not support."""
    results.appraisal = appraisal
    if appraisal is None:
        return None
    unavailable = getattr(results, "unavailable", None)
    if unavailable is not None:
        for kpi in appraisal.missing_kpis:
            figure = f"appraisal.{kpi}"
            if find(unavailable, figure) is None:
                unavailable.append(Unavailable(figure, REASON_NOT_IN_FIGURES))
    return appraisal
