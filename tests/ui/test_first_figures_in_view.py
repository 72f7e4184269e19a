"""A range's own figures (shown while its history is read) go to the page in view only, and the window leaves
the Start page for the Overview at once; the other pages catch up when shown, and the final figures reach
every page (ui/window_display.py, ui/whatif/__init__.py ``pages_to_update``)."""

from __future__ import annotations

import pytest

from desktop_app.core import sample
from desktop_app.core.importers import registry
from desktop_app.core.store import Store
from desktop_app.ui.pages import PAGE_CUSTOMERS, PAGE_OVERVIEW, PAGE_START
from desktop_app.ui.state import RANGE_CUSTOM

TIMEOUT = 120_000


@pytest.fixture
def store_window(qtbot, make_window, tmp_path):
    """A window on a store of the sample shop's five days, looking at its last day (so a history run follows)."""
    paths = sample.write_sample(tmp_path / "files", days=5, orders=200)
    with Store.open(tmp_path / "data") as store:
        for key in ("orders_xlsx", "lines_csv", "chats_txt", "inventory_xlsx"):
            store.import_result(registry.load_file(paths[key]))
        last = store.date_range()[1]
    window = make_window("data")
    state = window.state
    state.range_key, state.custom_start, state.custom_end = RANGE_CUSTOM, last, last
    return window


def record_updates(window) -> list:
    """Each page's set_results calls, as (page key, history_pending)."""
    calls = []
    for key, view in window.views.items():
        def spy(results, _key=key, _real=view.set_results):
            calls.append((_key, bool(getattr(results, "history_pending", False))))
            return _real(results)
        view.set_results = spy
    return calls


def test_the_range_figures_reach_the_page_in_view_first(qtbot, store_window):
    window = store_window
    window.show_page(PAGE_START)
    calls = record_updates(window)
    early = []
    window.state.results_changed.connect(
        lambda r: early.append((window.current_page(), list(calls))) if getattr(r, "history_pending", False) else None)
    with qtbot.waitSignal(window.state.computed, timeout=TIMEOUT):
        window.recompute()
    (page_then, calls_then), = early
    # the Start page was left for the Overview with the range's own figures, and only pages in view took them
    assert page_then == PAGE_OVERVIEW
    assert {key for key, pending in calls_then if pending} == {PAGE_START, PAGE_OVERVIEW}
    # the final figures went to every page
    final = {key for key, pending in calls if not pending}
    assert final == set(window.views)
    assert window.whatif.stale == set()


def test_a_page_out_of_view_catches_up_when_shown(qtbot, store_window):
    window = store_window
    window.show_page(PAGE_OVERVIEW)
    calls = record_updates(window)
    customers = window.view(PAGE_CUSTOMERS)
    shown_early = []

    def on_results(results):
        if getattr(results, "history_pending", False):
            assert customers in window.whatif.stale  # not given the range's figures while out of view
            window.show_page(PAGE_CUSTOMERS)  # the user opens it before the history is read
            shown_early.append([c for c in calls if c[0] == PAGE_CUSTOMERS])

    window.state.results_changed.connect(on_results)
    with qtbot.waitSignal(window.state.computed, timeout=TIMEOUT):
        window.recompute()
    assert shown_early == [[(PAGE_CUSTOMERS, True)]]
    assert (PAGE_CUSTOMERS, False) in calls
