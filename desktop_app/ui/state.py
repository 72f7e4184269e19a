"""AppState: what the window shows — store, date range, settings, results, files, busy — with signals.

No widgets here (glue's state objects, napari's ViewerModel): controllers change the state, the state
announces, pages and the window's chrome listen. Controllers and tests use it with a QCoreApplication.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from PySide6.QtCore import QObject, Signal

from ..core.model.settings import ModelSettings
from .problems_view import FileStatus
from .repository import DataRepository
from .settings import AppSettings

#: date range presets
RANGE_ALL = "all"
RANGE_TODAY = "today"
RANGE_YESTERDAY = "yesterday"
RANGE_LAST7 = "last7"
RANGE_CUSTOM = "custom"
RANGE_KEYS = (RANGE_ALL, RANGE_TODAY, RANGE_YESTERDAY, RANGE_LAST7, RANGE_CUSTOM)

#: marker: the store's date range has not been read since the last import
_UNKNOWN = object()


class AppState(QObject):
    """The one place the window's current data lives."""

    #: new figures on screen (a model Results, or None when cleared)
    results_changed = Signal(object)
    #: a model run finished and its results are on screen (after ``results_changed``)
    computed = Signal(object)
    #: another store is shown (the demo shop or the shop's own); everything on screen was cleared
    repository_changed = Signal()
    #: the chosen range changed (preset key or custom dates)
    range_changed = Signal()
    #: a background task started or the last one ended
    busy_changed = Signal(bool)
    #: a line for the status bar
    status_changed = Signal(str)
    #: progress of the task in flight: (percent, text)
    progress_changed = Signal(int, str)
    #: an error to show: (exception, traceback text); the data on screen stays as it was
    error_raised = Signal(object, str)
    #: a file's row on the Problems page (FileStatus)
    file_status_changed = Signal(object)
    #: the row problems of the data on screen (list of RowProblem)
    problems_changed = Signal(list)
    #: the Problems page was emptied (another store)
    files_cleared = Signal()
    #: the recent-files list changed
    recent_files_changed = Signal(list)
    #: the shops looked at changed ("platform:name" keys; [] = all shops)
    shops_changed = Signal(list)

    def __init__(self, data_dir, settings: AppSettings, parent: Optional[QObject] = None, url: Any = None) -> None:
        super().__init__(parent)
        from pathlib import Path

        self.data_dir = Path(data_dir)
        self.settings = settings
        self.model_settings: ModelSettings = settings.model_settings
        #: the shop's own history (``url``: --database or Settings ▸ Database; None = the data folder's
        #: file); the demo shop lives in a store of its own
        self.shop_repository = DataRepository(self.data_dir, keep_full_contacts=settings.keep_full_contacts,
                                              url=url)
        self.shop_repository.marked_by = self.marked_by
        self.demo_repository: Optional[DataRepository] = None
        #: the store the window currently shows and imports into
        self.repository = self.shop_repository
        self.results: Any = None
        self.dataset: Any = None
        #: (daily trends frame, week over week frame) of the results on screen
        self.trends: tuple[Any, Any] = (None, None)
        self.problems: list = []
        self.files: dict[str, FileStatus] = {}
        self.range_key = settings.date_range if settings.date_range in RANGE_KEYS else RANGE_ALL
        self.custom_start: Optional[dt.date] = None
        self.custom_end: Optional[dt.date] = None
        #: the shops every read of the range covers ("platform:name"; [] = all shops)
        self.shops: list[str] = []
        self.busy = False
        #: set when the window closed: the stores are closed, nothing may start any more
        self.closed = False
        self._data_range: Any = _UNKNOWN

    # --- store -----------------------------------------------------------------------------------
    def is_demo(self) -> bool:
        """True while the demo shop (made-up data in its own store) is shown."""
        return self.repository is not self.shop_repository

    def demo_store(self) -> DataRepository:
        if self.demo_repository is None:
            self.demo_repository = DataRepository(self.data_dir / "demo")
            self.demo_repository.marked_by = self.marked_by
        return self.demo_repository

    @property
    def marked_by(self) -> str:
        """The name marks are made under (Settings ▸ Database; default the OS user name)."""
        from .store_choice import marked_by

        return marked_by(self.settings)

    def set_marked_by(self, name: str) -> None:
        from .store_choice import set_marked_by

        set_marked_by(self.settings, name)
        for repository in (self.shop_repository, self.demo_repository):
            if repository is not None:
                repository.marked_by = self.marked_by

    def replace_shop_store(self, repository: DataRepository, close_old: bool = True) -> None:
        """Another store became the shop's (Settings ▸ Database): shown at once, the old one closed
        (``close_old`` False: the caller closes it once the work still using it has ended)."""
        old, self.shop_repository = self.shop_repository, repository
        repository.marked_by = self.marked_by
        repository.on_wait = old.on_wait  # the status line's "waiting for another import…"
        self.use_repository(repository)
        if close_old and old is not repository:
            old.close()

    def use_repository(self, repository: DataRepository) -> bool:
        """Show another store: what was on screen belonged to the other one. True when it changed."""
        if repository is self.repository:
            return False
        repository.marked_by = self.marked_by  # a workspace's store too: marks and levels carry the name
        self.repository = repository
        self._data_range = _UNKNOWN
        self.results = self.dataset = None
        self.trends = (None, None)
        self.problems = []
        self.files = {}
        self.files_cleared.emit()
        self.repository_changed.emit()
        # the figures on screen belong to the other store (e.g. the made-up demo shop): never let them
        # pass for this shop's while its first import runs or after it failed
        self.results_changed.emit(None)
        return True

    def data_range(self) -> Optional[tuple[dt.date, dt.date]]:
        """First and last day in the store, cached: asking the store would wait for an import's
        transaction to finish and freeze the window meanwhile."""
        if self._data_range is _UNKNOWN:
            self._data_range = self.repository.date_range()
        return self._data_range

    def forget_data_range(self) -> None:
        """New rows arrived (or may have): read the store's range again next time."""
        self._data_range = _UNKNOWN

    def close(self) -> None:
        self.closed = True
        self.shop_repository.close()
        if self.demo_repository is not None:
            self.demo_repository.close()

    # --- date range ------------------------------------------------------------------------------
    def set_range(self, key: str, start: Optional[dt.date] = None, end: Optional[dt.date] = None) -> None:
        """Choose a preset or custom dates (remembered); announces ``range_changed``."""
        self.range_key = key if key in RANGE_KEYS else RANGE_ALL
        if start is not None:
            self.custom_start = start
        if end is not None:
            self.custom_end = end
        self.settings.date_range = self.range_key
        self.range_changed.emit()

    def selected_dates(self) -> tuple[Optional[dt.date], Optional[dt.date]]:
        """The date range to compute; presets count back from the newest day in the data."""
        key = self.range_key
        if key == RANGE_CUSTOM and self.custom_start and self.custom_end:
            a, b = self.custom_start, self.custom_end
            return (a, b) if a <= b else (b, a)
        rng = self.data_range()
        if rng is None or key in (RANGE_ALL, RANGE_CUSTOM):
            return (rng if key == RANGE_CUSTOM and rng else (None, None))
        last = rng[1]
        if key == RANGE_TODAY:
            return last, last
        if key == RANGE_YESTERDAY:
            day = last - dt.timedelta(days=1)
            return day, day
        return last - dt.timedelta(days=6), last

    def set_shops(self, shops: list) -> None:
        """Look at these shops only ([] = all); announces ``shops_changed`` when the choice changed."""
        shops = list(shops or [])
        if shops != self.shops:
            self.shops = shops
            self.shops_changed.emit(list(shops))

    # --- figures and files -----------------------------------------------------------------------
    def set_results(self, results: Any, dataset: Any = None, trends: Any = None, wow: Any = None,
                    final: bool = True) -> None:
        """New figures: kept first, then announced (pages read ``trends``/``dataset`` in their slot).

        ``final`` False: a range's own figures while its history is read (controllers/compute.py); the
        pages show them, ``computed`` waits for the final ones."""
        self.results = results
        self.dataset = dataset
        if trends is not None or results is None:
            self.trends = (trends, wow)
        self.results_changed.emit(results)
        if results is not None and final:
            self.computed.emit(results)

    def set_problems(self, problems: list) -> None:
        self.problems = list(problems)
        self.problems_changed.emit(self.problems)

    def set_file_status(self, status: FileStatus) -> None:
        self.files[status.path] = status
        self.file_status_changed.emit(status)

    def file_status(self, path: str) -> Optional[FileStatus]:
        return self.files.get(path)

    # --- busy, status, errors --------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def say(self, text: str) -> None:
        self.status_changed.emit(text)

    def report_error(self, exc: BaseException, details: str = "") -> None:
        self.error_raised.emit(exc, details)
