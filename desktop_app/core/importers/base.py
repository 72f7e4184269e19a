"""What every importer returns, and the registry that recognises a file by its header row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol

import pandas as pd

from ..errors import RowProblem
from ..progress import Reporter

#: Kinds of data a file can hold.
KIND_ORDERS = "orders"  # orders (and maybe order lines)
KIND_LINES = "lines"  # only order lines (宝贝报表), joined to orders on order id
KIND_CHATS = "chats"
KIND_INVENTORY = "inventory"


@dataclass
class ImportResult:
    """One file read into the normalised model (see desktop_app.core.schema).

    Frames a file does not provide are None. ``problems`` lists every row that was skipped
    or value that was blanked, with its row number, so nothing is lost silently.
    """

    path: str
    kind: str  # KIND_*
    format_id: str  # e.g. "taobao_orders", "qianniu_text", "plain_chat", "mapped"
    format_label: str  # human readable, e.g. "淘宝/天猫 订单报表"
    orders: Optional[pd.DataFrame] = None
    lines: Optional[pd.DataFrame] = None
    messages: Optional[pd.DataFrame] = None
    inventory: Optional[pd.DataFrame] = None
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0
    sheet: Optional[str] = None
    #: the currency codes the file states for its amounts (Shopify's Currency column: ("USD",)),
    #: most rows first; empty when the export does not say (the Chinese platforms: yuan)
    currencies: tuple[str, ...] = ()
    #: the header row the file was read by (the store remembers a shop named for it, like a column mapping)
    headers: tuple[str, ...] = ()

    @property
    def rows_skipped(self) -> int:
        """Rows that could not be read (problems that dropped a row)."""
        return sum(1 for p in self.problems if p.skipped)

    def frame(self, name: str) -> Optional[pd.DataFrame]:
        """The frame called ``name`` (orders, lines, messages, inventory)."""
        return getattr(self, name)


@dataclass
class RawTable:
    """One sheet (or CSV file) as read from disk, before any format-specific cleaning.

    ``data`` has one column per header (headers stripped of spaces; duplicates suffixed
    ``.1``, ``.2``); values are raw: ``str`` for CSV, native values (str, float, int,
    datetime) for xlsx. ``data.index`` holds each row's 1-based row number in the file, so
    problems can name the row a user sees in Excel.
    """

    path: str
    sheet: Optional[str]
    header_row: int
    headers: list[str]
    data: pd.DataFrame


class Format(Protocol):
    """A file format recognised from its header row."""

    id: str
    label: str
    kind: str

    def score(self, headers: list[str]) -> float:
        """0.0 (not this format) .. 1.0 (certainly this format), from the stripped headers."""

    def read(self, table: RawTable, reporter: Reporter) -> ImportResult:
        """Normalise ``table``; bad rows go to ``ImportResult.problems`` with their row numbers."""
