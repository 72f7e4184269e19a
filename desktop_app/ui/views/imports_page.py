"""The Imports page in the window: ImportsView (views/imports.py) listing the store the window shows.

The list is read again whenever new figures arrive (after an import, a removal, an undo or another
store); ``remove_requested`` and ``undo_requested`` are acted on by the window (page_intents.py).
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtWidgets import QWidget

from .imports import ImportsView


class ImportsPage(ImportsView):
    """ImportsView reading the imports of the AppState's store."""

    def __init__(self, parent: Optional[QWidget] = None, state: Any = None) -> None:
        super().__init__(parent)
        self._state = state
        self.refresh()

    def set_results(self, results: Any) -> None:
        """New figures (or none): the store's imports may have changed, list them again."""
        if getattr(results, "history_pending", False):
            return  # a range's figures while its history is read (under the store's lock): the list follows
        self.refresh()

    def refresh(self) -> None:
        state = self._state
        if state is None or getattr(state, "closed", False):
            return
        try:
            rows, undo = state.repository.import_list(), state.repository.removal_to_undo()
        except Exception:  # noqa: BLE001 - a history that cannot be read shows an empty list
            rows, undo = [], None
        self.set_imports(rows)
        self.set_undo_available(undo)
