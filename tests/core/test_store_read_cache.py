"""The columnar cache of the ranges read from a SQLite store (store/read_cache.py): a range read again comes
from its file with exactly the rows, types, order and model keys of a read from the store; every import,
removal, undo and privacy change is a miss; what cannot be kept exactly is not kept."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.importers.base import KIND_CHATS, ImportResult
from desktop_app.core.model.compute import compute
from desktop_app.core.schema import conform
from desktop_app.core.store import Store, read_cache

from store_cases import orders_export
from test_prepared_keys import assert_results_equal, no_hashing

DAY = date(2026, 11, 18)


def chats(folder: Path, name: str, texts: list[str]) -> ImportResult:
    """One message a minute from 10:00 on DAY: buyer b<i % 2> asks, agent 店:小王 answers every other one."""
    n = len(texts)
    frame = conform(pd.DataFrame({
        "time": [pd.Timestamp("2026-11-18 10:00") + pd.Timedelta(minutes=i) for i in range(n)],
        "shop": "店", "buyer": [f"b{i % 2}" for i in range(n)], "agent": "店:小王",
        "sender": ["buyer" if i % 2 == 0 else "agent" for i in range(n)], "auto": False, "text": texts,
    }), "messages")
    path = folder / name
    path.write_bytes(frame.to_csv(index=False).encode("utf-8"))
    return ImportResult(path=str(path), kind=KIND_CHATS, format_id="test_chats", format_label="测试",
                        messages=frame, rows_read=n)


@pytest.fixture
def store(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    with Store.open(tmp_path / "data") as s:
        s.import_result(orders_export(exports, "a.csv", 3))  # o0..o2, 10.0 each, 2026-11-18 10:00
        s.import_result(chats(exports, "chat.csv", ["在吗", "在的，亲", "", "好的"]))
        s.read_cache = read_cache.RangeCache.beside(s.path, background=False)
        s.exports = exports
        yield s


def fresh(store: Store, start=DAY, end=DAY, **kw):
    """The same read straight from the store (no cache)."""
    cache, store.read_cache = store.read_cache, None
    try:
        return store.dataset(start, end, **kw)
    finally:
        store.read_cache = cache


def assert_same_dataset(a, b) -> None:
    for name in ("orders", "lines", "messages", "inventory"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert a.period == b.period and a.sources == b.sources and a.problems == b.problems
    for field in vars(b.model_keys):
        x, y = getattr(a.model_keys, field), getattr(b.model_keys, field)
        if isinstance(y, np.ndarray):
            assert np.array_equal(x, y), field


def test_a_range_read_again_comes_from_its_file_exactly(store, monkeypatch):
    first = store.dataset(DAY, DAY)
    cache = store.read_cache
    assert (cache.saved, cache.hits) == (1, 0)
    # 3 orders of 10.0, 4 messages (one of them empty text)
    assert len(first.orders) == 3 and first.orders["paid_amount"].sum() == 30.0
    assert first.messages["text"].tolist() == ["在吗", "在的，亲", "", "好的"]
    again = store.dataset(DAY, DAY)
    assert (cache.saved, cache.hits) == (1, 1)
    assert_same_dataset(again, fresh(store))
    assert again.messages["text"].dtype == object and again.orders["created"].dtype == "datetime64[ns]"
    # the keys came from the stored codes: the model hashes nothing and gives the figures of a fresh read
    plain = compute(fresh(store))
    with monkeypatch.context() as m:
        no_hashing(m)
        cached = compute(again)
    assert_results_equal(cached, plain)


def test_imports_removals_and_undo_are_never_served_stale(store):
    store.dataset(DAY, DAY)
    record = store.import_result(orders_export(store.exports, "b.csv", 2, start=3))  # o3, o4: +20.0
    after = store.dataset(DAY, DAY)
    assert store.read_cache.hits == 0  # a new import: a miss
    assert len(after.orders) == 5 and after.orders["paid_amount"].sum() == 50.0
    store.remove_import(record.id)
    removed = store.dataset(DAY, DAY)
    assert len(removed.orders) == 3 and removed.orders["paid_amount"].sum() == 30.0
    assert_same_dataset(removed, fresh(store))  # the store as before the import: its entry fits exactly
    store.undo_removal()
    undone = store.dataset(DAY, DAY)
    assert len(undone.orders) == 5 and undone.orders["paid_amount"].sum() == 50.0
    assert_same_dataset(undone, fresh(store))


def test_the_fingerprint_follows_every_change_of_the_rows(store, tmp_path):
    before = read_cache.fingerprint(store)
    store.set_handled("unshipped", "taobao", "o1", note="催了")  # marks are not in a Dataset
    assert read_cache.fingerprint(store) == before
    store.import_result(chats(store.exports, "chat2.csv", ["还在吗"]))
    assert read_cache.fingerprint(store) != before
    path = store.path
    store.close()
    with Store(path) as minimised:
        kept_minimised = read_cache.fingerprint(minimised)
    with Store(path, keep_full_contacts=True) as full:  # the privacy state changes: so does the print
        assert read_cache.fingerprint(full) != kept_minimised


def test_each_range_and_shop_choice_has_its_own_entry(store):
    store.dataset(DAY, DAY)
    wider = store.dataset(date(2026, 11, 17), DAY)
    assert store.read_cache.saved == 2 and store.read_cache.hits == 0
    assert_same_dataset(wider, fresh(store, date(2026, 11, 17), DAY))
    store.dataset(DAY, DAY, shops=["默认店铺"])
    assert store.read_cache.saved == 3 and store.read_cache.hits == 0
    assert len(list(store.read_cache.folder.glob("*" + read_cache.SUFFIX))) == read_cache.KEEP


def test_text_holding_the_separator_is_read_but_not_kept(store):
    store.import_result(chats(store.exports, "odd.csv", ["a\x00b"]))
    ds = store.dataset(DAY, DAY)
    assert store.read_cache.saved == 0
    assert "a\x00b" in ds.messages["text"].tolist()
    store.dataset(DAY, DAY)
    assert store.read_cache.hits == 0


def test_a_damaged_file_is_a_miss_and_written_again(store):
    store.dataset(DAY, DAY)
    (entry,) = store.read_cache.folder.glob("*" + read_cache.SUFFIX)
    entry.write_bytes(entry.read_bytes()[:200])
    ds = store.dataset(DAY, DAY)
    assert store.read_cache.hits == 0 and store.read_cache.saved == 2
    assert_same_dataset(ds, fresh(store))
    store.dataset(DAY, DAY)
    assert store.read_cache.hits == 1


def test_a_write_during_the_read_is_not_kept(store, monkeypatch):
    prints = iter(["before", "after"])
    monkeypatch.setattr(read_cache, "fingerprint", lambda s: next(prints))
    store.dataset(DAY, DAY)
    assert store.read_cache.saved == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_files_are_private_like_the_store(store):
    store.dataset(DAY, DAY)
    folder = store.read_cache.folder
    assert folder.name == "history.sqlite3.readcache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_attach_only_with_the_switch_on(tmp_path, monkeypatch):
    with Store.open(tmp_path) as s:
        assert read_cache.attach(s).folder == tmp_path / "history.sqlite3.readcache"
    monkeypatch.setenv(read_cache.ENV_SWITCH, "0")
    with Store.open(tmp_path) as s:
        assert read_cache.attach(s) is None and getattr(s, "read_cache", None) is None


def test_a_cache_that_cannot_be_written_changes_nothing(store):
    store.read_cache.folder.write_text("a file where the folder would go")
    ds = store.dataset(DAY, DAY)
    assert store.read_cache.saved == 0 and len(ds.orders) == 3
    assert_same_dataset(store.dataset(DAY, DAY), fresh(store))
