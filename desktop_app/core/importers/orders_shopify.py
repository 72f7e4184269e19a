"""Shopify "Export orders" CSV: one row per line item, order fields only on the order's first row.

Name (``#1001``) is the order id; Email (or Billing Name) the buyer; Total the paid amount;
Financial Status + Fulfillment Status + Cancelled at give the status; Refunded Amount the
refund; Lineitem sku/name/quantity/price the lines; Currency the currency codes of the file
(``ImportResult.currencies``: the window and the report show amounts with that currency's symbol
unless the user chose one). Timestamps carry a UTC offset
(``2025-12-06 10:37:33 -0500``): the written wall-clock time is kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from .base import RawTable
from .cleaning import clean_text
from .mapping import OrderFormat, OrderSpec

FIELDS = {
    "order_id": ["Name"],
    "created": ["Created at"],
    "paid_amount": ["Total"],
    "buyer": ["Email", "Billing Name"],
    "paid": ["Paid at"],
    "shipped": ["Fulfilled at"],
    "status": ["Financial Status"],
    "refund_amount": ["Refunded Amount"],
    "remark": ["Notes"],
    "receiver_name": ["Shipping Name", "Billing Name"],
    "receiver_phone": ["Shipping Phone", "Billing Phone", "Phone"],
    "receiver_address": ["Shipping Address1", "Shipping Street", "Billing Address1"],
    "sku": ["Lineitem sku"],
    "title": ["Lineitem name"],
    "quantity": ["Lineitem quantity"],
    "price": ["Lineitem price"],
}

#: Order-level text/time columns that continuation rows leave empty (amounts are NOT filled:
#: they stay on the first row so that summing rows gives the order total once).
_ORDER_LEVEL = ["Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Cancelled at",
                "Billing Name", "Billing Phone", "Billing Address1", "Shipping Name", "Shipping Phone",
                "Shipping Address1", "Shipping Street", "Notes", "Created at", "Phone", "Payment Method"]

UNPAID_FIN = {"pending", "partially_paid", "unpaid"}
CLOSED_FIN = {"voided", "refunded", "expired"}


def _status(rows: pd.DataFrame, raw: dict) -> None:
    data = raw["_data"]
    fin = clean_text(data["Financial Status"]).str.lower() if "Financial Status" in data.columns else None
    ful = clean_text(data["Fulfillment Status"]).str.lower() if "Fulfillment Status" in data.columns else None
    cancelled = (clean_text(data["Cancelled at"]) != "") if "Cancelled at" in data.columns else None
    n = len(rows)
    st = np.full(n, "", dtype=object)
    if fin is not None:
        known = fin.isin(UNPAID_FIN | CLOSED_FIN | {"paid", "partially_refunded", "authorized"}).to_numpy()
        st[known] = schema.PAID_UNSHIPPED
        if ful is not None:
            st[known & ful.isin(["fulfilled", "shipped"]).to_numpy()] = schema.SHIPPED
        st[fin.isin(UNPAID_FIN).to_numpy()] = schema.UNPAID
        st[fin.isin(CLOSED_FIN).to_numpy()] = schema.CLOSED
        raw_words = fin if ful is None else fin.where(ful == "", fin + " / " + ful)
        rows["status_raw"] = raw_words.to_numpy()
    if cancelled is not None:
        st[cancelled.to_numpy()] = schema.CLOSED
        if cancelled.any():
            sr = rows["status_raw"].to_numpy().copy()
            cm = cancelled.to_numpy()
            sr[cm] = [f"{v} / cancelled" if v else "cancelled" for v in sr[cm]]
            rows["status_raw"] = sr
    if "Payment Method" in data.columns:
        # cash on delivery is paid at the door: say so in the status words (never a 催付, issue 11)
        method = clean_text(data["Payment Method"]).str.lower()
        cod = method.str.contains(r"cash on delivery|\bcod\b|货到付款", regex=True).to_numpy()
        if cod.any():
            sr = rows["status_raw"].to_numpy().copy()
            sr[cod] = [f"{v} / cash on delivery (COD)" if v else "cash on delivery (COD)" for v in sr[cod]]
            rows["status_raw"] = sr
    rows["status"] = st
    if "Billing Name" in data.columns and "buyer" in rows.columns:
        bn = clean_text(data["Billing Name"])
        rows["buyer"] = rows["buyer"].where(rows["buyer"] != "", bn)


class _ShopifyFormat(OrderFormat):
    def read(self, table: RawTable, reporter=None):
        """As every order format, plus the currency codes of the Currency column (first rows only)."""
        result = super().read(table, reporter)
        if "Currency" in table.data.columns:
            codes = clean_text(table.data["Currency"]).str.upper()
            codes = codes[codes != ""]
            result.currencies = tuple(codes.value_counts(sort=True).index.astype(str))
        return result

    def prepare(self, table: RawTable) -> RawTable:
        """Copy order-level text from each order's first row onto its continuation rows."""
        data = table.data.copy()
        if "Name" in data.columns:
            key = data["Name"].astype(object)
            for c in _ORDER_LEVEL:
                if c in data.columns:
                    col = data[c].astype(object)
                    col = col.where(col != "", None)
                    data[c] = col.groupby(key, sort=False).transform("first").where(lambda s: s.notna(), "")
        data.attrs.update(table.data.attrs)
        return RawTable(path=table.path, sheet=table.sheet, header_row=table.header_row,
                        headers=table.headers,
                        data=data)


FORMAT = _ShopifyFormat(
    id="shopify_orders",
    label="Shopify orders export / Shopify 订单导出",
    spec=OrderSpec(platform="shopify", fields=FIELDS, status_fn=None, amounts_per_row=True,
                   always_lines=True, line_refund=False, post=_status),
    signature=["Financial Status", "Fulfillment Status", "Lineitem name", "Lineitem quantity", "Paid at",
               "Billing Name", "Lineitem sku"],
)
