"""AgentsView: scorecard texts and colours, day filter, charts fed from turns, drill signal."""

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt

from desktop_app.core.model.results import AGENT_COLUMNS
from desktop_app.ui.views.agents import AgentsView
from test_views_fixtures import LI, WANG, make_results

DISPLAY = Qt.ItemDataRole.DisplayRole


def cell(view, row, key, role=DISPLAY):
    model = view.table.model
    return model.data(model.index(row, model.column_of(key)), role)


def test_scorecard_cells_and_colours(qtbot):
    view = AgentsView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    model = view.table.model
    assert model.rowCount() == 2
    assert cell(view, 0, "agent") == WANG
    assert cell(view, 0, "conversion_rate") == "1.09%"  # 3 / 274 = 0.010949 -> 1.09 %
    assert cell(view, 0, "sales") == "¥1,500.00"
    assert cell(view, 1, "conversion_rate") == "50.00%"
    assert cell(view, 1, "first_response_mean_s") == "20.0 s"
    # 5 s <= 10 s reasonable -> green; 20 s > 15 s limit -> red; 40 s > 1.5 x 16 s -> red
    bg = Qt.ItemDataRole.BackgroundRole
    assert cell(view, 0, "first_response_mean_s", bg).color().name() == "#d7f0d2"
    assert cell(view, 1, "first_response_mean_s", bg).color().name() == "#f8cfcc"
    assert cell(view, 1, "response_mean_s", bg).color().name() == "#f8cfcc"
    assert cell(view, 1, "unanswered_turns", bg).color().name() == "#f8cfcc"  # 2 unanswered
    assert cell(view, 0, "unanswered_turns", bg) is None
    assert model.columnCount() == len(AGENT_COLUMNS)  # every KPI of the contract


def test_day_filter_and_charts(qtbot):
    view = AgentsView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    assert [view.day_combo.itemText(i) for i in range(view.day_combo.count())][1:] == [
        "2026-11-20", "2026-11-21"]
    view.set_day(pd.Timestamp("2026-11-20"))
    assert view.table.model.rowCount() == 1  # only 小王 worked on the 20th
    assert cell(view, 0, "inquiring_buyers") == "200"
    assert cell(view, 0, "conversion_rate") == "0.50%"  # 1 / 200
    view.set_day(None)
    view.table.table.selectRow(1)  # 小李: turns 10:00 (unanswered) and 10:29 (45 s)
    assert view.selected_agents() == [LI]
    assert np.isnan(view.first_hist._values).all() and len(view.first_hist._values) == 1
    assert view.response_hist.stats()[0] == 45.0
    assert view.heatmap.grid[5, 10] == 2  # Saturday 10:00, two turns
    assert view.heatmap.grid.sum() == 2
    view.table.table.clearSelection()  # nothing selected -> all agents
    assert view.heatmap.grid.sum() == 4
    # the daily chart sums both agents on the 21st: (2 + 5) paying / (74 + 10) inquiring
    bars = view.daily.bars.opts["height"]
    assert list(bars) == [200.0, 84.0]
    x, y = view.daily.rate_line.getData()
    assert np.allclose(y, [1 / 200 * 100, 7 / 84 * 100])
    view.log_check.setChecked(True)
    assert view.response_hist._log


def double_click(qtbot, table, index):
    # QAbstractItemView only reports a double-click on the index a press started on: click first.
    pos = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_double_click_kpi_emits_drill(qtbot):
    view = AgentsView()
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.set_results(make_results())
    table = view.table.table
    model = view.table.model
    index = model.index(1, model.column_of("conversion_rate"))
    table.scrollTo(index)
    with qtbot.waitSignal(view.drill_requested) as blocker:
        double_click(qtbot, table, index)
    assert blocker.args == [LI, "conversion_rate"]
    # after sorting, the drill still names the right agent
    model.sort(model.column_of("inquiring_buyers"), Qt.SortOrder.AscendingOrder)  # 小李 (10) first
    index = model.index(0, model.column_of("slow_turns"))
    with qtbot.waitSignal(view.drill_requested) as blocker:
        double_click(qtbot, table, index)
    assert blocker.args == [LI, "slow_turns"]


def test_none_clears(qtbot):
    view = AgentsView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.set_results(None)
    assert view.table.model.rowCount() == 0
    assert len(view.response_hist._values) == 0
    assert view.heatmap.grid.sum() == 0


def test_charts_caption_names_the_selection(qtbot):
    view = AgentsView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    assert view.charts_label.text() == "Charts for all agents (select rows to compare)"
    view.table.table.selectRow(0)
    assert view.charts_label.text() == f"Charts for: {WANG}"


def test_scorecard_leads_with_conversion_and_response_times():
    from desktop_app.core.model.results import AGENT_COLUMNS
    from desktop_app.ui.views.agents import scorecard_columns

    keys = [spec.key for spec in scorecard_columns(None)]
    assert keys[:4] == ["agent", "inquiring_buyers", "paying_buyers", "conversion_rate"]
    assert keys.index("first_response_median_s") < keys.index("items")
    assert sorted(keys) == sorted(AGENT_COLUMNS)  # every KPI still shown, once


def test_column_groups_hide_and_are_remembered(qtbot, tmp_path):
    from desktop_app.ui.settings import AppSettings
    from desktop_app.ui.widgets.column_groups import group_of

    class State:
        settings = AppSettings(tmp_path / "s.ini")

    view = AgentsView(state=State())
    qtbot.addWidget(view)
    view.set_results(make_results())
    model, table = view.table.model, view.table.table
    refund = model.column_of("refund_rate")
    assert group_of("refund_rate") == "after_sales" and group_of("conversion_rate") == "sales"
    assert group_of("first_response_mean_s") == "response" and group_of("agent") is None
    assert not table.isColumnHidden(refund)
    view.groups_button.actions_["after_sales"].setChecked(False)
    assert table.isColumnHidden(refund) and not table.isColumnHidden(model.column_of("agent"))
    assert not table.isColumnHidden(model.column_of("sales"))
    assert AppSettings(tmp_path / "s.ini").hidden_column_groups() == ["after_sales"]
    # a new window starts with the group hidden, and a new frame keeps it hidden
    again = AgentsView(state=State())
    qtbot.addWidget(again)
    again.set_results(make_results())
    assert again.table.table.isColumnHidden(again.table.model.column_of("refund_rate"))


def test_scorecard_shows_the_quality_and_answer_rate_columns_when_the_model_gives_them(qtbot):
    """Issue 13 item 4 and issue 11: clean share, hits per 100 and the 30 s / 3 min answer rates."""
    from desktop_app.ui.widgets.column_groups import group_of

    results = make_results()
    results.agents["clean_share"] = [0.75, np.nan]  # 3 of 4 conversations clean; none checked
    results.agents["hits_per_100"] = [25.0, np.nan]
    results.agents["quality_hits"] = [1, 0]
    results.agents["answered_30s_rate"] = [0.5, 0.25]
    view = AgentsView()
    qtbot.addWidget(view)
    view.set_results(results)
    assert cell(view, 0, "clean_share") == "75.00%"
    assert cell(view, 0, "hits_per_100") == "25.00"
    assert cell(view, 1, "answered_30s_rate") == "25.00%"
    assert view.table.model.columnCount() == len(AGENT_COLUMNS) + 4
    assert group_of("clean_share") == group_of("hits_per_100") == "quality"
    assert group_of("answered_30s_rate") == "response"
