"""Recognise a file by its header row and read it: ``detect``, ``load_file``, ``load_files``.

Every table format (orders, order lines, chats, inventory) is a module-level ``FORMAT`` object
with ``score(headers)`` and ``read(table, reporter)``. A .txt file whose start looks like a
Qianniu copied chat log goes to ``chats_qianniu.read_text``. A workbook may hold several
recognised sheets (a Qianniu export with 订单报表 + 销售明细): the best sheet of each kind is read
and merged into one ImportResult (orders + lines). Nothing recognised (no score ≥ 0.5) raises
``UnrecognisedFormat`` carrying the headers, and the GUI offers the column-mapping dialog; a
mapping saved for the same header row (``MappingStore``) is applied automatically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Optional

import pandas as pd

from ..errors import InputError, RowProblem, UnrecognisedFormat
from ..progress import CancelFn, ProgressFn, Reporter
from . import chats_plain, chats_qianniu, inventory
from . import orders_douyin, orders_jd, orders_pdd, orders_shopify, orders_taobao, orders_taobao_detail
from .base import KIND_CHATS, KIND_LINES, KIND_ORDERS, ImportResult, RawTable
from .mapping import ColumnMapping, MappingStore, read_mapped
from .readers import dropped_rows, read_head_text, read_raw_tables

#: A format is accepted from this score on.
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Detection:
    """What a file (its best sheet) was recognised as."""

    format_id: str
    label: str
    kind: str
    sheet: Optional[str]
    headers: tuple[str, ...]
    score: float


def all_formats() -> list:
    """Every table format, orders first (ties go to the earlier one)."""
    return [
        orders_taobao.ORDERS, orders_taobao_detail.FORMAT, orders_taobao.LINES, orders_jd.FORMAT, orders_pdd.FORMAT,
        orders_douyin.FORMAT, orders_shopify.FORMAT,
        chats_plain.FORMAT, chats_qianniu.FORMAT, inventory.FORMAT,
    ]


def _format_by_id(fid: str):
    for f in all_formats():
        if f.id == fid:
            return f
    raise KeyError(fid)


def best_format(headers: list[str]) -> tuple[Optional[object], float]:
    """The best-scoring format for ``headers`` and its score (None, 0.0 when none scores)."""
    best, best_score = None, 0.0
    for fmt in all_formats():
        try:
            s = float(fmt.score(list(headers)))
        except Exception:  # a format's scorer must never stop detection of the others
            s = 0.0
        if s > best_score:
            best, best_score = fmt, s
    return best, best_score


def _is_qianniu_text(path: str) -> bool:
    if os.path.splitext(path)[1].lower() not in (".txt", ".log", ".text", ""):
        return False
    try:
        head = read_head_text(path)
    except InputError:
        with open(path, "rb") as fh:  # UTF-16 without a BOM: the Qianniu decoder knows it by its NULs
            head = chats_qianniu.decode(fh.read(64 * 1024))[0]
    return bool(chats_qianniu.sniff(head))


def _scored_tables(tables: list[RawTable]) -> list[tuple[RawTable, object, float]]:
    out = []
    for t in tables:
        fmt, score = best_format(t.headers)
        out.append((t, fmt, score))
    return out


def detect(path) -> Detection:
    """Recognise ``path``; raises UnrecognisedFormat (with the headers) when nothing fits."""
    path = os.fspath(path)
    if _is_qianniu_text(path):
        return Detection(chats_qianniu.FORMAT_ID, chats_qianniu.FORMAT_LABEL, KIND_CHATS, None, (), 1.0)
    tables = read_raw_tables(path)
    scored = _scored_tables(tables)
    t, fmt, score = max(scored, key=lambda x: x[2])
    if fmt is None or score < MIN_SCORE:
        raise _unrecognised(path, tables)
    return Detection(fmt.id, fmt.label, fmt.kind, t.sheet, tuple(t.headers), score)


def _unrecognised(path: str, tables: list[RawTable]) -> UnrecognisedFormat:
    t = max(tables, key=lambda x: len(x.headers))
    shown = ", ".join(t.headers[:12]) + (" …" if len(t.headers) > 12 else "")
    return UnrecognisedFormat(
        f"the columns are not those of a known export / 无法识别的表格格式 (columns: {shown}).",
        file=os.path.basename(path), sheet=t.sheet, row=t.header_row, headers=list(t.headers),
        hint="请在列映射对话框中指定各列，之后同样表头的文件会自动使用。/ Map the columns by hand in the "
             "column-mapping dialog; the choice is remembered for files with the same columns.")


def load_file(path, progress: Optional[ProgressFn] = None, should_cancel: Optional[CancelFn] = None,
              mapping: Optional[ColumnMapping] = None, store: Optional[MappingStore] = None) -> ImportResult:
    """Read one file into an ImportResult.

    ``mapping`` forces the mapped reader (on the sheet that has the mapped headers). Otherwise
    the file is recognised by its headers; an unrecognised table whose header row has a mapping
    saved in ``store`` is read with it. Rows the reader dropped (blank, footer, malformed) are
    added to ``problems``.
    """
    reporter = Reporter(progress, should_cancel)
    path = os.fspath(path)
    if mapping is None and _is_qianniu_text(path):
        return chats_qianniu.read_text(path, reporter)
    # One bar for the whole file: reading is the first 70 % of the work, normalising the rest
    # (each phase reports its own done/total; without scaling the bar would jump back).
    tables = read_raw_tables(path, _scaled(progress, should_cancel, 0, 700))
    reporter = _scaled(progress, should_cancel, 700, 1000)
    if mapping is not None:
        t = _table_for_mapping(tables, mapping)
        return _with_dropped(read_mapped(t, mapping, reporter), [t])
    scored = _scored_tables(tables)
    good = [(t, f, s) for t, f, s in scored if f is not None and s >= MIN_SCORE]
    if not good:
        if store is not None:
            for t in tables:
                saved = store.get(t.headers)
                if saved is not None:
                    return _with_dropped(read_mapped(t, saved, reporter), [t])
        raise _unrecognised(path, tables)
    # Best sheet per kind; further sheets of the same format are appended (monthly sheets).
    by_kind: dict[str, list[tuple[RawTable, object, float]]] = {}
    for item in sorted(good, key=lambda x: -x[2]):
        by_kind.setdefault(item[1].kind, []).append(item)
    results: list[ImportResult] = []
    used: list[RawTable] = []
    jobs = [(items[0][1], [t for t, f, _ in items if f is items[0][1]]) for items in by_kind.values()]
    n_parts = sum(len(same) for _, same in jobs)
    k = 0
    for fmt, same in jobs:
        parts = []
        for t in same:
            # Each sheet gets its own slice of the normalising range of the bar.
            lo = 700 + 300 * k // n_parts
            hi = 700 + 300 * (k + 1) // n_parts
            parts.append(fmt.read(t, _scaled(progress, should_cancel, lo, hi)))
            k += 1
        used += same
        results.append(_concat(parts))
    res = _merge(results, path)
    return _with_dropped(res, used)


def _scaled(progress: Optional[ProgressFn], should_cancel: Optional[CancelFn], lo: int,
            hi: int) -> Reporter:
    """A Reporter whose progress lands in [lo, hi] of a 1000-step bar."""
    if progress is None:
        return Reporter(None, should_cancel)
    high = [lo]

    def sub(done, total, text=""):
        frac = min(max(done / total, 0.0), 1.0) if total else 0.0
        high[0] = max(high[0], lo + int((hi - lo) * frac))  # never backwards
        progress(high[0], 1000, text)

    return Reporter(sub, should_cancel)


def _table_for_mapping(tables: list[RawTable], mapping: ColumnMapping) -> RawTable:
    want = {h for h in mapping.fields.values() if h}
    for t in tables:
        if want <= set(t.headers):
            return t
    return tables[0]


def _with_dropped(res: ImportResult, tables: list[RawTable]) -> ImportResult:
    if tables and not res.headers:
        res.headers = tuple(tables[0].headers)
    extra: list[RowProblem] = []
    for t in tables:
        extra += dropped_rows(t)
    if extra:
        res.problems = sorted(extra + list(res.problems), key=lambda p: (p.sheet or "", p.row))
    return res


def _concat(parts: list[ImportResult]) -> ImportResult:
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    for name in ("orders", "lines", "messages", "inventory"):
        frames = [p.frame(name) for p in parts if p.frame(name) is not None]
        setattr(first, name, pd.concat(frames, ignore_index=True) if frames else None)
    first.problems = [q for p in parts for q in p.problems]
    first.rows_read = sum(p.rows_read for p in parts)
    return first


def _merge(results: list[ImportResult], path: str) -> ImportResult:
    """One result per file: orders from the order sheet, lines from the line sheet."""
    if len(results) == 1:
        return results[0]
    order = {KIND_ORDERS: 0, KIND_LINES: 1}
    results = sorted(results, key=lambda r: order.get(r.kind, 2))
    main = results[0]
    for other in results[1:]:
        for name in ("orders", "lines", "messages", "inventory"):
            mine, theirs = main.frame(name), other.frame(name)
            if theirs is None:
                continue
            if mine is None or name == "lines" and other.kind == KIND_LINES:
                # A dedicated line sheet beats lines derived from the order sheet.
                setattr(main, name, theirs)
            else:
                setattr(main, name, pd.concat([mine, theirs], ignore_index=True))
        main.problems = list(main.problems) + list(other.problems)
        main.rows_read += other.rows_read
    labels = [r.format_label for r in results]
    main.format_label = " + ".join(dict.fromkeys(labels))
    main.path = path
    return main


def load_files(paths: Iterable, progress: Optional[ProgressFn] = None,
               should_cancel: Optional[CancelFn] = None,
               store: Optional[MappingStore] = None) -> list[ImportResult]:
    """``load_file`` for each path; progress is reported per file (done = files finished)."""
    paths = list(paths)
    out = []
    for i, p in enumerate(paths):
        high = [0]

        def sub(done, total, text, _i=i, _high=high):
            # Each file is 1000 steps, so the bar moves inside a long file too; reading and
            # normalising report separately, so keep the bar from going backwards.
            if progress:
                part = int(1000 * min(done, total) / total) if total else 0
                _high[0] = max(_high[0], part)
                progress(_i * 1000 + _high[0], len(paths) * 1000, text)
        out.append(load_file(p, sub, should_cancel, store=store))
    if progress:
        progress(len(paths) * 1000, len(paths) * 1000, "")
    return out
