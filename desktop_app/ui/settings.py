"""Typed wrapper over QSettings: user preferences (prefs/*) and window state (state/*).

Each key is declared once with its default (Picard's pattern). A value equal to its default is
removed from the file, so a later change of the default reaches users who never touched it.
Lists and the model settings are stored as JSON text: INI lists come back as a str when they
hold a single element, and JSON keeps the types exact.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QByteArray, QSettings

from ..core.model.settings import ModelSettings
from ..core.money_symbol import clean_symbol
from .paths import ORG_NAME

#: bump when a key changes meaning; ``_upgrade`` migrates older files
SETTINGS_VERSION = 1
#: how many recent files the File menu and the start page show
MAX_RECENT = 10

#: supported UI languages ("" = follow the system)
LANGUAGES = ("zh_CN", "en")

#: key -> default. prefs/* are choices the user makes; state/* is remembered window state.
DEFAULTS: dict[str, Any] = {
    "prefs/language": "",
    "prefs/mask_pii": True,
    "prefs/keep_full_contacts": False,  # the history keeps receivers' contacts in full (docs/store.md)
    "prefs/currency": "¥",
    "prefs/model_settings": "",  # JSON of ModelSettings.to_dict(); "" = defaults
    # Settings > Database (ui/store_choice.py): the store, never its password; the name marks are made under
    "prefs/database/engine": "sqlite",
    "prefs/database/host": "",
    "prefs/database/port": 5432,
    "prefs/database/name": "",
    "prefs/database/user": "",
    "prefs/database/sslmode": "prefer",
    "prefs/marked_by": "",
    "state/recent_files": "[]",
    "state/last_dir": "",
    "state/geometry": QByteArray(),
    "state/window_state": QByteArray(),
    "state/date_range": "all",
    "state/page": 0,
    #: scorecard column groups the user hid (comma-separated group keys)
    "state/hidden_column_groups": "",
    #: the appraisal scheme file last opened or saved on the Appraisal page ("" = the default scheme)
    "state/appraisal_scheme": "",
    #: the workspace folder shown (File ▸ Switch workspace…; "" = the data folder's own history)
    "state/workspace": "",
}


class AppSettings:
    """The app's settings file. ``path`` = explicit INI file (tests, ``--data-dir``)."""

    def __init__(self, path: Optional[os.PathLike | str] = None) -> None:
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            # an ASCII file name (…/desktop-app/settings.ini): support staff type it, and some
            # sync and backup tools mangle non-ASCII names
            self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, "settings")
        self._upgrade()

    # --- plumbing ------------------------------------------------------------------------
    @property
    def file_name(self) -> str:
        """The INI file on disk (shown in the About dialog and docs)."""
        return self._qs.fileName()

    def _upgrade(self) -> None:
        version = self._int(self._qs.value("settings_version", 0))
        if version > SETTINGS_VERSION:
            # written by a newer app: read what we understand, never downgrade the marker
            return
        # version 0 -> 1: nothing to migrate yet (first release); keep the hook for later
        self._qs.setValue("settings_version", SETTINGS_VERSION)

    @staticmethod
    def _int(value: Any, default: int = 0) -> int:
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def get(self, key: str) -> Any:
        """The stored value of a declared key, or its default, converted to the default's type."""
        default = DEFAULTS[key]
        value = self._qs.value(key, default)
        if isinstance(default, bool):
            # INI files hold "true"/"false" strings
            return value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes")
        if isinstance(default, int):
            return self._int(value, default)
        if isinstance(default, QByteArray):
            return value if isinstance(value, QByteArray) else QByteArray()
        return "" if value is None else str(value)

    def set(self, key: str, value: Any) -> None:
        """Store ``value``; removing the key when it equals the default."""
        default = DEFAULTS[key]
        if value == default:
            self._qs.remove(key)
        else:
            self._qs.setValue(key, value)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._qs.sync()

    # --- typed accessors --------------------------------------------------------------------
    @property
    def language(self) -> str:
        """"zh_CN", "en" or "" (follow the system)."""
        lang = self.get("prefs/language")
        return lang if lang in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        self.set("prefs/language", value if value in LANGUAGES else "")

    @property
    def mask_pii(self) -> bool:
        """Mask phone numbers, names and addresses in views and exports (domain.md: Privacy)."""
        return bool(self.get("prefs/mask_pii"))

    @mask_pii.setter
    def mask_pii(self, value: bool) -> None:
        self.set("prefs/mask_pii", bool(value))

    @property
    def keep_full_contacts(self) -> bool:
        """Keep receivers' names, phones and addresses in full in the history (default: only masked name
        and phone, province and city; core/store/privacy.py)."""
        return bool(self.get("prefs/keep_full_contacts"))

    @keep_full_contacts.setter
    def keep_full_contacts(self, value: bool) -> None:
        self.set("prefs/keep_full_contacts", bool(value))

    @property
    def currency(self) -> str:
        """The symbol shown before money (ui.money); ¥ unless the user chose another."""
        return clean_symbol(self.get("prefs/currency"))

    @currency.setter
    def currency(self, value: str) -> None:
        self.set("prefs/currency", clean_symbol(value))

    @property
    def model_settings(self) -> ModelSettings:
        """The saved model settings; defaults when none are saved or the JSON is unreadable."""
        text = self.get("prefs/model_settings")
        if not text:
            return ModelSettings()
        try:
            return ModelSettings.from_dict(json.loads(text))
        except (ValueError, TypeError):
            # a hand-edited or truncated file must not stop the app from starting
            return ModelSettings()

    @model_settings.setter
    def model_settings(self, value: ModelSettings) -> None:
        if value == ModelSettings():
            self.set("prefs/model_settings", "")
        else:
            self.set("prefs/model_settings", json.dumps(value.to_dict(), ensure_ascii=False, sort_keys=True))

    @property
    def recent_files(self) -> list[str]:
        """Most recent first, without duplicates."""
        try:
            items = json.loads(self.get("state/recent_files"))
        except ValueError:
            return []
        if not isinstance(items, list):
            return []
        return [str(p) for p in items if isinstance(p, str) and p][:MAX_RECENT]

    @recent_files.setter
    def recent_files(self, items: list[str]) -> None:
        seen: list[str] = []
        for p in items:
            p = str(p)
            if p and p not in seen:
                seen.append(p)
        self.set("state/recent_files", json.dumps(seen[:MAX_RECENT], ensure_ascii=False))

    def add_recent_file(self, path: str) -> None:
        """Put ``path`` first in the recent files list."""
        path = str(Path(path).resolve())
        self.recent_files = [path] + [p for p in self.recent_files if p != path]

    def clear_recent_files(self) -> None:
        self.recent_files = []

    @property
    def last_dir(self) -> str:
        return self.get("state/last_dir")

    @last_dir.setter
    def last_dir(self, value: str) -> None:
        self.set("state/last_dir", str(value))

    @property
    def date_range(self) -> str:
        return self.get("state/date_range")

    @date_range.setter
    def date_range(self, value: str) -> None:
        self.set("state/date_range", value)

    @property
    def page(self) -> int:
        return self.get("state/page")

    @page.setter
    def page(self, value: int) -> None:
        self.set("state/page", int(value))

    def appraisal_scheme(self) -> str:
        return str(self.get("state/appraisal_scheme") or "")

    def set_appraisal_scheme(self, path: str) -> None:
        self.set("state/appraisal_scheme", str(path or ""))

    @property
    def qsettings(self) -> QSettings:
        """The underlying QSettings (widgets that remember their own choice, such as the shop selector)."""
        return self._qs

    # window geometry and splitters are opaque blobs from Qt
    def hidden_column_groups(self) -> list[str]:
        return [g for g in str(self.get("state/hidden_column_groups")).split(",") if g]

    def set_hidden_column_groups(self, groups) -> None:
        self.set("state/hidden_column_groups", ",".join(sorted(set(groups))))
        self.sync()

    def geometry(self) -> QByteArray:
        return self.get("state/geometry")

    def set_geometry(self, data: QByteArray) -> None:
        self._qs.setValue("state/geometry", data)

    def window_state(self) -> QByteArray:
        return self.get("state/window_state")

    def set_window_state(self, data: QByteArray) -> None:
        self._qs.setValue("state/window_state", data)

    def splitter_state(self, name: str) -> QByteArray:
        """Saved state of the splitter whose objectName is ``name``."""
        value = self._qs.value(f"state/splitters/{name}")
        return value if isinstance(value, QByteArray) else QByteArray()

    def set_splitter_state(self, name: str, data: QByteArray) -> None:
        self._qs.setValue(f"state/splitters/{name}", data)
