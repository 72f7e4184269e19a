"""Chat messages -> conversations, buyer turns and response times (vectorised, no per-row loops).

Rules (docs/metrics.md, domain.md "Conversations"):

- Messages are grouped by (buyer, agent) and sorted by time. A conversation ends when the pair is
  idle longer than ``split_gap_s`` or at midnight (``split_at_midnight``).
- A message is automatic when the export marks it (``auto``), when an agent message matches one of
  ``auto_reply_patterns``, or when the sub-account matches ``robot_accounts``. Automatic messages
  count for volume (``auto_messages``) and never stop a clock.
- A turn is a run of buyer messages with no *human* agent message between them; its response is the
  first human reply minus the first buyer message of the run. A turn with no human reply before the
  conversation ends is unanswered.
- Readings: ``response_cap_s`` caps each response, ``unanswered_as_cap`` counts an unanswered turn as
  the cap, ``service_hours`` keeps only turns starting in those hours (the others stay in the turns
  table with ``counted=False`` and no response time, so attribution and the traffic heatmap still see
  them), ``working_hours`` measures a turn starting outside the schedule from the next opening time
  (``calendar_response_s`` keeps the plain figure).

``agent``, ``buyer`` and ``shop`` are categorical columns: the frames can hold millions of rows and the
attribution step reuses the integer codes instead of hashing strings again.

Helpers live in sibling modules, re-exported here (callers import from conversations):
text_factorize (text -> codes, categoricals), conversation_times (NS/DAY_NS, ordering, next_opening),
message_marks (automatic messages, robot accounts, MessageKeys, AgentMessages).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .results import CONVERSATION_COLUMNS, TURN_COLUMNS
from .settings import DEFAULT_SETTINGS, ModelSettings
from .text_factorize import (  # noqa: F401 - re-exported: callers and tests import them from here
    factorize_text,
    _IDENTITY_MIN,
    _IDENTITY_SAMPLE,
    _hash_factorize,
    hash_factorize,
    _object_addresses,
    _int_factorize,
    _FACTORIZE_CHUNK,
    _value_factorize,
    _categorical_dtype,
    _categorical,
)
from .conversation_times import (  # noqa: F401 - re-exported: callers and tests import them from here
    NS,
    DAY_NS,
    _EPOCH_WEEKDAY,
    _NAT,
    _pair_time_order,
    _run_sums,
    _first_time_per_conv,
    _dt,
    _hhmm,
    next_opening,
)
from .message_marks import (  # noqa: F401 - re-exported: callers and tests import them from here
    AgentMessages,
    mark_automatic,
    robot_accounts,
    _sub_account,
    MessageKeys,
    message_keys,
)


def build_conversations(
    messages: pd.DataFrame, settings: ModelSettings = DEFAULT_SETTINGS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``messages`` (schema.MESSAGE_COLUMNS) into conversations and buyer turns.

    Returns ``(conversations, turns)`` with results.CONVERSATION_COLUMNS and results.TURN_COLUMNS
    (plus ``turns.counted`` and the conversation's first/last buyer and human message times).
    """
    conversations, turns, _ = build_conversations_full(messages, settings)
    return conversations, turns


