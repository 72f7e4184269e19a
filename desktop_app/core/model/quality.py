"""Service quality (服务质检): every conversation checked against the rules, vectorised.

Reads the messages in the order conversations.py sorted them (buyer, agent, time; AgentMessages.msg_*),
so no second sort: automatic messages (auto-replies, robot sub-accounts) are dropped, conversations of
a robot account are not checked at all, and what is left is cut into *blocks*: runs of buyer messages
or of human agent messages within one conversation (a human block is the agent's answer, however many
lines it was typed in). Each distinct text is folded and matched once (quality_rules.py); the rules are
then numpy over blocks and conversations:

- bare_reply: a human block right after a buyer block holding a question, with 1..max characters in all;
- no_greeting: the conversation's first human block has no greeting;
- no_closing: the last human block of a conversation that led to an order (attribution) has no thanks
  or goodbye;
- banned_words: a human message with a banned word (allowed phrases blanked, negated words skipped);
- unanswered_question: the conversation's last block is the buyer's and holds a question (not judged
  while the conversation may still go on: less than the split gap before the as-of time);
- complaint_no_apology: a buyer block with a complaint word whose next block (the answer) has no
  apology, or that got no answer;
- lost_inquiry_no_followup: an answered inquiry whose buyer placed no order from its start until
  ``quality_followup_h`` after its end, and whom the agent did not message again in that time (judged
  once that time has passed).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from . import quality_rules as qr
from .conversations import AgentMessages, factorize_text, robot_accounts
from .quality_hits import HashMemo, hit_frame
from .quality_summary import QualityResults, summarize
from .quality_universe import universe_for
from .settings import ModelSettings

NS = 1_000_000_000
_NAT = np.iinfo(np.int64).min
#: below one distinct text per this many messages, every text's features are worked out at once
_FEW_TEXTS = 20
#: how many of a pair's later conversations are searched for a follow-up (each starts after a 30-min gap)
_FOLLOWUP_LOOKAHEAD = 8


def check_quality(
    messages: pd.DataFrame,
    conversations: pd.DataFrame,
    agent_messages: AgentMessages,
    settings: ModelSettings,
    as_of: pd.Timestamp,
    attribution: Optional[pd.DataFrame] = None,
    order_buyer_codes: Optional[np.ndarray] = None,
    order_created: Optional[np.ndarray] = None,
    orders_reason: Optional[str] = None,
) -> QualityResults:
    """The quality hits and figures of one model run.

    ``messages``: the frame build_conversations_full read (``agent_messages`` holds its sorted view).
    ``order_buyer_codes``: each order's buyer as a code of the conversations' buyer categories (-1
    none); ``order_created``: datetime64 creation times. ``orders_reason``: a reason code when the
    orders cannot support the order rules (no_closing, lost inquiry), which are then unavailable.
    """
    prep = prepare_quality(messages, conversations, agent_messages, settings)
    return quality_from(prep, settings, as_of, attribution, order_buyer_codes, order_created, orders_reason)


class QualityPrep:
    """What check_quality works out before the thresholds: the kept messages, their blocks and text
    features, and the hits of the rules that read no threshold (prepare_quality). Kept between runs by
    the stage graph, so moving a quality threshold only redoes quality_from."""


def prepare_quality(messages: pd.DataFrame, conversations: pd.DataFrame, agent_messages: AgentMessages,
                    settings: ModelSettings) -> QualityPrep:
    """The threshold-independent part of check_quality (word lists, rules, robots; no thresholds)."""
    p = QualityPrep()
    m = qr.compile_matchers(settings)  # QualitySettingError names a word list (quality_from checks the rest)
    unknown = [r for r in settings.quality_rules if r not in qr.RULES]
    if unknown:
        raise qr.QualitySettingError("quality_rules", ", ".join(unknown), "unknown rule")
    rules = tuple(r for r in qr.RULE_IDS if r in settings.quality_rules)
    n_conv = len(conversations)
    agent_dtype = conversations["agent"].dtype
    conv_agent = np.asarray(conversations["agent"].cat.codes, dtype=np.int64) if n_conv else np.zeros(0, np.int64)
    agent_names = np.asarray(agent_dtype.categories, dtype=object) if n_conv else np.zeros(0, dtype=object)
    conv_robot = robot_accounts(agent_names, settings)[conv_agent] if n_conv else np.zeros(0, dtype=bool)

    am = agent_messages
    keep = ~am.msg_auto & ~conv_robot[am.msg_conv] if am.msg_conv is not None and len(am.msg_conv) \
        else np.zeros(0, dtype=bool)
    f = np.flatnonzero(keep)
    fr, fc, fb = am.msg_rows[f], am.msg_conv[f], am.msg_is_buyer[f]
    del keep, f
    checked = np.zeros(n_conv, dtype=bool)
    checked[fc] = True

    t_all = messages["time"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    text_all = messages["text"].to_numpy(dtype=object)
    ft = t_all[fr]
    codes, uniques = factorize_text(text_all[fr])
    folded = qr.fold_series(pd.Series(uniques, dtype=object))
    feats = _Features(folded, codes)

    # blocks: runs of one side within one conversation
    n = len(fr)
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = (fb[1:] != fb[:-1]) | (fc[1:] != fc[:-1])
    bstart = np.flatnonzero(new)
    bend = np.append(bstart[1:], n) - 1 if len(bstart) else bstart
    block_of = np.cumsum(new) - 1
    b_buyer, b_conv = fb[bstart], fc[bstart]
    prev_same = np.zeros(len(bstart), dtype=bool)
    next_same = np.zeros(len(bstart), dtype=bool)
    if len(bstart) > 1:
        prev_same[1:] = b_conv[1:] == b_conv[:-1]
        next_same[:-1] = prev_same[1:]
    human_b = ~b_buyer
    hits: list[tuple[str, np.ndarray, np.ndarray]] = []  # (rule, f positions, match texts)

    def block_any(flag_per_msg: np.ndarray) -> np.ndarray:
        out = np.zeros(len(bstart), dtype=bool)
        out[block_of[np.flatnonzero(flag_per_msg)]] = True  # flags are sparse: cheaper than a reduceat
        return out

    buyer_pos, human_pos = fb, ~fb
    question = feats.flag(m.question, buyer_pos)
    nonempty = feats.nonempty(np.ones(n, dtype=bool))
    b_question = block_any(question)

    p.bare = None
    if qr.BARE_REPLY in rules and len(bstart):
        after_q = np.zeros(len(bstart), dtype=bool)
        after_q[1:] = prev_same[1:] & b_question[:-1]
        cand_b = human_b & after_q
        length = feats.lengths(human_pos & cand_b[block_of])
        total = np.add.reduceat(length, bstart)
        # the bare reply candidates and their lengths; quality_from compares them with the threshold
        p.bare = (np.flatnonzero(cand_b & (total > 0)), total)

    if qr.NO_GREETING in rules and len(bstart):
        prev_first = np.zeros(len(bstart), dtype=bool)
        prev_first[1:] = ~prev_same[:-1]
        first_h = human_b & (~prev_same | (prev_same & prev_first))
        greet = block_any(feats.flag(m.greeting, human_pos & first_h[block_of]))
        hit_b = first_h & ~greet & block_any(nonempty)
        hits.append((qr.NO_GREETING, bstart[hit_b], None))

    # no_closing needs the attribution: quality_from; its flags are worked out here
    next_last = np.zeros(len(bstart), dtype=bool)
    next_last[:-1] = ~next_same[1:]
    p.closing = None
    if qr.NO_CLOSING in rules and len(bstart):
        # the last human block of each conversation, and whether it has thanks or goodbye
        last_h_any = human_b & (~next_same | (next_same & next_last))
        close = block_any(feats.flag(m.closing, human_pos & last_h_any[block_of]))
        p.closing = (last_h_any, close, block_any(nonempty))

    if qr.BANNED_WORDS in rules:
        banned, words = feats.banned(m.banned, m.allowed, human_pos)
        pos = np.flatnonzero(banned)
        hits.append((qr.BANNED_WORDS, pos, words[pos]))

    p.unanswered = None
    if qr.UNANSWERED_QUESTION in rules and len(bstart):
        open_q = b_buyer & ~next_same & b_question
        pos = _first_in_blocks(question & open_q[block_of], block_of)
        # each open question's block end time: settled once the split gap has passed (quality_from)
        p.unanswered = (pos, ft[bend[block_of[pos]]], feats.words(m.question, pos))

    if qr.COMPLAINT_NO_APOLOGY in rules and len(bstart):
        complaint = feats.flag(m.complaint, buyer_pos)
        b_complaint = block_any(complaint)
        apology = block_any(feats.flag(m.apology, human_pos & np.r_[False, b_complaint[:-1]][block_of]))
        answered_sorry = np.zeros(len(bstart), dtype=bool)
        answered_sorry[:-1] = next_same[:-1] & apology[1:]
        hit_b = b_buyer & b_complaint & ~answered_sorry
        pos = _first_in_blocks(complaint & hit_b[block_of], block_of)
        hits.append((qr.COMPLAINT_NO_APOLOGY, pos, feats.words(m.complaint, pos)))

    p.rules, p.m, p.n, p.n_conv = rules, m, n, n_conv
    p.conversations, p.am, p.fr, p.fc, p.fb, p.ft = conversations, am, fr, fc, fb, ft
    p.t_all, p.text_all, p.codes, p.uniques = t_all, text_all, codes, np.asarray(uniques, dtype=object)
    p.bstart, p.bend, p.block_of, p.checked = bstart, bend, block_of, checked
    p.conv_agent, p.agent_names, p.b_conv = conv_agent, agent_names, b_conv
    p.hits = hits  # the rules without a threshold, in rule order (bare_reply's place kept by quality_from)
    p.memo = HashMemo()  # hit ids and name hashes, reused by every quality_from on this prep
    return p


def quality_from(p: QualityPrep, settings: ModelSettings, as_of: pd.Timestamp,
                 attribution: Optional[pd.DataFrame] = None, order_buyer_codes: Optional[np.ndarray] = None,
                 order_created: Optional[np.ndarray] = None, orders_reason: Optional[str] = None,
                 keep_universe: bool = False) -> QualityResults:
    """check_quality's hits and figures from its prepared part: the thresholds, the attribution, as-of.

    ``keep_universe``: write every candidate hit once and keep it on ``p`` (quality_universe.py), so the
    next runs on this prep only pick their hits from it (the What-if panel's runs); the hits are the same."""
    qr.validate(settings)
    rules, n_conv, bstart, bend = p.rules, p.n_conv, p.bstart, p.bend
    unavailable = {r: orders_reason for r in (qr.NO_CLOSING, qr.LOST_INQUIRY) if orders_reason and r in rules}
    universe = universe_for(p, settings, order_buyer_codes, order_created, unavailable, _FOLLOWUP_LOOKAHEAD) \
        if keep_universe else None
    if universe is not None:
        return _results(p, universe.select(settings, as_of, attribution, n_conv), rules, unavailable)
    hits: list[tuple[str, np.ndarray, np.ndarray]] = []
    if p.bare is not None:
        cand, total = p.bare
        hit = cand[total[cand] <= int(settings.quality_bare_max_chars)]
        hits.append((qr.BARE_REPLY, bstart[hit], _block_text(p.text_all, p.fr, bstart[hit], bend[hit])))
    hits += [h for h in p.hits if h[0] == qr.NO_GREETING]
    if qr.NO_CLOSING in rules and qr.NO_CLOSING not in unavailable and len(bstart):
        ordered = np.zeros(n_conv, dtype=bool)
        if attribution is not None and len(attribution) and "conv_id" in attribution:
            ids = pd.to_numeric(attribution["conv_id"], errors="coerce").to_numpy(dtype=float)
            ids = ids[np.isfinite(ids)].astype(np.int64)
            ordered[ids[(ids >= 0) & (ids < n_conv)]] = True
        last_h_any, close, nonempty_b = p.closing
        last_h = last_h_any & ordered[p.b_conv]
        hit_b = last_h & ~close & nonempty_b
        hits.append((qr.NO_CLOSING, bend[hit_b], None))
    hits += [h for h in p.hits if h[0] == qr.BANNED_WORDS]
    if p.unanswered is not None:
        pos, end_t, words = p.unanswered
        settled = end_t + int(settings.split_gap_s * NS) <= pd.Timestamp(as_of).value
        hits.append((qr.UNANSWERED_QUESTION, pos[settled], words[settled]))
    hits += [h for h in p.hits if h[0] == qr.COMPLAINT_NO_APOLOGY]
    if qr.LOST_INQUIRY in rules and qr.LOST_INQUIRY not in unavailable and p.n:
        pos = _lost_inquiries(p.conversations, p.am, p.fc, p.fb, p.ft, p.checked, settings, as_of,
                              order_buyer_codes, order_created)
        hits.append((qr.LOST_INQUIRY, pos, None))

    frame = hit_frame(hits, p.fr, p.fc, p.t_all, p.text_all, p.conversations, p.codes, p.uniques, p.memo)
    return _results(p, frame, rules, unavailable)


def _results(p: QualityPrep, frame: pd.DataFrame, rules, unavailable: dict) -> QualityResults:
    q = QualityResults(hits=frame, agents=pd.DataFrame(), shop={}, rules=rules, unavailable_rules=unavailable,
                       checked=p.checked.copy(), conv_agent=p.conv_agent, agent_names=p.agent_names)
    summarize(q)
    return q


class _Features:
    """Text features per message, worked out once per distinct text and only where a rule needs them."""

    def __init__(self, folded: pd.Series, codes: np.ndarray) -> None:
        self.folded, self.codes = folded, codes
        self._len: Optional[np.ndarray] = None

    def _per_unique(self, where: np.ndarray, fn, dtype) -> np.ndarray:
        out = np.zeros(len(self.folded), dtype=dtype)
        if len(self.folded) * _FEW_TEXTS <= len(self.codes):
            # few distinct texts (templates): working them all out is cheaper than finding those needed
            if len(self.folded):
                out[:] = fn(self.folded)
            return out
        need = np.zeros(len(self.folded), dtype=bool)
        need[self.codes[where]] = True
        idx = np.flatnonzero(need)
        if len(idx):
            out[idx] = fn(self.folded.iloc[idx])
        return out

    def flag(self, pattern, where: np.ndarray) -> np.ndarray:
        """Per message: ``pattern`` occurs (False outside ``where``)."""
        if pattern is None or not where.any():
            return np.zeros(len(self.codes), dtype=bool)
        per = self._per_unique(where, lambda s: qr.contains(s, pattern), bool)
        return per[self.codes] & where

    def nonempty(self, where: np.ndarray) -> np.ndarray:
        per = self._per_unique(where, lambda s: s.str.strip().str.len().to_numpy() > 0, bool)
        return per[self.codes] & where

    def lengths(self, where: np.ndarray) -> np.ndarray:
        per = self._per_unique(where, qr.reply_length, np.int64)
        return np.where(where, per[self.codes], 0)

    def banned(self, banned, allowed, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per message: a banned word occurs (allowed phrases blanked); and the words per message."""
        n = len(self.codes)
        if banned is None or not where.any():
            return np.zeros(n, dtype=bool), np.full(n, "", dtype=object)
        per = self._per_unique(where, lambda s: qr.contains(qr.without_allowed(s, allowed), banned), bool)
        hit = per[self.codes] & where
        words = np.full(len(self.folded), "", dtype=object)
        idx = np.unique(self.codes[hit])
        if len(idx):
            words[idx] = qr.found_words(qr.without_allowed(self.folded.iloc[idx], allowed), banned)
        return hit, words[self.codes]

    def words(self, pattern, pos: np.ndarray) -> np.ndarray:
        """The words of ``pattern`` in the messages at ``pos``."""
        if pattern is None or len(pos) == 0:
            return np.full(len(pos), "", dtype=object)
        idx, inv = np.unique(self.codes[pos], return_inverse=True)
        return qr.found_words(self.folded.iloc[idx], pattern)[inv]


def _first_in_blocks(flag: np.ndarray, block_of: np.ndarray) -> np.ndarray:
    """The first flagged position of each block that has one."""
    pos = np.flatnonzero(flag)
    if len(pos) == 0:
        return pos
    first = np.r_[True, block_of[pos[1:]] != block_of[pos[:-1]]]
    return pos[first]


def _block_text(text_all, fr, starts, ends) -> np.ndarray:
    """A block's text (its lines joined) for each block; usually one line."""
    out = text_all[fr[starts]].copy()
    multi = np.flatnonzero(ends > starts)
    for i in multi:  # bare blocks of several lines are few (each has at most a few characters)
        out[i] = " ".join(str(v) for v in text_all[fr[starts[i]:ends[i] + 1]])
    return out


def _lost_inquiries(conversations, am: AgentMessages, fc, fb, ft, checked, settings, as_of,
                    order_buyer_codes, order_created) -> np.ndarray:
    """Positions (in the kept messages) of the last buyer message of each lost, not followed-up inquiry."""
    n_conv = len(conversations)
    window = int(float(settings.quality_followup_h) * 3600 * NS)
    has_b = np.bincount(fc[fb], minlength=n_conv) > 0
    has_h = np.bincount(fc[~fb], minlength=n_conv) > 0
    start = conversations["start"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    end = conversations["end"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    cand = checked & has_b & has_h & (end + window <= pd.Timestamp(as_of).value)
    c = np.flatnonzero(cand)
    if len(c) == 0:
        return np.zeros(0, dtype=np.int64)
    buyer = np.asarray(conversations["buyer"].cat.codes, dtype=np.int64)[c]
    agent = np.asarray(conversations["agent"].cat.codes, dtype=np.int64)[c]
    lo, hi = start[c], end[c] + window
    ordered = np.zeros(len(c), dtype=bool)
    if order_buyer_codes is not None and len(order_buyer_codes):
        ob = np.asarray(order_buyer_codes, dtype=np.int64)
        created = np.asarray(order_created, dtype="datetime64[ns]").view(np.int64)
        ok = (ob >= 0) & (created != np.iinfo(np.int64).min)
        ordered = _any_between(ob[ok], created[ok], buyer, lo, hi)
    # a follow-up is a human message of the same agent to the same buyer within the window: conversations
    # are numbered in (buyer, agent, time) order, so the pair's later conversations are the next ids
    all_buyer = np.asarray(conversations["buyer"].cat.codes, dtype=np.int64)
    all_agent = np.asarray(conversations["agent"].cat.codes, dtype=np.int64)
    first_human = conversations["first_human_message"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    followed = np.zeros(len(c), dtype=bool)
    live = np.ones(len(c), dtype=bool)
    for k in range(1, _FOLLOWUP_LOOKAHEAD + 1):
        nxt = c + k
        live &= nxt < n_conv
        nxt = np.minimum(nxt, n_conv - 1)
        live &= (all_buyer[nxt] == buyer) & (all_agent[nxt] == agent) & (start[nxt] <= hi)
        if not live.any():
            break
        fh = first_human[nxt]
        followed |= live & (fh != _NAT) & (fh <= hi)
    lost = c[~ordered & ~followed]
    # the last buyer message of each lost conversation
    b_pos = np.flatnonzero(fb)
    last = np.r_[fc[b_pos][1:] != fc[b_pos][:-1], True] if len(b_pos) else np.zeros(0, dtype=bool)
    last_pos = np.full(n_conv, -1, dtype=np.int64)
    last_pos[fc[b_pos[last]]] = b_pos[last]
    return np.sort(last_pos[lost])


def _any_between(keys, times_ns, probe_keys, lo_ns, hi_ns, left_open=False) -> np.ndarray:
    """For each probe: is there an event with the same key and lo <= time <= hi (lo < time when
    ``left_open``)? Whole seconds; one sort of the events and two binary searches per probe."""
    if len(keys) == 0 or len(probe_keys) == 0:
        return np.zeros(len(probe_keys), dtype=bool)
    s = np.asarray(times_ns, dtype=np.int64) // NS
    lo = np.asarray(lo_ns, dtype=np.int64) // NS + (1 if left_open else 0)
    hi = np.asarray(hi_ns, dtype=np.int64) // NS
    keys = np.asarray(keys, dtype=np.int64)
    probe_keys = np.asarray(probe_keys, dtype=np.int64)
    tmin = int(min(s.min(), lo.min()))
    span = int(max(s.max(), hi.max())) - tmin + 1
    if int(keys.min()) >= 0 and (int(max(keys.max(), probe_keys.max())) + 1) * span < 2 ** 62:
        idx, found = probe_keys, probe_keys >= 0  # dense codes: the key is its own rank
        composite = np.sort(keys * span + (s - tmin))
    else:
        uk, rank = np.unique(keys, return_inverse=True)
        composite = np.sort(rank.astype(np.int64) * span + (s - tmin))
        idx = np.minimum(np.searchsorted(uk, probe_keys), len(uk) - 1)
        found = uk[idx] == probe_keys
    a = np.searchsorted(composite, idx * span + (lo - tmin), side="left")
    b = np.searchsorted(composite, idx * span + (hi - tmin), side="right")
    return found & (hi >= lo) & (b > a)
