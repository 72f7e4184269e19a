"""The settings the What-if panel moves: thresholds that change the figures, never the data.

Each is a number with a range and a step (the panel's spin boxes and sliders, the benchmark's moves).
The labels are the window's (ui/whatif/panel.py, translated); this list is Qt-free so the benchmark and
the tests share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class WhatIfField:
    """One ModelSettings field as the panel shows it."""

    field: str
    minimum: float
    maximum: float
    step: float
    decimals: int
    #: "s" seconds, "min" minutes, "h" hours, "d" days, "chars" characters: the shown value is the
    #: setting divided by ``scale`` (split_gap_s is stored in seconds, shown in minutes)
    unit: str
    scale: float = 1.0
    #: the setting may be None (off); the panel shows "off" at ``minimum - step``
    nullable: bool = False

    def shown(self, value: Optional[float]) -> Optional[float]:
        return None if value is None else float(value) / self.scale

    def stored(self, shown: Optional[float]):
        if shown is None:
            return None
        value = round(float(shown) * self.scale, 6)
        return int(round(value)) if self.decimals == 0 and self.unit == "chars" else value


WHATIF_FIELDS: tuple[WhatIfField, ...] = (
    WhatIfField("slow_threshold_s", 1, 600, 5, 0, "s"),
    WhatIfField("response_target_s", 1, 300, 1, 0, "s"),
    WhatIfField("split_gap_s", 1, 240, 5, 0, "min", scale=60.0),
    WhatIfField("attribution_window_days", 0.5, 30, 0.5, 1, "d"),
    WhatIfField("reminder_window_h", 1, 240, 1, 0, "h"),
    WhatIfField("reminder_new_h", 0.5, 72, 0.5, 1, "h"),
    WhatIfField("reminder_returning_h", 0.5, 72, 0.5, 1, "h"),
    WhatIfField("unpaid_close_hours", 1, 240, 1, 0, "h", nullable=True),
    WhatIfField("shipping_promise_h", 1, 240, 1, 0, "h"),
    WhatIfField("quality_bare_max_chars", 1, 20, 1, 0, "chars"),
    WhatIfField("quality_followup_h", 1, 168, 1, 0, "h"),
)

FIELD_NAMES = tuple(f.field for f in WHATIF_FIELDS)


def whatif_values(settings) -> dict:
    """The panel's fields of ``settings`` (stored values)."""
    return {f.field: getattr(settings, f.field) for f in WHATIF_FIELDS}
