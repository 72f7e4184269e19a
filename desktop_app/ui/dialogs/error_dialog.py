"""Error dialogs for bad input: what failed, file, sheet, row, column, how to fix it, details to copy.

Crashes (unexpected exceptions) go through desktop_app.crash instead: log file + crash dialog.

Dialogs are shown with ``open()`` (window-modal, non-blocking) so the event loop keeps running:
workers can finish, and tests can inspect and close the dialog without a timer hack.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from ...core.errors import EncryptedWorkbook, InputError, MissingColumns, UnrecognisedFormat
from ..bilingual import describe, in_reader_language


def input_error_lines(exc: InputError) -> list[str]:
    """The labelled lines of an InputError: file, sheet, row, column (only those it names)."""
    lines = []
    if exc.file:
        lines.append(QCoreApplication.translate("ErrorDialog", "File: %1").replace("%1", str(exc.file)))
    if exc.sheet:
        lines.append(QCoreApplication.translate("ErrorDialog", "Sheet: %1").replace("%1", str(exc.sheet)))
    if exc.row is not None:
        lines.append(QCoreApplication.translate("ErrorDialog", "Row: %1").replace("%1", str(exc.row)))
    if exc.column:
        lines.append(QCoreApplication.translate("ErrorDialog", "Column: %1").replace("%1", str(exc.column)))
    return lines


def error_title(exc: BaseException) -> str:
    """A short title naming the kind of problem."""
    if isinstance(exc, EncryptedWorkbook):
        return QCoreApplication.translate("ErrorDialog", "The workbook is password-protected")
    if isinstance(exc, UnrecognisedFormat):
        return QCoreApplication.translate("ErrorDialog", "The file's format was not recognised")
    if isinstance(exc, MissingColumns):
        return QCoreApplication.translate("ErrorDialog", "Columns are missing")
    if isinstance(exc, InputError):
        return QCoreApplication.translate("ErrorDialog", "The file could not be read")
    return QCoreApplication.translate("ErrorDialog", "Something went wrong")


def make_error_box(
    parent: Optional[QWidget],
    exc: BaseException,
    details: str = "",
    title: Optional[str] = None,
) -> QMessageBox:
    """A message box for ``exc``: what failed and where, how to fix it, and details to copy."""
    box = QMessageBox(parent)
    box.setObjectName("error_dialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or error_title(exc))
    if isinstance(exc, InputError):
        box.setText(in_reader_language(exc.message))
        info = input_error_lines(exc)
        if exc.hint:
            info.append("")
            info.append(QCoreApplication.translate("ErrorDialog", "How to fix: %1").replace("%1", in_reader_language(exc.hint)))
        box.setInformativeText("\n".join(info))
        detail_parts = [describe(exc, both=True)]
        if exc.details:
            detail_parts.append(exc.details)
    else:
        box.setText(str(exc) or exc.__class__.__name__)
        box.setInformativeText(
            QCoreApplication.translate("ErrorDialog", "The data on screen has not changed."))
        detail_parts = [f"{exc.__class__.__name__}: {exc}"]
    if details:
        detail_parts.append(details)
    # the details section is selectable text the user can paste into a support message
    box.setDetailedText("\n\n".join(detail_parts))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def show_error(parent: Optional[QWidget], exc: BaseException, details: str = "") -> QMessageBox:
    """Show the error box without blocking; it deletes itself when closed."""
    box = make_error_box(parent, exc, details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
