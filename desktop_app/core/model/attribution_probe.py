"""attribution.attribute_orders in two steps: the probe (no settings) and the window with the rule.

``prepare_attribution`` pairs every order with every agent its buyer ever talked to and finds, for each
pair, the last buyer turn and the last human reply at or before the order: none of that depends on the
attribution window. ``attribution_from`` compares those times with the window's start and applies the
attribution rule. attribute_orders is the two in a row; the stage graph keeps the probe, so moving the
window (the What-if panel) redoes only the comparison and the rule. See attribution.py for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import pandas as pd

from .conversations import DAY_NS, NS
from .settings import FIRST_TOUCH, LAST_TOUCH, SPLIT

_NAT = np.iinfo(np.int64).min


@dataclass
class AttributionProbe:
    """What prepare_attribution worked out (see the module docstring); ``empty``: no order can be earned."""

    empty: bool
    orders: Any = None
    turns: Any = None
    conv_day: Any = None  # ns per conversation
    created_all: Any = None
    o_idx: Any = None  # probed orders (positions), by buyer
    o_buyer: Any = None
    o_t: Any = None
    c_ord: Any = None  # candidate (order, pair): the order's place in o_idx
    c_pair: Any = None
    ic: Any = None  # the candidate's last buyer turn (sorted turn position)
    b_ok: Any = None  # ... of this pair, at or before the order
    b_last_s: Any = None  # seconds of that turn's last buyer message (or start, when later)
    h_ok: Any = None  # a human reply of this pair at or before the order
    h_s: Any = None  # its seconds
    kb: Any = None  # sorted turn keys pair * span + seconds - base
    pb: Any = None
    tb: Any = None
    cb: Any = None
    lb: Any = None
    base: int = 0
    span: int = 1
    na: int = 1
    a_cats: Any = None
    b_cats: Any = None
    #: the orders' columns the attribution frame takes, read once (_frame)
    columns: Any = None


def _codes(col):
    from .attribution import _codes as codes

    return codes(col)


def _ns(col) -> np.ndarray:
    return pd.to_datetime(col, errors="coerce").astype("datetime64[ns]").to_numpy().view("i8")


def prepare_attribution(orders: pd.DataFrame, conversations: pd.DataFrame, turns: pd.DataFrame,
                        buyer_codes: Optional[np.ndarray] = None,
                        by_buyer: Optional[np.ndarray] = None) -> AttributionProbe:
    """The window-independent part of attribute_orders (same arguments, no settings)."""
    from .attribution import _probe_order, order_buyer_codes, unique_sorted

    if len(orders) == 0 or len(turns) == 0:
        return AttributionProbe(empty=True)
    a_codes, a_cats = _codes(turns["agent"])
    b_codes, b_cats = _codes(turns["buyer"])
    na = max(len(a_cats), 1)
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
        return AttributionProbe(empty=True)
    o_buyer = buyer_of_order[o_idx].astype(np.int64)
    o_t = created_all[o_idx]

    # seconds relative to a common base, so that pair * span + seconds fits in int64 (a window start
    # before the base is searched as the base: no turn is earlier)
    base = min(start_ns.min(), o_t.min()) // NS - 1
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
    del reply_ns, answered, a_codes, b_codes

    # candidate (order, pair): every agent this buyer ever talked to
    up = unique_sorted(pair)
    del pair, start_ns, conv_ids, last_ns
    up_buyer = up // na
    lo = np.searchsorted(up_buyer, o_buyer, "left")
    hi = np.searchsorted(up_buyer, o_buyer, "right")
    cnt = hi - lo
    total = int(cnt.sum())
    c_ord = np.repeat(np.arange(len(o_idx)), cnt)
    offs = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    c_pair = up[np.repeat(lo, cnt) + offs]
    c_t = o_t[c_ord]
    del lo, hi, offs, up_buyer

    probe_keys = keyed(c_pair, c_t)
    # the last buyer turn at or before t
    i = np.searchsorted(kb, probe_keys, "right") - 1
    ic = np.maximum(i, 0)
    if len(kb):
        b_ok = (i >= 0) & (pb[ic] == c_pair)
        b_last_s = np.maximum(tb[ic], lb[ic]) // NS
    else:
        b_ok, b_last_s = np.zeros(total, dtype=bool), np.zeros(total, dtype=np.int64)
    # the last human reply at or before t
    j = np.searchsorted(hk, probe_keys, "right") - 1
    jc = np.maximum(j, 0)
    if len(hk):
        h_ok = (j >= 0) & (ph[jc] == c_pair)
        h_s = th[jc]
    else:
        h_ok, h_s = np.zeros(total, dtype=bool), np.zeros(total, dtype=np.int64)
    conv_day = _ns(conversations["day"]) if len(conversations) else None
    return AttributionProbe(
        empty=False, orders=orders, turns=turns, conv_day=conv_day, created_all=created_all, o_idx=o_idx,
        o_buyer=o_buyer, o_t=o_t, c_ord=c_ord, c_pair=c_pair, ic=ic, b_ok=b_ok, b_last_s=b_last_s, h_ok=h_ok,
        h_s=h_s, kb=kb, pb=pb, tb=tb, cb=cb, lb=lb, base=int(base), span=span, na=na, a_cats=a_cats, b_cats=b_cats)


def attribution_from(p: AttributionProbe, settings, consulted_out: Optional[np.ndarray] = None,
                     only: Optional[np.ndarray] = None) -> pd.DataFrame:
    """attribute_orders from its probe: the window, the rule, the frame. ``only``: a boolean per order,
    the orders probed (the others as if their buyer were unknown); ``consulted_out`` as attribute_orders'."""
    from .attribution import empty_attribution, window_start

    if consulted_out is not None:
        consulted_out[:] = False
    if p.empty:
        return empty_attribution()
    o_ws = window_start(p.o_t, settings)
    c_ord, c_pair = p.c_ord, p.c_pair
    c_ws = o_ws[c_ord]
    c_ws_s = c_ws // NS
    has_b = p.b_ok & (p.b_last_s >= c_ws_s)
    if only is not None:
        has_b &= only[p.o_idx][c_ord]
    if consulted_out is not None:
        consulted_out[p.o_idx[c_ord[has_b]]] = True
    q = np.flatnonzero(has_b & p.h_ok & (p.h_s >= c_ws_s))
    if len(q) == 0:
        return empty_attribution()
    q_ord = c_ord[q]
    q_pair = c_pair[q]
    q_ic = p.ic[q]
    q_last_t = p.tb[q_ic]
    q_last_conv = p.cb[q_ic]
    kb, pb, tb, cb, lb = p.kb, p.pb, p.tb, p.cb, p.lb

    rule = settings.attribution_rule
    if rule == FIRST_TOUCH:
        off = np.maximum(c_ws[q] // NS - p.base, 0)
        k = np.searchsorted(kb, q_pair * p.span + off, "left")
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
        n_per = np.bincount(q_ord, minlength=len(p.o_idx))
        weight = 1.0 / n_per[q_ord[keep]]
    elif rule == LAST_TOUCH:
        q_touch_t, q_conv = q_last_t, q_last_conv
        # latest buyer turn per order; ties -> the later conversation, then the pair code
        srt = np.lexsort((q_pair, q_conv, q_touch_t, q_ord))
        keep = srt[np.r_[q_ord[srt][1:] != q_ord[srt][:-1], True]]
        weight = np.ones(len(keep))
    else:
        raise ValueError(f"unknown attribution rule {rule!r} (use 'last', 'first' or 'split')")
    return _frame(p, q_ord[keep], q_pair[keep], q_conv[keep], q_touch_t[keep], weight)


def _frame(p: AttributionProbe, ords, pairs, conv, touch_t, weight) -> pd.DataFrame:
    from .attribution import _dtype

    orders, turns = p.orders, p.turns
    rows = p.o_idx[ords]
    conv_day = p.conv_day[conv] if p.conv_day is not None else np.full(len(conv), _NAT)

    if p.columns is None:  # read once per probe: a text column's to_numpy copies every row
        p.columns = {"platform": orders["platform"].to_numpy(dtype=object),
                     "order_id": orders["order_id"].to_numpy(dtype=object),
                     "paid_amount": orders["paid_amount"].to_numpy(dtype="float64", na_value=0.0),
                     "refund_amount": orders["refund_amount"].to_numpy(dtype="float64", na_value=0.0),
                     "items": orders["items"].to_numpy(dtype="float64", na_value=0.0), "paid": _ns(orders["paid"])}

    # gather only the columns needed (orders.iloc would copy every column of every row taken)
    def take(col: str, **kw) -> np.ndarray:
        return p.columns[col][rows]

    paid_ns = take("paid")
    is_paid = paid_ns != _NAT
    same_day = is_paid & (np.floor_divide(paid_ns, DAY_NS) * DAY_NS == conv_day)
    return pd.DataFrame(
        {
            "platform": take("platform", dtype=object),
            "order_id": take("order_id", dtype=object),
            "buyer": pd.Categorical.from_codes(p.o_buyer[ords], dtype=_dtype(turns["buyer"], p.b_cats)),
            "agent": pd.Categorical.from_codes(pairs % p.na, dtype=_dtype(turns["agent"], p.a_cats)),
            "weight": weight.astype("float64"),
            "conv_id": conv.astype(np.int64),
            "inquiry_day": conv_day.view("datetime64[ns]"),
            "created": p.created_all[rows].view("datetime64[ns]"),
            "paid": paid_ns.view("datetime64[ns]"),
            "paid_amount": take("paid_amount", dtype="float64", na_value=0.0),
            "refund_amount": take("refund_amount", dtype="float64", na_value=0.0),
            "items": take("items", dtype="float64", na_value=0.0),
            "is_paid": is_paid,
            "paid_same_day": same_day,
            "inquiry_time": touch_t.view("datetime64[ns]"),
        },
        copy=False,
    )
