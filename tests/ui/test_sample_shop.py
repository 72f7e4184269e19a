"""The generated sample shop through the real window: same figures as the core, report export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from desktop_app.core.importers import registry
from desktop_app.core.model.compute import compute
from desktop_app.core.model.results import AGENT_COLUMNS
from desktop_app.core.sample import write_sample
from desktop_app.core.store import Store
from desktop_app.ui.main_window import PAGE_AGENTS

TIMEOUT = 120_000


def test_sample_files_give_the_cores_scorecard_and_export(qtbot, window, tmp_path):
    files = sorted(str(p) for p in write_sample(tmp_path / "sample").values())
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_files(files)
    results = blocker.args[0]

    # the core alone on the same files, in the same order, into its own store
    ref = Store.open(tmp_path / "ref")
    for f in files:
        ref.import_result(registry.load_file(f))
    expected = compute(ref.dataset(None, None), window.model_settings, previous_levels=ref.levels())
    ref.close()
    cols = [c for c in AGENT_COLUMNS if c in expected.agents.columns]
    want = expected.agents[cols].sort_values("agent").reset_index(drop=True)
    assert len(want) > 0
    got = results.agents[cols].sort_values("agent").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    shown = window.view(PAGE_AGENTS).table.model.frame()
    shown_cols = [c for c in cols if c in shown.columns]
    pd.testing.assert_frame_equal(shown[shown_cols].sort_values("agent").reset_index(drop=True),
                                  want[shown_cols], check_dtype=False)
    assert results.shop == expected.shop

    # File > Export report writes the workbook in the background
    target = tmp_path / "out" / "日报.xlsx"
    target.parent.mkdir()
    with qtbot.waitSignal(window.report_written, timeout=TIMEOUT) as written:
        window.export_report(str(target))
    assert Path(written.args[0]) == target
    wb = openpyxl.load_workbook(target, read_only=True)
    assert len(wb.sheetnames) >= 2
    wb.close()


def test_demo_shop_opens_in_its_own_store_and_leaves_the_shops_history_alone(qtbot, window, tmp_path):
    from shop_files import write_shop

    assert window.data_range() is None
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_demo()
    assert len(blocker.args[0].agents) > 0
    assert window.is_demo()
    assert "Demo shop" in window.windowTitle()
    assert (window.data_dir / "demo" / "history.sqlite3").exists()
    # the made-up data never entered the shop's own history
    assert window.shop_repository.date_range() is None
    assert window.settings.recent_files == []

    # opening the shop's own files leaves the demo: only their figures are shown
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_files([str(p) for p in write_shop(tmp_path / "own")])
    assert not window.is_demo()
    assert sorted(blocker.args[0].agents["agent"]) == ["店:小李", "店:小王"]
    assert "Demo shop" not in window.windowTitle()


def test_marking_an_unshipped_order_handled_survives_a_recompute(qtbot, window, tmp_path):
    from desktop_app.ui.main_window import PAGE_ORDERS

    files = sorted(str(p) for p in write_sample(tmp_path / "sample").values())
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_files(files)
    unshipped = blocker.args[0].unshipped
    assert len(unshipped) > 0
    platform, order_id = str(unshipped["platform"].iloc[0]), str(unshipped["order_id"].iloc[0])
    orders_view = window.view(PAGE_ORDERS)
    # what the Orders page emits when the user marks a row handled
    orders_view.handled_requested.emit("unshipped", platform, order_id, "已联系仓库")
    row = window.results.unshipped[window.results.unshipped["order_id"] == order_id]
    assert bool(row["handled"].iloc[0])
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.recompute()
    again = blocker.args[0].unshipped
    assert bool(again[again["order_id"] == order_id]["handled"].iloc[0])
    assert int(again["handled"].sum()) == 1


def test_drilling_into_an_agents_figure_lists_the_orders_behind_it(qtbot, window, tmp_path):
    from desktop_app.ui.main_window import PAGE_CONVERSATIONS

    files = sorted(str(p) for p in write_sample(tmp_path / "sample").values())
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_files(files)
    agents = blocker.args[0].agents
    top = agents.sort_values("paying_buyers", ascending=False).iloc[0]
    window.view(PAGE_AGENTS).drill_requested.emit(str(top["agent"]), "paying_buyers")
    assert window.current_page() == PAGE_CONVERSATIONS
    conv = window.view(PAGE_CONVERSATIONS)
    assert conv.is_drill_down()
    shown = conv.table.model.frame()
    # one row per (inquiry day, paying buyer), exactly as the figure counts them, with the orders behind
    assert len(shown) == int(top["paying_buyers"])
    assert {"buyer", "inquiry_day", "order_id"} <= set(shown.columns)
    assert str(top["agent"]) in conv.title_label.text()
