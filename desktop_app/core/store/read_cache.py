"""A columnar cache of the ranges read from a SQLite store, kept exactly in step with what is stored.

Reading a month of a big store (300,000 orders, 3,000,000 messages; or the window's last 30 days of a
store of 1,000,000 orders) costs seconds of CPU in SQLite and in Python objects made one cell at a time
(bench/store_read_bench.py). The window reads the same range at every launch until something is imported
(its presets count back from the newest stored day), so the range's rows are kept in a file beside the
store and read back column by column: numbers and times as arrays, each text column as one UTF-8 buffer
split once (no per-row Python, no pickle: ``numpy.load`` with ``allow_pickle=False``).

Exactness: an entry is found only under the store's *fingerprint* - a hash of the list of imports
(id, SHA-256 of the file, import time), the schema version, the contacts' privacy state, the stored
columns and this module's format - and of the range (start, end, history days, the shops' ids). Every
change of the rows a range reads is an import, a removal or an undo of one (each in one transaction with
its ``imports`` row), a migration or a change of the privacy state, so any of them changes the
fingerprint (the highest message id is in it too); an undo restores exactly the rows (and the fingerprint) of before the removal. Handled marks
and levels are not part of a Dataset. A read is kept only when the fingerprint was the same before and
after it (a write by another process meanwhile: not kept). What is not part of the rows (the inventory
snapshot, the imports' problems and sources) is read from the store every time.

Files: ``<store file>.readcache/<hash>.npz``, private like the store (folder 0700, files 0600), written
to a temporary name and renamed (a killed process leaves no half file), the ``KEEP`` most recent kept.
A file that cannot be read is a miss. Switched off with ``DESKTOP_APP_READ_CACHE=0`` (the benches'
baseline); only the window uses it (``attach``). On PostgreSQL the fingerprint is read in the range's
REPEATABLE READ snapshot (pg_store.py), so it always describes the rows read with it; another
supervisor's import changes it. The files are then kept in the user's data folder (``readcache/``).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pandas as pd

#: bump when the file layout changes: older files are then never found
FORMAT = 1
#: entries kept per store (the range on screen and the one before it)
KEEP = 2
#: the separator of a text column's values in its buffer; a column holding it is not cached
SEP = "\x00"
#: set to 0 to read every range from the store (bench baseline)
ENV_SWITCH = "DESKTOP_APP_READ_CACHE"
TABLES = ("orders", "lines", "messages")


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "1") != "0"


def fingerprint(store: Any) -> str:
    """The hash of what decides the rows of any range of ``store`` (see the module's docstring)."""
    from . import key_codes, privacy
    from .sql_values import LINE_COLS, MESSAGE_COLS, ORDER_COLS

    conn = store._conn
    imports = conn.execute("SELECT id, hash, imported_at FROM imports ORDER BY id").fetchall()
    top = conn.execute("SELECT max(id) FROM messages").fetchone()[0]  # one step down the table's b-tree
    parts = [FORMAT, store.version, privacy.contacts_state(conn), key_codes.codes_enabled(),
             ORDER_COLS, LINE_COLS, MESSAGE_COLS, [list(r) for r in imports], top]
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


def _encode(frames: dict[str, pd.DataFrame], codes: dict[str, Optional[dict]]) -> Optional[dict[str, np.ndarray]]:
    """Arrays for ``np.savez`` (no object arrays), or None when a column cannot be kept exactly."""
    arrays: dict[str, np.ndarray] = {}
    meta: dict[str, Any] = {"frames": {}, "codes": {}}
    for name, frame in frames.items():
        index = frame.index
        if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
            return None
        cols = []
        for i, col in enumerate(frame.columns):
            s = frame[col]
            key = f"{name}.{i}"
            if s.dtype == object:
                values = s.to_numpy(dtype=object)
                if len(values) and pd.api.types.infer_dtype(values, skipna=False) != "string":
                    return None  # not all str (None, a number): keep it out rather than change it
                text = SEP.join(values)
                if text.count(SEP) != max(len(values) - 1, 0):
                    return None  # a value holds the separator itself
                arrays[key] = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
                kind = "text"
            elif str(s.dtype) == "datetime64[ns]":
                arrays[key] = s.to_numpy().view(np.int64)
                kind = "datetime64[ns]"
            elif s.dtype in (np.float64, np.int64, np.bool_):
                arrays[key] = s.to_numpy()
                kind = str(s.dtype)
            else:
                return None
            cols.append([str(col), kind])
        meta["frames"][name] = {"rows": len(frame), "columns": cols}
    for table, by_col in codes.items():
        meta["codes"][table] = None if by_col is None else list(by_col)
        for col, values in (by_col or {}).items():
            arrays[f"codes.{table}.{col}"] = np.asarray(values, dtype=np.int64)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    return arrays


def _decode(arrays: Any) -> tuple[dict[str, pd.DataFrame], dict[str, Optional[dict]]]:
    meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    frames = {}
    for name, spec in meta["frames"].items():
        n, data = spec["rows"], {}
        for i, (col, kind) in enumerate(spec["columns"]):
            raw = arrays[f"{name}.{i}"]
            if kind == "text":
                values = raw.tobytes().decode("utf-8", "surrogatepass").split(SEP) if n else []
                if len(values) != n:
                    raise ValueError("damaged text column")
                arr = np.empty(n, dtype=object)
                arr[:] = values
                data[col] = pd.Series(arr, dtype=object, copy=False)  # object, as from_sql gives (not pandas' str)
            elif kind == "datetime64[ns]":
                data[col] = raw.view("datetime64[ns]")
            else:
                data[col] = raw.astype(kind, copy=False)
            if len(data[col]) != n:
                raise ValueError("damaged column")
            if not isinstance(data[col], pd.Series):
                data[col] = pd.Series(data[col], copy=False)
        frames[name] = pd.DataFrame(data, copy=False)
    codes = {table: None if cols is None else {c: arrays[f"codes.{table}.{c}"] for c in cols}
             for table, cols in meta["codes"].items()}
    return frames, codes


class RangeCache:
    """The cache files of one SQLite store (see the module's docstring)."""

    def __init__(self, folder: Path, *, background: bool = True) -> None:
        self.folder = Path(folder)
        self.background = background
        #: entries found / written, for tests and benches
        self.hits = 0
        self.saved = 0
        self._saving: Optional[threading.Thread] = None

    @classmethod
    def beside(cls, db_path: Path, **options: Any) -> "RangeCache":
        db_path = Path(db_path)
        return cls(db_path.with_name(db_path.name + ".readcache"), **options)

    def _file(self, print_: str, key: tuple) -> Path:
        digest = hashlib.sha256(json.dumps([print_, key], default=str).encode("utf-8")).hexdigest()[:40]
        return self.folder / f"{digest}.npz"

    def load(self, print_: str, key: tuple):
        """(frames, codes) kept for ``key`` under this fingerprint, or None."""
        path = self._file(print_, key)
        try:
            with np.load(path, allow_pickle=False) as arrays:
                found = _decode(arrays)
        except Exception:  # noqa: BLE001 - missing, truncated, damaged, another layout: read the store instead
            return None
        self.hits += 1
        try:
            os.utime(path)  # the most recently used are the ones kept
        except OSError:
            pass
        return found

    def save(self, print_: str, key: tuple, frames: dict[str, pd.DataFrame], codes: dict) -> None:
        """Keep ``frames`` (and their codes) for ``key``; in the background unless ``background`` is off."""
        if self.background:
            self.wait()
            self._saving = threading.Thread(target=self._write, args=(print_, key, frames, codes),
                                            name="read-cache", daemon=True)
            self._saving.start()
        else:
            self._write(print_, key, frames, codes)

    def wait(self) -> None:
        """Until a save under way has ended."""
        if self._saving is not None:
            self._saving.join()
            self._saving = None

    def _write(self, print_: str, key: tuple, frames: dict[str, pd.DataFrame], codes: dict) -> None:
        from .privacy import private_umask

        try:
            arrays = _encode(frames, codes)
        except Exception:  # noqa: BLE001 - a cache must never break a read: this range is simply not kept
            return
        if arrays is None:
            return
        path = self._file(print_, key)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with private_umask():
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                with open(tmp, "wb") as fh:
                    np.savez(fh, **arrays)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
            self.saved += 1
            self._prune(path)
        except Exception:  # noqa: BLE001 - disk full, folder gone, no permission: not kept
            try:
                tmp.unlink()
            except OSError:
                pass

    def _prune(self, keep: Path) -> None:
        """Only the ``KEEP`` most recently used entries stay (and no leftover temporary file)."""
        entries = []
        for p in self.folder.iterdir():
            if p.suffix == ".tmp" and p.stem.split(".")[-2:-1] != [str(os.getpid())]:
                p.unlink(missing_ok=True)
            elif p.suffix == ".npz" and p != keep:
                entries.append((p.stat().st_mtime, p))
        for _, p in sorted(entries, reverse=True)[KEEP - 1:]:
            p.unlink(missing_ok=True)


def attach(store: Any, data_dir: Optional[Path] = None) -> Optional[RangeCache]:
    """Give ``store`` its range cache (the window does this); None when switched off.

    A SQLite store's cache is beside its file; a PostgreSQL store's in ``data_dir``/readcache/<hash of
    the URL without its password> (the user's own private folder: None without ``data_dir``)."""
    if not enabled():
        return None
    if isinstance(getattr(store, "path", None), Path):
        store.read_cache = RangeCache.beside(store.path)
    elif data_dir is not None and getattr(store, "url", None) is not None:
        name = hashlib.sha256(store.url.display().encode("utf-8")).hexdigest()[:16]
        store.read_cache = RangeCache(Path(data_dir) / "readcache" / name)
    else:
        return None
    for left in store.read_cache.folder.glob("*.tmp"):  # a save cut short by the end of a process
        left.unlink(missing_ok=True)
    return store.read_cache
