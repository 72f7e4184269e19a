"""One read-cache entry as one flat file of raw arrays: read back with a single read, no decompression.

Layout: ``MAGIC`` (8 bytes), the header's length (8 bytes, little-endian), the header (JSON: the caller's
``meta``, and per array its name, dtype, shape and offset), then the arrays' bytes, each at an offset
that is a multiple of 64 (aligned for numpy), and at the end a check word: the sum of the data part as
little-endian unsigned 64-bit words (wrapping; the last word zero-padded), written last.

Reading takes the whole data part into one buffer (one ``readinto``) and hands out views of it
(``numpy.frombuffer``: no copy, no pickle, no per-element Python). Anything that does not add up - a
wrong magic (an older layout, another file), a header that does not parse, an array outside the data, a
file shorter or longer than the header says (cut short by a full disk or a killed copy), a check word
that differs (a damaged byte) - raises ``EntryDamaged``: the caller then reads the store instead.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

#: the layout's own mark: a file of any other layout (or none) never matches it
MAGIC = b"DARC\x02\r\n\x1a"
ALIGN = 64
_SIZE = struct.Struct("<Q")


class EntryDamaged(ValueError):
    """The file is not a whole, undamaged entry of this layout."""


def _padded(n: int) -> int:
    return -(-n // ALIGN) * ALIGN


def _check(data: np.ndarray) -> int:
    """The wrapping sum of ``data`` (uint8, length a multiple of 8) as little-endian uint64 words."""
    return int(np.add.reduce(data.view("<u8"), dtype=np.uint64)) if len(data) else 0


def write(fh: BinaryIO, arrays: dict[str, np.ndarray], meta: Any) -> None:
    """Write ``arrays`` (numeric or bool, any shape; no object arrays) and ``meta`` (JSON) to ``fh``."""
    entries, offset = [], 0
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        if arr.dtype.hasobject:
            raise TypeError(f"{name}: object arrays are not kept")
        entries.append([name, arr.dtype.str, list(arr.shape), offset])
        offset = _padded(offset + arr.nbytes)
    header = json.dumps({"meta": meta, "arrays": entries, "size": offset}).encode("utf-8")
    fh.write(MAGIC + _SIZE.pack(len(header)) + header)
    start = len(MAGIC) + _SIZE.size + len(header)
    fh.write(b"\0" * (_padded(start) - start))
    total = 0
    for (name, _, _, _), arr in zip(entries, arrays.values()):
        raw = np.ascontiguousarray(arr).reshape(-1).view(np.uint8)
        pad = _padded(len(raw)) - len(raw)
        fh.write(memoryview(raw))
        fh.write(b"\0" * pad)
        whole = len(raw) - len(raw) % 8
        total += _check(raw[:whole])
        if whole < len(raw):
            tail = np.zeros(8, dtype=np.uint8)
            tail[: len(raw) - whole] = raw[whole:]
            total += _check(tail)
    fh.write(_SIZE.pack(total % 2**64))


def read(path: Path) -> tuple[dict[str, np.ndarray], Any]:
    """(arrays, meta) of the entry at ``path``; ``EntryDamaged`` when it is not whole and undamaged.

    The arrays are views of one buffer read from the file (writeable, as numpy.load's are)."""
    with open(path, "rb") as fh:
        head = fh.read(len(MAGIC) + _SIZE.size)
        if len(head) != len(MAGIC) + _SIZE.size or head[: len(MAGIC)] != MAGIC:
            raise EntryDamaged("not an entry of this layout")
        (length,) = _SIZE.unpack(head[len(MAGIC):])
        raw_header = fh.read(length)
        try:
            header = json.loads(raw_header.decode("utf-8"))
            size, entries, meta = int(header["size"]), header["arrays"], header["meta"]
        except (ValueError, KeyError, TypeError) as exc:
            raise EntryDamaged("the header does not parse") from exc
        start = len(MAGIC) + _SIZE.size + length
        fh.seek(_padded(start))
        spare = np.empty(size + _SIZE.size + ALIGN, dtype=np.uint8)
        skip = -spare.ctypes.data % ALIGN  # the buffer starts on an ALIGN boundary, as the offsets are
        data = spare[skip: skip + size + _SIZE.size]
        got = fh.readinto(memoryview(data))
        if got != len(data) or fh.read(1):
            raise EntryDamaged("the file is not as long as its header says")
    if _check(data[:size]) != _SIZE.unpack(data[size:].tobytes())[0]:
        raise EntryDamaged("the data does not match its check word")
    arrays = {}
    try:
        for name, dtype, shape, offset in entries:
            dt = np.dtype(dtype)
            if dt.hasobject:
                raise EntryDamaged("an object array")
            count = int(np.prod(shape, dtype=np.int64))
            if offset < 0 or offset % ALIGN or offset + count * dt.itemsize > size:
                raise EntryDamaged(f"{name} lies outside the data")
            arrays[name] = np.frombuffer(data, dtype=dt, count=count, offset=offset).reshape(shape)
    except (TypeError, ValueError) as exc:
        raise EntryDamaged("an array does not fit") from exc
    return arrays, meta
