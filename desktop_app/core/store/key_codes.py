"""The store's integer codes of its text keys: buyers, agents, order ids, platforms and chat shop names.

Every model run groups and joins on these text columns; hashing millions of them again at every range
change costs seconds (1,000,000 orders + 5,000,000 messages: ~2.8 s). So the store keeps, beside each
text column, an integer code (``buyer_code``, ``order_id_code``, ...) from a dictionary table
(``codes_buyers`` (code, name), ...) written at import:

* A code is given once and never changes: a new import only adds the names not coded yet (codes
  max + 1, max + 2, ... in order of first appearance). Names of removed rows stay in the dictionaries.
* Codes are assigned in pandas against the dictionary read once per import (no database-specific
  feature: plain INSERTs of explicit codes), so the same code runs on SQLite and PostgreSQL.
* A row written without its codes (a removal rebuilding an order from its versions, a store written
  by an older app) gets them from ``fill_missing`` (the migration to version 5 does the whole store);
  reading a range whose rows lack a code falls back to hashing the text (the results are the same).

Reading a range (dataset_reads.py) reads the code columns with the text and hands them to
model/coded_keys.py, which builds the model's prepared keys without hashing any text (the names are
the rows' own text, so no dictionary is read).
"""

from __future__ import annotations

import os
import sqlite3
from typing import Optional

import numpy as np
import pandas as pd

from .engine import read_sql
from .pg_copy_text import CopyText, rows_for

#: table -> {text column: dictionary}; the code column is ``<text column>_code``
CODED: dict[str, dict[str, str]] = {
    "orders": {"buyer": "buyers", "order_id": "order_ids", "platform": "platforms"},
    "lines": {"order_id": "order_ids", "platform": "platforms"},
    "messages": {"buyer": "buyers", "agent": "agents", "shop": "shop_names"},
}
#: the dictionaries (table ``codes_<name>``)
DICTIONARIES = ("buyers", "agents", "order_ids", "platforms", "shop_names")


def code_column(column: str) -> str:
    return f"{column}_code"


def dictionary_table(dictionary: str) -> str:
    return f"codes_{dictionary}"


def code_columns(table: str) -> list[str]:
    """The code columns of ``table`` (orders, lines, messages), in CODED's order."""
    return [code_column(c) for c in CODED[table]]


def _text(values) -> np.ndarray:
    """Text values as the store keeps them (missing as "": the coded columns are NOT NULL)."""
    arr = np.asarray(values, dtype=object)
    if pd.api.types.infer_dtype(arr, skipna=False) == "string":  # all text: no NA mask to make
        return arr
    missing = pd.isna(arr)
    if missing.any():
        arr = np.where(missing, "", arr).astype(object)
    return arr


def read_dictionary(conn: sqlite3.Connection, dictionary: str, above: int = -1) -> pd.DataFrame:
    """(code, name) rows of ``dictionary`` with code > ``above``."""
    return read_sql(f"SELECT code, name FROM {dictionary_table(dictionary)} WHERE code > ?", conn,
                             params=[int(above)], dtype={"code": "int64", "name": object})


def assign(conn: sqlite3.Connection, dictionary: str, values) -> np.ndarray:
    """The codes of ``values`` (int64, one per value), adding the names not coded yet to the dictionary.

    Inside the caller's write transaction: the dictionary is read once, the new names get the next
    codes in order of first appearance.
    """
    arr = _text(values)
    if not len(arr):
        return np.zeros(0, dtype=np.int64)
    value_codes, names = pd.factorize(arr)
    known = read_dictionary(conn, dictionary)
    at = pd.Index(known["name"].to_numpy(dtype=object)).get_indexer(names) if len(known) else \
        np.full(len(names), -1, dtype=np.intp)
    codes = np.where(at >= 0, known["code"].to_numpy(dtype=np.int64)[np.maximum(at, 0)] if len(known) else 0, -1)
    new = np.flatnonzero(at < 0)
    if len(new):
        start = int(known["code"].max()) + 1 if len(known) else 0
        codes[new] = start + np.arange(len(new), dtype=np.int64)
        added = pd.DataFrame({"code": codes[new], "name": np.asarray(names[new], dtype=object).astype(str)})
        rows = rows_for(conn, added, ["code", "name"])
        if isinstance(rows, CopyText):  # PostgreSQL: new names, new codes: straight in by COPY, no staging table
            conn.copy_rows(dictionary_table(dictionary), ["code", "name"], rows)
        else:
            conn.executemany(f"INSERT INTO {dictionary_table(dictionary)} (code, name) VALUES (?, ?)", rows)
    return codes.astype(np.int64)[value_codes]


