"""The real main window end to end: open files, compute, settings, mapping, errors, cancel, language.

Files are written to tmp_path in the platforms' real encodings (shop_files.py); the window
imports them off the GUI thread into a real SQLite store and computes with the real model.
"""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop_app.core.model.compute import compute
from desktop_app.core.model.results import AGENT_COLUMNS
from desktop_app.core.importers import registry
from desktop_app.core.store import Store
from desktop_app.ui.main_window import PAGE_AGENTS, PAGE_PROBLEMS
from desktop_app.ui.problems_view import STATUS_FAILED, STATUS_IMPORTED, STATUS_UNRECOGNISED
from shop_files import CHATS, write_broken_orders, write_shop, write_unrecognised_orders

WANG, LI = "店:小王", "店:小李"
TIMEOUT = 60_000


def open_and_wait(qtbot, window, paths, mappings=None):
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_files([str(p) for p in paths], mappings)
    return blocker.args[0]


def drop_files(window, paths) -> None:
    """Drag ``paths`` onto the window and drop them, as a user does from the file manager."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    # Qt delivers a drop only after the drag entered the widget and was accepted there
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)


def agent_row(frame: pd.DataFrame, agent: str) -> pd.Series:
    rows = frame[frame["agent"] == agent]
    assert len(rows) == 1, f"{agent} not in {list(frame['agent'])}"
    return rows.iloc[0]


def scorecard_frame(window) -> pd.DataFrame:
    """The frame behind the Agents page's scorecard table (what the user sees)."""
    view = window.view(PAGE_AGENTS)
    return view.table.model.frame()


def test_open_files_shows_the_models_figures(qtbot, window, tmp_path):
    files = write_shop(tmp_path / "in")
    results = open_and_wait(qtbot, window, files)

    # hand-worked figures (see shop_files.py):
    wang, li = agent_row(results.agents, WANG), agent_row(results.agents, LI)
    assert wang["inquiring_buyers"] == 2  # b1, b3
    assert wang["paying_buyers"] == 1  # b1 paid 1001
    assert wang["conversion_rate"] == pytest.approx(0.5)  # 1 / 2
    assert wang["sales"] == pytest.approx(100.0)
    # first responses 20 s (b1; the auto-reply at 10:00:01 does not stop the clock) and 40 s (b3)
    assert wang["first_response_mean_s"] == pytest.approx(30.0)  # (20 + 40) / 2
    assert wang["slow_turns"] == 0  # neither exceeds 60 s
    assert li["inquiring_buyers"] == 1 and li["paying_buyers"] == 0
    assert li["slow_turns"] == 1  # 90 s > 60 s
    assert results.shop["silent_sales"] == pytest.approx(50.0)  # b4's 1003 without a chat
    # the status bar names the as-of time (newest timestamp: 1003 paid at 13:01) and the reading
    assert "13:01" in window.reading_label.text() and "默认口径" in window.reading_label.text()

    # the same files through the core alone (another store) give the same scorecard ...
    ref_store = Store.open(tmp_path / "ref")
    for f in files:
        ref_store.import_result(registry.load_file(str(f)))
    expected = compute(ref_store.dataset(None, None), window.model_settings)
    ref_store.close()
    cols = [c for c in AGENT_COLUMNS if c in expected.agents.columns]
    got = results.agents[cols].sort_values("agent").reset_index(drop=True)
    want = expected.agents[cols].sort_values("agent").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    # ... and the Agents page's table model holds exactly those values
    shown = scorecard_frame(window)
    shown_cols = [c for c in cols if c in shown.columns]
    assert {"agent", "conversion_rate", "sales", "slow_turns"} <= set(shown_cols)
    pd.testing.assert_frame_equal(
        shown[shown_cols].sort_values("agent").reset_index(drop=True),
        want[shown_cols], check_dtype=False,
    )

    # each file's recognised type is listed on the Problems page
    statuses = {s.path: s for s in window.problems_view.files}
    assert statuses[str(files[0])].status == STATUS_IMPORTED
    assert "淘宝" in statuses[str(files[0])].format_label
    assert statuses[str(files[1])].status == STATUS_IMPORTED
    assert window.act_export.isEnabled()
    assert str(files[0].resolve()) in window.settings.recent_files
    # the start page tells a returning user what is loaded
    assert "2 agents, 3 orders" in window.start_page.summary.text()


