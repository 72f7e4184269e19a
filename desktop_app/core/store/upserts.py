"""Writing one import's rows over the stored ones, by the later-export rule (db.py's docstring).

* Orders are upserted by (platform, order_id). The *later* export wins: the file whose newest
  timestamp is newer, then the one imported later. The winner's status, amounts, remark and
  flags replace the stored ones; times, buyer, shop and contact fields the winner leaves blank
  are kept from the other export (an export without a 发货时间 column must not erase one).
* Order lines are replaced per order, by the same later-export rule; lines from a dedicated line
  report (宝贝报表) are not replaced by lines an order export derives from its rows.
* Messages are de-duplicated on (time, buyer, agent, sender, text) by the table's unique key.
* Inventory sheets are snapshots: each import's rows are kept, the latest is read.

Plain functions on the connection, called by ``Store.import_result`` (importing.py) inside its
transaction; ``counter`` writes the rows in chunks, reporting progress and honouring cancel (db.py).
Before a row is overwritten, provenance.py keeps the versions an import removal needs.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Optional

import numpy as np
import pandas as pd

from ..importers.base import KIND_LINES
from ..schema import conform
from . import bulk_load, bulk_messages, key_codes, provenance, sqlite_bulk
from .engine import SQLITE, engine_of, read_sql
from .pg_copy_text import rows_for
from .sql_values import LINE_COLS, MESSAGE_COLS, ORDER_COLS, from_sql

if TYPE_CHECKING:
    from .db import _Counter

#: fields a later export does not blank: when the winner has nothing, the other export's value stays
COALESCE = ["shop", "buyer", "created", "paid", "shipped", "ship_by",
            "receiver_name", "receiver_phone", "receiver_address"]


def upsert_orders(conn: sqlite3.Connection, new: pd.DataFrame, import_id: int, newest: Optional[str],
                  counter: "_Counter") -> tuple[int, int]:
    """Insert the import's orders or merge them into the stored ones; returns (new, updated)."""
    # One row per order: the last one in the file wins, as the file's own later row.
    new = new.drop_duplicates(["platform", "order_id"], keep="last").reset_index(drop=True)
    old = stored_for_keys(conn, "orders", new[["platform", "order_id"]])
    new = new.assign(import_id=import_id, _newest=newest)
    if len(old):
        merged = new.merge(old, on=["platform", "order_id"], how="left", suffixes=("", "_old"),
                           indicator=True)
        had = (merged["_merge"] == "both").to_numpy()
        new_wins = later(newest, merged["_newest_old"]) | ~had
        out = pd.DataFrame({"platform": merged["platform"], "order_id": merged["order_id"]})
        provenance.keep_order_versions(conn, new[had], import_id)
        for col in [c for c in ORDER_COLS if c not in ("platform", "order_id")] + ["import_id", "shop_id"]:
            mine, theirs = merged[col], merged[col + "_old"]
            winner = mine.where(new_wins, theirs) if had.any() else mine
            if col in COALESCE:
                other = theirs.where(new_wins, mine)
                winner = winner.where(~_blank(winner) | ~had, other)
            out[col] = winner.to_numpy()
        out["import_id"] = out["import_id"].astype("int64")
        n_new = int((~had).sum())
    else:
        out = new
        n_new = len(new)
    cols = ORDER_COLS + ["import_id", "shop_id"] + key_codes.code_columns("orders")
    sql = (f"INSERT OR REPLACE INTO orders ({', '.join(cols)}) "
           f"VALUES ({', '.join('?' * len(cols))})")
    written = conform(out, "orders").assign(import_id=out["import_id"].to_numpy(), shop_id=out["shop_id"].to_numpy())
    written = key_codes.with_codes(conn, "orders", written)
    with bulk_load.IndexesOff(conn, "orders", len(written)) as off:  # a big first import: indexes built after
        if off and not len(old):  # none of them stored: new rows, straight in (COPY on PostgreSQL)
            plain = f"INSERT INTO orders ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            counter.write_frame(bulk_load.writer(conn, "orders", cols), plain,
                                bulk_load.whole_integers(written, cols, _integer), cols)
        else:
            counter.write_frame(conn, sql, written, cols)
    return n_new, len(out) - n_new


