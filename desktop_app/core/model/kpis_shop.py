"""Shop-level KPIs: kpis.shop_tables, distinct paying buyers, the open order-check counts, and the
shop's inquiry conversion (add_team_conversion). kpis.py re-exports every name.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .attribution import unique_sorted
from .conversations import DAY_NS, factorize_text
from .results import SHOP_KEYS
from .kpis_groups import _div, _Groups, _ns, group_quantiles, sorted_responses


def shop_tables(
    orders: pd.DataFrame,
    consulted: np.ndarray,
    attribution: pd.DataFrame,
    conversations: pd.DataFrame,
    turns: pd.DataFrame,
    checks: dict[str, pd.DataFrame] | None,
    buyer_codes: np.ndarray | None = None,
    responses: tuple[np.ndarray, np.ndarray] | None = None,
    paying: tuple[np.ndarray, np.ndarray, int] | None = None,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``(shop, shop_days)``: results.SHOP_KEYS for the whole data and per order-creation day.

    Orders are counted on the day they were created; payment is counted when it happened by the end
    of the data (下单判定 with 最终付款, the default reading of domain.md). Silent orders are paid orders
    whose buyer started no turn with any agent in the attribution window before the order. Chat figures
    (conversations, inquiring buyers, response medians) are per conversation day.
    ``buyer_codes`` (attribution.order_buyer_codes) saves hashing the buyer column again;
    ``responses`` (sorted_responses) sorting the response times again. ``checks`` None leaves the check
    counts out; add_check_counts adds them later (compute() works out the figures while the order
    checks are still running). ``paying``: paying_buyers(orders, buyer_codes), worked out earlier
    (it needs nothing from the chats: compute() has the order thread do it).
    """
    created_ns = _ns(orders["created"]) if len(orders) else np.zeros(0, np.int64)
    paid_ns = _ns(orders["paid"]) if len(orders) else np.zeros(0, np.int64)
    is_paid = paid_ns != _NAT
    amount = np.where(is_paid, orders["paid_amount"].to_numpy(dtype="float64", na_value=0.0), 0.0)
    refund = np.where(is_paid, orders["refund_amount"].to_numpy(dtype="float64", na_value=0.0), 0.0)
    items = np.where(is_paid, orders["items"].to_numpy(dtype="float64", na_value=0.0), 0.0)
    consulted = np.asarray(consulted, dtype=bool)
    silent = is_paid & ~consulted
    inquiry = is_paid & consulted

    # day index over every day any source touches
    o_day = np.where(created_ns != _NAT, np.floor_divide(created_ns, DAY_NS), _NAT)
    c_day = (np.floor_divide(_ns(conversations["day"]), DAY_NS) if len(conversations)
             else np.zeros(0, np.int64))
    ok, resp_order = sorted_responses(turns) if responses is None else responses
    resp = turns["response_s"].to_numpy(dtype="float64") if len(turns) else np.zeros(0)
    t_day = np.floor_divide(_ns(turns["day"]), DAY_NS)[ok] if len(turns) else np.zeros(0, np.int64)
    t_resp = resp[ok]
    t_first = turns["is_first"].to_numpy(dtype=bool)[ok] if len(turns) else np.zeros(0, bool)
    a_day = (np.floor_divide(_ns(attribution["created"]), DAY_NS) if len(attribution)
             else np.zeros(0, np.int64))
    valid_o = o_day != _NAT
    all_days = [d for d in (o_day[valid_o], c_day, a_day) if len(d)]
    d0 = int(min(d.min() for d in all_days)) if all_days else 0
    nd = (int(max(d.max() for d in all_days)) - d0 + 1) if all_days else 0

    def by_day(day, weights=None):
        return np.bincount(day - d0, weights=weights, minlength=nd).astype("float64")

    od = o_day[valid_o]
    sums = {
        "orders": by_day(od),
        "paid_orders": by_day(od, is_paid[valid_o]),
        "sales": by_day(od, amount[valid_o]),
        "silent_sales": by_day(od, np.where(silent, amount, 0.0)[valid_o]),
        "inquiry_sales": by_day(od, np.where(inquiry, amount, 0.0)[valid_o]),
        "silent_orders": by_day(od, silent[valid_o]),
        "inquiry_orders": by_day(od, inquiry[valid_o]),
        "refund_orders": by_day(od, (is_paid & (refund > 0))[valid_o]),
        "refund_amount": by_day(od, refund[valid_o]),
        "items": by_day(od, items[valid_o]),
    }
    # distinct paying buyers per day and overall
    pay_days, pay_counts, paying_total = paying if paying is not None else paying_buyers(orders, buyer_codes)
    sums["paying_buyers"] = by_day(pay_days, pay_counts) if len(pay_days) else np.zeros(nd)
    if len(attribution):
        w = attribution["weight"].to_numpy(dtype="float64")
        a_paid = attribution["is_paid"].to_numpy(dtype=bool)
        sums["agent_sales"] = by_day(a_day, w * a_paid * attribution["paid_amount"].to_numpy(dtype="float64"))
    else:
        sums["agent_sales"] = np.zeros(nd)
    sums["conversations"] = by_day(c_day)
    if len(conversations):
        inq = conversations["inquiry"].to_numpy(dtype=bool)
        gr = _Groups(conversations, turns, None, None)
        buyers = gr.buyer(conversations["buyer"])[inq]
        nb = int(buyers.max()) + 1 if len(buyers) else 1
        # the shop counts each (day, buyer) once, however many agents served the buyer (issue 11)
        u = unique_sorted((c_day[inq] - d0) * nb + buyers)
        day_of = u // nb
        sums["inquiring_buyers"] = np.bincount(day_of, minlength=nd).astype("float64")
    else:
        sums["inquiring_buyers"] = np.zeros(nd)
    day_idx = (t_day - d0) if len(t_day) else np.zeros(0, np.int64)
    o = resp_order  # the stable value order of t_resp
    t_resp, day_idx, t_first = t_resp[o], day_idx[o], t_first[o]
    sel_first = t_first
    med_f, = group_quantiles(day_idx[sel_first], t_resp[sel_first], nd, (0.5,), presorted=True)
    med_all, = group_quantiles(day_idx, t_resp, nd, (0.5,), presorted=True)
    cnt_f = np.bincount(day_idx[sel_first], minlength=nd)
    cnt_all = np.bincount(day_idx, minlength=nd)
    sums["first_response_median_s"] = med_f
    fr_sum = np.bincount(day_idx[sel_first], weights=t_resp[sel_first], minlength=nd)
    sums["first_response_mean_s"] = _div(fr_sum, cnt_f)
    sums["response_median_s"] = med_all
    sums["response_mean_s"] = _div(np.bincount(day_idx, weights=t_resp, minlength=nd), cnt_all)

    days = pd.DataFrame(sums, index=pd.DatetimeIndex(((np.arange(nd) + d0) * DAY_NS).view("datetime64[ns]"),
                                                     name="day"))
    active = (days["orders"] > 0) | (days["conversations"] > 0) | (days["agent_sales"] > 0)
    days = days.loc[active.to_numpy()]
    _shop_ratios(days)
    shop_days = days.reset_index()
    shop_days["day"] = shop_days["day"].astype("datetime64[ns]")
    int_cols = ["orders", "paid_orders", "silent_orders", "inquiry_orders", "refund_orders", "paying_buyers",
                "conversations", "inquiring_buyers"]
    for c in int_cols:
        shop_days[c] = shop_days[c].round().astype(np.int64)
    shop_days = shop_days[["day"] + [k for k in SHOP_KEYS if k in shop_days.columns]]

    total: dict[str, Any] = {c: float(days[c].sum()) for c in ("sales", "silent_sales", "inquiry_sales",
                                                               "refund_amount", "items", "agent_sales")}
    for c in int_cols:
        total[c] = int(round(days[c].sum()))
    total["paying_buyers"] = paying_total
    total["first_response_median_s"] = _nanstat(np.median, t_resp[t_first])
    total["first_response_mean_s"] = _nanstat(np.mean, t_resp[t_first])
    total["response_median_s"] = _nanstat(np.median, t_resp)
    total["response_mean_s"] = _nanstat(np.mean, t_resp)
    one = pd.DataFrame([total])
    _shop_ratios(one)
    shop = {k: _py(one[k].iloc[0]) for k in SHOP_KEYS if k in one.columns}
    if checks is None:
        return shop, shop_days
    return add_check_counts(shop, shop_days, checks)


