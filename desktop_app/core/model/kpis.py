"""Per-agent, per-(agent, day) and shop KPIs, product refund rates, and drill-down lists.

Every figure is defined in docs/metrics.md (Chinese and English, with worked examples). In short:

- Counts of buyers are per day: 询单人数 of an agent over several days is the sum of its daily
  figures (a buyer who asks on two days is two inquiries), exactly as the platforms' daily tables add
  up, so the agent table is always the column sum of the agent-day table.
- Attributed figures come from the attribution frame; under the split rule they carry weights 1/n.
- Times: mean, median and P90 (linear interpolation, numpy's default) over the counted turns.
- Rates are fractions; a rate with a zero denominator is NaN (shown as "—", null in JSON).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .results import AGENT_COLUMNS, SHOP_KEYS, Results
from .settings import DEFAULT_SETTINGS, ModelSettings

#: agent figures that add up over days (the rest are ratios or order statistics)
_ADDITIVE = [
    "conversations", "inquiring_buyers", "ordering_buyers", "paying_buyers", "same_day_paying_buyers",
    "sales", "items", "turns", "unanswered_turns", "slow_turns", "refund_orders", "refund_amount",
    "reminded_orders", "reminded_paid_orders", "attributed_orders", "paid_orders", "first_responses",
    "responses",
]
#: helper sums behind the means and shares (dropped from the output)
_HELPERS = ["_answered", "_fr_sum", "_resp_sum", "_first_turns", "_fr_golden", "_fr_reasonable", "_fr_limit"]


def _div(a, b):
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan)


def _day(values) -> np.ndarray:
    return pd.to_datetime(values).astype("datetime64[ns]").to_numpy()


def _plain(col) -> np.ndarray:
    """Categorical or text column -> object array of str."""
    return np.asarray(col, dtype=object)


def _sum_by(keys: dict[str, np.ndarray], values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Sum ``values`` grouped by ``keys`` (agent[, day]); returns a frame indexed by the keys."""
    frame = pd.DataFrame({**keys, **values})
    if len(frame) == 0:
        return pd.DataFrame(columns=list(values)).rename_axis(None)
    return frame.groupby(list(keys), sort=False).sum()


def _distinct_buyers(keys: dict[str, np.ndarray], buyer: np.ndarray, weight: np.ndarray | None = None,
                     name: str = "n") -> pd.DataFrame:
    """Distinct buyers per key (under the split rule each buyer counts with its largest weight)."""
    frame = pd.DataFrame({**keys, "_buyer": buyer, name: 1.0 if weight is None else weight})
    if len(frame) == 0:
        return pd.DataFrame(columns=[name])
    per_buyer = frame.groupby(list(keys) + ["_buyer"], sort=False)[name].max()
    return per_buyer.groupby(level=list(range(len(keys))), sort=False).sum().to_frame(name)


