"""The currency symbol written before money amounts (window, Excel report, CLI summary).

A display choice only: amounts are shown as the exports give them and never converted. One rule for
every place that shows the symbol, so the window, the report and the command line agree.
"""

from __future__ import annotations

DEFAULT_SYMBOL = "¥"
#: longest symbol accepted (longer text is cut): "HK$", "NT$", "CHF", "RM" fit
MAX_LENGTH = 4


def clean_symbol(value: object) -> str:
    """A usable symbol: stripped, without double quotes (Excel formats quote the symbol), at most
    MAX_LENGTH characters; empty or not text -> the default ¥."""
    text = value.replace('"', "").strip() if isinstance(value, str) else ""
    return text[:MAX_LENGTH].strip() if text else DEFAULT_SYMBOL
