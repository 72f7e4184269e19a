"""The Staffing (排班) page standalone: a real model run on a hand-made chat log, what-if and hover."""

from __future__ import annotations

import numpy as np
import pandas as pd

from desktop_app.core.dataset import Dataset
from desktop_app.core.model.compute import compute
from desktop_app.core.model.settings import ModelSettings
from desktop_app.core.schema import conform
from desktop_app.ui.views.staffing import StaffingView


def busy_monday(settings=ModelSettings()):
    """Monday 2026-03-02 10:00: 12 buyers, 10-minute conversations, 小王 alone on duty (replies after 30 s);
    Monday 15:00: one buyer, 小王 and 小李 both write."""
    rows = []
    for i in range(12):
        t = pd.Timestamp("2026-03-02 10:00:00") + pd.Timedelta(minutes=4 * i)
        rows += [(t, f"b{i}", "店:小王", "buyer", "在吗"), (t + pd.Timedelta(seconds=30), f"b{i}", "店:小王", "agent", "在的"),
                 (t + pd.Timedelta(seconds=600), f"b{i}", "店:小王", "agent", "好的")]
    t = pd.Timestamp("2026-03-02 15:00:00")
    rows += [(t, "c1", "店:小王", "buyer", "发货了吗"), (t + pd.Timedelta(seconds=5), "c1", "店:小王", "agent", "发了"),
             (t + pd.Timedelta(seconds=60), "c2", "店:小李", "agent", "亲在吗")]
    recs = [dict(time=a, shop="小店", buyer=b, agent=c, sender=d, text=e, auto=False) for a, b, c, d, e in rows]
    return compute(Dataset(messages=conform(pd.DataFrame(recs), "messages")), settings)


def test_map_hover_plan_and_what_if(qtbot):
    view = StaffingView()
    qtbot.addWidget(view)
    view.set_results(busy_monday())
    assert view.stack.currentIndex() == 1
    # 12 arrivals/h x 600 s = 2 Erlangs; measured concurrency: each conversation overlaps the next two
    table = view.table
    mon10 = table.iloc[10]
    assert (mon10.arrivals_per_hour, mon10.handle_s, mon10.on_duty) == (12.0, 600.0, 1.0)
    needed_default = mon10.needed
    assert needed_default >= 2 and view.grid[0, 10] == needed_default - 1  # short -> positive gap (red)
    assert view.cell_text[0][10].textItem.toPlainText() == f"+{needed_default - 1:.0f}"
    assert view.grid[0, 15] == 1 - 2  # one needed, two on duty: over-staffed (blue)
    hover = view.describe_slot(0, 10)
    assert "10:00" in hover and "arrivals 12/h" in hover and "handle time 600 s" in hover
    assert "on duty 1" in hover and "first response median 30 s" in hover
    # the plan covers Monday's need with the first template that covers 10:00-16:00
    plan = view.plan
    assert plan["weekday"].tolist() == [0] and plan["agents"].sum() == needed_default
    assert view.plan_table.rowCount() == 1 and view.plan_table.item(0, 1).text() == "08:00–17:00"
    assert "short-staffed" in view.summary_label.text()

    # what-if: a laxer target needs no more agents, a stricter one (99 % within 1 s) needs more
    with qtbot.waitSignal(view.target_changed) as blocker:
        view.share.setValue(99)
    assert blocker.args[0] == 0.99
    view.seconds.setValue(1)
    stricter = view.table.iloc[10].needed
    assert stricter > needed_default
    # concurrency by hand: 4 chats per agent -> one agent is 4 servers; fewer agents needed
    view.by_hand.setChecked(True)
    view.concurrency.setValue(4)
    assert view.target()[2] == 4.0
    assert view.table.iloc[10].needed < stricter
    # the map followed at once; the plan follows once the edits pause
    assert view.plan_pending()
    qtbot.waitUntil(lambda: not view.plan_pending(), timeout=5000)
    assert view.plan["agents"].sum() == view.table.iloc[10].needed


def test_hover_by_mouse_position(qtbot):
    view = StaffingView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.set_results(busy_monday())
    qtbot.waitExposed(view)
    vb = view.plot.getPlotItem().vb
    scene_pos = vb.mapViewToScene(pg_point(10.5, 0.5))
    view._on_mouse_moved(scene_pos)
    assert view.hover_label.text().startswith(view.describe_slot(0, 10)[:6])
    assert "arrivals 12/h" in view.hover_label.text()


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_empty_state_without_chats(qtbot):
    view = StaffingView()
    qtbot.addWidget(view)
    view.set_results(compute(Dataset()))
    assert view.stack.currentIndex() == 0
    assert "No chat log in this range" in view.empty_label.text()
    view.set_results(None)
    assert view.stack.currentIndex() == 0


def test_templates_from_settings_and_uncovered_hours_named(qtbot):
    view = StaffingView()
    qtbot.addWidget(view)
    view.set_results(busy_monday(ModelSettings(shift_templates=(("13:00", "22:00"),))))
    assert view.plan_table.rowCount() == 0  # hidden: the plan waits until the page is shown
    view.show()
    # 10:00 needs agents and no template covers it: named; 15:00 is planned
    assert "10:00" in view.plan_note.text()
    assert view.plan["start"].tolist() == ["13:00"]


def test_chinese_texts(qtbot, translators):
    translators.install("zh_CN")
    view = StaffingView()
    qtbot.addWidget(view)
    view.set_results(busy_monday())
    assert "人手不足" in view.summary_label.text()
    assert view.describe_slot(0, 10).startswith("周一 10:00") and "进线 12/小时" in view.describe_slot(0, 10)
    view.set_results(None)
    assert view.empty_label.text().startswith("所选日期内没有聊天记录")
