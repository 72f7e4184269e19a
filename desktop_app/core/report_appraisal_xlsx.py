"""The Excel report's appraisal sheets: 绩效 (one row per agent) and 考核表 (a printable card per agent).

Registered in report_xlsx.EXTRA_SHEET_MODULES. The caller chooses the scheme: it sets
``results.appraisal`` with ``core.appraisal.report.attach(results, scheme)`` (the command line's
``--scheme``; the window's Appraisal page on export). ``results.appraisal`` may also be a bare
``Scheme``, which is then applied to ``results.agents`` here. Without it, no sheet is written.

The card sheet prints on A4, fitted to the page width, with a page break after each agent's card
(openpyxl's write-only sheets support page setup and row breaks).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from openpyxl.worksheet.pagebreak import Break

from .appraisal.appraise import Appraisal, appraise_results
from .appraisal.labels import kind, label
from .appraisal.months import agent_months, monthly_agents, monthly_appraisals, months_of
from .appraisal.scheme import Scheme

_T = {
    "sheet": ("绩效", "Appraisal"),
    "cards": ("考核表", "Report cards"),
    "title": ("绩效考核：{}", "Appraisal: {}"),
    "period": ("考核期间", "Period"),
    "rank": ("排名", "Rank"),
    "agent": ("客服", "Agent"),
    "value": ("数值", "Value"),
    "points": ("得分", "Points"),
    "weight": ("权重", "Weight"),
    "weighted": ("加权得分", "Weighted"),
    "deducted": ("扣分", "Deducted"),
    "total": ("总分", "Total"),
    "grade": ("等级", "Grade"),
    "commission": ("提成", "Commission"),
    "commission_base": ("提成基数", "Commission base"),
    "item": ("考核项", "Item"),
    "deduction": ("扣分项", "Deduction"),
    "count": ("次数", "Count"),
    "team": ("团队平均", "Team average"),
    "na": ("不可用", "not available"),
    "respread": ("有指标不可用，其权重已分摊到其他考核项", "an item was not available; its weight was spread "
                                                    "over the other items"),
    "missing": ("本次计算没有：{}（按不可用处理）", "Not in this run's figures: {} (treated as not available)"),
    "none": ("（没有可考核的客服）", "(no agent to appraise)"),
    "month": ("月份", "Month"),
}

_FORMATS = {"%": "0.00%", "s": "0.0", "n": "0.##"}


def _appraisal(results: Any) -> Appraisal | None:
    value = getattr(results, "appraisal", None)
    if isinstance(value, Scheme):
        return appraise_results(results, value)
    return value if isinstance(value, Appraisal) else None


def write_sheets(writer: Any, workbook: Any, results: Any) -> None:
    """Add the 绩效 and 考核表 sheets when ``results.appraisal`` is set (see the module docstring)."""
    appraisal = _appraisal(results)
    if appraisal is None:
        return
    sheet = _Sheets(writer, appraisal, _trend(results, appraisal))
    sheet.summary(workbook.create_sheet(sheet.t("sheet")))
    sheet.cards(workbook.create_sheet(sheet.t("cards")))


def _trend(results: Any, appraisal: Appraisal) -> dict:
    """Each calendar month's appraisal when the results span more than one month (the cards' trend)."""
    try:
        months = monthly_agents(results) if len(months_of(results)) > 1 else {}
    except (KeyError, ValueError, TypeError):  # results without the row frames (a hand-made Results)
        return {}
    return monthly_appraisals(months, appraisal.scheme, getattr(results, "settings", None)) if months else {}


class _Sheets:
    def __init__(self, writer: Any, appraisal: Appraisal, trend: dict) -> None:
        self.w = writer
        self.a = appraisal
        self.trend = trend
        self.lang = writer.lang

    def t(self, key: str, *args: Any) -> str:
        text = _T[key][self.lang]
        return text.format(*args) if args else text

    def fmt(self, kpi: str) -> Any:
        k = kind(kpi)
        return self.w.money_format if k == "¥" else _FORMATS.get(k)

    def head(self, texts: list[str]) -> list:
        from .report_xlsx import BOLD, HEADER_FILL

        return [self.w.cell(t, fill=HEADER_FILL, font=BOLD) for t in texts]

    def _title(self, ws: Any) -> None:
        from .report_xlsx import TITLE

        c = self.w.cell
        ws.append([c(self.t("title", self.a.scheme.name), font=TITLE)])
        ws.append([c(self.t("period")), c(f"{self.a.start or ''} – {self.a.end or ''}")])
        if self.a.missing_kpis:
            ws.append([c(self.t("missing", ", ".join(label(k, self.lang) for k in self.a.missing_kpis)))])
        ws.append([])

    def summary(self, ws: Any) -> None:
        """One row per agent, best first: each item's value and points, deductions, total, grade, 提成."""
        w, c = self.w, self.w.cell
        w.ws = ws
        self._print(ws, landscape=True)  # before the first row: a write-only sheet writes its properties then
        head_row = 4 + (1 if self.a.missing_kpis else 0)  # after the title lines
        ws.freeze_panes = f"C{head_row + 1}"  # rank and agent stay in view, as the header row
        ws.print_title_rows = f"{head_row}:{head_row}"  # the header on every printed page
        kpis = [it.kpi for it in self.a.scheme.items]
        w.widths(ws, [8, 22] + [14] * (2 * len(kpis)) + [10, 10, 8, 14])
        self._title(ws)
        names = []
        for k in kpis:
            names += [label(k, self.lang), f"{label(k, self.lang)} · {self.t('points')}"]
        ws.append(self.head([self.t("rank"), self.t("agent")] + names + [
            self.t("deducted"), self.t("total"), self.t("grade"), self.t("commission")]))
        agents = self.a.agents
        if not len(agents):
            ws.append([c(self.t("none"))])
            return
        k = len(kpis)
        values = self.a.items["value"].to_numpy().reshape(len(agents), k)
        points = self.a.items["points"].to_numpy().reshape(len(agents), k)
        order = np.lexsort((np.arange(len(agents)), np.nan_to_num(agents["rank"].to_numpy(), nan=1e9)))
        rows = list(agents.itertuples(index=False))
        for i in order.tolist():
            r = rows[i]
            cells = [c(None if r.rank != r.rank else int(r.rank)), c(r.agent)]
            for j, kpi in enumerate(kpis):
                cells += [c(values[i, j], self.fmt(kpi)), c(points[i, j], "0.00")]
            cells += [c(r.deducted, "0.00"), c(r.total, "0.00"), c(r.grade), c(r.commission, w.money_format)]
            ws.append(cells)
        team = self.a.team
        cells = [None, c(self.t("team"))]
        for kpi in kpis:
            cells += [None, c(team.get(kpi), "0.00")]
        cells += [None, c(team.get("total"), "0.00"), None, c(team.get("commission"), w.money_format)]
        ws.append(cells)

    def cards(self, ws: Any) -> None:
        """One printable block per agent: items, deductions, total, grade, rank, commission."""
        from .report_xlsx import BOLD

        w, c = self.w, self.w.cell
        w.ws = ws
        self._print(ws)
        w.widths(ws, [30, 14, 12, 12, 14])
        self._title(ws)
        row = 4 + (1 if self.a.missing_kpis else 0)  # the next row number (after the title lines)
        items, deds = self.a.items, self.a.deductions
        k, m = len(self.a.scheme.items), len(self.a.scheme.deductions)
        if not len(self.a.agents):
            ws.append([c(self.t("none"))])
        for i, r in enumerate(self.a.agents.itertuples(index=False)):
            lines: list[list] = []
            rank = "–" if r.rank != r.rank else int(r.rank)
            lines.append([c(f"{r.agent}", font=BOLD), c(f"{self.t('grade')} {r.grade or '–'}", font=BOLD),
                          c(f"{self.t('rank')} {rank}", font=BOLD)])
            lines.append(self.head([self.t("item"), self.t("value"), self.t("points"), self.t("weight"),
                                    self.t("weighted")]))
            for it in items.iloc[i * k:(i + 1) * k].itertuples(index=False):
                na = it.points != it.points
                lines.append([c(label(it.kpi, self.lang)), c(it.value, self.fmt(it.kpi)),
                              c(self.t("na") if na else it.points, "0.00"), c(it.weight, "0.00"),
                              c(it.weighted, "0.00")])
            if r.respread:
                lines.append([c(self.t("respread"))])
            if m:
                lines.append(self.head([self.t("deduction"), self.t("count"), self.t("deducted")]))
                for d in deds.iloc[i * m:(i + 1) * m].itertuples(index=False):
                    count = c(d.count, "0") if d.available else c(self.t("na"))
                    lines.append([c(label(d.kpi, self.lang)), count, c(-d.points, "0.00")])
            lines.append([c(self.t("total"), font=BOLD), None, c(r.total, "0.00", font=BOLD)])
            lines.append([c(self.t("grade"), font=BOLD), None, c(r.grade)])
            lines.append([c(self.t("commission_base")), None, c(r.commission_base, w.money_format)])
            lines.append([c(self.t("commission"), font=BOLD), None, c(r.commission, w.money_format, font=BOLD)])
            if self.trend:
                lines.append(self.head([self.t("month"), self.t("total"), self.t("grade"), self.t("rank"),
                                        self.t("commission")]))
                for mo in agent_months(self.trend, r.agent).itertuples(index=False):
                    lines.append([c(mo.month), c(mo.total, "0.00"), c(mo.grade),
                                  c(None if mo.rank != mo.rank else int(mo.rank)), c(mo.commission, w.money_format)])
            lines.append([])
            for line in lines:
                ws.append(line)
            row += len(lines)
            if i < len(self.a.agents) - 1:
                ws.row_breaks.append(Break(id=row - 1))

    @staticmethod
    def _print(ws: Any, landscape: bool = False) -> None:
        """A4 (the wide 绩效 table across, the cards upright), fitted to one page wide, as tall as needed."""
        ws.page_setup.paperSize = "9"  # ws.PAPERSIZE_A4; write-only sheets lack the constant
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
