"""The store keeps its key codes (store/key_codes.py): dictionaries written at import, stable codes,
the migration of older stores, and a range read whose model keys come from the codes (no hashing) with
results identical to hashing the same data."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from desktop_app.core import sample
from desktop_app.core.dataset import Dataset
from desktop_app.core.importers.base import KIND_CHATS, KIND_ORDERS, ImportResult
from desktop_app.core.model.compute import compute
from desktop_app.core.model.keys import DatasetKeys
from desktop_app.core.model.settings import ModelSettings
from desktop_app.core.sample_bench import generate_frames
from desktop_app.core.store import Store, key_codes, migrations

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)

from test_prepared_keys import assert_results_equal, no_hashing

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "store_v2.sqlite"
registry = pytest.importorskip("desktop_app.core.importers.registry")


def hashed_copy(ds: Dataset) -> Dataset:
    """The same rows as new frames, without keys: compute() hashes the text, as before the codes."""
    plain = Dataset(orders=ds.orders.copy(), lines=ds.lines.copy(), messages=ds.messages.copy(),
                    inventory=ds.inventory.copy(), problems=list(ds.problems), sources=list(ds.sources))
    plain.period = ds.period
    return plain


#: one as-of time for both runs (an empty range's as-of is the clock's, which may tick between them)
PINNED = ModelSettings(as_of="2026-12-31 23:59:59")


def assert_coded_equals_hashed(ds: Dataset, monkeypatch) -> None:
    """``ds`` (read from a store) came with keys from codes, and compute() on it equals the hashed run."""
    assert isinstance(ds.model_keys, DatasetKeys) and ds.model_keys.fits(ds.messages, ds.orders, ds.lines)
    settings = PINNED if not len(ds.orders) and not len(ds.messages) else ModelSettings()
    plain = compute(hashed_copy(ds), settings)
    with monkeypatch.context() as m:
        no_hashing(m)
        coded = compute(ds, settings)
    assert_results_equal(coded, plain)


def no_null_codes(store: Store) -> None:
    conn = store._conn
    for table, columns in key_codes.CODED.items():
        for col in columns:
            d = key_codes.dictionary_table(columns[col])
            bad = conn.execute(f"SELECT count(*) FROM {table} t LEFT JOIN {d} d ON d.code = t.{col}_code"
                               f" WHERE d.name IS NULL OR d.name != t.{col}").fetchone()[0]
            assert bad == 0, (table, col)


def dictionary(store: Store, name: str) -> dict:
    return dict(store._conn.execute(f"SELECT name, code FROM {key_codes.dictionary_table(name)}").fetchall())


def test_sample_shop_read_with_codes_equals_hashing(tmp_path, monkeypatch):
    paths = sample.write_sample(tmp_path / "files", days=5, orders=300)
    with Store.open(tmp_path / "store") as store:
        for key in ("orders_xlsx", "lines_csv", "chats_txt", "inventory_xlsx"):
            store.import_result(registry.load_file(paths[key]))
        no_null_codes(store)
        first, last = store.date_range()
        assert_coded_equals_hashed(store.dataset(first, last), monkeypatch)
        assert_coded_equals_hashed(store.dataset(first, last, history_days=365), monkeypatch)
        assert_coded_equals_hashed(store.dataset(last - pd.Timedelta(days=1), last), monkeypatch)
        # a day without data: empty frames, keys all the same
        assert_coded_equals_hashed(store.dataset(date(2020, 1, 1), date(2020, 1, 2)), monkeypatch)


def test_without_codes_the_read_leaves_the_hashing_to_the_model(tmp_path, monkeypatch):
    paths = sample.write_sample(tmp_path / "files", days=2, orders=40)
    with Store.open(tmp_path / "store") as store:
        store.import_result(registry.load_file(paths["orders_xlsx"]))
        monkeypatch.setenv(key_codes.ENV_SWITCH, "0")
        assert store.dataset().model_keys is None
        monkeypatch.setenv(key_codes.ENV_SWITCH, "1")
        assert isinstance(store.dataset().model_keys, DatasetKeys)


def _shop_imports(seed: int, n_orders: int, n_messages: int, shop: str, prefix: str):
    orders, lines, messages, _ = generate_frames(n_orders, n_messages, seed=seed)
    ids = prefix + orders["order_id"].astype(str)
    id_map = dict(zip(orders["order_id"], ids))
    orders = orders.assign(order_id=ids.to_numpy(dtype=object), shop=shop)
    lines = lines.assign(order_id=lines["order_id"].map(id_map).to_numpy(dtype=object))
    # some buyers padded with spaces (cleaned by the model), some shared between the shops
    buyers = messages["buyer"].to_numpy(dtype=object).copy()
    buyers[::97] = " " + buyers[::97]
    messages = messages.assign(shop=shop, buyer=buyers)
    return orders, lines, messages


def _result(name: str, kind: str, **frames) -> ImportResult:
    return ImportResult(path=name, kind=kind, format_id="bench", format_label="bench",
                        rows_read=sum(len(f) for f in frames.values()), **frames)


def test_multi_shop_store_with_removals_reads_codes_equal_to_hashing(tmp_path, monkeypatch):
    a_orders, a_lines, a_msgs = _shop_imports(1, 1500, 5000, "店A", "")
    b_orders, b_lines, b_msgs = _shop_imports(2, 1200, 4000, "店B", "9")
    with Store.open(tmp_path) as store:
        ids = [store.import_result(_result(n, k, **f), shop=s).id for n, k, f, s in [
            ("a1", KIND_ORDERS, dict(orders=a_orders[:1000], lines=a_lines[a_lines.order_id.isin(a_orders.order_id[:1000])]), "店A"),
            ("a_chat", KIND_CHATS, dict(messages=a_msgs), "店A"),
            ("b1", KIND_ORDERS, dict(orders=b_orders, lines=b_lines), "店B"),
            # a later export of 店A: the first one's last 300 orders again (in a new state) and 500 more
            ("a2", KIND_ORDERS, dict(orders=a_orders[700:].assign(status_raw="later"),
                                     lines=a_lines[a_lines.order_id.isin(a_orders.order_id[700:])]), "店A"),
            ("b_chat", KIND_CHATS, dict(messages=b_msgs), "店B"),
        ]]
        before = {d: dictionary(store, d) for d in key_codes.DICTIONARIES}
        # removing the later export rebuilds the 300 shared orders from the first one's versions
        store.remove_import(ids[3])
        no_null_codes(store)
        after = {d: dictionary(store, d) for d in key_codes.DICTIONARIES}
        assert after == before  # removal forgets no code and gives none anew
        for shops in (None, ["店A"], ["店B"]):
            assert_coded_equals_hashed(store.dataset(shops=shops), monkeypatch)
            assert_coded_equals_hashed(store.dataset(date(2026, 10, 20), date(2026, 11, 10), shops=shops,
                                                     history_days=365), monkeypatch)
        store.remove_import(ids[1])  # 店A's chat log
        store.undo_removal()
        store.remove_import(ids[2])  # 店B's orders
        no_null_codes(store)
        assert_coded_equals_hashed(store.dataset(), monkeypatch)
        assert_coded_equals_hashed(store.dataset(shops=["店A"]), monkeypatch)


def test_a_new_import_only_adds_codes(tmp_path):
    orders, lines, messages, _ = generate_frames(300, 1000, seed=5)
    with Store.open(tmp_path) as store:
        store.import_result(_result("one", KIND_ORDERS, orders=orders[:200], lines=lines))
        store.import_result(_result("chat", KIND_CHATS, messages=messages[:500]))
        before = {d: dictionary(store, d) for d in key_codes.DICTIONARIES}
        store.import_result(_result("two", KIND_ORDERS, orders=orders[100:]))
        store.import_result(_result("chat2", KIND_CHATS, messages=messages[300:]))
        after = {d: dictionary(store, d) for d in key_codes.DICTIONARIES}
        for name in key_codes.DICTIONARIES:
            kept = {k: after[name][k] for k in before[name]}
            assert kept == before[name], name  # every code stays what it was
            added = sorted(v for k, v in after[name].items() if k not in before[name])
            # new names take the next codes
            assert added == list(range(len(before[name]), len(after[name]))), name
        assert set(after["order_ids"]) == set(orders["order_id"]) | set(lines["order_id"])
        assert set(after["buyers"]) == set(orders["buyer"]) | set(messages["buyer"])
        no_null_codes(store)


@pytest.mark.sqlite_only  # SQLite files of earlier releases
def test_release_store_is_migrated_to_codes(tmp_path, monkeypatch):
    shutil.copyfile(FIXTURE, tmp_path / "history.sqlite3")
    with Store.open(tmp_path) as store:
        assert store.version == migrations.LATEST >= 5
        no_null_codes(store)
        assert set(dictionary(store, "order_ids")) == {"9001", "9002", "9003", "P-1"}
        assert set(dictionary(store, "agents")) == {"示例旗舰店:小王", "客服B"}
        assert_coded_equals_hashed(store.dataset(), monkeypatch)
        assert_coded_equals_hashed(store.dataset(shops=["示例旗舰店"]), monkeypatch)


def _as_version_4(db: Path) -> None:
    """Take a store written by this app back to what the app wrote before codes (schema version 4)."""
    conn = sqlite3.connect(db)
    for table, columns in key_codes.CODED.items():
        for col in columns:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {col}_code")
    for name in key_codes.DICTIONARIES:
        conn.execute(f"DROP TABLE {key_codes.dictionary_table(name)}")
    conn.execute("ALTER TABLE levels DROP COLUMN who")  # schema step 7 (who and when on marks), too
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()


@pytest.mark.sqlite_only  # SQLite files of earlier releases
def test_store_written_before_codes_is_migrated(tmp_path, monkeypatch):
    paths = sample.write_sample(tmp_path / "files", days=3, orders=120)
    with Store.open(tmp_path / "store") as store:
        for key in ("orders_csv", "lines_csv", "chats_txt"):
            store.import_result(registry.load_file(paths[key]))
        written = {d: dictionary(store, d) for d in key_codes.DICTIONARIES}
        db = store.path
    _as_version_4(db)
    with Store.open(tmp_path / "store") as store:
        assert store.version == migrations.LATEST
        no_null_codes(store)
        migrated = {d: dictionary(store, d) for d in key_codes.DICTIONARIES}
        assert {d: set(v) for d, v in migrated.items()} == {d: set(v) for d, v in written.items()}
        assert_coded_equals_hashed(store.dataset(), monkeypatch)
        # an import after the migration adds to the migrated dictionaries
        store.import_result(registry.load_file(paths["orders_xlsx"]))
        no_null_codes(store)


def test_failed_import_leaves_no_codes_behind(tmp_path, monkeypatch):
    orders, lines, _, _ = generate_frames(50, 0, seed=9)
    from desktop_app.core.store import upserts

    with Store.open(tmp_path) as store:
        store.import_result(_result("one", KIND_ORDERS, orders=orders[:20]))
        before = dictionary(store, "order_ids")

        def broken(*args, **kwargs):
            raise RuntimeError("disk gone")
        monkeypatch.setattr(upserts, "replace_lines", broken)
        with pytest.raises(RuntimeError):
            store.import_result(_result("two", KIND_ORDERS, orders=orders[20:], lines=lines))
        assert dictionary(store, "order_ids") == before
        monkeypatch.undo()
        store.import_result(_result("two", KIND_ORDERS, orders=orders[20:], lines=lines))
        no_null_codes(store)
        ds = store.dataset()
        assert isinstance(ds.model_keys, DatasetKeys)
        np.testing.assert_array_equal(ds.model_keys.order_keys.id_names[ds.model_keys.order_keys.order_id],
                                      ds.orders["order_id"].to_numpy(dtype=object))
