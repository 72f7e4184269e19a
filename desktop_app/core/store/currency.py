"""Several currencies in one view: money figures are never summed across them.

A shop's currency is the one its exports state (Shopify's Currency column, ``ImportResult.currencies``);
an export that states none (the Chinese platforms) is in yuan (CNY). When the shops being looked at
have more than one currency, every money figure of the run - sales, AOV, silent / inquiry / agent
sales, refund amounts and their rates, the agents' money columns, the customers' monetary value and
M score - is not available (null in JSON, "–" in the window) with the reason ``mixed_currency``; counts,
rates of counts and response times stay. Look at the shops of one currency at a time for money
(``currencies()`` tells which shops hold which currency).
"""

from __future__ import annotations

import sqlite3
from typing import Optional

import numpy as np

#: the currency of a shop whose exports state none
IMPLIED = "CNY"
SHOP_MONEY_KEYS = ("sales", "aov", "silent_sales", "inquiry_sales", "agent_sales", "refund_amount",
                   "refund_amount_rate")
AGENT_MONEY_COLUMNS = ("sales", "aov", "price_per_item", "refund_amount", "refund_amount_rate")
CUSTOMER_MONEY_COLUMNS = ("monetary", "m_score")
REASON = "mixed_currency"


def currencies(conn: sqlite3.Connection, shop_ids: Optional[list[int]] = None) -> dict[str, list[int]]:
    """currency code -> the ids of the (chosen) shops holding it, for shops with imported rows."""
    where = "" if shop_ids is None else f" AND id IN ({', '.join(str(int(i)) for i in shop_ids) or 'NULL'})"
    out: dict[str, list[int]] = {}
    for shop_id, code in conn.execute(
            "SELECT id, currency FROM shops WHERE EXISTS (SELECT 1 FROM import_shops i WHERE i.shop_id = shops.id)"
            f"{where} ORDER BY id"):
        out.setdefault(code or IMPLIED, []).append(int(shop_id))
    return out


def mark_mixed(results, codes: list[str]) -> bool:
    """Blank every money figure of ``results`` when ``codes`` holds more than one currency; True if it did."""
    if len(set(codes)) < 2:
        return False
    from ..model.unavailable import Unavailable

    for key in SHOP_MONEY_KEYS:
        if key in results.shop:
            results.shop[key] = None
            results.unavailable.append(Unavailable(key, REASON))
    for frame, cols, prefix in ((results.agents, AGENT_MONEY_COLUMNS, "agents."),
                                (results.customers, CUSTOMER_MONEY_COLUMNS, "customers.")):
        for col in cols:
            if frame is not None and col in frame.columns:
                frame[col] = np.nan
                results.unavailable.append(Unavailable(prefix + col, REASON))
    return True
