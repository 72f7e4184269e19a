"""Closing the window's history waits for the read cache to finish keeping a range read just before
(ui/repository.py), so the next launch finds it (store/read_cache.py)."""

from __future__ import annotations

import threading
from desktop_app.core import sample
from desktop_app.core.importers import registry
from desktop_app.core.store import read_cache
from desktop_app.ui.repository import DataRepository


def test_closing_the_window_s_history_keeps_a_save_under_way(tmp_path, monkeypatch):
    """A range read just before the window closes is still kept for the next launch."""
    paths = sample.write_sample(tmp_path / "files", days=2, orders=50)
    repo = DataRepository(tmp_path / "data")
    repo.store.import_result(registry.load_file(paths["orders_xlsx"]))
    day = repo.store.date_range()[1]
    cache = repo.store.read_cache
    assert cache is not None and cache.background
    real, release = read_cache.RangeCache._write, threading.Event()

    def slow_write(self, *args):  # the save is still running when the window closes
        release.wait(5)
        return real(self, *args)

    monkeypatch.setattr(read_cache.RangeCache, "_write", slow_write)
    repo.dataset(day, day)
    threading.Timer(0.3, release.set).start()
    repo.close()
    assert cache.saved == 1 and len(list(cache.folder.glob("*" + read_cache.SUFFIX))) == 1
