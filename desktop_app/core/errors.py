"""Errors raised by the core, each naming what failed, where, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional


class ImportCancelled(Exception):
    """Raised by long work when its ``should_cancel`` callback returned True."""


class InputError(Exception):
    """A problem with a user's file: names the file, sheet, row and column, and a fix.

    ``row`` is the 1-based row number as a spreadsheet program shows it (the header row
    included), so a user can find the cell.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
        details: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.hint = hint
        self.details = details
        super().__init__(self.describe())

    def location(self) -> str:
        """Where the problem is, e.g. ``orders.csv, sheet 订单报表, row 12, column 订单编号``."""
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def describe(self, order: Optional[Callable[[str], str]] = None, with_hint: bool = True) -> str:
        """One paragraph: location, what is wrong, how to fix it.

        ``order`` rewrites the message and the hint (the window puts the reader's language first);
        ``with_hint=False`` leaves the hint out.
        """
        order = order or (lambda text: text)
        text = order(self.message)
        loc = self.location()
        if loc:
            text = f"{loc}: {text}"
        if self.hint and with_hint:
            text = f"{text} {order(self.hint)}"
        return text


class UnrecognisedFormat(InputError):
    """The header row matches no known format; the caller may offer a column mapping."""

    def __init__(self, message: str, *, headers: list[str] | None = None, **kw) -> None:
        self.headers = list(headers or [])
        super().__init__(message, **kw)


class MissingColumns(InputError):
    """A recognised format lacks columns it needs."""

    def __init__(self, message: str, *, missing: list[str] | None = None, **kw) -> None:
        self.missing = list(missing or [])
        super().__init__(message, **kw)


class EncryptedWorkbook(InputError):
    """An Office file protected with a password (OLE container instead of a zip)."""


class SchemaTooNew(Exception):
    """The database was written by a newer version of the app."""


@dataclass(frozen=True)
class RowProblem:
    """One row that could not be read and was skipped (or one value that was blanked)."""

    file: str
    row: int  # 1-based, as a spreadsheet shows it
    reason: str
    sheet: str | None = None
    column: str | None = None
    value: str | None = None
    #: True when the whole row was dropped; False when only a value was blanked or flagged.
    skipped: bool = True

    def describe(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        text = ", ".join(parts) + f": {self.reason}"
        if self.value is not None:
            text += f" ({self.value!r})"
        return text
