"""The intents of the Quality, Staffing, Appraisal and Imports pages and the toolbar's shop selector.

Made once by the window (next to page_links.PageLinks); pages never call each other or the store:
- Quality: "open conversation" -> the Conversations page's transcript; "accept hit" -> a handled mark
  (check "quality") in the store, applied to the results on screen (Quality page and scorecard).
- Staffing: the what-if target -> the model settings (no model run: the page redraws itself).
- Appraisal: a points cell -> the window's drill-down; the scheme file remembered and opened at start;
  before an Excel export the page's appraisal is attached to the results.
- Imports: remove an import / undo the removal in the background, then recompute.
- Shops: the chosen shops -> AppState.shops (every range read), a recompute and the window title.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from ..core.store.shops import shop_label
from .bilingual import pick
from .controllers.base import start_task
from .pages import PAGE_AGENTS, PAGE_APPRAISAL, PAGE_CONVERSATIONS, PAGE_IMPORTS, PAGE_QUALITY, PAGE_STAFFING
from .state import AppState


class PageIntents(QObject):
    """Connects the newer pages' signals to the state, the store and the controllers."""

    def __init__(self, window: Any, views: dict[str, QWidget], parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.window = window
        self.state: AppState = window.state
        self.views = views
        self.quality = views.get(PAGE_QUALITY) if hasattr(views.get(PAGE_QUALITY), "accept_requested") else None
        self.staffing = views.get(PAGE_STAFFING) if hasattr(views.get(PAGE_STAFFING), "target_changed") else None
        self.appraisal = (views.get(PAGE_APPRAISAL) if hasattr(views.get(PAGE_APPRAISAL), "attach_to")
                          else None)
        self.imports = views.get(PAGE_IMPORTS) if hasattr(views.get(PAGE_IMPORTS), "remove_requested") else None
        if self.quality is not None:
            self.quality.open_conversation.connect(self.open_conversation)
            self.quality.accept_requested.connect(self.accept_quality_hit)
        if self.staffing is not None:
            self.staffing.target_changed.connect(window.preferences.set_staffing_target)
        if self.appraisal is not None:
            self.appraisal.drill_requested.connect(window.links.drill_down)
            self.appraisal.scheme_file_changed.connect(self._remember_scheme)
            window.exports.prepare = self.appraisal.attach_to
            self._open_remembered_scheme()
        if self.imports is not None:
            self.imports.remove_requested.connect(self.remove_import)
            self.imports.undo_requested.connect(self.undo_removal)

    # --- quality ----------------------------------------------------------------------------------
    def open_conversation(self, conv_id: Any) -> None:
        """A quality hit's conversation, selected on the Conversations page with its transcript."""
        conversations = self.views.get(PAGE_CONVERSATIONS)
        if conversations is None or not hasattr(conversations, "show_conversation"):
            return
        conversations.show_conversation(conv_id)
        self.window.show_page(PAGE_CONVERSATIONS)

    def accept_quality_hit(self, hit_id: str, note: str) -> None:
        """Accept a hit as a false positive: a handled mark in the store (it survives a recompute), then
        the results on screen count it no more (Quality page and the scorecard's quality columns)."""
        state = self.state
        try:
            state.repository.set_handled("quality", "", str(hit_id), note, by=state.marked_by)
            results = state.results
            if results is None:
                return
            state.repository.apply_handled(results)
        except Exception as exc:  # noqa: BLE001 - explained with its details; the page stays as it was
            state.report_error(exc, traceback.format_exc())
            return
        for key in (PAGE_QUALITY, PAGE_AGENTS):
            view = self.views.get(key)
            if view is not None:
                view.set_results(results)

    # --- appraisal --------------------------------------------------------------------------------
    def _remember_scheme(self, path: str) -> None:
        self.state.settings.set_appraisal_scheme(path)
        self.state.settings.sync()

    def _open_remembered_scheme(self) -> None:
        path = self.state.settings.appraisal_scheme()
        if path and Path(path).is_file():
            self.appraisal.load_file(path)

    # --- imports ----------------------------------------------------------------------------------
    def remove_import(self, import_id: int) -> None:
        """Remove one import in the background, then recompute the figures without it."""
        repo, n = self.state.repository, str(import_id)
        busy = QCoreApplication.translate("PageIntents", "Removing import %1…").replace("%1", n)
        done = QCoreApplication.translate("PageIntents", "Import %1 removed; the figures are recalculated.")
        self._store_task(lambda progress, cancel: repo.remove_import(int(import_id)), busy, done.replace("%1", n))

    def undo_removal(self) -> None:
        """Put the last removed import back, then recompute."""
        repo = self.state.repository
        busy = QCoreApplication.translate("PageIntents", "Putting the import back…")
        done = QCoreApplication.translate("PageIntents", "The removed import is back; the figures are recalculated.")
        self._store_task(lambda progress, cancel: repo.undo_removal(), busy, done)

    def _store_task(self, fn: Callable, busy_text: str, done_text: str) -> None:
        state = self.state
        start_task(state, self.window.runner, "store", fn, lambda _r: self._after_store_change(done_text),
                   lambda: self._after_store_change(""))
        state.say(busy_text)

    def _after_store_change(self, text: str) -> None:
        state = self.state
        if state.closed:
            return
        state.forget_data_range()
        if self.imports is not None:
            self.imports.refresh()
        self.window.refresh_shops()
        if state.data_range() is None:  # the last import went: nothing left to show
            state.set_results(None)
        else:
            self.window.compute.recompute()
        if text:
            state.say(text)


def shops_title(keys: list[str]) -> str:
    """The chosen shops for the window title ("" = all shops)."""
    lang = pick("zh_CN", "en")
    labels = []
    for key in keys:
        platform, _, name = key.partition(":")
        labels.append(shop_label(platform, name, lang))
    return ", ".join(labels)
