"""Hostile and damaged import files, made from a ``random.Random`` (hypothesis or a seed).

``make_case(rng)`` returns ``(file name, bytes, label)``: a table in one of the real export
layouts (Taobao orders and lines, JD, PDD, Douyin, Shopify, plain chat, inventory, Qianniu text)
with hostile cells (dates outside pandas' range, inf/nan/negative amounts, 200,000-character
cells, footer words as buyer names), shuffled or random headers, an odd encoding (GBK, UTF-16
with BOM, UTF-8 with BOM), written as CSV/TSV/TXT or .xlsx; or the bytes of such a file flipped,
cut or spliced; or one of the crafted workbooks of issue 19 (tests/core/hostile_xlsx.py).
Used by tests/core/test_fuzz_importers.py (bounded) and bench/fuzz.py (long runs).
"""

from __future__ import annotations

import csv
import io
import random

from desktop_app.core import sample

import hostile_xlsx

TAOBAO = list(sample.ORDER_HEADER)
LINES = list(sample.LINE_HEADER)
INVENTORY = list(sample.INVENTORY_HEADER)
JD = ["订单号", "商品ID", "商品名称", "订购数量", "支付方式", "下单时间", "京东价", "订单金额", "结算金额", "余额支付",
      "应付金额", "订单状态", "订单类型", "下单帐号", "客户姓名", "客户地址", "联系电话", "运费金额", "付款确认时间", "货号"]
PDD = ["商品", "订单号", "订单状态", "商品总价(元)", "店铺优惠折扣(元)", "平台优惠折扣(元)", "邮费(元)",
       "用户实付金额(元)", "商家实收金额(元)", "商品数量(件)", "收货人", "手机", "省", "市", "区", "街道",
       "支付时间", "拼单成功时间", "订单确认时间", "承诺发货时间", "发货时间", "确认收货时间", "商品id",
       "商家编码-SKU维度", "售后状态"]
DOUYIN = ["主订单编号", "子订单编号", "选购商品", "商品规格", "商品数量", "商品ID", "商家编码", "商品单价", "商品金额",
          "订单应付金额", "运费", "收件人", "收件人手机号", "详细地址", "订单提交时间", "支付完成时间", "订单完成时间",
          "订单状态", "售后状态", "发货时间"]
SHOPIFY = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Currency",
           "Subtotal", "Shipping", "Taxes", "Total", "Discount Amount", "Created at", "Lineitem quantity",
           "Lineitem name", "Lineitem price", "Lineitem sku", "Billing Name", "Shipping Name", "Cancelled at",
           "Refunded Amount", "Id"]
CHAT = ["时间", "客服", "买家", "发送方", "内容"]
CHAT_EN = ["Time", "Agent", "Customer", "Sender", "Message"]
LAYOUTS = {"taobao": TAOBAO, "lines": LINES, "inventory": INVENTORY, "jd": JD, "pdd": PDD, "douyin": DOUYIN,
           "shopify": SHOPIFY, "chat": CHAT, "chat_en": CHAT_EN}

HOSTILE_DATES = ["9999-12-31 23:59:59", "1677-09-21 00:12:43", "1677-01-01 00:00:00", "2262-04-11 23:47:16",
                 "2262-12-31 00:00:00", "0001-01-01 00:00:00", "0000-00-00 00:00:00", "2025-13-45 25:61:61",
                 "2025-02-30 10:00:00", "99999-01-01", "2025年13月1日", "1e308", "-1e308", "45678.5", "2958466",
                 "-2958465", "nan", "NaT", "inf", "2025-11-11T10:00:00+99:00", "2025-11-11 10:00:00 +0800",
                 "1900-01-01", "2025/1/2 3:04", ""]
HOSTILE_AMOUNTS = ["inf", "-inf", "nan", "NaN", "1e309", "-1e309", "-50", "-0", "1e308", "¥-12.5", "(12.50)",
                   "1,2,3", "１２３", "¥", "--", "9" * 400, "0x1F", "1_000", "12元", "", "-", "null"]
HOSTILE_TEXT = ["Total", "SUM", "合计", "合计：123", "总计", "共 3 条", "汇总", "=cmd|' /C calc'!A0", "\x00", "\u202e",
                "😀" * 5, "a\"b", "a,b", "\r\n", "\t", "'", "=\"123\"", "x" * 200_000, "名" * 140_000, "-", "null"]
