"""AgentsView on What-if results: the turn charts are drawn again only when the turns changed (a moved
threshold keeps the turns' arrays), the daily chart and the table always follow the new results."""

import dataclasses

import numpy as np

from desktop_app.ui.views.agents import AgentsView
from test_views_fixtures import make_results


def _counting(view):
    calls = []
    real = view.heatmap.set_turns

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    view.heatmap.set_turns = counted
    return calls


def test_turn_charts_kept_when_the_turns_are_the_same_arrays(qtbot):
    view = AgentsView()
    qtbot.addWidget(view)
    first = make_results()
    view.set_results(first)
    calls = _counting(view)
    # a What-if of another threshold: new frames over the same turn arrays, other agent figures
    agents = first.agents.copy()
    agents["inquiring_buyers"] = agents["inquiring_buyers"] * 2
    days = first.agent_days.copy()
    days["inquiring_buyers"] = days["inquiring_buyers"] * 2
    moved = dataclasses.replace(first, turns=first.turns.copy(deep=False), agents=agents, agent_days=days)
    view.set_results(moved)
    assert calls == []  # the histograms and the heatmap stay as drawn
    assert view.heatmap.grid.sum() == 4
    assert list(view.daily.bars.opts["height"]) == [400.0, 168.0]  # the daily chart follows
    # new turns (a moved split gap): drawn again, from the new turns
    fewer = dataclasses.replace(first, turns=first.turns.iloc[:3].copy())
    view.set_results(fewer)
    assert calls == [1] and view.heatmap.grid.sum() == 3
    # a selection is another choice: drawn again
    view.table.table.selectRow(1)
    assert len(calls) == 2


def test_agents_filtered_by_category_codes_as_by_name(qtbot):
    view = AgentsView()
    qtbot.addWidget(view)
    results = make_results()
    results.turns["agent"] = results.turns["agent"].astype("category")
    view.set_results(results)
    view.table.table.selectRow(1)
    assert view.heatmap.grid.sum() == 2 and view.response_hist.stats()[0] == 45.0
    assert np.isnan(view.first_hist._values).all()