def build_conversations_full(
    messages: pd.DataFrame,
    settings: ModelSettings = DEFAULT_SETTINGS,
    buyer_codes: np.ndarray | None = None,
    buyer_categories=None,
    keys: MessageKeys | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, AgentMessages]:
    """As build_conversations, plus the human agent messages used for 催付 (reminder) detection.

    ``buyer_codes``/``buyer_categories``: a factorisation of ``messages.buyer`` done by the caller
    (compute() factorises chat and order buyers together, so each name is hashed once).
    ``keys``: message_keys(messages), made earlier (used only when every message has a time).
    """
    times = pd.to_datetime(messages["time"], errors="coerce").astype("datetime64[ns]")
    keep = times.notna().to_numpy()
    kept_rows = None  # positions of the rows kept, when some are dropped
    if not keep.all():
        kept_rows = np.flatnonzero(keep)
        messages = messages.loc[keep]
        times = times[keep]
        if buyer_codes is not None:
            buyer_codes = np.asarray(buyer_codes)[keep]
        keys = None  # made for every row: the names of the rows left are worked out below
    n = len(messages)
    t_all = times.to_numpy().view("i8")

    # Categories in order of first appearance (sorting a million buyer names would cost seconds);
    # the output tables are sorted by name where it matters.
    if keys is not None:
        agent_codes, agent_cats = keys.agent, keys.agent_names
    else:
        agent_codes, agent_cats = factorize_text(messages["agent"])
    if buyer_codes is None:
        buyer_codes, buyer_cats = factorize_text(messages["buyer"])
    else:
        buyer_cats = buyer_categories
    is_buyer_all = keys.is_buyer if keys is not None else messages["sender"].to_numpy(dtype=object) == "buyer"
    # a buyer message is never automatic
    auto_all = mark_automatic(messages, settings, agent_codes, agent_cats, ~is_buyer_all)
    auto_all &= ~is_buyer_all
    # agents are few: sort their categories so that sorting by the column sorts by name. ``rank``
    # turns a code in order of appearance into one in name order (looked up where needed, not
    # applied to every message: one 5-million-row array less)
    by_name = np.argsort(np.asarray(agent_cats, dtype=object).astype(str), kind="stable")
    rank = np.empty(len(by_name), dtype=np.int64)
    rank[by_name] = np.arange(len(by_name))
    agent_cats = pd.Index(np.asarray(agent_cats, dtype=object)[by_name], dtype=object)
    buyer_cats = pd.Index(buyer_cats, dtype=object)

    # Sort by pair, then time (stable, so equal times keep file order).
    # buyer-major pair codes: turns then come out in the (buyer, agent, time) order attribution
    # searches in, so it need not sort them again
    # agent codes only index small tables (rank, robot flags): any integer type does; buyer codes are
    # multiplied below, so they are int64
    buyer_codes = np.asarray(buyer_codes, dtype=np.int64)
    pair_all = buyer_codes * max(len(agent_cats), 1)
    pair_all += rank[agent_codes] if n else 0
    order = _pair_time_order(pair_all, t_all)
    t = t_all[order]
    del t_all, times
    pair = pair_all[order]
    # Large temporaries are dropped as soon as they are used: this first stage pays a page fault for
    # every page the heap grows by (the later stages reuse the memory), so peak size is time.
    del pair_all
    is_buyer = is_buyer_all[order]
    auto = auto_all[order]

    # agent/buyer codes of sorted positions, gathered only where needed (turn starts, conversation
    # starts, human messages) instead of permuting two 5-million-row arrays
    # (``order`` bound as a default: the name is dropped below once every code is gathered)
    def a_code(pos: np.ndarray, order: np.ndarray = order) -> np.ndarray:
        return rank[agent_codes[order[pos]]]

    def b_code(pos: np.ndarray, order: np.ndarray = order) -> np.ndarray:
        return buyer_codes[order[pos]]
    day = np.floor_divide(t, DAY_NS)

    new = np.ones(n, dtype=bool)
    if n > 1:
        cont = pair[1:] == pair[:-1]
        cont &= (t[1:] - t[:-1]) <= int(settings.split_gap_s * NS)
        if settings.split_at_midnight:
            cont &= day[1:] == day[:-1]
        np.logical_not(cont, out=new[1:])
        del cont
    del pair
    conv = np.cumsum(new, dtype=np.int64)
    conv -= 1  # in place: one 5-million-row temporary less
    starts = np.flatnonzero(new)
    n_conv = len(starts)
    conv_day_ns = day[starts] * DAY_NS
    del day
    ends = np.append(starts[1:], n) - 1 if n_conv else starts

    human = ~is_buyer & ~auto
    # a conversation is a run of sorted positions: starts[i] up to the next start; counts per run
    msg_count = np.diff(np.append(starts, n))
    buyer_count, human_count, auto_count = (_run_sums(flag, starts) for flag in (is_buyer, human, auto))
    conv_start, conv_end = t[starts], t[ends]

    # only each conversation's first message's shop is needed: index once, not a million objects
    if keys is not None:
        # the codes of the shops that start a conversation, renumbered in order of first appearance:
        # the same categories, in the same order, as factorising their names
        first_codes, used = pd.factorize(keys.shop[order[starts]])
        shop_column = pd.Categorical.from_codes(
            first_codes, dtype=_categorical_dtype(pd.Index(np.asarray(keys.shop_names, dtype=object)[used],
                                                           dtype=object)))
    else:
        shop_column = _categorical(messages["shop"].to_numpy(dtype=object)[order[starts]] if "shop" in messages
                                   else np.full(n_conv, "", dtype=object))

    # ---- turns: look only at buyer and human messages; automatic ones are transparent -------------
    f = np.flatnonzero(is_buyer | human)
    fb = is_buyer[f]
    fc = conv[f]
    prev_is_buyer_same_conv = np.zeros(len(f), dtype=bool)
    if len(f) > 1:
        prev_is_buyer_same_conv[1:] = fb[:-1] & (fc[1:] == fc[:-1])
    turn_pos = np.flatnonzero(fb & ~prev_is_buyer_same_conv)  # positions in f
    # each turn's last buyer message (the run's end): attribution looks at every buyer message
    next_is_buyer_same_conv = np.zeros(len(f), dtype=bool)
    if len(f) > 1:
        next_is_buyer_same_conv[:-1] = fb[1:] & (fc[1:] == fc[:-1])
    turn_last = t[f[np.flatnonzero(fb & ~next_is_buyer_same_conv)]] if len(f) else np.zeros(0, np.int64)
    del next_is_buyer_same_conv
    h_pos = np.flatnonzero(~fb)
    # The reply is the first human message after the run's first buyer message, if still in the run's
    # conversation (the run ends exactly there, so nothing human lies between).
    nxt = np.searchsorted(h_pos, turn_pos)
    answered = nxt < len(h_pos)
    reply_pos = np.zeros(len(turn_pos), dtype=np.int64)
    reply_pos[answered] = h_pos[nxt[answered]]
    answered &= fc[reply_pos] == fc[turn_pos] if len(turn_pos) else answered
    t_idx = f[turn_pos]
    r_idx = f[reply_pos] if len(f) else reply_pos
    turn_conv = conv[t_idx]
    turn_start = t[t_idx]
    turn_reply = np.where(answered, t[r_idx], _NAT) if len(r_idx) else np.zeros(0, np.int64)
    del f, fb, fc, prev_is_buyer_same_conv, h_pos, nxt, reply_pos, r_idx, turn_pos

    # Human agent messages (in sorted order: by conversation, then time)
    hm = np.flatnonzero(human)
    hm_t, hm_conv = t[hm], conv[hm]
    # the first human message of each conversation (for the drill-down and 催付)
    first_human = _first_time_per_conv(hm_conv, hm_t, n_conv)
    # by (buyer, time) for reminder detection; after these the message-level arrays are not needed
    hb = b_code(hm)
    ho = _pair_time_order(hb, hm_t)
    am_time, am_buyer, am_agent, am_conv = hm_t[ho], hb[ho], a_code(hm)[ho], hm_conv[ho]
    # the message-level view the quality rules read (kept, not rebuilt: a second sort of every message)
    msg_rows = order if kept_rows is None else kept_rows[order]
    msg_conv, msg_is_buyer, msg_auto = conv, is_buyer, auto
    del hm, hb, ho, hm_t, hm_conv, human, is_buyer, auto, t
    turn_agent, turn_buyer = a_code(t_idx), b_code(t_idx)
    start_agent, start_buyer = a_code(starts), b_code(starts)
    del conv, order, t_idx, a_code, b_code
    calendar = np.where(answered, (turn_reply - turn_start) / NS, np.nan)
    is_first = np.ones(len(turn_conv), dtype=bool)
    if len(turn_conv) > 1:
        is_first[1:] = turn_conv[1:] != turn_conv[:-1]

    # Working hours: measure from the next opening when the turn starts outside the schedule.
    if settings.working_hours and len(turn_start):
        eff = next_opening(turn_start, settings.working_hours)
        response = np.where(answered, np.maximum(turn_reply - eff, 0) / NS, np.nan)
    else:
        response = calendar.copy()
    if settings.response_cap_s is not None:
        response = np.minimum(response, float(settings.response_cap_s))
        if settings.unanswered_as_cap:
            response = np.where(answered, response, float(settings.response_cap_s))
    hour = ((turn_start % DAY_NS) // (3600 * NS)).astype(np.int64)
    # A robot sub-account's buyers wait for no person: like the platform, which leaves fully automatic
    # receptions out of both numerator and denominator, its turns are not counted.
    counted = ~robot_accounts(agent_cats, settings)[turn_agent] if len(turn_agent) else np.ones(0, bool)
    if settings.service_hours is not None:
        lo, hi = settings.service_hours
        counted &= (hour >= lo) & (hour < hi)
    if not counted.all():
        response = np.where(counted, response, np.nan)
    # a turn a human left unanswered is slow too: a late reply must never look better than none
    slow = counted & ((response > settings.slow_threshold_s) | ~answered)
    weekday = ((np.floor_divide(turn_start, DAY_NS) + _EPOCH_WEEKDAY) % 7).astype(np.int64)

    agent_cat = _categorical_dtype(agent_cats)
    buyer_cat = _categorical_dtype(buyer_cats)

    def cat(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, dtype=dtype)

    turns = pd.DataFrame(
        {
            "conv_id": turn_conv,
            "agent": cat(turn_agent, agent_cat),
            "buyer": cat(turn_buyer, buyer_cat),
            "day": _dt(conv_day_ns[turn_conv]),
            "start": _dt(turn_start),
            "reply": _dt(turn_reply, answered),
            "response_s": response,
            "calendar_response_s": calendar,
            "answered": answered,
            "slow": slow,
            "is_first": is_first,
            "hour": hour,
            "weekday": weekday,
            "counted": counted,
            # extra (issue 11): the turn's last buyer message
            "last_buyer": _dt(turn_last),
        },
        copy=False,  # the arrays are fresh: skip the copy and block consolidation (a large share of the time)
    )

    # ---- per-conversation figures from the counted turns ------------------------------------------
    tc = turn_conv[counted]
    n_turns = np.bincount(tc, minlength=n_conv)
    n_answered = np.bincount(tc, weights=answered[counted], minlength=n_conv).astype(np.int64)
    n_slow = np.bincount(tc, weights=slow[counted], minlength=n_conv).astype(np.int64)
    has_resp = counted & ~np.isnan(response)
    resp_sum = np.bincount(turn_conv[has_resp], weights=response[has_resp], minlength=n_conv)
    resp_n = np.bincount(turn_conv[has_resp], minlength=n_conv)
    first_resp = np.full(n_conv, np.nan)
    first_counted = is_first & counted
    first_resp[turn_conv[first_counted]] = response[first_counted]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_resp = np.where(resp_n > 0, resp_sum / np.maximum(resp_n, 1), np.nan)

    # the first buyer message of a conversation starts its first turn; no second pass needed
    first_buyer = np.full(n_conv, _NAT, dtype=np.int64)
    first_buyer[turn_conv[is_first]] = turn_start[is_first]
    conversations = pd.DataFrame(
        {
            "conv_id": np.arange(n_conv, dtype=np.int64),
            "agent": cat(start_agent, agent_cat),
            "buyer": cat(start_buyer, buyer_cat),
            "shop": shop_column,
            "start": _dt(conv_start),
            "end": _dt(conv_end),
            "day": _dt(conv_day_ns),
            "messages": msg_count.astype(np.int64),
            "buyer_messages": buyer_count,
            "agent_messages": human_count,
            "auto_messages": auto_count,
            "turns": n_turns.astype(np.int64),
            "answered_turns": n_answered,
            "unanswered_turns": n_turns.astype(np.int64) - n_answered,
            "slow_turns": n_slow,
            "first_response_s": first_resp,
            "mean_response_s": mean_resp,
            "inquiry": buyer_count > 0,
            # extras: when the buyer first wrote and when a human first answered (drill-down, 催付)
            "first_buyer_message": _dt(first_buyer, first_buyer != _NAT),
            "first_human_message": _dt(first_human, first_human != _NAT),
        },
        copy=False,
    )
    assert list(conversations.columns[: len(CONVERSATION_COLUMNS)]) == CONVERSATION_COLUMNS
    assert list(turns.columns[: len(TURN_COLUMNS)]) == TURN_COLUMNS

    agent_messages = AgentMessages(
        time=am_time, buyer=am_buyer, agent=am_agent, conv_id=am_conv,
        buyer_categories=buyer_cat.categories, agent_categories=agent_cat.categories,
        buyer_dtype=buyer_cat, agent_dtype=agent_cat,
        msg_rows=msg_rows, msg_conv=msg_conv, msg_is_buyer=msg_is_buyer, msg_auto=msg_auto,
    )
    return conversations, turns, agent_messages
