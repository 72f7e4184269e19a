"""A range with history is shown twice: its own figures at once, then with the customers and order checks
of the run with a year of history (controllers/compute.py, core/store/range_first.py)."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import pytest

from desktop_app.core import sample
from desktop_app.core.importers import registry
from desktop_app.core.store import Store
from desktop_app.core.store.ranged import compute_range
from desktop_app.ui.controllers.compute import ComputeController
from desktop_app.ui.settings import AppSettings
from desktop_app.ui.state import RANGE_CUSTOM, AppState
from desktop_app.ui.workers import TaskRunner


@pytest.fixture
def shop_store(tmp_path):
    """The sample shop's five days in a store; the range is its last day."""
    paths = sample.write_sample(tmp_path / "files", days=5, orders=200)
    data = tmp_path / "data"
    with Store.open(data) as store:
        for key in ("orders_xlsx", "lines_csv", "chats_txt", "inventory_xlsx"):
            store.import_result(registry.load_file(paths[key]))
        last = store.date_range()[1]
    return data, last


def test_the_range_is_shown_before_its_history_then_replaced(qtbot, qapp, shop_store):
    data, last = shop_store
    state = AppState(data, AppSettings(data / "settings.ini"))
    runner = TaskRunner()
    compute = ComputeController(state, runner)
    state.range_key, state.custom_start, state.custom_end = RANGE_CUSTOM, last, last
    shown, computed = [], []
    state.results_changed.connect(shown.append)
    state.computed.connect(computed.append)
    try:
        with qtbot.waitSignal(state.computed, timeout=120_000):
            compute.recompute()
        assert len(shown) == 2 and len(computed) == 1 and computed[0] is shown[1] is state.results
        early, final = shown
        assert getattr(early, "history_pending", False) and not getattr(final, "history_pending", False)
        # the range's own figures are final at once; the customers gain the buyers of the days before
        assert early.shop["orders"] == final.shop["orders"] and early.shop["sales"] == final.shop["sales"]
        pd.testing.assert_frame_equal(early.agents, final.agents)
        assert len(final.customers) > len(early.customers)
        assert "handled" in early.unshipped.columns  # the store's marks are applied to the early tables too
        with Store.open(data) as store:
            direct = compute_range(store, last, last, state.model_settings, update_levels=False)
        # the window adds who stored each level and when (mark_stamps.add_level_stamps); the rest is the store's
        levels = ["level_by", "level_at", "level_stamp"]
        assert set(levels) <= set(final.customers.columns)
        pd.testing.assert_frame_equal(final.customers.drop(columns=levels), direct.customers)
        # the window adds who marked each row and when (ui/mark_stamps.py); the rest is the store's
        stamps = ["handled_note", "handled_by", "handled_at", "handled_stamp"]
        assert set(stamps) <= set(final.unshipped.columns)
        pd.testing.assert_frame_equal(final.unshipped.drop(columns=stamps),
                                      direct.unshipped.drop(columns=stamps, errors="ignore"))
    finally:
        runner.cancel()
        runner.wait(15_000)
        state.close()


def test_range_figures_of_a_replaced_run_are_not_shown(qtbot, qapp, shop_store):
    data, last = shop_store
    state = AppState(data, AppSettings(data / "settings.ini"))
    runner = TaskRunner()
    compute = ComputeController(state, runner)
    state.range_key, state.custom_start, state.custom_end = RANGE_CUSTOM, last, last
    shown = []
    state.results_changed.connect(shown.append)
    try:
        compute.recompute()
        old_run = compute.runs
        # the first run's range figures arriving after a second run started are dropped
        with qtbot.waitSignal(state.computed, timeout=120_000):
            compute.recompute()
            compute.range_ready.emit(old_run, {"results": object(), "dataset": None})
        assert all(getattr(r, "shop", None) is not None for r in shown)
    finally:
        runner.cancel()
        runner.wait(15_000)
        state.close()


def test_imports_page_waits_for_the_final_figures(qtbot, qapp, shop_store):
    """The import list is read under the store's lock, which the history's read holds: the range's early
    figures do not make the page read it (the GUI thread would wait for the whole history read)."""
    from types import SimpleNamespace

    from desktop_app.ui.views.imports_page import ImportsPage

    data, _last = shop_store
    state = AppState(data, AppSettings(data / "settings.ini"))
    try:
        page = ImportsPage(state=state)
        qtbot.addWidget(page)
        reads = []
        real = state.repository.import_list
        state.repository.import_list = lambda: reads.append(1) or real()
        page.set_results(SimpleNamespace(history_pending=True))
        assert reads == []
        page.set_results(SimpleNamespace())
        assert reads == [1]
    finally:
        state.close()


def test_the_history_is_read_once_the_range_is_shown(qtbot, qapp, shop_store):
    """The history's read (which holds the GIL for most of its rows) starts after the range's own figures
    reached the window, not while the window is taking them in and painting."""
    data, last = shop_store
    state = AppState(data, AppSettings(data / "settings.ini"))
    runner = TaskRunner()
    compute = ComputeController(state, runner)
    state.range_key, state.custom_start, state.custom_end = RANGE_CUSTOM, last, last
    order = []

    def taken_in(results):  # a page taking its time over the range's figures
        time.sleep(0.3)
        order.append("range shown" if getattr(results, "history_pending", False) else "final shown")

    state.results_changed.connect(taken_in)
    real = state.repository.dataset

    def dataset(start, end, *, history_days=0, shops=None):
        if history_days:
            order.append("history read")
        return real(start, end, history_days=history_days, shops=shops)

    state.repository.dataset = dataset
    try:
        with qtbot.waitSignal(state.computed, timeout=120_000):
            compute.recompute()
        assert order == ["range shown", "history read", "final shown"]
    finally:
        runner.cancel()
        runner.wait(15_000)
        state.close()
