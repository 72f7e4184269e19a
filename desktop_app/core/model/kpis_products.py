"""Refund rate per product (SKU, else title): kpis.product_refunds (kpis.py re-exports it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .attribution import unique_sorted
from .conversations import factorize_text
from .keys import OrderKeys, clean_codes, order_keys
from .kpis_groups import _div


def product_refunds(lines: pd.DataFrame, orders: pd.DataFrame, keys: OrderKeys | None = None) -> pd.DataFrame:
    """Refund rate per product (SKU, else title) over the lines of paid orders.

    orders = distinct paid orders with the product; refund_orders = those whose line for it has a
    refund amount or a refund status (退款); refund_amount sums the lines' refunds. A line belongs to
    an order by order id (stripped), and by platform too when the data mixes platforms. ``keys``
    (keys.order_keys of ``orders`` and ``lines``) spares hashing the ids again.
    """
    cols = ["sku", "title", "orders", "refund_orders", "refund_rate", "refund_amount", "quantity", "sales"]
    if len(lines) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("sku", "title") else "float64")
                             for c in cols})
    if len(orders):
        if keys is None:
            keys = order_keys(orders, lines)
        # integer keys: (platform, id) codes when platforms are mixed, else the id code
        plats = np.unique(np.concatenate([keys.platform, keys.line_platform]))
        n_id = max(len(keys.id_names), 1)
        if len(plats) == 1 and plats[0] >= 0:
            o_key, l_key = keys.order_id, keys.line_order_id
        else:
            o_key = keys.platform * n_id + keys.order_id
            l_key = np.where((keys.line_platform >= 0) & (keys.line_order_id >= 0),
                             keys.line_platform * n_id + keys.line_order_id, -1)
        paid_keys = unique_sorted(o_key[pd.to_datetime(orders["paid"]).notna().to_numpy()])
        pos = np.searchsorted(paid_keys, l_key)
        keep = (l_key >= 0) & (pos < len(paid_keys))
        keep[keep] = paid_keys[pos[keep]] == l_key[keep]
        order_code = pos[keep].astype(np.int64)
    else:
        # no orders at all: every line counts, each order id (with its platform) once
        ids = clean_codes(lines["order_id"].to_numpy(dtype=object))[0]
        plat = clean_codes(lines["platform"].to_numpy(dtype=object))[0]
        keep, order_code = None, plat * (int(ids.max()) + 1 if len(ids) else 1) + ids

    def column(name: str, **kw) -> np.ndarray:
        # only the columns used, cut to the kept lines (lines.loc[keep] would copy every column)
        values = lines[name].to_numpy(**kw)
        return values if keep is None else values[keep]

    sku = column("sku", dtype=object)
    title = column("title", dtype=object)
    has_sku = sku != ""
    # product = the SKU, else the title; integer codes so that no groupby hashes text twice
    sku_code, sku_names = factorize_text(np.where(has_sku, sku, ""))
    if has_sku.all():  # the usual case: no titles to hash
        title_code, title_names = np.zeros(len(title), dtype=np.int64), np.array([""], dtype=object)
    else:
        title_code, title_names = factorize_text(np.where(has_sku, "", title))
    n_sku = len(sku_names)
    product = np.where(has_sku, sku_code, n_sku + title_code).astype(np.int64)
    n_prod = n_sku + len(title_names)
    refund = column("refund_amount", dtype="float64", na_value=0.0)
    s_code, s_names = factorize_text(column("status_raw", dtype=object))
    s_refund = pd.Series(np.asarray(s_names, dtype=object)).astype(str).str.contains("退款", regex=False)
    refunded = (refund > 0) | (s_refund.to_numpy(dtype=bool)[s_code] & (s_code >= 0))
    qty = column("quantity", dtype="float64", na_value=0.0)
    sales = qty * column("price", dtype="float64", na_value=0.0)
    # distinct (product, order): an order listing a product twice counts once (refunded if any line was)
    n_ord = int(order_code.max()) + 1 if len(order_code) else 1
    pair = product * n_ord + order_code
    pairs = unique_sorted(pair)
    ref_pairs = unique_sorted(pair[refunded])
    out = pd.DataFrame({
        "orders": np.bincount(pairs // n_ord, minlength=n_prod).astype("float64"),
        "refund_orders": np.bincount(ref_pairs // n_ord, minlength=n_prod).astype("float64"),
        "refund_amount": np.bincount(product, weights=refund, minlength=n_prod),
        "quantity": np.bincount(product, weights=qty, minlength=n_prod),
        "sales": np.bincount(product, weights=sales, minlength=n_prod),
    })
    first = np.full(n_prod, -1, dtype=np.int64)
    first[product[::-1]] = np.arange(len(product))[::-1]  # first line of each product
    out["sku"] = np.where(first >= 0, sku[np.maximum(first, 0)], "") if len(sku) else ""
    out["title"] = np.where(first >= 0, title[np.maximum(first, 0)], "") if len(title) else ""
    out = out.loc[out["orders"].to_numpy() > 0]
    out["refund_rate"] = _div(out["refund_orders"], out["orders"])
    out = out.reset_index(drop=True)[cols]
    return out.sort_values(["refund_rate", "orders"], ascending=[False, False], kind="stable").reset_index(
        drop=True)
