"""Headless commands: ``python -m desktop_app report ...`` and ``python -m desktop_app sample --out DIR``.

``report`` reads the given exports, runs the model and writes the stable JSON report (``--json``,
``-`` for stdout), the Excel daily report (``--xlsx``) and/or a short text summary (stdout, when no
``--json``). Exit codes: 0 ok, 2 bad input (the message on stderr names file, sheet, row and column
and how to fix it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from typing import Optional, TextIO

from .errors import ImportCancelled, InputError, UnrecognisedFormat
from .money_symbol import DEFAULT_SYMBOL, clean_symbol, export_currency

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments with our exit code and a hint."""

    def error(self, message: str):  # argparse API
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def _report_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="desktop_app report",
                description="客服绩效报表 (headless): read order exports and chat logs, write JSON / Excel.")
    p.add_argument("--orders", nargs="+", action="extend", default=[], metavar="FILE",
                   help="order exports (Taobao/Tmall, JD, PDD, Douyin, Shopify; CSV or XLSX)")
    p.add_argument("--chats", nargs="+", action="extend", default=[], metavar="FILE",
                   help="chat logs (Qianniu copied text, or plain CSV/XLSX: time, buyer, agent, sender, "
                        "text)")
    p.add_argument("--inventory", metavar="FILE", help="inventory sheet (SKU / 商家编码 and quantity)")
    p.add_argument("--as-of", metavar='"YYYY-MM-DD HH:MM:SS"',
                   help="read the data as of this time (default: the newest timestamp in the data)")
    p.add_argument("--json", metavar="OUT", help="write the JSON report here ('-' = stdout)")
    p.add_argument("--xlsx", metavar="OUT", help="write the Excel daily report here")
    p.add_argument("--platform-reading", action="store_true",
                   help="平台口径: cap 600 s, unanswered = 600 s, 08-23 h, slow = 100 s")
    p.add_argument("--settings", metavar="JSON",
                   help="model settings as a JSON file or inline JSON object (keys of ModelSettings)")
    p.add_argument("--unmasked", action="store_true",
                   help="do not mask phone numbers/names in the Excel file")
    p.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN",
                   help="language of the Excel report's sheet names and headers (default zh_CN)")
    p.add_argument("--currency", default=None, metavar="SYMBOL",
                   help="symbol written before money in the Excel report and the text summary, e.g. $ "
                        "(default: the currency the exports state, e.g. Shopify's USD -> $, else ¥; amounts "
                        "are not converted)")
    p.add_argument("--staffing", action="store_true",
                   help="add the 排班 staffing section (agents needed per weekday x hour, shift plan) to the JSON")
    p.add_argument("--staffing-target", default=None, metavar="SHARE@SECONDS",
                   help="staffing target, e.g. 0.8@20 (default: the settings', 0.8@10)")
    p.add_argument("--concurrency", type=float, default=None, metavar="C",
                   help="chats an agent holds at once for --staffing (default: measured)")
    p.add_argument("--scheme", metavar="FILE",
                   help="绩效考核方案 appraisal scheme (JSON, docs/appraisal.md): adds the appraisal of the "
                        "agents' figures to the JSON report and the 绩效 sheets to the Excel report")
    p.add_argument("--data-dir", metavar="DIR",
                   help="the app's data folder: column mappings saved in the window (column_mappings.json) "
                        "are used for files whose headers match; with no FILE, report from its history store")
    # reporting from the history store (no files): core/cli_store.py; --database: core/cli_database.py
    p.add_argument("--database", metavar="URL",
                   help="with no FILE: report from this store (sqlite:///path or postgresql://user@host:port/db; "
                        "the password from PGPASSWORD or ~/.pgpass)")
    p.add_argument("--shop", nargs="+", action="extend", metavar="NAME",
                   help="with --data-dir and no files: these shops only (name or platform:name; default all)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="with --data-dir: first day (default: the first)")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="with --data-dir: last day (default: the last)")
    return p


def _bad(message: str, err: TextIO) -> int:
    print(message, file=err)
    return EXIT_BAD_INPUT


def load_settings(platform: bool, settings_arg: Optional[str], as_of: Optional[str]):
    """ModelSettings from the command line (preset, then the JSON overrides, then --as-of)."""
    import pandas as pd

    from .model.settings import DEFAULT_SETTINGS, ModelSettings

    base = ModelSettings.platform_preset() if platform else DEFAULT_SETTINGS
    if settings_arg:
        text = settings_arg
        if not settings_arg.lstrip().startswith("{"):
            if not os.path.isfile(settings_arg):
                raise InputError("settings file not found. / 找不到设置文件。", file=settings_arg,
                                 hint="请给出 JSON 文件路径，或直接写 JSON 对象，例如 "
                                      '\'{"attribution_window_days": 1}\'。/ '
                                      "Give a JSON file path or an inline JSON object such as "
                                      '\'{"attribution_window_days": 1}\'.')
            with open(settings_arg, encoding="utf-8-sig") as fh:
                text = fh.read()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"settings are not valid JSON ({exc.msg} at line {exc.lineno}, "
                             f"column {exc.colno}). / 设置不是有效的 JSON。",
                             file=None if settings_arg.lstrip().startswith("{") else settings_arg,
                             hint="请修正 JSON；键名须是 ModelSettings 的字段名。/ Fix the JSON; keys are the "
                                  "ModelSettings field names.") from exc
        if not isinstance(data, dict):
            raise InputError("settings JSON must be an object {\"name\": value, ...}. "
                             "/ 设置 JSON 必须是一个对象。", file=settings_arg)
        merged = base.to_dict()
        unknown = sorted(set(data) - set(merged))
        if unknown:
            raise InputError(f"unknown settings: {', '.join(unknown)}. / 未知的设置项。",
                             hint="请使用 ModelSettings 的字段名（见 docs/metrics.md）。/ Use the field names of "
                                  "ModelSettings (see docs/metrics.md).")
        merged.update(data)
        base = ModelSettings.from_dict(merged)
    if as_of:
        try:
            ts = pd.Timestamp(as_of)
        except (ValueError, TypeError) as exc:
            raise InputError(f"--as-of {as_of!r} is not a date and time. / 不是有效的日期时间。",
                             hint='请写成 "YYYY-MM-DD HH:MM:SS" 的格式。/ '
                                  'Write it as "YYYY-MM-DD HH:MM:SS".') from exc
        base = base.replace(as_of=ts.strftime("%Y-%m-%d %H:%M:%S"))
    return base


