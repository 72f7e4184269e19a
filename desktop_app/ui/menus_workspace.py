"""The File menu's workspace entries: New empty shop workspace, Switch workspace…, Recent workspaces.

``install_workspace_menu(window)`` makes the WorkspaceController (controllers/workspaces.py), puts the
three entries in the File menu after "Demo shop", and reopens the workspace the last session showed.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from .controllers.workspaces import WorkspaceController


class WorkspaceMenu(QObject):
    """The actions and the Recent workspaces submenu, bound to a WorkspaceController."""

    def __init__(self, window: Any, controller: WorkspaceController) -> None:
        super().__init__(window)
        self.controller = controller
        self.act_new_workspace = QAction(window)
        self.act_new_workspace.setObjectName("act_new_workspace")
        self.act_switch_workspace = QAction(window)
        self.act_switch_workspace.setObjectName("act_switch_workspace")
        self.menu_recent_workspaces = QMenu(window)
        self.menu_recent_workspaces.setObjectName("menu_recent_workspaces")
        menu: QMenu = window.menu_file
        # after Open…, Recent files and Demo shop, before the separator above Export
        anchor = window.actions_.act_demo
        actions = menu.actions()
        before = actions[actions.index(anchor) + 1] if anchor in actions and actions[-1] is not anchor else None
        separator = QAction(window)
        separator.setSeparator(True)
        menu.insertAction(before, separator)
        menu.insertAction(before, self.act_new_workspace)
        menu.insertAction(before, self.act_switch_workspace)
        menu.insertMenu(before, self.menu_recent_workspaces)
        self.act_new_workspace.triggered.connect(controller.choose_new)
        self.act_switch_workspace.triggered.connect(controller.choose_switch)
        self.menu_recent_workspaces.aboutToShow.connect(self.fill_recent)
        self.fill_recent()
        self.retranslate()

    def fill_recent(self) -> None:
        """The Recent workspaces submenu: each folder by name (its path in the tooltip), the one shown
        checked; missing folders are not listed."""
        menu = self.menu_recent_workspaces
        menu.clear()
        current = os.path.realpath(self.controller.current())
        folders = self.controller.recent()
        for folder in folders:
            a = menu.addAction(os.path.basename(folder.rstrip("/\\")) or folder)
            a.setToolTip(folder)
            a.setData(folder)
            a.setCheckable(True)
            a.setChecked(os.path.realpath(folder) == current)
            a.triggered.connect(lambda checked=False, f=folder: self.controller.switch_to(f))
        if not folders:
            empty = menu.addAction(self.tr("(none yet)"))
            empty.setEnabled(False)
        menu.setToolTipsVisible(True)

    def retranslate(self) -> None:
        self.act_new_workspace.setText(self.tr("New empty shop workspace…"))
        self.act_new_workspace.setToolTip(self.tr("Start an empty history in a folder of its own (another shop, "
                                                  "another client); the current one is kept as it is"))
        self.act_switch_workspace.setText(self.tr("Switch workspace…"))
        self.act_switch_workspace.setToolTip(self.tr("Open the history of another workspace folder"))
        self.menu_recent_workspaces.setTitle(self.tr("Recent workspaces"))
        self.fill_recent()


def install_workspace_menu(window: Any, restore: bool = True) -> WorkspaceMenu:
    """The controller and the menu of ``window``; the workspace the last session showed is reopened
    (``restore``: False when the window's store was named by --database or Settings ▸ Database)."""
    controller = WorkspaceController(window.state, window.runner, window.compute, window.imports, window, window)
    menu = WorkspaceMenu(window, controller)
    window.preferences.language_changed.connect(lambda _lang: menu.retranslate())
    if restore:
        controller.restore()
    return menu
