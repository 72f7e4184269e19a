"""The Excel report's 排班 / Staffing sheet, read back with openpyxl."""

import openpyxl
import pandas as pd

from desktop_app.core.dataset import Dataset
from desktop_app.core.model.compute import compute
from desktop_app.core.report_xlsx import EXTRA_SHEET_MODULES, write_report
from desktop_app.core.schema import conform


def chats(rows):
    recs = [dict(time=t, shop="小店", buyer=b, agent=a, sender=s, text=x, auto=False) for t, b, a, s, x in rows]
    return conform(pd.DataFrame(recs), "messages")


def results_with_a_short_hour():
    # Monday 2026-03-02 10:00: 12 buyers, each conversation 10 minutes (first buyer message -> last
    # message), all to 小王 alone: 12 x 600 s = 2 Erlangs -> more than one agent is needed, 1 on duty.
    rows = []
    for i in range(12):
        t = pd.Timestamp("2026-03-02 10:00:00") + pd.Timedelta(minutes=4 * i)
        rows += [(t, f"b{i}", "店:小王", "buyer", "在吗"),
                 (t + pd.Timedelta(seconds=30), f"b{i}", "店:小王", "agent", "在的"),
                 (t + pd.Timedelta(seconds=600), f"b{i}", "店:小王", "agent", "好的")]
    return compute(Dataset(messages=chats(rows)))


def test_staffing_sheet_is_registered_and_written(tmp_path):
    assert "desktop_app.core.report_staffing_xlsx" in EXTRA_SHEET_MODULES
    results = results_with_a_short_hour()
    path = write_report(results, tmp_path / "r.xlsx", "zh_CN")
    wb = openpyxl.load_workbook(path)
    assert "排班" in wb.sheetnames
    ws = wb["排班"]
    rows = [r for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0].value == "星期")
    mon10 = rows[header + 1]
    assert [c.value for c in mon10[:2]] == ["周一", "10:00"]
    assert mon10[2].value == 12 and mon10[3].value == 600  # arrivals per hour, handle time
    needed, on_duty, gap = mon10[4].value, mon10[5].value, mon10[6].value
    assert on_duty == 1 and needed > 1 and gap == needed - on_duty
    assert mon10[6].fill.fgColor.rgb.endswith("FFC7CE")  # short-staffed: red
    assert mon10[7].value == 30  # the hour's actual first-response median
    # the plan: 08:00-17:00 (first template) with the needed agents
    plan_row = next(r for r in rows if r[0].value == "周一" and r[1].value == "08:00–17:00")
    assert plan_row[3].value == needed


def test_english_sheet_and_no_sheet_without_chats(tmp_path):
    path = write_report(results_with_a_short_hour(), tmp_path / "en.xlsx", "en")
    assert "Staffing" in openpyxl.load_workbook(path).sheetnames
    path = write_report(compute(Dataset()), tmp_path / "none.xlsx", "zh_CN")
    assert "排班" not in openpyxl.load_workbook(path).sheetnames


def test_a_malformed_template_is_written_not_raised(tmp_path):
    from desktop_app.core.cli_staffing import staffing_section
    from desktop_app.core.model.settings import ModelSettings

    results = results_with_a_short_hour()
    results.settings = ModelSettings(shift_templates=(("9", "18:00"),))
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "r.xlsx", "en"))
    texts = [c.value for row in wb["Staffing"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("'9' is not HH:MM" in t for t in texts)
    section = staffing_section(results, 0.8, 10)
    assert section["shift_plan"] is None and "HH:MM" in section["shift_plan_error"]
    assert section["slots"][10]["needed"] >= 2  # the rest of the section stands
