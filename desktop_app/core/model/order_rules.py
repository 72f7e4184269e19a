"""Order rules of issue 11 that make the checks mean what they say (docs/metrics.md §5).

- a paid order with paid amount ≤ 0 and no refund (0 元 gifts, fully discounted) is not a sale;
- an order fully refunded (refund ≥ paid amount > 0, or nothing left paid after a refund) is never
  waiting to ship, nor is a closed or cancelled one (status closed);
- an order with a refund in progress (退款中) is listed apart from the orders waiting to ship;
- cash-on-delivery orders (货到付款, Shopify's pending "Cash on Delivery (COD)") are never due a 催付;
- a remark that says 不缺货 / 无缺货 / 没缺货 is not a 缺货 flag.

Every test works on the distinct status / remark words only (an export repeats a few words 200,000 times).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: status words of a cash-on-delivery order
COD_PATTERN = re.compile(r"货到付款|cash on delivery|\bcod\b", re.IGNORECASE)
#: status words of a refund still in progress
REFUND_PENDING_PATTERN = re.compile(r"退款中|等待卖家同意|等待买家退货|售后处理中|refund[_ ]pending", re.IGNORECASE)
#: remark phrases that deny a shortage; removed before looking for 缺货
NOT_SHORT_PATTERN = re.compile(r"不缺货|无缺货|没缺货|没有缺货|不会缺货|未缺货")


def _matches(text: pd.Series, pattern: re.Pattern) -> np.ndarray:
    codes, uniques = pd.factorize(text.astype(object), use_na_sentinel=True)
    hit = np.array([bool(pattern.search(str(u))) for u in uniques] + [False], dtype=bool)
    return hit[codes]


def is_cod(orders: pd.DataFrame) -> np.ndarray:
    """True for cash-on-delivery orders (their status words say so)."""
    if not len(orders):
        return np.zeros(0, dtype=bool)
    return _matches(orders["status_raw"], COD_PATTERN)


def cod_as_paid(orders: pd.DataFrame) -> pd.DataFrame:
    """For the shipping checks: open cash-on-delivery orders as paid at creation (they wait to ship).

    Returns ``orders`` itself when there is none (the usual case), else a copy.
    """
    from .. import schema

    if not len(orders):
        return orders
    cod = is_cod(orders) & (orders["status"] == schema.UNPAID).to_numpy() & \
        pd.to_datetime(orders["paid"]).isna().to_numpy()
    if not cod.any():
        return orders
    out = orders.copy()
    out.loc[cod, "paid"] = out.loc[cod, "created"]
    out.loc[cod, "status"] = schema.PAID_UNSHIPPED
    return out


def refund_pending(orders: pd.DataFrame) -> np.ndarray:
    """True for orders with a refund in progress (退款中)."""
    if not len(orders):
        return np.zeros(0, dtype=bool)
    return _matches(orders["status_raw"], REFUND_PENDING_PATTERN)


def fully_refunded(orders: pd.DataFrame) -> np.ndarray:
    """True for orders whose refund covers what was paid (nothing of them can ship)."""
    if not len(orders):
        return np.zeros(0, dtype=bool)
    paid = orders["paid_amount"].to_numpy(dtype="float64", na_value=0.0)
    refund = orders["refund_amount"].to_numpy(dtype="float64", na_value=0.0)
    return (refund > 0) & (refund >= paid - 0.005)


def not_a_sale(orders: pd.DataFrame) -> np.ndarray:
    """Paid orders with paid amount ≤ 0 and no refund: 0 元 gifts, fully discounted orders."""
    if not len(orders):
        return np.zeros(0, dtype=bool)
    paid_t = pd.to_datetime(orders["paid"]).notna().to_numpy()
    paid = orders["paid_amount"].to_numpy(dtype="float64", na_value=0.0)
    refund = orders["refund_amount"].to_numpy(dtype="float64", na_value=0.0)
    return paid_t & (paid <= 0) & ~(refund > 0)


def sales_orders(orders: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``orders`` with the payments of not_a_sale orders taken away (for the KPIs), and how many."""
    drop = not_a_sale(orders)
    n = int(drop.sum())
    if not n:
        return orders, 0
    out = orders.copy()
    out.loc[drop, "paid"] = pd.NaT
    return out, n


def says_short(remarks: pd.Series, words) -> np.ndarray:
    """True where a remark says 缺货 (or another of ``words``) and does not deny it (不缺货 …)."""
    codes, uniques = pd.factorize(remarks.astype(object), use_na_sentinel=True)
    low = [NOT_SHORT_PATTERN.sub("", str(u)).lower() for u in uniques]
    hit = np.array([any(w.lower() in t for w in words) for t in low] + [False], dtype=bool)
    return hit[codes]


def with_line_refunds(orders: pd.DataFrame, kpi_orders: pd.DataFrame, lines: pd.DataFrame
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Refunds recorded only on the lines (宝贝报表 退款金额) counted on their orders too.

    An order's refund is the larger of its own 退款金额 and the sum of its lines' refunds, so a 订单报表
    without a 退款金额 column still shows the refunds of its 宝贝报表, and nothing is counted twice when
    both record the same refund. Returns both frames unchanged (the same objects) when no line adds
    anything; otherwise copies with the same rows in the same order.
    """
    if not len(lines) or not len(orders):
        return orders, kpi_orders
    refund = lines["refund_amount"].to_numpy(dtype="float64", na_value=0.0)
    has = refund > 0
    if not has.any():
        return orders, kpi_orders
    ln = pd.DataFrame({"platform": lines["platform"].to_numpy(dtype=object)[has],
                       "order_id": lines["order_id"].to_numpy(dtype=object)[has], "r": refund[has]})
    per = ln.groupby(["platform", "order_id"], sort=False)["r"].sum()
    rows = np.flatnonzero(orders["order_id"].isin(per.index.get_level_values("order_id")).to_numpy())
    if not len(rows):
        return orders, kpi_orders
    sub = orders.iloc[rows]
    # by (platform, order id); a line file without a platform column joins on the order id alone
    exact = pd.MultiIndex.from_arrays([sub["platform"].to_numpy(dtype=object), sub["order_id"].to_numpy(dtype=object)])
    from_lines = per.reindex(exact).to_numpy(dtype="float64")
    blank = per[per.index.get_level_values("platform") == ""].droplevel("platform")
    if len(blank):
        by_id = blank.groupby(level=0).sum().reindex(sub["order_id"].to_numpy(dtype=object)).to_numpy(dtype="float64")
        from_lines = np.where(np.isnan(from_lines), by_id, from_lines)
    own = sub["refund_amount"].to_numpy(dtype="float64", na_value=0.0)
    more = ~np.isnan(from_lines) & (from_lines > own + 0.005)
    if not more.any():
        return orders, kpi_orders
    at, value = rows[more], from_lines[more]
    out = []
    for frame in (orders, kpi_orders):
        f = frame.copy()
        col = f["refund_amount"].to_numpy(dtype="float64", copy=True)
        col[at] = value
        f["refund_amount"] = col
        out.append(f)
    return out[0], out[1]
