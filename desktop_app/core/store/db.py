"""The daily history store: one SQLite file holding every import, handled marks and membership levels.

Rules (docs/store.md has the user-facing version):

* Every import is recorded (file name, SHA-256 of its bytes, format id, row counts, problems as
  JSON, time). Importing the same content again changes nothing and returns the existing record
  flagged ``duplicate``.
* Orders are upserted by (platform, order_id). The *later* export wins: the file whose newest
  timestamp is newer, then the one imported later. The winner's status, amounts, remark and
  flags replace the stored ones; times, buyer, shop and contact fields the winner leaves blank
  are kept from the other export (an export without a 发货时间 column must not erase one).
* Order lines are replaced per order, by the same later-export rule. Messages are de-duplicated
  on (time, buyer, agent, sender, text). The inventory snapshot is replaced by the latest import.
* One transaction per import (``BEGIN IMMEDIATE`` ... ``COMMIT``, WAL journal, foreign keys on):
  an error, a cancel or a killed process part-way leaves the store exactly as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Optional

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..errors import RowProblem
from ..importers.base import KIND_LINES, ImportResult
from ..model.settings import DEFAULT_SETTINGS
from ..progress import CancelFn, ProgressFn, Reporter
from ..schema import LINE_COLUMNS, MESSAGE_COLUMNS, ORDER_COLUMNS, conform, empty_frame
from . import faults, migrations, provenance, shops
from . import open as store_open
from .privacy import make_database_private, minimise_orders, private_umask
from .shop_api import ShopsAndImports

#: file name of the database inside the data directory
DB_FILE = "history.sqlite3"
#: rows written per executemany call; progress and cancel are checked between chunks
CHUNK_ROWS = 2000
#: the order checks whose items can be marked handled (the Results frame of the same name)
CHECKS = ("unshipped", "out_of_stock", "unpaid")
#: handled marks of accepted quality hits (platform "", order_id = the hit id; model/quality_summary.py)
QUALITY_CHECK = "quality"
#: how far back dataset(..., history_days=HISTORY_DAYS) reaches for earlier paid orders
HISTORY_DAYS = 365
#: dataset()'s default: no history. model.compute has no notion of a period yet, so earlier paid
#: orders in the Dataset would be counted in the range's sales and KPIs. Callers that need
#: returning-buyer / RFM / unshipped history pass history_days=HISTORY_DAYS and read
#: ``dataset.period`` to tell the range from the history.
DEFAULT_HISTORY_DAYS = 0
#: seconds a handled mark or a level waits for another process's write (it runs on the GUI thread)
SMALL_WRITE_WAIT = 2.0

_ORDER_COLS = list(ORDER_COLUMNS)
_LINE_COLS = [c for c in LINE_COLUMNS]
_MESSAGE_COLS = list(MESSAGE_COLUMNS)
_TIME_COLS = [c for c, t in ORDER_COLUMNS.items() if t.startswith("datetime")]
#: fields a later export does not blank: when the winner has nothing, the other export's value stays
_COALESCE = ["shop", "buyer", "created", "paid", "shipped", "ship_by",
             "receiver_name", "receiver_phone", "receiver_address"]


@dataclass(frozen=True)
class ImportRecord:
    """What one import did (or, for a duplicate, the record of the earlier identical import)."""

    id: int
    file: str
    hash: str
    format_id: str
    rows: int
    skipped: int
    problems: int
    time: str
    duplicate: bool = False
    orders_new: int = 0
    orders_updated: int = 0
    lines: int = 0
    messages_new: int = 0
    inventory: int = 0


def default_data_dir() -> Path:
    """Where the history lives unless the user passes ``--data-dir``."""
    import platformdirs

    return Path(platformdirs.user_data_dir("desktop-app", "desktop-app"))


class Store(ShopsAndImports):
    """One history database. Use as a context manager, or call ``close()``.

    ``keep_full_contacts``: store receivers' names, phones and addresses as exported (default: only
    masked name and phone, province and city; store/privacy.py). ``busy_wait``: seconds an import waits
    for another process's import before StoreBusy. Faults raise the StoreError kinds of store/faults.py;
    a healthy file that may not be written opens with ``read_only`` True.
    """

    def __init__(self, path: str | Path, *, keep_full_contacts: bool = False,
                 busy_wait: float = faults.BUSY_WAIT) -> None:
        self.path = Path(path)
        self.keep_full_contacts = bool(keep_full_contacts)
        self.busy_wait = float(busy_wait)
        # folder, a read-only look (newer schema, damage), read-only or read-write (store/open.py);
        # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves, one per import.
        self._conn, self.read_only = store_open.connect(self.path, self.busy_wait)
        try:
            if not self.read_only:
                self._migrate()
                store_open.enforce_privacy(self._conn, self.path, self.keep_full_contacts, self.busy_wait)
        except Exception:
            self._conn.close()
            raise

    @classmethod
    def open(cls, data_dir: str | Path | None = None, **options: Any) -> "Store":
        """Open (creating or migrating) ``<data_dir>/history.sqlite3``; the default directory is per user.

        ``options``: ``keep_full_contacts``, ``busy_wait`` (see the class)."""
        base = Path(data_dir) if data_dir is not None else default_data_dir()
        return cls(base / DB_FILE, **options)

    @staticmethod
    def set_aside_damaged(path: str | Path) -> Path:
        """Rename a damaged history (``StoreDamaged.path``, or its data folder) with the time, untouched,
        so the next open starts a fresh one; returns where it went."""
        return store_open.set_aside(Path(path))

    # --- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def version(self) -> int:
        """The schema version of the open file."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def backup(self, target: str | Path) -> Path:
        """Copy the whole database, consistently, to ``target`` (SQLite's online backup)."""
        target = Path(target)
        with private_umask():
            target.parent.mkdir(parents=True, exist_ok=True)
            dest = sqlite3.connect(str(target))
        try:
            self._conn.backup(dest)
        finally:
            dest.close()
        make_database_private(target)
        return target

    def _migrate(self) -> None:
        current = self.version
        if current == migrations.LATEST:
            return
        if current > 0:
            # Keep a copy of the old file before changing its schema; cheap insurance (SQLite's online
            # backup: consistent even while another process writes).
            self.backup(self.path.with_name(f"{self.path.name}.v{current}.bak"))
        faults.begin_write(self._conn, self.path, wait=self.busy_wait)
        try:
            # again under the write lock: another process may have created or migrated the file meanwhile
            migrations.migrate(self._conn, self.version)
            self._conn.execute("COMMIT")
        except BaseException as exc:
            faults.rollback_quietly(self._conn)
            _reraise(exc, self.path)

    # --- imports ---------------------------------------------------------------------------
    def import_results(
        self,
        results: Iterable[ImportResult],
        *,
        progress: Optional[ProgressFn] = None,
        should_cancel: Optional[CancelFn] = None,
        shop: Optional[str] = None,
    ) -> list[ImportRecord]:
        """Import several results in order, each in its own transaction."""
        return [self.import_result(r, progress=progress, should_cancel=should_cancel, shop=shop) for r in results]

    def import_result(
        self,
        result: ImportResult,
        *,
        progress: Optional[ProgressFn] = None,
        should_cancel: Optional[CancelFn] = None,
        shop: Optional[str] = None,
    ) -> ImportRecord:
        """Store one file's data in a single transaction; the same content twice is a no-op.

        ``shop`` names the shop of rows the file does not give one (store/shops.py has the rules).

        Raises ImportCancelled (store unchanged) when ``should_cancel()`` returns True.
        """
        reporter = Reporter(progress, should_cancel)
        content_hash = _content_hash(result)
        sheet = result.sheet or ""
        existing = self._conn.execute(
            "SELECT id FROM imports WHERE hash = ? AND format = ? AND sheet = ?",
            (content_hash, result.format_id, sheet),
        ).fetchone()
        if existing:
            return dataclasses.replace(self._record(existing[0]), duplicate=True)

        frames = _frames(result)
        if not self.keep_full_contacts:  # privacy at rest: only what the checks need (store/privacy.py)
            frames["orders"] = minimise_orders(frames["orders"])
        problems = list(result.problems)
        msgs = frames["messages"]
        if msgs is not None and msgs["time"].isna().any():
            # a message needs its time (it is part of its identity); importers normally drop such rows
            lost = int(msgs["time"].isna().sum())
            frames["messages"] = msgs[msgs["time"].notna()].reset_index(drop=True)
            problems.append(RowProblem(file=Path(result.path).name, row=0,
                                       reason=f"{lost} message(s) without a time were not stored "
                                              f"/ {lost} 条没有时间的消息未保存"))
        newest = _newest(frames)
        now = datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")
        total = sum(len(f) for f in frames.values() if f is not None) or 1
        counter = _Counter(reporter, total, Path(result.path).name)
        conn = self._conn
        self._before_write()
        faults.begin_write(conn, self.path, wait=self.busy_wait, should_cancel=reporter.should_cancel,
                           report=lambda text: reporter.progress(0, total, text))
        try:
            # again inside the write lock: another process may have imported the same file meanwhile
            existing = conn.execute(
                "SELECT id FROM imports WHERE hash = ? AND format = ? AND sheet = ?",
                (content_hash, result.format_id, sheet),
            ).fetchone()
            if existing:
                conn.execute("ROLLBACK")
                return dataclasses.replace(self._record(existing[0]), duplicate=True)
            cur = conn.execute(
                "INSERT INTO imports (file, hash, format, format_label, sheet, kind, rows, skipped, problems,"
                " imported_at, newest) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    Path(result.path).name, content_hash, result.format_id, result.format_label or "",
                    sheet, result.kind or "", int(result.rows_read or 0),
                    sum(1 for p in problems if p.skipped),
                    # default=str: a problem's value may be a number or a timestamp from the cell
                    json.dumps([dataclasses.asdict(p) for p in problems], ensure_ascii=False,
                               default=str),
                    now, newest,
                ),
            )
            import_id = int(cur.lastrowid)
            shops.assign(conn, result, frames, import_id, shop)
            stats: dict[str, int] = {}
            if frames["orders"] is not None:
                stats["orders_new"], stats["orders_updated"] = self._upsert_orders(
                    frames["orders"], import_id, newest, counter)
            if frames["lines"] is not None:
                stats["lines"] = self._replace_lines(frames["lines"], import_id, newest, counter,
                                                     from_line_report=result.kind == KIND_LINES)
            if frames["messages"] is not None:
                stats["messages_new"] = self._insert_messages(frames["messages"], import_id, counter)
            if frames["inventory"] is not None:
                stats["inventory"] = self._replace_inventory(frames["inventory"], import_id, counter)
            reporter.check()
            provenance.forget_removal(conn)  # an import after a removal: that removal stays
            conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite may have rolled back already (disk full, I/O error): report that error, not the rollback's
            faults.rollback_quietly(conn)
            _reraise(exc, self.path)
        reporter.progress(total, total, Path(result.path).name)
        return dataclasses.replace(self._record(import_id), **stats)

    def _record(self, import_id: int) -> ImportRecord:
        row = self._conn.execute(
            "SELECT id, file, hash, format, rows, skipped, problems, imported_at FROM imports WHERE id = ?",
            (import_id,),
        ).fetchone()
        return ImportRecord(
            id=row[0], file=row[1], hash=row[2], format_id=row[3], rows=row[4], skipped=row[5],
            problems=len(json.loads(row[6] or "[]")), time=row[7],
        )

    def _upsert_orders(self, new: pd.DataFrame, import_id: int, newest: Optional[str],
                       counter: "_Counter") -> tuple[int, int]:
        conn = self._conn
        # One row per order: the last one in the file wins, as the file's own later row.
        new = new.drop_duplicates(["platform", "order_id"], keep="last").reset_index(drop=True)
        old = self._stored_for_keys("orders", new[["platform", "order_id"]])
        new = new.assign(import_id=import_id, _newest=newest)
        if len(old):
            merged = new.merge(old, on=["platform", "order_id"], how="left", suffixes=("", "_old"),
                               indicator=True)
            had = (merged["_merge"] == "both").to_numpy()
            new_wins = _later(newest, merged["_newest_old"]) | ~had
            out = pd.DataFrame({"platform": merged["platform"], "order_id": merged["order_id"]})
            provenance.keep_order_versions(conn, new[had], import_id)
            for col in [c for c in _ORDER_COLS if c not in ("platform", "order_id")] + ["import_id", "shop_id"]:
                mine, theirs = merged[col], merged[col + "_old"]
                winner = mine.where(new_wins, theirs) if had.any() else mine
                if col in _COALESCE:
                    other = theirs.where(new_wins, mine)
                    winner = winner.where(~_blank(winner) | ~had, other)
                out[col] = winner.to_numpy()
            out["import_id"] = out["import_id"].astype("int64")
            n_new = int((~had).sum())
        else:
            out = new
            n_new = len(new)
        cols = _ORDER_COLS + ["import_id", "shop_id"]
        sql = (f"INSERT OR REPLACE INTO orders ({', '.join(cols)}) "
               f"VALUES ({', '.join('?' * len(cols))})")
        rows = _records(conform(out, "orders").assign(import_id=out["import_id"].to_numpy(),
                                                      shop_id=out["shop_id"].to_numpy()), cols)
        counter.executemany(conn, sql, rows)
        return n_new, len(out) - n_new

    def _replace_lines(self, new: pd.DataFrame, import_id: int, newest: Optional[str],
                       counter: "_Counter", *, from_line_report: bool = False) -> int:
        conn = self._conn
        keys = new[["platform", "order_id"]].drop_duplicates().reset_index(drop=True)
        self._fill_keys(keys)
        owners = pd.read_sql_query(
            "SELECT DISTINCT l.platform, l.order_id, i.newest, i.kind FROM lines l JOIN temp.keys k"
            " ON l.platform = k.platform AND l.order_id = k.order_id JOIN imports i ON i.id = l.import_id",
            conn, dtype={"platform": object, "order_id": object, "newest": object, "kind": object},
        )
        if len(owners):
            provenance.keep_line_versions(conn, new, import_id)
            # The stored lines of an order stay when they came from a newer export than this one, or
            # from a dedicated line report (宝贝报表) while this file only derives lines from order rows
            # (the same priority as Dataset.from_results).
            wins = _later(newest, owners["newest"])
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
        cols = ["platform", "order_id", "seq"] + [c for c in _LINE_COLS if c not in ("platform", "order_id")]
        cols.append("import_id")
        sql = f"INSERT INTO lines ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        counter.executemany(conn, sql, _records(new, cols))
        return len(new)

    def _insert_messages(self, new: pd.DataFrame, import_id: int, counter: "_Counter") -> int:
        cols = _MESSAGE_COLS + ["import_id", "shop_id"]
        sql = f"INSERT OR IGNORE INTO messages ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        counter.executemany(self._conn, sql, _records(new.assign(import_id=import_id), cols))
        # (total_changes also counts the rows the messages_sources trigger writes for the duplicates)
        return self._conn.execute("SELECT count(*) FROM messages WHERE import_id = ?", (import_id,)).fetchone()[0]

    def _replace_inventory(self, new: pd.DataFrame, import_id: int, counter: "_Counter") -> int:
        # An inventory sheet is a snapshot: the latest import of a shop (or of the shared sheet) is read,
        # the earlier ones are kept so that removing the latest brings the previous one back.
        cols = ["sku", "title", "available", "import_id", "shop_id"]
        sql = "INSERT INTO inventory (sku, title, available, import_id, shop_id) VALUES (?,?,?,?,?)"
        counter.executemany(self._conn, sql, _records(new.assign(import_id=import_id), cols))
        return len(new)

    def _fill_keys(self, keys: pd.DataFrame) -> None:
        conn = self._conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS keys (platform TEXT, order_id TEXT,"
                     " PRIMARY KEY (platform, order_id))")
        conn.execute("DELETE FROM temp.keys")
        conn.executemany("INSERT OR IGNORE INTO temp.keys VALUES (?, ?)",
                         keys.itertuples(index=False, name=None))

    def _stored_for_keys(self, table: str, keys: pd.DataFrame) -> pd.DataFrame:
        self._fill_keys(keys)
        frame = pd.read_sql_query(
            f"SELECT t.*, i.newest AS _newest FROM {table} t JOIN temp.keys k"
            " ON t.platform = k.platform AND t.order_id = k.order_id JOIN imports i ON i.id = t.import_id",
            self._conn,
        )
        return _from_sql(frame, "orders", extra=["import_id", "shop_id", "_newest"])

    # --- reading ---------------------------------------------------------------------------
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
        shop_ids = self.shop_ids(shops) if shops is not None and len(list(shops)) else None
        shop_sql = "" if shop_ids is None else f" IN ({', '.join(str(int(i)) for i in shop_ids) or 'NULL'})"
        lo = _day_text(start)
        hi = _day_text(end + timedelta(days=1)) if end is not None else None
        cond, args = [], []
        if lo:
            cond.append("o.created >= ?")
            args.append(lo)
        if hi:
            cond.append("o.created < ?")
            args.append(hi)
        where = " AND ".join(cond) or "1"
        if lo and history_days:
            hist_lo = _day_text(start - timedelta(days=int(history_days)))
            where = f"({where}) OR (o.paid IS NOT NULL AND o.created >= ? AND o.created < ?)"
            args += [hist_lo, lo]
        if shop_sql:
            where = f"o.shop_id{shop_sql} AND ({where})"
        cols = ", ".join("o." + c for c in _ORDER_COLS)
        orders = pd.read_sql_query(
            f"SELECT {cols} FROM orders o WHERE {where} ORDER BY o.created, o.order_id",
            self._conn, params=args)
        # the same condition selects the lines of exactly those orders
        lines = pd.read_sql_query(
            f"SELECT {', '.join('l.' + c for c in _LINE_COLS)} FROM lines l JOIN orders o"
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
        messages = pd.read_sql_query(
            f"SELECT {', '.join(_MESSAGE_COLS)} FROM messages WHERE {' AND '.join(mcond) or '1'}"
            " ORDER BY time, id", self._conn, params=margs)
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
            orders=_from_sql(orders, "orders"),
            lines=_from_sql(lines, "lines"),
            messages=_from_sql(messages, "messages"),
            inventory=_from_sql(inventory, "inventory"),
            problems=problems,
            sources=sources,
        )
        ds.period = (start, end)  # type: ignore[attr-defined]  # not a Dataset field (not ours to change)
        return ds

    def date_range(self) -> tuple[date, date] | None:
        """First and last day holding an order or a message; None when the store is empty."""
        row = self._conn.execute(
            "SELECT min(lo), max(hi) FROM (SELECT min(created) lo, max(created) hi FROM orders"
            " UNION ALL SELECT min(time), max(time) FROM messages)"
        ).fetchone()
        if not row or row[0] is None:
            return None
        return pd.Timestamp(row[0]).date(), pd.Timestamp(row[1]).date()

    def imports(self) -> pd.DataFrame:
        """One row per import: id, file, hash, format, format_label, sheet, rows, skipped, problems, time."""
        frame = pd.read_sql_query(
            "SELECT id, file, hash, format, format_label, sheet, kind, rows, skipped, problems,"
            " imported_at AS time, newest FROM imports ORDER BY id", self._conn,
        )
        frame["problems"] = [json.loads(p or "[]") for p in frame["problems"]]
        return frame

    def totals(self) -> dict[str, float]:
        """Row counts and money sums of what is stored (for checks and the status bar)."""
        o = self._conn.execute(
            "SELECT count(*), coalesce(sum(paid_amount), 0), coalesce(sum(refund_amount), 0),"
            " sum(paid IS NOT NULL) FROM orders").fetchone()
        return {
            "orders": o[0], "paid_amount": float(o[1]), "refund_amount": float(o[2]),
            "paid_orders": int(o[3] or 0),
            "lines": self._conn.execute("SELECT count(*) FROM lines").fetchone()[0],
            "messages": self._conn.execute("SELECT count(*) FROM messages").fetchone()[0],
            "inventory": self._conn.execute("SELECT count(*) FROM inventory").fetchone()[0],
            "imports": self._conn.execute("SELECT count(*) FROM imports").fetchone()[0],
        }

    # --- handled marks ------------------------------------------------------------------------
    def set_handled(self, check: str, platform: str, order_id: str, *, note: str = "", who: str = "",
                    handled: bool = True) -> None:
        """Mark an order-check item handled (with a note, who and when), or clear the mark."""
        if check not in CHECKS + (QUALITY_CHECK,):
            raise ValueError(f"unknown check {check!r}; expected one of {', '.join(CHECKS)}")
        with self._tx():
            if handled:
                self._conn.execute(
                    'INSERT OR REPLACE INTO handled ("check", platform, order_id, note, who, at)'
                    " VALUES (?,?,?,?,?,?)",
                    (check, str(platform), str(order_id), note or "", who or "",
                     datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
                )
            else:
                self._conn.execute('DELETE FROM handled WHERE "check" = ? AND platform = ? AND order_id = ?',
                                   (check, str(platform), str(order_id)))

    def handled(self) -> pd.DataFrame:
        """Every handled mark: check, platform, order_id, note, who, at (datetime)."""
        frame = pd.read_sql_query(
            'SELECT "check", platform, order_id, note, who, at FROM handled ORDER BY at, "check", order_id',
            self._conn, dtype={c: object for c in ("check", "platform", "order_id", "note", "who")},
        )
        frame["at"] = pd.to_datetime(frame["at"], format="ISO8601").astype("datetime64[ns]")
        return frame

    def apply_handled(self, results: Any) -> None:
        """Fill the ``handled`` column of results.unshipped / out_of_stock / unpaid from the marks."""
        marks = self.handled()
        for check in CHECKS:
            frame = getattr(results, check, None)
            if frame is None:
                continue
            done = marks[marks["check"] == check]
            keys = set(zip(done["platform"], done["order_id"]))
            if len(frame):
                flags = [(str(p), str(o)) in keys for p, o in zip(frame["platform"], frame["order_id"])]
            else:
                flags = []
            frame["handled"] = pd.Series(flags, index=frame.index, dtype=bool)
        if getattr(results, "quality", None) is not None:
            # accepted quality hits (false positives): check "quality", order_id = the hit id
            from ..model.quality_summary import apply_accepted

            apply_accepted(results, marks)

    # --- membership levels ----------------------------------------------------------------------
    def levels(self) -> dict[str, str]:
        """buyer -> stored membership level (to pass to the model as previous levels)."""
        return dict(self._conn.execute("SELECT buyer, level FROM levels"))

    def update_levels(self, customers: pd.DataFrame, level_names: Optional[Iterable[str]] = None) -> int:
        """Record the computed ``level`` of each buyer in ``customers``; a level only ever rises.

        ``level_names`` lists the levels from lowest to highest (default: the settings' levels).
        A level lowered by hand stays until the computed level rises above the one computed when
        it was lowered. Returns the number of buyers whose stored level changed.
        """
        if self.read_only:  # nothing can be saved; the computed levels are shown all the same
            return 0
        names = list(level_names) if level_names is not None else [n for n, _ in DEFAULT_SETTINGS.levels]
        rank = {n: i for i, n in enumerate(names)}
        stored = {b: (lvl, bool(m), auto) for b, lvl, m, auto in
                  self._conn.execute("SELECT buyer, level, manual, auto_level FROM levels")}
        now = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        changes = []
        for buyer, level in zip(customers["buyer"].astype(str), customers["level"]):
            if not buyer or not isinstance(level, str) or not level:
                continue
            old = stored.get(buyer)
            r = rank.get(level, -1)
            if old is None:
                changes.append((buyer, level, 0, "", now))
            elif old[1]:  # set by hand: only a genuinely higher computed level replaces it
                if not old[2]:
                    # set without knowing the computed level: this one is the baseline to rise above
                    changes.append((buyer, old[0], 1, level, now))
                elif r > rank.get(old[2], -1) and r > rank.get(old[0], -1):
                    changes.append((buyer, level, 0, "", now))
            elif r > rank.get(old[0], -1):
                changes.append((buyer, level, 0, "", now))
        with self._tx():
            self._conn.executemany(
                "INSERT OR REPLACE INTO levels (buyer, level, manual, auto_level, at) VALUES (?,?,?,?,?)",
                changes)
        return len(changes)

    def set_level(self, buyer: str, level: str, *, computed: str | None = None) -> None:
        """Set a buyer's level by hand (may lower it). ``computed`` is the model's level at the time."""
        old = self._conn.execute("SELECT level, manual, auto_level FROM levels WHERE buyer = ?",
                                 (buyer,)).fetchone()
        auto = computed if computed is not None else (old[2] if old and old[1] else (old[0] if old else ""))
        with self._tx():
            self._conn.execute(
                "INSERT OR REPLACE INTO levels (buyer, level, manual, auto_level, at) VALUES (?,?,?,?,?)",
                (buyer, level, 1, auto or "", datetime.now().strftime("%Y-%m-%d %H:%M:%S")))

    def _tx(self) -> "_Transaction":
        return _Transaction(self)

    def _before_write(self) -> None:
        """Refuse to write a read-only store, or a damaged one (``PRAGMA quick_check`` before each import)."""
        if self.read_only:
            raise faults.read_only(self.path)
        store_open.check_damage(self.path)


class _Transaction:
    """One small write (a handled mark, a level): read-only refused, busy waited for, faults said plainly."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store._conn

    def __enter__(self) -> None:
        if self.store.read_only:
            raise faults.read_only(self.store.path)
        faults.begin_write(self.conn, self.store.path, wait=min(self.store.busy_wait, SMALL_WRITE_WAIT))

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.Error as failed:
                exc = failed
        faults.rollback_quietly(self.conn)
        _reraise(exc, self.store.path)


def _reraise(exc: BaseException, path: Path) -> None:
    """Raise what ``exc`` means for the user (faults.translate), chained to it; ``exc`` itself otherwise."""
    translated = faults.translate(exc, path)
    if translated is exc:
        raise exc
    raise translated from exc


class _Counter:
    """Writes rows in chunks, reporting progress and honouring cancel between chunks."""

    def __init__(self, reporter: Reporter, total: int, label: str) -> None:
        self.reporter = reporter
        self.total = total
        self.done = 0
        self.label = label

    def executemany(self, conn: sqlite3.Connection, sql: str, rows: list[tuple]) -> None:
        for i in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[i:i + CHUNK_ROWS]
            conn.executemany(sql, chunk)
            self.done += len(chunk)
            self.reporter.step(min(self.done, self.total), self.total, self.label)


# --- helpers ------------------------------------------------------------------------------------

def _content_hash(result: ImportResult) -> str:
    """SHA-256 of the file's bytes; for a result without a file on disk, of its frames."""
    digest = hashlib.sha256()
    path = Path(result.path)
    if path.is_file():
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    for name in ("orders", "lines", "messages", "inventory"):
        frame = result.frame(name)
        if frame is not None:
            digest.update(name.encode())
            digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _frames(result: ImportResult) -> dict[str, Optional[pd.DataFrame]]:
    out: dict[str, Optional[pd.DataFrame]] = {}
    for name in ("orders", "lines", "messages", "inventory"):
        frame = result.frame(name)
        out[name] = None if frame is None else conform(frame, name)
    return out


def _newest(frames: dict[str, Optional[pd.DataFrame]]) -> Optional[str]:
    """The newest timestamp in a file: how we tell which of two overlapping exports is later."""
    stamps = []
    if frames["orders"] is not None:
        stamps += [frames["orders"][c].max() for c in ("created", "paid", "shipped")]
    if frames["messages"] is not None:
        stamps.append(frames["messages"]["time"].max())
    stamps = [s for s in stamps if s is not None and not pd.isna(s)]
    return _ts_text(max(stamps)) if stamps else None


def _later(newest: Optional[str], stored: pd.Series) -> np.ndarray:
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


def _ts_text(ts: Any) -> str:
    ts = pd.Timestamp(ts)
    text = ts.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{ts.microsecond:06d}" if ts.microsecond else text


def _day_text(d: date | None) -> str | None:
    return None if d is None else pd.Timestamp(d).strftime("%Y-%m-%d")


def _sql_column(s: pd.Series) -> list:
    """A column as Python values SQLite accepts: ISO text for times, None for missing, int for flags."""
    if pd.api.types.is_datetime64_any_dtype(s):
        base = s.dt.strftime("%Y-%m-%d %H:%M:%S")
        micro = s.dt.microsecond.fillna(0).astype("int64")
        text = base.where(micro == 0, base + "." + micro.map("{:06d}".format))
        return [None if pd.isna(v) else v for v in text.astype(object)]
    if pd.api.types.is_bool_dtype(s):
        return s.astype("int64").tolist()
    if pd.api.types.is_float_dtype(s):
        return [None if v != v else v for v in s.tolist()]
    if pd.api.types.is_integer_dtype(s):
        return s.tolist()
    values = s.astype(object).tolist()
    return [None if (v is None or (isinstance(v, float) and v != v)) else v for v in values]


def _records(frame: pd.DataFrame, cols: list[str]) -> list[tuple]:
    columns = [_sql_column(frame[c]) for c in cols]
    return list(zip(*columns)) if columns else []


def _from_sql(frame: pd.DataFrame, kind: str, extra: Optional[list[str]] = None) -> pd.DataFrame:
    """Back from SQLite types to the schema's dtypes (times parsed, flags as bool, text "" not None)."""
    schema = {"orders": ORDER_COLUMNS, "lines": LINE_COLUMNS, "messages": MESSAGE_COLUMNS}.get(kind)
    if kind == "inventory":
        return conform(frame, "inventory") if len(frame) else empty_frame("inventory")
    if not len(frame):
        out = empty_frame(kind)
        for c in extra or []:
            out[c] = pd.Series(dtype=object)
        return out
    frame = frame.copy()
    for name, t in schema.items():
        if name in frame.columns and t.startswith("datetime"):
            frame[name] = pd.to_datetime(frame[name], format="ISO8601").astype("datetime64[ns]")
    out = conform(frame, kind)
    for c in extra or []:
        out[c] = frame[c].to_numpy()
    return out
