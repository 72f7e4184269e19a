"""Reading the store: a date range (with optional history) as a Dataset, the stored days, imports, totals.

Mixed into ``Store`` (db.py); works on ``self._conn`` and the shop methods of shop_api.py
(``shop_ids``, ``inventory_snapshot``).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Iterable, Optional

import pandas as pd

from ..dataset import Dataset
from ..errors import RowProblem
from . import key_codes, read_cache, read_cache_columns
from .engine import read_sql
from .sql_values import LINE_COLS, MESSAGE_COLS, ORDER_COLS, day_text, from_sql

#: how far back dataset(..., history_days=HISTORY_DAYS) reaches for earlier paid orders
HISTORY_DAYS = 365
#: dataset()'s default: no history. model.compute has no notion of a period yet, so earlier paid
#: orders in the Dataset would be counted in the range's sales and KPIs. Callers that need
#: returning-buyer / RFM / unshipped history pass history_days=HISTORY_DAYS and read
#: ``dataset.period`` to tell the range from the history.
DEFAULT_HISTORY_DAYS = 0


class DatasetReads:
    """The reading methods of ``Store``."""

    def dataset(self, start: date | None = None, end: date | None = None, *,
                history_days: int = DEFAULT_HISTORY_DAYS, shops: Optional[Iterable] = None) -> Dataset:
        """The stored data for ``start`` .. ``end`` (both days included) as a Dataset.

        Included: orders created in the range; messages sent in the range; the inventory
        snapshot; order lines of every included order. With ``history_days`` > 0 (e.g.
        HISTORY_DAYS = 365), also the *paid* orders created in the ``history_days`` before
        ``start``, for returning-buyer, RFM, membership and unshipped checks; unpaid orders from
        before ``start`` are never included (a reminder is only due on recent orders).
        The returned Dataset carries ``period = (start, end)`` so a caller can tell the range's
        orders (created on or after ``start``) from the history. ``shops`` (ids, names or
        (platform, name) pairs; None or empty = all, as the shop selector says) keeps those shops'
        rows and the shared inventory; an unknown shop raises KeyError.
        """
        if shops is not None and not isinstance(shops, (str, tuple)):
            shops = list(shops)  # read once: a generator would be empty by the time shop_ids() reads it
        shop_ids = self.shop_ids(shops) if shops is not None and len(shops) else None
        shop_sql = "" if shop_ids is None else f" IN ({', '.join(str(int(i)) for i in shop_ids) or 'NULL'})"
        lo = day_text(start)
        hi = day_text(end + timedelta(days=1)) if end is not None else None
        cond, args = [], []
        if lo:
            cond.append("o.created >= ?")
            args.append(lo)
        if hi:
            cond.append("o.created < ?")
            args.append(hi)
        where = " AND ".join(cond) or "1 = 1"
        if lo and history_days:
            hist_lo = day_text(start - timedelta(days=int(history_days)))
            where = f"({where}) OR (o.paid IS NOT NULL AND o.created >= ? AND o.created < ?)"
            args += [hist_lo, lo]
        if shop_sql:
            where = f"o.shop_id{shop_sql} AND ({where})"
        cache = getattr(self, "read_cache", None)  # store/read_cache.py (attached by the window)
        if cache is not None:
            print_ = read_cache.fingerprint(self)
            cache_key = (lo, hi, int(history_days or 0) if lo else 0,
                         None if shop_ids is None else sorted(int(i) for i in shop_ids))
            kept = cache.load(print_, cache_key)
            if kept is not None:  # the frames, and the model's keys made when they were read
                return self._dataset_of(start, end, kept.frames, kept.codes, shop_ids, shop_sql, kept.keys)
        cols = ", ".join("o." + c for c in ORDER_COLS)
        orders = read_sql(
            f"SELECT {cols}{key_codes.select_codes('orders', 'o')} FROM orders o WHERE {where} ORDER BY o.created, o.order_id",
            self._conn, params=args)
        # the same condition selects the lines of exactly those orders
        lines = read_sql(
            f"SELECT {', '.join('l.' + c for c in LINE_COLS)}{key_codes.select_codes('lines', 'l')}"
            " FROM lines l JOIN orders o"
            f" ON l.platform = o.platform AND l.order_id = o.order_id WHERE {where}"
            " ORDER BY l.platform, l.order_id, l.seq",
            self._conn, params=args,
        )
        mcond, margs = [], []
        if lo:
            mcond.append("time >= ?")
            margs.append(lo)
        if hi:
            mcond.append("time < ?")
            margs.append(hi)
        if shop_sql:
            mcond.append(f"shop_id{shop_sql}")
        messages = read_sql(
            f"SELECT {', '.join(MESSAGE_COLS)}{key_codes.select_codes('messages')} FROM messages WHERE {' AND '.join(mcond) or '1 = 1'}"
            " ORDER BY time, id", self._conn, params=margs)
        # the rows' key codes (store/key_codes.py), split off: the model's keys are made from them below
        (orders, o_codes), (lines, l_codes), (messages, m_codes) = (
            key_codes.split_codes(orders, "orders"), key_codes.split_codes(lines, "lines"),
            key_codes.split_codes(messages, "messages"))
        frames = {"orders": from_sql(orders, "orders"), "lines": from_sql(lines, "lines"),
                  "messages": from_sql(messages, "messages")}
        codes = {"orders": o_codes, "lines": l_codes, "messages": m_codes}
        ds = self._dataset_of(start, end, frames, codes, shop_ids, shop_sql)
        if cache is not None and read_cache.fingerprint(self) == print_:  # nothing written meanwhile
            cache.save(print_, cache_key, {k: v.copy(deep=False) for k, v in frames.items()},
                       ds.model_keys, codes)
        return ds

    def _dataset_of(self, start, end, frames: dict, codes: dict, shop_ids, shop_sql: str,
                    keys: Optional[dict] = None) -> Dataset:
        """The Dataset of a range's rows (``frames`` in the schema's types, ``codes`` their key codes, or
        ``keys``: the model's keys kept by the read cache) with the inventory snapshot and the imports'
        problems and sources, read now."""
        inventory = self.inventory_snapshot(shop_ids)
        problems = []
        sources = []
        # with a shop choice: the imports that brought those shops' rows, and the shared ones
        of_shops = "" if not shop_sql else (
            f" WHERE id IN (SELECT import_id FROM import_shops WHERE shop_id{shop_sql})"
            " OR id NOT IN (SELECT import_id FROM import_shops)")
        for file, label, fmt, probs in self._conn.execute(
                f"SELECT file, format_label, format, problems FROM imports{of_shops} ORDER BY id"):
            sources.append((file, label or fmt))
            problems.extend(RowProblem(**p) for p in json.loads(probs or "[]"))
        ds = Dataset(
            orders=frames["orders"],
            lines=frames["lines"],
            messages=frames["messages"],
            inventory=from_sql(inventory, "inventory"),
            problems=problems,
            sources=sources,
        )
        ds.period = (start, end)  # type: ignore[attr-defined]  # not a Dataset field (not ours to change)
        if not read_cache_columns.attach_keys(ds, keys):
            key_codes.attach_keys(ds, codes)
        return ds

    def date_range(self) -> tuple[date, date] | None:
        """First and last day holding an order or a message; None when the store is empty."""
        # each min and max on its own: one step down an index each (both in one SELECT scan the table)
        row = self._conn.execute(
            "SELECT (SELECT min(created) FROM orders), (SELECT max(created) FROM orders),"
            " (SELECT min(time) FROM messages), (SELECT max(time) FROM messages)").fetchone()
        lows, highs = [v for v in row[0::2] if v is not None], [v for v in row[1::2] if v is not None]
        if not lows:
            return None
        return pd.Timestamp(min(lows)).date(), pd.Timestamp(max(highs)).date()

    def imports(self) -> pd.DataFrame:
        """One row per import: id, file, hash, format, format_label, sheet, rows, skipped, problems, time."""
        frame = read_sql(
            "SELECT id, file, hash, format, format_label, sheet, kind, rows, skipped, problems,"
            " imported_at AS time, newest FROM imports ORDER BY id", self._conn,
        )
        frame["problems"] = [json.loads(p or "[]") for p in frame["problems"]]
        return frame

    def totals(self) -> dict[str, float]:
        """Row counts and money sums of what is stored (for checks and the status bar)."""
        o = self._conn.execute(
            "SELECT count(*), coalesce(sum(paid_amount), 0), coalesce(sum(refund_amount), 0),"
            " count(paid) FROM orders").fetchone()
        return {
            "orders": o[0], "paid_amount": float(o[1]), "refund_amount": float(o[2]),
            "paid_orders": int(o[3] or 0),
            "lines": self._conn.execute("SELECT count(*) FROM lines").fetchone()[0],
            "messages": self._conn.execute("SELECT count(*) FROM messages").fetchone()[0],
            "inventory": self._conn.execute("SELECT count(*) FROM inventory").fetchone()[0],
            "imports": self._conn.execute("SELECT count(*) FROM imports").fetchone()[0],
        }
