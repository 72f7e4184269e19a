"""A date axis whose day ticks read month and day in the UI language (11月20日 / Nov 20)."""

from __future__ import annotations

import pyqtgraph as pg

from ..formatting import epoch_day, short_date

_DAY_S = 86_400


class DayAxis(pg.DateAxisItem):
    """pyqtgraph's DateAxisItem (tick spacing by zoom) with our labels for ticks a day or more apart.

    The charts place each day at midday UTC epoch seconds, so the label is that UTC calendar day.
    """

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        kwargs.setdefault("utcOffset", 0)
        super().__init__(orientation=orientation, **kwargs)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph override
        if spacing >= _DAY_S:
            return [short_date(epoch_day(v)) for v in values]
        return super().tickStrings(values, scale, spacing)
