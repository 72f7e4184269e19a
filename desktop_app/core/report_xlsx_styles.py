"""The daily Excel report's number formats, fills and fonts (shared by every sheet writer)."""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill

from .money_symbol import clean_symbol

PERCENT = "0.00%"
MONEY = "¥#,##0.00"


def money_format(symbol: str) -> str:
    """Excel's number format for amounts with ``symbol`` in front (quoted: ``"HK$"#,##0.00``)."""
    symbol = clean_symbol(symbol)
    if symbol == "¥":
        return MONEY
    return '"' + symbol + '"#,##0.00'


SECONDS = "0.0"
HOURS = "0.0"
INTEGER = "0"
DECIMAL = "0.00"
DATETIME = "yyyy-mm-dd hh:mm:ss"

#: formats a plain value already shows the same way (openpyxl dates get a date format by itself)
_PLAIN_FORMATS = (INTEGER, DATETIME)

GREEN = PatternFill("solid", fgColor="C6EFCE")
LIGHT_GREEN = PatternFill("solid", fgColor="E2F0D9")
YELLOW = PatternFill("solid", fgColor="FFEB9C")
RED = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
