"""Orders -> the agent who earned them (attribution), and 催付 (payment reminder) detection.

Attribution (domain.md "Attribution of orders to agents"): an order by buyer *b* created at *t* goes
to agent *A* when *b* started a turn with *A* within the window before *t* (``attribution_window_days``;
0 means "the same calendar day") **and** a human at *A* replied to *b* in that window (a turn's
first human reply, at or before *t*). Several agents qualify -> ``attribution_rule``: last touch (the
agent whose latest buyer turn before *t* is the latest), first touch (earliest buyer turn in the
window) or split (every qualifying agent, weight 1/n). Chat after *t* never counts: that is a
reminder (催付) or after-sales case, handled by ``find_reminders``.

Everything is vectorised: "the latest event of pair p at or before t" is a ``searchsorted`` over one
sorted int64 key ``pair * span + seconds`` (an as-of join without pandas' per-group overhead).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .conversations import DAY_NS, NS, AgentMessages, factorize_text
from .results import ATTRIBUTION_COLUMNS
from .settings import DEFAULT_SETTINGS, FIRST_TOUCH, LAST_TOUCH, SPLIT, ModelSettings

#: columns of the reminders frame (one row per order an agent messaged while it was unpaid)
REMINDER_COLUMNS = [
    "platform", "order_id", "buyer", "agent", "conv_id", "day", "created", "reminded", "paid",
    "is_paid", "amount",
]


def _codes(col: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and categories of a (categorical or text) column."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.cat.codes.to_numpy().astype(np.int64), col.cat.categories
    codes, uniques = factorize_text(col)
    return codes.astype(np.int64), pd.Index(uniques, dtype=object)


def _dtype(col: pd.Series, categories: pd.Index) -> pd.CategoricalDtype:
    """The column's own categorical dtype when it has one (no second uniqueness check)."""
    return col.dtype if isinstance(col.dtype, pd.CategoricalDtype) else pd.CategoricalDtype(categories)


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """np.unique for int64 by sorting (numpy 2's hash-based unique is slower on millions of ints)."""
    if len(values) == 0:
        return values
    v = np.sort(values, kind="stable")  # timsort/radix: fast on the already sorted runs we often pass
    return v[np.r_[True, v[1:] != v[:-1]]]


def _ns(col: pd.Series) -> np.ndarray:
    """datetime column -> int64 ns (NaT = int64 min)."""
    return pd.to_datetime(col, errors="coerce").astype("datetime64[ns]").to_numpy().view("i8")


_NAT = np.iinfo(np.int64).min


def order_buyer_codes(orders: pd.DataFrame, buyer_categories: pd.Index) -> np.ndarray:
    """Each order's buyer as a code into the chat buyers' categories (-1: never chatted, or no buyer id).

    compute() works this out once and passes it to attribute_orders, consulted_orders and
    find_reminders, so a million order rows are hashed once.
    """
    if len(orders) == 0:
        return np.zeros(0, dtype=np.int64)
    values = orders["buyer"].to_numpy(dtype=object)
    index = buyer_categories
    if not isinstance(index, pd.Index):
        index = pd.Index(buyer_categories, dtype=object)
    codes = index.get_indexer(values).astype(np.int64)
    codes[values == ""] = -1
    return codes


def orders_by_buyer(buyer_codes: np.ndarray) -> np.ndarray:
    """Order positions sorted by buyer code (stable): attribution, 催付 and the silent-order probe all
    walk the orders in this order, so compute() sorts once and hands it to each."""
    return np.argsort(np.asarray(buyer_codes), kind="stable")


def _probe_order(ok: np.ndarray, codes: np.ndarray, by_buyer: np.ndarray | None) -> np.ndarray:
    """Positions where ``ok``, sorted by code (stable). Filtering the stable order of all positions
    gives the same sequence as sorting the kept ones, without a sort per caller."""
    if by_buyer is None:
        idx = np.flatnonzero(ok)
        return idx[np.argsort(codes[idx], kind="stable")]
    return by_buyer[ok[by_buyer]]