def test_changing_a_threshold_in_settings_changes_the_table(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    assert agent_row(scorecard_frame(window), WANG)["slow_turns"] == 0

    dlg = window.open_settings()
    assert dlg.isVisible()
    dlg.slow.setValue(30)  # 小王's 40 s turn is now slow; 小李's 90 s still is
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert blocker.args[0].settings.slow_threshold_s == 30
    assert agent_row(scorecard_frame(window), WANG)["slow_turns"] == 1
    assert agent_row(scorecard_frame(window), LI)["slow_turns"] == 1
    # persisted: a new settings object on the same file reads it back
    from desktop_app.ui.settings import AppSettings

    assert AppSettings(window.settings.file_name).model_settings.slow_threshold_s == 30


def test_a_dropped_unrecognised_file_is_mapped_by_hand_and_remembered(qtbot, make_window, tmp_path):
    window = make_window("data")
    shop = write_shop(tmp_path / "in")
    open_and_wait(qtbot, window, shop)
    orders_before = window.results.shop["orders"]  # 3
    erp = write_unrecognised_orders(tmp_path / "in")

    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT):
        drop_files(window, [erp])
    qtbot.waitUntil(lambda: window.mapping_dialog is not None, timeout=TIMEOUT)
    dlg = window.mapping_dialog
    assert window.problems_view.file_status(str(erp)).status == STATUS_UNRECOGNISED
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    # the preview shows the file's first rows with their spreadsheet row numbers
    assert dlg.preview.model().rowCount() == 2
    assert dlg.preview.model().headerData(0, Qt.Orientation.Vertical) == "2"
    # nothing here matches the order synonyms, so the user says what the file holds
    dlg.set_kind("orders")
    assert dlg.kind() == "orders"
    assert not ok.isEnabled()  # 订单编号 is required
    dlg.set_field("order_id", "单号")
    dlg.set_field("created", "时间点")
    dlg.set_field("paid_amount", "成交额")
    dlg.set_field("buyer", "顾客")
    dlg.set_field("status", "进度")
    # the file's status word is recognised from the platforms' vocabulary
    assert dlg.status_combos["交易成功"].currentData() == "completed"
    assert ok.isEnabled()
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        ok.click()
    assert blocker.args[0].shop["orders"] == orders_before + 2  # E-1 and E-2
    # completed orders are not listed as unshipped
    assert not blocker.args[0].unshipped["order_id"].isin(["E-1", "E-2"]).any()
    assert window.problems_view.file_status(str(erp)).status == STATUS_IMPORTED

    # "remember" was ticked: a file with the same headers opens without the dialog
    erp2 = tmp_path / "in" / "erp_export_2.csv"
    erp2.write_text("单号,时间点,成交额,顾客,进度\nE-3,2026-11-20 16:00:00,5,b7,交易成功\n", encoding="utf-8")
    results = open_and_wait(qtbot, window, [erp2])
    assert window.mapping_dialog is None
    assert results.shop["orders"] == orders_before + 3


def test_a_broken_file_shows_an_error_naming_the_row_and_keeps_the_data(qtbot, window, tmp_path):
    results = open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    broken = write_broken_orders(tmp_path / "in")
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as blocker:
        window.open_files([str(broken)])
    exc = blocker.args[0]
    assert exc.row == 1  # the header row lacks 订单创建时间
    box = window.last_error_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    text = box.text() + "\n" + box.informativeText()
    assert "broken_orders.csv" in text
    assert "Row: 1" in text
    assert "订单创建时间" in text
    assert "How to fix" in text
    assert "订单创建时间" in box.detailedText()  # details to copy
    box.close()
    # the previous figures stay on screen
    assert window.results is results
    assert agent_row(scorecard_frame(window), WANG)["paying_buyers"] == 1
    assert window.problems_view.file_status(str(broken)).status == STATUS_FAILED


