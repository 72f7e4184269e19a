"""The shop figures the attribution window moves, put into shop tables built without them.

kpis.shop_tables sums the orders (by creation day), the chats (volume, response medians: the slow part)
and what the window decides: which paid orders were consulted (silent / inquiry sales and orders), the
agents' attributed sales, and the inquiring buyers (the reception marks). The stage graph builds the
tables once with no order consulted, no attribution and the conversations as built (``shop_base``), and
puts in those columns on every run. A day's sums do not depend on the other days, so the columns equal
shop_tables' own; the totals add the same days in the same order. When the attributed sales fall on a day
the base tables do not have, ``window_columns`` answers None and the tables are built again whole.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .attribution import unique_sorted
from .conversations import DAY_NS, factorize_text
from .kpis import _ns

_NAT = np.iinfo(np.int64).min
_FLOATS = ("silent_sales", "inquiry_sales", "agent_sales")
_INTS = ("silent_orders", "inquiry_orders", "inquiring_buyers")


def window_columns(shop: dict, shop_days: pd.DataFrame, orders: pd.DataFrame, consulted: np.ndarray,
                   attribution: pd.DataFrame, conversations: pd.DataFrame
                   ) -> Optional[tuple[dict, pd.DataFrame]]:
    """(shop, shop_days) with the window's figures from these frames (``conversations``: the humans'
    conversations with their reception marks); None when the tables must be built whole."""
    if not len(shop_days):
        return None
    active = np.floor_divide(_ns(shop_days["day"]), DAY_NS)
    created_ns = _ns(orders["created"]) if len(orders) else np.zeros(0, np.int64)
    paid_ns = _ns(orders["paid"]) if len(orders) else np.zeros(0, np.int64)
    is_paid = paid_ns != _NAT
    amount = np.where(is_paid, orders["paid_amount"].to_numpy(dtype="float64", na_value=0.0), 0.0) \
        if len(orders) else np.zeros(0)
    consulted = np.asarray(consulted, dtype=bool)
    silent, inquiry = is_paid & ~consulted, is_paid & consulted
    o_day = np.where(created_ns != _NAT, np.floor_divide(created_ns, DAY_NS), _NAT)
    valid_o = o_day != _NAT
    od = o_day[valid_o]
    a_day = np.floor_divide(_ns(attribution["created"]), DAY_NS) if len(attribution) else np.zeros(0, np.int64)
    c_day = np.floor_divide(_ns(conversations["day"]), DAY_NS) if len(conversations) else np.zeros(0, np.int64)
    spans = [d for d in (active, od, a_day, c_day) if len(d)]
    d0 = int(min(d.min() for d in spans))
    nd = int(max(d.max() for d in spans)) - d0 + 1

    def by_day(day, weights=None):
        return np.bincount(day - d0, weights=weights, minlength=nd).astype("float64")

    sums = {
        "silent_sales": by_day(od, np.where(silent, amount, 0.0)[valid_o]),
        "inquiry_sales": by_day(od, np.where(inquiry, amount, 0.0)[valid_o]),
        "silent_orders": by_day(od, silent[valid_o]),
        "inquiry_orders": by_day(od, inquiry[valid_o]),
        "agent_sales": np.zeros(nd),
        "inquiring_buyers": np.zeros(nd),
    }
    if len(attribution):
        w = attribution["weight"].to_numpy(dtype="float64")
        a_paid = attribution["is_paid"].to_numpy(dtype=bool)
        sums["agent_sales"] = by_day(a_day, w * a_paid * attribution["paid_amount"].to_numpy(dtype="float64"))
    in_base = np.zeros(nd, dtype=bool)
    in_base[active - d0] = True
    if ((sums["agent_sales"] > 0) & ~in_base).any():
        return None
    if len(conversations):
        inq = conversations["inquiry"].to_numpy(dtype=bool)
        col = conversations["buyer"]
        buyers = (np.asarray(col.cat.codes, dtype=np.int64) if isinstance(col.dtype, pd.CategoricalDtype)
                  else factorize_text(np.asarray(col, dtype=object))[0].astype(np.int64))[inq]
        nb = int(buyers.max()) + 1 if len(buyers) else 1
        # the shop counts each (day, buyer) once, however many agents served the buyer (issue 11)
        u = unique_sorted((c_day[inq] - d0) * nb + buyers)
        sums["inquiring_buyers"] = np.bincount(u // nb, minlength=nd).astype("float64")
    at = active - d0
    shop, days = dict(shop), shop_days.copy(deep=False)
    for c in _FLOATS:
        days[c] = sums[c][at]
        shop[c] = float(pd.Series(sums[c][at]).sum())
    for c in _INTS:
        days[c] = sums[c][at].round().astype(np.int64)
        shop[c] = int(round(pd.Series(sums[c][at]).sum()))
    return shop, days
