"""未发货: paid orders not shipped by ``as_of``, and which of them are overdue (checks.py re-exports
every name; docs/metrics-orders-customers.md).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .. import schema
from .customers import as_of_or_newest, payment_times
from . import order_rules
from .keys import OrderKeys
from .results import UNSHIPPED_COLUMNS
from .settings import ModelSettings
from .checks_ids import _HOUR, _order_id_ranks, _time_key


def _unshipped_mask(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Paid by as_of, not shipped by as_of, not closed."""
    status = orders["status"]
    pay_t = payment_times(orders, as_of)
    shipped = orders["shipped"]
    not_closed = status != schema.CLOSED
    # shipped/completed orders often have no 发货时间 (older Taobao exports): trust the status then
    not_shipped_yet = (shipped.isna() & ~status.isin((schema.SHIPPED, schema.COMPLETED))) | (shipped > as_of)
    # fully refunded (or cancelled/closed, above) orders are never waiting to ship
    return pay_t.notna() & not_closed & not_shipped_yet & ~order_rules.fully_refunded(orders)


def _plus_hours(times: pd.Series, hours) -> pd.Series:
    """``times + hours``; NaT where the sum would leave pandas' range (a payment time in 2262)."""
    h = np.asarray(hours, dtype="float64")
    hi, lo = (float(h.max()), float(h.min())) if h.size else (0.0, 0.0)
    safe = times.where((times <= pd.Timestamp.max - pd.Timedelta(hours=max(hi, 0.0)))
                       & (times >= pd.Timestamp.min - pd.Timedelta(hours=min(lo, 0.0))))
    return safe + (pd.Timedelta(hours=float(h)) if h.ndim == 0 else pd.to_timedelta(h, unit="h"))


def unshipped_orders(orders: pd.DataFrame, settings: ModelSettings, as_of: pd.Timestamp,
                     keys: Optional[OrderKeys] = None, mask: Optional[np.ndarray] = None) -> pd.DataFrame:
    """Paid, not shipped, not closed; most overdue first.

    age_h = as_of - paid (hours). due = ship_by when the export has one (PDD 承诺发货时间, a pre-sale
    date), else paid + shipping_promise_h; a pre-sale order without ship_by has no due time (the 48 h
    rule does not apply to it) and is never overdue. overdue = as_of > due (exactly at due is not yet
    overdue). Extra columns: overdue_h (as_of - due in hours; negative = time left), due_source
    ("ship_by" | "promise" | ""), shop. ``mask``: _unshipped_mask, when the caller has it already.
    """
    return unshipped_from(unshipped_base(orders, as_of, keys, mask), settings)


def unshipped_base(orders: pd.DataFrame, as_of: pd.Timestamp, keys: Optional[OrderKeys] = None,
                   mask: Optional[np.ndarray] = None) -> dict:
    """What unshipped_orders works out before the shipping promise (kept by the What-if stage graph)."""
    as_of = as_of_or_newest(orders, as_of)
    if mask is None:
        mask = _unshipped_mask(orders, as_of).to_numpy()
    rows = np.flatnonzero(mask)
    o = orders.iloc[rows]
    pay_t = payment_times(o, as_of)
    presale = o["presale"].fillna(False).astype(bool)
    has_ship_by = o["ship_by"].notna()
    return {"as_of": as_of, "o": o, "pay_t": pay_t, "presale": presale, "has_ship_by": has_ship_by,
            "id_ranks": _order_id_ranks(orders, keys, rows)}


def unshipped_from(base: dict, settings: ModelSettings) -> pd.DataFrame:
    """unshipped_orders from unshipped_base: the due times under ``shipping_promise_h``, most overdue first."""
    as_of, o, pay_t, presale, has_ship_by = (base[k] for k in ("as_of", "o", "pay_t", "presale", "has_ship_by"))
    promise = _plus_hours(pay_t, float(settings.shipping_promise_h))
    due = o["ship_by"].where(has_ship_by, promise.where(~presale))
    out = pd.DataFrame(
        {
            "platform": o["platform"].astype(object),
            "order_id": o["order_id"].astype(object),
            "buyer": o["buyer"].astype(object),
            "paid": o["paid"],
            "age_h": ((as_of - pay_t) / _HOUR).astype("float64"),
            "due": due.astype("datetime64[ns]"),
            "overdue": (due.notna() & (as_of > due)).astype(bool),
            "presale": presale,
            "status_raw": o["status_raw"].astype(object),
            "paid_amount": o["paid_amount"].astype("float64"),
            "remark": o["remark"].astype(object),
            "handled": np.zeros(len(o), dtype=bool),
            "overdue_h": ((as_of - due) / _HOUR).astype("float64"),
            "due_source": np.where(has_ship_by, "ship_by", np.where(presale, "", "promise")).astype(object),
            "shop": o["shop"].astype(object),
        }
    )
    # most overdue first = earliest due first; no due time last; then by payment and id for stability
    order = np.lexsort((base["id_ranks"], _time_key(out["paid"]), _time_key(out["due"])))
    out = out.iloc[order].reset_index(drop=True)
    return out[UNSHIPPED_COLUMNS + ["overdue_h", "due_source", "shop"]]
