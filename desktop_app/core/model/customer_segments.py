"""RFM scores and the eight customer segments (重要价值 ... 一般挽留): quintile scores, better than the
mean, the segment of each buyer, their labels. customers.py re-exports every name; the definitions
are in its docstring and docs/metrics-orders-customers.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


#: The eight segments, best first; (R better, F better, M better) for each.
SEGMENT_BITS: dict[str, tuple[bool, bool, bool]] = {
    "重要价值": (True, True, True),
    "重要发展": (True, False, True),
    "重要保持": (False, True, True),
    "重要挽留": (False, False, True),
    "一般价值": (True, True, False),
    "一般发展": (True, False, False),
    "一般保持": (False, True, False),
    "一般挽留": (False, False, False),
}


SEGMENTS: tuple[str, ...] = tuple(SEGMENT_BITS)


#: English labels for the segments (the UI translates through these; the data keeps the Chinese key).
SEGMENT_EN: dict[str, str] = {
    "重要价值": "High value",
    "重要发展": "High value, to develop",
    "重要保持": "High value, to keep in touch",
    "重要挽留": "High value, to win back",
    "一般价值": "Regular value",
    "一般发展": "Regular, to develop",
    "一般保持": "Regular, to keep in touch",
    "一般挽留": "Regular, to win back",
}


#: Segment of a buyer without a paid order in the look-back window (views show 无购买 / no purchase).
NO_SEGMENT = ""


NO_SEGMENT_LABEL = {"zh": "无购买", "en": "No purchase"}


#: Segments of buyers whose monetary value is at least average (the "重要" half of the table).
HIGH_VALUE_SEGMENTS = frozenset(s for s, bits in SEGMENT_BITS.items() if bits[2])


_BITS_TO_SEGMENT = {bits: name for name, bits in SEGMENT_BITS.items()}


def quintile_scores(values, higher_is_better: bool = True) -> np.ndarray:
    """Scores 1-5 (5 = best) for ``values``; NaN stays NaN.

    ``1 + floor(5 * percent_rank)`` capped at 5, with percent_rank = (rank_min - 1) / (n - 1),
    rank 1 = worst. Ties share the lowest rank of their group, so equal values score the same.
    Integer arithmetic keeps the edges exact. A lone value scores 3 (nothing to compare with).
    """
    v = np.asarray(values, dtype="float64")
    out = np.full(v.shape, np.nan)
    ok = ~np.isnan(v)
    n = int(ok.sum())
    if n == 0:
        return out
    if n == 1:
        out[ok] = 3.0
        return out
    good = v[ok] if higher_is_better else -v[ok]
    rank_min = pd.Series(good).rank(method="min").to_numpy().astype(np.int64)
    out[ok] = np.minimum(5, 1 + (5 * (rank_min - 1)) // (n - 1))
    return out


def better_than_mean(values, higher_is_better: bool = True) -> np.ndarray:
    """True where a value is strictly better than the mean of the non-NaN values (↑); NaN -> False.

    A value equal to the mean (within float noise) is not better (domain.md: ↑ is strict)."""
    v = np.asarray(values, dtype="float64")
    ok = ~np.isnan(v)
    out = np.zeros(v.shape, dtype=bool)
    if not ok.any():
        return out
    mean = float(v[ok].mean())
    tol = 1e-9 * max(1.0, abs(mean))
    if higher_is_better:
        out[ok] = v[ok] > mean + tol
    else:
        out[ok] = v[ok] < mean - tol
    return out


def rfm_segments(recency_days, frequency, monetary) -> np.ndarray:
    """The eight segments by comparison with the population means; "" where RFM is NaN."""
    r = np.asarray(recency_days, dtype="float64")
    r_up = better_than_mean(r, higher_is_better=False)
    f_up = better_than_mean(frequency, higher_is_better=True)
    m_up = better_than_mean(monetary, higher_is_better=True)
    # code 0..7 from the three bits, then a lookup table: no Python loop over buyers
    code = (r_up.astype(int) << 2) | (f_up.astype(int) << 1) | m_up.astype(int)
    table = np.array(
        [_BITS_TO_SEGMENT[(bool(c >> 2 & 1), bool(c >> 1 & 1), bool(c & 1))] for c in range(8)],
        dtype=object,
    )
    out = table[code]
    out[np.isnan(r)] = NO_SEGMENT
    return out