def test_skipped_rows_are_listed_on_the_problems_page(qtbot, window, tmp_path):
    folder = tmp_path / "in"
    files = write_shop(folder)
    with open(files[1], "a", encoding="utf-8", newline="") as fh:
        fh.write("not a time,b1,店:小王,买家,hello,否\n")  # row 9 of the chat CSV (header = row 1)
    open_and_wait(qtbot, window, files)
    problems = window.problems_view.problems
    assert any(p.file == "聊天记录.csv" and p.row == 9 for p in problems), problems
    window.show_page(PAGE_PROBLEMS)
    assert window.problems_view.problems_model.rowCount() == len(problems)
    # the window says so without the user looking for it: status line and the sidebar's count
    skipped = sum(1 for p in problems if p.skipped)
    assert f"{skipped} row(s) skipped" in window.status_label.text()
    assert window.sidebar.item(window.page_keys.index(PAGE_PROBLEMS)).text() == f"Problems ({len(problems)})"


def test_cancelling_an_import_keeps_the_previous_results(qtbot, window, tmp_path):
    results = open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    more = write_shop(tmp_path / "more")
    changed = []
    window.results_changed.connect(changed.append)
    handle = window.open_files([str(p) for p in more])
    assert window.cancel_button.isVisible()
    with qtbot.waitSignal(handle.cancelled, timeout=TIMEOUT):
        window.cancel_button.click()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=TIMEOUT)
    assert changed == []
    assert window.results is results
    assert not window.cancel_button.isVisible()


def test_a_new_import_cancels_the_one_in_flight(qtbot, window, tmp_path):
    first = window.open_files([str(p) for p in write_shop(tmp_path / "a")])
    cancelled = []
    first.cancelled.connect(lambda: cancelled.append(True))
    results = open_and_wait(qtbot, window, write_shop(tmp_path / "b"))
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=TIMEOUT)
    assert first.is_cancelled() and cancelled == [True]
    assert results is window.results


def test_dropping_files_on_the_window_imports_them(qtbot, window, tmp_path):
    files = write_shop(tmp_path / "in")
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        drop_files(window, files)
    assert len(window.results.agents) == 2


