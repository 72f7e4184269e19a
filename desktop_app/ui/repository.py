"""The window's access to the SQLite history store, safe to call from worker threads.

Imports and dataset reads run on pool threads; handled marks are written from the GUI thread.
The store has one connection (opened with check_same_thread=False), so every call goes through
one lock: an import's transaction and a compute's reads never interleave on that connection.

The Datasets read for the range on screen (the range, and the range with its year of history) are
kept until the next import: a changed setting recomputes without reading the database again (at
50,000 orders the read takes several times as long as the model). The model never changes the
frames it is given, so sharing them between runs is safe. Each Dataset read gets its ids hashed once
(model.keys.prepare_keys), so no model run on it hashes them again.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any, Optional

from ..core.dataset import Dataset
from ..core.importers.base import ImportResult
from ..core.model.keys import prepare_keys
from ..core.model.settings import ModelSettings
from ..core.store import Store


class DataRepository:
    """Imports, date range, dataset for a range, handled marks and membership levels."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store.open(self.data_dir)
        self._lock = threading.RLock()
        #: (start, end, history_days) -> Dataset, for the range last read; emptied by every import
        self._datasets: dict[tuple, Dataset] = {}
        #: Datasets read from the database (not from the kept ones), for tests and the status line
        self.reads = 0
        #: counts imports: a Dataset read before an import is not kept after it
        self._generation = 0
        #: key -> set when the thread reading that range is done with it
        self._reading: dict[tuple, threading.Event] = {}

    def import_result(self, result: ImportResult, progress=None, should_cancel=None) -> Any:
        """Keep one file's rows; the same content twice changes nothing (store is idempotent)."""
        with self._lock:
            self._datasets.clear()  # even a failed or cancelled import may have changed nothing: read again
            self._generation += 1
            return self.store.import_result(result, progress=progress, should_cancel=should_cancel)

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
                found = self.store.dataset(start, end, history_days=history_days, shops=shops)
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

    def set_handled(self, check: str, platform: str, order_id: str, note: str) -> None:
        with self._lock:
            self.store.set_handled(check, platform, order_id, note=note)

    def apply_handled(self, results: Any) -> None:
        """Fill the ``handled`` column of the order checks from the stored marks."""
        with self._lock:
            self.store.apply_handled(results)

    def levels(self) -> dict[str, str]:
        """Membership levels saved by earlier runs (a level only ever rises)."""
        with self._lock:
            return self.store.levels()

    def update_levels(self, results: Any, settings: ModelSettings) -> None:
        with self._lock:
            self.store.update_levels(results.customers, [name for name, _ in settings.levels])

    def compute_range(self, start, end, settings: ModelSettings, progress=None, should_cancel=None,
                      dataset: Optional[Dataset] = None, shops: Optional[list] = None) -> Any:
        """Results of a range with the history its customers and order checks need (worker thread).

        See core.store.ranged.compute_range. The model runs without the lock (a long compute must
        not block the GUI thread's handled marks); each store call inside takes it.
        """
        from ..core.store.ranged import compute_range

        return compute_range(_StoreView(self), start, end, settings, progress, should_cancel, dataset=dataset,
                             shops=shops)

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

    def close(self) -> None:
        with self._lock:
            self._datasets.clear()
            self._generation += 1  # a read still preparing its keys keeps nothing
            self.store.close()


class _StoreView:
    """The store as compute_range sees it: datasets through the repository (kept between runs), every
    other method of the store called under the repository's lock."""

    def __init__(self, repository: DataRepository) -> None:
        self._repository = repository
        self._locked = _Locked(repository.store, repository._lock)

    def dataset(self, start=None, end=None, *, history_days: int = 0, shops=None) -> Dataset:
        return self._repository.dataset(start, end, history_days=history_days, shops=shops)

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