def agent_tables(
    conversations: pd.DataFrame,
    turns: pd.DataFrame,
    attribution: pd.DataFrame,
    reminders: pd.DataFrame,
    settings: ModelSettings = DEFAULT_SETTINGS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(agents, agent_days)``: results.AGENT_COLUMNS per agent, and per (agent, day) with "day"."""
    days = _additive(conversations, turns, attribution, reminders, settings, by_day=True)
    agents = days.drop(columns=["day"]).groupby("agent", sort=True).sum(numeric_only=True).reset_index()
    day_stats = _time_stats(turns, by_day=True)
    agent_stats = _time_stats(turns, by_day=False)
    agent_days = _finish(days.merge(day_stats, on=["agent", "day"], how="left"))
    agents = _finish(agents.merge(agent_stats, on=["agent"], how="left"))
    agent_days = agent_days[["agent", "day"] + [c for c in agent_days.columns if c not in ("agent", "day")]]
    agent_days = agent_days.sort_values(["agent", "day"], kind="stable").reset_index(drop=True)
    return agents.sort_values("agent", kind="stable").reset_index(drop=True), agent_days


def _additive(conversations, turns, attribution, reminders, settings, by_day: bool) -> pd.DataFrame:
    parts = []
    # conversations and 询单人数
    c_keys = {"agent": _plain(conversations["agent"]), "day": _day(conversations["day"])}
    parts.append(_sum_by(c_keys, {"conversations": np.ones(len(conversations), dtype=np.int64)}))
    inq = conversations["inquiry"].to_numpy(dtype=bool)
    parts.append(_distinct_buyers({k: v[inq] for k, v in c_keys.items()},
                                  _plain(conversations["buyer"])[inq], name="inquiring_buyers"))
    # turns (only counted ones: service hours)
    counted = turns["counted"].to_numpy(dtype=bool) if "counted" in turns else np.ones(len(turns), bool)
    t = turns.loc[counted]
    t_keys = {"agent": _plain(t["agent"]), "day": _day(t["day"])}
    resp = t["response_s"].to_numpy(dtype="float64")
    has = ~np.isnan(resp)
    first = t["is_first"].to_numpy(dtype=bool)
    g, r, lim = settings.first_response_targets_s
    fr_has = first & has
    parts.append(_sum_by(t_keys, {
        "turns": np.ones(len(t), dtype=np.int64),
        "_answered": t["answered"].to_numpy(dtype=np.int64),
        "slow_turns": t["slow"].to_numpy(dtype=np.int64),
        "responses": has.astype(np.int64),
        "_resp_sum": np.where(has, resp, 0.0),
        "_first_turns": first.astype(np.int64),
        "first_responses": fr_has.astype(np.int64),
        "_fr_sum": np.where(fr_has, resp, 0.0),
        # an unanswered first turn (NaN) is never within a target
        "_fr_golden": (fr_has & (resp <= g)).astype(np.int64),
        "_fr_reasonable": (fr_has & (resp <= r)).astype(np.int64),
        "_fr_limit": (fr_has & (resp <= lim)).astype(np.int64),
    }))
    # attribution
    a = attribution
    if len(a):
        a_keys = {"agent": _plain(a["agent"]), "day": _day(a["inquiry_day"])}
        w = a["weight"].to_numpy(dtype="float64")
        paid = a["is_paid"].to_numpy(dtype=bool)
        same = a["paid_same_day"].to_numpy(dtype=bool)
        refund = a["refund_amount"].to_numpy(dtype="float64")
        refunded = paid & (refund > 0)
        buyer = _plain(a["buyer"])
        parts.append(_sum_by(a_keys, {
            "attributed_orders": w,
            "paid_orders": w * paid,
            "sales": w * np.where(paid, a["paid_amount"].to_numpy(dtype="float64"), 0.0),
            "items": w * np.where(paid, a["items"].to_numpy(dtype="float64"), 0.0),
            "refund_orders": w * refunded,
            "refund_amount": w * np.where(paid, refund, 0.0),
        }))
        parts.append(_distinct_buyers(a_keys, buyer, w, name="ordering_buyers"))
        parts.append(_distinct_buyers({k: v[paid] for k, v in a_keys.items()}, buyer[paid], w[paid],
                                      name="paying_buyers"))
        parts.append(_distinct_buyers({k: v[same] for k, v in a_keys.items()}, buyer[same], w[same],
                                      name="same_day_paying_buyers"))
    if len(reminders):
        r_keys = {"agent": _plain(reminders["agent"]), "day": _day(reminders["day"])}
        parts.append(_sum_by(r_keys, {
            "reminded_orders": np.ones(len(reminders), dtype=np.int64),
            "reminded_paid_orders": reminders["is_paid"].to_numpy(dtype=np.int64),
        }))
    parts = [p for p in parts if len(p)]
    cols = _ADDITIVE + _HELPERS
    if not parts:
        return pd.DataFrame({"agent": pd.Series(dtype=object), "day": pd.Series(dtype="datetime64[ns]"),
                             **{c: pd.Series(dtype="float64") for c in cols}})
    out = pd.concat(parts, axis=1).fillna(0.0)
    for c in cols:
        if c not in out:
            out[c] = 0.0
    out = out[cols]
    out.index = out.index.set_names(["agent", "day"])
    out = out.reset_index()
    out["agent"] = out["agent"].astype(object)
    out["day"] = out["day"].astype("datetime64[ns]")
    return out


def _time_stats(turns: pd.DataFrame, by_day: bool) -> pd.DataFrame:
    """Median and P90 of first responses and of all responses per agent (or agent and day)."""
    keys = ["agent", "day"] if by_day else ["agent"]
    counted = turns["counted"].to_numpy(dtype=bool) if "counted" in turns else np.ones(len(turns), bool)
    resp = turns["response_s"].to_numpy(dtype="float64")
    ok = counted & ~np.isnan(resp)
    frame = pd.DataFrame({"agent": _plain(turns["agent"])[ok], "day": _day(turns["day"])[ok],
                          "r": resp[ok], "first": turns["is_first"].to_numpy(dtype=bool)[ok]})
    names = ["first_response_median_s", "first_response_p90_s", "response_median_s", "response_p90_s"]
    if len(frame) == 0:
        return pd.DataFrame({**{k: pd.Series(dtype=object if k == "agent" else "datetime64[ns]")
                                for k in keys}, **{n: pd.Series(dtype="float64") for n in names}})
    g_all = frame.groupby(keys, sort=False)["r"]
    g_first = frame.loc[frame["first"]].groupby(keys, sort=False)["r"]
    out = pd.concat(
        [g_first.median().rename(names[0]), g_first.quantile(0.9).rename(names[1]),
         g_all.median().rename(names[2]), g_all.quantile(0.9).rename(names[3])], axis=1
    ).reset_index()
    out["agent"] = out["agent"].astype(object)
    return out


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    """Ratios and means from the additive sums; the AGENT_COLUMNS order; helpers dropped."""
    df = df.copy()
    for c in ("first_response_median_s", "first_response_p90_s", "response_median_s", "response_p90_s"):
        if c not in df:
            df[c] = np.nan
    df["conversion_rate"] = _div(df["paying_buyers"], df["inquiring_buyers"])
    df["aov"] = _div(df["sales"], df["paying_buyers"])
    df["items_per_buyer"] = _div(df["items"], df["paying_buyers"])
    df["price_per_item"] = _div(df["sales"], df["items"])
    df["unanswered_turns"] = df["turns"] - df["_answered"]
    df["reply_rate"] = _div(df["_answered"], df["turns"])
    df["first_response_mean_s"] = _div(df["_fr_sum"], df["first_responses"])
    df["response_mean_s"] = _div(df["_resp_sum"], df["responses"])
    df["fr_within_golden"] = _div(df["_fr_golden"], df["_first_turns"])
    df["fr_within_reasonable"] = _div(df["_fr_reasonable"], df["_first_turns"])
    df["fr_within_limit"] = _div(df["_fr_limit"], df["_first_turns"])
    df["refund_rate"] = _div(df["refund_orders"], df["paid_orders"])
    df["refund_amount_rate"] = _div(df["refund_amount"], df["sales"])
    df["reminder_success_rate"] = _div(df["reminded_paid_orders"], df["reminded_orders"])
    ints = ["conversations", "inquiring_buyers", "turns", "unanswered_turns", "slow_turns", "reminded_orders",
            "reminded_paid_orders", "first_responses", "responses"]
    for c in ints:
        df[c] = df[c].round().astype(np.int64)
    return df[(["agent", "day"] if "day" in df else ["agent"]) + AGENT_COLUMNS[1:]]


# ------------------------------------------------------------------------------------------------
# shop level


def shop_tables(
    orders: pd.DataFrame,
    consulted: np.ndarray,
    attribution: pd.DataFrame,
    conversations: pd.DataFrame,
    turns: pd.DataFrame,
    checks: dict[str, pd.DataFrame],
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``(shop, shop_days)``: results.SHOP_KEYS for the whole data and per order-creation day.

    Orders are counted on the day they were created; payment is counted when it happened by the end
    of the data (下单判定 with 最终付款, the default reading of domain.md). Silent orders are paid orders
    whose buyer started no turn with any agent in the attribution window before the order.
    """
    created = pd.to_datetime(orders["created"]).astype("datetime64[ns]")
    paid_t = pd.to_datetime(orders["paid"]).astype("datetime64[ns]")
    is_paid = paid_t.notna().to_numpy()
    amount = np.where(is_paid, orders["paid_amount"].to_numpy(dtype="float64", na_value=0.0), 0.0)
    refund = np.where(is_paid, orders["refund_amount"].to_numpy(dtype="float64", na_value=0.0), 0.0)
    items = np.where(is_paid, orders["items"].to_numpy(dtype="float64", na_value=0.0), 0.0)
    buyer = orders["buyer"].astype(object).to_numpy()
    silent = is_paid & ~consulted
    inquiry = is_paid & consulted
    a_paid = attribution["is_paid"].to_numpy(dtype=bool) if len(attribution) else np.zeros(0, bool)
    a_sales = (attribution["weight"].to_numpy(dtype="float64") * attribution["paid_amount"].to_numpy(
        dtype="float64") * a_paid) if len(attribution) else np.zeros(0)
    day = created.dt.normalize().to_numpy()

    frame = pd.DataFrame({
        "day": day, "orders": 1, "paid_orders": is_paid.astype(np.int64), "sales": amount,
        "silent_sales": np.where(silent, amount, 0.0), "inquiry_sales": np.where(inquiry, amount, 0.0),
        "silent_orders": silent.astype(np.int64), "inquiry_orders": inquiry.astype(np.int64),
        "refund_orders": (is_paid & (refund > 0)).astype(np.int64), "refund_amount": refund, "items": items,
    })
    sums = frame.groupby("day", sort=True).sum()
    pb = pd.DataFrame({"day": day[is_paid], "b": buyer[is_paid]}).drop_duplicates()
    sums["paying_buyers"] = pb.groupby("day").size().reindex(sums.index, fill_value=0)
    if len(attribution):
        a_day = pd.to_datetime(attribution["created"]).dt.normalize().to_numpy()
        sums["agent_sales"] = pd.Series(a_sales, index=a_day).groupby(level=0).sum().reindex(
            sums.index, fill_value=0.0)
    else:
        sums["agent_sales"] = 0.0

    # chat volume and response medians per day (conversation day)
    counted = turns["counted"].to_numpy(dtype=bool) if "counted" in turns else np.ones(len(turns), bool)
    tr = turns.loc[counted & turns["response_s"].notna().to_numpy()]
    tr_day = _day(tr["day"])
    tr_resp = tr["response_s"].to_numpy(dtype="float64")
    tr_first = tr["is_first"].to_numpy(dtype=bool)
    conv_day = _day(conversations["day"])
    inq = conversations["inquiry"].to_numpy(dtype=bool)
    ib = pd.DataFrame({"day": conv_day[inq], "a": _plain(conversations["agent"])[inq],
                       "b": _plain(conversations["buyer"])[inq]}).drop_duplicates()
    chat = pd.concat([
        pd.Series(1, index=conv_day).groupby(level=0).sum().rename("conversations"),
        ib.groupby("day").size().rename("inquiring_buyers"),
        pd.Series(tr_resp[tr_first], index=tr_day[tr_first]).groupby(level=0).median().rename(
            "first_response_median_s"),
        pd.Series(tr_resp[tr_first], index=tr_day[tr_first]).groupby(level=0).mean().rename(
            "first_response_mean_s"),
        pd.Series(tr_resp, index=tr_day).groupby(level=0).median().rename("response_median_s"),
        pd.Series(tr_resp, index=tr_day).groupby(level=0).mean().rename("response_mean_s"),
    ], axis=1)
    days = sums.join(chat, how="outer")
    for c in ("orders", "paid_orders", "sales", "silent_sales", "inquiry_sales", "silent_orders",
              "inquiry_orders", "refund_orders", "refund_amount", "items", "paying_buyers", "agent_sales",
              "conversations", "inquiring_buyers"):
        days[c] = days[c].fillna(0)
    days = _check_counts_by_day(days, checks)
    _shop_ratios(days)
    days.index.name = "day"
    shop_days = days.reset_index()
    shop_days["day"] = shop_days["day"].astype("datetime64[ns]")
    shop_days = shop_days[["day"] + SHOP_KEYS]

    total = {c: float(days[c].sum()) for c in ("sales", "silent_sales", "inquiry_sales", "refund_amount",
                                               "items", "agent_sales")}
    for c in ("orders", "paid_orders", "silent_orders", "inquiry_orders", "refund_orders", "conversations",
              "inquiring_buyers"):
        total[c] = int(days[c].sum())
    total["paying_buyers"] = int(len(np.unique(buyer[is_paid].astype(str)))) if is_paid.any() else 0
    resp_all = tr_resp
    total["first_response_median_s"] = _nanstat(np.median, tr_resp[tr_first])
    total["first_response_mean_s"] = _nanstat(np.mean, tr_resp[tr_first])
    total["response_median_s"] = _nanstat(np.median, resp_all)
    total["response_mean_s"] = _nanstat(np.mean, resp_all)
    total.update(_check_counts(checks))
    one = pd.DataFrame([total])
    _shop_ratios(one)
    shop = {k: _py(one[k].iloc[0]) for k in SHOP_KEYS}
    return shop, shop_days


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


def _check_counts_by_day(days: pd.DataFrame, checks: dict[str, pd.DataFrame]) -> pd.DataFrame:
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
        days[name] = s.reindex(days.index).fillna(0).astype(np.int64) if len(s) else 0
    return days


def product_refunds(lines: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Refund rate per product (SKU, else title) over the lines of paid orders.

    orders = distinct paid orders with the product; refund_orders = those whose line for it has a
    refund amount or a refund status (退款); refund_amount sums the lines' refunds.
    """
    cols = ["sku", "title", "orders", "refund_orders", "refund_rate", "refund_amount", "quantity", "sales"]
    if len(lines) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("sku", "title") else "float64") for c in cols})
    paid_ids = set()
    if len(orders):
        pk = orders["platform"].astype(object) + "\x1f" + orders["order_id"].astype(object)
        paid_ids = pk[pd.to_datetime(orders["paid"]).notna().to_numpy()]
    lk = lines["platform"].astype(object) + "\x1f" + lines["order_id"].astype(object)
    ln = lines.loc[lk.isin(paid_ids).to_numpy()] if len(orders) else lines
    lk = lk.loc[ln.index]
    sku = ln["sku"].astype(object).fillna("")
    title = ln["title"].astype(object).fillna("")
    product = sku.where(sku != "", "title:" + title)
    refund = ln["refund_amount"].to_numpy(dtype="float64", na_value=0.0)
    refunded = (refund > 0) | ln["status_raw"].astype(object).fillna("").str.contains("退款").to_numpy(dtype=bool)
    qty = ln["quantity"].to_numpy(dtype="float64", na_value=0.0)
    f = pd.DataFrame({"product": product.to_numpy(), "sku": sku.to_numpy(), "title": title.to_numpy(),
                      "order": lk.to_numpy(), "refunded": refunded, "refund_amount": refund, "quantity": qty,
                      "sales": qty * ln["price"].to_numpy(dtype="float64", na_value=0.0)})
    per_order = f.groupby(["product", "order"], sort=False).agg(
        refunded=("refunded", "max"), refund_amount=("refund_amount", "sum"), quantity=("quantity", "sum"),
        sales=("sales", "sum"))
    g = per_order.groupby(level=0, sort=False)
    out = pd.DataFrame({
        "orders": g.size().astype("float64"), "refund_orders": g["refunded"].sum().astype("float64"),
        "refund_amount": g["refund_amount"].sum(), "quantity": g["quantity"].sum(), "sales": g["sales"].sum(),
    })
    names = f.groupby("product", sort=False).agg(sku=("sku", "first"), title=("title", "first"))
    out = out.join(names)
    out["refund_rate"] = _div(out["refund_orders"], out["orders"])
    out = out.reset_index(drop=True)[cols]
    return out.sort_values(["refund_rate", "orders"], ascending=[False, False], kind="stable").reset_index(
        drop=True)


# ------------------------------------------------------------------------------------------------
# drill-down

#: which list explains which agent figure
_DRILL = {
    "conversations": "conversations",
    "inquiring_buyers": "inquiring_buyers",
    "ordering_buyers": "orders", "attributed_orders": "orders",
    "paying_buyers": "paid_orders", "paid_orders": "paid_orders", "conversion_rate": "paid_orders",
    "sales": "paid_orders", "aov": "paid_orders", "items": "paid_orders", "items_per_buyer": "paid_orders",
    "price_per_item": "paid_orders",
    "same_day_paying_buyers": "same_day_orders",
    "turns": "turns", "reply_rate": "turns", "responses": "answered_turns",
    "unanswered_turns": "unanswered_turns", "slow_turns": "slow_turns",
    "response_mean_s": "answered_turns", "response_median_s": "answered_turns", "response_p90_s": "answered_turns",
    "first_response_mean_s": "first_turns", "first_response_median_s": "first_turns",
    "first_response_p90_s": "first_turns", "first_responses": "first_turns", "fr_within_golden": "first_turns",
    "fr_within_reasonable": "first_turns", "fr_within_limit": "first_turns",
    "refund_orders": "refund_orders", "refund_rate": "refund_orders", "refund_amount": "refund_orders",
    "refund_amount_rate": "refund_orders",
    "reminded_orders": "reminders", "reminded_paid_orders": "reminders_paid", "reminder_success_rate": "reminders",
}


def drill_kinds() -> dict[str, str]:
    """Agent figure -> the kind of list drill_down returns for it."""
    return dict(_DRILL)


def drill_down(results: Results, agent: str, kpi: str, day=None) -> pd.DataFrame:
    """The buyers, orders, conversations or turns behind one agent figure (optionally one day).

    E.g. "paying_buyers" -> the agent's attributed paid orders with their buyers; "slow_turns" -> the
    slow turns; "conversations" -> the conversations; "inquiring_buyers" -> one row per (day, buyer)
    with the buyer's conversations and messages that day. Raises KeyError for an unknown figure.
    """
    kind = _DRILL[kpi]
    day = None if day is None else pd.Timestamp(day).normalize()

    def on_day(frame: pd.DataFrame, col: str) -> pd.DataFrame:
        return frame if day is None else frame.loc[pd.to_datetime(frame[col]) == day]

    if kind in ("conversations", "inquiring_buyers"):
        c = results.conversations
        c = on_day(c.loc[_plain(c["agent"]) == agent], "day")
        if kind == "conversations":
            return c.reset_index(drop=True)
        c = c.loc[c["inquiry"].to_numpy(dtype=bool)]
        f = pd.DataFrame({"day": c["day"].to_numpy(), "buyer": _plain(c["buyer"]),
                          "conv_id": c["conv_id"].to_numpy(), "messages": c["messages"].to_numpy(),
                          "buyer_messages": c["buyer_messages"].to_numpy()})
        return f.groupby(["day", "buyer"], sort=True).agg(
            conversations=("conv_id", "size"), first_conv_id=("conv_id", "min"), messages=("messages", "sum"),
            buyer_messages=("buyer_messages", "sum")).reset_index()
    if kind in ("orders", "paid_orders", "same_day_orders", "refund_orders"):
        a = results.attribution
        a = on_day(a.loc[_plain(a["agent"]) == agent], "inquiry_day")
        if kind == "paid_orders":
            a = a.loc[a["is_paid"].to_numpy(dtype=bool)]
        elif kind == "same_day_orders":
            a = a.loc[a["paid_same_day"].to_numpy(dtype=bool)]
        elif kind == "refund_orders":
            a = a.loc[a["is_paid"].to_numpy(dtype=bool) & (a["refund_amount"].to_numpy(dtype="float64") > 0)]
        return a.reset_index(drop=True)
    if kind in ("reminders", "reminders_paid"):
        r = results.reminders
        if len(r) == 0:
            return r
        r = on_day(r.loc[_plain(r["agent"]) == agent], "day")
        if kind == "reminders_paid":
            r = r.loc[r["is_paid"].to_numpy(dtype=bool)]
        return r.reset_index(drop=True)
    t = results.turns
    mask = _plain(t["agent"]) == agent
    if "counted" in t:
        mask &= t["counted"].to_numpy(dtype=bool)
    if kind == "slow_turns":
        mask &= t["slow"].to_numpy(dtype=bool)
    elif kind == "unanswered_turns":
        mask &= ~t["answered"].to_numpy(dtype=bool)
    elif kind == "answered_turns":
        mask &= t["response_s"].notna().to_numpy()
    elif kind == "first_turns":
        mask &= t["is_first"].to_numpy(dtype=bool)
    return on_day(t.loc[mask], "day").reset_index(drop=True)
