"""A columnar cache of the ranges read from a SQLite store, kept exactly in step with what is stored.

Reading a month of a big store (300,000 orders, 3,000,000 messages; or the window's last 30 days of a
store of 1,000,000 orders) costs seconds of CPU in SQLite and in Python objects made one cell at a time
(bench/store_read_bench.py). The window reads the same range at every launch until something is imported
(its presets count back from the newest stored day), so the range's rows are kept in a file beside the
store and read back column by column (read_cache_file.py: one flat file of raw arrays, read with one
``readinto``, no decompression, no pickle; read_cache_columns.py: text as codes into one pool of the
entry's distinct strings, so only distinct strings become Python objects, each once), together with the
model's prepared keys made when the range was read (model/keys.DatasetKeys), so a range from the cache
is handed to ``compute()`` without hashing or coding anything.

Exactness: an entry is found only under the store's *fingerprint* - a hash of the list of imports
(id, SHA-256 of the file, import time), the schema version, the contacts' privacy state, the stored
columns, this layout (``FORMAT``) and the source of the code that makes the frames and the keys
(``code_version``: an updated app never reads frames or keys an older one made) - and of the range
(start, end, history days, the shops' ids). Every change of the rows a range reads is an import, a
removal or an undo of one (each in one transaction with its ``imports`` row), a migration or a change of
the privacy state, so any of them changes the fingerprint (the highest message id is in it too); an undo
restores exactly the rows (and the fingerprint) of before the removal. Handled marks and levels are not
part of a Dataset. A read is kept only when the fingerprint was the same before and after it (a write by
another process meanwhile: not kept). What is not part of the rows (the inventory snapshot, the imports'
problems and sources) is read from the store every time.

Files: ``<store file>.readcache/<hash>.rce`` (earlier layouts' ``.npz`` files are never read, and are
removed when entries are pruned), private like the store (folder 0700, files 0600), written to a
temporary name and renamed (a killed process leaves no half file), the ``KEEP`` most recent kept. A file
that cannot be read (missing, cut short, damaged: read_cache_file.EntryDamaged) is a miss. Switched off
with ``DESKTOP_APP_READ_CACHE=0`` (the benches' baseline); only the window uses it (``attach``). On
PostgreSQL the fingerprint is read in the range's REPEATABLE READ snapshot (pg_store.py), so it always
describes the rows read with it; another supervisor's import changes it. The files are then kept in the
user's data folder (``readcache/``).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any, Optional

import pandas as pd

from . import read_cache_file
from .read_cache_columns import (TextPool, Unkeepable, decode_frame, decode_keys, encode_frame, encode_keys,
                                 read_pool)

#: bump when the file layout changes: older files are then never found (version 1: .npz of text buffers)
FORMAT = 2
#: the entries' file suffix (and the earlier layouts', removed when entries are pruned)
SUFFIX = ".rce"
OLD_SUFFIXES = (".npz",)
#: entries kept per store (the range on screen and the one before it)
KEEP = 2
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
    parts = [FORMAT, code_version(), store.version, privacy.contacts_state(conn), key_codes.codes_enabled(),
             ORDER_COLS, LINE_COLS, MESSAGE_COLS, [list(r) for r in imports], top]
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


#: the modules whose code decides a kept entry's frames and keys (relative to desktop_app/core)
CODE_FILES = ("schema.py", "store/sql_values.py", "store/dataset_reads.py", "store/key_codes.py",
              "store/read_cache.py", "store/read_cache_columns.py", "store/read_cache_file.py", "model/keys.py",
              "model/coded_keys.py", "model/message_marks.py", "model/conversations.py", "model/customers.py")
_code_version: Optional[str] = None


def code_version() -> str:
    """A hash of ``CODE_FILES``' source (once per process): another version of the app never reads the
    frames or keys this one kept. Without the source (a frozen app): the app's version."""
    global _code_version
    if _code_version is None:
        core = Path(__file__).resolve().parents[1]
        digest = hashlib.sha256()
        try:
            for name in CODE_FILES:
                digest.update(name.encode("utf-8") + b"\0" + (core / name).read_bytes())
            _code_version = digest.hexdigest()
        except OSError:
            from ... import __version__

            _code_version = f"app {__version__}"
    return _code_version


