"""TrendsView on real trend frames (core.trends on hand-built Results), offscreen."""

from __future__ import annotations

import numpy as np
import pandas as pd

from desktop_app.core import trends as tr
from desktop_app.core.model.results import Results
from desktop_app.core.model.settings import ModelSettings
from desktop_app.ui.views.trends import COL_CHANGE, COL_METRIC, COL_REL, COL_THIS, SHOP, TrendsView

D = pd.Timestamp


def results() -> Results:
    agent_days = pd.DataFrame({
        "agent": ["店:A", "店:A", "店:B"],
        "day": [D("2026-11-09"), D("2026-11-16"), D("2026-11-16")],
        "inquiring_buyers": [10, 10, 4], "paying_buyers": [2, 3, 1], "conversion_rate": [0.2, 0.3, 0.25],
        "sales": [200.0, 300.0, 90.0], "aov": [100.0, 100.0, 90.0], "paid_orders": [2.0, 3.0, 1.0],
        "refund_orders": [0, 1, 0], "refund_rate": [0.0, 1 / 3, 0.0],
        "first_response_mean_s": [8.0, 4.0, 12.0], "first_response_median_s": [7.0, 3.0, 12.0],
        "first_responses": [10, 10, 4], "response_mean_s": [12.0, 10.0, 30.0],
        "response_median_s": [11.0, 9.0, 25.0], "responses": [20, 30, 8],
    })
    shop_days = pd.DataFrame({
        "day": [D("2026-11-09"), D("2026-11-16")], "paid_orders": [2, 5], "sales": [200.0, 450.0],
        "paying_buyers": [2, 5], "aov": [100.0, 90.0], "refund_orders": [0, 1], "refund_rate": [0.0, 0.2],
        "inquiring_buyers": [10, 14], "conversion_rate": [0.2, 4 / 14],
        "first_response_mean_s": [8.0, 6.0], "first_response_median_s": [7.0, 5.0],
        "response_mean_s": [12.0, 14.0], "response_median_s": [11.0, 10.0],
    })
    empty = pd.DataFrame()
    return Results(as_of=D("2026-11-16 20:00"), settings=ModelSettings(), conversations=empty, turns=empty,
                   agents=empty, agent_days=agent_days, attribution=empty, shop={}, shop_days=shop_days,
                   product_refunds=empty, unshipped=empty, out_of_stock=empty, unpaid=empty, customers=empty)


def test_trends_view_charts_selector_and_table(qtbot):
    view = TrendsView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    assert view.selected() is None and view.table.rowCount() == 0
    assert view.empty_label.isVisible()

    trends = tr.daily_trends(results())
    wow = tr.week_over_week(trends, D("2026-11-16"))
    view.set_trends(trends, wow)
    assert not view.empty_label.isVisible()
    items = [view.agent_combo.itemData(i) for i in range(view.agent_combo.count())]
    assert items == [SHOP, "店:A", "店:B"]
    assert view.agent_combo.itemText(0) == "Whole shop"

    # the shop: two days; conversion shown in percent (0.2 -> 20, 4/14 -> 28.57)
    x, y = view.curves["conversion_rate"].getData()
    # every calendar day is a point; the six days without data are NaN: the line breaks there
    assert len(x) == 8 and np.isnan(y[1:7]).all()
    assert view.curves["conversion_rate"].opts["connect"] == "finite"
    ok = np.isfinite(y)
    x, y = x[ok], y[ok]
    assert np.allclose(y, [20.0, 400 / 14])
    days = pd.to_datetime((x - 43200) * 1e9)  # midday points -> midnight
    assert list(days.strftime("%Y-%m-%d")) == ["2026-11-09", "2026-11-16"]
    response = view.curves["response_mean_s"].getData()[1]
    assert np.allclose(response[np.isfinite(response)], [12.0, 14.0])

    curve_ids = {k: id(c) for k, c in view.curves.items()}
    assert view.select("店:B")
    x, y = view.curves["aov"].getData()
    assert list(y) == [90.0] and len(x) == 1
    assert np.allclose(view.curves["refund_rate"].getData()[1], [0.0])
    assert {k: id(c) for k, c in view.curves.items()} == curve_ids  # updated in place, not recreated
    assert not view.select("nobody")

    # table: 7 figures for the shop, A and B each
    assert view.table.rowCount() == 21
    texts = [[view.table.item(r, c).text() for c in range(view.table.columnCount())]
             for r in range(view.table.rowCount())]
    a_conv = next(t for t in texts if t[0] == "店:A" and t[COL_METRIC] == "Conversion rate")
    # A: this week (11-10..11-16) 3/10 = 30 %, previous (11-03..11-09) 2/10 = 20 %: +10 pp, +50 %
    assert a_conv[COL_THIS] == "30.00%" and a_conv[COL_CHANGE] == "+10.00 pp" and a_conv[COL_REL] == "+50.0%"
    row = texts.index(a_conv)
    assert view.table.item(row, COL_CHANGE).foreground().color().green() > 100  # improved: green
    a_resp = texts.index(next(t for t in texts
                              if t[0] == "店:A" and t[COL_METRIC] == "Average response, mean (s)"))
    # 10 s against 12 s: faster, green
    assert view.table.item(a_resp, COL_CHANGE).text() == "-2.0 s"
    assert "2026-11-10" in view.wow_label.text()

    # new data keeps the chosen agent; None clears everything
    view.set_trends(trends, wow)
    assert view.selected() == "店:B"
    view.set_trends(None, None)
    assert view.selected() is None and view.table.rowCount() == 0
    assert len(view.curves["aov"].getData()[1] if view.curves["aov"].getData()[1] is not None else []) == 0


