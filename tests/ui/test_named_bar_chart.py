"""The bar charts' names under the bars wrap onto more lines instead of overlapping (English RFM segments)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from desktop_app.core.model.customers import SEGMENT_EN
from desktop_app.ui.charts.bars import wrap_to_width
from desktop_app.ui.charts.segments import SegmentChart


def test_wrap_to_width_breaks_at_spaces_only_where_needed(qapp):
    metrics = QFontMetrics(QFont())
    wide = metrics.horizontalAdvance("High value, to keep in touch") + 10
    assert wrap_to_width("High value, to keep in touch", wide, metrics) == "High value, to keep in touch"
    narrow = metrics.horizontalAdvance("High value,") + 2  # "High value," fits, "High value, to" does not
    wrapped = wrap_to_width("High value, to keep in touch", narrow, metrics)
    assert wrapped.split("\n")[0] == "High value,"
    assert wrapped.replace("\n", " ") == "High value, to keep in touch"  # nothing lost
    assert all(metrics.horizontalAdvance(line) <= narrow for line in wrapped.split("\n"))
    # a Chinese name has no spaces to break at: left whole
    assert wrap_to_width("重要价值客户", 5, metrics) == "重要价值客户"


def test_segment_chart_wraps_english_names_to_its_width(qtbot):
    chart = SegmentChart()
    qtbot.addWidget(chart)
    chart.resize(700, 260)
    chart.show()
    qtbot.waitExposed(chart)
    names = list(SEGMENT_EN.values())
    chart.set_segments(names, [120, 80, 40, 30, 300, 200, 90, 60])
    narrow = chart.tick_names()
    assert [n.replace("\n", " ") for n in narrow] == names
    assert any("\n" in n for n in narrow)  # 8 long names cannot sit on one line in 700 px
    chart.resize(2400, 260)
    qtbot.wait(50)
    assert chart.tick_names() == names  # wide enough: one line each again