def test_date_range_recomputes_from_the_store(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    import datetime as dt

    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.set_date_range("custom", dt.date(2026, 11, 21), dt.date(2026, 11, 22))
    # nothing happened on those days
    assert blocker.args[0].shop["orders"] == 0
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.set_date_range("today")  # the newest day in the data: 2026-11-20
    assert blocker.args[0].shop["orders"] == 3
    assert window.windowTitle().endswith("2026-11-20 – 2026-11-20")  # one date format: ISO, as the exports
    assert window.selected_dates() == (dt.date(2026, 11, 20), dt.date(2026, 11, 20))


def test_switching_language_shows_chinese_labels(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    window.set_language("zh_CN")
    assert window.menu_file.title() == "文件(&F)"
    sidebar = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert "客服" in sidebar and "订单" in sidebar
    model = window.view(PAGE_AGENTS).table.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "询单转化率" in headers, headers
    assert window.settings.language == "zh_CN"
    # the status line and the title follow at once, not only after the next calculation
    assert "名客服" in window.status_label.text() and "全部数据" in window.windowTitle()
    window.set_language("en")
    assert window.menu_file.title() == "&File"
    assert "agents" in window.status_label.text() and "all data" in window.windowTitle()


def test_find_focuses_the_current_tables_filter(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    window.show_page(PAGE_AGENTS)
    window.activateWindow()
    window.act_find.trigger()
    focused = QApplication.focusWidget()
    assert focused is not None and focused is window.view(PAGE_AGENTS).table.filter_edit


def test_missing_file_reports_an_error_without_crashing(qtbot, window, tmp_path):
    window.open_files([str(tmp_path / "nope.csv")])
    assert window.last_error is not None
    assert "nope.csv" in window.last_error_box.informativeText()
    window.last_error_box.close()
    # and it is listed on the Problems page as a file that could not be read
    status = window.problems_view.file_status(str(tmp_path / "nope.csv"))
    assert status is not None and status.status == STATUS_FAILED and "nope.csv" in status.message


def test_window_state_is_saved_and_restored(qtbot, make_window, tmp_path):
    w = make_window("state")
    w.resize(700, 600)
    w.show_page(PAGE_PROBLEMS)
    w.splitter.setSizes([222, 400])
    sizes = w.splitter.sizes()
    w.close()
    w2 = make_window("state")
    assert w2.current_page() == PAGE_PROBLEMS
    # the offscreen platform adjusts restored geometry by a frame, so compare the sidebar's share
    sizes2 = w2.splitter.sizes()
    assert abs(sizes2[0] / sum(sizes2) - sizes[0] / sum(sizes)) < 0.03
    assert not w2.settings.geometry().isEmpty()


def test_closing_during_an_import_waits_for_the_worker(qtbot, make_window, tmp_path):
    w = make_window("closing")
    handle = w.open_files([str(p) for p in write_shop(tmp_path / "in")])
    assert handle is not None and w.runner.is_busy()
    w.close()  # cancels, then waits: no worker may outlive the window and its store
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_recent_files_menu_and_page_shortcuts(qtbot, window, tmp_path):
    files = write_shop(tmp_path / "in")
    open_and_wait(qtbot, window, files)
    window.menu_recent.aboutToShow.emit()
    names = [a.text() for a in window.menu_recent.actions() if a.text()]
    assert files[0].name in names and files[1].name in names
    window.page_actions[2].trigger()  # Ctrl+3
    assert window.current_page() == PAGE_AGENTS
    assert window.page_actions[2].shortcut().toString() == "Ctrl+3"
    window.act_clear_recent.trigger()
    assert window.settings.recent_files == []
    assert window.start_page.recent_list.count() == 0


def test_reopening_lists_earlier_imports_and_duplicates(qtbot, make_window, tmp_path):
    files = write_shop(tmp_path / "in")
    w = make_window("hist")
    open_and_wait(qtbot, w, files)
    open_and_wait(qtbot, w, files[:1])  # the same file again: the store keeps one copy
    status = w.problems_view.file_status(str(files[0]))
    assert "nothing changed" in status.message
    assert w.results.shop["orders"] == 3
    w.close()
    w2 = make_window("hist")
    # a new session lists what the store already holds, by file name
    names = {f.path for f in w2.problems_view.files}
    assert {files[0].name, files[1].name} <= names


def test_privacy_setting_masks_the_customers_page_and_exports(qtbot, window, tmp_path):
    from desktop_app.ui.main_window import PAGE_CUSTOMERS

    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    customers = window.view(PAGE_CUSTOMERS)
    assert window.settings.mask_pii and not customers.is_unmasked() and window.mask_pii_now()
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.apply_settings(window.model_settings, mask_pii=False)
    assert customers.is_unmasked() and not window.mask_pii_now()
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.apply_settings(window.model_settings, mask_pii=True)
    assert not customers.is_unmasked()
    customers.set_unmasked(True)  # unmasked by hand on the page, for this session
    assert window.mask_pii_now() is False
    assert window.settings.mask_pii is True


def test_editing_custom_dates_recomputes_once_after_a_pause(qtbot, window, tmp_path):
    import datetime as dt

    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.set_date_range("custom", dt.date(2026, 11, 20), dt.date(2026, 11, 20))
    seen = []
    window.results_changed.connect(seen.append)
    from PySide6.QtCore import QDate

    # three edits in a row (as when typing) ...
    for day in (18, 19, 20):
        window.date_from.setDate(QDate(2026, 11, day))
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=TIMEOUT)
    # ... give one recompute, for the last date
    assert len(seen) == 1
    assert window.selected_dates() == (dt.date(2026, 11, 20), dt.date(2026, 11, 20))


def test_a_report_that_cannot_be_written_names_the_file_and_a_fix(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    target = tmp_path / "日报.xlsx"
    target.mkdir()  # a folder where the file should go: the write fails like a locked file does
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as blocker:
        window.export_report(str(target))
    exc = blocker.args[0]
    assert exc.file == str(target)
    box = window.last_error_box
    assert str(target) in box.informativeText()
    assert "Excel" in box.informativeText()  # the fix: close it in Excel or choose another folder
    box.close()


def test_conversations_page_shows_the_transcript(qtbot, window, tmp_path):
    from desktop_app.ui.main_window import PAGE_CONVERSATIONS

    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    window.show_page(PAGE_CONVERSATIONS)
    text = window.view(PAGE_CONVERSATIONS).transcript.toPlainText()
    # the first listed conversation's messages, not just its turns
    assert any(msg[4] in text for msg in CHATS), text


def test_overview_cards_open_the_list_behind_them(qtbot, window, tmp_path):
    from desktop_app.ui.main_window import PAGE_ORDERS, PAGE_OVERVIEW

    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    overview = window.view(PAGE_OVERVIEW)
    overview.card_activated.emit("unpaid_due")  # what a click on the 催付 card sends
    assert window.current_page() == PAGE_ORDERS
    assert window.view(PAGE_ORDERS).current_check() == "unpaid"
    overview.card_activated.emit("conversion")
    assert window.current_page() == PAGE_AGENTS
    # the Overview's day is the Agents page's day too
    import pandas as pd

    overview.day_changed.emit(pd.Timestamp("2026-11-20"))
    assert window.view(PAGE_AGENTS).selected_day() == pd.Timestamp("2026-11-20")


def test_nothing_starts_after_the_window_closed(qtbot, make_window, tmp_path):
    w = make_window("closed")
    files = write_shop(tmp_path / "in")
    open_and_wait(qtbot, w, files)
    w.close()
    w.close()  # a second close is harmless
    assert w.recompute() is None
    assert w.open_files([str(f) for f in files]) is None
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_cancelling_the_calculation_says_so_and_keeps_the_figures(qtbot, window, tmp_path):
    results = open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    handle = window.recompute()
    with qtbot.waitSignal(handle.cancelled, timeout=TIMEOUT):
        window.cancel_work()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=TIMEOUT)
    assert "F5" in window.status_label.text()  # not stuck on "Cancelling…"
    assert window.results is results
    window.cancel_work()  # nothing running: nothing to cancel, the message stays
    assert "F5" in window.status_label.text()


def test_the_demo_figures_never_pass_for_the_shops_own(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_demo()
    agents = window.view(PAGE_AGENTS)
    assert agents.table.model.rowCount() > 0
    (tmp_path / "in").mkdir()
    broken = write_broken_orders(tmp_path / "in")
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT):
        window.open_files([str(broken)])
    window.last_error_box.close()
    # the shop's own store is empty: the made-up demo figures are gone, not relabelled as the shop's
    assert window.results is None
    assert agents.table.model.rowCount() == 0


def test_model_memory_is_kept_for_a_recompute_and_given_back_when_idle(qtbot, window, tmp_path):
    from desktop_app.core.model import allocator as compute_mod

    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    # a finished run starts the idle timer; the next run stops it while it computes
    qtbot.waitUntil(window.compute.memory_timer.isActive, timeout=TIMEOUT)
    assert window.compute.memory_timer.interval() == 120_000
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.recompute()
        assert not window.compute.memory_timer.isActive()
    qtbot.waitUntil(window.compute.memory_timer.isActive, timeout=TIMEOUT)
    # the quiet spell ends: the kept memory goes back (on glibc; elsewhere nothing was kept)
    window.compute.memory_timer.timeout.emit()
    assert compute_mod._held is False



def test_a_failed_calculation_also_starts_the_idle_timer(qtbot, window, tmp_path, monkeypatch):
    import desktop_app.ui.controllers.compute as compute_controller
    import desktop_app.ui.main_window as mw

    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))

    def broken(*args, **kwargs):
        raise RuntimeError("model failed")

    monkeypatch.setattr(compute_controller, "compute_results", broken)
    monkeypatch.setattr(mw, "show_error", lambda *a, **k: None)  # no modal dialog in the test
    handle = window.recompute()
    assert not window.compute.memory_timer.isActive()
    with qtbot.waitSignal(handle.done, timeout=TIMEOUT):
        pass
    assert window.compute.memory_timer.isActive()


