"""The ``"quality"`` section of the JSON report (null when there is no chat log)."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from .quality_rules import RULES, rule_settings


def _num(value: Any) -> Optional[float]:
    if value is None:
        return None
    v = float(value)
    return v if np.isfinite(v) else None


def _count(value: Any) -> Optional[int]:
    v = _num(value)
    return None if v is None else int(round(v))


def quality_json(results: Any) -> Optional[dict]:
    """{"rules": [{rule, label_zh, label_en, settings}], "agents": [{agent, conversations_checked,
    clean_conversations, clean_share, hits: {rule: n}}], "shop": {the same without agent}}; a rule the
    inputs cannot support (no order export) has ``null`` hits."""
    q = getattr(results, "quality", None)
    if q is None:
        return None
    rules = [{"rule": r, "label_zh": RULES[r][0], "label_en": RULES[r][1],
              "settings": rule_settings(results.settings, r)} for r in q.rules]
    agents = []
    for row in q.agents.to_dict("records"):
        agents.append({
            "agent": str(row["agent"]),
            "conversations_checked": int(row["conversations_checked"]),
            "clean_conversations": int(row["clean_conversations"]),
            "clean_share": _num(row["clean_share"]),
            "hits": {r: _count(row[f"hits_{r}"]) for r in q.rules},
        })
    shop = {
        "conversations_checked": int(q.shop.get("conversations_checked", 0)),
        "clean_conversations": int(q.shop.get("clean_conversations", 0)),
        "clean_share": _num(q.shop.get("clean_share")),
        "hits": {r: q.shop.get("hits", {}).get(r) for r in q.rules},
    }
    return {"rules": rules, "agents": agents, "shop": shop}
