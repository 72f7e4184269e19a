"""UI test fixtures: a real main window on a temporary data folder, and a leak guard.

Every UI test fails at teardown if a worker is still running on the global QThreadPool
(a lightweight version of napari's leak fixtures): a worker that outlives its window would
report into deleted widgets.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool


@pytest.fixture(autouse=True)
def no_running_workers(request):
    """Fail the test if background workers are still running after it."""
    yield
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        pool = QThreadPool.globalInstance()
        assert pool.waitForDone(10_000), f"{pool.activeThreadCount()} worker(s) still running after the test"


@pytest.fixture(autouse=True)
def gc_between_events(request):
    """As in the app (ui/gc_guard.py): Python's cycle collector runs from the event loop, not inside Qt calls."""
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        from desktop_app.ui import gc_guard

        request.getfixturevalue("qapp")
        gc_guard.install()
    yield


@pytest.fixture
def translators(qapp):
    """English translators installed for the test; restored to English afterwards."""
    from desktop_app.ui.i18n import Translators

    t = Translators(qapp)
    t.install("en")
    yield t
    t.install("en")


@pytest.fixture
def make_window(qtbot, tmp_path, translators):
    """Factory: a shown MainWindow on ``tmp_path/<name>`` (settings in that folder too)."""
    from desktop_app.ui.main_window import create_main_window

    windows = []

    def make(name: str = "data"):
        w = create_main_window(tmp_path / name, translators=translators)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        # close() cancels and waits for the workers, then closes the store
        w.close()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture(autouse=True)
def default_currency_symbol():
    """Every test starts and ends with the default ¥ (the symbol is a process-wide display setting)."""
    from desktop_app.ui import money

    money.set_symbol(money.DEFAULT_SYMBOL)
    yield
    money.set_symbol(money.DEFAULT_SYMBOL)
