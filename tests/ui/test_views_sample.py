"""Every view on the real sample shop: files -> importers -> Dataset -> compute -> views.

The expected texts are read from the Results the model produced and formatted by hand here, so the
test checks that each view shows the model's numbers (not that the model is right: core tests do).
"""

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from desktop_app.core import sample
from desktop_app.core.dataset import Dataset
from desktop_app.core.importers.registry import load_files
from desktop_app.core.model.compute import compute
from desktop_app.core.model.kpis import drill_down
from desktop_app.ui.views.agents import AgentsView
from desktop_app.ui.views.conversations import ConversationsView
from desktop_app.ui.views.customers import CustomersView
from desktop_app.ui.views.orders import OUT_OF_STOCK, UNPAID, UNSHIPPED, OrdersView
from desktop_app.ui.views.overview import OverviewView

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture(scope="module")
def sample_paths(tmp_path_factory):
    return sample.write_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def shop(sample_paths):
    paths = sample_paths
    files = [paths["orders_xlsx"], paths["lines_csv"], paths["chats_txt"], paths["inventory_xlsx"]]
    dataset = Dataset.from_results(load_files(files))
    return dataset, compute(dataset)


def column(table, key):
    model = table.model
    col = model.column_of(key)
    return [model.data(model.index(r, col), DISPLAY) for r in range(model.rowCount())]


def test_overview_shows_the_shop_figures(qtbot, shop):
    _, results = shop
    view = OverviewView()
    qtbot.addWidget(view)
    view.set_results(results)
    s = results.shop
    assert view.cards["sales"].value_text() == f"¥{s['sales']:,.2f}"
    assert view.cards["paying_buyers"].value_text() == f"{s['paying_buyers']:,.0f}"
    assert view.cards["aov"].value_text() == f"¥{s['aov']:,.2f}"
    assert view.cards["unshipped_overdue"].value_text() == str(s["unshipped_overdue"])
    # the card's mean over first turns equals the model's shop mean where the model reports one
    if "first_response_mean_s" in s:
        assert view.cards["first_response"].value_text() == f"{s['first_response_mean_s']:,.1f} s"
    # the conversion card is the shop's own figure: each (day, buyer) once (issue 11)
    paying, inquiring = results.agents["paying_buyers"].sum(), results.agents["inquiring_buyers"].sum()
    assert view.cards["conversion"].value_text() == f"{s['inquiry_paying_buyers'] / s['inquiring_buyers'] * 100:.2f}%"
    assert f"{s['inquiry_paying_buyers']:,} / {s['inquiring_buyers']:,}" in view.cards["conversion"].toolTip()
    # the model's shop figure counts each (day, buyer) once (issue 11): at most the agents' sum
    assert s["inquiring_buyers"] <= inquiring
    for i in range(1, view.day_combo.count()):  # every day renders
        view.day_combo.setCurrentIndex(i)
        assert view.cards["sales"].value_text().startswith("¥")


def test_agents_scorecard_and_drill_into_conversations(qtbot, shop):
    _, results = shop
    agents = AgentsView()
    conversations = ConversationsView()
    qtbot.addWidget(agents)
    qtbot.addWidget(conversations)
    agents.set_results(results)
    conversations.set_results(results)
    assert column(agents.table, "agent") == results.agents["agent"].astype(str).tolist()
    expected = [f"{v * 100:.2f}%" for v in results.agents["conversion_rate"]]
    assert column(agents.table, "conversion_rate") == expected
    # what the main window does on drill_requested: drill_down -> show_frame
    agent = str(results.agents["agent"].iloc[0])
    kpi = "slow_turns" if results.agents["slow_turns"].iloc[0] else "conversations"
    frame = drill_down(results, agent, kpi)
    conversations.show_frame(frame, agent)
    assert conversations.table.model.rowCount() == len(frame)
    if len(frame):
        assert agent in conversations.transcript.toPlainText()


def test_conversations_transcripts_mark_waits(qtbot, shop):
    dataset, results = shop
    view = ConversationsView()
    qtbot.addWidget(view)
    view.set_messages(dataset.messages)
    view.set_results(results)
    assert view.table.model.rowCount() == len(results.conversations)
    answered = results.conversations[results.conversations["answered_turns"] > 0]
    conv_id = answered["conv_id"].iloc[0]
    html = view.transcript_html(conv_id)
    waits = results.turns[(results.turns["conv_id"] == conv_id) & results.turns["answered"]]
    first_wait = float(waits.sort_values("start")["response_s"].iloc[0])
    assert f"◷ {first_wait:,.0f} s" in html


def test_orders_and_customers_views(qtbot, shop):
    _, results = shop
    orders = OrdersView()
    customers = CustomersView()
    qtbot.addWidget(orders)
    qtbot.addWidget(customers)
    orders.set_results(results)
    customers.set_results(results)
    not_handled = {c: int((~getattr(results, c)["handled"].astype(bool)).sum())
                   for c in (UNSHIPPED, OUT_OF_STOCK, UNPAID)}
    for check, n in not_handled.items():
        assert orders.tables[check].model.rowCount() == n
    assert column(customers.archive, "buyer") == results.customers["buyer"].astype(str).tolist()
    phones = [p for p in column(customers.archive, "receiver_phone") if p]
    assert phones and all("****" in p for p in phones)
    seg_total = sum(int(x) for x in column(customers.segments, "customers"))
    assert seg_total == int((results.customers["segment"].astype(str) != "").sum())
    level_total = sum(int(x) for x in column(customers.levels, "customers"))
    assert level_total == len(results.customers)
    assert pd.Series(customers.chart.counts).sum() == seg_total


@pytest.mark.parametrize("which", [["orders_xlsx"], ["chats_txt"], []])
def test_views_accept_partial_data(qtbot, sample_paths, which):
    """Orders without chats, chats without orders, nothing at all: every view renders and clears."""
    files = [sample_paths[k] for k in which]
    dataset = Dataset.from_results(load_files(files)) if files else Dataset()
    results = compute(dataset)
    for cls in (OverviewView, AgentsView, ConversationsView, OrdersView, CustomersView):
        view = cls()
        qtbot.addWidget(view)
        if hasattr(view, "set_messages"):
            view.set_messages(dataset.messages)
        view.set_results(results)
        view.retranslate_ui()
        view.set_results(None)
    # e.g. orders only: no agents, but the archive has every buyer
    customers = CustomersView()
    qtbot.addWidget(customers)
    customers.set_results(results)
    assert customers.archive.model.rowCount() == len(results.customers)
