"""The sample shop through both engines: the same stored rows and the same figures, to the cent.

The generated sample shop's five files (orders xlsx and csv, line report, Qianniu chats, inventory) go
through the real importers into a SQLite file and into a PostgreSQL database; the Dataset each store
gives back, every figure of ``compute_range`` (shop KPIs, the agents' scorecard, customers, order checks)
and the store's totals must be equal.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from desktop_app.core.importers import registry
from desktop_app.core.sample import write_sample
from desktop_app.core.store import Store, compute_range
from desktop_app.core.store.database_url import open_store_url


def _load(store, files):
    for f in files:
        store.import_result(registry.load_file(f))
    store.set_handled("unshipped", "taobao", "x1", note="催", by="主管")


def test_the_sample_shop_gives_the_same_figures_on_sqlite_and_postgresql(tmp_path, pg_url):
    files = sorted(str(p) for p in write_sample(tmp_path / "sample").values())
    with Store(tmp_path / "h.sqlite3") as lite, open_store_url(pg_url) as pg:
        _load(lite, files)
        _load(pg, files)
        # the servers add the money in their own order: equal to the cent (the rows themselves are equal below)
        cents = lambda t: {k: round(v, 2) for k, v in t.items()}  # noqa: E731
        assert cents(lite.totals()) == cents(pg.totals()) and lite.totals()["orders"] > 0
        a, b = lite.dataset(), pg.dataset()
        for name in ("orders", "lines", "messages", "inventory"):
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=False, obj=name)
        assert a.sources == b.sources and len(a.problems) == len(b.problems)
        first, last = lite.date_range()
        assert pg.date_range() == (first, last)
        mid = first + (last - first) / 2
        for start, end in ((None, None), (mid, last)):
            x = compute_range(lite, start, end, update_levels=False)
            y = compute_range(pg, start, end, update_levels=False)
            assert x.shop == y.shop and x.shop["sales"] > 0
            for frame in ("agents", "customers", "unshipped", "out_of_stock", "unpaid"):
                pd.testing.assert_frame_equal(getattr(x, frame), getattr(y, frame), check_dtype=False, obj=frame)
        pd.testing.assert_frame_equal(lite.shops().drop(columns="id"), pg.shops().drop(columns="id"),
                                      check_dtype=False)
        assert isinstance(mid, date)
