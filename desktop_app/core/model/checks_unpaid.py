"""催付: orders created but not paid by ``as_of``, and which are due a reminder (checks.py re-exports
every name; docs/metrics-orders-customers.md).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .. import schema
from .customers import as_of_or_newest, payment_times
from . import order_rules
from .keys import OrderKeys, clean_codes
from .results import UNPAID_COLUMNS
from .settings import ModelSettings
from .checks_ids import _customer_rows, _HOUR, _order_id_ranks, _time_key
from .checks_unshipped import _plus_hours


def unpaid_orders(
    orders: pd.DataFrame,
    settings: ModelSettings,
    as_of: pd.Timestamp,
    customers: Optional[pd.DataFrame] = None,
    keys: Optional[OrderKeys] = None,
    customer_codes: Optional[np.ndarray] = None,
) -> pd.DataFrame:
    """Orders waiting for payment at as_of, sorted by reminder due time.

    Unpaid at as_of = created ≤ as_of, not closed, and status unpaid without a payment time or paid
    only after as_of. returning = the buyer has a paid order with payment time before this order's
    creation. due = created + reminder_returning_h (returning) or reminder_new_h (new); is_due =
    as_of ≥ due. segment / level come from ``customers`` (customer_table's frame) when given, else "".
    amount = the order's paid_amount column (the amount to pay). Extra column: age_h (as_of - created).
    ``keys``/``customer_codes``: as for order_checks.
    """
    return unpaid_from(unpaid_base(orders, as_of, customers, keys, customer_codes), settings)


def unpaid_base(orders: pd.DataFrame, as_of: pd.Timestamp, customers: Optional[pd.DataFrame] = None,
                keys: Optional[OrderKeys] = None, customer_codes: Optional[np.ndarray] = None) -> dict:
    """What unpaid_orders works out before the 催付 hours (kept by the What-if stage graph)."""
    as_of = as_of_or_newest(orders, as_of)
    status = orders["status"]
    created = orders["created"]
    paid = orders["paid"]
    waiting = ((status == schema.UNPAID) & paid.isna()) | (paid > as_of)
    mask = waiting & (status != schema.CLOSED) & created.notna() & (created <= as_of)
    # cash on delivery (货到付款, Shopify pending COD) is paid at the door: never a 催付
    m = mask.to_numpy() & ~order_rules.is_cod(orders)
    rows = np.flatnonzero(m)
    o = orders.iloc[rows]

    # the buyer's first payment (as of as_of) over all orders; earlier than this order -> returning
    pay_t = payment_times(orders, as_of)
    # integer codes of the stripped buyer ids, text hashed once
    if keys is not None:
        codes, buyer_uniques = keys.buyer, keys.buyer_names
    else:
        codes, buyer_uniques = clean_codes(orders["buyer"])
    # first payment per buyer code: a ufunc.at minimum on int64 nanoseconds; NaT payments are skipped
    pay_ns = pay_t.to_numpy(dtype="datetime64[ns]").view(np.int64)
    has_pay = ~np.isnat(pay_t.to_numpy(dtype="datetime64[ns]"))
    never = np.iinfo(np.int64).max
    first_pay = np.full(len(codes) and int(codes.max()) + 1, never, dtype=np.int64)
    np.minimum.at(first_pay, codes[has_pay], pay_ns[has_pay])
    mcodes = codes[m]
    fp_ns = first_pay[mcodes]
    fp = pd.Series(np.where(fp_ns == never, np.iinfo(np.int64).min, fp_ns).view("datetime64[ns]"),
                   index=o.index)
    # a buyer without an id is never "returning": we cannot tell who it is
    returning = (fp.notna() & (fp < o["created"]) & (buyer_uniques[mcodes] != "")).astype(bool)

    segment = pd.Series("", index=o.index, dtype=object)
    level = pd.Series("", index=o.index, dtype=object)
    if customers is not None and len(customers) and customer_codes is not None and keys is not None:
        # by buyer code (first row of a buyer wins)
        at = _customer_rows(customer_codes, len(buyer_uniques))[mcodes]
        found = at >= 0

        def lookup(col: str) -> pd.Series:
            vals = customers[col].to_numpy(dtype=object)[np.maximum(at, 0)]
            vals = np.where(found, pd.Series(vals, dtype=object).fillna("").to_numpy(dtype=object), "")
            return pd.Series(vals.astype(object), index=o.index)

        segment, level = lookup("segment"), lookup("level")
    elif customers is not None and len(customers):
        # each distinct buyer of the list looked up once in the archive (first row of a buyer wins)
        idx = pd.Index(customers["buyer"].to_numpy(dtype=object))
        c_rows = np.arange(len(idx))
        if not idx.is_unique:
            first = ~idx.duplicated()
            idx, c_rows = idx[first], c_rows[first]
        ub, inv = np.unique(mcodes, return_inverse=True)
        pos = idx.get_indexer(buyer_uniques[ub]) if len(ub) else np.zeros(0, dtype=np.int64)
        found = pos >= 0
        at = c_rows[np.where(found, pos, 0)] if len(c_rows) else pos

        def lookup(col: str) -> pd.Series:
            vals = np.full(len(ub), None, dtype=object)
            vals[found] = customers[col].to_numpy(dtype=object)[at[found]]
            # no dtype: inferred as before (pandas 3 reads all-text as its string dtype)
            return pd.Series(pd.Series(vals, dtype=object).fillna("").to_numpy(dtype=object)[inv],
                             index=o.index)

        segment, level = lookup("segment"), lookup("level")
    return {"as_of": as_of, "o": o, "returning": returning, "segment": segment, "level": level,
            "id_ranks": _order_id_ranks(orders, keys, rows)}


def unpaid_from(base: dict, settings: ModelSettings) -> pd.DataFrame:
    """unpaid_orders from unpaid_base: due times under the 催付 hours, closed under unpaid_close_hours."""
    as_of, o, returning, segment, level = (base[k] for k in ("as_of", "o", "returning", "segment", "level"))
    hours = np.where(returning, float(settings.reminder_returning_h), float(settings.reminder_new_h))
    due = _plus_hours(o["created"], hours)
    close_h = getattr(settings, "unpaid_close_hours", None)
    closed_unpaid = ((as_of - o["created"]) > pd.Timedelta(hours=float(close_h))) if close_h else \
        pd.Series(False, index=o.index)
    out = pd.DataFrame(
        {
            "platform": o["platform"].astype(object),
            "order_id": o["order_id"].astype(object),
            "buyer": o["buyer"].astype(object),
            "created": o["created"],
            "due": due.astype("datetime64[ns]"),
            # past the platform's auto-close time the order is lost ("closed unpaid"), not due
            "is_due": ((as_of >= due) & ~closed_unpaid).astype(bool),
            "returning": returning,
            "segment": segment,
            "level": level,
            "amount": o["paid_amount"].astype("float64"),
            "handled": np.zeros(len(o), dtype=bool),
            "age_h": ((as_of - o["created"]) / _HOUR).astype("float64"),
            "closed_unpaid": closed_unpaid.to_numpy(dtype=bool),
        }
    )
    out = out.iloc[np.lexsort((base["id_ranks"], _time_key(out["due"])))].reset_index(drop=True)
    return out[UNPAID_COLUMNS + ["age_h", "closed_unpaid"]]
