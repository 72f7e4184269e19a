"""Overview: the shop's headline KPI cards for all days or one day, each explaining its formula."""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.model.results import Results
from ...core.model.settings import READING_PLATFORM
from ..models.frame_table_model import BAD, GOOD, NONE, WARN
from ..unavailable_text import NOT_AVAILABLE, no_chats, reason
from ..money import money as money_text
from ..widgets.kpi_card import KpiCard

#: card keys in display order (four per row)
CARDS = [
    "sales", "paying_buyers", "aov", "conversion", "silent_inquiry", "first_response", "response",
    "unshipped_overdue", "out_of_stock", "unpaid_due",
]
_COLUMNS = 4


def money(value) -> str:
    return "" if value is None or _nan(value) else money_text(value)


def seconds(value) -> str:
    return "–" if value is None or _nan(value) else f"{float(value):,.1f} s"


def percent(value) -> str:
    return "–" if value is None or _nan(value) else f"{float(value) * 100:.2f}%"


def count(value) -> str:
    return "–" if value is None or _nan(value) else f"{float(value):,.0f}"


def _nan(value) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def time_state(value: float, good: float, limit: float) -> int:
    """GOOD at or below ``good``, WARN up to ``limit``, BAD above; NONE without data."""
    if _nan(value):
        return NONE
    return GOOD if value <= good else WARN if value <= limit else BAD


def _stats(values: pd.Series) -> tuple[float, float, float, int]:
    v = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype="float64")
    if len(v) == 0:
        return float("nan"), float("nan"), float("nan"), 0
    return float(v.mean()), float(np.median(v)), float(np.percentile(v, 90)), len(v)