def test_trends_view_follows_a_language_change(qtbot, translators):
    view = TrendsView()
    qtbot.addWidget(view)
    trends = tr.daily_trends(results())
    view.set_trends(trends, tr.week_over_week(trends, D("2026-11-16")))
    translators.install("zh_CN")
    # Qt posts LanguageChange to the widgets: wait for it to arrive
    qtbot.waitUntil(lambda: view.agent_combo.itemText(0) == "全店", timeout=5000)
    assert view.table.horizontalHeaderItem(0).text() == "客服"
    assert view.table.item(0, 0).text() == "全店"  # the shop's rows come first
    assert view.plots["conversion"].getPlotItem().titleLabel.text == "询单转化率（%）"
    translators.install("en")
    qtbot.waitUntil(lambda: view.agent_combo.itemText(0) == "Whole shop", timeout=5000)


def test_a_tiny_base_shows_no_percentage_and_says_why(qtbot):
    view = TrendsView()
    qtbot.addWidget(view)
    trends = tr.daily_trends(results())
    view.set_trends(trends, tr.week_over_week(trends, D("2026-11-16")))
    texts = [[view.table.item(r, c).text() for c in range(view.table.columnCount())]
             for r in range(view.table.rowCount())]
    # A's AOV: 3 paying buyers this week against 2 (fewer than 10 in each): no "+0.0 %", a reason instead
    row = next(i for i, t in enumerate(texts) if t[0] == "店:A" and t[COL_METRIC] == "AOV")
    assert texts[row][COL_REL] == "–"
    tip = view.table.item(row, COL_REL).toolTip()
    assert "3 this week and 2 the week before" in tip and "at least 10" in tip
    # A's conversion rests on 10 and 10 inquiring buyers: the percentage stays, with no tooltip
    conv = next(i for i, t in enumerate(texts) if t[0] == "店:A" and t[COL_METRIC] == "Conversion rate")
    assert texts[conv][COL_REL] == "+50.0%" and view.table.item(conv, COL_REL).toolTip() == ""


def test_a_change_too_small_to_show_is_not_negative_zero():
    from desktop_app.ui.views.trends import _pct

    assert _pct(-0.0001) == "0.0%" and _pct(0.0004) == "0.0%"
    assert _pct(-0.012) == "-1.2%" and _pct(0.5) == "+50.0%"


def shop_only_view(qtbot, shop_days: pd.DataFrame):
    """A shown TrendsView of Results that hold only these shop days (no agent days)."""
    res = results()
    res.agent_days, res.shop_days = res.agent_days.iloc[0:0], shop_days
    view = TrendsView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_trends(tr.daily_trends(res), None)
    return view, res


def test_charts_open_on_the_days_with_chats_not_on_old_order_history(qtbot):
    # the shop: one returning buyer's order on 08-01 (no chats then), chats and orders 11-01 .. 11-20
    chat_days = pd.date_range("2026-11-01", "2026-11-20")
    days = [D("2026-08-01")] + list(chat_days)
    n = len(days)
    shop_days = pd.DataFrame({
        "day": days, "paid_orders": [1] * n, "sales": [100.0] * n, "paying_buyers": [1] * n, "aov": [100.0] * n,
        "refund_orders": [0] * n, "refund_rate": [0.0] * n, "inquiring_buyers": [0] + [10] * (n - 1),
        "conversion_rate": [np.nan] + [0.1] * (n - 1),
        "first_response_mean_s": [np.nan] + [5.0] * (n - 1), "first_response_median_s": [np.nan] + [5.0] * (n - 1),
        "response_mean_s": [np.nan] + [9.0] * (n - 1), "response_median_s": [np.nan] + [9.0] * (n - 1),
    })
    view, res = shop_only_view(qtbot, shop_days)
    first_chat = D("2026-11-01").value / 1e9 + 43200  # midday point of 11-01
    for key in ("aov", "conversion", "response", "refund"):
        lo, hi = view.plots[key].viewRange()[0]
        # opens a day before the first chat day, not on 08-01 (three months to the left)
        assert abs(lo - (first_chat - 86400)) < 1.0, key
        assert hi >= D("2026-11-20").value / 1e9 + 43200
    # the 08-01 order is still plotted (a drag to the left shows it)
    _, y = view.curves["aov"].getData()
    assert np.isfinite(y).sum() == n

    # chats on the last three days only: the view still opens on the two weeks week over week compares
    late = shop_days.copy()
    for c in ("conversion_rate", "first_response_mean_s", "first_response_median_s", "response_mean_s",
              "response_median_s"):
        late.loc[: n - 4, c] = np.nan
    res.shop_days = late
    view.set_trends(tr.daily_trends(res), None)
    lo, _ = view.plots["aov"].viewRange()[0]
    assert abs(lo - (D("2026-11-07").value / 1e9 + 43200 - 86400)) < 1.0


def test_the_y_axis_fits_the_days_in_view(qtbot):
    # AOV 900 on the old 08-01 order, 90-110 on the days in view: the axis is not stretched to 900
    days = [D("2026-08-01")] + list(pd.date_range("2026-11-01", "2026-11-20"))
    n = len(days)
    aov = [900.0] + [90.0 + i for i in range(n - 1)]
    shop_days = pd.DataFrame({
        "day": days, "paid_orders": [1] * n, "sales": aov, "paying_buyers": [1] * n,
        "aov": aov, "refund_orders": [0] * n, "refund_rate": [0.0] * n,
        "inquiring_buyers": [0] + [10] * (n - 1), "conversion_rate": [np.nan] + [0.1] * (n - 1),
    })
    view, res = shop_only_view(qtbot, shop_days)
    qtbot.wait(50)
    y_lo, y_hi = view.plots["aov"].viewRange()[1]
    assert 80 < y_lo < 90 and 110 < y_hi < 130, (y_lo, y_hi)
