"""The quality stage of compute(): runs the rules when there is a chat log, adds the scorecard columns."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .quality import check_quality
from .quality_rules import QualitySettingError
from .quality_summary import QualityResults, add_agent_columns
from .unavailable import Unavailable


def orders_reason(orders: pd.DataFrame) -> Optional[str]:
    """Why the orders cannot support the order-based quality rules, or None when they can."""
    if orders is None or len(orders) == 0:
        return "no_orders"
    if "buyer" not in orders or not (orders["buyer"].astype(object).fillna("") != "").any():
        return "no_buyer_column"
    return None


def run_quality(messages, orders, conversations, agent_messages, attribution, agents, settings, as_of,
                order_buyer_codes) -> tuple[Optional[QualityResults], pd.DataFrame, list[Unavailable]]:
    """(results.quality, agents with the quality columns, unavailable entries)."""
    if messages is None or len(messages) == 0 or len(conversations) == 0:
        reason = "no_chat_log" if messages is None or len(messages) == 0 else "no_chats_in_range"
        return None, add_agent_columns(agents, None), [Unavailable("quality", reason)]
    reason = orders_reason(orders)
    created = orders["created"].to_numpy(dtype="datetime64[ns]") if reason is None else None
    codes = np.asarray(order_buyer_codes) if reason is None else None
    try:
        quality = check_quality(messages, conversations, agent_messages, settings, as_of, attribution=attribution,
                                order_buyer_codes=codes, order_created=created, orders_reason=reason)
    except QualitySettingError:
        # settings saved outside the editor (which refuses them): the other figures still come
        return None, add_agent_columns(agents, None), [Unavailable("quality", "invalid_quality_setting")]
    missing = [Unavailable(f"quality.{rule}", code) for rule, code in quality.unavailable_rules.items()]
    return quality, add_agent_columns(agents, quality), missing
