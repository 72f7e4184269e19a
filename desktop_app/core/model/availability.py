"""Which figures the inputs can support: the "figure needs columns" table, in one place.

:data:`FIGURE_NEEDS` maps each need (a column or an input the data may lack) to the reason code of
unavailable.REASON_TEXTS and the figures that need it: shop keys, agent columns and whole sections
(``customers``, ``rfm``, ``returning_buyers``, ``unshipped``, ``out_of_stock``, ``agents``).
:func:`lacking` tells from the data which needs are not met; :func:`apply` turns the figures of a
Results into "not available": shop values None, agent values NaN, the section's list emptied, and
one ``Unavailable(figure, reason)`` per figure in ``Results.unavailable``. The window, the Excel
report and the JSON read Results.unavailable alone.

The data tell what the files had, so the answer survives the store: an order frame whose every buyer
is empty had no buyer column; one with neither a shipping time nor a status word had no shipping
columns (its statuses were only inferred from the payment time: no status word, nothing shipped, completed
or closed); no chat message means no chat log.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .. import schema
from .unavailable import Unavailable

#: agent columns that need an order attributed to the agent through the buyer
_AGENT_ORDER_FIGURES = ("ordering_buyers", "paying_buyers", "same_day_paying_buyers", "conversion_rate", "sales",
                        "aov", "items", "items_per_buyer", "price_per_item", "refund_orders", "refund_rate",
                        "refund_amount", "refund_amount_rate", "reminded_orders", "reminded_paid_orders",
                        "reminder_success_rate", "attributed_orders", "paid_orders")
#: shop figures that split sales by chat (silent / inquiry / agent) or read the chat log
_SHOP_CHAT_SPLIT = ("silent_sales", "inquiry_sales", "agent_sales", "silent_orders", "inquiry_orders",
                    "conversion_rate", "inquiry_paying_buyers")
_SHOP_CHAT_TIMES = ("conversations", "inquiring_buyers", "first_response_median_s", "first_response_mean_s",
                    "first_response_p90_s", "response_median_s", "response_mean_s", "response_p90_s",
                    "answered_30s_rate", "answered_3min_rate")

#: shop figures read off the order export alone
_SHOP_ORDER_FIGURES = ("orders", "paid_orders", "payment_rate", "sales", "paying_buyers", "aov", "refund_orders",
                       "refund_rate", "refund_amount", "refund_amount_rate", "items", "unshipped",
                       "unshipped_overdue", "out_of_stock", "unpaid_due", "refund_pending", "buyerless_paid_orders",
                       "paying_buyers_this_week", "paying_buyers_previous_week")

#: need -> (reason code, shop keys, agent columns, sections)
FIGURE_NEEDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "buyer_column": ("no_buyer_column", ("paying_buyers", "aov", "buyerless_paid_orders", "paying_buyers_this_week",
                                         "paying_buyers_previous_week") + _SHOP_CHAT_SPLIT,
                     _AGENT_ORDER_FIGURES, ("customers", "rfm", "returning_buyers")),
    "shipping_columns": ("no_shipping_columns", ("unshipped", "unshipped_overdue", "out_of_stock",
                                                 "refund_pending"), (), ("unshipped", "out_of_stock")),
    "chat_log": ("no_chat_log", _SHOP_CHAT_SPLIT + _SHOP_CHAT_TIMES, (), ("agents",)),
    # a chat log alone: every order figure, the order checks and the customers (never "0 orders")
    "order_export": ("no_orders", _SHOP_ORDER_FIGURES + _SHOP_CHAT_SPLIT, _AGENT_ORDER_FIGURES,
                     ("customers", "rfm", "returning_buyers", "unshipped", "out_of_stock", "unpaid")),
}


def lacking(orders: pd.DataFrame, messages: pd.DataFrame) -> list[str]:
    """The needs of FIGURE_NEEDS the data do not meet (in the table's order)."""
    out = []
    if not len(orders) and len(messages):
        out.append("order_export")
    if len(orders):
        buyers = orders["buyer"].to_numpy(dtype=object)
        if not (buyers != "").any():
            out.append("buyer_column")
        no_ship_time = not pd.to_datetime(orders["shipped"]).notna().any()
        # statuses only inferred from the payment time are unpaid / paid-unshipped: a status word or a
        # shipped, completed or closed order means the file said something about shipping
        no_status = not (orders["status_raw"].to_numpy(dtype=object) != "").any() and \
            not orders["status"].isin((schema.SHIPPED, schema.COMPLETED, schema.CLOSED)).any()
        if no_ship_time and no_status:
            out.append("shipping_columns")
    if not len(messages):
        out.append("chat_log")
    return out


def unavailable_list(needs: list[str]) -> list[Unavailable]:
    """One Unavailable per figure and section of the unmet ``needs`` (a figure once, first reason)."""
    seen: set[str] = set()
    out: list[Unavailable] = []
    for need in needs:
        reason, shop, agent, sections = FIGURE_NEEDS[need]
        if "chat_log" in needs:
            agent = ()  # no chat log: no agent rows at all ("agents" says why)
        for fig in (*shop, *(f"agents.{c}" for c in agent), *sections):
            if fig not in seen:
                seen.add(fig)
                out.append(Unavailable(fig, reason))
    return out


def apply(results, orders: pd.DataFrame, messages: pd.DataFrame, needs: Optional[list] = None) -> None:
    """Mark the figures ``results`` cannot support as not available (in place; see the module doc).

    ``needs``: lacking(orders, messages), when worked out already (model/stages.py keeps it)."""
    needs = lacking(orders, messages) if needs is None else needs
    if not needs:
        return
    for need in needs:
        _reason, shop_keys, agent_cols, sections = FIGURE_NEEDS[need]
        for k in shop_keys:
            if k in results.shop:
                results.shop[k] = None
            if results.shop_days is not None and k in results.shop_days.columns:
                results.shop_days[k] = np.nan
        for frame in (results.agents, results.agent_days):
            if frame is not None and len(frame):
                for c in agent_cols:
                    if c in frame.columns:
                        frame[c] = np.nan
        if "customers" in sections and results.customers is not None:
            results.customers = results.customers.iloc[0:0]
        if "returning_buyers" in sections and results.unpaid is not None and "returning" in results.unpaid:
            results.unpaid["returning"] = False
        if "unshipped" in sections:
            results.unshipped = results.unshipped.iloc[0:0]
            if getattr(results, "refund_pending", None) is not None:
                results.refund_pending = results.refund_pending.iloc[0:0]
        if "out_of_stock" in sections and results.out_of_stock is not None:
            results.out_of_stock = results.out_of_stock.iloc[0:0]
        if "unpaid" in sections and results.unpaid is not None:
            results.unpaid = results.unpaid.iloc[0:0]
    have = {u.figure for u in results.unavailable}
    results.unavailable.extend(u for u in unavailable_list(needs) if u.figure not in have)
