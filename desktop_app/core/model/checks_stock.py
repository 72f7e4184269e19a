"""缺货: paid, unshipped order lines the stock cannot cover (allocated by payment time), or orders the
export flags as out of stock, with the remedies offered (checks.py re-exports every name;
docs/metrics-orders-customers.md).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .customers import (
    HIGH_VALUE_SEGMENTS,
    as_of_or_newest,
    order_times,
    payment_times,
)
from . import order_rules
from .keys import OrderKeys, clean_codes, is_clean_text
from .results import OUT_OF_STOCK_COLUMNS
from .checks_ids import _clean, _customer_rows, _empty, _rank_clean_ids, _rank_of, _time_key
from .checks_unshipped import _unshipped_mask


#: Remedies offered for an out-of-stock line (the seed's list), as text keys the UI translates.
REFUND = "refund"  # 退款: nothing of the order can ship


SWAP = "swap"  # 换货: this line is gone but the rest of the order ships - offer a substitute


UPGRADE = "upgrade"  # 升级会员: a high-value buyer is kept with a membership upgrade


COUPON = "coupon"  # 优惠券: part of the line ships; a coupon for the wait / the missing part


REMEDIES = (REFUND, SWAP, UPGRADE, COUPON)


REMEDY_LABELS = {
    REFUND: ("退款", "Refund"),
    SWAP: ("换货", "Swap for another item"),
    UPGRADE: ("升级会员等级", "Upgrade membership"),
    COUPON: ("优惠券", "Coupon"),
}


#: Words in status_raw / remark that flag an order as out of stock when there is no inventory sheet.
OUT_OF_STOCK_WORDS = ("缺货", "out of stock", "backorder")


#: Line statuses that need no stock (the line was refunded or cancelled before shipping).
_DEAD_LINE_WORDS = ("退款成功", "交易关闭", "已关闭", "已取消", "refunded", "cancelled", "canceled")


#: The order columns out_of_stock reads.
_OOS_ORDER_COLUMNS = ("platform", "order_id", "buyer", "created", "paid", "status", "status_raw", "remark",
                      "items")


def _contains_any(text: pd.Series, words) -> np.ndarray:
    """True where the text contains any of ``words`` (case-insensitive); each distinct text is tested once."""
    codes, uniques = pd.factorize(text.astype(object), use_na_sentinel=True)
    low = [str(u).lower() for u in uniques]
    hit = np.array([any(w.lower() in t for w in words) for t in low] + [False], dtype=bool)
    return hit[codes]


def _high_value_buyers(customers: Optional[pd.DataFrame]) -> np.ndarray:
    """Buyer ids (text) of the high-value segments; an array, as isin() hashes it without a set."""
    if customers is None or len(customers) == 0 or "segment" not in customers.columns:
        return np.zeros(0, dtype=object)
    high = customers["segment"].isin(HIGH_VALUE_SEGMENTS).to_numpy()
    buyers = customers["buyer"].to_numpy(dtype=object)[high]
    if pd.api.types.infer_dtype(buyers, skipna=False) == "string":
        return buyers  # already text (customer_table's ids): no str() per buyer
    return np.array([str(b) for b in buyers], dtype=object)


def out_of_stock(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    inventory: pd.DataFrame,
    as_of: pd.Timestamp,
    customers: Optional[pd.DataFrame] = None,
    keys: Optional[OrderKeys] = None,
    customer_codes: Optional[np.ndarray] = None,
    mask: Optional[np.ndarray] = None,
) -> pd.DataFrame:
    """Out-of-stock lines (with an inventory sheet) and flagged orders (status/remark 缺货).

    With an inventory sheet, each SKU's available quantity goes to the lines of unshipped orders in
    payment order (earliest paid first; ties by order id, then by line order): a line gets
    ``allocated = clip(available - demand before it, 0, quantity)`` and ``short = quantity -
    allocated``; lines with short > 0 are listed. SKUs missing from the sheet are not tracked and never
    short. Orders without lines (or any order when there is no sheet) are flagged when status_raw or
    remark contains 缺货: one row with sku "", allocated/short NaN, source "status" or "remark".

    remedy: "upgrade" for a high-value buyer (segment 重要*), else "refund" when nothing of the order
    can ship (every line fully short, or a flagged order), "swap" when this line is fully short but
    other lines ship, "coupon" when the line is partly short. Extra column: ``available`` (the SKU's
    stock in the sheet; NaN for flagged orders).

    ``keys`` (keys.order_keys of ``orders`` and ``lines``), ``customer_codes`` (customer_table_codes)
    and ``mask`` (_unshipped_mask) spare the work when the caller has them.
    """
    as_of = as_of_or_newest(orders, as_of)
    cols = OUT_OF_STOCK_COLUMNS + ["available"]
    if mask is None:
        mask = _unshipped_mask(orders, as_of).to_numpy()
    rows = np.flatnonzero(mask)
    # only the columns read below are cut out of the 1M orders (a copy of all of them is ~0.1 s)
    o = orders[[c for c in _OOS_ORDER_COLUMNS if c in orders.columns]]
    o = o.iloc[rows].reset_index(drop=True)
    # (platform, order id) as one integer key: hashing ints instead of a MultiIndex of text, which
    # sorts every id (1M orders: seconds)
    if keys is not None:
        pc, pu = keys.platform[rows], keys.platform_names
        ic, iu = keys.order_id[rows], keys.id_names
    else:
        pc, pu = clean_codes(o["platform"])
        ic, iu = clean_codes(o["order_id"])
    okey = pc * len(iu) + ic
    first = ~pd.Series(okey).duplicated().to_numpy()  # an order listed twice is one order
    o, pc, ic, okey, rows = o[first].reset_index(drop=True), pc[first], ic[first], okey[first], rows[first]
    plat, oid = pu[pc], iu[ic]
    # sort keys of the orders: payment time (creation when unknown), then order id (digits as numbers)
    pay = payment_times(o, as_of).fillna(order_times(o))
    pay_key = _time_key(pay)
    id_ranks = _rank_of(keys.id_numbers[ic]) if keys is not None and keys.id_numbers is not None \
        else _rank_clean_ids(oid)

    parts = []
    has_lines = np.zeros(len(o), dtype=bool)
    if inventory is not None and len(inventory) > 0 and lines is not None and len(lines) > 0:
        # the lines' platform and id as codes of the orders' uniques (-1: no unshipped order has it);
        # each distinct text is looked up once
        if keys is not None:
            line_ic, line_pc, blank = keys.line_order_id, keys.line_platform, keys.line_blank_platform
        else:
            lpc, lpu = clean_codes(lines["platform"])
            line_ic = _line_order_codes(lines["order_id"], iu)
            line_pc = pd.Index(pu).get_indexer(lpu)[lpc] if len(pu) else np.full(len(lpc), -1)
            blank = (lpu == "")[lpc]
        if blank.any():
            # a line file without a platform column joins its orders by order id alone (the
            # platform of the first order with that id)
            first_ic, first_at = np.unique(ic, return_index=True)
            plat_of_ic = np.full(len(iu), -1, dtype=np.int64)
            plat_of_ic[first_ic] = pc[first_at]
            found = blank & (line_ic >= 0)
            line_pc = line_pc.copy()
            line_pc[found] = plat_of_ic[line_ic[found]]
        lkey = np.where((line_pc >= 0) & (line_ic >= 0), line_pc * len(iu) + line_ic, -1)
        oi = pd.Index(okey).get_indexer(lkey)
        mine = oi >= 0  # lines of unshipped orders
        has_lines[oi[mine]] = True
        # rank of each order in payment order (ties: order id) - the order stock is handed out in
        order_rank = np.empty(len(o), dtype=np.int64)
        order_rank[np.lexsort((id_ranks, pay_key))] = np.arange(len(o))
        parts.append(_allocate(lines[mine].reset_index(drop=True), np.flatnonzero(mine), oi[mine],
                               order_rank, inventory))

    # flags: every unshipped order without a sheet; with a sheet, only the orders without lines
    by_status = _contains_any(o["status_raw"], OUT_OF_STOCK_WORDS)
    by_remark = order_rules.says_short(o["remark"], OUT_OF_STOCK_WORDS)  # 不缺货 is not a flag
    flagged = np.flatnonzero((by_status | by_remark) & ~has_lines)
    if len(flagged):
        items = o["items"].to_numpy(dtype="float64")[flagged]
        parts.append(
            pd.DataFrame(
                {
                    "_oi": flagged,
                    "sku": "",
                    "title": "",
                    # the order's item count; 0 means the export did not say
                    "quantity": np.where(items > 0, items, np.nan),
                    "allocated": np.nan,
                    "short": np.nan,
                    "source": np.where(by_status[flagged], "status", "remark"),
                    "_whole_order": True,
                    "_line": -1,
                    "available": np.nan,
                }
            )
        )
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty(cols)
    out = pd.concat(parts, ignore_index=True)
    oi = out["_oi"].to_numpy(dtype=np.int64)
    out["platform"] = plat[oi]
    out["order_id"] = oid[oi]
    out["buyer"] = o["buyer"].to_numpy(dtype=object)[oi]
    out["paid"] = o["paid"].to_numpy(dtype="datetime64[ns]")[oi]

    fully = out["allocated"].fillna(0.0).to_numpy() <= 0
    remedy = np.where(out["_whole_order"].to_numpy(dtype=bool), REFUND, np.where(fully, SWAP, COUPON))
    if customer_codes is not None and keys is not None:
        # by buyer code: the customer row of each line's buyer, then its segment
        row = _customer_rows(customer_codes, len(keys.buyer_names))[keys.buyer[rows[oi]]]
        high_row = customers["segment"].isin(HIGH_VALUE_SEGMENTS).to_numpy()
        is_high = (row >= 0) & high_row[np.maximum(row, 0)] if len(high_row) else np.zeros(len(oi), bool)
    else:
        is_high = pd.Series(_clean(out["buyer"])).isin(_high_value_buyers(customers)).to_numpy()
    remedy = np.where(is_high, UPGRADE, remedy)
    out["remedy"] = remedy.astype(object)
    out["handled"] = False
    order = np.lexsort((out["_line"].to_numpy(), id_ranks[oi], pay_key[oi]))
    out = out.iloc[order].reset_index(drop=True)[cols]
    for c in ("platform", "order_id", "buyer", "sku", "title", "source", "remedy"):
        out[c] = out[c].astype(object)
    return out


def _line_order_codes(line_ids: pd.Series, order_ids: np.ndarray) -> np.ndarray:
    """For each line, the index of its stripped order id in ``order_ids`` (distinct, clean), or -1.

    Line ids that are already clean text (the usual case) are looked up directly, without hashing
    the 1M+ line ids into codes first.
    """
    if len(order_ids) == 0:
        return np.full(len(line_ids), -1, dtype=np.int64)
    raw = line_ids.to_numpy(dtype=object)
    missing = pd.isna(raw)
    if missing.any():
        raw = raw.copy()
        raw[missing] = ""
    index = pd.Index(order_ids, dtype=object)
    if is_clean_text(raw):
        return index.get_indexer(raw).astype(np.int64)
    lic, liu = clean_codes(line_ids)
    return index.get_indexer(liu).astype(np.int64)[lic]


def _allocate(ln: pd.DataFrame, line_no: np.ndarray, oi: np.ndarray, order_rank: np.ndarray,
              inventory: pd.DataFrame) -> pd.DataFrame:
    """Allocate stock to order lines in payment order; the short lines (vectorised).

    ``ln``: the lines of unshipped orders; ``line_no`` their positions in the line file (the order of
    lines within an order); ``oi`` the index of each line's order in the caller's order table;
    ``order_rank`` each order's place in payment order (ties already broken by order id).
    """
    inv_sku = _clean(inventory["sku"])
    avail = inventory["available"].to_numpy(dtype="float64")
    ok = inv_sku != ""
    # a SKU listed twice (two warehouses, two sheets) has the sum of its quantities; negative -> 0
    stock = pd.Series(avail[ok]).groupby(inv_sku[ok]).sum(min_count=1).clip(lower=0).fillna(0.0)

    sku = _clean(ln["sku"])
    # a line with no quantity still asks for one item
    qty = np.clip(np.nan_to_num(ln["quantity"].to_numpy(dtype="float64"), nan=1.0), 0, None)
    dead = _contains_any(ln["status_raw"], _DEAD_LINE_WORDS)
    value = qty * np.nan_to_num(ln["price"].to_numpy(dtype="float64"))
    line_refund = np.nan_to_num(ln["refund_amount"].to_numpy(dtype="float64"))
    refunded = (line_refund > 0) & (line_refund >= value) & (value > 0)
    available = stock.reindex(sku).to_numpy(dtype="float64")
    tracked = ~np.isnan(available) & ~dead & ~refunded

    # does anything of the order ship? untracked live lines do; dead/refunded lines never count
    ships = ~dead & ~refunded
    allocated = np.full(len(ln), np.nan)
    t = np.flatnonzero(tracked)
    if len(t):
        # demand in payment order, lines of one order in file order; cumsum per SKU
        order = t[np.lexsort((line_no[t], order_rank[oi[t]]))]
        q = qty[order]
        codes, _ = pd.factorize(sku[order])
        cum = pd.Series(q).groupby(codes).cumsum().to_numpy()
        alloc = np.minimum(np.clip(available[order] - (cum - q), 0, None), q)
        allocated[order] = alloc
        ships[order] = alloc > 0
    order_ships = np.bincount(oi, weights=ships.astype("float64"), minlength=len(order_rank)) > 0

    short_mask = tracked & (qty - np.nan_to_num(allocated) > 0)
    s = np.flatnonzero(short_mask)
    return pd.DataFrame(
        {
            "_oi": oi[s],
            "sku": sku[s],
            "title": ln["title"].to_numpy(dtype=object)[s],
            "quantity": qty[s],
            "allocated": allocated[s],
            "short": qty[s] - allocated[s],
            "source": "inventory",
            "_whole_order": ~order_ships[oi[s]],
            "_line": line_no[s],
            "available": available[s],
        }
    )