def test_currency_symbol_is_a_remembered_display_setting(qtbot, window, tmp_path):
    import openpyxl

    from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
    from desktop_app.ui.main_window import PAGE_OVERVIEW, PAGE_TRENDS

    open_and_wait(qtbot, window, write_shop(tmp_path / "in"))
    cards = window.view(PAGE_OVERVIEW).cards
    yuan = cards["sales"].value_text()
    assert yuan.startswith("¥")
    # the settings dialog offers the symbol (editable: any short text may be typed)
    dlg = SettingsDialog(window.model_settings, "en", currency=window.settings.currency)
    qtbot.addWidget(dlg)
    assert dlg.currency() == "¥" and dlg.currency_combo.isEditable()
    dlg.currency_combo.setCurrentText(" US$  ")
    assert dlg.currency() == "US$"
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.apply_settings(window.model_settings, currency="$")
    # the same amounts, another symbol: nothing is converted
    assert cards["sales"].value_text() == "$" + yuan[1:]
    scorecard = window.view(PAGE_AGENTS).table.model
    money_cells = [scorecard.data(scorecard.index(r, c)) for r in range(scorecard.rowCount())
                   for c in range(scorecard.columnCount())]
    assert any(isinstance(t, str) and t.startswith("$") for t in money_cells)
    assert not any(isinstance(t, str) and "¥" in t for t in money_cells)
    trends = window.view(PAGE_TRENDS)
    assert "$" in trends.plots["aov"].getPlotItem().titleLabel.text
    assert window.settings.currency == "$"
    # the Excel report's money cells carry the symbol in their number format
    target = tmp_path / "report.xlsx"
    with qtbot.waitSignal(window.report_written, timeout=TIMEOUT):
        window.export_report(str(target))
    wb = openpyxl.load_workbook(target)
    formats = {c.number_format for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert '"$"#,##0.00' in formats and "¥#,##0.00" not in formats
    # the settings sheet lists each imported file with its rows and import time (from the store)
    rows = [[c.value for c in r] for r in wb["Settings"].iter_rows()]
    header = next(r for r in rows if r[:4] == ["File", "Format", "Rows", "Imported"])
    listed = rows[rows.index(header) + 1:]
    orders_row = next(r for r in listed if r[0] and str(r[0]).endswith(".csv") and "Export" in str(r[0]))
    assert isinstance(orders_row[2], int) and orders_row[2] > 0 and orders_row[3]
    # set from code (and remembered) as well
    window.set_currency("€")
    assert window.settings.currency == "€" and cards["sales"].value_text().startswith("€")


def test_a_settings_change_recomputes_without_reading_the_database_again(qtbot, window, tmp_path):
    files = write_shop(tmp_path / "in")
    open_and_wait(qtbot, window, files[:1])
    repo = window.repository
    reads = repo.reads
    assert reads >= 1
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.apply_settings(window.model_settings.replace(slow_threshold_s=5.0))
    # the kept Dataset: no read, and the new setting took effect
    assert repo.reads == reads
    assert blocker.args[0].settings.slow_threshold_s == 5.0
    # an import changes the data (here the chat log after the orders): the next run reads it again
    assert len(blocker.args[0].conversations) == 0
    results = open_and_wait(qtbot, window, files[1:])
    assert repo.reads > reads
    assert len(results.conversations) > 0


def test_cancelling_the_mapping_dialog_says_the_file_was_not_imported(qtbot, window, tmp_path):
    (tmp_path / "in").mkdir()
    erp = write_unrecognised_orders(tmp_path / "in")
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT):
        window.open_files([str(erp)])
    qtbot.waitUntil(lambda: window.mapping_dialog is not None, timeout=TIMEOUT)
    window.mapping_dialog.reject()
    qtbot.waitUntil(lambda: window.mapping_dialog is None, timeout=TIMEOUT)
    status = window.problems_view.file_status(str(erp))
    assert status.status == STATUS_UNRECOGNISED and "Open again" in status.message
    assert erp.name in window.status_label.text() and "Not imported" in window.status_label.text()

    # the file is selected on the Problems page; Open again brings the mapping dialog back
    problems = window.problems_view
    assert problems.reopen_button.isEnabled()
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT):
        qtbot.mouseClick(problems.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.mapping_dialog is not None, timeout=TIMEOUT)
    dlg = window.mapping_dialog
    assert dlg.path == str(erp)
    dlg.set_kind("orders")
    for field, column in (("order_id", "单号"), ("created", "时间点"), ("paid_amount", "成交额"),
                          ("buyer", "顾客"), ("status", "进度")):
        dlg.set_field(field, column)
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert set(blocker.args[0].attribution["order_id"]) <= {"E-1", "E-2"}
    assert blocker.args[0].shop["orders"] == 2
    assert problems.file_status(str(erp)).status == STATUS_IMPORTED
    # an imported file cannot be "opened again" from the list (it is in the data already)
    problems.select_file(str(erp))
    assert not problems.reopen_button.isEnabled()


