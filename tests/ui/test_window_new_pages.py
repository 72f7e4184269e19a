"""The Quality, Staffing, Appraisal and Imports pages and the shop selector, wired into the REAL window.

Each test drives the main window on the demo shop (made-up data in the real formats) or on small shop
files written here, through the pages' own signals and buttons, and checks what the user then sees.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pandas as pd

from desktop_app.ui.pages import (PAGE_AGENTS, PAGE_APPRAISAL, PAGE_CONVERSATIONS, PAGE_IMPORTS, PAGE_QUALITY,
                                  PAGE_STAFFING)
from shop_files import ORDER_HEADERS, write_shop

TIMEOUT = 120_000


def open_demo(qtbot, window):
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_demo()
    return blocker.args[0]


def recompute(qtbot, window):
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.recompute()
    return blocker.args[0]


def agent_hits(window, agent: str) -> int:
    agents = window.results.agents
    return int(agents.loc[agents["agent"] == agent, "quality_hits"].iloc[0])


def test_quality_page_shows_hits_opens_the_conversation_and_accepting_survives_a_recompute(qtbot, window):
    results = open_demo(qtbot, window)
    view = window.view(PAGE_QUALITY)
    hits = results.quality.hits
    assert len(hits) > 0
    window.show_page(PAGE_QUALITY)
    assert view.hit_table.model.rowCount() == len(hits)  # every hit listed on the page

    # the first listed hit: open its conversation on the Conversations page, with its transcript
    view.hit_table.select_source_row(0)
    hit = view.selected_hit()
    agent, hit_id = str(hit["agent"]), str(hit["hit_id"])
    view.open_button.click()
    assert window.current_page() == PAGE_CONVERSATIONS
    conversations = window.view(PAGE_CONVERSATIONS)
    shown = conversations.table.model.frame().iloc[conversations.table.selected_source_rows()[0]]
    assert shown["conv_id"] == hit["conv_id"]
    assert str(hit["text"])[:10] in conversations.transcript.toPlainText()

    # accept it as a false positive: the agent's count drops by one on both pages
    before = agent_hits(window, agent)
    window.show_page(PAGE_QUALITY)
    view.hit_table.select_source_row(0)
    view.accept_selected(note="客户在开玩笑")
    assert agent_hits(window, agent) == before - 1
    scorecard = window.view(PAGE_AGENTS).table.model.frame()
    assert int(scorecard.loc[scorecard["agent"] == agent, "quality_hits"].iloc[0]) == before - 1
    marks = window.repository.store.handled()
    assert list(marks.loc[marks["check"] == "quality", "order_id"]) == [hit_id]

    # a recompute reads the mark from the store: still accepted, still one fewer
    again = recompute(qtbot, window)
    accepted = again.quality.hits.set_index("hit_id")
    assert bool(accepted.loc[hit_id, "accepted"]) and accepted.loc[hit_id, "note"] == "客户在开玩笑"
    assert agent_hits(window, agent) == before - 1


def test_staffing_page_shows_needed_against_on_duty_and_keeps_the_target(qtbot, window):
    open_demo(qtbot, window)
    view = window.view(PAGE_STAFFING)
    window.show_page(PAGE_STAFFING)
    assert view.stack.currentIndex() == 1  # the map, not the "no chat log" state
    table = view.table
    assert len(table) == 168 and {"needed", "on_duty", "gap"} <= set(table.columns)
    assert (table["needed"].fillna(0) > 0).any() and (table["on_duty"].fillna(0) > 0).any()
    assert "short-staffed hours" in view.summary_label.text()
    needed_before = float(table["needed"].fillna(0).sum())

    # a stricter target: the page recomputes its what-if, the window keeps the target, no model run
    runs = window.repository.reads
    handle = window.compute.handle
    view.share.setValue(95.0)
    assert float(view.table["needed"].fillna(0).sum()) > needed_before
    assert window.model_settings.staffing_target_share == 0.95
    assert window.settings.model_settings.staffing_target_share == 0.95
    assert window.results.settings.staffing_target_share == 0.95
    assert window.compute.handle is handle and window.repository.reads == runs
    # a language switch re-renders the page from the results: the target stays
    window.set_language("zh_CN")
    window.set_language("en")
    assert view.share.value() == 95.0


def test_appraisal_page_weights_drill_down_export_and_remembered_scheme(qtbot, make_window, tmp_path):
    window = make_window()
    open_demo(qtbot, window)
    view = window.view(PAGE_APPRAISAL)
    window.show_page(PAGE_APPRAISAL)
    first = view.appraisal()
    assert first is not None and len(first.agents) > 0
    totals = first.agents.set_index("agent")["total"]

    # a weight changed in the form: the totals change at once
    weight = view.editor.items.cellWidget(0, view.editor.ITEM_WEIGHT)
    weight.setValue(weight.value() * 3)
    after = view.appraisal().agents.set_index("agent")["total"]
    assert not after.equals(totals)

    # a points cell's drill-down opens the rows behind the figure on the Conversations page
    agent = str(after.index[0])
    view.drill_requested.emit(agent, "conversations")
    assert window.current_page() == PAGE_CONVERSATIONS
    assert window.view(PAGE_CONVERSATIONS).is_drill_down()

    # the Excel report (in the UI's language, here Chinese) has the 绩效 sheet with the page's totals
    window.set_language("zh_CN")
    target = tmp_path / "out.xlsx"
    with qtbot.waitSignal(window.report_written, timeout=TIMEOUT):
        window.export_report(str(target))
    wb = openpyxl.load_workbook(target, read_only=True)
    assert "绩效" in wb.sheetnames
    wb.close()
    sheet = pd.read_excel(target, sheet_name="绩效", header=None, engine="openpyxl")
    shown_total = round(float(after.iloc[0]), 1)
    assert (sheet.apply(pd.to_numeric, errors="coerce").round(1) == shown_total).any().any()
    window.set_language("en")

    # the scheme file saved on the page is opened again at the next start
    scheme_file = tmp_path / "方案.json"
    assert view.save_file(scheme_file)
    assert window.settings.appraisal_scheme() == str(scheme_file)
    window.close()
    again = make_window()
    assert again.view(PAGE_APPRAISAL).scheme() == view.scheme()
    assert str(scheme_file) in again.view(PAGE_APPRAISAL).message_label.text()


def write_second_shop_orders(folder: Path) -> Path:
    """Two paid orders of another Taobao shop (乙店), in the same export layout as shop_files'."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ExportOrderList202611201600.csv"
    rows = [
        ['="2001"', "c1", "30.00", "交易成功", "2026-11-20 14:00:00", "2026-11-20 14:01:00", "1",
         "北京市 朝阳区", "30.00", "乙店", "0", "13900001111"],
        ['="2002"', "c2", "70.00", "交易成功", "2026-11-20 15:00:00", "2026-11-20 15:01:00", "1",
         "北京市 海淀区", "70.00", "乙店", "0", "13900002222"],
    ]
    with open(path, "w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ORDER_HEADERS)
        writer.writerows(rows)
    return path


def test_shop_selector_filters_every_figure_and_imports_can_be_removed_and_put_back(qtbot, window, tmp_path):
    files = [str(p) for p in write_shop(tmp_path / "own")] + [str(write_second_shop_orders(tmp_path / "b"))]
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_files(files)
    both = blocker.args[0]
    assert both.shop["orders"] == 5
    selector = window.shop_selector
    keys = [k for k in selector._actions]
    assert len(keys) == 2 and "乙店" not in window.windowTitle()

    # one shop chosen in the toolbar: the figures are recomputed for it alone, the title names it
    second = next(k for k in keys if k.endswith(":乙店"))
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        selector._actions[second].trigger()
    only = blocker.args[0]
    assert only.shop["orders"] == 2 and only.shop["sales"] == 100.0
    assert window.state.shops == [second] and "乙店" in window.windowTitle()
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        selector._all.trigger()
    assert blocker.args[0].shop["orders"] == 5 and "乙店" not in window.windowTitle()

    # the Imports page lists the three files; removing the second shop's file recomputes without it
    page = window.view(PAGE_IMPORTS)
    window.show_page(PAGE_IMPORTS)
    assert page.table.rowCount() == 3
    formats = {page.table.item(i, 3).text() for i in range(3)}  # in the reader's language only
    assert "Taobao-Tmall order report" in formats and not any(re.search("[\u4e00-\u9fff]", f) for f in formats)
    row = next(i for i, r in enumerate(page._rows) if r["file"].endswith("202611201600.csv"))
    page.table.selectRow(row)
    page.confirm = lambda title, text: True
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        page.remove_button.click()
    assert blocker.args[0].shop["orders"] == 3
    assert page.table.rowCount() == 2 and page.undo_button.isEnabled()
    assert len(selector._actions) == 1  # 乙店 has no rows left

    # undo puts it back: the figures are those of before
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        page.undo_button.click()
    assert blocker.args[0].shop["orders"] == 5
    assert page.table.rowCount() == 3 and not page.undo_button.isEnabled()


def test_keep_full_contacts_is_a_setting_for_the_next_start(qtbot, window):
    dlg = window.open_settings()
    check = dlg.keep_contacts_check
    assert not check.isChecked() and "next start" in check.text()
    check.setChecked(True)
    with qtbot.waitSignal(dlg.finished, timeout=TIMEOUT):
        dlg.accept()
    assert window.settings.keep_full_contacts is True
