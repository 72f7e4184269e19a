"""The read cache (store/read_cache.py) on both engines: a range read again equals a read from the store,
and another import (on PostgreSQL: possibly another supervisor's) is never served from an older entry."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from desktop_app.core.store import Store, read_cache

from store_cases import orders_export

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

DAY = date(2026, 11, 18)


def test_a_cached_range_equals_the_store_and_follows_imports(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    with Store.open(tmp_path / "data") as store:
        store.import_result(orders_export(exports, "a.csv", 3))  # 3 orders of 10.0 on DAY
        cache = read_cache.attach(store, tmp_path / "data")
        cache.background = False
        first = store.dataset(DAY, DAY)
        again = store.dataset(DAY, DAY)
        assert (cache.saved, cache.hits) == (1, 1)
        assert len(again.orders) == 3 and again.orders["paid_amount"].sum() == 30.0
        for name in ("orders", "lines", "messages", "inventory"):
            pd.testing.assert_frame_equal(getattr(again, name), getattr(first, name), obj=name)
        # another writer (a second Store on the same file or database) imports two more orders of 10.0
        with Store.open(tmp_path / "data") as other:
            other.import_result(orders_export(exports, "b.csv", 2, start=3))
        after = store.dataset(DAY, DAY)
        assert cache.hits == 1  # a miss: the imports changed
        assert len(after.orders) == 5 and after.orders["paid_amount"].sum() == 50.0
