"""The window's access to the SQLite history store, safe to call from worker threads.

Imports and dataset reads run on pool threads; handled marks are written from the GUI thread.
The store has one connection (opened with check_same_thread=False), so every call goes through
one lock: an import's transaction and a compute's reads never interleave on that connection.

The Datasets read for the range on screen (the range, and the range with its year of history) are
kept until the next import: a changed setting recomputes without reading the database again (at
50,000 orders the read takes several times as long as the model). The model never changes the
frames it is given, so sharing them between runs is safe. Each Dataset read gets its ids hashed once
(model.keys.prepare_keys), so no model run on it hashes them again.

The history's faults (core/store/faults.py) never stop the window: a history that cannot be opened
(damaged, a data folder that cannot be one, busy past the wait, written by a newer app) leaves
``fault`` set and an empty stand-in store in its place, which nothing is saved to; the window offers
what can be done (ui/store_faults.py). A history that may not be written opens ``read_only``. An import
waits for another process's import *before* taking the lock, so the window's own calls never queue
behind that wait.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Optional

from ..core.dataset import Dataset
from ..core.importers.base import ImportResult
from ..core.model.keys import prepare_keys
from ..core.model.settings import ModelSettings
from ..core.errors import SchemaTooNew
from ..core.store import Store, StoreDamaged, StoreError, faults, read_cache
from .mark_stamps import add_level_stamps, add_stamps


#: seconds opening the history waits for another process's write (only a schema upgrade or the privacy
#: pass need the write lock while opening); then the window offers to try again
OPEN_WAIT = 10.0
#: seconds closing the history waits for the read cache to finish keeping a range read just before
SAVE_WAIT_S = 30.0


class DataRepository:
    """Imports, date range, dataset for a range, handled marks and membership levels."""

    def __init__(self, data_dir: Path, *, keep_full_contacts: bool = False,
                 busy_wait: float = faults.BUSY_WAIT, url: Any = None, store: Optional[Store] = None) -> None:
        self.data_dir = Path(data_dir)
        #: the store's DatabaseUrl (core/store/database_url.py); None = ``data_dir``'s SQLite file
        self.url = url
        #: the name marks and levels are recorded under (Settings ▸ Database ▸ Marked by; the window sets it)
        self.marked_by = ""
        self.keep_full_contacts = bool(keep_full_contacts)
        self.busy_wait = float(busy_wait)
        #: why the history could not be opened (StoreError / SchemaTooNew), or None
        self.fault: Optional[Exception] = None
        self._stand_in_dir: Optional[Path] = None
        #: called (from the importing thread) with "waiting for another import…" texts; the window's
        #: status line (ui/store_faults.py), as the task's progress only reports whole percents
        self.on_wait: Optional[Callable[[str], None]] = None
        #: an already opened store (the window opened it off the GUI thread: controllers/database.py)
        self.store = store if store is not None else self._open()
        if store is not None:
            read_cache.attach(store, self.data_dir)
        self._lock = threading.RLock()
        #: (start, end, history_days) -> Dataset, for the range last read; emptied by every import
        self._datasets: dict[tuple, Dataset] = {}
        #: Datasets read from the database (not from the kept ones), for tests and the status line
        self.reads = 0
        #: counts imports: a Dataset read before an import is not kept after it
        self._generation = 0
        #: key -> set when the thread reading that range is done with it
        self._reading: dict[tuple, threading.Event] = {}

    # --- faults ------------------------------------------------------------------------------------
    def _open(self) -> Store:
        # opening runs on the GUI thread: wait a little for another process's migration, then ask
        try:
            store = open_store(self.url, self.data_dir, keep_full_contacts=self.keep_full_contacts,
                               busy_wait=min(self.busy_wait, OPEN_WAIT))
        except (StoreError, SchemaTooNew) as exc:
            self.fault = exc
            return self._stand_in()
        store.busy_wait = self.busy_wait
        self.fault = None
        read_cache.attach(store, self.data_dir)  # a range read again (next launch too) comes from its columns
        return store

    def _stand_in(self) -> Store:
        """An empty history in a temporary folder, shown while the real one cannot be opened."""
        self._stand_in_dir = Path(tempfile.mkdtemp(prefix="desktop-app-stand-in-"))
        return Store.open(self._stand_in_dir)

    @property
    def read_only(self) -> bool:
        """Nothing can be saved: the history is read-only, or could not be opened."""
        return self.fault is not None or bool(getattr(self.store, "read_only", False))

    def notice(self) -> str:
        """What the window says about the history (bilingual), "" when all is well."""
        if self.fault is not None:
            return self.fault.message if isinstance(self.fault, StoreError) else str(self.fault)
        if self.read_only:
            return faults.read_only(self.store.path).message
        return ""

    def _waiting(self, progress) -> Callable[[str], None]:
        def report(text: str) -> None:
            if progress is not None:
                progress(0, 1, text)
            if self.on_wait is not None:
                self.on_wait(text)

        return report

    def _refuse_writes(self) -> None:
        if self.fault is not None:
            raise self.fault

    def reopen(self) -> Optional[Exception]:
        """Try the real history again (after waiting for another process, say); returns the fault, if any."""
        with self._lock:
            self._replace_store()
            return self.fault

    def set_aside_damaged(self) -> Path:
        """Rename the damaged history (untouched, with the time) and start a fresh one; returns where it went."""
        with self._lock:
            path = getattr(self.fault, "path", None) or self.data_dir
            aside = Store.set_aside_damaged(path)
            self._replace_store()
            return aside

    def _replace_store(self) -> None:
        self._datasets.clear()
        self._generation += 1
        self._close_store()
        self.store = self._open()

    def _close_store(self) -> None:
        cache = getattr(self.store, "read_cache", None)
        if cache is not None:  # a range read just before closing is kept for the next launch (store/read_cache.py)
            cache.wait(SAVE_WAIT_S)
        self.store.close()
        if self._stand_in_dir is not None:
            shutil.rmtree(self._stand_in_dir, ignore_errors=True)
            self._stand_in_dir = None

    def import_result(self, result: ImportResult, progress=None, should_cancel=None) -> Any:
        """Keep one file's rows; the same content twice changes nothing (store is idempotent).

        Another process's import is waited for first, outside the lock ("waiting…" in ``progress``)."""
        self._refuse_writes()
        if not self.store.read_only and self.on_sqlite:  # a server orders concurrent imports itself
            faults.wait_for_writer(self.store.path, wait=self.busy_wait, should_cancel=should_cancel,
                                   report=self._waiting(progress))
        with self._lock:
            self._datasets.clear()  # even a failed or cancelled import may have changed nothing: read again
            self._generation += 1
            try:
                return self.store.import_result(result, progress=progress, should_cancel=should_cancel)
            except StoreDamaged as exc:
                self.fault = exc  # damaged since it was opened: nothing more is written to it
                raise

    def imports(self):
        """One row per earlier import: file, format_label, rows, skipped, time (see Store.imports)."""
        with self._lock:
            return self.store.imports()

    def is_empty(self) -> bool:
        return self.date_range() is None

    def date_range(self) -> Optional[tuple[dt.date, dt.date]]:
        """First and last day with data, or None when nothing was imported."""
        with self._lock:
            return self.store.date_range()

    def dataset(self, start: Optional[dt.date], end: Optional[dt.date], *, history_days: int = 0,
                shops: Optional[list] = None) -> Dataset:
        """The data of the days ``start``..``end`` inclusive (None = unbounded), with ``history_days``
        of earlier paid orders (see Store.dataset); the same Dataset again until the next import.

        A second caller asking for a range that another thread is reading waits for that Dataset
        instead of reading it again (a recompute that replaced a cancelled one, for instance).
        """
        key = (start, end, int(history_days), tuple(shops) if shops is not None else None)
        while True:
            with self._lock:
                kept = self._datasets.get(key)
                if kept is not None:
                    return kept
                pending = self._reading.get(key)
                if pending is None:
                    done = self._reading[key] = threading.Event()
                    break
            pending.wait()  # then take what it kept (if an import came between, read afresh)
        try:
            with self._lock:
                try:
                    found = self.store.dataset(start, end, history_days=history_days, shops=shops)
                except sqlite3.DatabaseError as exc:  # damaged since it was opened: say so plainly
                    translated = faults.translate(exc, self.store.path)
                    if translated is exc:
                        raise
                    raise translated from exc
                self.reads += 1
                generation = self._generation
            # the ids hashed once here, not on every model run on this Dataset (outside the lock: the
            # GUI thread's handled marks need not wait for it)
            prepare_keys(found)
            with self._lock:
                if generation == self._generation:  # no import (or close) since the read
                    # keep the pair of this range only (the range alone and with its history)
                    self._datasets = {k: v for k, v in self._datasets.items() if k[:2] == (start, end)}
                    self._datasets[key] = found
            return found
        finally:
            with self._lock:
                self._reading.pop(key, None)
            done.set()

    def set_handled(self, check: str, platform: str, order_id: str, note: str, by: Optional[str] = None) -> None:
        """Mark an order-check item (or a quality hit) handled under the name ``by`` (default: ``marked_by``)."""
        by = self.marked_by if by is None else by
        self._refuse_writes()
        with self._lock:
            self.store.set_handled(check, platform, order_id, note=note, by=by or None)  # None: the OS user

    def apply_handled(self, results: Any) -> None:
        """Fill the ``handled`` column of the order checks from the stored marks, with who marked each
        and when (ui/mark_stamps.py): read afresh, so another supervisor's marks appear."""
        with self._lock:
            self.store.apply_handled(results)
            marks = self.store.handled()
        add_stamps(results, marks)

    def levels(self) -> dict[str, str]:
        """Membership levels saved by earlier runs (a level only ever rises)."""
        with self._lock:
            return self.store.levels()

    def update_levels(self, results: Any, settings: ModelSettings) -> None:
        if self.fault is not None:
            return  # nothing is saved to the stand-in
        with self._lock:
            self.store.update_levels(results.customers, [name for name, _ in settings.levels],
                                     by=self.marked_by or None)

    def forget_reads(self) -> None:
        """F5 on a shared store: the next read asks the store again (another PC may have imported)."""
        with self._lock:
            self._datasets.clear()
            self._generation += 1

    @property
    def on_sqlite(self) -> bool:
        """True for an SQLite file (this PC's), False for a server."""
        return self.url is None or getattr(self.url, "engine", "sqlite") == "sqlite"

    def compute_range(self, start, end, settings: ModelSettings, progress=None, should_cancel=None,
                      dataset: Optional[Dataset] = None, shops: Optional[list] = None, **options: Any) -> Any:
        """Results of a range with the history its customers and order checks need (worker thread).

        See core.store.ranged.compute_range. The model runs without the lock (a long compute must
        not block the GUI thread's handled marks); each store call inside takes it. ``options``: the
        other keywords of compute_range (the What-if panel's incremental model runs).
        """
        from ..core.store.ranged import compute_range

        view = _StoreView(self)
        handled = options.pop("apply_handled", None)
        if handled is not None:  # the What-if's: the marks onto what changed only (whatif/handled_memo.py)
            view.apply_handled = lambda results: handled(results, self.handled_marks())
        return compute_range(view, start, end, settings, progress, should_cancel, dataset=dataset,
                             shops=shops, **options)

    def handled_marks(self):
        """Every stored handled mark (Store.handled), read afresh."""
        with self._lock:
            return self.store.handled()

    def remove_import(self, import_id: int) -> dict:
        """Remove one import (Store.remove_import); waits for a read in progress, then forgets kept Datasets."""
        with self._lock:
            self._datasets.clear()
            self._generation += 1
            return self.store.remove_import(import_id)

    def undo_removal(self) -> int:
        """Put the last removed import back (Store.undo_removal)."""
        with self._lock:
            self._datasets.clear()
            self._generation += 1
            return self.store.undo_removal()

    def import_list(self) -> list[dict]:
        """Every import with its shops (core.cli_store.import_list), for the Imports page."""
        from ..core.cli_store import import_list

        with self._lock:
            return import_list(self.store)

    def removal_to_undo(self) -> Optional[int]:
        """The import whose removal ``undo_removal`` would put back, or None."""
        with self._lock:
            return self.store.removal_to_undo()

    def shops(self) -> list[tuple[str, str]]:
        """(platform, name) of every shop in the store, for the toolbar's shop selector."""
        # the shops some import brought rows of (as Store.shops(), without counting their rows: this runs
        # on the GUI thread after every import)
        with self._lock:
            frame = self.store.import_shops()
        return sorted({(str(p), str(n)) for p, n in zip(frame["platform"], frame["name"])})

    def close(self) -> None:
        with self._lock:
            self._datasets.clear()
            self._generation += 1  # a read still preparing its keys keeps nothing
            self._close_store()


