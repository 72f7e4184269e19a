"""Daily KPI trends per agent and for the whole shop, and this week against the week before.

``daily_trends(results)`` reads ``Results.agent_days`` and ``Results.shop_days`` (plus the
attribution and conversations for the shop's own conversion rate) and returns one row per day per
agent and one "shop" row per day. Besides the rates it keeps the counts behind them, so
``week_over_week`` can recompute each weekly rate from sums instead of averaging daily rates:

* conversion = Σ converted buyers / Σ inquiring buyers (buyer-days: a buyer who inquires on two
  days counts twice, as the daily figures do);
* AOV = Σ sales / Σ paying buyers; refund rate = Σ refund orders / Σ paid orders;
* mean response times are weighted by the number of responses behind each day's mean.

Medians cannot be combined from daily medians, so the weekly comparison leaves them out (the
daily series shows them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: scope values
SCOPE_AGENT = "agent"
SCOPE_SHOP = "shop"

#: the rates plotted per day
RATE_COLUMNS = [
    "conversion_rate", "aov", "first_response_mean_s", "first_response_median_s",
    "response_mean_s", "response_median_s", "refund_rate",
]
#: the counts behind them (NaN when the results did not provide one)
COUNT_COLUMNS = [
    "inquiring_buyers", "converted_buyers", "paying_buyers", "sales", "paid_orders", "refund_orders",
    "first_responses", "responses",
]
TREND_COLUMNS = ["day", "scope", "agent"] + RATE_COLUMNS + COUNT_COLUMNS

#: the figures compared week over week, and whether a rise is good
WOW_METRICS: dict[str, bool] = {
    "conversion_rate": True,
    "aov": True,
    "sales": True,
    "inquiring_buyers": True,
    "first_response_mean_s": False,
    "response_mean_s": False,
    "refund_rate": False,
}
WOW_COLUMNS = ["scope", "agent", "metric", "this_week", "previous_week", "change", "change_rel", "improved",
               "base_this", "base_previous"]
#: what each compared figure is counted over (its sample size): buyers, responses or orders
WOW_BASES: dict[str, str] = {
    "conversion_rate": "inquiring_buyers",
    "aov": "paying_buyers",
    "sales": "paying_buyers",
    "inquiring_buyers": "inquiring_buyers",
    "first_response_mean_s": "first_responses",
    "response_mean_s": "responses",
    "refund_rate": "paid_orders",
}
#: a relative change is only given when both weeks rest on at least this many buyers / responses /
#: orders: from 2 paying buyers to 3, AOV "+150 %" says nothing
MIN_WOW_BASE = 10


def daily_trends(results: Any) -> pd.DataFrame:
    """One row per (day, agent) and per day for the shop (scope "shop", agent ""); see TREND_COLUMNS."""
    frames = [_agent_rows(getattr(results, "agent_days", None)), _shop_rows(results)]
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return _empty_trends()
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["scope", "agent", "day"], kind="stable").reset_index(drop=True)
    out = out[TREND_COLUMNS].copy()
    # the shop's distinct paying buyers of this week and the week before (model.service_figures): the
    # weekly 客单价 divides by them, not by buyer-days (a buyer paying on two days is one buyer)
    shop = getattr(results, "shop", None) or {}
    weeks = (shop.get("paying_buyers_this_week"), shop.get("paying_buyers_previous_week"))
    if all(isinstance(w, (int, float)) and w == w for w in weeks):
        out.attrs["shop_paying_buyers"] = weeks
    return out


def week_over_week(trends: pd.DataFrame, as_of: Any, min_base: float = MIN_WOW_BASE) -> pd.DataFrame:
    """This week (the 7 days ending on ``as_of``'s day) against the 7 days before, per agent and shop.

    Long format, one row per (scope, agent, metric): this_week, previous_week, change (absolute),
    change_rel (change / previous; NaN when the previous value is 0 or missing, or when either week
    rests on fewer than ``min_base`` buyers / responses / orders: base_this and base_previous, see
    WOW_BASES; NaN when the data has no such count) and improved (True when the change goes the good
    way: higher conversion, lower response time, ...).
    """
    if trends is None or not len(trends):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in WOW_COLUMNS})
    end = pd.Timestamp(as_of).normalize()
    this_lo = end - pd.Timedelta(days=6)
    prev_lo = end - pd.Timedelta(days=13)
    days = pd.to_datetime(trends["day"]).dt.normalize()
    rows = []
    for (scope, agent), group in trends.groupby(["scope", "agent"], sort=False):
        gdays = days.loc[group.index]
        this_rows = group[(gdays >= this_lo) & (gdays <= end)]
        prev_rows = group[(gdays >= prev_lo) & (gdays < this_lo)]
        cur, prev = _week_figures(this_rows), _week_figures(prev_rows)
        distinct = trends.attrs.get("shop_paying_buyers") if scope == SCOPE_SHOP else None
        if distinct is not None:  # 客单价 = the week's sales / its distinct paying buyers
            cur["aov"] = cur["sales"] / distinct[0] if distinct[0] else np.nan
            prev["aov"] = prev["sales"] / distinct[1] if distinct[1] else np.nan
        for metric, higher_better in WOW_METRICS.items():
            a, b = cur[metric], prev[metric]
            n_a, n_b = _base(this_rows, WOW_BASES[metric]), _base(prev_rows, WOW_BASES[metric])
            change = a - b
            rel = change / b if (b == b and b != 0) else np.nan
            if too_few(n_a, n_b, min_base):
                rel = np.nan  # too little behind one of the weeks for a percentage to mean anything
            improved = bool(change > 0) if higher_better else bool(change < 0)
            rows.append((scope, agent, metric, a, b, change, rel, improved if change == change else False,
                         n_a, n_b))
    out = pd.DataFrame(rows, columns=WOW_COLUMNS)
    order = {SCOPE_SHOP: 0, SCOPE_AGENT: 1}
    out = out.sort_values(["scope", "agent"], key=lambda s: s.map(order) if s.name == "scope" else s,
                          kind="stable").reset_index(drop=True)
    for c in ("this_week", "previous_week", "change", "change_rel", "base_this", "base_previous"):
        out[c] = out[c].astype("float64")
    out.attrs["this_week"] = (this_lo, end)
    out.attrs["previous_week"] = (prev_lo, this_lo - pd.Timedelta(days=1))
    return out


def shop_conversion(results: Any) -> float:
    """The shop's 询单转化率: distinct inquiring buyers who paid an attributed order / inquiring buyers."""
    conv = getattr(results, "conversations", None)
    att = getattr(results, "attribution", None)
    if conv is None or not len(conv) or "inquiry" not in conv.columns:
        return float("nan")
    inquiring = conv.loc[conv["inquiry"].astype(bool), "buyer"].nunique()
    if not inquiring:
        return float("nan")
    paying = 0
    if att is not None and len(att) and "is_paid" in att.columns:
        paying = att.loc[att["is_paid"].astype(bool), "buyer"].nunique()
    return paying / inquiring


# --- internals ----------------------------------------------------------------------------------

def _empty_trends() -> pd.DataFrame:
    data: dict[str, pd.Series] = {"day": pd.Series(dtype="datetime64[ns]"),
                                  "scope": pd.Series(dtype=object), "agent": pd.Series(dtype=object)}
    for c in RATE_COLUMNS + COUNT_COLUMNS:
        data[c] = pd.Series(dtype="float64")
    return pd.DataFrame(data)


def _col(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name in frame.columns:
        return pd.to_numeric(frame[name], errors="coerce").astype("float64").to_numpy()
    return np.full(len(frame), np.nan)


def _agent_rows(agent_days: pd.DataFrame | None) -> pd.DataFrame | None:
    if agent_days is None or not len(agent_days):
        return None
    out = pd.DataFrame({
        "day": pd.to_datetime(agent_days["day"]).dt.normalize().astype("datetime64[ns]").to_numpy(),
        "scope": SCOPE_AGENT,
        "agent": agent_days["agent"].astype(str).to_numpy(),
    })
    for c in RATE_COLUMNS:
        out[c] = _col(agent_days, c)
    for c in COUNT_COLUMNS:
        out[c] = _col(agent_days, c)
    # an agent's paying_buyers are its inquiry -> paid buyers (询单→最终付款人数)
    out["converted_buyers"] = _col(agent_days, "paying_buyers")
    return out


def _shop_rows(results: Any) -> pd.DataFrame | None:
    shop_days = getattr(results, "shop_days", None)
    if shop_days is None or not len(shop_days):
        return None
    days = pd.to_datetime(shop_days["day"]).dt.normalize().astype("datetime64[ns]")
    out = pd.DataFrame({"day": days.to_numpy(), "scope": SCOPE_SHOP, "agent": ""})
    for c in RATE_COLUMNS + COUNT_COLUMNS:
        out[c] = _col(shop_days, c)
    conv = getattr(results, "conversations", None)
    turns = getattr(results, "turns", None)
    att = getattr(results, "attribution", None)
    key = pd.Index(days)
    if conv is not None and len(conv) and {"day", "buyer", "inquiry"} <= set(conv.columns):
        cday = pd.to_datetime(conv["day"]).dt.normalize()
        inq = conv[conv["inquiry"].astype(bool)].assign(_d=cday)
        per_day = inq.groupby("_d")["buyer"].nunique()
        filled = np.isnan(out["inquiring_buyers"].to_numpy())
        out.loc[filled, "inquiring_buyers"] = per_day.reindex(key[filled]).fillna(0).to_numpy(dtype=float)
        # inquiries and no attributed payment: 0 converted (0 %, as the JSON says), not unknown
        out["converted_buyers"] = 0.0
        if att is not None and len(att) and {"inquiry_day", "is_paid", "buyer"} <= set(att.columns):
            paid = att[att["is_paid"].astype(bool)]
            # an inquiring buyer converts on the day of the conversation the order is credited to
            conv_days = paid.assign(_d=pd.to_datetime(paid["inquiry_day"]).dt.normalize())
            converted = conv_days.groupby("_d")["buyer"].nunique()
            out["converted_buyers"] = converted.reindex(key).fillna(0).to_numpy(dtype=float)
        if "first_response_s" in conv.columns:
            fr = conv.assign(_d=cday).groupby("_d")["first_response_s"]
            _fill(out, "first_response_mean_s", fr.mean(), key)
            _fill(out, "first_response_median_s", fr.median(), key)
            _fill(out, "first_responses", fr.count(), key)
    if turns is not None and len(turns) and {"day", "response_s"} <= set(turns.columns):
        t = turns
        if "counted" in t.columns:
            t = t[t["counted"].astype(bool)]
        tr = t.assign(_d=pd.to_datetime(t["day"]).dt.normalize()).groupby("_d")["response_s"]
        _fill(out, "response_mean_s", tr.mean(), key)
        _fill(out, "response_median_s", tr.median(), key)
        _fill(out, "responses", tr.count(), key)
    if "conversion_rate" not in shop_days.columns:
        with np.errstate(divide="ignore", invalid="ignore"):
            inq = out["inquiring_buyers"].to_numpy()
            out["conversion_rate"] = np.where(inq > 0, out["converted_buyers"].to_numpy() / inq, np.nan)
    return out


def _fill(out: pd.DataFrame, col: str, values: pd.Series, key: pd.Index) -> None:
    """Fill ``col`` where the shop_days frame left it empty (the model's own figure wins)."""
    missing = np.isnan(out[col].to_numpy())
    if missing.any():
        out.loc[missing, col] = values.reindex(key[missing]).to_numpy(dtype=float)


def too_few(base_this: float, base_previous: float, min_base: float = MIN_WOW_BASE) -> bool:
    """True when either week rests on fewer than ``min_base`` buyers / responses / orders (an unknown
    count, NaN, does not count as too few)."""
    return any(n == n and n < min_base for n in (base_this, base_previous))


def _base(rows: pd.DataFrame, column: str) -> float:
    """The week's total of ``column`` (NaN when no day has it)."""
    v = rows[column].to_numpy(dtype=float) if column in rows.columns else np.zeros(0)
    return float(np.nansum(v)) if len(v) and not np.isnan(v).all() else np.nan


def _week_figures(rows: pd.DataFrame) -> dict[str, float]:
    def total(c: str) -> float:
        v = rows[c].to_numpy(dtype=float)
        return float(np.nansum(v)) if len(v) and not np.isnan(v).all() else np.nan

    def ratio(num: float, den: float) -> float:
        return num / den if den == den and den and num == num else np.nan

    def weighted(mean_col: str, n_col: str) -> float:
        m = rows[mean_col].to_numpy(dtype=float)
        n = rows[n_col].to_numpy(dtype=float)
        ok = ~np.isnan(m)
        if not ok.any():
            return np.nan
        if np.isnan(n[ok]).any():  # no sample sizes: plain mean of the daily means
            return float(m[ok].mean())
        w = n[ok]
        return float((m[ok] * w).sum() / w.sum()) if w.sum() > 0 else np.nan

    inquiring = total("inquiring_buyers")
    return {
        "conversion_rate": ratio(total("converted_buyers"), inquiring),
        "aov": ratio(total("sales"), total("paying_buyers")),
        "sales": total("sales"),
        "inquiring_buyers": inquiring,
        "first_response_mean_s": weighted("first_response_mean_s", "first_responses"),
        "response_mean_s": weighted("response_mean_s", "responses"),
        "refund_rate": ratio(total("refund_orders"), total("paid_orders")),
    }
