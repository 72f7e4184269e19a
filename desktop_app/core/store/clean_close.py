"""Opening a history file the app itself closed cleanly, unchanged since: no full ``quick_check`` again.

Opening checks the whole file (``PRAGMA quick_check``, open.py) so that a damaged history is caught
before anything is read or written. The check reads every page: ~12 s on a store of 1,000,000 orders
and 5,000,000 messages (2.4 GB), the biggest part of starting the window. A file the app closed
cleanly, that nobody has touched since, holds nothing new to check: when the store closes (and no
``-wal`` file is left, so every write is in the file), the file's size, modification time and inode
are written beside it (``history.sqlite3.clean``); the next open skips the check while they are still
the same. Any change (another process's import, a copy, a restore, a damaged sector rewritten) changes
them, and the check runs again. Imports still check the file first (db.py ``_before_write``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

SUFFIX = ".clean"


def _marker(db: Path) -> Path:
    return db.with_name(db.name + SUFFIX)


def fingerprint(db: Path) -> Optional[str]:
    """size:mtime_ns:inode of ``db``; None when it is missing or a write-ahead log still holds changes."""
    db = Path(db)
    try:
        st = db.stat()
        wal = db.with_name(db.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def remember(db: Path) -> None:
    """After a clean close: note the file as it is now (nothing when it cannot be noted)."""
    found = fingerprint(db)
    marker = _marker(Path(db))
    try:
        if found is None:
            marker.unlink(missing_ok=True)
            return
        partial = marker.with_name(marker.name + ".tmp")
        partial.write_text(found, encoding="ascii")
        os.replace(partial, marker)
    except OSError:
        pass  # a read-only folder: the next open checks the file, as it always did


def unchanged(db: Path) -> bool:
    """True when ``db`` is exactly as the app left it at its last clean close."""
    found = fingerprint(db)
    if found is None:
        return False
    try:
        return _marker(Path(db)).read_text(encoding="ascii") == found
    except (OSError, ValueError):
        return False
