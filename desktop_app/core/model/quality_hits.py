"""The quality hit list: one row per hit, with an id that is the same in every import of the same chat."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import quality_rules as qr
from .quality_summary import HIT_COLUMNS

NS = 1_000_000_000
DAY_NS = 86_400 * NS


def hit_frame(hits, fr, fc, t_all, text_all, conversations, text_codes, text_uniques, memo=None) -> pd.DataFrame:
    """One row per hit (HIT_COLUMNS), ordered by time, then rule, then as given (a stable sort), with ids
    stable across imports.

    ``memo``: a HashMemo kept between runs on the same messages (the What-if panel's): names and ids
    worked out before are reused, not hashed and written out again."""
    rows = hit_rows(hits, fr, fc, t_all, conversations, text_codes, text_uniques)
    if rows is None:
        return _empty_hits()
    return rows_frame(rows, None, rows_ids(rows, None, memo if memo is not None else HashMemo()))


def hit_rows(hits, fr, fc, t_all, conversations, text_codes, text_uniques):
    """hit_frame's rows before their ids, as arrays in the frame's order (None: no hits). ``order``: each
    row's position in the hits concatenated as given."""
    parts = [(r, p, mt) for r, p, mt in hits if len(p)]
    if not parts:
        return None
    rule_no = {r: i for i, r in enumerate(qr.RULE_IDS)}
    pos = np.concatenate([p for _, p, _ in parts])
    rule = np.concatenate([np.full(len(p), rule_no[r], dtype=np.int8) for r, p, _ in parts])
    match = np.concatenate([mt if mt is not None else np.full(len(p), "", dtype=object) for _, p, mt in parts])
    # texts as codes of the distinct texts; a bare reply of several lines gets a text of its own
    tcode = text_codes[pos]
    own = np.flatnonzero(rule == rule_no[qr.BARE_REPLY])
    own = own[match[own] != text_uniques[tcode[own]]]
    uniques = text_uniques
    if len(own):
        uniques = np.concatenate([text_uniques, match[own]])
        tcode = tcode.copy()
        tcode[own] = len(text_uniques) + np.arange(len(own))
    t = t_all[fr[pos]]
    if len(t) and int(t.max()) - int(t.min()) < 2 ** 58:
        order = np.argsort((t - t.min()) * 8 + rule, kind="stable")  # one int64 key: (time, rule)
    else:
        order = np.lexsort((rule, t))
    pos, rule, match, tcode, t = pos[order], rule[order], match[order], tcode[order], t[order]
    conv = fc[pos]
    is_bare = rule == rule_no[qr.BARE_REPLY]
    uniques = np.where(pd.isna(uniques), "", uniques).astype(object)
    return {"order": order, "rule": rule, "match": match, "tcode": tcode, "t": t, "conv": conv, "is_bare": is_bare,
            "agent_codes": np.asarray(conversations["agent"].cat.codes, dtype=np.int64)[conv],
            "buyer_codes": np.asarray(conversations["buyer"].cat.codes, dtype=np.int64)[conv],
            "agent_dtype": conversations["agent"].dtype, "buyer_dtype": conversations["buyer"].dtype,
            "uniques": uniques}


def rows_ids(rows: dict, sel, memo: "HashMemo") -> np.ndarray:
    """The ids of the rows ``sel`` of hit_rows (None: all)."""
    def at(name):
        return rows[name] if sel is None else rows[name][sel]

    return hit_ids(at("rule"), memo.names("agent", at("agent_codes"), rows["agent_dtype"].categories),
                   memo.names("buyer", at("buyer_codes"), rows["buyer_dtype"].categories), at("t"),
                   memo.names("text", at("tcode"), rows["uniques"]), memo)


def rows_frame(rows: dict, sel, ids: np.ndarray) -> pd.DataFrame:
    """hit_frame of the rows ``sel`` of hit_rows (None: all), with their ``ids``."""
    def at(name):
        return rows[name] if sel is None else rows[name][sel]

    rule, t, conv, is_bare = at("rule"), at("t"), at("conv"), at("is_bare")
    text = rows["uniques"][at("tcode")]
    match = at("match")
    if is_bare.any():
        match = match.copy()
        match[is_bare] = text[is_bare]

    def text_col(values: np.ndarray) -> pd.Series:  # object columns as the schema has them (no str inference)
        return pd.Series(values, dtype=object, copy=False)

    return pd.DataFrame({
        "hit_id": text_col(ids),
        "rule": pd.Categorical.from_codes(rule, dtype=RULE_DTYPE),
        "agent": pd.Categorical.from_codes(at("agent_codes"), dtype=rows["agent_dtype"]),
        "buyer": pd.Categorical.from_codes(at("buyer_codes"), dtype=rows["buyer_dtype"]),
        "conv_id": conv.astype(np.int64),
        "time": t.view("datetime64[ns]"),
        "day": (t - t % DAY_NS).view("datetime64[ns]"),
        "text": text_col(text),
        "match": text_col(match),
        "accepted": np.zeros(len(rule), dtype=bool),
        "note": text_col(np.full(len(rule), "", dtype=object)),
    }, copy=False)


RULE_DTYPE = pd.CategoricalDtype(list(qr.RULE_IDS))


def _empty_hits() -> pd.DataFrame:
    return pd.DataFrame({
        "hit_id": pd.Series(dtype=object), "rule": pd.Series(pd.Categorical([], dtype=RULE_DTYPE)),
        "agent": pd.Series(dtype=object), "buyer": pd.Series(dtype=object),
        "conv_id": pd.Series(dtype=np.int64), "time": pd.Series(dtype="datetime64[ns]"),
        "day": pd.Series(dtype="datetime64[ns]"), "text": pd.Series(dtype=object),
        "match": pd.Series(dtype=object), "accepted": pd.Series(dtype=bool), "note": pd.Series(dtype=object),
    })[HIT_COLUMNS]


def _hash_by_code(codes: np.ndarray, names) -> np.ndarray:
    """pandas' keyed hash of each code's name, hashing each distinct name used once."""
    need = np.zeros(len(names), dtype=bool)
    need[codes] = True
    used = np.flatnonzero(need)
    lookup = np.zeros(len(names), dtype=np.uint64)
    # the names are distinct already: no factorising inside hash_array; in pieces, so that the window's
    # thread gets the interpreter lock between them (a million buyer names hash for about 0.3 s)
    chosen = np.asarray(names, dtype=object)[used]
    for lo in range(0, len(used), _HASH_CHUNK):
        lookup[used[lo:lo + _HASH_CHUNK]] = pd.util.hash_array(chosen[lo:lo + _HASH_CHUNK], categorize=False)
    return lookup[codes]


#: names hashed per call (about 30 ms each)
_HASH_CHUNK = 100_000
#: byte -> its two hex digits
_HEX2 = np.frombuffer(b"".join(b"%02x" % i for i in range(256)), dtype=np.uint8).reshape(256, 2)
_MIX = np.uint64(0x100000001B3)


class HashMemo:
    """Hashes of names and hit ids already worked out, for runs on the same messages (stage graph).

    ``names(kind, codes, names)`` is _hash_by_code, remembering each name's hash by its code while the
    names are the same object; ``ids(h)`` the 16-digit text of each combined hash, remembered by hash.
    """

    def __init__(self) -> None:
        self._names: dict = {}
        self._known = np.zeros(0, dtype=np.uint64)
        self._texts = np.zeros(0, dtype=object)

    def names(self, kind: str, codes: np.ndarray, names) -> np.ndarray:
        entry = self._names.get(kind)
        if entry is None or entry[0] is not names:
            entry = (names, np.zeros(len(names), dtype=np.uint64), np.zeros(len(names), dtype=bool))
            self._names[kind] = entry
        _, lookup, done = entry
        if len(codes) == 0:
            return lookup[codes]
        need = np.zeros(len(names), dtype=bool)
        need[codes] = True
        new = np.flatnonzero(need & ~done)
        if len(new):
            lookup[new] = _hash_by_code(new, names)
            done[new] = True
        return lookup[codes]

    def ids(self, h: np.ndarray, write) -> np.ndarray:
        """The id text of each hash ``h``; ``write(hashes)`` writes the ones not seen before."""
        out = np.empty(len(h), dtype=object)
        if len(self._known):
            at = np.minimum(np.searchsorted(self._known, h), len(self._known) - 1)
            found = self._known[at] == h
        else:
            at, found = np.zeros(len(h), dtype=np.intp), np.zeros(len(h), dtype=bool)
        out[found] = self._texts[at[found]]
        missing = np.flatnonzero(~found)
        if len(missing):
            new_h, first = np.unique(h[missing], return_index=True)
            new_texts = write(new_h)
            out[missing] = new_texts[np.searchsorted(new_h, h[missing])]
            known = np.concatenate([self._known, new_h])
            texts = np.concatenate([self._texts, new_texts])
            order = np.argsort(known, kind="stable")
            self._known, self._texts = known[order], texts[order]
        return out


def hit_ids(rule_codes, agent_hash, buyer_hash, time_ns, text_hash, memo: "HashMemo | None" = None) -> np.ndarray:
    """16-hex-digit ids from (rule, agent, buyer, time, text) hashes: the same hit has the same id in
    every import (pandas' keyed SipHash of the texts, combined; no Python call per hit). ``memo``: ids
    written before are reused."""
    names = pd.util.hash_array(np.asarray(qr.RULE_IDS, dtype=object), categorize=False)
    h = names[np.asarray(rule_codes, dtype=np.intp)].astype(np.uint64)
    with np.errstate(over="ignore"):
        for part in (agent_hash, buyer_hash, text_hash,
                     pd.util.hash_array(np.asarray(time_ns, dtype=np.int64), categorize=False)):
            h = h * _MIX ^ np.asarray(part, dtype=np.uint64)
    return _id_texts(h) if memo is None else memo.ids(h, _id_texts)


def _id_texts(h: np.ndarray) -> np.ndarray:
    """Each uint64 hash as 16 hex digits (object array of str)."""
    digits = _HEX2[h.astype(">u8").view(np.uint8).reshape(-1, 8)]  # (n, 8, 2) ascii digits
    s16 = np.ascontiguousarray(digits).reshape(-1, 16).view("S16").ravel()
    out = np.empty(len(s16), dtype=object)
    out[:] = [b.decode("ascii") for b in s16.tolist()]  # half the cost of astype("U16").astype(object)
    return out
