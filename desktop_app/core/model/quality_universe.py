"""Every quality hit one prepared run could give, kept so that moving a quality threshold is a mask.

quality.quality_from finds the hits of the rules that read a threshold (bare_reply: the reply length;
unanswered_question: the split gap; lost_inquiry_no_followup: the follow-up hours) or the attribution
(no_closing) anew on every run, then writes the hit list (quality_hits.hit_frame: ids, texts, a sort by
time). The What-if panel moves those thresholds over one prepared run: here the list is written once
for every *candidate* hit, each with what its rule compares (a reply's length, a block's end, a
conversation's end, the first order after its start, the first follow-up), and a run picks its hits
with a boolean mask over it. The rows picked are exactly quality_from's hits, in the same order (the
hit list is sorted stably by time and rule, so a subset of the sorted candidates is sorted the same
way); tests/core/test_quality_universe.py compares the two paths.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from . import quality_rules as qr
from .quality_hits import _empty_hits, hit_rows, rows_frame, rows_ids

NS = 1_000_000_000
_NAT = np.iinfo(np.int64).min
_NEVER = np.iinfo(np.int64).max
#: the longest bare reply kept as a candidate at least (the What-if panel's range ends at 20 characters)
BARE_CANDIDATE_CHARS = 20

#: row kinds: a hit of a rule without a threshold, or a candidate of one with
_FIXED, _BARE, _CLOSING, _UNANSWERED, _LOST = range(5)


class HitUniverse:
    """The candidate hits of one QualityPrep (see the module docstring); ``select`` picks a run's hits."""

    def __init__(self, p, bare_max: int, order_buyer_codes, order_created, unavailable: dict, lookahead: int) -> None:
        self.bare_max = bare_max
        self.orders = order_buyer_codes
        self.unavailable = dict(unavailable)
        self.ok = True
        parts, params = [], []  # hit_frame's parts, and per part (kind, a, b, c, d) arrays
        rules, bstart, bend = p.rules, p.bstart, p.bend

        def add(rule, pos, match, kind, a=None, b=None, c=None, d=None):
            n = len(pos)
            parts.append((rule, pos, match))
            fill = [np.zeros(n, dtype=np.int64) if x is None else np.asarray(x, dtype=np.int64) for x in (a, b, c, d)]
            params.append((np.full(n, kind, dtype=np.int8), *fill))

        if p.bare is not None:
            cand, total = p.bare
            sel = cand[total[cand] <= bare_max]
            from .quality import _block_text

            add(qr.BARE_REPLY, bstart[sel], _block_text(p.text_all, p.fr, bstart[sel], bend[sel]), _BARE,
                a=total[sel])
        for h in p.hits:
            if h[0] == qr.NO_GREETING:
                add(*h, _FIXED)
        self.closing = qr.NO_CLOSING in rules and qr.NO_CLOSING not in unavailable and len(bstart) > 0
        if self.closing:
            last_h_any, close, nonempty_b = p.closing
            blocks = np.flatnonzero(last_h_any & ~close & nonempty_b)
            add(qr.NO_CLOSING, bend[blocks], None, _CLOSING, a=p.b_conv[blocks])
        for h in p.hits:
            if h[0] == qr.BANNED_WORDS:
                add(*h, _FIXED)
        if p.unanswered is not None:
            pos, end_t, words = p.unanswered
            add(qr.UNANSWERED_QUESTION, pos, words, _UNANSWERED, a=end_t)
        for h in p.hits:
            if h[0] == qr.COMPLAINT_NO_APOLOGY:
                add(*h, _FIXED)
        if qr.LOST_INQUIRY in rules and qr.LOST_INQUIRY not in unavailable and p.n:
            lost = _lost_candidates(p, order_buyer_codes, order_created, lookahead)
            if lost is None:  # times too far apart for one int64 key: quality_from's own path
                self.ok = False
                return
            add(qr.LOST_INQUIRY, *lost)

        # the rows as hit_frame orders them; their ids are written when a run first picks them
        self.rows = hit_rows(parts, p.fr, p.fc, p.t_all, p.conversations, p.codes, p.uniques)
        self.memo = p.memo
        order = self.rows["order"] if self.rows is not None else np.zeros(0, dtype=np.intp)
        kept = [i for i, (_, pos, _) in enumerate(parts) if len(pos)]  # hit_rows leaves the empty parts out
        cols = [np.concatenate([params[i][k] for i in kept]) if kept else np.zeros(0, dtype=np.int64)
                for k in range(5)]
        self.kind, self.a, self.b, self.c, self.d = (x[order] for x in cols)
        self.ids = np.empty(len(order), dtype=object)
        self.has_id = np.zeros(len(order), dtype=bool)
        #: the hit list's columns over every candidate (columns_all), so a run's list is one take per column
        self.columns: Optional[dict] = None

    def fits(self, bare_max: int, order_buyer_codes, unavailable: dict) -> bool:
        """True when this universe holds every hit of a run with these inputs."""
        return (self.ok and bare_max <= self.bare_max and order_buyer_codes is self.orders
                and unavailable == self.unavailable)

    def select(self, settings, as_of, attribution, n_conv: int) -> pd.DataFrame:
        """The hit list of a run with ``settings`` (quality_from's, row for row)."""
        kind, a, b, c, d = self.kind, self.a, self.b, self.c, self.d
        as_of_ns = pd.Timestamp(as_of).value
        keep = kind == _FIXED
        keep |= (kind == _BARE) & (a <= int(settings.quality_bare_max_chars))
        if self.closing:
            ordered = np.zeros(n_conv, dtype=bool)
            if attribution is not None and len(attribution) and "conv_id" in attribution:
                ids = pd.to_numeric(attribution["conv_id"], errors="coerce").to_numpy(dtype=float)
                ids = ids[np.isfinite(ids)].astype(np.int64)
                ordered[ids[(ids >= 0) & (ids < n_conv)]] = True
            is_c = kind == _CLOSING
            keep[is_c] = ordered[a[is_c]]
        keep |= (kind == _UNANSWERED) & (a + int(settings.split_gap_s * NS) <= as_of_ns)
        is_l = np.flatnonzero(kind == _LOST)
        if len(is_l):
            window = int(float(settings.quality_followup_h) * 3600 * NS)
            end, start, first_s, follow = a[is_l], b[is_l], c[is_l], d[is_l]
            hi = end + window
            ordered = (hi // NS >= start // NS) & (first_s <= hi // NS)
            keep[is_l] = (hi <= as_of_ns) & ~ordered & ~(follow <= hi)
        rows = np.flatnonzero(keep)
        if not len(rows):
            return _empty_hits()
        if self.columns is None:
            self.columns = self._columns_all()
        return _take_frame(self.columns, rows)

    def _columns_all(self) -> dict:
        """rows_frame's columns for every candidate, ids included: written once (on the panel's first run),
        so a move picks its hits with one take per column and hashes nothing (the rows picked are
        rows_frame's of the same rows, value for value: tests/core/test_quality_universe.py)."""
        need = np.flatnonzero(~self.has_id)
        if len(need):
            self.ids[need] = rows_ids(self.rows, need, self.memo)
            self.has_id[need] = True
        full = rows_frame(self.rows, None, self.ids)
        out = {c: (full[c].cat.codes.to_numpy() if isinstance(full[c].dtype, pd.CategoricalDtype)
                   else full[c].to_numpy()) for c in full.columns}
        out["_dtypes"] = {c: full[c].dtype for c in full.columns}
        # rows_frame's constant columns (no hit accepted, no note yet): filled, not gathered row by row
        out["_constant"] = {c: out[c][0] for c in ("accepted", "note")
                            if c in out and len(out[c]) and (out[c] == out[c][0]).all()}
        return out


def _take_frame(columns: dict, rows: np.ndarray) -> pd.DataFrame:
    """rows_frame of ``rows`` from the candidates' columns (columns_all): a take per column, the
    categories' codes unchecked (they came from a valid Categorical)."""
    dtypes, constant = columns["_dtypes"], columns["_constant"]
    data = {}
    for c, dtype in dtypes.items():
        values = np.full(len(rows), constant[c], dtype=dtype) if c in constant else columns[c][rows]
        if isinstance(dtype, pd.CategoricalDtype):
            data[c] = pd.Categorical.from_codes(values, dtype=dtype, validate=False)
        elif dtype == object:
            data[c] = pd.Series(values, dtype=object, copy=False)
        else:
            data[c] = values
    return pd.DataFrame(data, copy=False)


def _lost_candidates(p, order_buyer_codes, order_created, lookahead: int):
    """The lost-inquiry candidates (quality._lost_inquiries without its window): the last buyer message of
    every checked conversation with both sides, with the conversation's end and start, the first order
    second at or after its start, and the earliest time its pair's next conversations make it followed up.
    None when the order times cannot share one int64 key."""
    conversations, fc, fb, n_conv = p.conversations, p.fc, p.fb, p.n_conv
    has_b = np.bincount(fc[fb], minlength=n_conv) > 0
    has_h = np.bincount(fc[~fb], minlength=n_conv) > 0
    start = conversations["start"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    end = conversations["end"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    c = np.flatnonzero(p.checked & has_b & has_h)
    buyer_all = np.asarray(conversations["buyer"].cat.codes, dtype=np.int64)
    agent_all = np.asarray(conversations["agent"].cat.codes, dtype=np.int64)
    buyer, agent = buyer_all[c], agent_all[c]

    first_s = np.full(len(c), _NEVER, dtype=np.int64)
    if order_buyer_codes is not None and len(order_buyer_codes) and len(c):
        ob = np.asarray(order_buyer_codes, dtype=np.int64)
        created = np.asarray(order_created, dtype="datetime64[ns]").view(np.int64)
        ok = (ob >= 0) & (created != _NAT)
        ob, s = ob[ok], created[ok] // NS
        if len(ob):
            lo = start[c] // NS
            tmin = int(min(s.min(), lo.min()))
            span = int(max(s.max(), lo.max())) - tmin + 1
            uk, rank = np.unique(ob, return_inverse=True)
            if (len(uk) + 1) * span >= 2 ** 62:
                return None
            composite = np.sort(rank.astype(np.int64) * span + (s - tmin))
            idx = np.minimum(np.searchsorted(uk, buyer), len(uk) - 1)
            found = uk[idx] == buyer
            at = np.searchsorted(composite, idx * span + (lo - tmin), side="left")
            atc = np.minimum(at, len(composite) - 1)
            hit = found & (at < len(composite)) & (composite[atc] // span == idx)
            first_s[hit] = composite[atc[hit]] % span + tmin

    first_human = conversations["first_human_message"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    follow = np.full(len(c), _NEVER, dtype=np.int64)
    live = np.ones(len(c), dtype=bool)
    latest_start = np.full(len(c), _NAT, dtype=np.int64)
    for k in range(1, lookahead + 1):
        nxt = c + k
        live &= nxt < n_conv
        nxt = np.minimum(nxt, max(n_conv - 1, 0))
        live &= (buyer_all[nxt] == buyer) & (agent_all[nxt] == agent)
        if not live.any():
            break
        latest_start = np.maximum(latest_start, start[nxt])
        fh = first_human[nxt]
        at = np.maximum(latest_start, fh)
        follow = np.where(live & (fh != _NAT), np.minimum(follow, at), follow)

    b_pos = np.flatnonzero(fb)
    last = np.r_[fc[b_pos][1:] != fc[b_pos][:-1], True] if len(b_pos) else np.zeros(0, dtype=bool)
    last_pos = np.full(n_conv, -1, dtype=np.int64)
    last_pos[fc[b_pos[last]]] = b_pos[last]
    pos = last_pos[c]
    order = np.argsort(pos, kind="stable")
    return (pos[order], None, _LOST, end[c][order], start[c][order], first_s[order], follow[order])


def universe_for(p, settings, order_buyer_codes, order_created, unavailable: dict,
                 lookahead: int) -> Optional[HitUniverse]:
    """The prep's universe for these inputs (built, or rebuilt for a longer bare reply, when needed)."""
    bare_max = int(settings.quality_bare_max_chars)
    u = getattr(p, "universe", None)
    if u is not None and u.fits(bare_max, order_buyer_codes, unavailable):
        return u
    u = HitUniverse(p, max(bare_max, BARE_CANDIDATE_CHARS), order_buyer_codes, order_created, unavailable,
                    lookahead)
    p.universe = u
    return u if u.ok else None

