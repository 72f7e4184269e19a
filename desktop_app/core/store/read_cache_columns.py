"""A range's frames and the model's prepared keys as plain arrays for the read cache, and back.

* Numbers, flags and times: the column's own numpy array (its dtype kept; nothing converted at load).
* Text: one pool of the entry's distinct strings (joined by ``SEP`` into one UTF-8 buffer), and per
  text column (or name array of the keys) a dictionary - its distinct values as codes into the pool -
  and one code per row into the dictionary (uint8 / uint16 / uint32 / int64, the narrowest that holds
  them). Loading splits the pool once (one C call; only distinct strings become Python objects, each
  once however many columns hold it) and takes the rows' values with two ``numpy.take`` on object
  arrays (no per-row Python). Equal text is then one string object. A column whose values are not all
  ``str`` (None, a number) or hold ``SEP`` is not kept (the range is then read from the store).
* The prepared keys (model/keys.DatasetKeys, made from the store's codes when the range was read):
  each array as above, the dataclasses and mappings around them as a small tree in the header, so a
  range from the cache skips keys_from_codes too. Only the model's key classes are rebuilt (by name,
  from ``_key_classes``); anything else in the keys makes them not kept (the model then makes them from
  the text, as for any Dataset). The frames they belong to are the loaded ones (weak references, as
  prepare_keys keeps them), checked by their lengths.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections import abc
from types import MappingProxyType
from typing import Any, Optional

import numpy as np
import pandas as pd

#: the separator of a text dictionary's values in its buffer; a column holding it is not kept
SEP = "\x00"


class Unkeepable(ValueError):
    """A value the cache does not keep exactly."""


def _narrow(codes: np.ndarray, n: int) -> np.ndarray:
    for dt in (np.uint8, np.uint16, np.uint32):
        if n <= np.iinfo(dt).max + 1:
            return codes.astype(dt)
    return codes.astype(np.int64)


class TextPool:
    """The distinct strings of one entry: every text column and name array is a dictionary of codes into
    the pool and one code per row into its dictionary. Loading splits the pool once, so a string that is
    in several columns (an order id in the orders, the lines and the keys' names) is made once."""

    def __init__(self) -> None:
        self._dicts: list[tuple[str, np.ndarray]] = []

    def add(self, values: np.ndarray, key: str, arrays: dict) -> dict:
        """Keep an object array of ``str`` under ``key`` (its row codes now, its dictionary at ``finish``)."""
        values = np.asarray(values, dtype=object)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        if (codes < 0).any() or (len(uniques) and pd.api.types.infer_dtype(uniques, skipna=False) != "string"):
            raise Unkeepable(f"{key}: not all text")  # None, NaN, a number: kept out rather than changed
        arrays[f"{key}.codes"] = _narrow(codes, len(uniques))
        self._dicts.append((key, uniques))
        return {"t": "text", "k": key, "n": len(uniques), "rows": len(values)}

    def mark(self) -> int:
        return len(self._dicts)

    def back_to(self, mark: int) -> None:
        """Forget what was added after ``mark`` (keys that turned out not to be keepable)."""
        del self._dicts[mark:]

    def finish(self, arrays: dict) -> dict:
        """Write the pool and each dictionary's codes into it; the header's node of the pool."""
        everything = np.concatenate([u for _, u in self._dicts]) if self._dicts else np.zeros(0, dtype=object)
        at, pool = pd.factorize(everything)
        pool = np.asarray(pool, dtype=object)
        text = SEP.join(pool)
        if text.count(SEP) != max(len(pool) - 1, 0):
            raise Unkeepable("a value holds the separator")
        arrays["pool"] = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
        start = 0
        for key, uniques in self._dicts:
            arrays[f"{key}.dict"] = _narrow(at[start: start + len(uniques)], len(pool))
            start += len(uniques)
        return {"n": len(pool)}


def read_pool(arrays: dict, node: dict) -> np.ndarray:
    """The pool's strings (an object array): one decode, one split."""
    n = int(node["n"])
    values = arrays["pool"].tobytes().decode("utf-8", "surrogatepass").split(SEP) if n else []
    if len(values) != n:
        raise ValueError("damaged text pool")
    pool = np.empty(n, dtype=object)
    pool[:] = values
    return pool


def _valid(codes: np.ndarray, n: int) -> bool:
    return codes.dtype.kind in "ui" and (not len(codes) or (int(codes.max()) < n and int(codes.min()) >= 0))


def decode_text(arrays: dict, node: dict, pool: np.ndarray) -> np.ndarray:
    """An object array of the pool's strings (no per-row Python: two ``numpy.take``)."""
    key, n, rows = node["k"], int(node["n"]), int(node["rows"])
    in_pool, codes = arrays[f"{key}.dict"], arrays[f"{key}.codes"]
    if len(in_pool) != n or len(codes) != rows or not _valid(in_pool, len(pool)) or not _valid(codes, n):
        raise ValueError(f"{key}: damaged text")
    return pool.take(in_pool).take(codes)


def encode_frame(frame: pd.DataFrame, name: str, arrays: dict, texts: TextPool) -> dict:
    """Keep ``frame`` (a 0..n-1 RangeIndex, numpy-typed or text columns) in ``arrays``; its header node."""
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        raise Unkeepable(f"{name}: not a plain index")
    columns = []
    for i, col in enumerate(frame.columns):
        s, key = frame[col], f"{name}.{i}"
        if s.dtype == object:
            node = texts.add(s.to_numpy(dtype=object), key, arrays)
        elif isinstance(s.dtype, np.dtype) and s.dtype.kind in "biufmM":
            arrays[key] = s.to_numpy()
            node = {"t": "arr", "k": key}
        else:
            raise Unkeepable(f"{name}.{col}: {s.dtype}")
        columns.append([str(col), node])
    return {"rows": len(frame), "columns": columns}


def decode_frame(arrays: dict, spec: dict, pool: np.ndarray) -> pd.DataFrame:
    n, data = int(spec["rows"]), {}
    for col, node in spec["columns"]:
        values = decode_text(arrays, node, pool) if node["t"] == "text" else arrays[node["k"]]
        if len(values) != n:
            raise ValueError(f"{col}: damaged column")
        # text as object, as from_sql gives it (not pandas' str dtype)
        data[col] = pd.Series(values, dtype=object if node["t"] == "text" else None, copy=False)
    return pd.DataFrame(data, copy=False)


def _key_classes() -> dict[str, type]:
    from ..model.keys import DatasetKeys, OrderKeys
    from ..model.message_marks import MessageKeys

    return {"DatasetKeys": DatasetKeys, "OrderKeys": OrderKeys, "MessageKeys": MessageKeys}


def encode_keys(keys: Any, arrays: dict, texts: TextPool) -> dict:
    """The header node of ``keys`` (a DatasetKeys), its arrays added to ``arrays``; Unkeepable if not."""
    classes = _key_classes()

    def node(value: Any, key: str) -> dict:
        if value is None:
            return {"t": "none"}
        if isinstance(value, pd.Index):
            if value.dtype != object:
                raise Unkeepable(f"{key}: {value.dtype} index")
            return dict(texts.add(value.to_numpy(dtype=object), key, arrays), index=True)
        if isinstance(value, np.ndarray):
            if value.dtype == object:
                return texts.add(value, key, arrays)
            if value.dtype.kind not in "biufmM":
                raise Unkeepable(f"{key}: {value.dtype}")
            arrays[key] = value
            return {"t": "arr", "k": key}
        if isinstance(value, (bool, int, float, str)):
            return {"t": "json", "v": value}
        if isinstance(value, tuple):
            return {"t": "tuple", "items": [node(v, f"{key}.{i}") for i, v in enumerate(value)]}
        if isinstance(value, abc.Mapping):
            if not all(isinstance(k, str) for k in value):
                raise Unkeepable(f"{key}: a mapping with other keys than text")
            return {"t": "map", "items": [[k, node(v, f"{key}.{k}")] for k, v in value.items()]}
        cls = type(value).__name__
        if dataclasses.is_dataclass(value) and classes.get(cls) is type(value):
            skip = ("frames", "lengths") if cls == "DatasetKeys" else ()
            return {"t": "dc", "cls": cls, "f": [[f.name, node(getattr(value, f.name), f"{key}.{f.name}")]
                                                 for f in dataclasses.fields(value) if f.name not in skip]}
        raise Unkeepable(f"{key}: {type(value).__name__}")

    if type(keys).__name__ != "DatasetKeys":
        raise Unkeepable("not prepared keys")
    return dict(node(keys, "keys"), lengths=[int(n) for n in keys.lengths])


def decode_keys(arrays: dict, spec: dict, lengths: tuple, pool: np.ndarray) -> Any:
    """The keys of ``spec`` as a tree with its arrays (the DatasetKeys itself is made by ``attach_keys``)."""
    if [int(n) for n in spec["lengths"]] != list(lengths):
        raise ValueError("the keys are of other frames")
    classes = _key_classes()

    def value(node: dict) -> Any:
        t = node["t"]
        if t == "none":
            return None
        if t == "text":
            found = decode_text(arrays, node, pool)
            return pd.Index(found, dtype=object, copy=False) if node.get("index") else found
        if t == "arr":
            return arrays[node["k"]]
        if t == "json":
            return node["v"]
        if t == "tuple":
            return tuple(value(v) for v in node["items"])
        if t == "map":
            return MappingProxyType({k: value(v) for k, v in node["items"]})
        if t == "dc":
            fields = {name: value(v) for name, v in node["f"]}
            return (node["cls"], fields) if node["cls"] == "DatasetKeys" else classes[node["cls"]](**fields)
        raise ValueError(f"unknown node {t!r}")

    found = value(spec)
    if not (isinstance(found, tuple) and found[0] == "DatasetKeys"):
        raise ValueError("not prepared keys")
    return found[1]


def attach_keys(dataset, fields: Optional[dict]) -> bool:
    """Give ``dataset`` the prepared keys decoded by ``decode_keys`` (for its own frames); False without."""
    if fields is None:
        return False
    from ..model.keys import DatasetKeys, _read_only

    frames = (dataset.messages, dataset.orders, dataset.lines)
    keys = DatasetKeys(frames=tuple(weakref.ref(f) for f in frames), lengths=tuple(len(f) for f in frames),
                       **fields)
    _read_only(keys)
    dataset.model_keys = keys
    return True
