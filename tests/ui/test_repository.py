"""DataRepository: the Datasets it keeps between runs carry their prepared keys, so a recompute on the
same range hashes no id; an import makes it read (and prepare) again. Real SQLite file, no Qt."""

from __future__ import annotations

import threading
from datetime import date

import pandas as pd

from desktop_app.core.importers.base import ImportResult
from desktop_app.core.model import stages as compute_mod  # the graph stage that hashes buyers (compute() runs it)
from desktop_app.core.model.keys import DatasetKeys
from desktop_app.core.model.settings import ModelSettings
from desktop_app.core.schema import conform
from desktop_app.ui.repository import DataRepository

T = pd.Timestamp


def export(tmp_path, name, rows):
    frame = conform(pd.DataFrame(rows), "orders")
    path = tmp_path / name
    path.write_text(frame.to_csv(index=False), encoding="utf-8")
    return ImportResult(path=str(path), kind="orders", format_id="test_orders", format_label="测试",
                        orders=frame, rows_read=len(frame))


def order(oid, buyer, created, paid, amount):
    return dict(platform="taobao", order_id=oid, buyer=buyer, created=T(created), paid=T(paid),
                status="completed", paid_amount=amount)


def test_kept_datasets_are_prepared_and_recomputes_hash_nothing(tmp_path, monkeypatch):
    repo = DataRepository(tmp_path / "data")
    try:
        repo.import_result(export(tmp_path, "a.csv", [
            order("1", "alice", "2026-06-01 10:00", "2026-06-01 10:01", 200.0),
            order("2", "bob", "2026-11-17 09:00", "2026-11-17 09:05", 50.0),
            order("3", "alice", "2026-11-17 10:00", "2026-11-17 10:01", 30.0),
        ]))
        start = end = date(2026, 11, 17)
        ranged = repo.dataset(start, end)
        assert isinstance(ranged.model_keys, DatasetKeys)
        assert ranged.model_keys.fits(ranged.messages, ranged.orders, ranged.lines)

        calls = []
        real = compute_mod.buyer_codes

        def counting(*args, **kwargs):
            calls.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(compute_mod, "buyer_codes", counting)
        first = repo.compute_range(start, end, ModelSettings())
        again = repo.compute_range(start, end, ModelSettings(slow_threshold_s=5.0))
        # both runs (the range, and the range with its history) on both settings: no hashing
        assert calls == []
        assert repo.reads == 2  # the range, and the range with its history, read once each
        # the history run sees alice's June order: she is a returning customer with 230.0 paid
        for results in (first, again):
            alice = results.customers.set_index("buyer").loc["alice"]
            assert alice["paid_amount"] == 230.0 and alice["paid_orders"] == 2

        # an import: the next run reads the range again, and prepares the new Dataset
        repo.import_result(export(tmp_path, "b.csv", [
            order("4", "carol", "2026-11-17 11:00", "2026-11-17 11:02", 80.0)]))
        fresh = repo.dataset(start, end)
        assert fresh is not ranged and isinstance(fresh.model_keys, DatasetKeys)
        assert "carol" in set(fresh.model_keys.order_keys.buyer_names)
        assert calls == []
    finally:
        repo.close()


def _repo_with_orders(tmp_path):
    repo = DataRepository(tmp_path / "data")
    repo.import_result(export(tmp_path, "a.csv", [
        order("1", "alice", "2026-11-17 09:00", "2026-11-17 09:05", 50.0),
        order("2", "bob", "2026-11-17 10:00", "2026-11-17 10:01", 30.0),
    ]))
    return repo


def _slow_prepare(monkeypatch, entered: threading.Event, release: threading.Event):
    """Make the repository's prepare_keys wait for ``release`` (after saying it ``entered``)."""
    from desktop_app.ui import repository as repository_mod

    real = repository_mod.prepare_keys

    def slow(dataset):
        entered.set()
        assert release.wait(10)
        return real(dataset)

    monkeypatch.setattr(repository_mod, "prepare_keys", slow)


def test_a_second_caller_waits_for_the_range_being_read(tmp_path, monkeypatch):
    repo = _repo_with_orders(tmp_path)
    try:
        entered, release = threading.Event(), threading.Event()
        _slow_prepare(monkeypatch, entered, release)
        got = {}
        first = threading.Thread(target=lambda: got.setdefault("first", repo.dataset(None, None)))
        first.start()
        assert entered.wait(10)  # the first caller is preparing its keys (outside the lock)
        second = threading.Thread(target=lambda: got.setdefault("second", repo.dataset(None, None)))
        second.start()
        second.join(0.3)
        assert second.is_alive()  # it waits instead of reading the store again
        release.set()
        first.join(10)
        second.join(10)
        assert got["first"] is got["second"] and repo.reads == 1
        assert isinstance(got["first"].model_keys, DatasetKeys)
    finally:
        repo.close()


def test_an_import_while_a_range_is_prepared_is_not_hidden_by_it(tmp_path, monkeypatch):
    repo = _repo_with_orders(tmp_path)
    try:
        entered, release = threading.Event(), threading.Event()
        _slow_prepare(monkeypatch, entered, release)
        got = {}
        reader = threading.Thread(target=lambda: got.setdefault("old", repo.dataset(None, None)))
        reader.start()
        assert entered.wait(10)
        # carol's order arrives while the read from before it is still preparing
        repo.import_result(export(tmp_path, "b.csv", [order("3", "carol", "2026-11-17 11:00",
                                                            "2026-11-17 11:02", 80.0)]))
        release.set()
        reader.join(10)
        assert "carol" not in set(got["old"].orders["buyer"])
        # the Dataset from before the import was not kept: the next call reads carol's order
        fresh = repo.dataset(None, None)
        assert fresh is not got["old"] and "carol" in set(fresh.orders["buyer"]) and repo.reads == 2
    finally:
        repo.close()
