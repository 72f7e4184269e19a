"""The toolbar's shop selector: all shops, one shop, or several.

A tool button with a menu of checkable shops and "All shops". ``shops_changed(list)`` carries the
chosen shops as ``"platform:name"`` keys (what ``Store.dataset(shops=...)`` accepts); an empty list
means all shops. The choice is remembered in QSettings and restored by the next ``set_shops`` (shops no
longer in the store are dropped from it). Texts in 简体中文 and English (``retranslate``).
"""

from __future__ import annotations

from typing import Iterable, Optional

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from ...core.store.shops import shop_label
from ..bilingual import pick

#: QSettings key of the remembered choice
SETTINGS_KEY = "shops/selected"
TEXTS = {
    "all": ("全部店铺", "All shops"),
    "several": ("{n} 个店铺", "{n} shops"),
    "tip": ("选择要查看的店铺：一个、几个或全部", "Choose the shops to look at: one, several or all"),
    "none": ("（还没有店铺）", "(no shops yet)"),
}


def _t(key: str) -> str:
    return pick(*TEXTS[key])


def shop_key(platform: str, name: str) -> str:
    return f"{platform}:{name}"


class ShopSelector(QWidget):
    """One, several or all shops; emits ``shops_changed(list of "platform:name")`` ([] = all)."""

    shops_changed = Signal(list)

    def __init__(self, parent: Optional[QWidget] = None, settings: Optional[QSettings] = None) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        self._shops: list[tuple[str, str]] = []
        self._selected: list[str] = []
        self.button = QToolButton(self)
        self.button.setPopupMode(QToolButton.InstantPopup)
        self.menu = QMenu(self.button)
        self.button.setMenu(self.menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        self._actions: dict[str, QAction] = {}
        self._all = QAction(self)
        self._all.setCheckable(True)
        self._all.triggered.connect(self._choose_all)
        self.retranslate()

    # --- data ------------------------------------------------------------------------------------
    def set_shops(self, shops: Iterable) -> None:
        """The store's shops: (platform, name) pairs, dicts or a DataFrame with platform and name columns."""
        if hasattr(shops, "itertuples"):
            pairs = [(str(r.platform), str(r.name)) for r in shops.itertuples()]
        else:
            pairs = [(str(s["platform"]), str(s["name"])) if isinstance(s, dict) else (str(s[0]), str(s[1]))
                     for s in shops]
        self._shops = pairs
        remembered = self._settings.value(SETTINGS_KEY, [])
        if isinstance(remembered, str):
            remembered = [remembered] if remembered else []
        known = {shop_key(p, n) for p, n in pairs}
        self._selected = [k for k in (remembered or []) if k in known]
        self._rebuild()

    def selected(self) -> list[str]:
        """The chosen shops as "platform:name" keys; [] = all shops."""
        return list(self._selected)

    def set_selected(self, keys: Iterable[str]) -> None:
        """Choose these shops (unknown keys are ignored), remember and announce the choice."""
        known = {shop_key(p, n) for p, n in self._shops}
        chosen = [k for k in keys if k in known]
        self._apply([] if len(chosen) == len(known) else chosen)

    # --- texts ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.button.setToolTip(_t("tip"))
        self._all.setText(_t("all"))
        for (platform, name), action in zip(self._shops, self._actions.values()):
            action.setText(shop_label(platform, name, pick("zh_CN", "en")))
        self._update_text()

    # --- inside -----------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        self.menu.clear()
        self._actions = {}
        self.menu.addAction(self._all)
        self.menu.addSeparator()
        for platform, name in self._shops:
            action = QAction(self.menu)
            action.setCheckable(True)
            key = shop_key(platform, name)
            action.triggered.connect(lambda checked, k=key: self._toggle(k, checked))
            self.menu.addAction(action)
            self._actions[key] = action
        self.button.setEnabled(bool(self._shops))
        self.retranslate()
        self._sync_checks()

    def _sync_checks(self) -> None:
        self._all.setChecked(not self._selected)
        for key, action in self._actions.items():
            action.setChecked(key in self._selected)

    def _update_text(self) -> None:
        if not self._shops:
            text = _t("none")
        elif not self._selected:
            text = _t("all")
        elif len(self._selected) == 1:
            platform, name = self._selected[0].split(":", 1)
            text = shop_label(platform, name, pick("zh_CN", "en"))
        else:
            text = _t("several").format(n=len(self._selected))
        self.button.setText(text)

    def _choose_all(self) -> None:
        self._apply([])

    def _toggle(self, key: str, checked: bool) -> None:
        chosen = [k for k in self._selected if k != key] + ([key] if checked else [])
        order = [shop_key(p, n) for p, n in self._shops]
        chosen = sorted(chosen, key=order.index)
        # every shop checked, or none left: that is "all"
        self._apply([] if len(chosen) in (0, len(order)) else chosen)

    def _apply(self, chosen: list[str]) -> None:
        changed = chosen != self._selected
        self._selected = chosen
        self._settings.setValue(SETTINGS_KEY, list(chosen))
        self._sync_checks()
        self._update_text()
        if changed:
            self.shops_changed.emit(list(chosen))
