"""One place for how the window writes dates and numbers, through QLocale (the UI language's locale).

Full dates are ISO (2026-11-20) in both languages, as in the exports and the Excel report; chart ticks
and short labels use month and day in the UI language (11月20日 / Nov 20); counts get the locale's
group separators (24,087) everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QLocale


def _qdate(day: Any) -> QDate:
    if isinstance(day, QDate):
        return day
    return QDate(day.year, day.month, day.day)


def chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def full_date(day: Any) -> str:
    """2026-11-20 (both languages: the date format of the exports and the report)."""
    if day is None:
        return ""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def date_time(value: Any) -> str:
    """2026-11-20 23:55."""
    if value is None:
        return ""
    return f"{full_date(value)} {value.hour:02d}:{value.minute:02d}"


def short_date(day: Any) -> str:
    """Month and day in the UI language: 11月20日 / Nov 20."""
    fmt = "M月d日" if chinese() else "MMM d"
    return QLocale().toString(_qdate(day), fmt)


def count(value: Any) -> str:
    """A whole number with the locale's group separators (24,087); "–" for a missing one."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if number != number:
        return "–"
    return QLocale().toString(int(round(number)))


def epoch_day(seconds: float) -> dt.date:
    """The calendar day of epoch seconds as the charts place them (UTC, midday)."""
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
