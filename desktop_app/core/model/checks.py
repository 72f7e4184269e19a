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
from .customers import HIGH_VALUE_SEGMENTS, order_times, payment_times
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


def order_checks(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    inventory: pd.DataFrame,
    settings: ModelSettings,
    as_of: pd.Timestamp,
    customers: Optional[pd.DataFrame] = None,
) -> dict[str, pd.DataFrame]:
    """The three morning lists: {"unshipped", "out_of_stock", "unpaid"}.

    ``customers`` (customer_table's frame) adds segment and level to the unpaid list and lets the
    out-of-stock remedy prefer a membership upgrade for high-value buyers.
    """
    as_of = pd.Timestamp(as_of)
    unshipped = unshipped_orders(orders, settings, as_of)
    return {
        "unshipped": unshipped,
        "out_of_stock": out_of_stock(orders, lines, inventory, as_of, customers, unshipped=unshipped),
        "unpaid": unpaid_orders(orders, settings, as_of, customers),
    }


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
    return pay_t.notna() & not_closed & not_shipped_yet


def unshipped_orders(orders: pd.DataFrame, settings: ModelSettings, as_of: pd.Timestamp) -> pd.DataFrame:
    """Paid, not shipped, not closed; most overdue first.

    age_h = as_of - paid (hours). due = ship_by when the export has one (PDD 承诺发货时间, a pre-sale
    date), else paid + shipping_promise_h; a pre-sale order without ship_by has no due time (the 48 h
    rule does not apply to it) and is never overdue. overdue = as_of > due (exactly at due is not yet
    overdue). Extra columns: overdue_h (as_of - due in hours; negative = time left), due_source
    ("ship_by" | "promise" | ""), shop.
    """
    as_of = pd.Timestamp(as_of)
    o = orders[_unshipped_mask(orders, as_of)]
    pay_t = payment_times(o, as_of)
    promise = pay_t + pd.Timedelta(hours=float(settings.shipping_promise_h))
    presale = o["presale"].fillna(False).astype(bool)
    has_ship_by = o["ship_by"].notna()
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
    out = out.assign(_id=id_sort_key(out["order_id"]))
    out = out.sort_values(["due", "paid", "_id"], na_position="last", kind="stable")
    return out.reset_index(drop=True)[UNSHIPPED_COLUMNS + ["overdue_h", "due_source", "shop"]]


# --------------------------------------------------------------------------------------------
# 缺货


def _contains_any(text: pd.Series, words) -> pd.Series:
    t = text.astype(object).where(text.notna(), "").astype(str).str.lower()
    hit = pd.Series(False, index=text.index)
    for w in words:
        hit |= t.str.contains(w.lower(), regex=False)
    return hit


def _high_value_buyers(customers: Optional[pd.DataFrame]) -> set:
    if customers is None or len(customers) == 0 or "segment" not in customers.columns:
        return set()
    return set(customers.loc[customers["segment"].isin(HIGH_VALUE_SEGMENTS), "buyer"].astype(str))


