"""The (agent, day) group keys every KPI sum uses, per-group quantiles, and small array helpers.

Moved out of kpis.py (which re-exports every name); the figures are defined in docs/metrics.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .attribution import unique_sorted
from .conversations import DAY_NS, factorize_text


def _div(a, b):
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan)


def _day(values) -> np.ndarray:
    return pd.to_datetime(values).astype("datetime64[ns]").to_numpy()


def _plain(col) -> np.ndarray:
    """Categorical or text column -> object array of str."""
    return np.asarray(col, dtype=object)


class _Groups:
    """Integer group keys (agent x day) shared by every source frame, so sums are np.bincount calls.

    Agent and buyer columns are categoricals with the conversations' categories (conversations.py,
    attribution.py); plain text columns are mapped onto the same codes.
    """

    def __init__(self, conversations, turns, attribution, reminders):
        names = []
        for f in (conversations, turns, attribution, reminders):
            if f is not None and len(f) and "agent" in f:
                col = f["agent"]
                names.append(col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype)
                             else pd.Index(pd.unique(col.to_numpy(dtype=object))))
        agents = pd.Index([], dtype=object)
        for n in names:
            agents = n if len(agents) == 0 else (agents if agents.equals(n) else agents.append(n).unique())
        self.agents = pd.Index(agents, dtype=object)
        buyer_col = conversations["buyer"] if len(conversations) else None
        self.buyers = (buyer_col.cat.categories if buyer_col is not None
                       and isinstance(buyer_col.dtype, pd.CategoricalDtype) else None)
        days = [np.floor_divide(_ns(f[c]), DAY_NS) for f, c in
                ((conversations, "day"), (turns, "day"), (attribution, "inquiry_day"), (reminders, "day"))
                if f is not None and len(f)]
        days = [d[d > np.iinfo(np.int64).min // DAY_NS] for d in days]
        self.d0 = int(min(d.min() for d in days if len(d))) if any(len(d) for d in days) else 0
        d1 = int(max(d.max() for d in days if len(d))) if any(len(d) for d in days) else 0
        self.n_days = d1 - self.d0 + 1
        self.n = max(len(self.agents), 1) * self.n_days

    def agent(self, col) -> np.ndarray:
        if isinstance(col.dtype, pd.CategoricalDtype) and col.cat.categories.equals(self.agents):
            return col.cat.codes.to_numpy().astype(np.int64)
        return self.agents.get_indexer(np.asarray(col, dtype=object)).astype(np.int64)

    def buyer(self, col) -> np.ndarray:
        """Buyer codes (any consistent integer per buyer)."""
        if self.buyers is not None and isinstance(col.dtype, pd.CategoricalDtype) \
                and col.cat.categories.equals(self.buyers):
            return col.cat.codes.to_numpy().astype(np.int64)
        return factorize_text(np.asarray(col, dtype=object))[0].astype(np.int64)

    def key(self, frame, day_col) -> np.ndarray:
        day = np.floor_divide(_ns(frame[day_col]), DAY_NS) - self.d0
        return self.agent(frame["agent"]) * self.n_days + day

    def sum(self, g, weights=None) -> np.ndarray:
        return np.bincount(g, weights=weights, minlength=self.n).astype("float64")

    def distinct(self, g, buyer, weight=None) -> np.ndarray:
        """Distinct buyers per group; with weights each buyer counts with its largest weight."""
        if len(g) == 0:
            return np.zeros(self.n)
        nb = int(buyer.max()) + 1
        combined = g * nb + buyer
        if weight is None:
            u = unique_sorted(combined)
            return np.bincount(u // nb, minlength=self.n).astype("float64")
        order = np.lexsort((weight, combined))
        c = combined[order]
        last = np.r_[c[1:] != c[:-1], True]  # the largest weight of each (group, buyer)
        return np.bincount(c[last] // nb, weights=weight[order][last], minlength=self.n)


def _ns(col) -> np.ndarray:
    return pd.to_datetime(col).astype("datetime64[ns]").to_numpy().view("i8")


def group_quantiles(g: np.ndarray, values: np.ndarray, n_groups: int, qs,
                    presorted: bool = False) -> list[np.ndarray]:
    """Quantiles ``qs`` of ``values`` per group ``g`` (0..n_groups-1), linear interpolation, NaN if empty.

    One sort for all groups: by value, then a stable sort by group (a radix sort for small group
    counts), then index arithmetic - no Python loop over groups. ``presorted``: ``values`` are
    already in ascending order (callers sort once and reuse it for several groupings).
    """
    out = [np.full(n_groups, np.nan) for _ in qs]
    if len(values) == 0:
        return out
    if not presorted:
        o = np.argsort(values, kind="stable")
        g, values = g[o], values[o]
    gk = g.astype(np.uint16 if n_groups < 2**16 else np.int64)
    o2 = np.argsort(gk, kind="stable")
    v = values[o2]
    counts = np.bincount(g, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    has = counts > 0
    for i, q in enumerate(qs):
        pos = q * (counts[has] - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, counts[has] - 1)
        frac = pos - lo
        a = v[starts[has] + lo]
        b = v[starts[has] + hi]
        out[i][has] = a + frac * (b - a)
    return out


def sorted_responses(turns: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """``(ok, order)``: which turns have a counted response time, and the stable ascending order of
    those response times. agent_tables and shop_tables both need it; compute() sorts once for both."""
    if len(turns) == 0:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64)
    counted = turns["counted"].to_numpy(dtype=bool) if "counted" in turns else np.ones(len(turns), bool)
    resp = turns["response_s"].to_numpy(dtype="float64")
    ok = counted & ~np.isnan(resp)
    return ok, np.argsort(resp[ok], kind="stable")
