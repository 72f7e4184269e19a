"""Figures the inputs cannot support, as the window says them: the reason in the UI language, or None.

Reads ``Results.unavailable`` (core/model/unavailable.py). The window also knows two cases by itself
that need no core flag: no chat log in the range (no turns) and no orders in the range.
"""

from __future__ import annotations

from typing import Any, Optional

from ..core.model.unavailable import REASON_TEXTS, find
from .bilingual import pick

#: the mark shown instead of a figure that is not available (never 0)
NOT_AVAILABLE = "–"


def reason_text(code: str) -> str:
    """The text of a reason code in the UI language."""
    return pick(*REASON_TEXTS.get(code, (code, code)))


def reason(results: Any, *figures: str) -> Optional[str]:
    """Why the first of ``figures`` that is unavailable is, in the UI language (None: all available)."""
    items = getattr(results, "unavailable", None) or []
    for figure in figures:
        item = find(items, figure)
        if item is not None:
            return reason_text(item.reason)
    return None


def no_chats(results: Any, turns: Any = None) -> Optional[str]:
    """"No chat log …" when the results (or the given slice of turns) hold no buyer turns."""
    if results is None:
        return None
    if turns is None:
        turns = getattr(results, "turns", None)
    if turns is not None and len(turns):
        return None
    # the results cover the chosen range only: whether a chat log exists at all is not known here
    return reason(results, "turns", "conversations") or reason_text("no_chats_in_range")