def with_codes(conn: sqlite3.Connection, table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows about to be written to ``table``) with its code columns added."""
    return frame.assign(**{code_column(col): assign(conn, dictionary, frame[col].to_numpy(dtype=object))
                           for col, dictionary in CODED[table].items()})


def fill_missing(conn: sqlite3.Connection, table: str, where: str = "1 = 1", args: tuple = ()) -> None:
    """Give the rows of ``table`` matching ``where`` that lack a code theirs (new names are added).

    Portable SQL: the names the dictionary lacks are coded in pandas, then one UPDATE with a subquery per
    code column. Rows rebuilt by a removal carry names coded long ago: nothing is read but their own
    (each looked up through the dictionary's UNIQUE index), not the whole dictionary.
    """
    columns = CODED[table]
    lacking = " OR ".join(f"{code_column(c)} IS NULL" for c in columns)
    for col, dictionary in columns.items():
        names = read_sql(
            f"SELECT DISTINCT {col} AS name FROM {table} WHERE ({where}) AND {code_column(col)} IS NULL"
            f" AND NOT EXISTS (SELECT 1 FROM {dictionary_table(dictionary)} d WHERE d.name = {table}.{col})",
            conn, params=list(args), dtype={"name": object})
        if len(names):
            assign(conn, dictionary, names["name"].to_numpy(dtype=object))
    sets = ", ".join(
        f"{code_column(c)} = coalesce({code_column(c)}, (SELECT d.code FROM {dictionary_table(d_name)} d"
        f" WHERE d.name = {table}.{c}))" for c, d_name in columns.items())
    conn.execute(f"UPDATE {table} SET {sets} WHERE ({where}) AND ({lacking})", args)


DDL = [f"CREATE TABLE {dictionary_table(d)} (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"
       for d in DICTIONARIES] + [
    f"ALTER TABLE {table} ADD COLUMN {code_column(col)} INTEGER"
    for table, columns in CODED.items() for col in columns]


def step(conn: sqlite3.Connection) -> None:
    """Migration to version 5: the dictionaries, the code columns, and every stored row coded."""
    for statement in DDL:
        conn.execute(statement)
    for table in CODED:
        fill_missing(conn, table)


def split_codes(frame: pd.DataFrame, table: str) -> tuple[pd.DataFrame, Optional[dict[str, np.ndarray]]]:
    """(``frame`` without its code columns, {text column: int64 codes}); the codes are None when a row
    lacks one (rows written without codes: the caller hashes the text instead)."""
    cols = code_columns(table)
    present = [c for c in cols if c in frame.columns]
    rest = frame.drop(columns=present)
    if len(present) < len(cols):
        return rest, None
    out = {}
    for col in CODED[table]:
        values = frame[code_column(col)]
        if values.isna().any():
            return rest, None
        out[col] = values.to_numpy(dtype=np.int64)
    return rest, out


#: set DESKTOP_APP_STORE_CODES=0 to read ranges without their codes (the model then hashes the text,
#: as before version 5): the baseline of bench/store_read_bench.py and bench/startup_bench.py
ENV_SWITCH = "DESKTOP_APP_STORE_CODES"


def codes_enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "1") != "0"


def select_codes(table: str, alias: str = "") -> str:
    """``, <alias>.buyer_code, ...`` to add to a SELECT of ``table``'s rows ('' with codes switched off)."""
    if not codes_enabled():
        return ""
    prefix = f"{alias}." if alias else ""
    return "".join(f", {prefix}{c}" for c in code_columns(table))


def attach_keys(dataset, codes: dict) -> bool:
    """Give ``dataset`` its model keys from the codes read with its rows (``codes``: table -> the
    split_codes result); False (nothing attached: the model hashes the text) when a table's rows lack
    codes. ``dataset``'s frames must be the rows the codes were read with, in the same order."""
    if any(codes.get(t) is None for t in CODED):
        return False
    from ..model.coded_keys import StoredCodes, keys_from_codes  # the model is heavy: only when reading

    o, ln, m = codes["orders"], codes["lines"], codes["messages"]
    keys_from_codes(dataset, StoredCodes(
        order_buyer=o["buyer"], order_id=o["order_id"], order_platform=o["platform"],
        line_order_id=ln["order_id"], line_platform=ln["platform"],
        message_buyer=m["buyer"], agent=m["agent"], message_shop=m["shop"]))
    return True


def fill_removal(conn: sqlite3.Connection) -> None:
    """After a removal (provenance.py) rebuilt orders and lines from their other versions: code them.

    The rebuilt ones are listed in ``temp.versioned_orders`` / ``temp.versioned_lines``.
    """
    for table in ("orders", "lines"):
        fill_missing(conn, table, f"(platform, order_id) IN (SELECT platform, order_id FROM temp.versioned_{table})")
