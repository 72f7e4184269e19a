"""Service-quality figures from the hit list: per agent and for the shop, and accepted hits.

A conversation is *checked* when it holds a human agent or buyer message of a human (non-robot) agent;
it is *clean* when no hit that counts (``accepted`` False) points at it. Accepting a hit (a false
positive, stored as a handled mark with check ``"quality"`` and the hit id) takes it out of every
figure; :func:`apply_accepted` redoes the figures and the scorecard columns after marks change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional

import numpy as np
import pandas as pd

from .quality_rules import RULE_IDS

#: one row per hit
HIT_COLUMNS = ["hit_id", "rule", "agent", "buyer", "conv_id", "time", "day", "text", "match", "accepted",
               "note"]
#: the scorecard columns quality adds to results.agents (the appraisal reads exactly these)
AGENT_QUALITY_COLUMNS = ["quality_checked", "quality_clean", "clean_share", "quality_hits", "hits_per_100"] + [
    f"hits_{r}" for r in RULE_IDS]
#: the check name of accepted hits in the store's handled marks
ACCEPTED_CHECK = "quality"


@dataclass
class QualityResults:
    """Everything the quality stage produced (results.quality)."""

    #: HIT_COLUMNS, by time
    hits: pd.DataFrame
    #: agent, conversations_checked, clean_conversations, clean_share, hits, hits_per_100, hits_<rule>
    agents: pd.DataFrame
    #: the same keys for the whole shop (without agent)
    shop: dict
    #: the rules that ran
    rules: tuple[str, ...]
    #: rule -> reason code (unavailable.REASON_TEXTS) for rules the inputs cannot support
    unavailable_rules: dict[str, str] = field(default_factory=dict)
    #: per conversation (conv_id order): checked, and the agent's code in ``agent_names``
    checked: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    conv_agent: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    agent_names: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))

    def counted_rules(self) -> list[str]:
        """Rules whose hits are figures (ran and available)."""
        return [r for r in self.rules if r not in self.unavailable_rules]


def summarize(q: QualityResults) -> None:
    """Fill ``q.agents`` and ``q.shop`` from ``q.hits`` (accepted hits not counted)."""
    n_agents = len(q.agent_names)
    hits = q.hits
    active = ~hits["accepted"].to_numpy(dtype=bool) if len(hits) else np.zeros(0, dtype=bool)
    conv = hits["conv_id"].to_numpy(dtype=np.int64)[active]
    rule_index = {r: i for i, r in enumerate(RULE_IDS)}
    rule_code = _rule_codes(hits["rule"])[active] if len(hits) else np.zeros(0, dtype=np.int64)
    n_conv = len(q.checked)
    dirty = np.zeros(n_conv, dtype=bool)
    dirty[conv] = True
    checked_a = np.bincount(q.conv_agent[q.checked], minlength=n_agents)
    clean_a = np.bincount(q.conv_agent[q.checked & ~dirty], minlength=n_agents)
    per = np.bincount(q.conv_agent[conv] * len(RULE_IDS) + rule_code,
                      minlength=n_agents * len(RULE_IDS)).reshape(n_agents, len(RULE_IDS)).astype(float)
    for r in RULE_IDS:
        if r not in q.counted_rules():
            per[:, rule_index[r]] = np.nan
    keep = checked_a > 0
    counted = [rule_index[r] for r in q.counted_rules()]
    total = per[:, counted].sum(axis=1) if counted else np.zeros(n_agents)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(checked_a > 0, clean_a / np.maximum(checked_a, 1), np.nan)
        per100 = np.where(checked_a > 0, total * 100.0 / np.maximum(checked_a, 1), np.nan)
    frame = pd.DataFrame({
        "agent": np.asarray(q.agent_names, dtype=object),
        "conversations_checked": checked_a.astype(np.int64),
        "clean_conversations": clean_a.astype(np.int64),
        "clean_share": share,
        "hits": total,
        "hits_per_100": per100,
    })
    for r in RULE_IDS:
        frame[f"hits_{r}"] = per[:, rule_index[r]]
    q.agents = frame.loc[keep].sort_values("agent", kind="stable").reset_index(drop=True)
    shop_checked = int(checked_a.sum())
    shop_clean = int(clean_a.sum())
    shop_hits = {r: (None if r not in q.counted_rules() else int(np.nansum(per[:, rule_index[r]])))
                 for r in RULE_IDS}
    total_hits = int(sum(v for v in shop_hits.values() if v is not None))
    q.shop = {
        "conversations_checked": shop_checked,
        "clean_conversations": shop_clean,
        "clean_share": (shop_clean / shop_checked) if shop_checked else None,
        "hits": shop_hits,
        "total_hits": total_hits,
        "hits_per_100": (total_hits * 100.0 / shop_checked) if shop_checked else None,
    }


def _rule_codes(rule: pd.Series) -> np.ndarray:
    """Each hit's rule as its index in RULE_IDS (the column is categorical over RULE_IDS)."""
    if isinstance(rule.dtype, pd.CategoricalDtype) and list(rule.cat.categories) == list(RULE_IDS):
        return np.asarray(rule.cat.codes, dtype=np.int64)
    return pd.Index(list(RULE_IDS)).get_indexer(rule.astype(object).to_numpy()).astype(np.int64)


