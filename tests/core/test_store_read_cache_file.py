"""The read cache's layout (store/read_cache_file.py, read_cache_columns.py): arrays come back exactly;
a file cut short, a damaged byte, another layout is refused (EntryDamaged) and the range is read from the
store instead; text comes back as the same str values; the model's keys come back and are used."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.model import coded_keys
from desktop_app.core.model.compute import compute
from desktop_app.core.store import read_cache, read_cache_columns, read_cache_file
from desktop_app.core.store.read_cache_file import EntryDamaged

from test_prepared_keys import assert_results_equal, no_hashing
from test_store_read_cache import DAY, assert_same_dataset, chats, fresh, store  # noqa: F401 (fixture)


def written(tmp_path: Path, arrays: dict, meta) -> Path:
    path = tmp_path / "entry.rce"
    with open(path, "wb") as fh:
        read_cache_file.write(fh, arrays, meta)
    return path


def test_arrays_and_meta_come_back_exactly(tmp_path):
    arrays = {
        "ints": np.array([3, -1, 2**62], dtype=np.int64),
        "floats": np.array([0.1, np.nan, -2.5]),
        "times": np.array(["2026-11-18T10:00:00.000001", "NaT"], dtype="datetime64[ns]"),
        "flags": np.array([True, False, True]),
        "bytes": np.frombuffer("在吗\x01".encode("utf-8"), dtype=np.uint8),  # 7 bytes: a part word at the end
        "empty": np.zeros(0, dtype=np.uint16),
        "grid": np.arange(6, dtype=np.int32).reshape(2, 3),
    }
    found, meta = read_cache_file.read(written(tmp_path, arrays, {"rows": 3, "名": "店"}))
    assert meta == {"rows": 3, "名": "店"}
    assert list(found) == list(arrays)
    for name, arr in arrays.items():
        assert found[name].dtype == arr.dtype and found[name].shape == arr.shape, name
        assert np.array_equal(found[name], arr, equal_nan=arr.dtype.kind in "fM"), name
        assert found[name].ctypes.data % read_cache_file.ALIGN == 0 or not len(arr), name


def test_object_arrays_are_never_written():
    with pytest.raises(TypeError):
        read_cache_file.write(io.BytesIO(), {"x": np.array(["a"], dtype=object)}, {})


@pytest.mark.parametrize("damage", ["cut", "longer", "data byte", "last byte", "header", "magic", "npz"])
def test_a_damaged_file_is_refused(tmp_path, damage):
    arrays = {"a": np.arange(1000, dtype=np.int64), "b": np.linspace(0, 1, 333)}
    path = written(tmp_path, arrays, {"k": 1})
    raw = bytearray(path.read_bytes())
    if damage == "cut":
        raw = raw[: len(raw) - 100]
    elif damage == "longer":
        raw += b"\0"
    elif damage == "data byte":
        raw[len(raw) // 2] ^= 0x10  # one bit of one number
    elif damage == "last byte":
        raw[-1] ^= 0x01  # the check word itself
    elif damage == "header":
        at = raw.index(b'"size"')
        raw[at + 1] = ord("S")
    elif damage == "magic":
        raw[0] ^= 0xFF
    else:  # a file of the earlier layout (numpy's .npz) under this name
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        raw = bytearray(buf.getvalue())
    path.write_bytes(bytes(raw))
    with pytest.raises(EntryDamaged):
        read_cache_file.read(path)


def pooled(columns: dict) -> tuple[dict, dict, dict]:
    """(arrays, nodes, pool node) of text columns kept through one TextPool."""
    arrays: dict = {}
    texts = read_cache_columns.TextPool()
    nodes = {key: texts.add(values, key, arrays) for key, values in columns.items()}
    return arrays, nodes, texts.finish(arrays)


def test_text_comes_back_as_the_same_strings():
    values = np.array(["在吗", "", "好的", "在吗", "\ud800x", "  spaced ", "好的"], dtype=object)
    ids = np.array([f"{i}" for i in range(300)] + ["好的"], dtype=object)
    arrays, nodes, pool_node = pooled({"t": values, "ids": ids})
    assert nodes["t"]["n"] == 5 and arrays["t.codes"].dtype == np.uint8  # five distinct values, one byte a row
    assert arrays["ids.codes"].dtype == np.uint16  # 301 distinct
    assert pool_node["n"] == 305  # "好的" once in the pool
    pool = read_cache_columns.read_pool(arrays, pool_node)
    back = read_cache_columns.decode_text(arrays, nodes["t"], pool)
    assert back.dtype == object and back.tolist() == values.tolist()
    assert read_cache_columns.decode_text(arrays, nodes["ids"], pool).tolist() == ids.tolist()
    assert back[0] is back[3]  # equal text: one string object
    for odd in (np.array(["a", None], dtype=object), np.array(["a", 1], dtype=object)):
        with pytest.raises(read_cache_columns.Unkeepable):
            pooled({"x": odd})
    with pytest.raises(read_cache_columns.Unkeepable):
        pooled({"x": np.array(["a\x00b"], dtype=object)})


def test_damaged_codes_are_refused():
    arrays, nodes, pool_node = pooled({"t": np.array(["a", "b"], dtype=object)})
    pool = read_cache_columns.read_pool(arrays, pool_node)
    for key, bad in (("t.codes", np.array([0, 2], dtype=np.uint8)),  # a row code past the dictionary
                     ("t.dict", np.array([0, 5], dtype=np.uint8))):  # a dictionary code past the pool
        with pytest.raises(ValueError):
            read_cache_columns.decode_text(dict(arrays, **{key: bad}), nodes["t"], pool)


def assert_same_keys(a, b, where="keys") -> None:
    """Every array of two keys trees equal (dataclasses, mappings, tuples, indexes walked)."""
    if hasattr(b, "__dataclass_fields__"):
        assert type(a) is type(b), where
        for name in b.__dataclass_fields__:
            if name != "frames":
                assert_same_keys(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(b, (np.ndarray, pd.Index)):
        assert type(a) is type(b) and a.dtype == b.dtype and np.array_equal(np.asarray(a), np.asarray(b)), where
    elif isinstance(b, (tuple, list)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same_keys(x, y, f"{where}[{i}]")
    elif hasattr(b, "keys"):
        assert list(a) == list(b), where
        for k in b:
            assert_same_keys(a[k], b[k], f"{where}[{k}]")
    else:
        assert a == b, where


def test_the_models_keys_come_from_the_file(store, monkeypatch):
    store.dataset(DAY, DAY)
    with monkeypatch.context() as m:  # a range from the file makes no keys at all: they were kept
        m.setattr(coded_keys, "keys_from_codes", lambda *a, **k: pytest.fail("keys made again"))
        again = store.dataset(DAY, DAY)
    assert store.read_cache.hits == 1
    plain = fresh(store)
    assert_same_dataset(again, plain)
    assert_same_keys(again.model_keys, plain.model_keys)
    assert again.model_keys.fits(again.messages, again.orders, again.lines)
    assert not again.model_keys.message_buyer.flags.writeable  # read-only, as prepare_keys makes them
    with monkeypatch.context() as m:
        no_hashing(m)
        cached = compute(again)
    assert_results_equal(cached, compute(plain))


def test_keys_that_cannot_be_kept_leave_the_codes(store, monkeypatch):
    def refuse(keys, arrays, texts):  # half-way through: some of the keys' text already added
        texts.add(np.array(["x"], dtype=object), "keys.half", arrays)
        raise read_cache_columns.Unkeepable("test")

    monkeypatch.setattr(read_cache, "encode_keys", refuse)
    store.dataset(DAY, DAY)
    again = store.dataset(DAY, DAY)
    assert store.read_cache.hits == 1
    assert_same_keys(again.model_keys, fresh(store).model_keys)  # made from the kept codes


def test_a_damaged_byte_in_the_middle_is_a_miss(store):
    store.dataset(DAY, DAY)
    (entry,) = store.read_cache.folder.glob("*" + read_cache.SUFFIX)
    raw = bytearray(entry.read_bytes())
    raw[len(raw) * 2 // 3] ^= 0x04
    entry.write_bytes(bytes(raw))
    ds = store.dataset(DAY, DAY)
    assert store.read_cache.hits == 0 and store.read_cache.saved == 2  # read from the store, kept again
    assert_same_dataset(ds, fresh(store))
    store.dataset(DAY, DAY)
    assert store.read_cache.hits == 1


def test_another_layout_or_code_is_never_read(store, monkeypatch):
    store.dataset(DAY, DAY)
    folder = store.read_cache.folder
    old = folder / "0123456789.npz"  # an entry of the earlier layout
    np.savez(old, x=np.arange(3))
    monkeypatch.setattr(read_cache, "_code_version", "another version of the model")
    store.dataset(DAY, DAY)
    assert store.read_cache.hits == 0 and store.read_cache.saved == 2
    assert not old.exists()  # removed with the pruned entries
    monkeypatch.setattr(read_cache, "FORMAT", read_cache.FORMAT + 1)
    store.dataset(DAY, DAY)
    assert store.read_cache.hits == 0 and store.read_cache.saved == 3


def test_an_empty_range_is_kept_and_read_back(store):
    quiet = date(2026, 1, 5)
    store.dataset(quiet, quiet)
    again = store.dataset(quiet, quiet)
    assert store.read_cache.hits == 1 and len(again.orders) == 0 and len(again.messages) == 0
    assert_same_dataset(again, fresh(store, quiet, quiet))


def test_many_distinct_texts_come_back_in_order(store):
    texts = [f"第{i}条 message {i % 7}" for i in range(300)]  # over 256 distinct: two-byte codes
    store.import_result(chats(store.exports, "many.csv", texts))
    store.dataset(DAY, DAY)
    again = store.dataset(DAY, DAY)
    assert store.read_cache.hits == 1
    assert_same_dataset(again, fresh(store))
    assert [t for t in again.messages["text"] if t.startswith("第")] == texts

