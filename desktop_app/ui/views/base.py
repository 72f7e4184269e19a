"""The View protocol: what every page of the window implements, and the stand-in for a missing page."""

from __future__ import annotations

from typing import Any, Optional, Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


@runtime_checkable
class View(Protocol):
    """A page of the window. The window calls these two and nothing else on every page.

    ``set_results(None)`` clears the page (no data, or another shop's data was on screen).
    ``retranslate()`` sets every visible string again in the current language.
    A page that needs more than ``Results`` (the Trends page's daily frames, the chat messages for
    transcripts) takes the AppState in its constructor (``Page.takes_state``) and reads it there.
    """

    def set_results(self, results: Any) -> None: ...

    def retranslate(self) -> None: ...


class PlaceholderView(QWidget):
    """Stands in for a view module missing from this build; keeps the window usable."""

    def __init__(self, name: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.name = name
        self.results = None
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.label)
        self.retranslate()

    def set_results(self, results: Any) -> None:
        self.results = results

    def retranslate(self) -> None:
        self.label.setText(self.tr("This view is not available in this build: %1").replace("%1", self.name))
