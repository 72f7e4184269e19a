"""The window's actions and menus (File, View, Tools, Help), their labels, and the recent-files menu.

Only QActions and menus live here; main_window.py binds them to the controllers' slots.
"""

from __future__ import annotations

import os
from typing import Callable, Optional

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from .i18n import LANGUAGE_NAMES
from .pages import Page, page_shortcut


class WindowActions(QObject):
    """Creates every QAction of ``window`` and builds its menu bar."""

    def __init__(self, window: QMainWindow, pages: tuple[Page, ...], language: str) -> None:
        super().__init__(window)

        def action(name: str, shortcut: Optional[QKeySequence] = None) -> QAction:
            a = QAction(window)
            a.setObjectName(name)
            if shortcut is not None:
                a.setShortcut(shortcut)
            return a

        self.act_open = action("act_open", QKeySequence.StandardKey.Open)
        self.act_demo = action("act_demo")
        self.act_export = action("act_export", QKeySequence("Ctrl+E"))
        # explicit keys: Windows has no standard Quit shortcut, and macOS maps Refresh to Cmd+R only
        self.act_quit = action("act_quit", QKeySequence("Ctrl+Q"))
        self.act_refresh = action("act_refresh", QKeySequence("F5"))
        self.act_find = action("act_find", QKeySequence.StandardKey.Find)
        self.act_settings = action("act_settings")
        self.act_about = action("act_about")
        self.act_clear_recent = action("act_clear_recent")
        self.act_open_data_dir = action("act_open_data_dir")
        self.act_open_log_dir = action("act_open_log_dir")
        self.act_export.setEnabled(False)
        # Ctrl+1 … Ctrl+9, Ctrl+0, Alt+1 … jump to the pages in sidebar order (keyboard users, supervisors' habits)
        self.page_actions: list[QAction] = []
        for i, page in enumerate(pages):
            if not page_shortcut(i):
                break
            a = action(f"act_page_{page.key}", QKeySequence(page_shortcut(i)))
            a.setData(page.key)
            window.addAction(a)
            self.page_actions.append(a)
        self.language_group = QActionGroup(window)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for lang, name in LANGUAGE_NAMES.items():
            a = QAction(name, window)  # each language is named in its own script, never translated
            a.setCheckable(True)
            a.setObjectName(f"act_lang_{lang}")
            self.language_group.addAction(a)
            self.language_actions[lang] = a
        self.check_language(language)

        bar = window.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addAction(self.act_open)
        self.menu_recent = QMenu(window)
        self.menu_file.addMenu(self.menu_recent)
        self.menu_file.addAction(self.act_demo)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_export)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(self.act_refresh)
        self.menu_view.addAction(self.act_find)
        self.menu_tools = bar.addMenu("")
        self.menu_tools.addAction(self.act_settings)
        self.menu_language = QMenu(window)
        for a in self.language_actions.values():
            self.menu_language.addAction(a)
        self.menu_tools.addMenu(self.menu_language)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_open_data_dir)
        self.menu_help.addAction(self.act_open_log_dir)
        self.menu_help.addSeparator()
        self.menu_help.addAction(self.act_about)

    def check_language(self, lang: str) -> None:
        self.language_actions.get(lang, self.language_actions["en"]).setChecked(True)

    def fill_recent_menu(self, paths: list[str], open_file: Callable[[str], None]) -> None:
        """The File ▸ Recent files menu (missing files greyed out)."""
        self.menu_recent.clear()
        for p in paths:
            a = self.menu_recent.addAction(os.path.basename(p))
            a.setToolTip(p)
            a.setEnabled(os.path.exists(p))
            a.triggered.connect(lambda checked=False, p=p: open_file(p))
        self.menu_recent.addSeparator()
        self.menu_recent.addAction(self.act_clear_recent)

    def retranslate(self) -> None:
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_recent.setTitle(self.tr("Recent files"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_tools.setTitle(self.tr("&Tools"))
        self.menu_language.setTitle(self.tr("Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_open.setText(self.tr("Open…"))
        self.act_open.setToolTip(self.tr("Open order exports, chat logs or inventory sheets (Ctrl+O)"))
        self.act_demo.setText(self.tr("Demo shop"))
        self.act_demo.setToolTip(self.tr("Generate and open a sample shop with made-up data"))
        self.act_export.setText(self.tr("Export report…"))
        self.act_export.setToolTip(self.tr("Write the daily Excel report (Ctrl+E)"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_refresh.setText(self.tr("Refresh"))
        self.act_refresh.setToolTip(self.tr("Recompute every figure from the stored data (F5)"))
        self.act_find.setText(self.tr("Find"))
        self.act_settings.setText(self.tr("Settings…"))
        self.act_about.setText(self.tr("About"))
        self.act_clear_recent.setText(self.tr("Clear the list"))
        self.act_open_data_dir.setText(self.tr("Open the data folder"))
        self.act_open_log_dir.setText(self.tr("Open the crash log folder"))
