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


def test_histogram_focuses_on_the_seconds_that_matter_with_an_overflow_bar(qtbot):
    import numpy as np

    from desktop_app.ui.charts.histogram import ResponseHistogram, focus_limit, histogram_bins

    # 95 waits of 1..19 s and a tail of five at 600–1,500 s (the squeezed chart):
    # P99 = 1,203 s, more than 120 s -> the bins stop at 120 s and the five go in the overflow bar
    waits = np.array([1 + (i % 19) for i in range(95)] + [600, 800, 1000, 1200, 1500], dtype=float)
    assert focus_limit(waits, (6, 10, 15)) == 120.0
    edges, counts, overflow = histogram_bins(waits, log=False, limit=120.0)
    assert edges[0] == 0 and edges[-1] == 120.0 and len(counts) == 30
    assert counts.sum() == 95 and overflow == 5  # every wait counted once: in a bin or in the overflow
    # targets always show: a 100 s target keeps the bins to 150 s at least (1.5x)
    assert focus_limit(np.array([1.0, 2.0, 3.0]), (100,)) == 150.0
    chart = ResponseHistogram(targets=(6, 10, 15))
    qtbot.addWidget(chart)
    # P99 of 50 x 5 s, 49 x 20 s and one 3,000 s = 49.8 s -> rounded up to 50 s; one wait above it
    chart.set_values(np.array([5.0] * 50 + [20.0] * 49 + [3000.0]))
    # median = (50th + 51st value) / 2 = (5 + 20) / 2 = 12.5 s; 50 s < 40 medians: the linear axis reads fine
    assert not chart.is_log()
    assert chart.limit == 50.0 and chart.overflow == 1
    assert chart.overflow_label.textItem.toPlainText() == "> 50 s: 1 turns"
    assert "median 12.5 s" in chart.caption(*chart.stats()) and "P90 20.0 s" in chart.caption(*chart.stats())
    # nearly every wait under a second and a minute-long tail: the log axis is chosen by itself
    chart.set_values(np.array([0.2] * 90 + [100.0] * 10))
    assert chart.is_log() and not chart.log_chosen()
    chart.set_log(False)
    assert not chart.is_log() and chart.log_chosen()
