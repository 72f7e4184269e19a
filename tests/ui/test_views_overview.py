"""OverviewView: KPI cards from a hand-built Results, per day, platform reading, cleared by None."""

import pandas as pd

from desktop_app.core.model.settings import ModelSettings
from desktop_app.ui.models.frame_table_model import BAD, GOOD, NONE
from desktop_app.ui.views.overview import OverviewView
from test_views_fixtures import make_results


def test_cards_all_days(qtbot):
    view = OverviewView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    cards = view.cards
    assert cards["sales"].value_text() == "¥3,000.00"
    assert cards["paying_buyers"].value_text() == "8"
    assert cards["aov"].value_text() == "¥375.00"  # 3000 / 8
    assert "¥3,000.00 / 8 = ¥375.00" in cards["aov"].toolTip()
    # summed over the agents: (3 + 5) paying / (274 + 10) inquiring = 8 / 284 = 2.82 %
    assert cards["conversion"].value_text() == "2.82%"
    assert "询单转化率 = 询单→最终付款人数 / 询单人数 = 8 / 284" in cards["conversion"].toolTip()
    assert cards["silent_inquiry"].value_text() == "¥600.00 / ¥2,400.00"
    assert "¥600.00 + ¥2,400.00 = ¥3,000.00" in cards["silent_inquiry"].toolTip()
    # first responses: alice 5 s, bob unanswered (NaN) -> mean 5.0 s over 1, within 10 s -> green
    assert cards["first_response"].value_text() == "5.0 s"
    assert cards["first_response"].state() == GOOD
    # answered turns 5, 50, 45 -> mean 100 / 3 = 33.3 s > 1.5 x 16 s -> red; median 45
    assert cards["response"].value_text() == "33.3 s"
    assert "median 45.0 s" in cards["response"].detail_label.text()
    assert cards["response"].state() == BAD
    # 2 overdue, one of them marked handled: 1 still to do, and the card says one was handled
    assert cards["unshipped_overdue"].value_text() == "1" and cards["unshipped_overdue"].state() == BAD
    assert "of 3 unshipped" in cards["unshipped_overdue"].detail_label.text()
    assert "1 handled" in cards["unshipped_overdue"].detail_label.text()
    assert cards["out_of_stock"].value_text() == "1"
    assert cards["unpaid_due"].value_text() == "1"
    assert "默认口径" in view.reading_label.text()


def test_one_day_and_platform_reading(qtbot):
    view = OverviewView()
    qtbot.addWidget(view)
    view.set_results(make_results(ModelSettings.platform_preset()))
    assert "平台口径" in view.reading_label.text()
    assert view.day_combo.count() == 3  # all days + 2026-11-20 + 2026-11-21
    with qtbot.waitSignal(view.day_changed) as blocker:
        view.set_day(pd.Timestamp("2026-11-20"))
    assert blocker.args == [pd.Timestamp("2026-11-20")]
    assert view.cards["sales"].value_text() == "¥1,000.00"
    assert view.cards["aov"].value_text() == "¥500.00"  # 1000 / 2
    # only 小王 on the 20th: 1 paying / 200 inquiring
    assert view.cards["conversion"].value_text() == "0.50%"
    assert view.cards["first_response"].state() == NONE  # no turns that day


def test_none_clears(qtbot):
    view = OverviewView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.set_results(None)
    assert view.cards["sales"].value_text() == ""
    assert not view.empty_label.isHidden()
    assert view.day_combo.count() == 1


def test_clicking_a_card_names_it(qtbot):
    from PySide6.QtCore import Qt

    view = OverviewView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.show()
    with qtbot.waitSignal(view.card_activated) as blocker:
        qtbot.mouseClick(view.cards["unshipped_overdue"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["unshipped_overdue"]


def test_cards_show_the_days_and_the_change_against_the_day_before(qtbot, translators):
    view = OverviewView()
    qtbot.addWidget(view)
    view.show()
    view.set_results(make_results())
    sales = view.cards["sales"]
    # sales per day: 1,000 on the 20th, 2,000 on the 21st -> +100.0 %
    assert sales.sparkline.values == [1000.0, 2000.0] and sales.sparkline.isVisible()
    assert sales.change_label.text() == "+100.0% vs. the day before"
    # conversion summed over the agents per day: 1/200 on the 20th, (2+5)/(74+10) on the 21st
    conversion = view.cards["conversion"]
    assert conversion.change_label.text() == f"{(7 / 84 - 1 / 200) * 100:+.2f} pp vs. the day before"
    # a count without a per-day series has no line
    assert not view.cards["out_of_stock"].sparkline.isVisible()
    assert not view.cards["out_of_stock"].change_label.isVisible()
