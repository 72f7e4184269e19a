"""A Dataset: the union of several imported files, ready for the model layer."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .errors import RowProblem
from .schema import empty_frame


@dataclass
class Dataset:
    """Normalised frames (see schema.py) gathered from one or more imports."""

    orders: pd.DataFrame = field(default_factory=lambda: empty_frame("orders"))
    lines: pd.DataFrame = field(default_factory=lambda: empty_frame("lines"))
    messages: pd.DataFrame = field(default_factory=lambda: empty_frame("messages"))
    inventory: pd.DataFrame = field(default_factory=lambda: empty_frame("inventory"))
    problems: list[RowProblem] = field(default_factory=list)
    #: (path, format_label) of each file the data came from
    sources: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_inventory(self) -> bool:
        return len(self.inventory) > 0
