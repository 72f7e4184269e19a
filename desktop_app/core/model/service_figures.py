"""Shop P90 of the response times and the JD/PDD answer rates, per agent, per shop and per day.

- ``first_response_p90_s`` / ``response_p90_s`` (shop): the 90th percentile beside every shop mean and
  median of a time (linear interpolation, the same as the agents' P90).
- ``answered_30s_rate`` / ``answered_3min_rate``: counted buyer turns a human answered within 30 s /
  3 min (calendar time, as the platforms measure), over all counted turns (an unanswered turn counts
  in the denominator). Per agent, per (agent, day), for the shop and per shop day.
- Shop counts that explain other figures: ``not_a_sale_orders`` (paid orders with paid amount ≤ 0),
  ``buyerless_paid_orders`` (paid orders without a buyer id, each counted as its own buyer),
  ``unpaid_closed`` (unpaid orders past ``unpaid_close_hours``), ``unpaid_cod`` is not listed (COD orders
  never enter the unpaid list) and ``refund_pending`` (paid orders with a refund in progress).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: (key, seconds) of the answer rates
ANSWER_RATES = (("answered_30s_rate", 30.0), ("answered_3min_rate", 180.0))


def _turn_arrays(turns: pd.DataFrame):
    counted = turns["counted"].to_numpy(dtype=bool) if "counted" in turns else np.ones(len(turns), bool)
    answered = turns["answered"].to_numpy(dtype=bool)
    cal = turns["calendar_response_s"].to_numpy(dtype="float64")
    return counted, answered, cal


def _rates(turns: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Answer rates of ``turns`` grouped by ``keys`` (a frame with the keys and one column per rate)."""
    counted, answered, cal = _turn_arrays(turns)
    t = turns.loc[counted, keys].copy()
    for name, limit in ANSWER_RATES:
        t[name] = (answered & (cal <= limit))[counted].astype("float64")
    for k in keys:
        if isinstance(t[k].dtype, pd.CategoricalDtype):
            t[k] = t[k].astype(object)
    return t.groupby(keys, sort=False)[[n for n, _ in ANSWER_RATES]].mean().reset_index()


def add_service_figures(shop: dict, shop_days: pd.DataFrame, agents: pd.DataFrame, agent_days: pd.DataFrame,
                        turns: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """P90s and answer rates into ``shop`` (in place) and the frames (returned: agents, agent_days, shop_days)."""
    names = [n for n, _ in ANSWER_RATES]
    if turns is None or not len(turns):
        for k in ("first_response_p90_s", "response_p90_s", *names):
            shop[k] = float("nan")
        for frame in (agents, agent_days, shop_days):
            for n in names:
                frame[n] = np.nan
        return agents, agent_days, shop_days
    counted, answered, cal = _turn_arrays(turns)
    resp = turns["response_s"].to_numpy(dtype="float64")
    first = turns["is_first"].to_numpy(dtype=bool)
    ok = counted & ~np.isnan(resp)
    shop["first_response_p90_s"] = float(np.percentile(resp[ok & first], 90)) if (ok & first).any() else float("nan")
    shop["response_p90_s"] = float(np.percentile(resp[ok], 90)) if ok.any() else float("nan")
    for name, limit in ANSWER_RATES:
        shop[name] = float((answered & (cal <= limit))[counted].mean()) if counted.any() else float("nan")

    def merge(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        if frame is None or not len(frame):
            out = frame.copy() if frame is not None else pd.DataFrame()
            for n in names:
                out[n] = pd.Series(dtype="float64")
            return out
        rates = _rates(turns, keys)
        left = frame.copy()
        for k in keys:
            if k == "day":
                rates[k] = pd.to_datetime(rates[k]).astype("datetime64[ns]")
            else:
                left[k] = left[k].astype(object)
        return left.drop(columns=[n for n in names if n in left.columns]).merge(rates, on=keys, how="left")

    if shop_days is not None and len(shop_days):
        shop_days = merge(shop_days, ["day"])
        counted_days = turns.loc[counted, "day"]
        p90 = pd.DataFrame({"day": pd.to_datetime(counted_days.to_numpy()).astype("datetime64[ns]"),
                            "r": resp[counted], "f": np.where(first[counted], resp[counted], np.nan)})
        g = p90.groupby("day")
        q = pd.DataFrame({"first_response_p90_s": g["f"].quantile(0.9), "response_p90_s": g["r"].quantile(0.9)})
        shop_days = shop_days.drop(columns=[c for c in q.columns if c in shop_days.columns]).merge(
            q.reset_index(), on="day", how="left")
    return agents, agent_days, shop_days


def add_order_notes(shop: dict, kpi_orders: pd.DataFrame, not_a_sale: int, checks: dict,
                    as_of: pd.Timestamp | None = None) -> None:
    """The counts that explain the order figures (see the module docstring), into ``shop``.

    With ``as_of``: ``paying_buyers_this_week`` / ``paying_buyers_previous_week``, the distinct paying
    buyers of the orders created in the 7 days ending on as-of's day and the 7 days before (a buyerless
    paid order is a buyer of its own): the weekly 客单价 of the trends divides by these.
    """
    shop["not_a_sale_orders"] = int(not_a_sale)
    if as_of is not None:
        end = pd.Timestamp(as_of).normalize()
        day = pd.to_datetime(kpi_orders["created"]).dt.normalize() if len(kpi_orders) else pd.Series(dtype="M8[ns]")
        paid = pd.to_datetime(kpi_orders["paid"]).notna() if len(kpi_orders) else pd.Series(dtype=bool)
        for key, lo, hi in (("paying_buyers_this_week", end - pd.Timedelta(days=6), end),
                            ("paying_buyers_previous_week", end - pd.Timedelta(days=13), end - pd.Timedelta(days=7))):
            if not len(kpi_orders):
                shop[key] = 0
                continue
            buyers = kpi_orders.loc[(paid & (day >= lo) & (day <= hi)).to_numpy(), "buyer"]
            shop[key] = int(buyers[buyers != ""].nunique() + (buyers == "").sum())
    if len(kpi_orders):
        paid = pd.to_datetime(kpi_orders["paid"]).notna().to_numpy()
        no_buyer = kpi_orders["buyer"].to_numpy(dtype=object) == ""
        shop["buyerless_paid_orders"] = int((paid & no_buyer).sum())
    else:
        shop["buyerless_paid_orders"] = 0
    unpaid = checks.get("unpaid")
    shop["unpaid_closed"] = int(unpaid["closed_unpaid"].sum()) if unpaid is not None and len(unpaid) \
        and "closed_unpaid" in unpaid else 0
    pending = checks.get("refund_pending")
    shop["refund_pending"] = int(len(pending)) if pending is not None else 0
