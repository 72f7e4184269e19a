"""The What-if's run over the range with its history computes only what compute_range takes from it
(customers, the order lists, the check counts: partial.HISTORY_STAGES); the range's figures equal a
plain compute_range's for every setting moved. Real SQLite store, no Qt."""

from __future__ import annotations

import pytest
from sample_store import sample_store  # tests/ui/, next to this file

from desktop_app.core.model.partial import RunCache
from desktop_app.core.model.results_compare import results_differences
from desktop_app.core.model.settings import ModelSettings


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    yield from sample_store(tmp_path_factory.mktemp("history"), days=60, seed=4)


def test_history_run_only_for_what_it_gives_and_the_figures_equal(repo):
    repo, start, end = repo
    cache = RunCache()
    levels = repo.levels()
    for settings in [ModelSettings(), ModelSettings(reminder_new_h=5.0), ModelSettings(slow_threshold_s=20.0),
                     ModelSettings(attribution_window_days=1.0), ModelSettings(shipping_promise_h=12.0)]:
        plain = repo.compute_range(start, end, settings, levels=levels, update_levels=False)
        fn = cache.compute_range_fn()
        moved = repo.compute_range(start, end, settings, compute_fn=fn, levels=levels, update_levels=False)
        assert results_differences(plain, moved) == []
        history = cache.runs[0]
        assert "customers" in history.outputs or "customers" not in history.ran
        assert not {"chats", "attribution", "quality", "finish"} & set(history.ran), history.ran
    assert len(plain.customers) and len(plain.unpaid) and len(plain.agents)
    # the shipping promise moved last: the history run redid its unshipped list and counts, nothing else
    assert cache.runs[0].ran == [] or set(cache.runs[0].ran) <= {"unshipped", "checks", "check_counts"}
