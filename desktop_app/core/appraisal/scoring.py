"""The scoring rules of an appraisal scheme, vectorised over agents (numpy arrays, NaN = not available).

* bands: the first band (in the order given) whose threshold the value reaches gives its points
  (≥ threshold when better is "higher", ≤ when "lower"); none reached -> 0;
* linear: 0 points at the floor, 100 at the target, a straight line between, clamped to 0-100;
* weighted points = points × weight / (sum of the weights of the agent's available items);
* deductions: count × points_each, at most ``cap``;
* total = Σ weighted − deductions, floored at 0, rounded to 0.01 (half up);
* commission: marginal (each tier's rate on the part of the base inside it) or whole (the rate of the
  highest tier reached on the whole base), rounded to the cent (half up);
* grade: the first (min_total, grade) the total reaches; rank: highest total first, ties share a rank.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from .scheme import HIGHER, Item

#: added before rounding half up so that 84.285 (stored as 84.28499999…) rounds to 84.29
_EPS = 1e-9


def round_half_up(values: np.ndarray, digits: int = 2) -> np.ndarray:
    """Round non-negative amounts half up (as a person or Excel's ROUND would), NaN kept."""
    scale = 10.0 ** digits
    v = np.asarray(values, dtype="float64")
    return np.floor(v * scale + 0.5 + _EPS * np.maximum(1.0, np.abs(v) * scale)) / scale


def band_points(values: np.ndarray, bands: Sequence[tuple[float, float]], better: str) -> np.ndarray:
    """Points of the first band each value reaches (0 when none); NaN where the value is NaN."""
    v = np.asarray(values, dtype="float64")
    out = np.zeros(len(v))
    done = np.zeros(len(v), dtype=bool)
    for threshold, points in bands:
        reached = (v >= threshold) if better == HIGHER else (v <= threshold)
        take = reached & ~done
        out[take] = points
        done |= reached
    out[np.isnan(v)] = np.nan
    return out


def linear_points(values: np.ndarray, floor: float, target: float) -> np.ndarray:
    """0 at ``floor``, 100 at ``target``, straight between, clamped to 0-100 (either direction)."""
    v = np.asarray(values, dtype="float64")
    return np.clip((v - floor) / (target - floor) * 100.0, 0.0, 100.0)


def item_points(values: np.ndarray, item: Item) -> np.ndarray:
    if item.bands is not None:
        return band_points(values, item.bands, item.better)
    floor, target = item.linear
    return linear_points(values, floor, target)


def weigh(points: np.ndarray, weights: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """(weight used, weighted points) for a points matrix [agents × items] with NaN = not available.

    An unavailable item's weight is spread over the agent's other items in proportion to theirs:
    weight used = weight × Σ all weights / Σ available weights (so the used weights still add up to
    the scheme's total), and weighted = points × weight / Σ available weights. Unavailable items get
    NaN for both; an agent with no available item gets NaN everywhere.
    """
    p = np.asarray(points, dtype="float64").reshape(len(points), len(weights))
    w = np.asarray(weights, dtype="float64")
    available = ~np.isnan(p)
    avail_sum = (available * w).sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(available, w / avail_sum, np.nan)
    return share * w.sum(), p * share


def deduction_points(counts: np.ndarray, points_each: float, cap: Optional[float]) -> np.ndarray:
    """count × points_each, at most ``cap``; a NaN count (not available) deducts nothing."""
    c = np.nan_to_num(np.asarray(counts, dtype="float64"), nan=0.0)
    out = np.maximum(c, 0.0) * points_each
    return out if cap is None else np.minimum(out, cap)


def totals(weighted: np.ndarray, deductions: np.ndarray) -> np.ndarray:
    """Σ weighted − Σ deductions per agent, floored at 0, rounded to 0.01; NaN when no item is available."""
    w = np.asarray(weighted, dtype="float64")
    any_item = (~np.isnan(w)).any(axis=1) if w.shape[1] else np.zeros(len(w), dtype=bool)
    d = np.asarray(deductions, dtype="float64")
    raw = np.nansum(w, axis=1) - (d.sum(axis=1) if d.ndim == 2 else d)
    out = round_half_up(np.maximum(raw, 0.0))
    out[~any_item] = np.nan
    return out


def commission(base: np.ndarray, tiers: Sequence[tuple[float, float]], mode: str) -> np.ndarray:
    """提成 on each base amount, to the cent; a negative base earns 0, NaN stays NaN."""
    b = np.asarray(base, dtype="float64")
    starts = np.array([t for t, _ in tiers], dtype="float64")
    rates = np.array([r for _, r in tiers], dtype="float64")
    pos = np.maximum(b, 0.0)
    if mode == "whole":
        idx = np.searchsorted(starts, pos, side="right") - 1
        raw = pos * rates[np.clip(idx, 0, len(rates) - 1)]
    else:
        ends = np.append(starts[1:], np.inf)
        inside = np.clip(pos[:, None] - starts[None, :], 0.0, (ends - starts)[None, :])
        raw = (inside * rates[None, :]).sum(axis=1)
    out = round_half_up(raw)
    out[np.isnan(b)] = np.nan
    return out


def grades(total: np.ndarray, table: Sequence[tuple[float, str]]) -> list[Optional[str]]:
    """The first grade whose min_total each total reaches (None for NaN or below every line)."""
    out: list[Optional[str]] = []
    for t in np.asarray(total, dtype="float64").tolist():
        grade = None
        if t == t:
            for minimum, name in table:
                if t >= minimum:
                    grade = name
                    break
        out.append(grade)
    return out


def ranks(total: np.ndarray) -> np.ndarray:
    """1 = highest total; equal totals share the better rank (1, 1, 3); NaN totals get NaN."""
    t = np.asarray(total, dtype="float64")
    out = np.full(len(t), np.nan)
    ok = ~np.isnan(t)
    vals = t[ok]
    # rank = 1 + how many totals are strictly higher
    sorted_desc = np.sort(vals)[::-1]
    out[ok] = 1 + np.searchsorted(-sorted_desc, -vals, side="left")
    return out