def replace_lines(conn: sqlite3.Connection, new: pd.DataFrame, import_id: int, newest: Optional[str],
                  counter: "_Counter", *, from_line_report: bool = False) -> int:
    """Replace the stored lines of the import's orders where this import wins; returns lines written."""
    keys = new[["platform", "order_id"]].drop_duplicates().reset_index(drop=True)
    if _empty(conn, "lines"):  # nothing stored to replace or keep (a first import): no keys to look up
        keys = keys.iloc[:0]
    fill_keys(conn, keys)
    owners = read_sql(
        "SELECT DISTINCT l.platform, l.order_id, i.newest, i.kind FROM lines l JOIN temp.keys k"
        " ON l.platform = k.platform AND l.order_id = k.order_id JOIN imports i ON i.id = l.import_id",
        conn, dtype={"platform": object, "order_id": object, "newest": object, "kind": object},
    )
    if len(owners):
        provenance.keep_line_versions(conn, new, import_id)
        # The stored lines of an order stay when they came from a newer export than this one, or
        # from a dedicated line report (宝贝报表) while this file only derives lines from order rows
        # (the same priority as Dataset.from_results).
        wins = later(newest, owners["newest"])
        if not from_line_report:
            wins &= (owners["kind"] != KIND_LINES).to_numpy()
        owners = owners.assign(_wins=wins)
        keep_old = owners[~owners["_wins"]]
        if len(keep_old):
            drop = pd.MultiIndex.from_frame(keep_old[["platform", "order_id"]])
            idx = pd.MultiIndex.from_frame(new[["platform", "order_id"]])
            new = new[~idx.isin(drop)]
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS replace_keys (platform TEXT, order_id TEXT)")
        conn.execute("DELETE FROM temp.replace_keys")
        replaced = owners[owners["_wins"]]
        conn.executemany("INSERT INTO temp.replace_keys VALUES (?, ?)",
                         replaced[["platform", "order_id"]].itertuples(index=False, name=None))
        conn.execute("DELETE FROM lines WHERE (platform, order_id) IN "
                     "(SELECT platform, order_id FROM temp.replace_keys)")
    new = new.assign(seq=new.groupby(["platform", "order_id"], sort=False).cumcount().to_numpy(),
                     import_id=import_id)
    cols = ["platform", "order_id", "seq"] + [c for c in LINE_COLS if c not in ("platform", "order_id")]
    cols += ["import_id"] + key_codes.code_columns("lines")
    sql = f"INSERT INTO lines ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    new = key_codes.with_codes(conn, "lines", new)
    with bulk_load.IndexesOff(conn, "lines", len(new)) as off:
        if off:
            counter.write_frame(bulk_load.writer(conn, "lines", cols), sql, bulk_load.whole_integers(new, cols, _integer),
                                cols)
        else:
            counter.write_frame(conn, sql, new, cols)
    return len(new)


def insert_messages(conn: sqlite3.Connection, new: pd.DataFrame, import_id: int, counter: "_Counter") -> int:
    """Insert the messages not stored yet; returns how many this import brought."""
    cols = MESSAGE_COLS + ["import_id", "shop_id"] + key_codes.code_columns("messages")
    # in time order (a stable sort: the file's order within a second, so its first duplicate still wins):
    # each chunk then touches one stretch of the identity index
    new = new.iloc[np.argsort(new["time"].to_numpy(), kind="stable")]
    sql = f"INSERT OR IGNORE INTO messages ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    coded = key_codes.with_codes(conn, "messages", new.assign(import_id=import_id))
    written = bulk_messages.write(conn, coded, cols, import_id, counter)  # more than the store holds
    if written is not None:
        return written
    if engine_of(conn) == SQLITE:  # the sources trigger's work once per chunk (sqlite_bulk.py)
        sqlite_bulk.insert_messages(conn, coded, cols, counter)
    else:
        counter.write_frame(conn, sql, coded, cols)
    # (total_changes also counts the rows the messages_sources trigger writes for the duplicates)
    return conn.execute("SELECT count(*) FROM messages WHERE import_id = ?", (import_id,)).fetchone()[0]


def replace_inventory(conn: sqlite3.Connection, new: pd.DataFrame, import_id: int, counter: "_Counter") -> int:
    """Store the import's inventory sheet; returns its rows."""
    # An inventory sheet is a snapshot: the latest import of a shop (or of the shared sheet) is read,
    # the earlier ones are kept so that removing the latest brings the previous one back.
    cols = ["sku", "title", "available", "import_id", "shop_id"]
    sql = "INSERT INTO inventory (sku, title, available, import_id, shop_id) VALUES (?,?,?,?,?)"
    counter.write_frame(conn, sql, new.assign(import_id=import_id), cols)
    return len(new)


def fill_keys(conn: sqlite3.Connection, keys: pd.DataFrame) -> None:
    """Put the (platform, order_id) pairs of ``keys`` in ``temp.keys`` (emptied first)."""
    # dropped and made again, not emptied: on PostgreSQL a DELETE leaves the keys' dead entries in the index,
    # and the next import's same keys (lines after orders) each visit them
    conn.execute("DROP TABLE IF EXISTS temp.keys")
    conn.execute("CREATE TEMP TABLE keys (platform TEXT, order_id TEXT, PRIMARY KEY (platform, order_id))")
    conn.executemany("INSERT OR IGNORE INTO temp.keys VALUES (?, ?)",
                     rows_for(conn, keys, ["platform", "order_id"]))


def stored_for_keys(conn: sqlite3.Connection, table: str, keys: pd.DataFrame) -> pd.DataFrame:
    """The stored orders of ``keys`` with their import_id, shop_id and their import's ``_newest``."""
    if _empty(conn, table):  # a first import: nothing stored, no keys to send
        keys = keys.iloc[:0]
    fill_keys(conn, keys)
    frame = read_sql(
        f"SELECT t.*, i.newest AS _newest FROM {table} t JOIN temp.keys k"
        " ON t.platform = k.platform AND t.order_id = k.order_id JOIN imports i ON i.id = t.import_id",
        conn,
    )
    return from_sql(frame, "orders", extra=["import_id", "shop_id", "_newest"])


def _integer(column: str) -> bool:
    return column in ("import_id", "shop_id", "seq") or column.endswith("_code")


def _empty(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None


def later(newest: Optional[str], stored: pd.Series) -> np.ndarray:
    """True where an export with ``newest`` is at least as late as the stored export.

    Equal or unknown newest timestamps fall back to import time, and this import is always the
    later one, so it wins.
    """
    stored = stored.astype(object)
    if newest is None:
        return np.ones(len(stored), dtype=bool)
    missing = stored.isna().to_numpy()
    return missing | (stored.fillna("").astype(str).to_numpy() <= newest)


def _blank(s: pd.Series) -> pd.Series:
    if s.dtype == object:
        return s.isna() | (s.astype(str) == "")
    return s.isna()
