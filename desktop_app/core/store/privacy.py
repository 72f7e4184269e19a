"""Privacy at rest: private files and folders, and receivers' contacts kept only as far as the checks need.

* Folder 0700, database files (-wal, -shm, migration and damage copies, backups) 0600 on POSIX: created
  under umask 077, and existing ones have their group/other bits taken away. (Windows: the default data
  folder is under the user's own profile, %LOCALAPPDATA%, which other users cannot read.)
* Contacts: unless the store is opened with ``keep_full_contacts=True``, an order's receiver is stored
  as ``张**`` (name), ``138****1234`` (phone) and ``浙江省杭州市****`` (province and city of the address).
  No figure of the model reads more than that: the customer archive shows the latest contact (masked
  in the views anyway) and no check or de-duplication uses the receiver. An existing store holding
  full contacts is minimised on the next open with the setting off (the ``privacy`` table remembers
  which state the file is in), and the file is rebuilt (VACUUM) so the full values leave the disk file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import numpy as np
import pandas as pd

from ..model.customers import mask_address, mask_name, mask_phone

FOLDER_MODE = 0o700
FILE_MODE = 0o600
#: the side files SQLite keeps beside a database
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
#: the ``privacy`` table's key for the contacts state, and its two values
CONTACTS_KEY = "contacts"
FULL, MINIMISED = "full", "minimised"
CONTACT_COLUMNS = ("receiver_name", "receiver_phone", "receiver_address")


# --- files and folders ----------------------------------------------------------------------------

@contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside get no group/other permissions (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        yield
        return
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def make_private(path: Path, mode: int = FILE_MODE) -> None:
    """Take the group/other permission bits off ``path`` if it exists and is ours (else leave it)."""
    if os.name != "posix":
        return
    try:
        st = path.stat()
        if st.st_mode & 0o077 and st.st_uid == os.getuid():
            os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        pass  # not ours, a read-only disk, a file system without modes: nothing we may change


def make_database_private(db: Path) -> None:
    """The database file and whatever side files it has now: 0600. SQLite gives -wal/-shm files it
    creates later the database file's own permissions."""
    make_private(db)
    for suffix in SIDE_SUFFIXES:
        make_private(db.with_name(db.name + suffix))


# --- contacts ---------------------------------------------------------------------------------------

_PROVINCE = re.compile(r"^\s*(.{1,9}?(?:自治区|特别行政区|省))")
_CITY = re.compile(r"^(\s*.{1,10}?(?:市|地区|自治州|盟))")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def province_city(value) -> str:
    """``浙江省杭州市西湖区文三路100号`` -> ``浙江省杭州市****``; ``北京市朝阳区…`` -> ``北京市****``.

    Chinese: the province (省 / 自治区 / 特别行政区) and the city (市 / 地区 / 自治州 / 盟) that follows it;
    a municipality (北京市) is both. Without such units, and in other scripts, the views' own masking
    (customers.mask_address: ``1 Main St, Springfield, IL`` -> ``****, Springfield, IL``).
    Masked text (holding ``****``) is kept as it is.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    s = str(value).strip()
    if not s or "****" in s:
        return s
    if not _CJK.search(s):
        return mask_address(s)
    head = ""
    rest = s
    m = _PROVINCE.match(rest)
    if m:
        head, rest = m.group(1), rest[m.end():]
    c = _CITY.match(rest)
    if c:
        head += c.group(1)
    if not head:
        return mask_address(s)
    return head + "****" if len(head) < len(s) else head


#: column -> how it is kept when contacts are minimised
MINIMISERS = {"receiver_name": mask_name, "receiver_phone": mask_phone, "receiver_address": province_city}


def minimise_orders(orders: Optional[pd.DataFrame]) -> Optional[pd.DataFrame]:
    """A copy of ``orders`` with the receiver's name, phone and address minimised (each distinct value
    once: names and cities repeat a lot). None stays None."""
    if orders is None or not any(c in orders.columns for c in CONTACT_COLUMNS):
        return orders
    out = orders.copy()
    for col, fn in MINIMISERS.items():
        if col in out.columns:
            codes, uniques = pd.factorize(out[col].astype(object), use_na_sentinel=True)
            kept = np.array([fn(v) for v in uniques] + [""], dtype=object)
            out[col] = pd.Series(kept[codes], index=out.index, dtype=object)
    return out


# --- the stored state ---------------------------------------------------------------------------------

PRIVACY_DDL = "CREATE TABLE IF NOT EXISTS privacy (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def contacts_state(conn: sqlite3.Connection) -> Optional[str]:
    """FULL, MINIMISED, or None (no privacy table yet / never recorded: treated as full)."""
    try:
        row = conn.execute("SELECT value FROM privacy WHERE key = ?", (CONTACTS_KEY,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def minimise_stored(conn: sqlite3.Connection) -> int:
    """Minimise every stored order's contacts (inside the caller's transaction); returns rows changed."""
    for col, fn in MINIMISERS.items():
        conn.create_function(f"_minimise_{col}", 1, fn, deterministic=True)
    before = conn.total_changes
    sets = ", ".join(f"{c} = _minimise_{c}({c})" for c in CONTACT_COLUMNS)
    differs = " OR ".join(f"{c} IS NOT _minimise_{c}({c})" for c in CONTACT_COLUMNS)
    tables = ["orders"]
    # each import's own version of an order (store/provenance.py) carries the contacts too
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'order_versions'").fetchone():
        tables.append("order_versions")
    for table in tables:
        conn.execute(f"UPDATE {table} SET {sets} WHERE {differs}")
    return conn.total_changes - before


def set_state(conn: sqlite3.Connection, state: str) -> None:
    conn.execute(PRIVACY_DDL)
    conn.execute("INSERT OR REPLACE INTO privacy (key, value) VALUES (?, ?)", (CONTACTS_KEY, state))


def rebuild(conn: sqlite3.Connection) -> None:
    """Rewrite the file so replaced values are gone from its free pages and from the WAL."""
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def minimise_copy(path: Path) -> bool:
    """Minimise the contacts in another copy of the history (a migration's ``.bak``); True if changed."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(orders)")}
        if not set(CONTACT_COLUMNS) <= cols:
            return False
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN IMMEDIATE")
        changed = minimise_stored(conn)
        conn.execute("COMMIT")
        if changed:
            rebuild(conn)
        return bool(changed)
    except sqlite3.Error:
        return False
    finally:
        conn.close()
        make_database_private(path)
