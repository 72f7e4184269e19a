"""Sales judgment (赤兔 绩效判定规则) as a setting, ``settings.sale_rule`` (issue 11):

- ``order`` 下单判定 (default): an order is credited when the buyer's chat lies in the attribution
  window before the order's **creation**; it counts as a sale when paid by the end of the data;
- ``order_first`` 下单优先判定: as ``order``; in addition, a paid order that no chat earned by its
  creation time is credited when a chat lies in the window before its **payment** (an order created
  before the chat and paid after it);
- ``payment`` 付款判定: a paid order is credited when the chat lies in the window before its
  **payment**; an unpaid order by its creation (it can be an ordering buyer, never a sale).

Orders credited by their payment time carry the payment time in the attribution's ``created`` column,
so the agent's sale falls on the payment day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .attribution import attribute_orders, orders_by_buyer

SALE_RULES = ("order", "order_first", "payment")


def _by_payment(orders: pd.DataFrame) -> pd.DataFrame:
    """``orders`` with each paid order's creation time replaced by its payment time."""
    paid = pd.to_datetime(orders["paid"])
    out = orders.copy(deep=False)
    out["created"] = paid.where(paid.notna(), pd.to_datetime(orders["created"]))
    return out


def attribute(orders, conversations, turns, settings, codes, by_buyer, consulted_out):
    """attribute_orders under ``settings.sale_rule`` (see the module docstring)."""
    rule = getattr(settings, "sale_rule", "order") or "order"
    if rule not in SALE_RULES:
        raise ValueError(f"unknown sale rule {rule!r} (use 'order', 'order_first' or 'payment')")
    if rule == "payment":
        return attribute_orders(_by_payment(orders), conversations, turns, settings, buyer_codes=codes,
                                by_buyer=by_buyer, consulted_out=consulted_out)
    first = attribute_orders(orders, conversations, turns, settings, buyer_codes=codes, by_buyer=by_buyer,
                             consulted_out=consulted_out)
    if rule == "order" or not len(orders):
        return first
    # 下单优先判定: the paid orders nobody earned by creation time, probed again by payment time
    earned = pd.MultiIndex.from_arrays([first["platform"].astype(object), first["order_id"].astype(object)]) \
        if len(first) else None
    keys = pd.MultiIndex.from_arrays([orders["platform"].astype(object), orders["order_id"].astype(object)])
    taken = np.asarray(keys.isin(earned)) if earned is not None else np.zeros(len(orders), bool)
    paid = pd.to_datetime(orders["paid"]).notna().to_numpy()
    again = paid & ~taken
    if not again.any():
        return first
    codes2 = np.where(again, np.asarray(codes), -1)
    consulted2 = np.zeros(len(orders), dtype=bool)
    second = attribute_orders(_by_payment(orders), conversations, turns, settings, buyer_codes=codes2,
                              by_buyer=orders_by_buyer(codes2), consulted_out=consulted2)
    if consulted_out is not None:
        consulted_out |= consulted2
    if not len(second):
        return first
    if not len(first):
        return second
    out = pd.concat([first, second], ignore_index=True)
    for c in ("agent", "buyer"):  # both halves share the turns' categories
        if isinstance(first[c].dtype, pd.CategoricalDtype):
            out[c] = pd.Categorical(out[c].astype(object), dtype=first[c].dtype)
    return out
