"""Not available is not zero, in the window: "–" with the reason, never 0 or a red alarm; charts with
nothing to draw say why instead of drawing an empty axis."""

from __future__ import annotations

import dataclasses

from desktop_app.core.model.unavailable import Unavailable
from desktop_app.ui.models.frame_table_model import BAD, NONE
from desktop_app.ui.views.agents import AgentsView
from desktop_app.ui.views.overview import OverviewView
from test_views_fixtures import make_results


def without_chats(results):
    return dataclasses.replace(results, turns=results.turns.iloc[0:0],
                               conversations=results.conversations.iloc[0:0])


def test_a_flagged_figure_shows_a_dash_and_the_reason_not_a_red_count(qtbot, translators):
    view = OverviewView()
    qtbot.addWidget(view)
    results = make_results()
    view.set_results(results)
    assert view.cards["unshipped_overdue"].value_text() == "1" and view.cards["unshipped_overdue"].state() == BAD
    flagged = dataclasses.replace(results, unavailable=[Unavailable("unshipped_overdue", "no_shipping_columns")])
    view.set_results(flagged)
    card = view.cards["unshipped_overdue"]
    assert card.value_text() == "–"
    assert card.state() == NONE
    assert card.detail_label.text() == "the order file has no shipping status or shipping time column"
    assert view.cards["sales"].value_text() == "¥3,000.00"  # the others are untouched


def test_without_a_chat_log_response_cards_are_not_available_not_zero(qtbot, translators):
    view = OverviewView()
    qtbot.addWidget(view)
    view.set_results(without_chats(make_results()))
    for key in ("first_response", "response"):
        card = view.cards[key]
        assert card.value_text() == "–", key
        assert card.state() == NONE
        assert card.detail_label.text() == "no chat log in this range"
    assert view.cards["sales"].value_text() == "¥3,000.00"


def test_without_a_chat_log_the_agents_charts_say_so_instead_of_an_axis(qtbot, translators):
    view = AgentsView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    assert not view.first_box.is_empty() and not view.heatmap_box.is_empty()
    view.set_results(without_chats(make_results()))
    for box in (view.first_box, view.response_box, view.heatmap_box):
        assert box.is_empty()
        assert box.empty_label.text() == "no chat log in this range"
    view.set_results(None)
    assert not view.first_box.is_empty()
