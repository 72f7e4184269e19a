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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .results import CONVERSATION_COLUMNS, TURN_COLUMNS
from .settings import DEFAULT_SETTINGS, ModelSettings

NS = 1_000_000_000
DAY_NS = 86_400 * NS
#: 1970-01-01 was a Thursday (weekday 3 with Monday = 0)
_EPOCH_WEEKDAY = 3
#: NaT as int64
_NAT = np.iinfo(np.int64).min


@dataclass
class AgentMessages:
    """Human (non-automatic) agent messages, sorted by (buyer, time): what 催付 detection reads.

    ``buyer`` and ``agent`` are codes into the categories of the conversations frame.
    """

    time: np.ndarray  # int64 ns
    buyer: np.ndarray  # int64 codes
    agent: np.ndarray  # int64 codes
    conv_id: np.ndarray  # int64
    buyer_categories: pd.Index
    agent_categories: pd.Index
    #: the conversations' categorical dtypes (reused: building one checks a million names again)
    buyer_dtype: pd.CategoricalDtype | None = None
    agent_dtype: pd.CategoricalDtype | None = None
    #: every message in (buyer, agent, time) order, for the quality rules (quality.py): its row in the
    #: messages frame passed in (positional), its conversation, and whether it is the buyer's / automatic
    msg_rows: np.ndarray | None = None
    msg_conv: np.ndarray | None = None
    msg_is_buyer: np.ndarray | None = None
    msg_auto: np.ndarray | None = None


