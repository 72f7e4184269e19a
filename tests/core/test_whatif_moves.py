"""The What-if moves whose stages keep candidates (attribution probes, reminder and reception gaps,
quality's candidate hits, the agent tables' columns) equal a full compute() under every sale and
attribution rule, and after a chain of moves in both directions."""

import pytest

from desktop_app.core.model.compute import compute
from desktop_app.core.model.partial import compute_incremental
from desktop_app.core.model.results_compare import results_differences
from desktop_app.core.model.settings import FIRST_TOUCH, LAST_TOUCH, SPLIT, ModelSettings

from test_partial_compute import _generated


@pytest.fixture(scope="module")
def ds():
    return _generated()


@pytest.mark.parametrize("sale_rule", ["order", "order_first", "payment"])
@pytest.mark.parametrize("rule", [LAST_TOUCH, FIRST_TOUCH, SPLIT])
def test_attribution_window_moves_under_every_rule(ds, sale_rule, rule):
    base = ModelSettings(sale_rule=sale_rule, attribution_rule=rule)
    _, run = compute_incremental(ds, base)
    for days in (0.0, 0.5, 2.0, 9.0, 3.0):
        settings = base.replace(attribution_window_days=days)
        partial, run = compute_incremental(ds, settings, run)
        assert "attribution_prep" not in run.ran and "chats" not in run.ran
        diff = results_differences(compute(ds, settings), partial)
        assert diff == [], (days, diff)
    assert len(partial.attribution)


def test_a_chain_of_moves_up_and_down(ds):
    settings = ModelSettings()
    _, run = compute_incremental(ds, settings)
    for field, value in [("reminder_window_h", 240.0), ("quality_bare_max_chars", 15), ("reminder_window_h", 1.0),
                         ("quality_followup_h", 100.0), ("attribution_window_days", 0.5),
                         ("quality_bare_max_chars", 2), ("quality_followup_h", 2.0), ("attribution_window_days", 15.0),
                         ("split_gap_s", 600.0), ("quality_bare_max_chars", 30)]:
        settings = settings.replace(**{field: value})
        partial, run = compute_incremental(ds, settings, run)
        diff = results_differences(compute(ds, settings), partial)
        assert diff == [], (field, value, diff)


def test_tables_built_whole_when_the_window_columns_do_not_fit(ds, monkeypatch):
    """The fallback of agent_window / shop_window (a reminder or a sale on a day without a row): the
    tables are built whole, with the same figures."""
    from desktop_app.core.model import shop_window, stages_agents

    calls = []

    def refuse(*args):
        calls.append(1)
        return None

    monkeypatch.setattr(stages_agents, "window_columns", refuse)
    monkeypatch.setattr(shop_window, "window_columns", refuse)
    settings = ModelSettings(attribution_window_days=2.0, reminder_window_h=30.0, slow_threshold_s=20.0)
    partial, _ = compute_incremental(ds, settings)
    assert len(calls) == 2  # the agent tables and the shop figures were built whole
    assert results_differences(compute(ds, settings), partial) == []