def paying_buyers(orders: pd.DataFrame, buyer_codes: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray, int]:
    """Distinct paying buyers of the orders: ``(days, counts, total)``.

    ``days`` are the order-creation days (days since 1970) that have paying buyers, ``counts`` how
    many distinct buyers paid for an order created that day, ``total`` how many distinct buyers paid
    at all. Paid, dated orders count; one without a buyer id is a buyer of its own. ``buyer_codes``: as for shop_tables.
    """
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 0)
    if len(orders) == 0:
        return empty
    created_ns, paid_ns = _ns(orders["created"]), _ns(orders["paid"])
    codes = _all_buyer_codes(orders, buyer_codes)
    # a paid order without a buyer id counts as its own buyer (domain.md; the report says how many)
    own = codes < 0
    if own.any():
        codes = codes.copy()
        base = int(codes.max()) + 1 if (~own).any() else 0
        codes[own] = base + np.arange(int(own.sum()), dtype=np.int64)
    pb = (paid_ns != _NAT) & (created_ns != _NAT)
    if not pb.any():
        return empty
    day, code = np.floor_divide(created_ns[pb], DAY_NS), codes[pb]
    d0, nb = int(day.min()), int(code.max()) + 1
    u = unique_sorted((day - d0) * nb + code)
    days, counts = np.unique(u // nb, return_counts=True)
    return days + d0, counts.astype(np.int64), int(len(unique_sorted(code)))


#: the shop figures that count open order-check items
CHECK_KEYS = ("unshipped", "unshipped_overdue", "out_of_stock", "unpaid_due")


def add_check_counts(shop: dict[str, Any], shop_days: pd.DataFrame,
                     checks: dict[str, pd.DataFrame], counts: tuple | None = None) -> tuple[dict[str, Any], pd.DataFrame]:
    """The shop figures with the open order-check items counted in (overall and per day).

    ``counts``: check_counts(checks), when worked out already (the stage graph keeps it)."""
    totals, per_day = counts if counts is not None else check_counts(checks)
    shop = dict(shop)
    shop.update(totals)
    days = _put_check_days(shop_days.set_index("day"), per_day).reset_index()
    days["day"] = days["day"].astype("datetime64[ns]")
    return {k: shop[k] for k in SHOP_KEYS}, days[["day"] + SHOP_KEYS]


_NAT = np.iinfo(np.int64).min


def _all_buyer_codes(orders: pd.DataFrame, buyer_codes: np.ndarray | None) -> np.ndarray:
    """A code per order's buyer (-1 for no buyer id): chat codes where known, new codes for the rest."""
    if len(orders) == 0:
        return np.zeros(0, dtype=np.int64)
    values = orders["buyer"].to_numpy(dtype=object)
    if buyer_codes is None:
        codes = factorize_text(values)[0].astype(np.int64)
    else:
        codes = np.asarray(buyer_codes, dtype=np.int64).copy()
        missing = np.flatnonzero(codes < 0)
        if len(missing):
            extra = factorize_text(values[missing])[0].astype(np.int64)
            base = int(codes.max()) + 1 if (codes >= 0).any() else 0
            codes[missing] = np.where(extra >= 0, extra + base, -1)
    codes[values == ""] = -1
    return codes


def _nanstat(fn, values: np.ndarray) -> float:
    return float(fn(values)) if len(values) else float("nan")


def _py(v):
    """numpy scalar -> plain Python number (JSON-friendly); ints stay ints."""
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    return v


def _shop_ratios(df: pd.DataFrame) -> None:
    df["payment_rate"] = _div(df["paid_orders"], df["orders"])
    df["aov"] = _div(df["sales"], df["paying_buyers"])
    df["refund_rate"] = _div(df["refund_orders"], df["paid_orders"])
    df["refund_amount_rate"] = _div(df["refund_amount"], df["sales"])


def _check_counts(checks: dict[str, pd.DataFrame]) -> dict[str, int]:
    un = checks.get("unshipped")
    oos = checks.get("out_of_stock")
    unpaid = checks.get("unpaid")
    return {
        "unshipped": int(len(un)) if un is not None else 0,
        "unshipped_overdue": int(un["overdue"].fillna(False).astype(bool).sum()) if un is not None and len(un)
        else 0,
        "out_of_stock": int(oos["order_id"].nunique()) if oos is not None and len(oos) else 0,
        "unpaid_due": int(unpaid["is_due"].fillna(False).astype(bool).sum()) if unpaid is not None
        and len(unpaid) else 0,
    }


def check_counts(checks: dict[str, pd.DataFrame]) -> tuple[dict[str, int], dict[str, pd.Series]]:
    """The open check items overall and per day (add_check_counts' numbers, from the lists alone)."""
    return _check_counts(checks), _check_day_counts(checks)


def _put_check_days(days: pd.DataFrame, cols: dict[str, pd.Series]) -> pd.DataFrame:
    for name, s in cols.items():
        days[name] = s.reindex(days.index).fillna(0).astype(np.int64) if len(s) else 0
    return days


def _check_day_counts(checks: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Open check items per day: unshipped/out of stock by payment day, unpaid due by creation day."""
    def by(frame, time_col, mask=None, distinct=None):
        if frame is None or len(frame) == 0:
            return pd.Series(dtype="float64")
        f = frame if mask is None else frame.loc[mask(frame)]
        d = pd.to_datetime(f[time_col]).dt.normalize()
        if distinct:
            return pd.DataFrame({"d": d.to_numpy(), "k": f[distinct].to_numpy()}).drop_duplicates() \
                .groupby("d").size()
        return d.value_counts()

    un = checks.get("unshipped")
    cols = {
        "unshipped": by(un, "paid"),
        "unshipped_overdue": by(un, "paid", lambda f: f["overdue"].fillna(False).astype(bool)),
        "out_of_stock": by(checks.get("out_of_stock"), "paid", distinct="order_id"),
        "unpaid_due": by(checks.get("unpaid"), "created", lambda f: f["is_due"].fillna(False).astype(bool)),
    }
    for name, s in cols.items():
        s.index = pd.DatetimeIndex(s.index).astype("datetime64[ns]") if len(s) else s.index
    return cols


def add_team_conversion(shop: dict, shop_days: pd.DataFrame, agents: pd.DataFrame,
                        agent_days: pd.DataFrame, attribution: pd.DataFrame | None = None) -> None:
    """The shop's 询单转化率, defined once for every screen and report (in place).

    The shop counts each (day, buyer) once, however many agents served the buyer (issue 11): its
    询单人数 are distinct (day, buyer) pairs (shop_tables) and, with ``attribution``, its 询单→最终付款人数
    the distinct (inquiry day, buyer) pairs with a paid attributed order. Without ``attribution`` the
    agents' column sums are used (the older team figure). Adds ``inquiry_paying_buyers`` and
    ``conversion_rate`` to ``shop`` and to ``shop_days``.
    """
    by_day = None
    if attribution is not None:
        paid = attribution.loc[attribution["is_paid"].to_numpy(dtype=bool)] if len(attribution) else attribution
        pairs = pd.DataFrame({"day": pd.to_datetime(paid["inquiry_day"]).to_numpy(dtype="datetime64[ns]")
                              if len(paid) else np.zeros(0, "datetime64[ns]"),
                              "buyer": paid["buyer"].astype(object).to_numpy() if len(paid) else []})
        pairs = pairs.drop_duplicates()
        paying = float(len(pairs))
        by_day = pairs.groupby("day").size().astype("float64")
    else:
        paying = float(agents["paying_buyers"].sum()) if len(agents) else 0.0
    inquiring = float(shop.get("inquiring_buyers") or 0)
    shop["inquiry_paying_buyers"] = int(round(paying)) if paying == int(paying) else paying
    shop["conversion_rate"] = paying / inquiring if inquiring > 0 else float("nan")
    if len(shop_days):
        if by_day is not None:
            per_day = by_day.reindex(pd.to_datetime(shop_days["day"])).fillna(0.0).to_numpy(dtype="float64")
        elif len(agent_days):
            by_day = agent_days.groupby(pd.to_datetime(agent_days["day"]))["paying_buyers"].sum()
            per_day = by_day.reindex(pd.to_datetime(shop_days["day"])).fillna(0.0).to_numpy(dtype="float64")
        else:
            per_day = np.zeros(len(shop_days))
        inq = shop_days["inquiring_buyers"].to_numpy(dtype="float64")
        shop_days["inquiry_paying_buyers"] = per_day
        with np.errstate(divide="ignore", invalid="ignore"):
            shop_days["conversion_rate"] = np.where(inq > 0, per_day / np.where(inq > 0, inq, 1), np.nan)
