"""A date range shows that range's KPIs, but the to-do lists and customers still see the history."""

from __future__ import annotations

from desktop_app.core.sample import write_sample
from desktop_app.ui.state import RANGE_ALL, RANGE_TODAY

TIMEOUT = 120_000


def test_latest_day_keeps_overdue_orders_and_customer_history(qtbot, window, tmp_path):
    files = sorted(str(p) for p in write_sample(tmp_path / "sample").values())
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.open_files(files)
    everything = blocker.args[0]
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as blocker:
        window.set_date_range(RANGE_TODAY)
    day = blocker.args[0]
    # the same as-of time: the newest timestamp in the data
    assert day.as_of == everything.as_of
    # the day's own KPIs are the day's: fewer orders than the whole history
    assert day.shop["orders"] < everything.shop["orders"]
    # ...but an order paid days ago and still unshipped is overdue today too (the sample has some)
    assert everything.shop["unshipped_overdue"] > 0
    assert day.shop["unshipped_overdue"] == everything.shop["unshipped_overdue"]
    assert sorted(day.unshipped["order_id"]) == sorted(everything.unshipped["order_id"])
    assert len(day.out_of_stock) == len(everything.out_of_stock)
    # RFM over the year before the as-of time, not over one day: every paying customer keeps the values
    # of the whole history (buyers with only unpaid orders before the day are not in the day's archive)
    keys = ["recency_days", "frequency", "monetary", "segment"]
    paying = everything.customers[everything.customers["frequency"] > 0].set_index("buyer")[keys]
    seen = day.customers.set_index("buyer")[keys]
    assert len(paying) > 0 and set(paying.index) <= set(seen.index)
    assert seen.loc[paying.index].equals(paying)
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.set_date_range(RANGE_ALL)