def out_of_stock(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    inventory: pd.DataFrame,
    as_of: pd.Timestamp,
    customers: Optional[pd.DataFrame] = None,
    *,
    unshipped: Optional[pd.DataFrame] = None,
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
    """
    as_of = pd.Timestamp(as_of)
    if unshipped is None:
        unshipped = unshipped_orders(orders, _ANY_SETTINGS, as_of)
    cols = OUT_OF_STOCK_COLUMNS + ["available"]
    keys = unshipped[["platform", "order_id"]].astype(object)
    o = orders.merge(keys, on=["platform", "order_id"], how="inner").drop_duplicates(["platform", "order_id"])
    o = o.assign(_pay=payment_times(o, as_of).fillna(order_times(o)))

    parts = []
    have_sheet = inventory is not None and len(inventory) > 0
    orders_with_lines = pd.DataFrame(columns=["platform", "order_id"], dtype=object)
    if have_sheet and lines is not None and len(lines) > 0:
        ln = lines.reset_index(drop=True)
        ln = ln.assign(_line=np.arange(len(ln)), platform=ln["platform"].astype(object).fillna(""))
        blank = ln["platform"].astype(str).str.strip() == ""
        if blank.any():
            # a line file without a platform column joins its orders by order id alone
            plat = o.drop_duplicates("order_id").set_index("order_id")["platform"]
            ln.loc[blank, "platform"] = ln.loc[blank, "order_id"].map(plat).fillna("")
        ln = ln.merge(o[["platform", "order_id", "buyer", "paid", "_pay"]], on=["platform", "order_id"])
        orders_with_lines = ln[["platform", "order_id"]].drop_duplicates()
        parts.append(_allocate(ln, inventory))

    # flags: every unshipped order without a sheet; with a sheet, only the orders without lines
    flag_o = o
    if len(orders_with_lines):
        flag_o = o.merge(orders_with_lines.assign(_has=True), on=["platform", "order_id"], how="left")
        flag_o = flag_o[flag_o["_has"].isna()].drop(columns="_has")
    by_status = _contains_any(flag_o["status_raw"], OUT_OF_STOCK_WORDS)
    by_remark = _contains_any(flag_o["remark"], OUT_OF_STOCK_WORDS)
    f = flag_o[by_status | by_remark]
    if len(f):
        parts.append(
            pd.DataFrame(
                {
                    "platform": f["platform"].astype(object),
                    "order_id": f["order_id"].astype(object),
                    "buyer": f["buyer"].astype(object),
                    "paid": f["paid"],
                    "sku": "",
                    "title": "",
                    # the order's item count; 0 means the export did not say
                    "quantity": f["items"].astype("float64").where(f["items"] > 0),
                    "allocated": np.nan,
                    "short": np.nan,
                    "source": np.where(by_status[f.index], "status", "remark"),
                    "_whole_order": True,
                    "_pay": f["_pay"],
                    "_line": -1,
                    "available": np.nan,
                }
            )
        )
    if not parts:
        return _empty(cols)
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    if out is None:
        return _empty(cols)

    high = _high_value_buyers(customers)
    fully = out["allocated"].fillna(0.0) <= 0
    remedy = np.where(out["_whole_order"], REFUND, np.where(fully, SWAP, COUPON)).astype(object)
    remedy = np.where(out["buyer"].astype(str).isin(high), UPGRADE, remedy)
    out["remedy"] = remedy
    out["handled"] = False
    out = out.assign(_id=id_sort_key(out["order_id"]))
    out = out.sort_values(["_pay", "_id", "_line"], na_position="last", kind="stable")
    out = out.reset_index(drop=True)[cols]
    for c in ("platform", "order_id", "buyer", "sku", "title", "source", "remedy"):
        out[c] = out[c].astype(object)
    return out


def _allocate(ln: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    """Allocate stock to order lines in payment order; return the short lines (vectorised)."""
    inv = inventory.assign(sku=inventory["sku"].astype(str).str.strip())
    inv = inv[inv["sku"] != ""]
    # a SKU listed twice (two warehouses, two sheets) has the sum of its quantities
    stock = inv.groupby("sku")["available"].sum(min_count=1).clip(lower=0).fillna(0.0)

    ln = ln.assign(sku=ln["sku"].astype(object).where(ln["sku"].notna(), "").astype(str).str.strip())
    # a line with no quantity still asks for one item
    qty = ln["quantity"].astype("float64").fillna(1.0).clip(lower=0)
    dead = _contains_any(ln["status_raw"], _DEAD_LINE_WORDS)
    value = qty * ln["price"].astype("float64").fillna(0.0)
    line_refund = ln["refund_amount"].fillna(0.0)
    refunded = (line_refund > 0) & (line_refund >= value) & (value > 0)
    tracked = ln["sku"].isin(stock.index) & ~dead & ~refunded
    d = ln.assign(quantity=qty, available=ln["sku"].map(stock))[tracked]
    if len(d) == 0:
        return _empty(OUT_OF_STOCK_COLUMNS + ["available", "_whole_order", "_pay", "_line"])
    # payment order; a tie in payment time goes to the smaller order id, then to the earlier line
    d = d.assign(_id=id_sort_key(d["order_id"]))
    d = d.sort_values(["_pay", "_id", "_line"], na_position="last", kind="stable")
    cum = d.groupby("sku", sort=False)["quantity"].cumsum()
    before = cum - d["quantity"]
    allocated = (d["available"] - before).clip(lower=0)
    allocated = np.minimum(allocated, d["quantity"])
    d = d.assign(allocated=allocated, short=d["quantity"] - allocated)

    # does anything of the order ship? (any line, tracked or not, that is not fully short)
    all_lines = ln.assign(_ships=True)
    all_lines.loc[d.index, "_ships"] = (d["allocated"] > 0).to_numpy()
    # untracked lines of a live order ship; dead/refunded lines do not count either way
    all_lines.loc[dead | refunded, "_ships"] = False
    ships = all_lines.groupby(["platform", "order_id"])["_ships"].any().rename("_order_ships")
    d = d.merge(ships.reset_index(), on=["platform", "order_id"], how="left")
    s = d[d["short"] > 0]
    return pd.DataFrame(
        {
            "platform": s["platform"].astype(object),
            "order_id": s["order_id"].astype(object),
            "buyer": s["buyer"].astype(object),
            "paid": s["paid"],
            "sku": s["sku"].astype(object),
            "title": s["title"].astype(object),
            "quantity": s["quantity"].astype("float64"),
            "allocated": s["allocated"].astype("float64"),
            "short": s["short"].astype("float64"),
            "source": "inventory",
            "_whole_order": ~s["_order_ships"].fillna(False).astype(bool),
            "_pay": s["_pay"],
            "_line": s["_line"],
            "available": s["available"].astype("float64"),
        }
    )


# --------------------------------------------------------------------------------------------
# 催付


def unpaid_orders(
    orders: pd.DataFrame,
    settings: ModelSettings,
    as_of: pd.Timestamp,
    customers: Optional[pd.DataFrame] = None,
) -> pd.DataFrame:
    """Orders waiting for payment at as_of, sorted by reminder due time.

    Unpaid at as_of = created ≤ as_of, not closed, and status unpaid without a payment time or paid
    only after as_of. returning = the buyer has a paid order with payment time before this order's
    creation. due = created + reminder_returning_h (returning) or reminder_new_h (new); is_due =
    as_of ≥ due. segment / level come from ``customers`` (customer_table's frame) when given, else "".
    amount = the order's paid_amount column (the amount to pay). Extra column: age_h (as_of - created).
    """
    as_of = pd.Timestamp(as_of)
    status = orders["status"]
    created = orders["created"]
    paid = orders["paid"]
    waiting = ((status == schema.UNPAID) & paid.isna()) | (paid > as_of)
    mask = waiting & (status != schema.CLOSED) & created.notna() & (created <= as_of)
    o = orders[mask]

    # the buyer's first payment (as of as_of) over all orders; earlier than this order -> returning
    pay_t = payment_times(orders, as_of)
    buyers = orders["buyer"].astype(str)
    has_buyer = buyers.str.strip() != ""
    first_pay = pay_t[has_buyer].groupby(buyers[has_buyer]).min()
    # reindex (not map) keeps the datetime dtype when there is nothing to look up
    fp = pd.Series(first_pay.reindex(o["buyer"].astype(str)).to_numpy(), index=o.index)
    fp = fp.astype("datetime64[ns]")
    returning = (fp.notna() & (fp < o["created"])).astype(bool)
    hours = np.where(returning, float(settings.reminder_returning_h), float(settings.reminder_new_h))
    due = o["created"] + pd.to_timedelta(hours, unit="h")

    segment = pd.Series("", index=o.index, dtype=object)
    level = pd.Series("", index=o.index, dtype=object)
    if customers is not None and len(customers):
        c = customers.drop_duplicates("buyer").set_index("buyer")
        segment = o["buyer"].astype(str).map(c["segment"]).fillna("").astype(object)
        level = o["buyer"].astype(str).map(c["level"]).fillna("").astype(object)

    out = pd.DataFrame(
        {
            "platform": o["platform"].astype(object),
            "order_id": o["order_id"].astype(object),
            "buyer": o["buyer"].astype(object),
            "created": o["created"],
            "due": due.astype("datetime64[ns]"),
            "is_due": (as_of >= due).astype(bool),
            "returning": returning,
            "segment": segment,
            "level": level,
            "amount": o["paid_amount"].astype("float64"),
            "handled": np.zeros(len(o), dtype=bool),
            "age_h": ((as_of - o["created"]) / _HOUR).astype("float64"),
        }
    )
    out = out.assign(_id=id_sort_key(out["order_id"]))
    out = out.sort_values(["due", "_id"], kind="stable").reset_index(drop=True)
    return out[UNPAID_COLUMNS + ["age_h"]]


# --------------------------------------------------------------------------------------------


_ANY_SETTINGS = ModelSettings()  # out_of_stock alone only needs the unshipped set, not its due times


def id_sort_key(ids: pd.Series) -> pd.Series:
    """Order ids padded with leading zeros to one width, so digit ids sort as numbers (999 < 1000).

    Ids are text (platforms differ); padding keeps any id sortable and the order deterministic.
    """
    s = ids.astype(object).where(ids.notna(), "").astype(str)
    width = int(s.str.len().max()) if len(s) else 0
    return s.str.zfill(width).astype(object)


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