class Kept:
    """A range found in the cache: its frames, and the keys (decode_keys' fields) or the store's codes."""

    def __init__(self, frames: dict[str, pd.DataFrame], keys: Optional[dict], codes: dict) -> None:
        self.frames, self.keys, self.codes = frames, keys, codes


def _encode(frames: dict[str, pd.DataFrame], keys: Any, codes: dict) -> tuple[dict, dict]:
    """(arrays, meta) of an entry; Unkeepable when a frame cannot be kept exactly. Keys that cannot be
    kept are left out (the store's codes are kept instead: the model's keys are made from them)."""
    arrays: dict = {}
    texts = TextPool()
    meta: dict[str, Any] = {"frames": {name: encode_frame(frame, name, arrays, texts)
                                       for name, frame in frames.items()}, "keys": None, "codes": {}}
    if keys is not None:
        before = texts.mark()
        try:
            meta["keys"] = encode_keys(keys, arrays, texts)
        except Unkeepable:
            texts.back_to(before)
            arrays = {k: v for k, v in arrays.items() if not k.startswith("keys.")}
    if meta["keys"] is None:
        for table, by_col in codes.items():
            meta["codes"][table] = None if by_col is None else list(by_col)
            for col, values in (by_col or {}).items():
                arrays[f"codes.{table}.{col}"] = values
    meta["pool"] = texts.finish(arrays)
    return arrays, meta


def _decode(arrays: dict, meta: dict) -> Kept:
    pool = read_pool(arrays, meta["pool"])
    frames = {name: decode_frame(arrays, spec, pool) for name, spec in meta["frames"].items()}
    if set(frames) != set(TABLES):
        raise ValueError("not the tables of a range")
    keys = None
    if meta["keys"] is not None:
        keys = decode_keys(arrays, meta["keys"], tuple(len(frames[t]) for t in ("messages", "orders", "lines")),
                           pool)
    codes = {table: None if cols is None else {c: arrays[f"codes.{table}.{c}"] for c in cols}
             for table, cols in meta["codes"].items()}
    return Kept(frames, keys, codes)


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
        return self.folder / f"{digest}{SUFFIX}"

    def load(self, print_: str, key: tuple):
        """The ``Kept`` range of ``key`` under this fingerprint, or None."""
        path = self._file(print_, key)
        try:
            found = _decode(*read_cache_file.read(path))
        except Exception:  # noqa: BLE001 - missing, truncated, damaged, another layout: read the store instead
            return None
        self.hits += 1
        try:
            os.utime(path)  # the most recently used are the ones kept
        except OSError:
            pass
        return found

    def save(self, print_: str, key: tuple, frames: dict[str, pd.DataFrame], keys: Any, codes: dict) -> None:
        """Keep ``frames`` with the model's prepared ``keys`` (a DatasetKeys, or None) and the store's
        ``codes`` for ``key``; in the background unless ``background`` is off."""
        if self.background:
            self.wait()
            self._saving = threading.Thread(target=self._write, args=(print_, key, frames, keys, codes),
                                            name="read-cache", daemon=True)
            self._saving.start()
        else:
            self._write(print_, key, frames, keys, codes)

    def wait(self, timeout: Optional[float] = None) -> None:
        """Until a save under way has ended (or ``timeout`` seconds: a save still running is then left to
        end with the process, its temporary file removed at the next ``attach``)."""
        if self._saving is not None:
            self._saving.join(timeout)
            if not self._saving.is_alive():
                self._saving = None

    def _write(self, print_: str, key: tuple, frames: dict[str, pd.DataFrame], keys: Any, codes: dict) -> None:
        from .privacy import private_umask

        try:
            arrays, meta = _encode(frames, keys, codes)
        except Exception:  # noqa: BLE001 - a cache must never break a read: this range is simply not kept
            return
        path = self._file(print_, key)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with private_umask():
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                with open(tmp, "wb") as fh:
                    read_cache_file.write(fh, arrays, meta)
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
            elif p.suffix in OLD_SUFFIXES:
                p.unlink(missing_ok=True)  # an earlier layout's entry: never read again
            elif p.suffix == SUFFIX and p != keep:
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
