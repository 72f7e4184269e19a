"""Headless daily run against the history store: ``import``, ``imports`` and ``report --data-dir``.

    python -m desktop_app import FILE... [--data-dir DIR | --database URL] [--shop NAME]
    python -m desktop_app imports [--data-dir DIR | --database URL] [--json OUT] [--remove ID]
    python -m desktop_app report --data-dir DIR | --database URL [--shop NAME...] [--from DATE] [--to DATE] [--json OUT] [--xlsx OUT]

``import`` stores each file exactly as the window does (same reader, same saved column mappings, same
idempotency: the same file twice changes nothing) and prints one line per file; problems go to stderr.
Exit codes: 0 ok, 2 bad input (a missing or unreadable file, an unknown shop or import id); the good
files of a run are imported even when another one is bad. Each file is one transaction: a killed run
leaves the store as it was before the file it was importing.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Optional, TextIO

from .cli import EXIT_BAD_INPUT, EXIT_OK, _bad, _mapping_store, _Parser, write_json_text, write_xlsx_report
from .cli_database import add_database_argument, driver_errors, store_failure
from .errors import ImportCancelled, InputError, SchemaTooNew, UnrecognisedFormat


def _open_store(args):
    """The command's store: ``--database URL``, else the SQLite file of ``--data-dir`` (core/cli_database.py)."""
    from .cli_database import open_command_store

    return open_command_store(args.data_dir, getattr(args, "database", None))


def _mappings_folder(store):
    """Where the window keeps its column mappings for this store: beside a SQLite file, else the
    per-user data folder (a server's store has no folder of its own)."""
    path = getattr(store, "path", None)
    if isinstance(path, Path):  # a server's store has a DatabaseUrl there
        return path.parent
    from .store.db import default_data_dir

    return default_data_dir()


def _data_dir_help() -> str:
    return ("the app's data folder (history database, saved column mappings); default: the window's own "
            "per-user folder")


