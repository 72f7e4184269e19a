"""Removing an import through the window's repository while a read runs: it waits, and nothing stale is kept."""

from __future__ import annotations

import threading
import time

import pandas as pd

from desktop_app.core.importers.base import ImportResult
from desktop_app.core.model.settings import ModelSettings
from desktop_app.core.schema import conform
from desktop_app.core.store import Store
from desktop_app.ui.repository import DataRepository


def _result(tmp_path, name, oid, shop):
    path = tmp_path / name
    path.write_text(name, encoding="utf-8")
    orders = conform(pd.DataFrame([dict(platform="taobao", order_id=oid, shop=shop, buyer="x",
                                        created=pd.Timestamp("2026-11-16 09:00"), paid_amount=10.0)]), "orders")
    return ImportResult(path=str(path), kind="orders", format_id="taobao_orders", format_label="t", orders=orders,
                        rows_read=1)


def test_removal_waits_for_a_running_read_and_drops_kept_datasets(tmp_path, monkeypatch):
    repo = DataRepository(tmp_path / "data")
    try:
        repo.import_result(_result(tmp_path, "a.csv", "a1", "甲店"))
        second = repo.import_result(_result(tmp_path, "b.csv", "b1", "乙店"))
        events = []
        real = Store.dataset

        def slow(self, *a, **k):
            events.append("read starts")
            time.sleep(0.5)
            out = real(self, *a, **k)
            events.append("read ends")
            return out

        monkeypatch.setattr(Store, "dataset", slow)
        seen = {}
        reader = threading.Thread(target=lambda: seen.setdefault("ds", repo.dataset(None, None)))
        reader.start()
        while not events:
            time.sleep(0.01)
        repo.remove_import(second.id)
        events.append("removed")
        reader.join()
        assert events == ["read starts", "read ends", "removed"]
        assert sorted(seen["ds"].orders["order_id"]) == ["a1", "b1"]  # the read saw the store before
        monkeypatch.setattr(Store, "dataset", real)
        assert list(repo.dataset(None, None).orders["order_id"]) == ["a1"]  # not the kept one
        assert list(repo.dataset(None, None, shops=["甲店"]).orders["order_id"]) == ["a1"]
        repo.undo_removal()
        assert sorted(repo.dataset(None, None).orders["order_id"]) == ["a1", "b1"]
        results = repo.compute_range(None, None, ModelSettings(), shops=["乙店"])
        assert results.shop["orders"] == 1
    finally:
        repo.close()