SHOPIFY_COLUMNS = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency", "Total",
                   "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku",
                   "Billing Name"]


def write_shopify(path, currency="USD"):
    """A two-order Shopify orders export (one row per line item; Currency on each order's first row)."""
    rows = [
        ["#1001", "ann@example.com", "paid", "2026-11-20 10:40:00 -0500", "unfulfilled", currency, "50.00",
         "2026-11-20 10:37:33 -0500", "1", "Mug", "15.00", "MUG-1", "Ann Lee"],
        ["#1001", "ann@example.com", "", "", "", "", "", "2026-11-20 10:37:33 -0500", "2", "Coaster", "17.50",
         "CST-2", ""],
        ["#1002", "bo@example.com", "paid", "2026-11-20 11:00:00 -0500", "fulfilled", currency, "20.00",
         "2026-11-20 10:59:00 -0500", "1", "Mug", "20.00", "MUG-1", "Bo Chen"],
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(",".join(r) for r in [SHOPIFY_COLUMNS] + rows) + "\n", encoding="utf-8")
    return path


def test_a_shopify_export_shows_its_currency_unless_the_user_chose_one(qtbot, make_window, tmp_path):
    from desktop_app.ui.main_window import PAGE_OVERVIEW

    window = make_window("usd")
    results = open_and_wait(qtbot, window, [write_shopify(tmp_path / "in" / "orders_export_1.csv")])
    # the export says USD and the symbol was still the default ¥: amounts now read $ (not converted)
    assert window.settings.currency == "$"
    assert results.shop["sales"] == 70.0
    assert window.view(PAGE_OVERVIEW).cards["sales"].value_text() == "$70.00"
    assert "USD" in window.status_label.text()

    # a symbol the user chose is kept; the status line says the export's currency differs
    chosen = make_window("chosen")
    chosen.set_currency("€")
    open_and_wait(qtbot, chosen, [write_shopify(tmp_path / "in2" / "orders_export_1.csv")])
    assert chosen.settings.currency == "€"
    assert chosen.view(PAGE_OVERVIEW).cards["sales"].value_text() == "€70.00"
    assert "USD" in chosen.status_label.text() and "€" in chosen.status_label.text()