def import_main(argv: list[str], out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """``import FILE... [--data-dir DIR | --database URL] [--shop NAME]``; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    p = _Parser(prog="desktop_app import",
                description="导入到历史数据库 / import exports into the history store, as the window does.")
    p.add_argument("files", nargs="+", metavar="FILE", help="order exports, chat logs, inventory sheets")
    p.add_argument("--data-dir", metavar="DIR", help=_data_dir_help())
    add_database_argument(p)
    p.add_argument("--shop", metavar="NAME",
                   help="shop of rows whose file names none (no 店铺名称 column, no 店铺名: sub-account); "
                        "remembered for files with the same headers")
    args = p.parse_args(argv)
    from .importers.registry import load_file

    try:
        store = _open_store(args)
    except driver_errors() as exc:
        return _bad(store_failure("import", exc), err)
    mappings = _mapping_store(args.data_dir or str(_mappings_folder(store)))
    code = EXIT_OK
    with store:
        for path in args.files:
            name = os.path.basename(path)
            if not os.path.isfile(path):
                print(f"{path}: 找不到文件 / file not found", file=err)
                code = EXIT_BAD_INPUT
                continue
            try:
                result = load_file(path, store=mappings)
                record = store.import_result(result, shop=args.shop)
            except UnrecognisedFormat as exc:
                print(f"{exc.location()}: 无法识别的表格格式，请先在窗口中打开并指定各列。/ unrecognised columns: open it "
                      "once in the window and map its columns (the mapping is saved in the data folder).", file=err)
                code = EXIT_BAD_INPUT
                continue
            except InputError as exc:
                print(exc.describe(), file=err)
                code = EXIT_BAD_INPUT
                continue
            except ImportCancelled:
                print(f"{name}: 已取消 / cancelled", file=err)
                code = EXIT_BAD_INPUT
                continue
            out.write(summary_line(name, result, record) + "\n")
            for problem in result.problems[:5]:
                print(f"  {problem.describe()}", file=err)
            if len(result.problems) > 5:
                print(f"  … {len(result.problems) - 5} more / 另有 {len(result.problems) - 5} 个问题", file=err)
    return code


def summary_line(name: str, result, record) -> str:
    """One line per imported file: what it was and what it changed."""
    if record.duplicate:
        return (f"{name}: 已导入过，未改变任何数据 / already imported (import #{record.id}), nothing changed")
    parts = [f"{name}: #{record.id} {result.format_label}", f"{record.rows:,} rows"]
    if record.orders_new or record.orders_updated:
        parts.append(f"orders +{record.orders_new:,} new / {record.orders_updated:,} updated")
    if record.lines:
        parts.append(f"lines {record.lines:,}")
    if record.messages_new or result.kind == "chats":
        parts.append(f"messages +{record.messages_new:,}")
    if record.inventory:
        parts.append(f"inventory {record.inventory:,} SKUs")
    if record.skipped or record.problems:
        parts.append(f"skipped {record.skipped:,}, problems {record.problems:,}")
    return " · ".join(parts)


def imports_main(argv: list[str], out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """``imports [--data-dir DIR | --database URL] [--json OUT] [--remove ID]``; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    p = _Parser(prog="desktop_app imports", description="列出或删除导入 / list the imports, or remove one.")
    p.add_argument("--data-dir", metavar="DIR", help=_data_dir_help())
    add_database_argument(p)
    p.add_argument("--json", metavar="OUT", help="write the list as JSON here ('-' = stdout)")
    p.add_argument("--remove", type=int, metavar="ID",
                   help="remove this import: what it alone brought goes, what other imports also brought stays")
    args = p.parse_args(argv)
    try:
        store = _open_store(args)
    except driver_errors() as exc:
        return _bad(store_failure("imports", exc), err)
    with store:
        if args.remove is not None:
            try:
                stats = store.remove_import(args.remove)
            except KeyError:
                return _bad(f"imports: 没有编号为 {args.remove} 的导入 / there is no import {args.remove} "
                            "(python -m desktop_app imports lists them)", err)
            out.write(f"removed import #{args.remove} / 已删除导入: orders -{stats['orders_removed']:,} "
                      f"(rebuilt {stats['orders_rebuilt']:,}), messages -{stats['messages_removed']:,} "
                      f"(kept {stats['messages_kept']:,}), inventory -{stats['inventory_removed']:,}\n")
            return EXIT_OK
        listing = import_list(store)
    if args.json:
        text = json.dumps(listing, ensure_ascii=False, indent=2)
        return write_json_text(args.json, text, out, err) or EXIT_OK
    out.write("id | file | shop | format | rows | time | sha256\n")
    for item in listing:
        shops = ", ".join(f"{s['platform']}:{s['name']}" for s in item["shops"]) or "-"
        out.write(f"{item['id']} | {item['file']} | {shops} | {item['format']} | {item['rows']:,} | "
                  f"{item['time'][:19]} | {item['sha256'][:12]}\n")
    return EXIT_OK


def import_list(store) -> list[dict]:
    """Every import as a dict: id, file, shops, format, rows, skipped, time, sha256."""
    frame = store.imports()
    shops = store.import_shops()
    by_import: dict[int, list[dict]] = {}
    for r in shops.itertuples(index=False):
        by_import.setdefault(int(r.import_id), []).append({"platform": r.platform, "name": r.name})
    return [{"id": int(r.id), "file": r.file, "shops": by_import.get(int(r.id), []),
             "format": r.format_label or r.format, "rows": int(r.rows), "skipped": int(r.skipped),
             "time": str(r.time), "sha256": r.hash} for r in frame.itertuples(index=False)]


def _day(text: Optional[str], flag: str) -> Optional[date]:
    if not text:
        return None
    import pandas as pd

    try:
        return pd.Timestamp(text).date()
    except (ValueError, TypeError) as exc:
        raise InputError(f"{flag} {text!r} is not a date. / 不是有效的日期。",
                         hint="请写成 YYYY-MM-DD。/ Write it as YYYY-MM-DD.") from exc


def report_from_store(args, out: TextIO, err: TextIO) -> int:
    """``report --data-dir DIR`` without files: the figures of the history, as the window computes them."""
    from .cli import load_settings, text_summary
    from .model.report import dumps, loads, to_json
    from .money_symbol import DEFAULT_SYMBOL, clean_symbol, symbol_for_currency
    from .store import compute_range

    from .appraisal.scheme import load_scheme
    from .cli_staffing import add_staffing_json, check_report_target

    try:
        # --staffing and --scheme are checked before the store is read, as with files
        staffing_target = check_report_target(args) if args.staffing else None
        scheme = load_scheme(args.scheme) if args.scheme else None
    except InputError as exc:  # a bad scheme
        return _bad(f"report: {exc.describe()}", err)
    except ValueError as exc:  # a bad staffing target
        return _bad(f"report: {exc}", err)
    try:
        settings = load_settings(args.platform_reading, args.settings, args.as_of)
        start, end = _day(args.date_from, "--from"), _day(args.date_to, "--to")
        if start is not None and end is not None and start > end:
            raise InputError(f"--from {start} is after --to {end}. / 开始日期晚于结束日期。",
                             hint="请交换两个日期。/ Swap the two dates.")
    except (InputError, SchemaTooNew) as exc:
        return _bad(f"report: {exc.describe() if isinstance(exc, InputError) else exc}", err)
    try:
        store = _open_store(args)
    except driver_errors() as exc:
        return _bad(store_failure("report", exc), err)
    with store:
        try:
            shop_ids = store.shop_ids(args.shop) if args.shop else None
        except KeyError as exc:
            names = ", ".join(f"{r.platform}:{r.name}" for r in store.shops().itertuples()) or "-"
            return _bad(f"report: 没有这个店铺 / no shop {exc.args[0]!r}; the store holds: {names}", err)
        span = store.date_range()
        if span is None:
            return _bad("report: 历史数据库是空的，请先导入 / the history store is empty: import files first "
                        "(python -m desktop_app import FILE... --data-dir DIR)", err)
        start, end = start or span[0], end or span[1]
        results = compute_range(store, start, end, settings, shops=shop_ids)
        dataset = store.dataset(start, end, shops=shop_ids)
        codes = list(store.currencies(shop_ids))
        chosen = [(r.platform, r.name) for r in store.shops().itertuples() if shop_ids is None or int(r.id) in shop_ids]
    from .store.shops import shop_label

    if scheme is not None:
        from .appraisal.report import attach

        attach(results, scheme)
    shop_names = [f"{p}:{n}" for p, n in chosen]
    results.shops = [shop_label(p, n, args.language) for p, n in chosen]  # named on the 设置 / Settings sheet
    if len(codes) > 1:
        print(f"注意 / note: 所选店铺有多种币种（{', '.join(codes)}），金额不相加，显示为空；请用 --shop 分别查看。/ the shops "
              f"use several currencies ({', '.join(codes)}): money figures are left empty, never summed; use --shop "
              "for one currency at a time.", file=err)
    stated = symbol_for_currency(codes[0]) if len(codes) == 1 else None
    currency = clean_symbol(args.currency) if args.currency is not None else (stated or DEFAULT_SYMBOL)
    currency_info = {"symbol": currency, "codes": [c for c in codes]}
    if args.json:
        text = to_json(results, dataset.sources, currency=currency_info)
        if staffing_target is not None:
            try:
                text = add_staffing_json(text, results, staffing_target)
            except ValueError as exc:  # a bad target in --settings
                return _bad(f"report: {exc}", err)
        data = loads(text)
        data["shops"] = shop_names
        data["period"] = [str(start), str(end)]
        text = dumps(data)
        failed = write_json_text(args.json, text, out, err)
        if failed is not None:
            return failed
    if args.xlsx:
        failed = write_xlsx_report(results, args, dataset.sources, currency, err)
        if failed is not None:
            return failed
    if not args.json:
        out.write(f"店铺 shops: {', '.join(shop_names)} · {start} .. {end}\n")
        out.write(text_summary(results, currency=currency) + "\n")
    return EXIT_OK