def build_conversations(
    messages: pd.DataFrame, settings: ModelSettings = DEFAULT_SETTINGS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``messages`` (schema.MESSAGE_COLUMNS) into conversations and buyer turns.

    Returns ``(conversations, turns)`` with results.CONVERSATION_COLUMNS and results.TURN_COLUMNS
    (plus ``turns.counted`` and the conversation's first/last buyer and human message times).
    """
    conversations, turns, _ = build_conversations_full(messages, settings)
    return conversations, turns


def mark_automatic(
    messages: pd.DataFrame,
    settings: ModelSettings = DEFAULT_SETTINGS,
    agent_codes: np.ndarray | None = None,
    agent_names=None,
    is_agent: np.ndarray | None = None,
) -> np.ndarray:
    """Boolean array: which messages are automatic (flag, robot sub-account or auto-reply text).

    ``agent_codes``/``agent_names`` (a factorisation of ``messages.agent``) may be passed to avoid
    hashing the column again; ``is_agent`` (sender is not "buyer") spares another pass over the senders.
    """
    n = len(messages)
    auto = messages["auto"].fillna(False).to_numpy(dtype=bool).copy() if n else np.zeros(0, bool)
    if n == 0:
        return auto
    if is_agent is None:
        is_agent = messages["sender"].to_numpy(dtype=object) != "buyer"
    if settings.robot_accounts:
        # Robots are sub-accounts: test each distinct account once, not each message.
        if agent_codes is None:
            agent_codes, agent_names = factorize_text(messages["agent"])
        robot = robot_accounts(agent_names, settings)
        if robot.any():
            auto |= is_agent & robot[agent_codes]
    if settings.auto_reply_patterns:
        todo = np.flatnonzero(is_agent & ~auto)
        if len(todo):
            # Templates repeat: match each distinct text once (a chat export holds many copies).
            codes, texts = factorize_text(messages["text"].to_numpy(dtype=object)[todo])
            hit = pd.Series(np.asarray(texts, dtype=object)).astype(str).str.contains(
                "|".join(settings.auto_reply_patterns), regex=True).to_numpy(dtype=bool)
            if hit.any():
                auto[todo[hit[codes]]] = True
    return auto


def factorize_text(values) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize for a text column; a missing value (None/NaN) becomes "".

    The normalised frames never hold missing text, so the NaN check (a full extra pass over millions
    of objects with ``use_na_sentinel=False``) is only paid when a -1 code shows one exists.
    """
    arr = np.asarray(values, dtype=object)
    if len(arr) > 1000 and isinstance(arr[0], str) and (arr[:: len(arr) // 100] == arr[0]).all() and (
            arr == arr[0]).all():
        # one value throughout (a one-shop export's shop column): no hash table of a million rows
        return np.zeros(len(arr), dtype=np.int64), np.array([arr[0]], dtype=object)
    codes, uniques = _hash_factorize(arr)
    if len(codes) and codes.min() < 0:
        arr = np.where(pd.isna(arr), "", arr).astype(object)
        codes, uniques = _hash_factorize(arr)
    return codes, np.asarray(uniques, dtype=object)


#: below this many values the identity pre-pass is not worth its overhead
_IDENTITY_MIN = 100_000
_IDENTITY_SAMPLE = 20_000


def _hash_factorize(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes in order of first appearance; NaN/None -> -1.

    A column with few distinct values (agents, templates) usually holds few distinct *objects* too:
    the readers reuse one str object per distinct value. Factorising the object addresses (plain
    integers in a table small enough to stay in cache; no string is touched) and then hashing only
    the distinct objects by value is about twice as fast, with the same codes in the same order (the
    distinct objects come in order of first appearance, so their values do too). Columns with many
    distinct values (buyers) gain nothing this way, so a sample decides.
    """
    n = len(arr)
    if n >= _IDENTITY_MIN:
        addr = _object_addresses(arr)
        if addr is not None:
            sample = addr[:: max(1, n // _IDENTITY_SAMPLE)]
            if len(pd.unique(sample)) * 20 < len(sample):
                try:
                    a_codes, a_first = _int_factorize(addr)
                except ValueError:  # pandas behaved unexpectedly: hash by value below
                    pass
                else:
                    v_codes, uniques = _value_factorize(arr[a_first])
                    return v_codes[a_codes], uniques
    return _value_factorize(arr)


#: the factorisation of text without blanking missing values (NaN/None -> -1), for other modules
hash_factorize = _hash_factorize


def _object_addresses(arr: np.ndarray) -> np.ndarray | None:
    """The PyObject addresses an object array holds, as intp (a view of its buffer, no copy); None if
    it is not a contiguous 1-d object array. Only meaningful while ``arr`` keeps the objects alive."""
    if arr.dtype != object or arr.ndim != 1 or not arr.flags.c_contiguous or len(arr) == 0:
        return None
    import ctypes

    buf = (ctypes.c_char * arr.nbytes).from_address(arr.ctypes.data)
    out = np.frombuffer(buf, dtype=np.intp)
    return out if len(out) == len(arr) else None


def _int_factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes in order of first appearance, and the position of each code's first occurrence."""
    codes, uniques = pd.factorize(values)
    codes = codes.astype(np.int64, copy=False)
    # codes count up in order of first appearance: a code appears first where it exceeds the running max
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    first = np.flatnonzero(new)
    if len(first) != len(uniques):
        raise ValueError("unexpected factorize result")
    return codes, first


#: values hashed per call of the hash table (about 0.1 s each)
_FACTORIZE_CHUNK = 500_000


def _value_factorize(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes in order of first appearance by value; NaN/None -> -1.

    pandas' object hash table keyed on Python's own (cached) str hashes is about a third faster than
    pd.factorize on millions of names (which first checks every value is a str, then re-hashes the
    UTF-8 bytes). It is a private pandas API, so any surprise falls back to pd.factorize.
    """
    try:
        from pandas._libs import hashtable as _ht

        table = _ht.PyObjectHashTable(max(64, len(arr)))  # sized like pandas: no rehashing as it fills
        if len(arr) <= _FACTORIZE_CHUNK:
            uniques, codes = table.factorize(arr)
            codes = np.asarray(codes, dtype=np.int64)
        else:
            # in pieces, so that other threads (the window's) get the interpreter lock between them:
            # one call over 6 M names holds it for about a second. The table keeps every value seen,
            # each piece numbers its new values on from the earlier pieces': the same codes.
            codes = np.empty(len(arr), dtype=np.int64)
            parts, count = [], 0
            for start in range(0, len(arr), _FACTORIZE_CHUNK):
                found = _ht.ObjectVector()
                codes[start:start + _FACTORIZE_CHUNK] = table.get_labels(
                    arr[start:start + _FACTORIZE_CHUNK], found, count, -1)
                new = found.to_array()
                parts.append(new)
                count += len(new)
            uniques = np.concatenate(parts)
        if len(codes) != len(arr):
            raise ValueError("unexpected factorize result")
        return codes, np.asarray(uniques, dtype=object)
    except Exception:  # noqa: BLE001 - any pandas internals change: use the public path
        codes, uniques = pd.factorize(arr)
        return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def robot_accounts(agent_names, settings: ModelSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """Boolean per sub-account name: is it a robot (``settings.robot_accounts`` patterns)?"""
    names = np.asarray(agent_names, dtype=object)
    if not settings.robot_accounts or len(names) == 0:
        return np.zeros(len(names), dtype=bool)
    pattern = re.compile("|".join(settings.robot_accounts), re.IGNORECASE)
    return np.fromiter((bool(pattern.search(_sub_account(str(u)))) for u in names), dtype=bool,
                       count=len(names))


def _sub_account(agent: str) -> str:
    """``店铺名:客服名`` -> ``客服名`` (a shop called 'Robot Store' must not make every agent a robot)."""
    for sep in (":", "："):
        if sep in agent:
            return agent.rsplit(sep, 1)[1]
    return agent


@dataclass(frozen=True)
class MessageKeys:
    """The chat log's other text columns as integer codes (factorize_text of each column), made once
    per loaded dataset (keys.prepare_keys) so that a model run compares no text."""

    agent: np.ndarray
    agent_names: np.ndarray
    shop: np.ndarray
    shop_names: np.ndarray
    #: sender == "buyer"
    is_buyer: np.ndarray


def message_keys(messages: pd.DataFrame) -> MessageKeys:
    """The MessageKeys of ``messages`` (a missing shop column reads as "" throughout)."""
    n = len(messages)
    agent, agent_names = factorize_text(messages["agent"].to_numpy(dtype=object))
    if "shop" in messages:
        shop, shop_names = factorize_text(messages["shop"].to_numpy(dtype=object))
    else:
        shop, shop_names = np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    is_buyer = messages["sender"].to_numpy(dtype=object) == "buyer"
    # agents and shops are few: int32 codes halve what a loaded Dataset keeps (5 M messages: 40 MB less)
    return MessageKeys(agent=np.asarray(agent, dtype=np.int32), agent_names=agent_names,
                       shop=np.asarray(shop, dtype=np.int32), shop_names=shop_names,
                       is_buyer=np.asarray(is_buyer, dtype=bool))


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
    slow = counted & (response > settings.slow_threshold_s)  # NaN compares False
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



def _categorical_dtype(unique_values: pd.Index) -> pd.CategoricalDtype:
    """A CategoricalDtype over values known to be unique (they come from a factorisation).

    The public constructor re-checks uniqueness by hashing every category again (a million buyer
    names); pandas' own fast path skips that. Private API, so any surprise takes the public one.
    """
    try:
        dtype = pd.CategoricalDtype._from_fastpath(unique_values, False)
        if isinstance(dtype, pd.CategoricalDtype) and len(dtype.categories) == len(unique_values):
            return dtype
    except Exception:  # noqa: BLE001 - pandas internals changed: use the public path
        pass
    return pd.CategoricalDtype(unique_values, ordered=False)


def _categorical(values: np.ndarray) -> pd.Categorical:
    """A categorical column from text, via the fast factorisation (pd.Categorical(text) infers types,
    sorts and re-checks, about 15x slower on a million values)."""
    codes, uniques = factorize_text(values)
    return pd.Categorical.from_codes(codes, dtype=_categorical_dtype(pd.Index(uniques, dtype=object)))


def _pair_time_order(pair: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Stable order by (pair, time).

    Chat times are whole seconds: one int64 key pair * span + seconds sorts several times faster
    than a two-key lexsort; sub-second times (or a key that would overflow) take the lexsort.
    """
    if len(t) == 0:
        return np.zeros(0, dtype=np.int64)
    if (t % NS).any():  # sub-second times
        return np.lexsort((t, pair))
    secs = t // NS
    lo = int(secs.min())
    span = int(secs.max()) - lo + 1
    if (int(pair.max()) + 1) * span >= 2**62:
        return np.lexsort((t, pair))
    key = pair * span  # then in place: no more 5-million-row temporaries (each costs fresh pages)
    key += secs  # below 2**62 + 2**33: no overflow before the shift
    key -= lo
    return np.argsort(key, kind="stable")


def _run_sums(flag: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """int64 count of True in each run flag[starts[i]:starts[i + 1]] (the last run to the end)."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.add.reduceat(flag, starts, dtype=np.int64)


def _first_time_per_conv(conv: np.ndarray, t: np.ndarray, n_conv: int) -> np.ndarray:
    """Earliest time per conversation from events sorted by (conversation, time); NaT sentinel if none."""
    out = np.full(n_conv, _NAT, dtype=np.int64)
    if len(conv):
        first = np.r_[True, conv[1:] != conv[:-1]]
        out[conv[first]] = t[first]
    return out


def _dt(ns: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """int64 nanoseconds -> datetime64[ns] array (NaT where not ``valid``)."""
    out = np.asarray(ns, dtype=np.int64).copy()
    if valid is not None:
        out[~np.asarray(valid, dtype=bool)] = _NAT
    return out.view("datetime64[ns]")


def _hhmm(text: str) -> int:
    """'HH:MM' -> seconds after midnight ('24:00' allowed)."""
    hh, mm = str(text).strip().split(":")[:2]
    return int(hh) * 3600 + int(mm) * 60


def next_opening(start_ns: np.ndarray, schedule) -> np.ndarray:
    """For each time, itself when inside the working schedule, else the next opening time.

    ``schedule`` is ((weekday, "HH:MM", "HH:MM"), ...), weekday 0 = Monday. Vectorised over the
    times with one pass per day ahead (at most 8).
    """
    open_s = np.full(7, -1, dtype=np.int64)
    close_s = np.full(7, -1, dtype=np.int64)
    for wd, op, cl in schedule:
        open_s[int(wd)] = _hhmm(op)
        close_s[int(wd)] = _hhmm(cl)
    start_ns = np.asarray(start_ns, dtype=np.int64)
    days = np.floor_divide(start_ns, DAY_NS)
    tod = start_ns - days * DAY_NS
    wd = (days + _EPOCH_WEEKDAY) % 7
    out = start_ns.copy()
    todo = np.ones(len(start_ns), dtype=bool)
    if not (open_s >= 0).any():
        return out
    # today: inside -> itself; before opening -> today's opening
    op = open_s[wd] * NS
    cl = close_s[wd] * NS
    has = open_s[wd] >= 0
    inside = has & (tod >= op) & (tod < cl)
    todo &= ~inside
    before = todo & has & (tod < op)
    out[before] = days[before] * DAY_NS + op[before]
    todo &= ~before
    for k in range(1, 8):
        if not todo.any():
            break
        wk = (wd + k) % 7
        hit = todo & (open_s[wk] >= 0)
        out[hit] = (days[hit] + k) * DAY_NS + open_s[wk][hit] * NS
        todo &= ~hit
    return out
