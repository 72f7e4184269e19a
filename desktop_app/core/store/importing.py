"""Importing files into the store: one transaction per file, the import's record, duplicates.

Mixed into ``Store`` (db.py, whose docstring states the rules); works on ``self._conn``,
``self._before_write()`` (refuse a read-only or damaged store) and ``self._chunked()`` (rows written in
chunks with progress and cancel). The rows themselves go in by upserts.py's later-export rule; which
shop they belong to is shops.py's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable, Optional

import pandas as pd

from ..errors import RowProblem
from ..importers.base import KIND_LINES, ImportResult
from ..progress import CancelFn, ProgressFn, Reporter
from ..schema import conform
from . import faults, shops, upserts
from .privacy import minimise_orders
from .sql_values import ts_text


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


class Importing:
    """The import methods of ``Store``."""

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
        counter = self._chunked(reporter, total, Path(result.path).name)
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
                stats["orders_new"], stats["orders_updated"] = upserts.upsert_orders(
                    conn, frames["orders"], import_id, newest, counter)
            if frames["lines"] is not None:
                stats["lines"] = upserts.replace_lines(conn, frames["lines"], import_id, newest, counter,
                                                       from_line_report=result.kind == KIND_LINES)
            if frames["messages"] is not None:
                stats["messages_new"] = upserts.insert_messages(conn, frames["messages"], import_id, counter)
            if frames["inventory"] is not None:
                stats["inventory"] = upserts.replace_inventory(conn, frames["inventory"], import_id, counter)
            reporter.check()
            conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite may have rolled back already (disk full, I/O error): report that error, not the rollback's
            faults.rollback_quietly(conn)
            faults.reraise(exc, self.path)
        self._forget_removal(checkpoint=True)  # an import after a removal: that removal stays
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
    return ts_text(max(stamps)) if stamps else None
