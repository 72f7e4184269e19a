"""The controllers without a window: an AppState, a TaskRunner and the controllers, no widget at all.

The shop is the hand-made one of shop_files (two agents, three orders on 2026-11-20, ¥150 paid).
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop_app.ui.controllers.compute import ComputeController
from desktop_app.ui.controllers.export import ExportController
from desktop_app.ui.controllers.imports import ImportController
from desktop_app.ui.controllers.settings import SettingsController
from desktop_app.ui.problems_view import STATUS_FAILED, STATUS_IMPORTED, STATUS_READING
from desktop_app.ui.settings import AppSettings
from desktop_app.ui.state import RANGE_ALL, RANGE_CUSTOM, RANGE_LAST7, RANGE_TODAY, RANGE_YESTERDAY, AppState
from desktop_app.ui.workers import TaskRunner
from shop_files import write_shop

TIMEOUT = 60_000


@pytest.fixture
def parts(qapp, tmp_path, translators):
    """State and controllers on tmp_path/data, wired as the window wires them (minus the window)."""
    state = AppState(tmp_path / "data", AppSettings(tmp_path / "data" / "settings.ini"))
    runner = TaskRunner()
    compute = ComputeController(state, runner)
    prefs = SettingsController(state, translators, compute.recompute)
    imports = ImportController(state, runner, compute, prefs)
    exports = ExportController(state, runner, lambda: "en", lambda: True)
    state.range_changed.connect(compute.recompute)
    statuses, errors = [], []
    state.file_status_changed.connect(lambda s: statuses.append((s.path, s.status)))
    state.error_raised.connect(lambda exc, details: errors.append(exc))
    yield state, compute, imports, exports, prefs, statuses, errors
    runner.cancel()
    runner.wait(15_000)
    state.close()


def test_open_files_imports_computes_and_announces_without_a_window(qtbot, parts, tmp_path):
    state, compute, imports, _exports, _prefs, statuses, errors = parts
    files = [str(p) for p in write_shop(tmp_path / "in")]
    busy = []
    state.busy_changed.connect(busy.append)
    with qtbot.waitSignal(state.computed, timeout=TIMEOUT) as blocker:
        imports.open_files(files)
    results = blocker.args[0]
    assert sorted(results.agents["agent"]) == ["店:小李", "店:小王"]
    assert results.shop["orders"] == 3 and results.shop["sales"] == pytest.approx(150.0)
    assert state.results is results and state.dataset is not None
    # every file went reading -> imported, in that order
    for f in files:
        assert [s for p, s in statuses if p == f] == [STATUS_READING, STATUS_IMPORTED]
    assert errors == []
    assert state.data_range() == (dt.date(2026, 11, 20), dt.date(2026, 11, 20))
    assert set(files) <= set(state.settings.recent_files)
    qtbot.waitUntil(lambda: busy and busy[-1] is False, timeout=TIMEOUT)
    assert busy[0] is True
    assert not any(isinstance(w, QMainWindow) for w in QApplication.topLevelWidgets())


def test_a_missing_file_is_an_error_and_a_failed_row_and_starts_nothing(qtbot, parts, tmp_path):
    state, _compute, imports, _e, _p, statuses, errors = parts
    missing = str(tmp_path / "nowhere.csv")
    assert imports.open_files([missing]) is None
    assert statuses == [(missing, STATUS_FAILED)]
    assert len(errors) == 1 and missing in str(errors[0].file)
    assert state.busy is False


def test_compute_on_an_empty_store_says_there_is_no_data(qtbot, parts):
    state, compute, *_ = parts
    said = []
    state.status_changed.connect(said.append)
    assert compute.recompute() is None
    assert said == ["No data yet: open exports or the demo shop"]


class _Store:
    """Stands in for the store: only its date range is asked."""

    def __init__(self, first, last):
        self.range = (first, last)

    def date_range(self):
        return self.range


def test_range_presets_count_back_from_the_newest_day(qapp, tmp_path):
    state = AppState(tmp_path / "d", AppSettings(tmp_path / "d" / "s.ini"))
    try:
        state.repository = _Store(dt.date(2026, 11, 1), dt.date(2026, 11, 20))
        expected = {
            RANGE_ALL: (None, None),
            RANGE_TODAY: (dt.date(2026, 11, 20), dt.date(2026, 11, 20)),
            RANGE_YESTERDAY: (dt.date(2026, 11, 19), dt.date(2026, 11, 19)),
            RANGE_LAST7: (dt.date(2026, 11, 14), dt.date(2026, 11, 20)),
        }
        for key, dates in expected.items():
            state.set_range(key)
            assert state.selected_dates() == dates, key
            assert state.settings.date_range == key
        # custom dates typed the wrong way round are put in order
        state.set_range(RANGE_CUSTOM, dt.date(2026, 11, 9), dt.date(2026, 11, 3))
        assert state.selected_dates() == (dt.date(2026, 11, 3), dt.date(2026, 11, 9))
    finally:
        state.repository = state.shop_repository
        state.close()


def test_export_writes_the_report_of_the_results_in_the_state(qtbot, parts, tmp_path):
    state, _c, imports, exports, *_ = parts
    assert exports.export(str(tmp_path / "none.xlsx")) is None  # nothing on screen yet
    with qtbot.waitSignal(state.computed, timeout=TIMEOUT):
        imports.open_files([str(p) for p in write_shop(tmp_path / "in")])
    target = tmp_path / "out" / "report.xlsx"
    target.parent.mkdir()
    with qtbot.waitSignal(exports.report_written, timeout=TIMEOUT) as blocker:
        exports.export(str(target))
    assert blocker.args == [str(target)] and target.stat().st_size > 0


def test_settings_controller_saves_currency_and_language_and_announces(qtbot, parts, translators):
    state, _c, _i, _e, prefs, *_ = parts
    with qtbot.waitSignal(prefs.money_changed, timeout=1000):
        prefs.set_currency("$")
    assert state.settings.currency == "$"
    assert AppSettings(state.settings.file_name).currency == "$"
    with qtbot.waitSignal(prefs.language_changed, timeout=1000) as blocker:
        prefs.set_language("zh_CN")
    assert blocker.args == ["zh_CN"] and translators.language == "zh_CN"
    assert AppSettings(state.settings.file_name).language == "zh_CN"
    with qtbot.assertNotEmitted(prefs.language_changed):
        prefs.set_language("fr")  # not one of ours: ignored


def test_the_demo_shop_clears_what_was_shown_and_lives_in_its_own_store(qtbot, parts, tmp_path):
    state, _c, imports, *_ = parts
    with qtbot.waitSignal(state.computed, timeout=TIMEOUT):
        imports.open_files([str(p) for p in write_shop(tmp_path / "in")])
    shown = []
    state.results_changed.connect(shown.append)
    with qtbot.waitSignal(state.computed, timeout=120_000):
        imports.open_demo()
    assert shown[0] is None  # the shop's figures were cleared before the demo's arrived
    assert state.is_demo() and state.repository is state.demo_repository
    assert len(state.results.agents) > 2


def test_a_word_document_is_named_for_what_it_is(qtbot, parts, tmp_path):
    state, _c, imports, _e, _p, statuses, errors = parts
    doc = tmp_path / "周报.docx"
    doc.write_bytes(b"PK\x03\x04 not an export")
    renamed = tmp_path / "orders.csv"
    renamed.write_bytes(b"%PDF-1.7\n...")  # a PDF saved under an export's name
    assert imports.open_files([str(doc), str(renamed)]) is None  # nothing to read: no task
    assert statuses == [(str(doc), STATUS_FAILED), (str(renamed), STATUS_FAILED)]
    assert len(errors) == 2 and "a Word document" in str(errors[0])
    assert "not a shop export or chat log" in str(errors[0])
    assert "a PDF document" in str(errors[1])
    assert "save it again" not in str(errors[0])


def test_a_header_only_file_is_a_warning_on_the_problems_page(qtbot, parts, tmp_path):
    import csv

    from desktop_app.ui.problems_view import STATUS_EMPTY
    from shop_files import ORDER_HEADERS

    state, _c, imports, _e, _p, statuses, errors = parts
    path = tmp_path / "ExportOrderList202611201500.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerow(ORDER_HEADERS)
    with qtbot.waitSignal(imports.import_finished, timeout=TIMEOUT):
        imports.open_files([str(path)])
    assert statuses[-1] == (str(path), STATUS_EMPTY)
    assert "no data rows" in state.file_status(str(path)).message
    assert errors == []
