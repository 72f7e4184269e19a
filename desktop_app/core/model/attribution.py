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

from .attribution_probe import attribution_from, prepare_attribution
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
    probe = prepare_attribution(orders, conversations, turns, buyer_codes, by_buyer)
    return attribution_from(probe, settings, consulted_out)


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
