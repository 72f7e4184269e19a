"""compute_range: the range's KPIs from the range alone, customers and checks with their history."""

from __future__ import annotations

from datetime import date

import pandas as pd

from desktop_app.core.importers.base import ImportResult
from desktop_app.core.schema import conform
from desktop_app.core.store import Store
from desktop_app.core.store.ranged import compute_range

import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

T = pd.Timestamp


def order(oid, buyer, created, paid=None, status="unpaid", amount=0.0):
    return dict(platform="taobao", order_id=oid, buyer=buyer, created=T(created),
                paid=T(paid) if paid else pd.NaT, status=status, paid_amount=amount)


def export(tmp_path, name, orders):
    frame = conform(pd.DataFrame(orders), "orders")
    path = tmp_path / name
    path.write_bytes(frame.to_csv(index=False).encode("gbk"))
    return ImportResult(path=str(path), kind="orders", format_id="test_orders", format_label="测试",
                        orders=frame, rows_read=len(frame))


ORDERS = [
    # alice bought in June: she is a returning buyer on Tuesday
    order("h1", "alice", "2026-06-01 10:00", "2026-06-01 10:01", "completed", 200.0),
    # Monday: paid, never shipped - still on Tuesday's unshipped list, and overdue by Wednesday
    order("m1", "bob", "2026-11-16 09:00", "2026-11-16 09:05", "paid_unshipped", 50.0),
    # Tuesday: one paid order, and alice's order still waiting for payment
    order("t1", "carol", "2026-11-17 10:00", "2026-11-17 10:01", "paid_unshipped", 30.0),
    order("t2", "alice", "2026-11-17 15:00"),
]


def test_range_kpis_exclude_history_but_checks_and_customers_include_it(tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(export(tmp_path, "orders.csv", ORDERS))
        store.set_handled("unshipped", "taobao", "m1", note="缺货待补")
        seen = []
        results = compute_range(store, date(2026, 11, 17), date(2026, 11, 17),
                                progress=lambda d, t, s: seen.append((d, t)))
        # Tuesday's sales: t1 only (30); h1 and m1 are history, not Tuesday's sales
        assert results.shop["sales"] == 30 and results.shop["orders"] == 2
        # as-of = the newest timestamp of Tuesday: 15:00
        assert results.as_of == T("2026-11-17 15:00")
        # unshipped: m1 (from Monday, handled) and t1
        got = dict(zip(results.unshipped["order_id"], results.unshipped["handled"]))
        assert got == {"m1": True, "t1": False}
        assert results.shop["unshipped"] == 2
        # alice has an earlier paid order (June): returning
        unpaid = results.unpaid.set_index("order_id")
        assert bool(unpaid.loc["t2", "returning"])
        assert set(results.customers["buyer"]) == {"alice", "bob", "carol"}
        assert store.levels()["alice"] == "普通会员"  # 200 paid in the year: level 普通会员 (≥ 1)
        assert seen[-1][0] == seen[-1][1]  # progress ends at 100 %
        assert len({t for _, t in seen[:-1]}) == 1  # two runs reported as one bar
        assert all(d <= t for d, t in seen)

        # without a start there is nothing before the range: one ordinary run over everything
        everything = compute_range(store)
        assert everything.shop["sales"] == 200 + 50 + 30


def test_trends_range_covers_the_last_weeks_whatever_the_range(tmp_path):
    from desktop_app.core.store.ranged import trends_range
    from desktop_app.core.trends import TREND_COLUMNS, WOW_COLUMNS

    with Store(tmp_path / "h.sqlite3") as store:
        trends, wow = trends_range(store)
        assert list(trends.columns) == TREND_COLUMNS and len(trends) == 0
        assert list(wow.columns) == WOW_COLUMNS
        store.import_result(export(tmp_path, "orders.csv", ORDERS))
        trends, wow = trends_range(store, weeks=1)
        # one week ending 11-17 (the last day): 11-11 .. 11-17, so June's h1 is outside
        shop = trends[trends["scope"] == "shop"]
        assert [d.strftime("%m-%d") for d in shop["day"]] == ["11-16", "11-17"]
        assert shop["sales"].tolist() == [50.0, 30.0]
        sales = wow[(wow["scope"] == "shop") & (wow["metric"] == "sales")].iloc[0]
        assert sales["this_week"] == 80 and sales["previous_week"] != sales["previous_week"]  # NaN: no data
