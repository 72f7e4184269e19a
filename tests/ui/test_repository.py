"""DataRepository: the Datasets it keeps between runs carry their prepared keys, so a recompute on the
same range hashes no id; an import makes it read (and prepare) again. Real SQLite file, no Qt."""

from __future__ import annotations

from datetime import date

import pandas as pd

from desktop_app.core.importers.base import ImportResult
from desktop_app.core.model import compute as compute_mod
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
