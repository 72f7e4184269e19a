"""The currency symbol written before money amounts (window, Excel report, CLI summary).

A display choice only: amounts are shown as the exports give them and never converted. One rule for
every place that shows the symbol, so the window, the report and the command line agree.
"""

from __future__ import annotations

DEFAULT_SYMBOL = "¥"
#: longest symbol accepted (longer text is cut): "HK$", "NT$", "CHF", "RM" fit
MAX_LENGTH = 4


#: ISO 4217 code -> the symbol shown before amounts (at most MAX_LENGTH characters)
CURRENCY_SYMBOLS = {
    "CNY": "¥", "RMB": "¥", "JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "TWD": "NT$",
    "MOP": "MOP$", "SGD": "S$", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "MXN": "MX$", "BRL": "R$",
    "KRW": "₩", "INR": "₹", "THB": "฿", "PHP": "₱", "VND": "₫", "IDR": "Rp", "MYR": "RM", "CHF": "CHF",
    "SEK": "kr", "NOK": "kr", "DKK": "kr", "PLN": "zł", "CZK": "Kč", "TRY": "₺", "RUB": "₽", "ZAR": "R",
    "ILS": "₪", "UAH": "₴", "NGN": "₦",
}


def symbol_for_currency(code: object) -> str | None:
    """The symbol for an ISO currency code ("usd" -> "$"); an unknown code of 3-4 letters stands for
    itself ("AED"); anything else -> None."""
    text = code.strip().upper() if isinstance(code, str) else ""
    if text in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[text]
    return text if text.isalpha() and text.isascii() and 3 <= len(text) <= MAX_LENGTH else None


def export_currency(results) -> tuple[str | None, list[str]]:
    """(symbol, codes) for the currencies that imported files state (ImportResult.currencies).

    The symbol only when they all state one and the same currency with a known symbol, else None.
    """
    codes = list(dict.fromkeys(c for r in results for c in getattr(r, "currencies", ()) or ()))
    symbol = symbol_for_currency(codes[0]) if len(codes) == 1 else None
    return symbol, codes


def clean_symbol(value: object) -> str:
    """A usable symbol: stripped, without double quotes (Excel formats quote the symbol), at most
    MAX_LENGTH characters; empty or not text -> the default ¥."""
    text = value.replace('"', "").strip() if isinstance(value, str) else ""
    return text[:MAX_LENGTH].strip() if text else DEFAULT_SYMBOL
