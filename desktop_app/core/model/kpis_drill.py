"""Drill-down lists: the buyers, orders, conversations or turns behind one agent figure
(kpis.drill_down, kpis.drill_kinds; kpis.py re-exports every name).
"""

from __future__ import annotations

import pandas as pd

from .results import Results
from .kpis_groups import _plain


#: which list explains which agent figure
_DRILL = {
    "conversations": "conversations",
    "inquiring_buyers": "inquiring_buyers",
    "ordering_buyers": "ordering_buyers", "attributed_orders": "orders",
    "paying_buyers": "paying_buyers", "paid_orders": "paid_orders", "conversion_rate": "paying_buyers",
    "sales": "paid_orders", "aov": "paid_orders", "items": "paid_orders", "items_per_buyer": "paid_orders",
    "price_per_item": "paid_orders",
    "same_day_paying_buyers": "same_day_buyers",
    "turns": "turns", "reply_rate": "turns", "responses": "answered_turns",
    "unanswered_turns": "unanswered_turns", "slow_turns": "slow_turns",
    "response_mean_s": "answered_turns", "response_median_s": "answered_turns",
    "response_p90_s": "answered_turns",
    "first_response_mean_s": "first_turns", "first_response_median_s": "first_turns",
    "first_response_p90_s": "first_turns", "first_responses": "first_turns",
    "fr_within_golden": "first_turns",
    "fr_within_reasonable": "first_turns", "fr_within_limit": "first_turns",
    "refund_orders": "refund_orders", "refund_rate": "refund_orders", "refund_amount": "refund_orders",
    "refund_amount_rate": "refund_orders",
    "reminded_orders": "reminders", "reminded_paid_orders": "reminders_paid",
    "reminder_success_rate": "reminders",
}


def drill_kinds() -> dict[str, str]:
    """Agent figure -> the kind of list drill_down returns for it."""
    return dict(_DRILL)


def drill_down(results: Results, agent: str, kpi: str, day=None) -> pd.DataFrame:
    """The buyers, orders, conversations or turns behind one agent figure (optionally one day).

    E.g. "paying_buyers" -> the agent's attributed paid orders with their buyers; "slow_turns" -> the
    slow turns; "conversations" -> the conversations; "inquiring_buyers" -> one row per (day, buyer)
    with the buyer's conversations and messages that day. Raises KeyError for an unknown figure.
    """
    kind = _DRILL[kpi]
    day = None if day is None else pd.Timestamp(day).normalize()

    def on_day(frame: pd.DataFrame, col: str) -> pd.DataFrame:
        return frame if day is None else frame.loc[pd.to_datetime(frame[col]) == day]

    if kind in ("conversations", "inquiring_buyers"):
        c = results.conversations
        c = on_day(c.loc[_plain(c["agent"]) == agent], "day")
        if kind == "conversations":
            return c.reset_index(drop=True)
        c = c.loc[c["inquiry"].to_numpy(dtype=bool)]
        f = pd.DataFrame({"day": c["day"].to_numpy(), "buyer": _plain(c["buyer"]),
                          "conv_id": c["conv_id"].to_numpy(), "messages": c["messages"].to_numpy(),
                          "buyer_messages": c["buyer_messages"].to_numpy()})
        return f.groupby(["day", "buyer"], sort=True).agg(
            conversations=("conv_id", "size"), first_conv_id=("conv_id", "min"), messages=("messages", "sum"),
            buyer_messages=("buyer_messages", "sum")).reset_index()
    if kind in ("orders", "paid_orders", "same_day_orders", "refund_orders", "ordering_buyers",
                "paying_buyers", "same_day_buyers"):
        a = results.attribution
        a = on_day(a.loc[_plain(a["agent"]) == agent], "inquiry_day")
        if kind in ("paid_orders", "paying_buyers"):
            a = a.loc[a["is_paid"].to_numpy(dtype=bool)]
        elif kind in ("same_day_orders", "same_day_buyers"):
            a = a.loc[a["paid_same_day"].to_numpy(dtype=bool)]
        if kind.endswith("_buyers"):
            return _buyers_behind(a)
        elif kind == "refund_orders":
            a = a.loc[a["is_paid"].to_numpy(dtype=bool) & (a["refund_amount"].to_numpy(dtype="float64") > 0)]
        return a.reset_index(drop=True)
    if kind in ("reminders", "reminders_paid"):
        r = results.reminders
        if len(r) == 0:
            return r
        r = on_day(r.loc[_plain(r["agent"]) == agent], "day")
        if kind == "reminders_paid":
            r = r.loc[r["is_paid"].to_numpy(dtype=bool)]
        return r.reset_index(drop=True)
    t = results.turns
    mask = _plain(t["agent"]) == agent
    if "counted" in t:
        mask &= t["counted"].to_numpy(dtype=bool)
    if kind == "slow_turns":
        mask &= t["slow"].to_numpy(dtype=bool)
    elif kind == "unanswered_turns":
        mask &= ~t["answered"].to_numpy(dtype=bool)
    elif kind == "answered_turns":
        mask &= t["response_s"].notna().to_numpy()
    elif kind == "first_turns":
        mask &= t["is_first"].to_numpy(dtype=bool)
    return on_day(t.loc[mask], "day").reset_index(drop=True)


def _buyers_behind(a: pd.DataFrame) -> pd.DataFrame:
    """One row per (inquiry day, buyer), as the buyer figures count them, with the orders behind it.

    A buyer counts once per inquiry day however many orders they placed, so the list has exactly
    as many rows as the figure (with the split rule, ``weight`` is the buyer's credit).
    """
    f = pd.DataFrame({"inquiry_day": a["inquiry_day"].to_numpy(), "buyer": _plain(a["buyer"]),
                      "order_id": a["order_id"].astype(str).to_numpy(),
                      "paid_amount": a["paid_amount"].to_numpy(dtype="float64") * a["is_paid"].to_numpy(dtype=bool),
                      "items": a["items"].to_numpy(dtype="float64"),
                      "weight": a["weight"].to_numpy(dtype="float64")})
    if not len(f):
        return f.assign(orders=pd.Series(dtype="int64"))
    out = f.groupby(["inquiry_day", "buyer"], sort=True).agg(
        orders=("order_id", "size"), order_id=("order_id", lambda ids: ", ".join(ids)),
        paid_amount=("paid_amount", "sum"), items=("items", "sum"), weight=("weight", "max")).reset_index()
    return out