def add_agent_columns(agents: pd.DataFrame, q: Optional[QualityResults]) -> pd.DataFrame:
    """results.agents with AGENT_QUALITY_COLUMNS (replaced when present); NaN without quality."""
    out = agents.drop(columns=[c for c in AGENT_QUALITY_COLUMNS if c in agents.columns])
    if len(out) == 0 or "agent" not in out:
        for c in AGENT_QUALITY_COLUMNS:
            out[c] = pd.Series(dtype=float)
        return out
    names = out["agent"].astype(object).to_numpy()
    if q is None:
        for c in AGENT_QUALITY_COLUMNS:
            out[c] = np.nan
        return out
    idx = pd.Index(q.agents["agent"].to_numpy(dtype=object)).get_indexer(names)
    found = idx >= 0

    def col(name: str, missing: float) -> np.ndarray:
        values = q.agents[name].to_numpy(dtype=float)
        res = np.full(len(names), missing, dtype=float)
        res[found] = values[idx[found]]
        return res

    out["quality_checked"] = col("conversations_checked", 0.0).astype(np.int64)
    out["quality_clean"] = col("clean_conversations", 0.0).astype(np.int64)
    out["clean_share"] = col("clean_share", np.nan)
    out["quality_hits"] = col("hits", np.nan)
    out["hits_per_100"] = col("hits_per_100", np.nan)
    for r in RULE_IDS:
        out[f"hits_{r}"] = col(f"hits_{r}", np.nan)
    return out


def set_accepted(q: QualityResults, accepted: Mapping[str, str] | Iterable[str]) -> None:
    """Mark the hits whose id is in ``accepted`` (id -> note, or ids) and redo the figures."""
    notes = dict(accepted) if isinstance(accepted, Mapping) else {h: "" for h in accepted}
    if len(q.hits):
        ids = q.hits["hit_id"].to_numpy(dtype=object)
        q.hits["accepted"] = pd.Index(list(notes)).get_indexer(ids) >= 0 if notes else False
        q.hits["note"] = np.array([notes.get(h, "") for h in ids], dtype=object) if notes else ""
    summarize(q)


def apply_accepted(results: Any, marks: pd.DataFrame) -> None:
    """Accepted hits from the store's handled marks (check "quality", order_id = hit id) -> results."""
    q = getattr(results, "quality", None)
    if q is None:
        return
    mine = marks[marks["check"] == ACCEPTED_CHECK] if len(marks) else marks
    notes = dict(zip(mine["order_id"].astype(str), mine["note"].astype(str))) if len(mine) else {}
    set_accepted(q, notes)
    agents = getattr(results, "agents", None)
    if isinstance(agents, pd.DataFrame):
        results.agents = add_agent_columns(agents, q)
