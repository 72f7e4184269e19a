"""The Excel report's 排班 / Staffing sheet (registered in report_xlsx.EXTRA_SHEET_MODULES).

Per weekday × hour with chats or agents: arrivals per hour, mean handle time, agents needed for the settings'
target (Erlang C, model/staffing.py), agents on duty, needed − on duty (short in red, over in blue) and the
hour's actual first-response median and P90; then the shift plan per weekday and any hours no template covers.
No chats in the range -> no sheet (the settings sheet and the JSON list the figure as unavailable).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from openpyxl.styles import PatternFill

from .model.shift_plan import (PLAN_COLUMNS, WEEKDAYS_EN, WEEKDAYS_ZH, ShiftPlanError, plan_shifts,
                               uncovered_message)
from .model.staffing import resolve_concurrency, staffing_table
from .report_xlsx import BOLD, DECIMAL, HEADER_FILL, INTEGER, RED, SECONDS, TITLE

SHORT_FILL = RED
OVER_FILL = PatternFill("solid", fgColor="BDD7EE")

#: key -> (中文, English)
TEXTS = {
    "sheet": ("排班", "Staffing"),
    "title": ("排班：每小时需要的客服与实际在岗", "Staffing: agents needed per hour against agents on duty"),
    "target": ("目标", "Target"),
    "target_value": ("{0:g}% 的首次响应在 {1:g} 秒内", "{0:g}% of first responses within {1:g} s"),
    "concurrency": ("并发（每名客服同时接待）", "Concurrency (chats per agent at once)"),
    "measured": ("实测 平均 {0:.2f}，P90 {1}", "measured: mean {0:.2f}, P90 {1}"),
    "range": ("日期范围", "Range"),
    "model": ("模型", "Model"),
    "model_value": ("Erlang C；坐席数 = 客服数 × 并发（向下取整）",
                    "Erlang C; servers = agents × concurrency (rounded down)"),
    "weekday": ("星期", "Weekday"),
    "hour": ("小时", "Hour"),
    "arrivals_per_hour": ("进线/小时", "Arrivals / hour"),
    "handle_s": ("平均处理时长(秒)", "Mean handle time (s)"),
    "needed": ("需要客服", "Agents needed"),
    "on_duty": ("在岗客服", "Agents on duty"),
    "gap": ("缺口（需要−在岗）", "Short (needed − on duty)"),
    "fr_median": ("首响中位数(秒)", "First response median (s)"),
    "fr_p90": ("首响P90(秒)", "First response P90 (s)"),
    "plan": ("班次计划（每个星期几最少人数）", "Shift plan (fewest agents per weekday)"),
    "shift": ("班次", "Shift"),
    "hours": ("时长(小时)", "Hours"),
    "agents": ("人数", "Agents"),
    "no_plan": ("没有需要安排的时段", "No hour needs agents"),
    "legend": ("红色 = 人手不足，蓝色 = 人手富余", "red = short-staffed, blue = over-staffed"),
}


def _t(writer: Any, key: str, *args: Any) -> str:
    text = TEXTS[key][writer.lang]
    return text.format(*args) if args else text


def write_sheets(writer: Any, workbook: Any, results: Any) -> None:
    """Add the 排班 sheet for ``results`` (nothing when the range has no chats)."""
    workload = getattr(results, "workload", None)
    if workload is None:
        return
    settings = results.settings
    share = getattr(settings, "staffing_target_share", 0.8)
    seconds = getattr(settings, "staffing_target_s", 10.0)
    concurrency = resolve_concurrency(workload, getattr(settings, "staffing_concurrency", None))
    table = staffing_table(workload, share, seconds, concurrency)
    templates = getattr(settings, "shift_templates", None) or (("08:00", "17:00"), ("09:00", "18:00"),
                                                             ("13:00", "22:00"))
    try:
        plan, uncovered = plan_shifts(table["needed"].to_numpy(), templates)
        plan_error = ""
    except ShiftPlanError as exc:  # a malformed template, or no solver: the sheet says so
        plan, uncovered, plan_error = pd.DataFrame(columns=PLAN_COLUMNS), [], str(exc)
    days = WEEKDAYS_ZH if writer.lang == 0 else WEEKDAYS_EN

    ws = workbook.create_sheet(_t(writer, "sheet"))
    writer.ws = ws
    writer.widths(ws, [14, 8, 14, 18, 12, 14, 18, 20, 16])
    cell = writer.cell
    ws.append([cell(_t(writer, "title"), font=TITLE)])
    ws.append([_t(writer, "target"), _t(writer, "target_value", 100 * share, seconds)])
    p90 = workload.concurrency_p90
    measured = (_t(writer, "measured", workload.concurrency_mean, f"{p90:g}")
                if math.isfinite(workload.concurrency_mean) else "—")
    ws.append([_t(writer, "concurrency"), cell(concurrency, DECIMAL), measured])
    ws.append([_t(writer, "range"), cell(f"{workload.first_day:%Y-%m-%d} – {workload.last_day:%Y-%m-%d}")])
    ws.append([_t(writer, "model"), _t(writer, "model_value")])
    ws.append([_t(writer, "legend")])
    ws.append([])
    keys = ["weekday", "hour", "arrivals_per_hour", "handle_s", "needed", "on_duty", "gap", "fr_median", "fr_p90"]
    ws.append([cell(_t(writer, k), fill=HEADER_FILL, font=BOLD) for k in keys])
    busy = table[(table["arrivals"] > 0) | (table["on_duty"].fillna(0) > 0)]
    for row in busy.itertuples(index=False):  # at most 168 rows
        gap = row.gap
        fill = SHORT_FILL if gap > 0 else OVER_FILL if gap < 0 else None
        ws.append([
            cell(days[int(row.weekday)]), cell(f"{int(row.hour):02d}:00"),
            cell(row.arrivals_per_hour, DECIMAL), cell(row.handle_s, SECONDS), cell(row.needed, INTEGER),
            cell(row.on_duty, DECIMAL), cell(gap, DECIMAL, fill),
            cell(row.first_response_median_s, SECONDS), cell(row.first_response_p90_s, SECONDS),
        ])
    ws.append([])
    ws.append([cell(_t(writer, "plan"), font=BOLD)])
    ws.append([cell(_t(writer, k), fill=HEADER_FILL, font=BOLD) for k in ("weekday", "shift", "hours", "agents")])
    if plan_error:
        ws.append([cell(plan_error, fill=SHORT_FILL)])
    elif len(plan) == 0:
        ws.append([_t(writer, "no_plan")])
    for d, start, end, hours, agents in zip(plan["weekday"], plan["start"], plan["end"], plan["hours"],
                                            plan["agents"]):
        ws.append([cell(days[int(d)]), cell(f"{start}–{end}"), cell(int(hours), INTEGER), cell(int(agents), INTEGER)])
    if uncovered:
        ws.append([cell(uncovered_message(uncovered, "zh" if writer.lang == 0 else "en"), fill=SHORT_FILL)])
