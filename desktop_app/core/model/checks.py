"""Order checks the supervisor runs every morning: unshipped (未发货), out of stock (缺货), unpaid (催付).

All three read the normalised frames of schema.py as they stood at ``as_of``: an order created after
``as_of`` is left out, an order paid after ``as_of`` was still unpaid then, and one shipped after
``as_of`` was still unshipped then (statuses themselves are not rewound: a closed order stays closed).
docs/metrics-orders-customers.md gives the definitions with worked examples.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .. import schema
from .customers import (
    HIGH_VALUE_SEGMENTS,
    as_of_or_newest,
    order_times,
    payment_times,
)
from . import order_rules
from .keys import OrderKeys, clean_codes, is_clean_text
from .results import OUT_OF_STOCK_COLUMNS, UNPAID_COLUMNS, UNSHIPPED_COLUMNS
from .settings import ModelSettings

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

_HOUR = pd.Timedelta(hours=1)
#: The order columns out_of_stock reads.
_OOS_ORDER_COLUMNS = ("platform", "order_id", "buyer", "created", "paid", "status", "status_raw", "remark",
                      "items")


def order_checks(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    inventory: pd.DataFrame,
    settings: ModelSettings,
    as_of: pd.Timestamp,
    customers: Optional[pd.DataFrame] = None,
    keys: Optional[OrderKeys] = None,
    customer_codes: Optional[np.ndarray] = None,
) -> dict[str, pd.DataFrame]:
    """The three morning lists: {"unshipped", "out_of_stock", "unpaid"}.

    ``customers`` (customer_table's frame) adds segment and level to the unpaid list and lets the
    out-of-stock remedy prefer a membership upgrade for high-value buyers. ``keys`` (keys.order_keys
    of ``orders`` and ``lines``) and ``customer_codes`` (each customer row's code in
    ``keys.buyer_names``, from customer_table_codes) spare hashing ids and buyers again.
    """
    as_of = as_of_or_newest(orders, as_of)
    if keys is None or customers is None or customer_codes is None or len(customer_codes) != len(customers):
        customer_codes = None
    # cash on delivery: paid at the door, so it waits to ship from its creation (never a 催付)
    ship = order_rules.cod_as_paid(orders)
    waiting = _unshipped_mask(ship, as_of).to_numpy()
    # 退款中: listed apart (shipping it may be wrong), never in the waiting-to-ship list
    pending = waiting & order_rules.refund_pending(orders)
    unshipped_mask = waiting & ~pending
    return {
        "unshipped": unshipped_orders(ship, settings, as_of, keys=keys, mask=unshipped_mask),
        "out_of_stock": out_of_stock(ship, lines, inventory, as_of, customers, keys=keys,
                                     customer_codes=customer_codes, mask=unshipped_mask),
        "unpaid": unpaid_orders(orders, settings, as_of, customers, keys=keys, customer_codes=customer_codes),
        "refund_pending": unshipped_orders(ship, settings, as_of, keys=keys, mask=pending),
    }


def _customer_rows(customer_codes: np.ndarray, n_codes: int) -> np.ndarray:
    """Per buyer code, the row of that buyer in the customer table (the first one), or -1."""
    rows = np.full(n_codes, -1, dtype=np.int64)
    rows[customer_codes[::-1]] = np.arange(len(customer_codes) - 1, -1, -1, dtype=np.int64)
    return rows


def _order_id_ranks(orders: pd.DataFrame, keys: Optional[OrderKeys], rows: np.ndarray) -> np.ndarray:
    """id_rank of the order ids of ``rows`` (positions in ``orders``), through the keys when given."""
    if keys is not None:
        if keys.id_numbers is not None:  # digit ids: their numbers give the same order
            return _rank_of(keys.id_numbers[keys.order_id[rows]])
        return _rank_clean_ids(keys.id_names[keys.order_id[rows]])
    return id_rank(orders["order_id"].to_numpy(dtype=object)[rows])


# --------------------------------------------------------------------------------------------
# 未发货


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


# --------------------------------------------------------------------------------------------
# 缺货


def _contains_any(text: pd.Series, words) -> np.ndarray:
    """True where the text contains any of ``words`` (case-insensitive); each distinct text is tested once."""
    codes, uniques = pd.factorize(text.astype(object), use_na_sentinel=True)
    low = [str(u).lower() for u in uniques]
    hit = np.array([any(w.lower() in t for w in words) for t in low] + [False], dtype=bool)
    return hit[codes]


def _clean(text: pd.Series) -> np.ndarray:
    """Object array of stripped text, missing as "" (each distinct value stripped once)."""
    codes, uniques = pd.factorize(text.astype(object), use_na_sentinel=True)
    cleaned = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    return cleaned[codes]


def _high_value_buyers(customers: Optional[pd.DataFrame]) -> np.ndarray:
    """Buyer ids (text) of the high-value segments; an array, as isin() hashes it without a set."""
    if customers is None or len(customers) == 0 or "segment" not in customers.columns:
        return np.zeros(0, dtype=object)
    high = customers["segment"].isin(HIGH_VALUE_SEGMENTS).to_numpy()
    buyers = customers["buyer"].to_numpy(dtype=object)[high]
    if pd.api.types.infer_dtype(buyers, skipna=False) == "string":
        return buyers  # already text (customer_table's ids): no str() per buyer
    return np.array([str(b) for b in buyers], dtype=object)


def _time_key(t) -> np.ndarray:
    """int64 nanoseconds with NaT last, for lexsort."""
    v = np.asarray(t, dtype="datetime64[ns]")
    return np.where(np.isnat(v), np.iinfo(np.int64).max, v.astype(np.int64))


def _rank_of(values: np.ndarray) -> np.ndarray:
    """Position of each value in sorted order (equal values: first come first)."""
    r = np.empty(len(values), dtype=np.int64)
    r[np.argsort(values, kind="stable")] = np.arange(len(values))
    return r


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


# --------------------------------------------------------------------------------------------
# 催付


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


# --------------------------------------------------------------------------------------------


def id_rank(ids) -> np.ndarray:
    """Rank of each order id in id order, with digit ids compared as numbers (999 before 1000).

    Ids are text (platforms differ): they are padded with leading zeros to one width and compared as
    text, which keeps any id sortable and the order deterministic.
    """
    return _rank_clean_ids(_clean_ids(ids))


def _rank_clean_ids(u: np.ndarray) -> np.ndarray:
    """id_rank for ids already stripped (object or unicode array, no missing values)."""
    if u.dtype == object:
        u = u.astype(str) if len(u) else np.zeros(0, dtype=str)
    if len(u) == 0:
        return np.zeros(0, dtype=np.int64)
    lengths = np.char.str_len(u)
    width = int(lengths.max())
    numbers = _digit_values(u, lengths, width)
    if numbers is not None:
        # same order as the zero-padded text, without building and sorting 1M padded strings
        return _rank_of(numbers)
    return _rank_of(np.char.zfill(u, width))


def _clean_ids(ids) -> np.ndarray:
    """Unicode array of the stripped ids, missing as "" (the same as ``_clean`` then ``dtype=str``)."""
    obj = np.asarray(pd.Series(ids, dtype=object).to_numpy(dtype=object), dtype=object)
    missing = pd.isna(obj)
    if missing.any():
        obj = obj.copy()
        obj[missing] = ""
    if len(obj) and is_clean_text(obj):
        return obj.astype(str)  # nothing to strip (the usual case): no hashing of every id
    return np.asarray(_clean(pd.Series(obj, dtype=object)), dtype=str)


def _digit_values(u: np.ndarray, lengths: np.ndarray, width: int) -> Optional[np.ndarray]:
    """The ids as uint64 numbers when every id is ASCII digits (or empty) and fits; else None.

    Zero-padded digit strings of one width compare exactly as their numbers do ("" pads to 0, like
    "0"), so the stable rank of the numbers is the rank of the padded text. 19 digits fit in uint64.
    """
    if width == 0 or width > 19:
        return None
    # the fixed-width unicode array seen as code points, one row per id (padding is 0)
    cp = u.view(np.uint32).reshape(len(u), u.dtype.itemsize // 4)[:, :width]
    inside = np.arange(width) < lengths[:, None]
    digit = (cp >= 48) & (cp <= 57)
    if not (digit | ~inside).all():
        return None
    values = np.zeros(len(u), dtype=np.uint64)
    ten = np.uint64(10)
    for j in range(width):
        step = values * ten + (cp[:, j].astype(np.uint64) - np.uint64(48))
        values = np.where(inside[:, j], step, values)
    return values


def _empty(cols: list[str]) -> pd.DataFrame:
    dt = {"paid", "created", "due"}
    flt = {"quantity", "allocated", "short", "available", "age_h", "overdue_h", "amount", "paid_amount"}
    data = {}
    for c in cols:
        if c in dt:
            data[c] = pd.Series(dtype="datetime64[ns]")
        elif c in flt:
            data[c] = pd.Series(dtype="float64")
        elif c in ("handled", "_whole_order"):
            data[c] = pd.Series(dtype=bool)
        else:
            data[c] = pd.Series(dtype=object)
    return pd.DataFrame(data)
