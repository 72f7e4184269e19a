"""Order-level times the customer archive and the order checks share: when an order counts as paid as
of a day (payment_times, is_paid_as_of), its creation times, and the day a run reads as of when none
is given (as_of_or_newest). customers.py re-exports every name.
"""

from __future__ import annotations

import pandas as pd

from .. import schema


_PAID_STATUSES = (schema.PAID_UNSHIPPED, schema.SHIPPED, schema.COMPLETED)


_DAY = pd.Timedelta(days=1)


def payment_times(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Payment time of each order as of ``as_of``; NaT when the order was not paid by then.

    An order whose status says paid but whose payment time is blank uses its creation time.
    """
    paid = orders["paid"]
    status_paid = orders["status"].isin(_PAID_STATUSES)
    t = paid.where(paid.notna(), orders["created"].where(status_paid))
    return t.where(t <= as_of)


def is_paid_as_of(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """True for orders paid at or before ``as_of`` (status paid without a time counts via created)."""
    status_paid = orders["status"].isin(_PAID_STATUSES)
    t = payment_times(orders, as_of)
    # a status-paid order with neither a paid nor a created time is paid but undated
    undated = status_paid & orders["paid"].isna() & orders["created"].isna()
    return t.notna() | undated


def as_of_or_newest(orders: pd.DataFrame, as_of) -> pd.Timestamp:
    """``as_of``, or (when it is missing/NaT) the newest order timestamp, or a far date if there is none.

    compute() always passes a real as-of time; this only keeps direct callers with data that has no
    times at all from failing (nothing dated can then be late, due or scored anyway).
    """
    ts = pd.Timestamp(as_of) if as_of is not None else pd.NaT
    if not pd.isna(ts):
        return ts
    newest = pd.concat([orders[c] for c in ("created", "paid", "shipped") if c in orders.columns]).max()
    return pd.Timestamp(newest) if not pd.isna(newest) else pd.Timestamp("2200-01-01")


def order_times(orders: pd.DataFrame) -> pd.Series:
    """When the order happened: created, or paid when the export has no creation time."""
    return orders["created"].where(orders["created"].notna(), orders["paid"])