HOSTILE_IDS = ["1.23456789012e+15", "123.0", "9" * 40, "-1", "=\"0001\"", "\t000123", "'12345", "", "abc", "1e999"]
STATUS = ["交易成功", "等待买家付款", "买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易关闭", "待发货", "已发货",
          "paid", "pending", "refunded", "fulfilled", "完成", "已取消", "退款成功"]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "big5", "utf-32"]


def _normal_value(rng: random.Random, header: str):
    h = header.lower()
    if "时间" in header or h.endswith(" at") or header in ("时间", "Time"):
        return f"2026-11-{rng.randint(10, 20)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
    if any(w in header for w in ("金额", "价", "费", "元", "货款")) or h in (
            "subtotal", "shipping", "taxes", "total", "discount amount", "lineitem price", "refunded amount"):
        return f"{rng.choice([0, 1, 9.9, 19.8, 100, 250.5]):g}"
    if "数量" in header or "quantity" in h or "库存" in header:
        return str(rng.randint(0, 5))
    if "状态" in header or "status" in h:
        return rng.choice(STATUS)
    if "号" in header or h in ("name", "id") or "ID" in header or "id" in h:
        return str(rng.randint(10**15, 10**18))
    if header in ("发送方", "Sender"):
        return rng.choice(["买家", "客服", "buyer", "agent"])
    if header in ("客服", "Agent"):
        return rng.choice(["店铺:小美", "店铺:阿杰"])
    if "买家" in header or "会员" in header or "Customer" in header or "帐号" in header:
        return rng.choice(["buyer1", "buyer2", "Total", "SUM", "合计"])
    return rng.choice(["面霜", "水杯", "北京市", "13800000000", "ok", ""])


def _hostile_value(rng: random.Random, header: str):
    pool = rng.choice([HOSTILE_DATES, HOSTILE_AMOUNTS, HOSTILE_TEXT, HOSTILE_IDS])
    return rng.choice(pool)


def random_table(rng: random.Random) -> tuple[str, list[str], list[list]]:
    """(layout, headers, rows): a real layout, its headers shuffled/renamed/dropped, hostile cells."""
    layout = rng.choice(sorted(LAYOUTS))
    headers = list(LAYOUTS[layout])
    if rng.random() < 0.3:
        rng.shuffle(headers)
    if rng.random() < 0.2:
        headers = [h for h in headers if rng.random() > 0.2] or headers[:1]
    if rng.random() < 0.15:
        headers[rng.randrange(len(headers))] = rng.choice(HOSTILE_TEXT[:12] + ["", "订单编号", "时间"])
    if rng.random() < 0.1:
        headers = [rng.choice(["a", "列", "", "Total", "时间", "买家", "金额"]) for _ in range(rng.randint(1, 8))]
    n = rng.choice([0, 1, 2, 3, 5, 8, 20])
    hostile = rng.choice([0.0, 0.05, 0.2, 0.5])
    rows = []
    for _ in range(n):
        row = [_hostile_value(rng, h) if rng.random() < hostile else _normal_value(rng, h) for h in headers]
        if rng.random() < 0.1:
            row = row[:rng.randint(0, len(row))]
        elif rng.random() < 0.05:
            row += ["extra"] * rng.randint(1, 3)
        rows.append(row)
    if rng.random() < 0.2:
        rows.append([rng.choice(["合计", "Total", "共 3 条", "汇总"])] + [""] * (len(headers) - 1))
    if rng.random() < 0.1:
        rows += [[""] * len(headers)] * rng.randint(1, 50)
    return layout, headers, rows


def _csv_bytes(headers, rows, rng: random.Random) -> tuple[bytes, str]:
    delim = rng.choice([",", ",", "\t", ";", "|"])
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator=rng.choice(["\r\n", "\n"]))
    if rng.random() < 0.1:
        buf.write(rng.choice(["导出时间：2026-11-20\n", "\n", "订单报表\n"]))
    w.writerow(headers)
    w.writerows(rows)
    text = buf.getvalue()
    enc = rng.choice(ENCODINGS) if rng.random() < 0.4 else "utf-8"
    data = text.encode(enc, errors="replace")
    ext = ".tsv" if delim == "\t" and rng.random() < 0.5 else rng.choice([".csv", ".csv", ".txt"])
    return data, ext


def _xlsx_bytes(headers, rows, rng: random.Random) -> bytes:
    cells = {}
    for r, row in enumerate([headers] + rows, start=1):
        for c, v in enumerate(row):
            if v == "":
                continue
            ref = _col_letters(c + 1) + str(r)
            if rng.random() < 0.3:
                try:
                    num = float(v)
                except ValueError:
                    num = None
                if num is not None and num == num and abs(num) != float("inf"):
                    v = ("d", num) if rng.random() < 0.3 else num
            cells[ref] = v.replace("\x00", "") if isinstance(v, str) else v
    return hostile_xlsx.build(cells)


