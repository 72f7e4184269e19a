"""The 质检 / Quality sheet of the Excel report."""

import openpyxl

from desktop_app.core.dataset import Dataset
from desktop_app.core.importers.registry import load_files
from desktop_app.core.model.compute import compute
from desktop_app.core.report_xlsx import write_report

from test_quality import A, t, write_chat


def test_quality_sheet_in_both_languages(tmp_path):
    rows = [
        (t("10:00:00"), "买家1", A, "买家", "包邮吗", "0"),
        (t("10:00:10"), "买家1", A, "客服", "=不知道", "0"),  # banned, no greeting, bare? no: 3 chars + "="
    ]
    r = compute(Dataset.from_results(load_files([write_chat(tmp_path / "c.csv", rows)])))
    zh = openpyxl.load_workbook(write_report(r, tmp_path / "zh.xlsx", "zh_CN"))
    assert "质检" in zh.sheetnames
    names = zh.sheetnames
    assert names.index("质检") < len(names) - 2  # before the settings and problems sheets
    values = [tuple(row) for row in zh["质检"].iter_rows(values_only=True)]
    head = values[1]
    assert head[:6] == ("客服", "检查会话数", "合格会话数", "合格率", "问题数", "每百会话问题数")
    agent_row = next(v for v in values if v[0] == A)
    assert agent_row[1:3] == (1, 0)
    # the order rules have no order export: 不可用, not 0
    assert agent_row[head.index("未致谢道别")] == "不可用"
    hit_rows = [v for v in values if v[1] == A and v[3] == "禁用语"]
    assert len(hit_rows) == 1 and hit_rows[0][4] == "=不知道" and hit_rows[0][5] == "不知道"
    # the formula-looking text is stored as text
    cells = [c for row in zh["质检"].iter_rows() for c in row if c.value == "=不知道"]
    assert cells and cells[0].data_type == "s"
    # the settings sheet lists the quality settings
    setting_values = [row[0] for row in zh[zh.sheetnames[-2]].iter_rows(values_only=True)]
    assert "禁用语" in setting_values and "否定前缀" in setting_values
    en = openpyxl.load_workbook(write_report(r, tmp_path / "en.xlsx", "en"))
    assert "Quality" in en.sheetnames


def test_no_sheet_without_chats(tmp_path):
    from desktop_app.core.model.compute import compute as run

    r = run(Dataset())
    wb = openpyxl.load_workbook(write_report(r, tmp_path / "x.xlsx", "zh_CN"))
    assert "质检" not in wb.sheetnames
