"""The window's side of the store it uses: its name in the status bar and title, switching, and F5.

* The status bar names the store: "This PC's file" (the path in the tooltip) or "PostgreSQL
  shop@db.local:5432/cs" (``DatabaseUrl.display()``: never the password); the title names a server too.
* Settings ▸ Database re-opens the store through the DatabaseController (controllers/database.py); a
  failure keeps the figures on screen and says why, naming the server.
* F5 on any store reads it again (the Datasets kept since the last import of *this* window are
  forgotten: another PC may have imported or marked since), then recomputes.
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from .controllers.database import DatabaseController
from .store_choice import store_label



def install_database(window: Any) -> DatabaseController:
    """The controller, the status bar's store name and their signals (MainWindow.__init__)."""
    state = window.state
    controller = DatabaseController(state, window.runner, window.compute.recompute, window)
    window.database = controller
    window.preferences.database = controller
    label = QLabel(window)
    label.setObjectName("store_name")
    label.setStyleSheet("QLabel#store_name { color: #555; padding: 0 6px; }")
    window.statusBar().addPermanentWidget(label)
    window.store_name = label
    state.repository_changed.connect(lambda: show_store_name(window))
    controller.switch_failed.connect(lambda exc: _switch_failed(window, exc))
    controller.switched.connect(lambda _url: show_store_name(window))
    window.preferences.language_changed.connect(lambda _lang: show_store_name(window))
    workspaces = getattr(getattr(window, "workspace_menu", None), "controller", None)
    if workspaces is not None:  # File ▸ Switch workspace: a folder's file is the store from now on
        workspaces.switched.connect(lambda _folder: _workspace_shown(window))
    show_store_name(window)
    return controller


def _workspace_shown(window: Any) -> None:
    """A workspace (a folder's SQLite file) replaced the store: a saved server is not opened at the next
    start, so the workspace the user chose last is (menus_workspace.py restores it)."""
    from dataclasses import replace

    from .store_choice import load_choice, save_choice

    choice = load_choice(window.state.settings)
    if choice.engine != "sqlite":
        save_choice(window.state.settings, replace(choice, engine="sqlite"))
    show_store_name(window)


def store_title(window: Any) -> str:
    """The store's name for the title: a server's display(); "" for this PC's file (the default)."""
    repository = window.state.repository
    url = getattr(repository, "url", None)
    if url is None or url.engine == "sqlite" or window.state.is_demo():
        return ""
    return store_label(url, repository.data_dir)[0]


def show_store_name(window: Any) -> None:
    label: Optional[QLabel] = getattr(window, "store_name", None)
    if label is None:
        return
    repository = window.state.repository
    url = getattr(repository, "url", None)
    short, full = store_label(url, repository.data_dir)
    if window.state.is_demo():
        short = QCoreApplication.translate("WindowDatabase", "Demo shop's own file")
    elif url is None or url.engine == "sqlite":
        short = QCoreApplication.translate("WindowDatabase", "This PC's file")
    if getattr(repository, "fault", None) is not None:
        short = QCoreApplication.translate("WindowDatabase", "%1 (not open)").replace("%1", short)
    label.setText(short)
    label.setToolTip(QCoreApplication.translate("WindowDatabase", "History store: %1").replace("%1", full))
    window._update_title()


def _switch_failed(window: Any, exc: BaseException) -> None:
    """The store was not changed: the saved engine goes back to the one in use, the figures stay."""
    from .store_choice import load_choice, save_choice

    url = getattr(window.state.shop_repository, "url", None)
    settings = window.state.settings
    choice = load_choice(settings)
    engine = url.engine if url is not None else "sqlite"
    if choice.engine != engine:
        from dataclasses import replace

        save_choice(settings, replace(choice, engine=engine))  # the next start opens what works
    kept = QCoreApplication.translate(
        "WindowDatabase", "The database was not changed; the figures shown are from %1.").replace(
        "%1", window.store_name.text())
    said = window.status_label.text()  # the error, naming the server (window_display._show_error)
    window.status_label.setText(f"{said} {kept}" if said else kept)


def refresh_from_store(window: Any) -> None:
    """F5: forget what was read (another PC may have imported or marked), then recompute."""
    state = window.state
    if state.closed:
        return
    state.repository.forget_reads()
    state.forget_data_range()
    window.refresh_shops(announce=False)
    window.compute.recompute()
