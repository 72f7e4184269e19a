"""AppraisalView and SchemeEditor: live re-scoring as the form changes, validation, compare, drill (issue 14)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt

from desktop_app.core.appraisal.scheme import parse_scheme
from desktop_app.core.model.settings import ModelSettings
from desktop_app.ui.views.appraisal import AppraisalView

SCHEME = {
    "version": 1, "name": "方案A",
    "items": [
        {"kpi": "conversion_rate", "weight": 50, "better": "higher", "bands": [[0.5, 100], [0.3, 60]]},
        {"kpi": "response_mean_s", "weight": 50, "better": "lower", "linear": {"floor": 60, "target": 20}},
    ],
    "deductions": [{"kpi": "unanswered_turns", "points_each": 1, "cap": 3}],
    "commission": {"base": "sales", "mode": "marginal", "tiers": [[0, 0.01], [1000, 0.02]]},
    "grades": [[80, "A"], [50, "B"], [0, "C"]],
}


def results():
    agents = pd.DataFrame({
        "agent": ["店:小王", "店:小李", "店小蜜"],
        "conversion_rate": [0.5, 0.3, 0.9],
        "response_mean_s": [30.0, 60.0, 1.0],
        "unanswered_turns": [5, 1, 0],
        "sales": [1500.0, 800.0, 10.0],
        "refund_amount": [0.0, 0.0, 0.0],
    })
    return SimpleNamespace(agents=agents, settings=ModelSettings(), as_of=pd.Timestamp("2026-11-30 20:00"),
                           conversations=pd.DataFrame({"start": pd.to_datetime(["2026-11-01 09:00",
                                                                                 "2026-11-30 10:00"])}),
                           unavailable=[])


def table_rows(view):
    t = view.table
    heads = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    return [dict(zip(heads, [t.item(r, c).text() for c in range(t.columnCount())])) for r in range(t.rowCount())]


@pytest.fixture
def view(qtbot, translators):
    v = AppraisalView()
    qtbot.addWidget(v)
    v.set_scheme(parse_scheme(SCHEME))
    v.set_results(results())
    return v


def test_scores_by_hand_and_robot_left_out(view):
    rows = table_rows(view)
    # 店小蜜 matches the robot accounts: never appraised
    assert [r["Agent"] for r in rows] == ["店:小王", "店:小李"]
    # 小王: 100 x .5 + (60-30)/40*100 = 75 x .5 = 87.5, minus 3 (5 unanswered, capped) = 84.5, A, 提成 10 + 10 = 20
    assert rows[0]["Total"] == "84.50" and rows[0]["Grade"] == "A" and rows[0]["Rank"] == "1"
    assert rows[0]["Commission"] == "¥20.00"
    # 小李: 60 x .5 + 0 - 1 = 29, C
    assert rows[1]["Total"] == "29.00" and rows[1]["Grade"] == "C"
    assert "2026-11-01 – 2026-11-30" in view.period_label.text()
    assert "56.75" in view.team_label.text()  # (84.5 + 29) / 2


def test_totals_update_as_a_weight_is_typed(view, qtbot):
    weight = view.editor.items.cellWidget(0, view.editor.ITEM_WEIGHT)
    weight.selectAll()
    qtbot.keyClicks(weight, "150")  # conversion weight 150 of 200: 100 x .75 + 75 x .25 = 93.75 - 3
    rows = table_rows(view)
    assert rows[0]["Total"] == "90.75"
    # 小李: 60 x .75 + 0 - 1 = 44
    assert rows[1]["Total"] == "44.00"


def test_band_edit_and_invalid_edit_keeps_the_last_valid_scheme(view):
    editor = view.editor
    editor.items.setCurrentCell(0, 0)
    editor.bands.item(1, 1).setText("80")  # the 0.3 band now gives 80: 小李 40 - 1 = 39
    assert table_rows(view)[1]["Total"] == "39.00"
    editor.bands.item(1, 0).setText("0.7")  # not falling any more: invalid
    assert "items[0].bands" in editor.error() and "order" in editor.error()
    assert table_rows(view)[1]["Total"] == "39.00"  # nothing half-applied
    editor.bands.item(1, 0).setText("0.3")
    assert editor.error() == ""
    weight = editor.items.cellWidget(1, editor.ITEM_WEIGHT)
    weight.setValue(0)
    assert "items[1].weight" in editor.error()


def test_compare_two_schemes(view):
    other = dict(SCHEME, name="方案B", commission={"base": "sales", "mode": "whole", "tiers": [[0, 0.02]]},
                 deductions=[])
    view.set_compare_scheme(parse_scheme(other))
    rows = table_rows(view)
    # B: 小王 87.5 (no deduction), 提成 1500 x 2% = 30; change = A - B = -3.00 and -¥10.00
    assert rows[0]["Total (方案B)"] == "87.50" and rows[0]["Change in total"] == "−3.00"
    assert rows[0]["Commission (方案B)"] == "¥30.00" and rows[0]["Change in commission"] == "−¥10.00"
    view.set_compare_scheme(None)
    assert "Change in total" not in table_rows(view)[0]


def test_points_cell_drills_to_the_kpi(view, qtbot):
    heads = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    item = view.table.item(1, heads.index("Conversion rate"))
    with qtbot.waitSignal(view.drill_requested, timeout=2000) as blocker:
        view.table.itemDoubleClicked.emit(item)
    assert blocker.args == ["店:小李", "conversion_rate"]
    view.table.setCurrentCell(0, 1)
    card = view.card
    line = next(r for r in range(card.rowCount()) if card.item(r, 0).text().startswith("Deduction"))
    assert card.item(line, 1).text() == "5" and card.item(line, 4).text() == "-3.00"
    with qtbot.waitSignal(view.drill_requested, timeout=2000) as blocker:
        view.card.itemDoubleClicked.emit(card.item(line, 0))
    assert blocker.args == ["店:小王", "unanswered_turns"]


def test_open_save_and_bad_file(view, tmp_path, qtbot):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(SCHEME, version=9)), encoding="utf-8")
    assert not view.load_file(bad)
    assert "version" in view.message_label.text() and str(bad) in view.message_label.text()
    assert view.scheme().name == "方案A"
    view.editor.name_edit.setText("方案C")
    with qtbot.waitSignal(view.scheme_file_changed, timeout=2000) as blocker:
        assert view.save_file(tmp_path / "c.json")
    assert blocker.args == [str(tmp_path / "c.json")]
    view.use_default_scheme()
    assert view.scheme().name != "方案C"
    assert view.load_file(tmp_path / "c.json") and view.scheme().name == "方案C"


def test_attach_for_export_and_no_results(view, qtbot):
    res = results()
    view.attach_to(res)
    assert res.appraisal.scheme.name == "方案A" and list(res.appraisal.agents["agent"]) == ["店:小王", "店:小李"]
    view.set_results(None)
    assert view.table.rowCount() == 0
    empty = AppraisalView()
    qtbot.addWidget(empty)
    assert empty.scheme() is not None  # the default scheme is what a first-time user sees
    assert np.isfinite(empty.scheme().items[0].weight)


def test_chinese_texts_from_the_shipped_translation(view, translators):
    from desktop_app.ui.bilingual import set_chinese_first

    translators.install("zh_CN")
    set_chinese_first(True)
    try:
        view.retranslate_ui()
        assert view.default_button.text() == "默认方案"
        assert view.editor.add_item_button.text() == "添加考核项"
        heads = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
        assert heads[:5] == ["排名", "客服", "总分", "等级", "提成"] and "询单转化率" in heads
        combo = view.editor.items.cellWidget(1, view.editor.ITEM_BETTER)
        assert combo.currentText() == "越低越好" and combo.currentData() == "lower"
    finally:
        set_chinese_first(False)
        translators.install("en")
        view.retranslate()


def test_month_by_month_tab(qtbot, translators):
    from desktop_app.core.dataset import Dataset
    from desktop_app.core.model.compute import compute
    from desktop_app.core.schema import conform

    t = pd.Timestamp
    orders = [dict(platform="taobao", order_id="1", buyer="amy", created=t("2026-10-30 10:05"),
                   paid=t("2026-10-30 10:06"), status="paid_unshipped", paid_amount=200.0, items=1)]
    messages = [  # October: amy answered in 5 s and buys; November: bob answered in 25 s, does not buy
        dict(time=t("2026-10-30 10:00:00"), buyer="amy", agent="店:小王", sender="buyer", text="在吗"),
        dict(time=t("2026-10-30 10:00:05"), buyer="amy", agent="店:小王", sender="agent", text="在的"),
        dict(time=t("2026-11-01 09:00:00"), buyer="bob", agent="店:小王", sender="buyer", text="有货吗"),
        dict(time=t("2026-11-01 09:00:25"), buyer="bob", agent="店:小王", sender="agent", text="有")]
    ORDERS, MESSAGES = orders, messages
    MONTH_SCHEME = parse_scheme({
        "version": 1, "name": "m",
        "items": [{"kpi": "conversion_rate", "weight": 50, "better": "higher", "bands": [[0.5, 100]]},
                  {"kpi": "first_response_mean_s", "weight": 50, "better": "lower",
                   "linear": {"floor": 45, "target": 5}}],
        "commission": {"base": "sales", "mode": "whole", "tiers": [[0, 0.1]]},
        "grades": [[80, "A"], [0, "B"]]})
    res = compute(Dataset(orders=conform(pd.DataFrame(ORDERS), "orders"),
                          messages=conform(pd.DataFrame(MESSAGES), "messages")))
    v = AppraisalView()
    qtbot.addWidget(v)
    v.set_scheme(MONTH_SCHEME)
    v.set_results(res)
    v.show()
    v.tabs.setCurrentIndex(1)  # months are computed only once the tab is visible
    qtbot.waitUntil(lambda: v.months.table.rowCount() == 2)
    v.months.agent_combo.setCurrentText("店:小王")
    rows = v.months.rows()
    assert [r["Month"] for r in rows] == ["2026-10", "2026-11"]
    assert [r["Total"] for r in rows] == ["100.00", "25.00"] and rows[0]["Commission"] == "¥20.00"
    # an edit re-scores the months too: conversion weight 150 of 200 -> November 0 + 50 x 50/200 = 12.5
    v.editor.items.cellWidget(0, v.editor.ITEM_WEIGHT).setValue(150)
    assert v.months.rows()[1]["Total"] == "12.50"
    # the period box: one calendar month of the range, scored on its own rows, and exported as shown
    v.tabs.setCurrentIndex(0)
    assert v.period_combo.count() == 3
    v.set_period("2026-11")
    assert table_rows(v)[0]["Total"] == "12.50" and "2026-11-01 – 2026-11-01" in v.period_label.text()
    v.attach_to(res)
    assert res.appraisal.start == "2026-11-01" and res.appraisal.agents["total"].tolist() == [12.5]
    v.set_period(None)
    assert table_rows(v)[0]["Total"] != "12.50"


def test_add_and_remove_items_in_the_form(view, qtbot):
    editor = view.editor
    qtbot.mouseClick(editor.add_item_button, Qt.MouseButton.LeftButton)
    assert editor.items.rowCount() == 3 and editor.error() == ""
    added = editor.items.cellWidget(2, editor.ITEM_KPI).currentData()
    assert added == "sales"  # the first KPI not used yet
    # the new item: weight 10, bands [[1, 100]]: 小王's sales 1500 reach it -> 100 points;
    # (100 x 50 + 75 x 50 + 100 x 10) / 110 = 88.636 - 3 = 85.64
    assert table_rows(view)[0]["Total"] == "85.64"
    editor.items.setCurrentCell(2, 0)
    qtbot.mouseClick(editor.remove_item_button, Qt.MouseButton.LeftButton)
    assert editor.items.rowCount() == 2 and len(view.scheme().items) == 2
    editor.items.cellWidget(1, editor.ITEM_KPI).setCurrentIndex(
        editor.items.cellWidget(1, editor.ITEM_KPI).findData("conversion_rate"))
    assert "twice" in editor.error()


def test_the_default_schemes_name_field_shows_the_readers_language(view):
    from desktop_app.core.appraisal.scheme import load_default_scheme
    from desktop_app.ui import bilingual

    full = load_default_scheme().name  # "默认方案 Default (seeds' targets)": both languages
    view.use_default_scheme()
    assert view.editor.name_edit.text() == "Default (seeds' targets)" and full.startswith("默认方案 ")
    assert view.scheme().name == full  # unedited: the scheme keeps its bilingual name
    bilingual.set_chinese_first(True)
    try:
        view.editor.retranslate()
        assert view.editor.name_edit.text() == "默认方案" and view.scheme().name == full
        view.editor.name_edit.setText("十二月方案")
        view.editor.retranslate()  # an edited name stays as the user wrote it
        assert view.editor.name_edit.text() == "十二月方案" and view.scheme().name == "十二月方案"
    finally:
        bilingual.set_chinese_first(False)