class OverviewView(QWidget):
    """KPI cards; the day combo switches between the whole data and one day."""

    #: the user picked a day (None = all days); the main window may sync other views
    day_changed = Signal(object)
    #: a card was clicked: its key (CARDS), e.g. "unshipped_overdue" -> the main window can open
    #: the Orders page on that check (orders.OrdersView.show_check)
    card_activated = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._results: Optional[Results] = None
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.day_label = QLabel(self)
        self.day_combo = QComboBox(self)
        self.day_combo.setMinimumContentsLength(12)
        self.day_combo.currentIndexChanged.connect(self._on_day_changed)
        self.reading_label = QLabel(self)
        self.reading_label.setWordWrap(True)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cards: dict[str, KpiCard] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, key in enumerate(CARDS):
            card = KpiCard(self)
            card.setObjectName("KpiCard")
            card.setCursor(Qt.CursorShape.PointingHandCursor)
            card.clicked.connect(lambda k=key: self.card_activated.emit(k))
            self.cards[key] = card
            grid.addWidget(card, i // _COLUMNS, i % _COLUMNS)
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.day_label)
        top.addWidget(self.day_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.reading_label)
        layout.addWidget(self.empty_label)
        layout.addLayout(grid)
        layout.addStretch(1)
        # one date selector: the toolbar's range decides the days (a single day: "Latest day" or custom);
        # the day filter stays for links from other pages but is not a second picker on screen
        self.day_label.hide()
        self.day_combo.hide()
        self.retranslate_ui()
        self.set_results(None)

    # --- public API -------------------------------------------------------------------------
    def set_results(self, results: Optional[Results]) -> None:
        """Show ``results`` (None clears the cards)."""
        self._results = results
        previous = self.day_combo.currentData()  # keep the chosen day across recomputes
        self.day_combo.blockSignals(True)
        self.day_combo.clear()
        self.day_combo.addItem(self.tr("All days"), None)
        if results is not None and len(results.shop_days):
            for day in sorted(pd.to_datetime(results.shop_days["day"]).dropna().unique()):
                text = pd.Timestamp(day).strftime("%Y-%m-%d")
                # item data is the text: Qt cannot compare wrapped Python objects in findData
                self.day_combo.addItem(text, text)
        idx = self.day_combo.findData(previous) if previous is not None else 0
        self.day_combo.setCurrentIndex(max(idx, 0))
        self.day_combo.blockSignals(False)
        self._refresh()

    def set_day(self, day) -> None:
        """Select a day (a Timestamp or None for all days)."""
        idx = 0 if day is None else self.day_combo.findData(pd.Timestamp(day).strftime("%Y-%m-%d"))
        if idx >= 0:
            self.day_combo.setCurrentIndex(idx)

    def selected_day(self) -> Optional[pd.Timestamp]:
        data = self.day_combo.currentData()
        return pd.Timestamp(data) if data else None

    def retranslate(self) -> None:
        """View protocol: every visible string again in the current language."""
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title_label.setText(self.tr("Shop overview"))
        self.day_label.setText(self.tr("Day:"))
        self.empty_label.setText(self.tr("No data yet: import an order export and a chat log."))
        if self.day_combo.count():
            self.day_combo.setItemText(0, self.tr("All days"))
        self._refresh()

    # --- internals ------------------------------------------------------------------------
    def _on_day_changed(self, _index: int) -> None:
        self._refresh()
        self.day_changed.emit(self.selected_day())

    def _refresh(self) -> None:
        r = self._results
        self.empty_label.setVisible(r is None)
        for card in self.cards.values():
            card.setVisible(r is not None)
        if r is None:
            self.reading_label.setText("")
            for card in self.cards.values():
                card.set_content("", "")
            return
        day = self.selected_day()
        if r.settings.reading == READING_PLATFORM:
            self.reading_label.setText(self.tr(
                "Reading: platform (平台口径) — each wait capped at 600 s, unanswered counted as 600 s, "
                "08:00–23:00 only, slow above 100 s."))
        else:
            self.reading_label.setText(self.tr(
                "Reading: default (默认口径) — calendar seconds, auto-replies never stop the clock, "
                "slow above {slow:g} s.").format(slow=r.settings.slow_threshold_s))
        shop = dict(r.shop)
        if day is not None:
            rows = r.shop_days[pd.to_datetime(r.shop_days["day"]) == day]
            if len(rows):
                shop.update({k: v for k, v in rows.iloc[0].to_dict().items() if k != "day"})
        self._sales_cards(r, shop)
        self._conversion_card(r, day)
        self._response_cards(r, day)
        self._check_cards(r)
        self._mark_unavailable(r, day)
        self._trends(r)

    def _trends(self, r: Results) -> None:
        """Each figure's days as a small line, and its change on the last day against the day before."""
        days = r.shop_days.sort_values("day") if len(r.shop_days) else r.shop_days
        for key, card in self.cards.items():
            column = TREND_COLUMNS.get(key)
            if key == "conversion" and "conversion_rate" not in days.columns and len(r.agent_days):
                # no shop figure per day (hand-built Results): the agents' sums per day, as the card
                g = r.agent_days.groupby(pd.to_datetime(r.agent_days["day"]), sort=True)
                inquiring = g["inquiring_buyers"].sum()
                values = (g["paying_buyers"].sum() / inquiring.where(inquiring > 0)).to_numpy(dtype="float64")
            elif column is None or column not in days.columns or card.value_text() == NOT_AVAILABLE:
                card.set_trend([], "")
                continue
            else:
                values = pd.to_numeric(days[column], errors="coerce").to_numpy(dtype="float64")
            if card.value_text() == NOT_AVAILABLE:
                card.set_trend([], "")
                continue
            # the last two weeks: older days hold only returning buyers' earlier orders
            card.set_trend(values[-TREND_DAYS:], self._change_text(key, values))

    def _change_text(self, key: str, values) -> str:
        if len(values) < 2 or _nan(values[-1]) or _nan(values[-2]):
            return ""
        last, before = float(values[-1]), float(values[-2])
        if key == "conversion":
            delta = self.tr("%1 pp").replace("%1", f"{(last - before) * 100:+.2f}")
        elif before:
            delta = f"{(last - before) / abs(before) * 100:+.1f}%"
        else:
            return ""
        return self.tr("%1 vs. the day before").replace("%1", delta)

    def _mark_unavailable(self, r: Results, day) -> None:
        """A figure the inputs cannot support shows "–" and the reason, never 0 or a red alarm."""
        turns = r.turns
        if day is not None and len(turns):
            turns = turns[pd.to_datetime(turns["day"]) == day]
        chats = no_chats(r, turns)
        for key, figures in CARD_FIGURES.items():
            why = reason(r, *figures)
            if why is None and chats and key in CHAT_CARDS and self.cards[key].value_text() in ("", "–", "nan"):
                why = chats  # no turns behind this figure (the day's conversion may still come from orders)
            if why is not None:
                card = self.cards[key]
                card.set_content(card.title_label.text(), NOT_AVAILABLE, why, why, NONE)

    def _sales_cards(self, r: Results, shop: dict) -> None:
        sales, buyers, paid_orders = shop.get("sales"), shop.get("paying_buyers"), shop.get("paid_orders")
        self.cards["sales"].set_content(
            self.tr("Sales"), money(sales),
            self.tr("{n} paid orders").format(n=count(paid_orders)),
            self.tr("Sales = paid amount of the paid orders = {sales} over {n} paid orders").format(
                sales=money(sales), n=count(paid_orders)))
        self.cards["paying_buyers"].set_content(
            self.tr("Paying buyers"), count(buyers), "",
            self.tr("Paying buyers = distinct buyers with a paid order = {n}").format(n=count(buyers)))
        aov = shop.get("aov")
        self.cards["aov"].set_content(
            self.tr("Average order value (客单价)"), money(aov),
            self.tr("{sales} / {n} buyers").format(sales=money(sales), n=count(buyers)),
            self.tr("AOV = paid amount / paying buyers = {sales} / {n} = {aov}").format(
                sales=money(sales), n=count(buyers), aov=money(aov)))
        silent, inquiry = shop.get("silent_sales"), shop.get("inquiry_sales")
        total = (0.0 if _nan(silent) else float(silent)) + (0.0 if _nan(inquiry) else float(inquiry))
        share = float(silent) / total if total > 0 and not _nan(silent) else float("nan")
        self.cards["silent_inquiry"].set_content(
            self.tr("Silent / inquiry sales"), f"{money(silent)} / {money(inquiry)}",
            self.tr("silent share {share}").format(share=percent(share)),
            self.tr("Shop sales = silent sales (buyers who consulted nobody) + inquiry sales = "
                    "{silent} + {inquiry} = {total}").format(
                silent=money(silent), inquiry=money(inquiry), total=money(total)))

    def _conversion_card(self, r: Results, day) -> None:
        # The shop's own figure (domain.md): each (day, buyer) counted once however many agents served
        # the buyer, so it can be below the scorecard's column sums; for one day, that day's row.
        shop = dict(r.shop)
        if day is not None and len(r.shop_days):
            rows = r.shop_days[pd.to_datetime(r.shop_days["day"]) == day]
            shop = rows.iloc[0].to_dict() if len(rows) else {}
        if "inquiry_paying_buyers" in shop and "inquiring_buyers" in shop:
            paying = _number(shop.get("inquiry_paying_buyers"))
            inquiring = _number(shop.get("inquiring_buyers"))
        else:  # Results without the shop's own counts (hand-built): the agents' sums, as before
            frame = r.agents if day is None else r.agent_days[pd.to_datetime(r.agent_days["day"]) == day]
            paying, inquiring = _column_sum(frame, "paying_buyers"), _column_sum(frame, "inquiring_buyers")
        rate = paying / inquiring if inquiring > 0 else float("nan")
        self.cards["conversion"].set_content(
            self.tr("Inquiry conversion (询单转化率)"), percent(rate),
            self.tr("{paid} / {inquiring} buyers").format(paid=count(paying), inquiring=count(inquiring)),
            self.tr("询单转化率 = 询单→最终付款人数 / 询单人数 = {paid} / {inquiring}; the shop counts each "
                    "(day, buyer) once, however many agents served the buyer").format(
                paid=count(paying), inquiring=count(inquiring)))

    def _response_cards(self, r: Results, day) -> None:
        turns = r.turns
        if day is not None and len(turns):
            turns = turns[pd.to_datetime(turns["day"]) == day]
        golden, reasonable, limit = r.settings.first_response_targets_s
        first = turns[turns["is_first"].fillna(False).astype(bool)] if len(turns) else turns
        mean, median, p90, n = _stats(first["response_s"] if len(first) else pd.Series(dtype=float))
        self.cards["first_response"].set_content(
            self.tr("First response (mean)"), seconds(mean),
            self.tr("median {median} · P90 {p90} · target {golden:g}/{reasonable:g} s").format(
                median=seconds(median), p90=seconds(p90), golden=golden, reasonable=reasonable),
            self.tr("First response = first human reply − first buyer message, mean over {n} "
                    "conversations; auto-replies never stop the clock. Targets: {golden:g} s golden, "
                    "≤{reasonable:g} s reasonable, {limit:g} s limit.").format(
                n=n, golden=golden, reasonable=reasonable, limit=limit),
            time_state(mean, reasonable, limit))
        target = r.settings.response_target_s
        mean, median, p90, n = _stats(turns["response_s"] if len(turns) else pd.Series(dtype=float))
        self.cards["response"].set_content(
            self.tr("Average response"), seconds(mean),
            self.tr("median {median} · P90 {p90} · target ≤{target:g} s").format(
                median=seconds(median), p90=seconds(p90), target=target),
            self.tr("Average response = mean over {n} answered buyer turns of (first human reply − "
                    "first message of the turn). Target ≤{target:g} s.").format(n=n, target=target),
            time_state(mean, target, target * 1.5))

    def _check_cards(self, r: Results) -> None:
        # The cards count what is still to do: rows a supervisor marked handled drop out (and are
        # named), so marking an order handled lowers its card.
        shop = r.shop
        overdue, unshipped = shop.get("unshipped_overdue"), shop.get("unshipped")
        overdue, done_overdue = _open_count(r.unshipped, overdue, "overdue")
        promise = r.settings.shipping_promise_h
        self.cards["unshipped_overdue"].set_content(
            self.tr("Unshipped overdue"), count(overdue),
            self.tr("of {n} unshipped").format(n=count(unshipped)) + self._handled_note(done_overdue),
            self.tr("Paid, not shipped, not closed, and older than the {h:g} h shipping promise "
                    "(pre-sale orders use their own date), as of {as_of}: {overdue} of {n}").format(
                h=promise, as_of=pd.Timestamp(r.as_of).strftime("%Y-%m-%d %H:%M"),
                overdue=count(overdue), n=count(unshipped)),
            _count_state(overdue))
        oos, done_oos = _open_count(r.out_of_stock, shop.get("out_of_stock"))
        self.cards["out_of_stock"].set_content(
            self.tr("Out of stock"), count(oos), self._handled_note(done_oos).strip(" ·"),
            self.tr("Paid, unshipped order lines left without stock after allocating the inventory by "
                    "payment time (or flagged 缺货 when there is no inventory sheet): {n}").format(
                n=count(oos)),
            _count_state(oos))
        due, done_due = _open_count(r.unpaid, shop.get("unpaid_due"), "is_due")
        self.cards["unpaid_due"].set_content(
            self.tr("Unpaid, reminder due (催付)"), count(due), self._handled_note(done_due).strip(" ·"),
            self.tr("Unpaid orders past the reminder time: {new:g} h after creation for new buyers, "
                    "{ret:g} h for returning buyers: {n}").format(
                new=r.settings.reminder_new_h, ret=r.settings.reminder_returning_h, n=count(due)),
            WARN if not _nan(due) and float(due) > 0 else NONE)


    def _handled_note(self, handled: int) -> str:
        return " · " + self.tr("{n} handled").format(n=handled) if handled else ""


