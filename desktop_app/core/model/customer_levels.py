"""Membership levels: the level of each value, levels that never go down, and the levels a user set
by hand (customers.py re-exports every name).
"""

from __future__ import annotations

from typing import Mapping, Optional

import numpy as np
import pandas as pd


def _sorted_levels(levels) -> list[tuple[str, float]]:
    # stable sort: the settings promise rising thresholds, but a hand-edited list may not be
    return sorted(((str(n), float(t)) for n, t in levels), key=lambda nt: nt[1])


def level_for(values, levels) -> np.ndarray:
    """Level name for each value: the highest level whose threshold is ≤ the value.

    Values below the first threshold (and NaN) get the first level.
    """
    lv = _sorted_levels(levels)
    if not lv:
        return np.full(np.shape(values), "", dtype=object)
    thresholds = np.array([t for _, t in lv])
    names = np.array([n for n, _ in lv], dtype=object)
    v = np.nan_to_num(np.asarray(values, dtype="float64"), nan=-np.inf)
    idx = np.clip(np.searchsorted(thresholds, v, side="right") - 1, 0, len(lv) - 1)
    return names[idx]


def keep_higher_levels(
    buyers, new_levels, previous_levels: Optional[Mapping[str, str]], levels
) -> np.ndarray:
    """Never lower a level: for each buyer, the higher (by rank in ``levels``) of new and previous.

    A previous level whose name is not in ``levels`` (renamed or removed in the settings) cannot be
    ranked and is ignored.
    """
    new_levels = np.asarray(new_levels, dtype=object)
    if not previous_levels:
        return new_levels
    lv = _sorted_levels(levels)
    rank = {n: i for i, (n, _) in enumerate(lv)}
    names = np.array([n for n, _ in lv], dtype=object)
    new_rank = pd.Series(new_levels).map(rank).fillna(-1).to_numpy(dtype=np.int64)
    old_rank = pd.Series(buyers).map(dict(previous_levels)).map(rank).fillna(-1).to_numpy(dtype=np.int64)
    best = np.maximum(new_rank, old_rank)
    return np.where(best >= 0, names[np.clip(best, 0, max(len(names) - 1, 0))], new_levels)


def apply_manual_levels(
    buyers, levels_now, computed, manual_levels: Optional[Mapping[str, tuple[str, str]]], levels
) -> np.ndarray:
    """Levels set by hand (which may be lower) stand until the buyer genuinely earns a higher one.

    ``manual_levels``: buyer -> (level set by hand, level computed when it was set). The computed
    level replaces the hand-set one only when it ranks above both (the store's rule, so the archive
    and the store agree). Buyers not in ``manual_levels`` keep ``levels_now``.
    """
    out = np.asarray(levels_now, dtype=object).copy()
    if not manual_levels:
        return out
    rank = {n: i for i, (n, _) in enumerate(_sorted_levels(levels))}
    where = pd.Index(buyers).get_indexer(list(manual_levels))  # few hand-set buyers: loop over them
    for i, (hand, auto_then) in zip(where, manual_levels.values()):
        if i < 0:
            continue
        r = rank.get(computed[i], -1)
        if not (r > rank.get(auto_then, -1) and r > rank.get(hand, -1)):
            out[i] = hand
    return out
