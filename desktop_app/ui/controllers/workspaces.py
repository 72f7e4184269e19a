"""WorkspaceController: File ▸ New empty shop workspace, Switch workspace…, Recent workspaces.

A workspace is a folder holding one history store (core/store/workspaces.py). Switching opens the
other store off the GUI thread (checking that it is ours, migrating an older one) and only then puts it
in place of the shop's own store and recomputes; a folder or file that is not ours, a newer or damaged
store reports an error naming it and the window keeps what it had. The workspace shown is remembered
in the settings (reopened at the next start) and listed in Recent workspaces (a JSON file in the app's
data folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ...core.errors import ImportCancelled
from ...core.store.workspaces import RecentWorkspaces, create_workspace, open_workspace, workspace_folder
from ..repository import DataRepository
from ..state import AppState
from ..workers import TaskHandle, TaskRunner
from .base import start_task
from .compute import ComputeController

#: the settings key of the workspace shown (its folder; "" = the app's data folder)
SETTINGS_KEY = "state/workspace"
#: the recent list, in the app's data folder
RECENT_FILE = "recent_workspaces.json"


def open_repository(path: str | Path, keep_full_contacts: bool = False) -> DataRepository:
    """The window's repository on the workspace at ``path`` (worker thread). Refuses, with an InputError
    naming it, a file or folder that is not ours; raises the store's fault (newer, damaged, busy)."""
    path = Path(path).expanduser()
    open_workspace(path).close()  # checks it is ours before anything in it is touched; migrates an older one
    repository = DataRepository(workspace_folder(path) if path.is_file() else path,
                                keep_full_contacts=keep_full_contacts)
    if repository.fault is not None:
        fault = repository.fault
        repository.close()
        raise fault
    return repository


class WorkspaceController(QObject):
    """Creates, switches and remembers workspaces; the window's menu (menus_workspace.py) calls it."""

    #: another workspace is shown (its folder)
    switched = Signal(str)
    #: the recent list changed (folders, newest first)
    recent_changed = Signal(list)

    def __init__(self, state: AppState, runner: TaskRunner, compute: ComputeController, imports: Any,
                 dialog_parent: Optional[QWidget] = None, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.compute = compute
        self.imports = imports
        self.dialog_parent = dialog_parent
        self.recent_list = RecentWorkspaces(state.data_dir / RECENT_FILE)
        self.handle: Optional[TaskHandle] = None

    # --- what is shown ----------------------------------------------------------------------------
    def current(self) -> Path:
        """The folder of the workspace shown (the shop's own store, also while the demo is on screen)."""
        return Path(self.state.shop_repository.data_dir)

    def recent(self) -> list[str]:
        return self.recent_list.list()

    def remembered(self) -> str:
        """The workspace the last session showed ("" = the app's data folder)."""
        return str(self.state.settings.get(SETTINGS_KEY) or "")

    def restore(self) -> Optional[TaskHandle]:
        """At start: reopen the workspace the last session showed (in the background)."""
        folder = self.remembered()
        if not folder or _same(folder, self.current()):
            return None
        handle = self.switch_to(folder)
        if handle is not None:
            # gone or no longer ours: the error names it, the data folder's history stays, and the next
            # start does not try again
            handle.failed.connect(lambda _failure: self.state.settings.set(SETTINGS_KEY, ""))
        return handle

    # --- the menu's commands ----------------------------------------------------------------------
    def choose_new(self) -> None:
        """File ▸ New empty shop workspace: pick (or make) an empty folder."""
        folder = QFileDialog.getExistingDirectory(self.dialog_parent, self.tr("New empty shop workspace"),
                                                  str(self.current().parent))
        if folder:
            self.new_workspace(folder)

    def choose_switch(self) -> None:
        """File ▸ Switch workspace…: pick a workspace folder."""
        folder = QFileDialog.getExistingDirectory(self.dialog_parent, self.tr("Switch workspace"),
                                                  str(self.current().parent))
        if folder:
            self.switch_to(folder)

    def new_workspace(self, folder: str | Path) -> Optional[TaskHandle]:
        """An empty store in ``folder``, then shown (a folder that already holds one is refused)."""
        keep = self.state.settings.keep_full_contacts

        def work(progress, cancel) -> DataRepository:
            create_workspace(folder)
            return open_repository(folder, keep)

        return self._start(work)

    def switch_to(self, path: str | Path) -> Optional[TaskHandle]:
        """Show the workspace at ``path`` (a folder, or its history file); the current one stays on error."""
        keep = self.state.settings.keep_full_contacts
        return self._start(lambda progress, cancel: open_repository(path, keep))

    def _start(self, work) -> Optional[TaskHandle]:
        if self.state.closed:
            return None

        def opened(progress, cancel) -> DataRepository:
            repository = work(progress, cancel)
            if cancel():  # another switch replaced this one: its store is not shown, close it here
                repository.close()
                raise ImportCancelled()
            return repository

        self.state.say(self.tr("Opening the workspace…"))
        self.handle = start_task(self.state, self.runner, "workspace", opened, self._adopt, self._on_cancelled)
        return self.handle

    # --- results on the GUI thread ----------------------------------------------------------------
    def _adopt(self, repository: DataRepository) -> None:
        state = self.state
        if state.closed:
            repository.close()
            return
        old = state.shop_repository
        if _same(repository.data_dir, old.data_dir):
            repository.close()  # already shown: nothing changes
            return
        # the import and model run in flight belong to the old store: stop them before it goes
        self.runner.cancel("import")
        self.runner.cancel("compute")
        repository.on_wait = old.on_wait
        state.shop_repository = repository
        state.use_repository(repository)
        self.imports.list_earlier_imports()
        # the old store closes once its calls in flight are done (its lock), off the GUI thread
        self.runner.start("close_workspace", lambda progress, cancel: old.close())
        folder = str(Path(repository.data_dir).resolve())
        self.recent_list.add(old.data_dir)
        self.recent_changed.emit(self.recent_list.add(folder))
        default = _same(folder, state.data_dir)
        state.settings.set(SETTINGS_KEY, "" if default else folder)
        state.settings.sync()
        self.switched.emit(folder)
        self.compute.recompute()
        state.say(self.tr("Workspace: %1").replace("%1", folder))

    def _on_cancelled(self) -> None:
        self.state.say(self.tr("Switching the workspace was cancelled; the workspace shown stays."))


def _same(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return str(a) == str(b)