#: Overview card -> the figures (Results.unavailable keys) it shows
CARD_FIGURES = {
    "sales": ("sales",), "paying_buyers": ("paying_buyers",), "aov": ("aov",),
    "conversion": ("conversion_rate", "inquiring_buyers"), "silent_inquiry": ("silent_sales", "inquiry_sales"),
    "first_response": ("first_response_mean_s", "first_response"), "response": ("response_mean_s", "response"),
    "unshipped_overdue": ("unshipped_overdue", "unshipped"), "out_of_stock": ("out_of_stock",),
    "unpaid_due": ("unpaid_due", "unpaid"),
}
#: days in a card's small trend line
TREND_DAYS = 14
#: Overview card -> its per-day column in Results.shop_days (the small trend line)
TREND_COLUMNS = {
    "sales": "sales", "paying_buyers": "paying_buyers", "aov": "aov", "first_response": "first_response_mean_s",
    "response": "response_mean_s", "conversion": "conversion_rate",
}
#: cards that need a chat log (no buyer turns: not available, never 0 % or a red 0 s)
CHAT_CARDS = ("conversion", "first_response", "response")


def _open_count(frame, total, flag: str = ""):
    """(still to do, marked handled) among the rows counted by ``total`` (rows with ``flag`` set)."""
    if _nan(total) or frame is None or not len(frame) or "handled" not in frame.columns:
        return total, 0
    rows = frame
    if flag:
        if flag not in frame.columns:
            return total, 0
        rows = frame[frame[flag].fillna(False).astype(bool).to_numpy()]
    done = int(rows["handled"].fillna(False).astype(bool).sum())
    return float(total) - done, done


def _column_sum(frame: pd.DataFrame, key: str) -> float:
    if not len(frame) or key not in frame.columns:
        return 0.0
    return float(pd.to_numeric(frame[key], errors="coerce").sum())


def _count_state(value) -> int:
    return NONE if _nan(value) else BAD if float(value) > 0 else GOOD


def _number(value) -> float:
    """A shop figure as a float; a missing or unavailable one as 0 (the card then shows no rate)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if v != v else v
