"""The currency symbol the window writes before money amounts.

A display setting only (Settings ▸ General, remembered): amounts are shown as the exports give them and
never converted. The default is ¥ (Taobao, JD, Pinduoduo, Douyin); a Shopify shop picks its own ($, €,
£, ...). The Excel report uses the same symbol.
"""

from __future__ import annotations

from ..core.money_symbol import DEFAULT_SYMBOL, MAX_LENGTH, clean_symbol  # noqa: F401 - one rule everywhere

#: offered in the settings dialog (any other short text may be typed)
SYMBOLS = ("¥", "$", "€", "£", "HK$", "NT$", "S$", "A$", "C$", "RM", "₩", "₹")

_symbol = DEFAULT_SYMBOL


def symbol() -> str:
    """The symbol in use."""
    return _symbol


def set_symbol(value: object) -> str:
    """Use ``value`` from now on (cleaned); returns the symbol in use."""
    global _symbol
    _symbol = clean_symbol(value)
    return _symbol


def money(value: float) -> str:
    """``1234.5`` -> ``¥1,234.50``; negative amounts as ``-¥12.00``."""
    v = float(value)
    return f"{_symbol}{v:,.2f}" if v >= 0 else f"-{_symbol}{-v:,.2f}"
