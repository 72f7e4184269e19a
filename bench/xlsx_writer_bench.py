"""The Excel daily report's writer: openpyxl write-only (today) against openpyxl's normal mode and xlsxwriter.

Usage::

    python3 bench/xlsx_writer_bench.py            # the report of 50,000 orders (report_bench's file)
    python3 bench/xlsx_writer_bench.py --quick    # 10,000 orders

Builds the report's Results once (import_bench's Taobao xlsx, compute), then, CPU seconds of this process
(``time.process_time``: on a shared machine wall time mostly measures the neighbours), best of ``--repeat``:

- (A) ``write_report`` as it is: cells built by report_xlsx's _Writer, written by openpyxl write-only;
- (B) the same cells built only (every ``append`` recorded, nothing serialised): report_xlsx's own share;
- (C) the recorded rows written by xlsxwriter (constant_memory; each cell style once as a Format, quote
  prefix kept), i.e. what a port to xlsxwriter would add to (B);
- (D) the recorded rows written by openpyxl's normal (not write-only) mode (values and number formats).

Prints each with its ratio to (A). Needs xlsxwriter for (C) (skipped when it is not installed).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from import_bench import write_taobao_xlsx  # noqa: E402


def cpu(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def record(results, path: str) -> list[tuple[str, list]]:
    """write_report's sheets and rows, recorded instead of written."""
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from desktop_app.core.report_xlsx import write_report

    rows: list[tuple[str, list]] = []
    append, save = WriteOnlyWorksheet.append, Workbook.save
    WriteOnlyWorksheet.append = lambda ws, row: rows.append((ws.title, list(row)))
    Workbook.save = lambda wb, filename: None
    try:
        write_report(results, path)
    finally:
        WriteOnlyWorksheet.append, Workbook.save = append, save
    return rows


def write_xlsxwriter(rows, path: str) -> None:
    import datetime as dt

    import xlsxwriter
    from openpyxl.cell.cell import Cell

    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                    "strings_to_numbers": False, "strings_to_urls": False})
    sheets, next_row, formats = {}, {}, {}
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})

    def fmt_of(c: Cell):
        style = tuple(c._style)  # report_xlsx copies one style array per combination: a cheap key
        f = formats.get(style)
        if f is None:
            key = (c.number_format, c.fill.fgColor.rgb if c.fill and c.fill.fill_type else None,
                   bool(c.font and c.font.b), c.font.sz if c.font else None, bool(c.quotePrefix))
            spec = {}
            if key[0] and key[0] != "General":
                spec["num_format"] = key[0]
            if key[1]:
                spec.update(pattern=1, bg_color="#" + str(key[1])[-6:])
            if key[2]:
                spec["bold"] = True
            if key[4]:
                spec["quote_prefix"] = True
            f = formats[style] = wb.add_format(spec) if spec else None
        return f

    for title, row in rows:
        ws = sheets.get(title)
        if ws is None:
            ws = sheets[title] = wb.add_worksheet(title[:31])
            next_row[title] = 0
        r = next_row[title]
        next_row[title] = r + 1
        for col, v in enumerate(row):
            f = None
            if isinstance(v, Cell):
                f, v = fmt_of(v), v.value
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(r, col, v, f)
            elif isinstance(v, (dt.datetime, dt.date)):
                ws.write_datetime(r, col, v, f or date_fmt)
            else:
                ws.write_number(r, col, v, f)
    wb.close()


def write_openpyxl_normal(rows, path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

    wb = Workbook()
    wb.remove(wb.active)
    sheets, next_row = {}, {}
    for title, row in rows:
        ws = sheets.get(title)
        if ws is None:
            ws = sheets[title] = wb.create_sheet(title[:31])
            next_row[title] = 0
        next_row[title] += 1
        r = next_row[title]
        for col, v in enumerate(row, start=1):
            if isinstance(v, Cell):
                c = ws.cell(r, col, v.value)
                if v.number_format != "General":
                    c.number_format = v.number_format
            elif v is not None:
                ws.cell(r, col, v)
    wb.save(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="10,000 orders, 1 run each")
    args = ap.parse_args(argv)
    if args.quick:
        args.rows, args.repeat = 10_000, 1
    from desktop_app.core.dataset import Dataset
    from desktop_app.core.importers.registry import load_file
    from desktop_app.core.model.compute import compute
    from desktop_app.core.report_xlsx import write_report

    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "ExportOrderList.xlsx")
        write_taobao_xlsx(src, args.rows)
        results = compute(Dataset.from_results([load_file(src)]))
        out = os.path.join(tmp, "report.xlsx")
        n = max(1, args.repeat)
        a = min(cpu(lambda: write_report(results, out)) for _ in range(n))
        rows = []
        b = min(cpu(lambda: rows.__setitem__(slice(None), record(results, out))) for _ in range(n))
        cells = sum(len(r) for _, r in rows)
        figures = [("(A) write_report: openpyxl write-only (today)", a), ("(B) cells built only (report_xlsx)", b)]
        try:
            import xlsxwriter  # noqa: F401

            c = min(cpu(lambda: write_xlsxwriter(rows, out)) for _ in range(n))
            figures += [("(C) xlsxwriter writing them", c), ("    (B) + (C): a port to xlsxwriter", b + c)]
        except ImportError:
            figures.append(("(C) xlsxwriter: not installed", float("nan")))
        d = min(cpu(lambda: write_openpyxl_normal(rows, out)) for _ in range(n))
        figures += [("(D) openpyxl normal mode writing them", d), ("    (B) + (D)", b + d)]
    print(f"{args.rows:,} orders: {len(results.customers):,} customers, {len(rows):,} rows, {cells:,} cells; "
          f"CPU seconds, best of {n}")
    for name, t in figures:
        print(f"{name:48s} {t:7.2f}s  ({t / a:4.2f}x (A))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
