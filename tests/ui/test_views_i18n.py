"""Views re-label headers, cards and derived texts on retranslate_ui() with a real Qt translator.

The .ts file is written here and compiled with pyside6-lrelease, so the test does not depend on the
project's translations being complete.
"""

import shutil
import subprocess

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from desktop_app.ui.views.agents import AgentsView
from desktop_app.ui.views.orders import OUT_OF_STOCK, OrdersView
from desktop_app.ui.views.overview import OverviewView
from test_views_fixtures import make_results

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context><name>AgentsView</name>
<message><source>Conversion</source><translation>询单转化率</translation></message>
<message><source>Day:</source><translation>日期：</translation></message>
</context>
<context><name>OverviewView</name>
<message><source>Sales</source><translation>销售额</translation></message>
</context>
<context><name>OrdersView</name>
<message><source>Swap for another item (换货)</source><translation>换货</translation></message>
</context>
<context><name>FrameTableView</name>
<message><source>Copy</source><translation>复制</translation></message>
</context>
</TS>
"""


@pytest.fixture
def chinese(tmp_path, qapp):
    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    ts = tmp_path / "t.ts"
    ts.write_text(TS, encoding="utf-8")
    qm = tmp_path / "t.qm"
    subprocess.run([lrelease, str(ts), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    yield translator
    QCoreApplication.removeTranslator(translator)


def test_retranslate_relabels(qtbot, chinese):
    agents, overview, orders = AgentsView(), OverviewView(), OrdersView()
    for view in (agents, overview, orders):
        qtbot.addWidget(view)
        view.set_results(make_results())
    model = agents.table.model
    col = model.column_of("conversion_rate")
    assert model.headerData(col, Qt.Orientation.Horizontal) == "Conversion"

    QCoreApplication.installTranslator(chinese)
    for view in (agents, overview, orders):
        view.retranslate_ui()
    assert model.headerData(col, Qt.Orientation.Horizontal) == "询单转化率"
    assert agents.day_label.text() == "日期："
    assert agents.table.copy_action.text() == "复制"
    assert overview.cards["sales"].title_label.text() == "销售额"
    remedy = orders.tables[OUT_OF_STOCK].model
    assert remedy.data(remedy.index(0, remedy.column_of("remedy_text"))) == "换货"

    QCoreApplication.removeTranslator(chinese)
    for view in (agents, overview, orders):
        view.retranslate_ui()
    assert model.headerData(col, Qt.Orientation.Horizontal) == "Conversion"
    assert overview.cards["sales"].title_label.text() == "Sales"


def test_lupdate_finds_every_label(tmp_path):
    """pyside6-lupdate (what the translators run) sees each header label under its context."""
    import re
    from pathlib import Path

    import desktop_app.ui as ui
    from desktop_app.ui.views import customers, orders
    from desktop_app.ui.views.agents import scorecard_columns

    lupdate = shutil.which("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    root = Path(ui.__file__).parent
    files = [str(p) for sub in ("models", "widgets", "charts") for p in (root / sub).glob("*.py")]
    files += [str(root / "views" / f"{name}.py")
              for name in ("overview", "agents", "agents_columns", "conversations", "orders", "customers")]
    ts = tmp_path / "out.ts"
    subprocess.run([lupdate, *files, "-ts", str(ts)], check=True, capture_output=True)
    found = {}
    for ctx in re.findall(r"<context>(.*?)</context>", ts.read_text(encoding="utf-8"), re.S):
        name = re.search(r"<name>(.*?)</name>", ctx).group(1)
        found[name] = {html_unescape(s) for s in re.findall(r"<source>(.*?)</source>", ctx, re.S)}
    assert "" not in found  # a translate() call with a non-literal context would land here
    specs = scorecard_columns(None) + orders.UNSHIPPED_SPECS + orders.OUT_OF_STOCK_SPECS
    specs += orders.UNPAID_SPECS + customers.ARCHIVE_SPECS + customers.SEGMENT_SPECS
    missing = [(s.context, s.label) for s in specs if s.label not in found.get(s.context, set())]
    assert missing == []
    assert set(orders.REMEDIES.values()) <= found["OrdersView"]


def html_unescape(text):
    import html

    return html.unescape(text)
