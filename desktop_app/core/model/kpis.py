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

from .attribution import unique_sorted
from .conversations import DAY_NS, factorize_text
from .keys import OrderKeys, clean_codes, order_keys
from .results import AGENT_COLUMNS, AGENT_EXTRA_COLUMNS, SHOP_KEYS, Results
from .settings import DEFAULT_SETTINGS, ModelSettings

#: agent figures that add up over days (the rest are ratios or order statistics)
_ADDITIVE = [
    "conversations", "inquiring_buyers", "ordering_buyers", "paying_buyers", "same_day_paying_buyers",
    "sales", "items", "turns", "unanswered_turns", "slow_turns", "refund_orders", "refund_amount",
    "reminded_orders", "reminded_paid_orders", "attributed_orders", "paid_orders", "first_responses",
    "responses",
]
#: helper sums behind the means and shares (dropped from the output)
_HELPERS = ["_answered", "_fr_sum", "_resp_sum", "_first_turns", "_fr_golden", "_fr_reasonable", "_fr_limit",
            "_a30", "_a180"]


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


class _Groups:
    """Integer group keys (agent x day) shared by every source frame, so sums are np.bincount calls.

    Agent and buyer columns are categoricals with the conversations' categories (conversations.py,
    attribution.py); plain text columns are mapped onto the same codes.
    """

    def __init__(self, conversations, turns, attribution, reminders):
        names = []
        for f in (conversations, turns, attribution, reminders):
            if f is not None and len(f) and "agent" in f:
                col = f["agent"]
                names.append(col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype)
                             else pd.Index(pd.unique(col.to_numpy(dtype=object))))
        agents = pd.Index([], dtype=object)
        for n in names:
            agents = n if len(agents) == 0 else (agents if agents.equals(n) else agents.append(n).unique())
        self.agents = pd.Index(agents, dtype=object)
        buyer_col = conversations["buyer"] if len(conversations) else None
        self.buyers = (buyer_col.cat.categories if buyer_col is not None
                       and isinstance(buyer_col.dtype, pd.CategoricalDtype) else None)
        days = [np.floor_divide(_ns(f[c]), DAY_NS) for f, c in
                ((conversations, "day"), (turns, "day"), (attribution, "inquiry_day"), (reminders, "day"))
                if f is not None and len(f)]
        days = [d[d > np.iinfo(np.int64).min // DAY_NS] for d in days]
        self.d0 = int(min(d.min() for d in days if len(d))) if any(len(d) for d in days) else 0
        d1 = int(max(d.max() for d in days if len(d))) if any(len(d) for d in days) else 0
        self.n_days = d1 - self.d0 + 1
        self.n = max(len(self.agents), 1) * self.n_days

    def agent(self, col) -> np.ndarray:
        if isinstance(col.dtype, pd.CategoricalDtype) and col.cat.categories.equals(self.agents):
            return col.cat.codes.to_numpy().astype(np.int64)
        return self.agents.get_indexer(np.asarray(col, dtype=object)).astype(np.int64)

    def buyer(self, col) -> np.ndarray:
        """Buyer codes (any consistent integer per buyer)."""
        if self.buyers is not None and isinstance(col.dtype, pd.CategoricalDtype) \
                and col.cat.categories.equals(self.buyers):
            return col.cat.codes.to_numpy().astype(np.int64)
        return factorize_text(np.asarray(col, dtype=object))[0].astype(np.int64)

    def key(self, frame, day_col) -> np.ndarray:
        day = np.floor_divide(_ns(frame[day_col]), DAY_NS) - self.d0
        return self.agent(frame["agent"]) * self.n_days + day

    def sum(self, g, weights=None) -> np.ndarray:
        return np.bincount(g, weights=weights, minlength=self.n).astype("float64")

    def distinct(self, g, buyer, weight=None) -> np.ndarray:
        """Distinct buyers per group; with weights each buyer counts with its largest weight."""
        if len(g) == 0:
            return np.zeros(self.n)
        nb = int(buyer.max()) + 1
        combined = g * nb + buyer
        if weight is None:
            u = unique_sorted(combined)
            return np.bincount(u // nb, minlength=self.n).astype("float64")
        order = np.lexsort((weight, combined))
        c = combined[order]
        last = np.r_[c[1:] != c[:-1], True]  # the largest weight of each (group, buyer)
        return np.bincount(c[last] // nb, weights=weight[order][last], minlength=self.n)


def _ns(col) -> np.ndarray:
    return pd.to_datetime(col).astype("datetime64[ns]").to_numpy().view("i8")


def agent_tables(
    conversations: pd.DataFrame,
    turns: pd.DataFrame,
    attribution: pd.DataFrame,
    reminders: pd.DataFrame,
    settings: ModelSettings = DEFAULT_SETTINGS,
    responses: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(agents, agent_days)``: results.AGENT_COLUMNS per agent, and per (agent, day) with "day".

    ``responses``: sorted_responses(turns), when the caller has it already."""
    gr = _Groups(conversations, turns, attribution, reminders)
    sums = _additive(gr, conversations, turns, attribution, reminders, settings)
    n_a = max(len(gr.agents), 1)
    # per agent-day: only groups with any activity; per agent: the column sums over days
    active = np.zeros(gr.n, dtype=bool)
    for c in ("conversations", "turns", "attributed_orders", "reminded_orders"):
        active |= sums[c] != 0
    idx = np.flatnonzero(active)
    day_frame = pd.DataFrame({c: v[idx] for c, v in sums.items()})
    day_frame.insert(0, "day", ((idx % gr.n_days + gr.d0) * DAY_NS).view("datetime64[ns]"))
    day_frame.insert(0, "agent", np.asarray(gr.agents, dtype=object)[idx // gr.n_days] if len(gr.agents)
                     else np.zeros(0, dtype=object))
    agent_sum = {c: v.reshape(n_a, gr.n_days).sum(axis=1) for c, v in sums.items()}
    a_idx = np.flatnonzero(np.bincount(idx // gr.n_days, minlength=n_a) > 0) if len(idx) else idx
    agent_frame = pd.DataFrame({c: v[a_idx] for c, v in agent_sum.items()})
    agent_frame.insert(0, "agent", np.asarray(gr.agents, dtype=object)[a_idx] if len(gr.agents)
                       else np.zeros(0, dtype=object))
    # medians and P90 (order statistics do not add up: computed per group from the turns)
    stats_day, stats_agent = _time_stats(gr, turns, responses)
    for name, arr in stats_day.items():
        day_frame[name] = arr[idx]
    for name, arr in stats_agent.items():
        agent_frame[name] = arr[a_idx]
    agent_days = _finish(day_frame)
    agents = _finish(agent_frame)
    agent_days = agent_days.sort_values(["agent", "day"], kind="stable").reset_index(drop=True)
    return agents.sort_values("agent", kind="stable").reset_index(drop=True), agent_days


def _additive(gr: _Groups, conversations, turns, attribution, reminders, settings) -> dict[str, np.ndarray]:
    out = {c: np.zeros(gr.n) for c in _ADDITIVE + _HELPERS}
    if len(conversations):
        out["conversations"] = gr.sum(gr.key(conversations, "day"))
    counted = turns["counted"].to_numpy(dtype=bool) if "counted" in turns else np.ones(len(turns), bool)
    if counted.any():
        t = turns.loc[counted] if not counted.all() else turns
        g = gr.key(t, "day")
        resp = t["response_s"].to_numpy(dtype="float64")
        has = ~np.isnan(resp)
        first = t["is_first"].to_numpy(dtype=bool)
        gold, reasonable, limit = settings.first_response_targets_s
        fr_has = first & has
        out["turns"] = gr.sum(g)
        out["_answered"] = gr.sum(g, t["answered"].to_numpy(dtype="float64"))
        out["slow_turns"] = gr.sum(g, t["slow"].to_numpy(dtype="float64"))
        out["responses"] = gr.sum(g, has.astype("float64"))
        out["_resp_sum"] = gr.sum(g, np.where(has, resp, 0.0))
        out["_first_turns"] = gr.sum(g, first.astype("float64"))
        out["first_responses"] = gr.sum(g, fr_has.astype("float64"))
        out["_fr_sum"] = gr.sum(g, np.where(fr_has, resp, 0.0))
        # an unanswered first turn (NaN) is never within a target
        out["_fr_golden"] = gr.sum(g, (fr_has & (resp <= gold)).astype("float64"))
        out["_fr_reasonable"] = gr.sum(g, (fr_has & (resp <= reasonable)).astype("float64"))
        out["_fr_limit"] = gr.sum(g, (fr_has & (resp <= limit)).astype("float64"))
        # JD/PDD answer rates: answered by a human within 30 s / 3 min, calendar time (issue 11)
        answered = t["answered"].to_numpy(dtype=bool)
        cal = t["calendar_response_s"].to_numpy(dtype="float64")
        out["_a30"] = gr.sum(g, (answered & (cal <= 30.0)).astype("float64"))
        out["_a180"] = gr.sum(g, (answered & (cal <= 180.0)).astype("float64"))
    out.update(window_sums(gr, conversations, attribution, reminders))
    return out


#: the agent sums the attribution window and the reminder window move (window_sums)
WINDOW_SUMS = ["inquiring_buyers", "attributed_orders", "paid_orders", "sales", "items", "refund_orders",
               "refund_amount", "ordering_buyers", "paying_buyers", "same_day_paying_buyers", "reminded_orders",
               "reminded_paid_orders"]


def window_sums(gr: _Groups, conversations, attribution, reminders) -> dict[str, np.ndarray]:
    """The agent sums from the reception marks, the attribution and the reminders (WINDOW_SUMS)."""
    out = {c: np.zeros(gr.n) for c in WINDOW_SUMS}
    if len(conversations):
        g = gr.key(conversations, "day")
        inq = conversations["inquiry"].to_numpy(dtype=bool)
        out["inquiring_buyers"] = gr.distinct(g[inq], gr.buyer(conversations["buyer"])[inq])
    a = attribution
    if len(a):
        g = gr.key(a, "inquiry_day")
        w = a["weight"].to_numpy(dtype="float64")
        paid = a["is_paid"].to_numpy(dtype=bool)
        same = a["paid_same_day"].to_numpy(dtype=bool)
        refund = a["refund_amount"].to_numpy(dtype="float64")
        buyer = gr.buyer(a["buyer"])
        out["attributed_orders"] = gr.sum(g, w)
        out["paid_orders"] = gr.sum(g, w * paid)
        out["sales"] = gr.sum(g, w * np.where(paid, a["paid_amount"].to_numpy(dtype="float64"), 0.0))
        out["items"] = gr.sum(g, w * np.where(paid, a["items"].to_numpy(dtype="float64"), 0.0))
        out["refund_orders"] = gr.sum(g, w * (paid & (refund > 0)))
        out["refund_amount"] = gr.sum(g, w * np.where(paid, refund, 0.0))
        out["ordering_buyers"] = gr.distinct(g, buyer, w)
        out["paying_buyers"] = gr.distinct(g[paid], buyer[paid], w[paid])
        out["same_day_paying_buyers"] = gr.distinct(g[same], buyer[same], w[same])
    if len(reminders):
        g = gr.key(reminders, "day")
        out["reminded_orders"] = gr.sum(g)
        out["reminded_paid_orders"] = gr.sum(g, reminders["is_paid"].to_numpy(dtype="float64"))
    return out


def group_quantiles(g: np.ndarray, values: np.ndarray, n_groups: int, qs,
                    presorted: bool = False) -> list[np.ndarray]:
    """Quantiles ``qs`` of ``values`` per group ``g`` (0..n_groups-1), linear interpolation, NaN if empty.

    One sort for all groups: by value, then a stable sort by group (a radix sort for small group
    counts), then index arithmetic - no Python loop over groups. ``presorted``: ``values`` are
    already in ascending order (callers sort once and reuse it for several groupings).
    """
    out = [np.full(n_groups, np.nan) for _ in qs]
    if len(values) == 0:
        return out
    if not presorted:
        o = np.argsort(values, kind="stable")
        g, values = g[o], values[o]
    gk = g.astype(np.uint16 if n_groups < 2**16 else np.int64)
    o2 = np.argsort(gk, kind="stable")
    v = values[o2]
    counts = np.bincount(g, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    has = counts > 0
    for i, q in enumerate(qs):
        pos = q * (counts[has] - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, counts[has] - 1)
        frac = pos - lo
        a = v[starts[has] + lo]
        b = v[starts[has] + hi]
        out[i][has] = a + frac * (b - a)
    return out


def sorted_responses(turns: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """``(ok, order)``: which turns have a counted response time, and the stable ascending order of
    those response times. agent_tables and shop_tables both need it; compute() sorts once for both."""
    if len(turns) == 0:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64)
    counted = turns["counted"].to_numpy(dtype=bool) if "counted" in turns else np.ones(len(turns), bool)
    resp = turns["response_s"].to_numpy(dtype="float64")
    ok = counted & ~np.isnan(resp)
    return ok, np.argsort(resp[ok], kind="stable")


def _time_stats(gr: _Groups, turns: pd.DataFrame, responses=None) -> tuple[dict, dict]:
    """Median and P90 of first responses and of all responses per agent-day and per agent."""
    names = ["first_response_median_s", "first_response_p90_s", "response_median_s", "response_p90_s"]
    if len(turns) == 0:
        return ({n: np.full(gr.n, np.nan) for n in names},
                {n: np.full(max(len(gr.agents), 1), np.nan) for n in names})
    # one value sort serves all four groupings
    ok, o = sorted_responses(turns) if responses is None else responses
    r = turns["response_s"].to_numpy(dtype="float64")[ok][o]
    g = gr.key(turns, "day")[ok][o]
    first = turns["is_first"].to_numpy(dtype=bool)[ok][o]
    n_a = max(len(gr.agents), 1)
    by_day, by_agent = {}, {}
    for (med, p90), sel in (((names[0], names[1]), first), ((names[2], names[3]), slice(None))):
        by_day[med], by_day[p90] = group_quantiles(g[sel], r[sel], gr.n, (0.5, 0.9), presorted=True)
        by_agent[med], by_agent[p90] = group_quantiles(g[sel] // gr.n_days, r[sel], n_a, (0.5, 0.9),
                                                       presorted=True)
    return by_day, by_agent


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
    df["answered_30s_rate"] = _div(df["_a30"], df["turns"])
    df["answered_3min_rate"] = _div(df["_a180"], df["turns"])
    df["robot"] = False  # compute() labels the robot accounts
    ints = ["conversations", "inquiring_buyers", "turns", "unanswered_turns", "slow_turns", "reminded_orders",
            "reminded_paid_orders", "first_responses", "responses"]
    for c in ints:
        df[c] = df[c].round().astype(np.int64)
    return df[(["agent", "day"] if "day" in df else ["agent"]) + AGENT_COLUMNS[1:] + AGENT_EXTRA_COLUMNS]


# ------------------------------------------------------------------------------------------------
# shop level


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


# ------------------------------------------------------------------------------------------------
# drill-down

#: which list explains which agent figure
_DRILL = {
    "conversations": "conversations",
    "inquiring_buyers": "inquiring_buyers",
    "ordering_buyers": "ordering_buyers", "attributed_orders": "orders",
    "paying_buyers": "paying_buyers", "paid_orders": "paid_orders", "conversion_rate": "paying_buyers",
    "sales": "paid_orders", "aov": "paid_orders", "items": "paid_orders", "items_per_buyer": "paid_orders",
    "price_per_item": "paid_orders",
    "same_day_paying_buyers": "same_day_buyers",
    "turns": "turns", "reply_rate": "turns", "responses": "answered_turns",
    "unanswered_turns": "unanswered_turns", "slow_turns": "slow_turns",
    "response_mean_s": "answered_turns", "response_median_s": "answered_turns",
    "response_p90_s": "answered_turns",
    "first_response_mean_s": "first_turns", "first_response_median_s": "first_turns",
    "first_response_p90_s": "first_turns", "first_responses": "first_turns",
    "fr_within_golden": "first_turns",
    "fr_within_reasonable": "first_turns", "fr_within_limit": "first_turns",
    "refund_orders": "refund_orders", "refund_rate": "refund_orders", "refund_amount": "refund_orders",
    "refund_amount_rate": "refund_orders",
    "reminded_orders": "reminders", "reminded_paid_orders": "reminders_paid",
    "reminder_success_rate": "reminders",
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
    if kind in ("orders", "paid_orders", "same_day_orders", "refund_orders", "ordering_buyers",
                "paying_buyers", "same_day_buyers"):
        a = results.attribution
        a = on_day(a.loc[_plain(a["agent"]) == agent], "inquiry_day")
        if kind in ("paid_orders", "paying_buyers"):
            a = a.loc[a["is_paid"].to_numpy(dtype=bool)]
        elif kind in ("same_day_orders", "same_day_buyers"):
            a = a.loc[a["paid_same_day"].to_numpy(dtype=bool)]
        if kind.endswith("_buyers"):
            return _buyers_behind(a)
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


def _buyers_behind(a: pd.DataFrame) -> pd.DataFrame:
    """One row per (inquiry day, buyer), as the buyer figures count them, with the orders behind it.

    A buyer counts once per inquiry day however many orders they placed, so the list has exactly
    as many rows as the figure (with the split rule, ``weight`` is the buyer's credit).
    """
    f = pd.DataFrame({"inquiry_day": a["inquiry_day"].to_numpy(), "buyer": _plain(a["buyer"]),
                      "order_id": a["order_id"].astype(str).to_numpy(),
                      "paid_amount": a["paid_amount"].to_numpy(dtype="float64") * a["is_paid"].to_numpy(dtype=bool),
                      "items": a["items"].to_numpy(dtype="float64"),
                      "weight": a["weight"].to_numpy(dtype="float64")})
    if not len(f):
        return f.assign(orders=pd.Series(dtype="int64"))
    out = f.groupby(["inquiry_day", "buyer"], sort=True).agg(
        orders=("order_id", "size"), order_id=("order_id", lambda ids: ", ".join(ids)),
        paid_amount=("paid_amount", "sum"), items=("items", "sum"), weight=("weight", "max")).reset_index()
    return out
