"""The Excel report's 绩效 and 考核表 sheets (issue 14): values, printable page setup, no formulas."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from desktop_app.core.appraisal.report import attach
from desktop_app.core.appraisal.scheme import parse_scheme
from desktop_app.core.dataset import Dataset
from desktop_app.core.model.compute import compute
from desktop_app.core.report_xlsx import EXTRA_SHEET_MODULES, write_report
from desktop_app.core.schema import conform

T = pd.Timestamp
EVIL = "=HYPERLINK(\"http://example.invalid\",\"x\")"
ORDERS = [dict(platform="taobao", order_id="1001", buyer="amy", created=T("2026-11-16 10:05"),
               paid=T("2026-11-16 10:06"), status="paid_unshipped", paid_amount=120.0, items=1),
          dict(platform="taobao", order_id="1002", buyer="bob", created=T("2026-11-17 09:00"), status="unpaid",
               items=2)]
MESSAGES = [
    dict(time=T("2026-11-16 10:00:00"), buyer="amy", agent="店:小王", sender="buyer", text="在吗"),
    dict(time=T("2026-11-16 10:00:04"), buyer="amy", agent="店:小王", sender="agent", text="在的"),
    dict(time=T("2026-11-17 08:00:00"), buyer="bob", agent=EVIL, sender="buyer", text="有货吗"),
    dict(time=T("2026-11-17 08:00:20"), buyer="bob", agent=EVIL, sender="agent", text="有"),
]
SCHEME = {"version": 1, "name": "=月度方案",
          "items": [{"kpi": "conversion_rate", "weight": 50, "better": "higher", "bands": [[0.5, 100]]},
                    {"kpi": "first_response_mean_s", "weight": 50, "better": "lower",
                     "linear": {"floor": 24, "target": 4}}],
          "deductions": [{"kpi": "quality_hits", "points_each": 1, "cap": 5}],
          "commission": {"base": "sales", "mode": "whole", "tiers": [[0, 0.1]]},
          "grades": [[60, "A"], [0, "B"]]}


@pytest.fixture(scope="module")
def results():
    data = Dataset(orders=conform(pd.DataFrame(ORDERS), "orders"), messages=conform(pd.DataFrame(MESSAGES),
                                                                                     "messages"))
    return compute(data)


def test_registered_in_the_excel_hook():
    assert "desktop_app.core.report_appraisal_xlsx" in EXTRA_SHEET_MODULES


def test_no_appraisal_no_sheets(tmp_path, results):
    results.appraisal = None
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "r.xlsx"))
    assert "绩效" not in wb.sheetnames and "考核表" not in wb.sheetnames


def test_appraisal_sheet_and_cards(tmp_path, results):
    attach(results, parse_scheme(SCHEME))
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "r.xlsx"))
    names = wb.sheetnames
    assert names.index("趋势") < names.index("绩效") < names.index("考核表") < names.index("设置")
    ws = wb["绩效"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = rows.index(next(r for r in rows if r[0] == "排名"))
    table = {r[1]: r for r in rows[head + 1: head + 3]}
    # 小王: conversion 1.0 -> 100, first response 4 s -> 100; quality (docs/quality.md): "在吗" -> "在的" is a
    # bare reply and, the order following, has no thanks: 2 hits -> -2: total 98, A, rank 1, 提成 120 x 10% = 12
    wang = table["店:小王"]
    assert wang[0] == 1 and wang[-4:] == [2, 98, "A", 12]
    # the other agent: conversion 0 -> 0, 20 s -> (24-20)/20 = 20 points: 0.5 x 20 = 10; "有货吗" -> "有":
    # bare, no greeting, no thanks before bob's order: 3 hits -> total 7, B, rank 2
    other = table[EVIL]
    assert other[0] == 2 and other[-3:] == [7, "B", 0]
    assert rows[head + 3][1] == "团队平均" and rows[head + 3][-3] == 52.5  # (98 + 7) / 2
    # no data cell is a formula: the agent's name and the scheme's name are text with the quote prefix
    for sheet in (ws, wb["考核表"]):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    cards = wb["考核表"]
    assert cards.page_setup.paperSize in (9, "9") and cards.page_setup.fitToWidth in (1, "1")
    assert cards.sheet_properties.pageSetUpPr.fitToPage
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.orientation == "landscape"
    # the header row on every page (row 4: every KPI of the scheme is in the figures now that quality runs,
    # so no "missing" line sits above it)
    assert ws.print_title_rows == "$4:$4" and ws.freeze_panes == "C5"
    assert len(cards.row_breaks.brk) == 1  # one card per page: a break between the two agents
    texts = [c for r in cards.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    # the quality deduction is on the card with its count (quality runs: 3 hits for this agent)
    assert "质检问题" in texts and "不可用" not in texts


def test_english_and_bare_scheme(tmp_path, results):
    results.appraisal = parse_scheme(SCHEME)  # a bare scheme is applied by the sheet writer
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "en.xlsx", language="en"))
    assert "Appraisal" in wb.sheetnames and "Report cards" in wb.sheetnames
    results.appraisal = None


def test_cards_show_the_months_when_the_range_spans_several(tmp_path):
    from test_appraisal_months import MESSAGES as M2, ORDERS as O2, SCHEME as S2

    res = compute(Dataset(orders=conform(pd.DataFrame(O2), "orders"), messages=conform(pd.DataFrame(M2),
                                                                                       "messages")))
    attach(res, S2)
    wb = openpyxl.load_workbook(write_report(res, tmp_path / "m.xlsx"))
    rows = [r for r in wb["考核表"].iter_rows(values_only=True)]
    wang = next(i for i, r in enumerate(rows) if r[0] == "店:小王")
    head = next(i for i in range(wang, len(rows)) if rows[i][0] == "月份")
    assert rows[head + 1][:3] == ("2026-10", 100, "A") and rows[head + 2][:3] == ("2026-11", 25, "B")
