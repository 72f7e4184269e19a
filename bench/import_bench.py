"""Import speed: our readers vs raw python-calamine and pandas+openpyxl on the same files.

Usage: ``python3 bench/import_bench.py [--rows 200000] [--messages 2000000] [--quick] [--no-openpyxl] [--pauses]``
``python3 bench/import_bench.py --report [report_bench options]``: the headless report as a whole process
against a raw calamine read (issue 18's goal; bench/report_bench.py, which this hands the options to).

Generates, in a temporary directory, a Taobao 订单报表 xlsx (v3-style headers, text timestamps,
``¥`` amounts in some rows, ids as text) and a plain chat CSV, then times:
- raw ``python_calamine.load_workbook(p).get_sheet_by_index(0).to_python()`` (the floor),
- ``registry.load_file`` (read + header detection + cleaning + normalising),
- ``pandas.read_excel(engine="openpyxl")`` (what a naive importer does),
and for the chat CSV ``pandas.read_csv(dtype=str)`` vs ``registry.load_file``.
Prints seconds, ratios to the floor and peak memory (tracemalloc peak of Python allocations
and the process's max RSS). Figures go to docs/formats.md ("Speed").
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

HEADERS = ["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额",
           "订单状态", "买家留言", "收货人姓名", "收货地址 ", "运送方式", "联系手机", "订单创建时间", "订单付款时间 ",
           "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注", "宝贝总数量", "店铺Id", "店铺名称",
           "订单关闭原因", "卖家服务费", "买家服务费", "是否手机订单", "分阶段订单信息", "退款金额", "确认收货时间",
           "打款商家金额", "发货时间", "主订单编号"]
STATUSES = ["等待买家付款", "买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易成功", "交易关闭"]


def _col(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, v) -> str:
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>'


def write_taobao_xlsx(path: str, rows: int, seed: int = 7) -> None:
    """A minimal but valid xlsx written as XML directly (openpyxl would take minutes)."""
    rnd = random.Random(seed)
    cols = [_col(j) for j in range(len(HEADERS))]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                   '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
                   '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships"><sheets><sheet name="订单报表" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
                   'sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
                     b'.org/spreadsheetml/2006/main"><sheetData>')
            buf = ['<row r="1">' + "".join(_cell(f"{c}1", h) for c, h in zip(cols, HEADERS)) + "</row>"]
            for i in range(rows):
                r = i + 2
                oid = str(3_000_000_000_000_000 + rnd.randrange(10**15))
                st = rnd.choice(STATUSES)
                paid = "" if st == "等待买家付款" else f"2025-11-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:30"
                amount = round(rnd.uniform(5, 900), 2)
                vals = [oid, f"tb_{rnd.randrange(50000)}", "", amount, 0, amount,
                        f"¥{amount:,.2f}" if i % 10 == 0 else amount, st, "", "收货人", "浙江省 杭州市 某路 1 号",
                        "快递", f"138{rnd.randrange(10**8):08d}",
                        f"2025-11-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00",
                        paid, "某商品 标题 连衣裙", 1, f"YT{rnd.randrange(10**12)}", "圆通", "", rnd.randint(1, 3),
                        "1001", "示例旗舰店", "订单未关闭", 0, 0, "手机订单", "", 0, "", amount, "", oid]
                buf.append(f'<row r="{r}">' + "".join(_cell(f"{c}{r}", v) for c, v in zip(cols,
                                                                                          vals)) + "</row>")
                if len(buf) >= 5000:
                    fh.write("".join(buf).encode("utf-8"))
                    buf = []
            fh.write("".join(buf).encode("utf-8"))
            fh.write(b"</sheetData></worksheet>")


def write_chat_csv(path: str, messages: int, seed: int = 11) -> None:
    rnd = random.Random(seed)
    agents = [f"示例旗舰店:客服{i}" for i in range(8)]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["时间", "买家", "客服", "发送方", "内容", "自动回复"])
        t0 = 1_763_000_000
        for i in range(messages):
            sender = "买家" if i % 2 == 0 else "客服"
            ts = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t0 + i * 3))
            w.writerow([ts, f"buyer{rnd.randrange(20000)}", agents[i % 8], sender, "在吗？有货吗" if sender == "买家"
                        else "亲，在的，有货", "0"])


def timed(fn):
    """(result, (wall seconds, CPU seconds)). No tracemalloc here: it slows Python code several-fold.

    CPU time (process_time) is the figure to compare on a shared machine: wall time there
    mostly measures the other processes.
    """
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, Secs(time.perf_counter() - t, time.process_time() - c)


class Secs(tuple):
    """(wall, cpu) seconds."""

    def __new__(cls, wall, cpu):
        return super().__new__(cls, (wall, cpu))

    wall = property(lambda self: self[0])
    cpu = property(lambda self: self[1])


def fmt(t: Secs, base: Secs) -> str:
    return (f"wall {t.wall:7.2f}s ({t.wall / base.wall:4.2f}x)   "
            f"cpu {t.cpu:7.2f}s ({t.cpu / base.cpu:4.2f}x)")


def peak_mib(fn) -> float:
    """Peak of Python allocations (numpy/pandas buffers included) while ``fn`` runs, in MiB."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--report" in argv:
        from report_bench import main as report_main  # bench/ is on the path when this file runs as a script

        return report_main([a for a in argv if a != "--report"])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--messages", type=int, default=2_000_000)
    ap.add_argument("--quick", action="store_true", help="20,000 orders and 200,000 messages")
    ap.add_argument("--no-openpyxl", action="store_true", help="skip the slow pandas+openpyxl baseline")
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs for calamine and our import")
    ap.add_argument("--memory", action="store_true", help="also measure peak memory (extra, slow runs)")
    ap.add_argument("--pauses", action="store_true",
                    help="also import each file once on a worker thread, as the window does, and print the "
                         "longest waits of a thread ticking every 5 ms (extra runs)")
    args = ap.parse_args(argv)
    if args.quick:
        args.rows, args.messages = 20_000, 200_000
    import pandas as pd
    import python_calamine

    from desktop_app.core.importers import registry
    from kpi_bench import longest_pauses  # bench/ is on the path when this file runs as a script

    with tempfile.TemporaryDirectory() as tmp:
        xlsx = os.path.join(tmp, "ExportOrderList_bench.xlsx")
        chats = os.path.join(tmp, "chats_bench.csv")
        t = time.perf_counter()
        write_taobao_xlsx(xlsx, args.rows)
        write_chat_csv(chats, args.messages)
        print(f"generated {args.rows:,} orders ({os.path.getsize(xlsx) / 2**20:.1f} MiB xlsx) and "
              f"{args.messages:,} messages ({os.path.getsize(chats) / 2**20:.1f} MiB csv) "
              f"in {time.perf_counter() - t:.1f}s")

        def raw_calamine():
            return python_calamine.load_workbook(xlsx).get_sheet_by_index(0).to_python()

        best_raw = best_ours = Secs(float("inf"), float("inf"))
        for _ in range(max(args.repeat, 1)):
            _, t_raw = timed(raw_calamine)
            res, t_ours = timed(lambda: registry.load_file(xlsx))
            best_raw = Secs(min(best_raw.wall, t_raw.wall), min(best_raw.cpu, t_raw.cpu))
            best_ours = Secs(min(best_ours.wall, t_ours.wall), min(best_ours.cpu, t_ours.cpu))
        assert len(res.orders) == args.rows, (len(res.orders), args.rows)
        del res
        print(f"orders xlsx, {args.rows:,} rows (best of {max(args.repeat, 1)}):")
        print(f"  raw calamine to_python      {fmt(best_raw, best_raw)}")
        print(f"  registry.load_file (ours)   {fmt(best_ours, best_raw)}")
        if args.memory:
            print(f"  peak Python memory: calamine {peak_mib(raw_calamine):.0f} MiB, "
                  f"ours {peak_mib(lambda: registry.load_file(xlsx)):.0f} MiB")
        if args.pauses:
            print("  longest pauses of another thread (the window's): "
                  + ", ".join(f"{g:.2f}" for g in longest_pauses(lambda: registry.load_file(xlsx))) + " s")
        if not args.no_openpyxl:
            _, t_pd = timed(lambda: pd.read_excel(xlsx, engine="openpyxl", dtype=str))
            print(f"  pandas.read_excel(openpyxl) {fmt(t_pd, best_raw)}")

        _, t_csv = timed(lambda: pd.read_csv(chats, dtype=str, keep_default_na=False))
        res, t_chat = timed(lambda: registry.load_file(chats))
        n_msg = len(res.messages)
        fid = res.format_id
        del res
        print(f"chat csv, {args.messages:,} messages ({fid}, {n_msg:,} read):")
        print(f"  pandas.read_csv(dtype=str)  {fmt(t_csv, t_csv)}")
        print(f"  registry.load_file (ours)   {fmt(t_chat, t_csv)}")
        if args.pauses:
            print("  longest pauses of another thread (the window's): "
                  + ", ".join(f"{g:.2f}" for g in longest_pauses(lambda: registry.load_file(chats))) + " s")
        if args.memory:
            print(f"  peak Python memory: read_csv "
                  f"{peak_mib(lambda: pd.read_csv(chats, dtype=str, keep_default_na=False)):.0f} MiB, "
                  f"ours {peak_mib(lambda: registry.load_file(chats)):.0f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS {rss:.0f} MiB (python {sys.version.split()[0]}, pandas {pd.__version__})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