def open_store(url: Any, data_dir: Path, **options: Any) -> Store:
    """The store at ``url`` (a DatabaseUrl), or ``data_dir``'s SQLite file when None."""
    if url is None:
        return Store.open(data_dir, **options)
    from ..core.store.database_url import open_store_url

    return open_store_url(url, **options)


class _StoreView:
    """The store as compute_range sees it: datasets through the repository (kept between runs), every
    other method of the store called under the repository's lock."""

    def __init__(self, repository: DataRepository) -> None:
        self._repository = repository
        self._locked = _Locked(repository.store, repository._lock)

    def dataset(self, start=None, end=None, *, history_days: int = 0, shops=None) -> Dataset:
        return self._repository.dataset(start, end, history_days=history_days, shops=shops)

    def apply_handled(self, results: Any) -> None:
        self._repository.apply_handled(results)  # with who and when

    def update_levels(self, customers, level_names=None) -> int:
        store = self._repository.store
        with self._repository._lock:
            changed = store.update_levels(customers, level_names, by=self._repository.marked_by or None)
            marks = store.level_marks()
        add_level_stamps(customers, marks)  # who stored each level and when (the archive's column)
        return changed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._locked, name)


class _Locked:
    """The store's methods, each called under the repository's lock."""

    def __init__(self, target: Any, lock: threading.RLock) -> None:
        self._target = target
        self._lock = lock

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attr(*args, **kwargs)

        return call