def window_start(created_ns: np.ndarray, settings: ModelSettings) -> np.ndarray:
    """Start of the attribution window for each order time (ns)."""
    days = float(settings.attribution_window_days)
    if days <= 0:  # "same day": from midnight of the order's day
        return np.floor_divide(created_ns, DAY_NS) * DAY_NS
    return created_ns - int(round(days * DAY_NS))


def empty_attribution() -> pd.DataFrame:
    """An attribution frame with no rows."""
    return pd.DataFrame({c: pd.Series(dtype=_ATTR_DTYPES.get(c, object)) for c in ATTRIBUTION_COLUMNS
                         + ["inquiry_time"]})


_ATTR_DTYPES = {
    "weight": "float64", "conv_id": "int64", "inquiry_day": "datetime64[ns]", "created": "datetime64[ns]",
    "paid": "datetime64[ns]", "paid_amount": "float64", "refund_amount": "float64", "items": "float64",
    "is_paid": bool, "paid_same_day": bool, "inquiry_time": "datetime64[ns]",
}


def attribute_orders(
    orders: pd.DataFrame,
    conversations: pd.DataFrame,
    turns: pd.DataFrame,
    settings: ModelSettings = DEFAULT_SETTINGS,
    buyer_codes: np.ndarray | None = None,
    by_buyer: np.ndarray | None = None,
    consulted_out: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per (order, credited agent): results.ATTRIBUTION_COLUMNS plus ``inquiry_time``.

    ``inquiry_time`` is the crediting buyer turn's start (the last one before the order, or the
    first one in the window under the first-touch rule); ``inquiry_day`` is its conversation's day.
    Orders nobody earned are absent (they are silent or unattributed inquiry sales). ``agent`` and
    ``buyer`` are categoricals with the turns' categories. ``buyer_codes``: see order_buyer_codes.
    ``by_buyer``: see orders_by_buyer. ``consulted_out``: a boolean array over the orders, filled with
    consulted_orders' answer on the way (its probe is the one this function makes anyway: a buyer
    consulted when any of their (buyer, agent) pairs has a turn start in the window).
    """
    if consulted_out is not None:
        consulted_out[:] = False
    if len(orders) == 0 or len(turns) == 0:
        return empty_attribution()
    a_codes, _a_cats = _codes(turns["agent"])
    b_codes, b_cats = _codes(turns["buyer"])
    na = max(len(_a_cats), 1)
    pair = b_codes * na + a_codes  # pairs of one buyer are contiguous when sorted

    start_ns = _ns(turns["start"])
    # every buyer message counts (issue 11): a turn that began before the window but went on into it
    # is a message in the window; its start still orders the turns
    last_ns = _ns(turns["last_buyer"]) if "last_buyer" in turns else start_ns
    reply_ns = _ns(turns["reply"])
    answered = turns["answered"].to_numpy(dtype=bool)
    conv_ids = turns["conv_id"].to_numpy(dtype=np.int64)

    created_all = _ns(orders["created"])
    buyer_of_order = order_buyer_codes(orders, b_cats) if buyer_codes is None else buyer_codes
    ok = (buyer_of_order >= 0) & (created_all != _NAT)
    # Look orders up grouped by buyer: the searchsorted probes then walk the sorted keys in order
    # instead of jumping around memory (several times faster on millions of rows).
    o_idx = _probe_order(ok, buyer_of_order, by_buyer)
    if len(o_idx) == 0:
        return empty_attribution()
    o_buyer = buyer_of_order[o_idx].astype(np.int64)
    o_t = created_all[o_idx]
    o_ws = window_start(o_t, settings)

    # seconds relative to a common base, so that pair * span + seconds fits in int64
    base = min(start_ns.min(), o_ws.min()) // NS - 1
    top = max(start_ns.max(), reply_ns[answered].max() if answered.any() else start_ns.max(), o_t.max()) // NS
    span = int(top - base + 2)
    if (int(pair.max()) + 1) * span >= 2**62:
        raise OverflowError("too many buyer/agent pairs over too long a period for one model run")

    def keyed(p: np.ndarray, t_ns: np.ndarray) -> np.ndarray:
        return p * span + (t_ns // NS - base)

    # buyer-turn starts (every turn: service hours do not change who earned an order)
    kb = keyed(pair, start_ns)
    if len(kb) > 1 and not (kb[1:] >= kb[:-1]).all():  # build_conversations already sorts them
        ob = np.argsort(kb, kind="stable")
        kb, pb, tb, cb, lb = kb[ob], pair[ob], start_ns[ob], conv_ids[ob], last_ns[ob]
    else:
        pb, tb, cb, lb = pair, start_ns, conv_ids, last_ns
    # human replies
    hk = np.sort(keyed(pair[answered], reply_ns[answered]), kind="stable")  # sorted runs: near O(n)
    ph = hk // span  # pair of each sorted reply
    th = (hk % span + base)  # seconds
    # arrays of every turn are dropped once used: the first run in a process pays a page fault for
    # each page the heap grows by, so peak size is time
    del reply_ns, answered, a_codes, b_codes

    # candidate (order, pair): every agent this buyer ever talked to
    up = unique_sorted(pair)
    del pair, start_ns, conv_ids, last_ns  # still held as pb, tb, cb, lb
    up_buyer = up // na
    lo = np.searchsorted(up_buyer, o_buyer, "left")
    hi = np.searchsorted(up_buyer, o_buyer, "right")
    cnt = hi - lo
    total = int(cnt.sum())
    c_ord = np.repeat(np.arange(len(o_idx)), cnt)
    offs = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    c_pair = up[np.repeat(lo, cnt) + offs]
    c_t = o_t[c_ord]
    c_ws = o_ws[c_ord]
    del lo, hi, offs, up_buyer

    # last buyer turn at or before t, inside the window
    i = np.searchsorted(kb, keyed(c_pair, c_t), "right") - 1
    ic = np.maximum(i, 0)
    has_b = (i >= 0) & (pb[ic] == c_pair) & (np.maximum(tb[ic], lb[ic]) // NS >= c_ws // NS) if len(kb) \
        else np.zeros(total, bool)
    if consulted_out is not None:
        consulted_out[o_idx[c_ord[has_b]]] = True
    # last human reply at or before t, inside the window
    j = np.searchsorted(hk, keyed(c_pair, c_t), "right") - 1
    jc = np.maximum(j, 0)
    if len(hk):
        has_h = (j >= 0) & (ph[jc] == c_pair) & (th[jc] >= c_ws // NS)
    else:
        has_h = np.zeros(total, dtype=bool)
    q = np.flatnonzero(has_b & has_h)
    del has_b, has_h, i, j, jc, c_t
    if len(q) == 0:
        return empty_attribution()
    q_ord = c_ord[q]
    q_pair = c_pair[q]
    q_last_t = tb[ic[q]]
    q_last_conv = cb[ic[q]]

    rule = settings.attribution_rule
    if rule == FIRST_TOUCH:
        k = np.searchsorted(kb, keyed(q_pair, c_ws[q]), "left")
        # a turn that began before the window and went on into it is the first touch
        km = np.maximum(k - 1, 0)
        k = np.where((k > 0) & (pb[km] == q_pair) & (lb[km] // NS >= c_ws[q] // NS), km, k)
        q_touch_t = tb[k]
        q_conv = cb[k]
        # earliest first touch per order; ties -> the agent name order (pair code)
        srt = np.lexsort((q_pair, q_touch_t, q_ord))
        keep = srt[np.r_[True, q_ord[srt][1:] != q_ord[srt][:-1]]]
        weight = np.ones(len(keep))
    elif rule == SPLIT:
        keep = np.lexsort((q_pair, q_ord))
        q_touch_t, q_conv = q_last_t, q_last_conv
        n_per = np.bincount(q_ord, minlength=len(o_idx))
        weight = 1.0 / n_per[q_ord[keep]]
    elif rule == LAST_TOUCH:
        q_touch_t, q_conv = q_last_t, q_last_conv
        # latest buyer turn per order; ties -> the later conversation, then the pair code
        srt = np.lexsort((q_pair, q_conv, q_touch_t, q_ord))
        keep = srt[np.r_[q_ord[srt][1:] != q_ord[srt][:-1], True]]
        weight = np.ones(len(keep))
    else:
        raise ValueError(f"unknown attribution rule {rule!r} (use 'last', 'first' or 'split')")

    rows = o_idx[q_ord[keep]]
    conv = q_conv[keep]
    conv_day = _ns(conversations["day"])[conv] if len(conversations) else np.full(len(conv), _NAT)
    # gather only the columns needed (orders.iloc would copy every column of every row taken)
    def take(col: str, **kw) -> np.ndarray:
        return orders[col].to_numpy(**kw)[rows]

    paid_ns = _ns(orders["paid"])[rows]
    is_paid = paid_ns != _NAT
    same_day = is_paid & (np.floor_divide(paid_ns, DAY_NS) * DAY_NS == conv_day)
    out = pd.DataFrame(
        {
            "platform": take("platform", dtype=object),
            "order_id": take("order_id", dtype=object),
            "buyer": pd.Categorical.from_codes(o_buyer[q_ord[keep]], dtype=_dtype(turns["buyer"], b_cats)),
            "agent": pd.Categorical.from_codes(q_pair[keep] % na, dtype=_dtype(turns["agent"], _a_cats)),
            "weight": weight.astype("float64"),
            "conv_id": conv.astype(np.int64),
            "inquiry_day": conv_day.view("datetime64[ns]"),
            "created": created_all[rows].view("datetime64[ns]"),
            "paid": paid_ns.view("datetime64[ns]"),
            "paid_amount": take("paid_amount", dtype="float64", na_value=0.0),
            "refund_amount": take("refund_amount", dtype="float64", na_value=0.0),
            "items": take("items", dtype="float64", na_value=0.0),
            "is_paid": is_paid,
            "paid_same_day": same_day,
            "inquiry_time": q_touch_t[keep].view("datetime64[ns]"),
        },
        copy=False,
    )
    return out


def find_reminders(
    orders: pd.DataFrame,
    agent_messages: AgentMessages,
    settings: ModelSettings = DEFAULT_SETTINGS,
    buyer_codes: np.ndarray | None = None,
    by_buyer: np.ndarray | None = None,
) -> pd.DataFrame:
    """催付: orders a human agent messaged after creation while still unpaid (REMINDER_COLUMNS).

    The first human agent message to the buyer strictly after the order was created, before it was
    paid and within ``reminder_window_h``, credits that agent with the reminder; ``is_paid`` says
    whether the order was paid afterwards (by the end of the data).
    """
    return reminders_within(reminder_candidates(orders, agent_messages, buyer_codes, by_buyer), settings)


def reminders_within(candidates: tuple[pd.DataFrame, np.ndarray], settings: ModelSettings) -> pd.DataFrame:
    """The reminders among ``reminder_candidates``: those within ``reminder_window_h`` of the order."""
    frame, gap = candidates
    window = int(round(settings.reminder_window_h * 3600 * NS))
    keep = gap <= window
    if keep.all():
        return frame.copy(deep=False)
    return frame.loc[keep].reset_index(drop=True)


def reminder_candidates(
    orders: pd.DataFrame,
    agent_messages: AgentMessages,
    buyer_codes: np.ndarray | None = None,
    by_buyer: np.ndarray | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """find_reminders without its window: each order's first human agent message after creation, before
    payment, however late; and its delay after the order (ns), which the window is compared with."""
    am = agent_messages
    if len(orders) == 0 or len(am.time) == 0:
        return pd.DataFrame({c: [] for c in REMINDER_COLUMNS}), np.zeros(0, dtype=np.int64)
    created = _ns(orders["created"])
    paid = _ns(orders["paid"])
    b = order_buyer_codes(orders, am.buyer_categories) if buyer_codes is None else buyer_codes
    ok = (b >= 0) & (created != _NAT) & ((paid == _NAT) | (paid > created))
    idx = _probe_order(ok, b, by_buyer)  # probe in key order (memory locality)
    if len(idx) == 0:
        return pd.DataFrame({c: [] for c in REMINDER_COLUMNS}), np.zeros(0, dtype=np.int64)
    base = min(am.time.min(), created[idx].min()) // NS - 1
    span = int(max(am.time.max(), created[idx].max()) // NS - base + 2)
    key = am.buyer * span + (am.time // NS - base)
    ob = b[idx].astype(np.int64)
    oc = created[idx]
    i = np.searchsorted(key, ob * span + (oc // NS - base), "right")  # strictly after creation (s)
    ic = np.minimum(i, len(key) - 1)
    op = paid[idx]
    hit = (i < len(key)) & (am.buyer[ic] == ob) & (am.time[ic] > oc)
    hit &= (op == _NAT) | (am.time[ic] < op)
    h = np.flatnonzero(hit)
    rows = idx[h]
    mi = ic[h]
    sub = orders.iloc[rows]
    amount = sub["paid_amount"].to_numpy(dtype="float64", na_value=0.0)
    frame = pd.DataFrame(
        {
            "platform": sub["platform"].astype(object).to_numpy(),
            "order_id": sub["order_id"].astype(object).to_numpy(),
            "buyer": pd.Categorical.from_codes(am.buyer[mi], dtype=am.buyer_dtype or pd.CategoricalDtype(
                am.buyer_categories)),
            "agent": pd.Categorical.from_codes(am.agent[mi], dtype=am.agent_dtype or pd.CategoricalDtype(
                am.agent_categories)),
            "conv_id": am.conv_id[mi],
            "day": (np.floor_divide(am.time[mi], DAY_NS) * DAY_NS).view("datetime64[ns]"),
            "created": created[rows].view("datetime64[ns]"),
            "reminded": am.time[mi].view("datetime64[ns]"),
            "paid": paid[rows].view("datetime64[ns]"),
            "is_paid": paid[rows] != _NAT,
            "amount": amount,
        }
    )
    return frame, am.time[mi] - created[rows]


def consulted_orders(orders: pd.DataFrame, turns: pd.DataFrame, settings: ModelSettings = DEFAULT_SETTINGS,
                     buyer_codes: np.ndarray | None = None, by_buyer: np.ndarray | None = None) -> np.ndarray:
    """Boolean per order: did the buyer start a turn with any agent in the window before creation?

    Orders where this is False are silent (静默) orders; the rest are inquiry (询单) orders, whether
    or not an agent earned them (an unanswered buyer still consulted the shop).
    """
    out = np.zeros(len(orders), dtype=bool)
    if len(orders) == 0 or len(turns) == 0:
        return out
    b_codes, b_cats = _codes(turns["buyer"])
    t = _ns(turns["start"])
    created = _ns(orders["created"])
    ob = order_buyer_codes(orders, b_cats) if buyer_codes is None else buyer_codes
    ok = (ob >= 0) & (created != _NAT)
    idx = _probe_order(ok, ob, by_buyer)  # probe in key order (memory locality)
    if len(idx) == 0:
        return out
    ws = window_start(created[idx], settings)
    base = min(t.min(), ws.min()) // NS - 1
    span = int(max(t.max(), created[idx].max()) // NS - base + 2)
    key = np.sort(b_codes * span + (t // NS - base))
    obb = ob[idx].astype(np.int64)
    i = np.searchsorted(key, obb * span + (created[idx] // NS - base), "right") - 1
    ic = np.maximum(i, 0)
    hit = (i >= 0) & (key[ic] // span == obb) & (key[ic] % span + base >= ws // NS)
    out[idx] = hit
    return out