def _col_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def qianniu_text(rng: random.Random) -> bytes:
    """A Qianniu copied log with hostile times and lines, in a random encoding."""
    lines = []
    for i in range(rng.randint(0, 12)):
        year = rng.choice(["2026", "2026", "9999", "1677", "2262", "0000", "1900"])
        month = rng.choice(["11", "11", "13", "00"])
        who = rng.choice(["测试用户001", "示例旗舰店:小美", "Total", "合计", "buyer2"])
        lines.append(f"{who} {year}-{month}-16 9:{i % 60:02d}:00")
        lines.append(rng.choice(["在吗", "有货吗", "x" * rng.choice([1, 200_000]), "已读", "合计", ""]))
    enc = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
    return "\r\n".join(lines).encode(enc, errors="replace")


def crafted_xlsx(rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    if kind == 0:
        return hostile_xlsx.far_cell(rng.choice(["XFD1048576", "ZZZZZZ9", "A1048576", "XFD1", "AMJ65536",
                                                 "Q999999999"]))
    if kind == 1:
        return hostile_xlsx.far_dimension(rng.choice(["XFD1048576", "A1048576", "ZZZZZZ9", "B3"]))
    if kind == 2:
        return hostile_xlsx.huge_sst_count(rng.choice(["4294967295", "18446744073709551615", "99999999999999999999",
                                                       "-1", "abc", "0"]))
    if kind == 3:
        return hostile_xlsx.date_cell(rng.choice([-1e308, 1e308, 2958466.0, -1.0, 1e18, float(2**63)]))
    if kind == 4:
        return hostile_xlsx.one_cell_rows(rng.choice([10, 1000, 20_000]))
    return hostile_xlsx.build(hostile_xlsx.CHAT_CELLS, sheet=rng.choice([
        "<worksheet><sheetData><row r=\"99999999999999\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet>&a;</worksheet>",
        "<worksheet><sheetData><row><c><v>1</v></c><c t=\"s\"><v>999</v></c></row></sheetData>",
        "not xml at all", ""]))


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(4)
        if not b:
            break
        i = rng.randrange(len(b))
        if op == 0:
            b[i] = rng.randrange(256)
        elif op == 1:
            del b[i:]
        elif op == 2:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        else:
            j = rng.randrange(len(b))
            b[i:i + 16] = b[j:j + 16]
    return bytes(b)


def make_case(rng: random.Random) -> tuple[str, bytes, str]:
    """One fuzz case: (file name, bytes, what it is)."""
    what = rng.random()
    if what < 0.08:
        return "crafted.xlsx", crafted_xlsx(rng), "crafted xlsx"
    if what < 0.2:
        data = qianniu_text(rng)
        if rng.random() < 0.2:
            data = mutate_bytes(data, rng)
        return "千牛聊天记录.txt", data, "qianniu text"
    layout, headers, rows = random_table(rng)
    if rng.random() < 0.3:
        data, ext = _xlsx_bytes(headers, rows, rng), ".xlsx"
    else:
        data, ext = _csv_bytes(headers, rows, rng)
    label = f"{layout}{ext}"
    if rng.random() < 0.15:
        data = mutate_bytes(data, rng)
        label += " mutated"
    return f"fuzz_{layout}{ext}", data, label


def check_file(path, run_model: bool = True) -> tuple[str, str]:
    """Import ``path`` (and run the model on what it gave): ("import"|"clean error"|"unhandled", detail).

    A clean error is an InputError naming the file; anything else escaping is unhandled.
    """
    import os

    from desktop_app.core.dataset import Dataset
    from desktop_app.core.errors import InputError
    from desktop_app.core.importers import registry
    from desktop_app.core.model.compute import compute
    from desktop_app.core.model.settings import ModelSettings

    name = os.path.basename(os.fspath(path))
    try:
        result = registry.load_file(path)
    except InputError as exc:
        if exc.file != name:
            return "unhandled", f"InputError not naming the file: {exc}"
        return "clean error", type(exc).__name__
    except BaseException as exc:  # noqa: BLE001 - the point of the check
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return "unhandled", f"{type(exc).__name__}: {exc}"[:300]
    if not run_model:
        return "import", result.format_id
    try:
        compute(Dataset.from_results([result]), ModelSettings())
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return "unhandled", f"compute: {type(exc).__name__}: {exc}"[:300]
    return "import", result.format_id
