"""Who stored each customer's level and when: the customer archive's "Level stored by" column."""

from __future__ import annotations

import pandas as pd

from desktop_app.ui.mark_stamps import add_level_stamps
from desktop_app.ui.pages import PAGE_CUSTOMERS
from shop_files import write_shop

TIMEOUT = 60_000


def test_a_stamp_only_where_the_level_shown_is_the_stored_one():
    customers = pd.DataFrame({"buyer": ["a", "b", "c"], "level": ["金卡", "金卡", "银卡"]})
    marks = pd.DataFrame({"buyer": ["a", "b"], "level": ["金卡", "银卡"], "who": ["Ann", "Bob"],
                          "at": pd.to_datetime(["2026-12-07 14:03:59", "2026-12-01 08:00:00"])})
    add_level_stamps(customers, marks)
    # a: stored 金卡 by Ann; b: the store holds 银卡, not the 金卡 shown; c: nothing stored
    assert customers["level_stamp"].tolist() == ["Ann · 12-07 14:03", "", ""]
    assert customers["level_by"].tolist() == ["Ann", "", ""]
    assert customers["level_at"].iloc[0] == pd.Timestamp("2026-12-07 14:03:59")
    assert customers["level_at"].iloc[1:].isna().all()


def test_no_marks_give_empty_stamps_not_a_missing_column():
    customers = pd.DataFrame({"buyer": ["a"], "level": ["金卡"]})
    add_level_stamps(customers, pd.DataFrame(columns=["buyer", "level", "who", "at"]))
    assert customers["level_stamp"].tolist() == [""] and customers["level_at"].isna().all()


def test_the_window_shows_who_stored_each_level(qtbot, window, tmp_path):
    window.state.set_marked_by("Bob")
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
    qtbot.waitUntil(lambda: not window.state.busy, timeout=TIMEOUT)
    customers = window.results.customers
    stored = window.shop_repository.store.level_marks()
    assert len(stored) and set(stored["who"]) == {"Bob"}
    shown = customers.set_index("buyer")
    for mark in stored.itertuples():
        if mark.buyer in shown.index and shown.loc[mark.buyer, "level"] == mark.level:
            assert shown.loc[mark.buyer, "level_stamp"] == "Bob · " + mark.at.strftime("%m-%d %H:%M")
    assert (customers["level_stamp"] != "").any()
    archive = window.view(PAGE_CUSTOMERS).archive
    keys = [spec.key for spec in archive.model.specs()]
    assert "level_stamp" in keys
    col = keys.index("level_stamp")
    cells = [archive.model.index(r, col).data() for r in range(archive.model.rowCount())]
    assert any(str(c).startswith("Bob · ") for c in cells)
