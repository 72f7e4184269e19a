"""SettingsController: the settings dialog <-> AppState (model settings, privacy, currency), language switch.

OK in the dialog saves and recomputes; language and currency changes are announced so the window
relabels and re-renders its pages (no recalculation for either).
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ...core.model.settings import ModelSettings
from .. import money
from ..i18n import LANGUAGE_NAMES, Translators
from ..state import AppState


class SettingsController(QObject):
    """Applies and persists the user's choices."""

    #: the UI language changed (its code); every page must retranslate and re-render
    language_changed = Signal(str)
    #: the currency symbol changed; amounts must be shown again
    money_changed = Signal()
    #: the privacy preference changed (True: mask contact details)
    mask_pii_changed = Signal(bool)

    def __init__(self, state: AppState, translators: Translators, recompute: Any,
                 dialog_parent: Optional[QWidget] = None, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.state = state
        self.translators = translators
        #: callable that starts a model run (ComputeController.recompute)
        self.recompute = recompute
        self.dialog_parent = dialog_parent
        self.dialog: Any = None
        #: re-opens the store when Settings ▸ Database changed (controllers/database.py; the window sets it)
        self.database: Any = None

    def open_dialog(self) -> Any:
        """Tools ▸ Settings…: OK applies, saves and recomputes."""
        from ..dialogs.settings_dialog import SettingsDialog

        s = self.state.settings
        dlg = SettingsDialog(self.state.model_settings, self.translators.language, s.mask_pii,
                             self.dialog_parent, currency=s.currency)
        # the history reads this when it opens: kept now, used from the next start
        dlg.keep_contacts_check.setChecked(s.keep_full_contacts)
        dlg.accepted.connect(lambda: self.set_keep_full_contacts(dlg.keep_contacts_check.isChecked()))
        from ..store_choice import load_choice

        dlg.database_tab.load(load_choice(s), self.state.data_dir, self.state.marked_by)
        name = getattr(self.dialog_parent, "store_name", None)  # the window's status bar (window_database.py)
        if name is not None:
            dlg.database_tab.show_in_use(name.text(), name.toolTip())
        dlg.accepted.connect(lambda: self.apply_database(dlg.database_tab))
        dlg.accepted.connect(lambda: self.apply(dlg.model_settings(), dlg.language(), dlg.mask_pii(),
                                                dlg.currency()))
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.dialog = dlg
        dlg.open()
        return dlg

    def apply(self, model_settings: ModelSettings, language: Optional[str] = None,
              mask_pii: Optional[bool] = None, currency: Optional[str] = None) -> None:
        """Use new settings: persist them and recompute (the settings dialog's OK)."""
        state = self.state
        state.model_settings = model_settings
        state.settings.model_settings = model_settings
        if currency is not None and money.clean_symbol(currency) != money.symbol():
            self.set_currency(currency)
        if mask_pii is not None:
            state.settings.mask_pii = mask_pii
            self.mask_pii_changed.emit(mask_pii)
        state.settings.sync()
        if language and language != self.translators.language:
            self.set_language(language)
        self.recompute()

    def set_keep_full_contacts(self, keep: bool) -> None:
        """Settings ▸ General ▸ Keep full contact details: saved; the history uses it from the next start."""
        self.state.settings.keep_full_contacts = bool(keep)
        self.state.settings.sync()

    def apply_database(self, tab: Any) -> Any:
        """Settings ▸ Database on OK: the marker's name, and the store (saved without a password) re-opened
        in the background when the choice changed; returns the opening task, if any."""
        from ..store_choice import save_choice

        state = self.state
        state.set_marked_by(tab.marker_name())
        if not tab.changed():
            return None
        choice = tab.choice()
        save_choice(state.settings, choice)
        try:
            url = choice.url(state.data_dir)
        except ValueError as exc:  # a server without a host or database name: nothing to open
            state.report_error(exc, "")
            return None
        from ..store_choice import DatabaseChoice

        current = state.shop_repository.url or DatabaseChoice().url(state.data_dir)
        if url.display() == current.display() and not state.shop_repository.fault:
            return None  # the store in use already (only a field of the other engine changed)
        return self.database.switch(url) if self.database is not None else None

    def set_staffing_target(self, share: float, seconds: float, concurrency: Optional[float]) -> None:
        """The Staffing page's target and concurrency, kept in the settings without a model run (the page
        recomputes its what-if itself; the figures on screen take the new target too)."""
        from dataclasses import replace

        state = self.state
        fields = dict(staffing_target_share=float(share), staffing_target_s=float(seconds),
                      staffing_concurrency=None if concurrency is None else float(concurrency))
        state.model_settings = replace(state.model_settings, **fields)
        state.settings.model_settings = state.model_settings
        state.settings.sync()
        results = state.results
        if results is not None and getattr(results, "settings", None) is not None:
            results.settings = replace(results.settings, **fields)

    def set_currency(self, value: str) -> None:
        """Use ``value`` before money amounts from now on and remember it."""
        self.state.settings.currency = money.set_symbol(value)
        self.state.settings.sync()
        self.money_changed.emit()

    def set_language(self, lang: str) -> None:
        """Switch the UI language now and remember it."""
        if lang not in LANGUAGE_NAMES:
            return
        self.state.settings.language = lang
        self.state.settings.sync()
        self.translators.install(lang)
        self.language_changed.emit(lang)