def report_main(argv: list[str], out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """``report`` command; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _report_parser().parse_args(argv)
    paths = list(args.orders) + list(args.chats) + ([args.inventory] if args.inventory else [])
    if not paths and (args.data_dir or args.database is not None):
        from .cli_store import report_from_store

        return report_from_store(args, out, err)
    if not paths:
        return _bad("report: 请用 --orders、--chats 或 --inventory 至少给出一个文件。/ give at least one file "
                    "with --orders, --chats or --inventory.", err)
    for p in paths:
        if not os.path.isfile(p):
            return _bad(f"{p}: 找不到文件，请检查路径（含空格的路径要加引号）。/ file not found. Check the path "
                        "(quote paths with spaces).", err)

    staffing_target = None
    if args.staffing:
        from .cli_staffing import check_report_target

        try:
            staffing_target = check_report_target(args)
        except ValueError as exc:
            return _bad(f"report: {exc}", err)

    from .importers.guard_prefetch import prefetch

    prefetch(paths)  # each workbook's hostile-file check runs while the model's modules import
    from .dataset import Dataset
    from .importers.registry import load_files
    from .model.compute import compute
    from .model.report import to_json
    from .appraisal.scheme import load_scheme
    from .model import partial  # noqa: F401 - compute() imports its stage graph late; now, while calamine parses

    try:
        settings = load_settings(args.platform_reading, args.settings, args.as_of)
        scheme = load_scheme(args.scheme) if args.scheme else None  # checked before any file is read
        imported = load_files(paths, store=_mapping_store(args.data_dir))
    except UnrecognisedFormat as exc:
        return _bad(f"report: {exc.location()}: 无法识别的表格格式。请先在窗口中打开该文件（python3 -m desktop_app "
                    "FILE）并指定各列，再用 --data-dir 指向程序的数据文件夹，这里就会使用保存的列映射。/ the columns "
                    "are not those of a known export. Open the file once in the window (python3 -m desktop_app FILE) "
                    "and map its columns; then pass --data-dir with the app's data folder so the saved mapping is "
                    "used here.", err)
    except InputError as exc:
        return _bad(f"report: {exc.describe()}", err)
    except ImportCancelled:
        return _bad("report: 已取消。/ cancelled.", err)
    _warn_kinds(args, imported, err)
    stated, codes = export_currency(imported)
    currency = clean_symbol(args.currency) if args.currency is not None else (stated or DEFAULT_SYMBOL)
    if args.currency is None and stated is not None and stated != DEFAULT_SYMBOL:
        print(f"注意 / note: 金额以 {stated} 显示（导出文件的币种 {codes[0]}）；--currency 可改。/ amounts are shown "
              f"with {stated} (the export's currency {codes[0]}); --currency changes it.", file=err)
    elif len(codes) > 1:
        print(f"注意 / note: 导出文件有多种币种（{', '.join(codes)}），金额未换算，均以 {currency} 显示。/ the "
              f"exports state several currencies ({', '.join(codes)}); amounts are not converted and are all "
              f"shown with {currency}.", file=err)
    dataset = Dataset.from_results(imported)
    results = compute(dataset, settings)
    if scheme is not None:
        from .appraisal.report import attach

        attach(results, scheme)
    skipped = [p for p in results.problems if p.skipped]
    if results.problems:
        print(f"注意 / note: {len(skipped)} row(s) skipped, {len(results.problems) - len(skipped)} value(s) "
              f"blanked; the first: {results.problems[0].describe()}", file=err)
    if args.json:
        text = to_json(results, dataset.sources, currency={"symbol": currency, "codes": codes})
        if staffing_target is not None:
            from .cli_staffing import add_staffing_json

            try:
                text = add_staffing_json(text, results, staffing_target)
            except ValueError as exc:  # a bad target in --settings
                return _bad(f"report: {exc}", err)
        failed = write_json_text(args.json, text, out, err)
        if failed is not None:
            return failed
    if args.xlsx:
        failed = write_xlsx_report(results, args, dataset.sources, currency, err)
        if failed is not None:
            return failed
    if not args.json:
        out.write(text_summary(results, currency=currency) + "\n")
    return EXIT_OK


def _warn_kinds(args, imported, err: TextIO) -> None:
    """Say so when a file given as --orders turned out to be a chat log (or the other way round)."""
    expected = {p: "orders" for p in args.orders}
    expected.update({p: "chats" for p in args.chats})
    if args.inventory:
        expected[args.inventory] = "inventory"
    for r in imported:
        want = expected.get(r.path)
        got = "orders" if r.kind in ("orders", "lines") else r.kind
        if want and got != want:
            print(f"注意 / note: {r.path} was read as {r.format_label} ({r.kind}), not as {want}.", file=err)


def _cannot_write(path: str, exc: OSError, prog: str = "report") -> str:
    reason = exc.strerror or str(exc)
    return (f"{prog}: cannot write {path}: {reason} / 无法写入该文件. Choose a folder you can write to, and close "
            "the file if it is open in Excel or WPS.")


def write_json_text(target: str, text: str, out: TextIO, err: TextIO, prog: str = "report") -> Optional[int]:
    """``text`` to stdout (``-``) or to the file ``target``; None when written, else the exit code."""
    if target == "-":
        out.write(text + "\n")
        return None
    try:
        _atomic_write_text(target, text + "\n")
    except OSError as exc:
        return _bad(_cannot_write(target, exc, prog), err)
    return None


def write_xlsx_report(results, args, sources, currency: str, err: TextIO) -> Optional[int]:
    """The Excel report to ``args.xlsx``; None when written, else the exit code."""
    from .report_xlsx import write_report  # heavy, so imported late

    try:
        write_report(results, args.xlsx, language=args.language, mask_pii=not args.unmasked,
                     sources=sources, currency=currency)
    except OSError as exc:
        return _bad(_cannot_write(args.xlsx, exc), err)
    return None


def _mapping_store(data_dir: Optional[str]):
    """The GUI's saved column mappings, when a data folder is given and holds them."""
    if not data_dir:
        return None
    from .importers.mapping import MappingStore

    return MappingStore(os.path.join(data_dir, "column_mappings.json"))


def _atomic_write_text(path: str, text: str) -> None:
    if os.path.exists(path) and not os.path.isfile(path):
        # a device or pipe (/dev/null, /dev/stdout): write into it; never rename a file over it
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = os.path.join(directory, f".{os.path.basename(path)}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _fmt(v, kind: str = "n", currency: str = "¥") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if kind == "%":
        return f"{100 * v:.2f}%"
    if kind == "¥":
        return f"{currency}{v:,.2f}" if v >= 0 else f"-{currency}{-v:,.2f}"
    if kind == "s":
        return f"{v:.1f}s"
    if isinstance(v, float) and v != int(v):
        return f"{v:.2f}"
    return f"{int(v):,}"


def text_summary(results, currency: str = "¥") -> str:
    """A short human-readable summary (Chinese and English labels) of a Results; money with ``currency``."""
    s = results.shop

    symbol = clean_symbol(currency)

    def m(v) -> str:
        return _fmt(v, "¥", symbol)

    gone = {u.figure: u for u in getattr(results, "unavailable", ())}

    def na(key: str, shown: str) -> str:
        # not available is not zero: say why instead of a number
        u = gone.get(key)
        return f"不可用 not available ({u.text('zh')} / {u.text('en')})" if u else shown

    lines = [
        f"截至 as of {results.as_of:%Y-%m-%d %H:%M:%S} · 口径 reading: {results.settings.reading}",
        f"订单 orders {_fmt(s['orders'])} · 付款 paid {_fmt(s['paid_orders'])} ({_fmt(s['payment_rate'], '%')})"
        f" · 销售额 sales {m(s['sales'])} · 付款人数 paying buyers {na('paying_buyers', _fmt(s['paying_buyers']))}"
        f" · 客单价 AOV {na('aov', m(s['aov']))}",
        f"静默 silent {na('silent_sales', m(s['silent_sales']))} · 询单 inquiry "
        f"{na('inquiry_sales', m(s['inquiry_sales']))} · 退款率 refund rate {_fmt(s['refund_rate'], '%')}",
        f"未发货 unshipped {na('unshipped', _fmt(s['unshipped']))} (超时 overdue "
        f"{na('unshipped_overdue', _fmt(s['unshipped_overdue']))}) · 缺货 out of stock "
        f"{na('out_of_stock', _fmt(s['out_of_stock']))} · 待催付 unpaid due {_fmt(s['unpaid_due'])}"
        f" (已关闭未付 closed unpaid {_fmt(s.get('unpaid_closed'))})",
        "",
        "客服 agent | 询单 inquiring | 付款 paying | 转化率 conv. | 销售额 sales | 首响中位 FRT med. | "
        "平均响应 resp. mean | 慢响应 slow",
    ]
    for r in results.agents.itertuples(index=False):
        lines.append(
            f"{r.agent}{' (机器人 robot)' if getattr(r, 'robot', False) else ''} | {_fmt(r.inquiring_buyers)} | "
            f"{_fmt(r.paying_buyers)} | "
            f"{_fmt(r.conversion_rate, '%')} | {m(r.sales)} | "
            f"{_fmt(r.first_response_median_s, 's')} | {_fmt(r.response_mean_s, 's')} | {_fmt(r.slow_turns)}"
        )
    if len(results.agents) == 0:
        lines.append(na("agents", "(无聊天记录 no chat log)"))
    return "\n".join(lines)


def sample_main(argv: list[str], out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """``sample --out DIR``: write the sample shop's files (real export formats) into DIR."""
    out = out or sys.stdout
    err = err or sys.stderr
    p = _Parser(prog="desktop_app sample",
                description="Write a realistic sample shop (orders, chats, inventory).")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the sample files into")
    args = p.parse_args(argv)
    from .sample import write_sample  # the sample engineer's module

    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as exc:
        return _bad(f"{args.out}: cannot create the folder ({exc.strerror}).", err)
    paths = write_sample(args.out)
    for name, path in paths.items():
        out.write(f"{name}\t{path}\n")
    return EXIT_OK
