"""Translators: ours (resources/i18n/desktop_app_<lang>.qm) plus Qt's own, switchable at runtime.

Installing a translator sends a LanguageChange event to every widget; widgets that build their
labels in a ``retranslate()`` method call it from ``changeEvent``. The translator objects are
kept on the manager: Qt does not take ownership, and a collected translator silently stops
translating (Vorta's comment).
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .paths import resource_path

#: our languages, with the name each shows in the Language menu (its own script)
LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}
#: the language the source strings are written in
SOURCE_LANGUAGE = "en"


def system_language() -> str:
    """zh_CN for any Chinese system locale, otherwise en."""
    name = QLocale.system().name()  # e.g. zh_CN, zh_TW, en_US
    return "zh_CN" if name.startswith("zh") else "en"


def resolve_language(saved: str | None) -> str:
    """The saved choice when it is one of ours, else the system language."""
    return saved if saved in LANGUAGE_NAMES else system_language()


def qm_path(lang: str):
    """Our compiled translation for ``lang``."""
    return resource_path(f"i18n/desktop_app_{lang}.qm")


class Translators:
    """Owns the installed translators of one QCoreApplication."""

    def __init__(self, app: Optional[QCoreApplication] = None) -> None:
        self._app = app or QCoreApplication.instance()
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def install(self, lang: str) -> bool:
        """Replace the installed translators with ``lang``'s; True when ours loaded."""
        for t in self._installed:
            self._app.removeTranslator(t)
        self._installed = []
        self.language = lang
        QLocale.setDefault(QLocale(lang))
        from .bilingual import set_chinese_first

        set_chinese_first(lang.lower().startswith("zh"))  # the core's bilingual messages follow
        ours_loaded = False
        ours = QTranslator(self._app)
        path = qm_path(lang)
        if path.exists() and ours.load(str(path)):
            self._app.installTranslator(ours)
            self._installed.append(ours)
            ours_loaded = True
        # Qt's own strings (standard buttons, file dialogs); absent for the source language
        qt = QTranslator(self._app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{lang}", qt_dir):
            self._app.installTranslator(qt)
            self._installed.append(qt)
        return ours_loaded or lang == SOURCE_LANGUAGE


def fmt_number(value: float, decimals: int = 0) -> str:
    """A number with the current locale's group separators."""
    return QLocale().toString(float(value), "f", decimals)
