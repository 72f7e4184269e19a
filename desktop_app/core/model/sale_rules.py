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

from .attribution import orders_by_buyer
from .attribution_probe import attribution_from, prepare_attribution

SALE_RULES = ("order", "order_first", "payment")


def _by_payment(orders: pd.DataFrame) -> pd.DataFrame:
    """``orders`` with each paid order's creation time replaced by its payment time."""
    paid = pd.to_datetime(orders["paid"])
    out = orders.copy(deep=False)
    out["created"] = paid.where(paid.notna(), pd.to_datetime(orders["created"]))
    return out


def attribute(orders, conversations, turns, settings, codes, by_buyer, consulted_out):
    """attribute_orders under ``settings.sale_rule`` (see the module docstring)."""
    probes = prepare_sale_rule(orders, conversations, turns, settings, codes, by_buyer)
    return attribute_prepared(probes, orders, settings, consulted_out)


def prepare_sale_rule(orders, conversations, turns, settings, codes, by_buyer) -> tuple:
    """The attribution probes ``settings.sale_rule`` needs (attribution_probe.py): by creation time, by
    payment time, or both (下单优先判定 probes the paid orders by payment time; the ones the first
    probe already credited are left out later, by attribute_prepared)."""
    rule = getattr(settings, "sale_rule", "order") or "order"
    if rule not in SALE_RULES:
        raise ValueError(f"unknown sale rule {rule!r} (use 'order', 'order_first' or 'payment')")
    if rule == "payment":
        return rule, prepare_attribution(_by_payment(orders), conversations, turns, codes, by_buyer), None
    first = prepare_attribution(orders, conversations, turns, codes, by_buyer)
    if rule == "order" or not len(orders):
        return rule, first, None
    paid = pd.to_datetime(orders["paid"]).notna().to_numpy()
    codes2 = np.where(paid, np.asarray(codes), -1)
    return rule, first, prepare_attribution(_by_payment(orders), conversations, turns, codes2,
                                            orders_by_buyer(codes2))


def attribute_prepared(probes: tuple, orders, settings, consulted_out):
    """attribute() from prepare_sale_rule's probes: the window and the attribution rule applied."""
    rule, probe, second_probe = probes
    if rule == "payment":
        return attribution_from(probe, settings, consulted_out)
    first = attribution_from(probe, settings, consulted_out)
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
    consulted2 = np.zeros(len(orders), dtype=bool)
    second = attribution_from(second_probe, settings, consulted2, only=again)
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
