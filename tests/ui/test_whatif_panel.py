"""The What-if panel in the real window: a moved threshold shows its figures on the Agents page (a partial
run off the GUI thread, equal to a full run), Reset to saved shows the saved figures again, Apply saves.

The shop of shop_files.py: 店:小李's one turn waited 90 s, 店:小王's first responses took 20 s and 40 s.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.model.results_compare import results_differences
from desktop_app.ui.main_window import PAGE_AGENTS
from desktop_app.ui.settings import AppSettings
from shop_files import write_shop

WANG, LI = "店:小王", "店:小李"
TIMEOUT = 60_000


def slow_turns(window, agent: str) -> int:
    frame = window.view(PAGE_AGENTS).table.model.frame()
    return int(frame.loc[frame["agent"] == agent, "slow_turns"].iloc[0])


@pytest.fixture
def shop_window(qtbot, window, tmp_path):
    files = write_shop(tmp_path / "in")
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_files([str(p) for p in files])
    window.show_page(PAGE_AGENTS)
    return window


def open_panel(qtbot, window):
    whatif = window.whatif
    assert not whatif.panel.isVisible()
    whatif.action.trigger()  # View ▸ What if (Ctrl+Shift+W)
    assert whatif.panel.isVisible()
    qtbot.waitUntil(lambda: whatif.controller.cache.last is not None, timeout=TIMEOUT)  # primed
    return whatif


def move(qtbot, whatif, field: str, value: float) -> None:
    with qtbot.waitSignal(whatif.controller.shown, timeout=TIMEOUT):
        whatif.panel.rows[field].spin.setValue(value)


def test_moving_a_threshold_shows_its_figures_on_the_agents_page(qtbot, shop_window):
    window = shop_window
    assert slow_turns(window, LI) == 1 and slow_turns(window, WANG) == 0
    whatif = open_panel(qtbot, window)
    assert whatif.action in window.actions_.menu_view.actions()
    assert whatif.action.shortcut().toString() == "Ctrl+Shift+W"
    assert not whatif.panel.reset_button.isEnabled()
    assert whatif.panel.rows["slow_threshold_s"].spin.value() == 60

    move(qtbot, whatif, "slow_threshold_s", 100)  # 90 s is no longer slow
    assert slow_turns(window, LI) == 0 and slow_turns(window, WANG) == 0
    # the figures are a what-if: said plainly, the saved settings untouched
    assert whatif.panel.reset_button.isEnabled() and whatif.panel.apply_button.isEnabled()
    assert "not your saved settings" in whatif.panel.banner.text()
    assert window.state.model_settings.slow_threshold_s == 60
    results = window.state.results
    assert results.settings.slow_threshold_s == 100
    # only the slow marks and the assembly ran again, and they equal a full run of the same settings
    assert "chats" not in whatif.controller.cache.last.ran and "slow" in whatif.controller.cache.last.ran
    assert "ms after the last change" in whatif.panel.status.text()

    move(qtbot, whatif, "slow_threshold_s", 30)  # 40 s and 90 s are slow now
    assert slow_turns(window, LI) == 1 and slow_turns(window, WANG) == 1
    # the slider moves with the spin box
    spec_row = whatif.panel.rows["slow_threshold_s"]
    assert spec_row.slider.value() == round((30 - 1) / 5)

    with qtbot.waitSignal(whatif.controller.shown, timeout=TIMEOUT):
        qtbot.mouseClick(whatif.panel.reset_button, Qt.MouseButton.LeftButton)
    assert slow_turns(window, LI) == 1 and slow_turns(window, WANG) == 0
    assert whatif.panel.rows["slow_threshold_s"].spin.value() == 60
    assert not whatif.panel.reset_button.isEnabled()
    assert "saved settings" in whatif.panel.banner.text() and "not your" not in whatif.panel.banner.text()


def test_latest_move_wins(qtbot, shop_window):
    window = shop_window
    whatif = open_panel(qtbot, window)
    spin = whatif.panel.rows["slow_threshold_s"].spin
    shown = []
    whatif.controller.shown.connect(lambda settings, out: shown.append(settings.slow_threshold_s))
    for value in (100, 95, 5, 30):  # moved quickly: only the last must end on screen
        spin.setValue(value)
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == 30 and whatif.controller.handle is not None
                    and not whatif.controller.handle.is_running, timeout=TIMEOUT)
    assert window.state.results.settings.slow_threshold_s == 30
    assert slow_turns(window, WANG) == 1
    assert shown[-1] == 30 and len(shown) <= 2  # an older move is superseded, not shown after the newest


def test_apply_saves_the_values_and_a_new_window_reads_them(qtbot, shop_window, tmp_path):
    window = shop_window
    whatif = open_panel(qtbot, window)
    move(qtbot, whatif, "slow_threshold_s", 30)
    move(qtbot, whatif, "reminder_new_h", 6)
    qtbot.mouseClick(whatif.panel.apply_button, Qt.MouseButton.LeftButton)
    assert window.state.model_settings.slow_threshold_s == 30
    assert window.state.model_settings.reminder_new_h == 6
    assert not whatif.panel.apply_button.isEnabled() and "Saved" in whatif.panel.status.text()
    saved = AppSettings(window.settings.qsettings.fileName())  # the file a new window reads
    assert saved.model_settings.slow_threshold_s == 30 and saved.model_settings.reminder_new_h == 6
    # the figures on screen are those of the saved settings now: a full run says so
    dataset = window.state.dataset
    full = window.state.repository.compute_range(*window.state.selected_dates(), window.state.model_settings,
                                                 dataset=dataset, update_levels=False)
    diff = [d for d in results_differences(full, window.state.results) if not d.startswith("customers")]
    assert diff == []
    # a normal recompute (F5) keeps them, and the panel shows the saved values
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.actions_.act_refresh.trigger()
    assert slow_turns(window, WANG) == 1
    assert whatif.panel.rows["slow_threshold_s"].spin.value() == 30


def test_a_normal_run_shows_the_saved_settings_again(qtbot, shop_window):
    window = shop_window
    whatif = open_panel(qtbot, window)
    move(qtbot, whatif, "slow_threshold_s", 100)
    assert slow_turns(window, LI) == 0
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.actions_.act_refresh.trigger()  # F5: the saved settings
    assert slow_turns(window, LI) == 1
    assert whatif.panel.rows["slow_threshold_s"].spin.value() == 60
    assert not whatif.panel.reset_button.isEnabled()


def test_unpaid_close_hours_can_be_switched_off(qtbot, shop_window):
    window = shop_window
    whatif = open_panel(qtbot, window)
    row = whatif.panel.rows["unpaid_close_hours"]
    assert row.value() == 72
    with qtbot.waitSignal(whatif.controller.shown, timeout=TIMEOUT):
        row.spin.setValue(row.spin.minimum())
    assert row.value() is None and row.spin.text() == "Never"
    assert window.state.results.settings.unpaid_close_hours is None


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_panel_speaks_the_windows_language(qtbot, shop_window, lang):
    from test_language_walk import chinese_problem, english_problem, visible_texts

    window = shop_window
    whatif = open_panel(qtbot, window)
    window.set_language(lang)
    try:
        move(qtbot, whatif, "slow_threshold_s", 100)  # the what-if banner and the status line too
        check = english_problem if lang == "en" else chinese_problem
        texts = visible_texts(whatif.panel) + [("action", whatif.action.text()), ("tip", whatif.action.toolTip().replace("Ctrl+Shift+W", ""))]
        texts += [(f"suffix {k}", row.spin.suffix()) for k, row in whatif.panel.rows.items()]
        assert [(where, text) for where, text in texts if check(text)] == []
        title = whatif.panel.windowTitle()
        assert title == ("What if" if lang == "en" else "假设分析")
        assert whatif.panel.reset_button.text() == ("Reset to saved" if lang == "en" else "恢复已保存")
        assert whatif.panel.apply_button.text() == ("Apply" if lang == "en" else "保存为设置")
    finally:
        window.set_language("en")


def test_other_pages_catch_up_when_shown_and_the_trends_are_the_what_ifs(qtbot, shop_window):
    import pandas as pd

    from desktop_app.core import trends as trends_mod
    from desktop_app.ui.pages import PAGE_CONVERSATIONS, PAGE_TRENDS

    window = shop_window
    whatif = open_panel(qtbot, window)
    move(qtbot, whatif, "slow_threshold_s", 100)
    results = window.state.results
    conversations = window.view(PAGE_CONVERSATIONS)
    assert conversations in whatif.stale  # not repainted while out of view
    window.show_page(PAGE_CONVERSATIONS)
    assert conversations not in whatif.stale
    # the trends were left out of the what-if's run (the Trends page was not in view): worked out when shown
    assert whatif.controller.trends_missing and window.state.trends == (None, None)
    window.show_page(PAGE_TRENDS)
    qtbot.waitUntil(lambda: not whatif.controller.trends_missing, timeout=TIMEOUT)
    pd.testing.assert_frame_equal(window.state.trends[0], trends_mod.daily_trends(results))
    assert window.view(PAGE_TRENDS)._trends is not None
    # on the Trends page a move brings its trends with it
    move(qtbot, whatif, "slow_threshold_s", 30)
    assert not whatif.controller.trends_missing and window.state.trends[0] is not None


def test_slider_moves_keep_the_selection_and_equal_a_full_run(qtbot, shop_window):
    """The real slider moved by keyboard, several moves in a row: the Agents table is updated in place (no
    model reset: the selected agent stays selected, its row found again), and what is on screen equals a full
    compute of the same settings."""
    window = shop_window
    whatif = open_panel(qtbot, window)
    table = window.view(PAGE_AGENTS).table
    source = int(table.model.frame().index[table.model.frame()["agent"] == LI][0])
    table.select_source_row(source)
    resets = []
    table.model.modelReset.connect(lambda: resets.append(1))
    slider = whatif.panel.rows["slow_threshold_s"].slider
    slider.setFocus()
    for key in (Qt.Key.Key_PageUp, Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_PageDown):
        with qtbot.waitSignal(whatif.controller.shown, timeout=TIMEOUT):
            qtbot.keyClick(slider, key)
        settings = window.state.results.settings
        assert settings.slow_threshold_s == whatif.panel.rows["slow_threshold_s"].value()
        assert [table.model.frame()["agent"].iloc[r] for r in table.selected_source_rows()] == [LI]
        full = window.state.repository.compute_range(*window.state.selected_dates(), settings,
                                                     dataset=window.state.dataset, update_levels=False)
        assert [d for d in results_differences(full, window.state.results) if not d.startswith("customers")] == []
        shown = table.model.frame().set_index("agent")["slow_turns"]
        assert shown.to_dict() == full.agents.set_index("agent")["slow_turns"].to_dict()
    assert resets == []  # in place every time
    assert window.state.model_settings.slow_threshold_s == 60  # a what-if, not saved
