"""Which imports brought each row, removing an import, and undoing the last removal.

While an order (or an order's lines) came from one import only, the stored row *is* that import's
version. When a second import brings it, both versions go to ``order_versions`` / ``line_versions``
(schema_shops.py); from then on every further import's version is kept too. Removing an import then:

* deletes the orders, lines, messages and inventory rows that import alone brought;
* rebuilds an order that other imports also brought from their versions, by the import rule
  (db.py): the later export (newest timestamp, then later import) gives status, amounts, remark and
  flags; times, buyer, shop and contact fields come from the latest version that has them; an order's
  lines come from the best remaining version (a 宝贝报表 before lines derived from order rows, then the
  later export);
* gives a message that other imports also brought to the earliest of them.

All of it in the caller's transaction. The undo copies nothing while the user waits: before the
removal writes, a second connection (``removal_engine.open_snapshot``) starts a read transaction, which
keeps seeing the store as it was (WAL). Only when the user asks for the undo does ``capture`` copy, on
that connection, what the removal changed into its TEMP tables; ``undo`` then puts it back in one
transaction there. The undo stays possible until the store is closed or the next import or removal;
only the last removal can be undone (shop_api.py keeps the snapshot).
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd

from . import key_codes
from .engine import read_sql
from .sql_values import LINE_COLS, ORDER_COLS, records

_ORDER_TEXT_COALESCE = ("shop", "buyer", "receiver_name", "receiver_phone", "receiver_address")
_ORDER_TIME_COALESCE = ("created", "paid", "shipped", "ship_by")
#: tables copied before a removal: (trash table, source table)
_TRASH = ("imports", "import_shops", "orders", "order_versions", "lines", "line_versions", "messages",
          "message_sources", "inventory")


# --- recording versions at import --------------------------------------------------------------

def keep_order_versions(conn: sqlite3.Connection, new_overlap: pd.DataFrame, import_id: int) -> None:
    """Before an import overwrites stored orders: keep the stored and the new version of each.

    ``temp.keys`` holds the import's order keys (upserts.stored_for_keys filled it); ``new_overlap`` is
    the import's own rows of the orders already stored.
    """
    if not len(new_overlap):
        return
    cols = ORDER_COLS + ["import_id", "shop_id"]
    names = ", ".join(cols)
    # the stored row is the only version of an order one import brought; with versions already kept,
    # its import's own version is there and this is ignored
    conn.execute(f"INSERT OR IGNORE INTO order_versions ({names}) SELECT {', '.join('o.' + c for c in cols)}"
                 " FROM orders o JOIN temp.keys k ON o.platform = k.platform AND o.order_id = k.order_id")
    from ..schema import conform

    rows = conform(new_overlap, "orders").assign(import_id=import_id, shop_id=new_overlap["shop_id"].to_numpy())
    conn.executemany(f"INSERT OR REPLACE INTO order_versions ({names}) VALUES ({', '.join('?' * len(cols))})",
                     records(rows, cols))


def keep_line_versions(conn: sqlite3.Connection, new: pd.DataFrame, import_id: int) -> None:
    """Before an import replaces (or keeps) stored lines: keep every import's lines of those orders.

    ``temp.keys`` holds the import's line order keys (upserts.replace_lines filled it).
    """
    body = [c for c in LINE_COLS if c not in ("platform", "order_id")]
    cols = ["import_id", "platform", "order_id", "seq"] + body
    names = ", ".join(cols)
    conn.execute(f"INSERT OR IGNORE INTO line_versions ({names}) SELECT {', '.join('l.' + c for c in cols)}"
                 " FROM lines l JOIN temp.keys k ON l.platform = k.platform AND l.order_id = k.order_id")
    stored = read_sql("SELECT DISTINCT l.platform, l.order_id FROM lines l JOIN temp.keys k"
                               " ON l.platform = k.platform AND l.order_id = k.order_id", conn)
    idx = pd.MultiIndex.from_frame(new[["platform", "order_id"]].astype(object))
    mine = new[idx.isin(pd.MultiIndex.from_frame(stored.astype(object)))]
    if not len(mine):
        return
    mine = mine.assign(import_id=import_id,
                       seq=mine.groupby(["platform", "order_id"], sort=False).cumcount().to_numpy())
    conn.executemany(f"INSERT OR REPLACE INTO line_versions ({names}) VALUES ({', '.join('?' * len(cols))})",
                     records(mine, cols))


# --- removal and undo ----------------------------------------------------------------------------

def _reset_trash(conn: sqlite3.Connection) -> None:
    for table in _TRASH:
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS removed_{table} AS SELECT * FROM main.{table} WHERE 0")
        conn.execute(f"DELETE FROM temp.removed_{table}")


def can_undo(conn: sqlite3.Connection) -> int | None:
    """The id of the import whose removal can be undone, or None."""
    if not conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'removed_imports'").fetchone():
        return None
    row = conn.execute("SELECT id FROM temp.removed_imports").fetchone()
    return int(row[0]) if row else None


def remove(conn: sqlite3.Connection, import_id: int) -> dict[str, int]:
    """Remove one import (inside the caller's transaction); returns counts of what went and what changed.

    Copies nothing for the undo: ``capture`` does, later, on a connection that still sees the store as it
    was before this transaction (shop_api.py)."""
    x = int(import_id)
    if not conn.execute("SELECT 1 FROM imports WHERE id = ?", (x,)).fetchone():
        raise KeyError(import_id)
    return _remove(conn, x)


def capture(conn: sqlite3.Connection, import_id: int) -> None:
    """Copy what removing ``import_id`` changes into TEMP tables of ``conn`` (which must still see the store
    as it was before the removal), for ``undo``: the import's record and shops, every version of the orders
    and lines it touched, its messages with their further sources, its inventory rows."""
    x = int(import_id)
    _reset_trash(conn)
    conn.execute("INSERT INTO temp.removed_imports SELECT * FROM imports WHERE id = ?", (x,))
    conn.execute("INSERT INTO temp.removed_import_shops SELECT * FROM import_shops WHERE import_id = ?", (x,))
    for table, versions in (("orders", "order_versions"), ("lines", "line_versions")):
        _touched(conn, table, versions, x)
        cond = _IN_TOUCHED.format(table)
        conn.execute(f"INSERT INTO temp.removed_{table} SELECT * FROM {table} WHERE {cond}")
        conn.execute(f"INSERT INTO temp.removed_{versions} SELECT * FROM {versions} WHERE {cond}")
    conn.execute("INSERT INTO temp.removed_messages SELECT * FROM messages WHERE import_id = ?", (x,))
    conn.execute("INSERT INTO temp.removed_message_sources SELECT * FROM message_sources WHERE import_id = ?"
                 " OR message_id IN (SELECT id FROM temp.removed_messages)", (x,))
    conn.execute("INSERT INTO temp.removed_inventory SELECT * FROM inventory WHERE import_id = ?", (x,))


def _remove(conn: sqlite3.Connection, x: int) -> dict[str, int]:
    stats = {}
    stats["orders_removed"], stats["orders_rebuilt"] = _remove_orders(conn, x)
    stats["lines_removed"] = _remove_lines(conn, x)
    key_codes.fill_removal(conn)  # the rebuilt orders and lines get their key codes
    stats["messages_removed"], stats["messages_kept"] = _remove_messages(conn, x)
    stats["inventory_removed"] = conn.execute("DELETE FROM inventory WHERE import_id = ?", (x,)).rowcount
    conn.execute("DELETE FROM import_shops WHERE import_id = ?", (x,))
    conn.execute("DELETE FROM imports WHERE id = ?", (x,))
    return stats


def _touched(conn, table: str, versions: str, x: int) -> None:
    conn.execute(f"DROP TABLE IF EXISTS temp.touched_{table}")
    conn.execute(f"CREATE TEMP TABLE touched_{table} (platform TEXT, order_id TEXT, PRIMARY KEY (platform, order_id))")
    conn.execute(f"INSERT OR IGNORE INTO temp.touched_{table} SELECT platform, order_id FROM {table}"
                 f" WHERE import_id = ? UNION SELECT platform, order_id FROM {versions} WHERE import_id = ?", (x, x))


_IN_TOUCHED = "(platform, order_id) IN (SELECT platform, order_id FROM temp.touched_{})"
_IN_VERSIONED = "(platform, order_id) IN (SELECT platform, order_id FROM temp.versioned_{})"


def _versioned(conn, table: str, versions: str, x: int) -> None:
    """``temp.versioned_<table>``: the orders whose versions include import ``x``'s - the ones other imports
    also brought, to be rebuilt from their versions. (What ``x`` alone brought has no versions: its rows
    are found by their ``import_id``, a range of the table's own order.)"""
    conn.execute(f"DROP TABLE IF EXISTS temp.versioned_{table}")
    conn.execute(f"CREATE TEMP TABLE versioned_{table} (platform TEXT, order_id TEXT, PRIMARY KEY (platform, order_id))")
    conn.execute(f"INSERT INTO temp.versioned_{table} SELECT DISTINCT platform, order_id FROM {versions}"
                 " WHERE import_id = ?", (x,))


def _remove_orders(conn, x: int) -> tuple[int, int]:
    _versioned(conn, "orders", "order_versions", x)
    cond = _IN_VERSIONED.format("orders")
    gone = conn.execute("DELETE FROM orders WHERE import_id = ?", (x,)).rowcount
    gone += conn.execute(f"DELETE FROM orders WHERE {cond}").rowcount
    conn.execute("DELETE FROM order_versions WHERE import_id = ?", (x,))
    versions = read_sql(
        f"SELECT v.*, i.newest AS _newest FROM order_versions v JOIN imports i ON i.id = v.import_id"
        f" WHERE {cond.replace('(platform, order_id)', '(v.platform, v.order_id)')}", conn)
    if not len(versions):
        return gone, 0
    merged = merge_order_versions(versions)
    cols = [c for c in merged.columns]
    conn.executemany(f"INSERT INTO orders ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     _plain_rows(merged))
    return gone - len(merged), len(merged)


def merge_order_versions(versions: pd.DataFrame) -> pd.DataFrame:
    """One row per order from its versions (SQL values), by the import rule (later export wins, blanks kept)."""
    v = versions.assign(_order=versions["_newest"].fillna(""))
    v = v.sort_values(["platform", "order_id", "_order", "import_id"], kind="stable")
    keys = ["platform", "order_id"]
    last = v.drop_duplicates(keys, keep="last").set_index(keys)
    for col in _ORDER_TEXT_COALESCE + _ORDER_TIME_COALESCE:
        present = v[col].where(v[col].notna() & (v[col].astype(object) != ""))
        filled = present.groupby([v["platform"], v["order_id"]], sort=False).last()
        last[col] = filled.reindex(last.index).to_numpy()
        if col in _ORDER_TEXT_COALESCE:
            last[col] = last[col].where(last[col].notna(), "")
    return last.reset_index().drop(columns=["_newest", "_order"])


def _remove_lines(conn, x: int) -> int:
    _versioned(conn, "lines", "line_versions", x)
    cond = _IN_VERSIONED.format("lines")
    gone = conn.execute("DELETE FROM lines WHERE import_id = ?", (x,)).rowcount
    gone += conn.execute(f"DELETE FROM lines WHERE {cond}").rowcount
    conn.execute("DELETE FROM line_versions WHERE import_id = ?", (x,))
    # per order, the best remaining version: a line report first, then the later export, then the later import
    best = read_sql(
        "SELECT v.platform, v.order_id, v.import_id, (i.kind = 'lines') AS report, coalesce(i.newest, '') AS newest"
        " FROM (SELECT DISTINCT platform, order_id, import_id FROM line_versions"
        f" WHERE {cond}) v JOIN imports i ON i.id = v.import_id", conn)
    if not len(best):
        return gone
    best = best.sort_values(["platform", "order_id", "report", "newest", "import_id"]).drop_duplicates(
        ["platform", "order_id"], keep="last")
    conn.execute("DROP TABLE IF EXISTS temp.line_winners")
    conn.execute("CREATE TEMP TABLE line_winners (platform TEXT, order_id TEXT, import_id INTEGER)")
    conn.executemany("INSERT INTO temp.line_winners VALUES (?, ?, ?)",
                     best[["platform", "order_id", "import_id"]].itertuples(index=False, name=None))
    body = "sku, title, quantity, price, refund_amount, status_raw"
    restored = conn.execute(
        f"INSERT INTO lines (platform, order_id, seq, {body}, import_id)"
        f" SELECT v.platform, v.order_id, v.seq, {', '.join('v.' + c for c in body.split(', '))}, v.import_id"
        " FROM line_versions v JOIN temp.line_winners w ON v.platform = w.platform AND v.order_id = w.order_id"
        " AND v.import_id = w.import_id").rowcount
    return gone - restored


def _remove_messages(conn, x: int) -> tuple[int, int]:
    conn.execute("DELETE FROM message_sources WHERE import_id = ?", (x,))
    # a message other imports also brought goes to the earliest of them
    conn.execute("DROP TABLE IF EXISTS temp.kept_messages")
    conn.execute("CREATE TEMP TABLE kept_messages (id INTEGER PRIMARY KEY)")
    kept = conn.execute("INSERT INTO temp.kept_messages SELECT id FROM messages WHERE import_id = ?"
                        " AND id IN (SELECT message_id FROM message_sources)", (x,)).rowcount
    if kept:
        conn.execute("UPDATE messages SET import_id = (SELECT min(s.import_id) FROM message_sources s"
                     " WHERE s.message_id = messages.id) WHERE id IN (SELECT id FROM temp.kept_messages)")
        _drop_owner_sources(conn, "kept_messages")
    conn.execute("DROP TABLE temp.kept_messages")
    gone = conn.execute("DELETE FROM messages WHERE import_id = ?", (x,)).rowcount
    return gone, kept


def _drop_owner_sources(conn, ids: str = "removed_messages") -> None:
    """A message's owner is not one of its further sources (of the messages whose ids ``temp.<ids>`` holds)."""
    conn.execute(f"DELETE FROM message_sources WHERE message_id IN (SELECT id FROM temp.{ids})"
                 " AND import_id = (SELECT m.import_id FROM messages m WHERE m.id = message_sources.message_id)")


def undo(conn: sqlite3.Connection) -> int:
    """Put back what the last removal changed (inside the caller's transaction); returns the import's id."""
    import_id = can_undo(conn)
    if import_id is None:
        raise LookupError("nothing to undo")
    conn.execute("INSERT INTO imports SELECT * FROM temp.removed_imports")
    conn.execute("INSERT INTO import_shops SELECT * FROM temp.removed_import_shops")
    for table, versions in (("orders", "order_versions"), ("lines", "line_versions")):
        cond = f"(platform, order_id) IN (SELECT platform, order_id FROM temp.touched_{table})"
        conn.execute(f"DELETE FROM {table} WHERE {cond}")
        conn.execute(f"INSERT INTO {table} SELECT * FROM temp.removed_{table}")
        conn.execute(f"DELETE FROM {versions} WHERE {cond}")
        conn.execute(f"INSERT INTO {versions} SELECT * FROM temp.removed_{versions}")
    conn.execute("DELETE FROM message_sources WHERE message_id IN (SELECT id FROM temp.removed_messages)")
    # no trigger: a message goes back with its own id and owner
    conn.execute("INSERT OR REPLACE INTO messages SELECT * FROM temp.removed_messages")
    conn.execute("INSERT OR IGNORE INTO message_sources SELECT * FROM temp.removed_message_sources")
    _drop_owner_sources(conn)  # the trigger listed the restored owner as a further source
    conn.execute("INSERT INTO inventory SELECT * FROM temp.removed_inventory")
    _reset_trash(conn)
    return import_id


def _plain_rows(frame: pd.DataFrame) -> list[tuple]:
    cols = []
    for c in frame.columns:
        values = frame[c].astype(object).to_numpy()
        cols.append([None if (v is None or (isinstance(v, float) and np.isnan(v))) else
                     (v.item() if isinstance(v, np.generic) else v) for v in values])
    return list(zip(*cols))
