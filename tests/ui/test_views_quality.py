"""QualityView: agents × rules coloured against the shop rate, clean-share chart, hit list filters,
the message with its offending words highlighted, drill-down from a count, open and accept signals."""

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt

from desktop_app.core.dataset import Dataset
from desktop_app.core.importers.registry import load_files
from desktop_app.core.model.compute import compute
from desktop_app.core.model.quality_summary import set_accepted
from desktop_app.ui.models.frame_table_model import BAD, GOOD, NONE
from desktop_app.ui.views.quality import QualityView, highlighted, rate_colours

DISPLAY = Qt.ItemDataRole.DisplayRole
A, B = "示例店:小美", "示例店:阿杰"


def write_chat(path, rows):
    lines = ["时间,买家,客服,发送方,内容,自动回复"] + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def results(tmp_path):
    d = "2026-11-16 "
    rows = [
        (d + "10:00:00", "买家1", A, "买家", "包邮吗", "0"),
        (d + "10:00:10", "买家1", A, "客服", "亲，不知道", "0"),  # banned
        (d + "11:00:00", "买家2", A, "买家", "包邮吗", "0"),
        (d + "11:00:10", "买家2", A, "客服", "自己看", "0"),  # banned, bare (3 chars), no greeting
        (d + "12:00:00", "买家3", B, "买家", "包邮吗", "0"),
        (d + "12:00:10", "买家3", B, "客服", "亲，包邮的哦，今天下单今天发", "0"),  # clean
        ("2026-11-17 12:00:00", "买家4", B, "买家", "好的", "0"),
    ]
    ds = Dataset.from_results(load_files([write_chat(tmp_path / "c.csv", rows)]))
    return compute(ds)


def test_page_counts_chart_and_drill_down(qtbot, tmp_path):
    res = results(tmp_path)
    view = QualityView()
    qtbot.addWidget(view)
    view.set_results(res)
    model = view.agent_table.model
    assert model.rowCount() == 2
    col = model.column_of("hits_banned_words")
    row_a = [model.data(model.index(r, 0), DISPLAY) for r in range(2)].index(A)
    assert model.data(model.index(row_a, col), DISPLAY) == "2"
    assert "4 conversations checked, 2 clean (50.0%)" in view.summary.text()
    # clean share: A 0 %, B 100 % (买家3 and 买家4)
    assert list(view.chart.shares) == [0.0, 1.0]
    assert view.hit_table.model.rowCount() == 4  # 2 banned, 1 bare, 1 no greeting
    # a click on A's banned-words count drills to those two hits
    view.agent_table.table.clicked.emit(model.index(row_a, col))
    assert view.agent_filter.currentData() == A and view.rule_filter.currentData() == "banned_words"
    hits = view.hit_table.model
    assert hits.rowCount() == 2
    texts = {hits.data(hits.index(r, hits.column_of("text")), DISPLAY) for r in range(2)}
    assert texts == {"亲，不知道", "自己看"}
    # the selected hit shows the message with the word highlighted
    view.hit_table.select_source_row(0)
    assert "background-color:#fbe7b5" in view.message.toHtml()
    # open the conversation
    with qtbot.waitSignal(view.open_conversation, timeout=1000) as blocker:
        view.open_button.click()
    hit = view.selected_hit()
    assert blocker.args == [int(hit["conv_id"])]
    # accept with a note
    with qtbot.waitSignal(view.accept_requested, timeout=1000) as blocker:
        view.accept_selected(note="误报")
    assert blocker.args == [hit["hit_id"], "误报"]
    # after the window stored it: the hit is muted and A's count drops
    set_accepted(res.quality, {hit["hit_id"]: "误报"})
    view.set_results(res)
    assert view.agent_filter.currentData() == A  # the filters survive new results
    row_a = [model.data(model.index(r, 0), DISPLAY) for r in range(2)].index(A)
    assert model.data(model.index(row_a, col), DISPLAY) == "1"
    assert int(view.hit_table.model.frame()["accepted"].sum()) == 1
    view.hit_table.select_source_row(int(np.flatnonzero(view.hit_table.model.frame()["accepted"])[0]))
    assert not view.accept_button.isEnabled()  # already accepted


def test_day_filter_and_all(qtbot, tmp_path):
    view = QualityView()
    qtbot.addWidget(view)
    view.set_results(results(tmp_path))
    view.day_filter.setCurrentIndex(view.day_filter.findText("2026-11-16"))
    assert view.hit_table.model.rowCount() == 4
    assert view.day_filter.count() == 2  # All + one day


def test_without_chat_log(qtbot):
    view = QualityView()
    qtbot.addWidget(view)
    view.set_results(compute(Dataset()))
    assert "Not available" in view.summary.text()
    assert view.hit_table.model.rowCount() == 0 and not view.open_button.isEnabled()


def test_rate_colours_against_shop_rate():
    codes = rate_colours(np.array([1.0, 3.0, 5.0, np.nan]), np.array([10.0, 10.0, 10.0, 10.0]), 0.25)
    assert list(codes) == [GOOD, 2, BAD, NONE]  # 10 %, 30 % (≤ 1.5 × 25 %), 50 %, n/a


def test_highlight_full_width():
    html = highlighted("ＯＫ，我不知道<b>", "不知道")
    assert '<span style="background-color:#fbe7b5;color:#9c1c13;font-weight:bold">不知道</span>' in html
    assert "&lt;b&gt;" in html


def test_chinese_with_the_project_translations(qtbot, tmp_path, qapp):
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication, QTranslator

    qm = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "desktop_app_zh_CN.qm"
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        view = QualityView()
        qtbot.addWidget(view)
        view.set_results(results(tmp_path))
        model = view.agent_table.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(model.columnCount())]
        assert "禁用语" in headers and "合格率" in headers and "回复过简" in headers
        assert view.accept_button.text() == "确认误报…" and "全店：检查 4 个会话" in view.summary.text()
        assert view.rule_filter.itemText(0) == "全部"
    finally:
        QCoreApplication.removeTranslator(translator)
