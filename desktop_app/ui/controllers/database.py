"""DatabaseController: Settings ▸ Database -> another store for the window, opened off the GUI thread.

Opening a store on a server can take seconds (a slow network, a schema upgrade), so it runs on a pool
thread. Until it is open the window keeps the figures it has; when it fails it keeps them too and says
why (the message names the server by ``DatabaseUrl.display()``, never the password). Running work on the
old store is cancelled first, and the old store is closed once that work has ended.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ...core.errors import ImportCancelled
from ..repository import OPEN_WAIT, DataRepository, open_store
from ..state import AppState
from ..workers import TaskHandle, TaskRunner
from .base import start_task

#: the task kinds that use the shop's store (cancelled before it is replaced)
STORE_TASKS = ("compute", "import")



class DatabaseController(QObject):
    """Switches the shop's store (``switch``) and reports the outcome."""

    #: the new store is in use: its DatabaseUrl (or None for the data folder's file)
    switched = Signal(object)
    #: opening it failed: the exception (the old store is still in use)
    switch_failed = Signal(object)

    def __init__(self, state: AppState, runner: TaskRunner, recompute: Callable[[], Any],
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.recompute = recompute
        self.handle: Optional[TaskHandle] = None

    def switch(self, url: Any) -> TaskHandle:
        """Open ``url`` (a DatabaseUrl; None = the data folder's file) in the background, then use it."""
        state = self.state
        data_dir, keep = state.data_dir, state.settings.keep_full_contacts

        def open_it(progress, cancel) -> DataRepository:
            progress(0, 1, QCoreApplication.translate("DatabaseController", "Opening the database…"))
            store = open_store(url, data_dir, keep_full_contacts=keep, busy_wait=OPEN_WAIT)
            if cancel():  # another choice, or the window closing: this store will not be used
                store.close()
                raise ImportCancelled()
            return DataRepository(data_dir, keep_full_contacts=keep, url=url, store=store)

        label = url.display() if url is not None else str(data_dir)
        state.say(QCoreApplication.translate("DatabaseController", "Opening %1…").replace("%1", label))
        self.handle = handle = start_task(state, self.runner, "open_store", open_it, self._opened,
                                          lambda: None)
        handle.failed.connect(lambda failure: self.switch_failed.emit(failure.exc))
        return handle

    def _opened(self, repository: DataRepository) -> None:
        state = self.state
        if state.closed:
            repository.close()
            return
        old = state.shop_repository
        still_running = [h for kind in STORE_TASKS for h in self.runner.running(kind)]
        for handle in still_running:
            handle.cancel()
        state.replace_shop_store(repository, close_old=not still_running)
        if still_running:
            # closed once the cancelled work has let go of it (its lock would block the GUI thread now)
            remaining = set(still_running)

            def finished(h: TaskHandle) -> None:
                remaining.discard(h)
                if not remaining:
                    old.close()

            for handle in still_running:
                handle.done.connect(lambda h=handle: finished(h))
        # the store named in Settings ▸ Database is the one the next start opens, not a remembered workspace
        from .workspaces import SETTINGS_KEY

        state.settings.set(SETTINGS_KEY, "")
        state.settings.sync()
        self.switched.emit(repository.url)
        self.recompute()
