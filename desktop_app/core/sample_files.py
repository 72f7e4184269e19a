"""The sample shop's files in the platforms' real formats: 订单报表 rows (xlsx and GBK CSV), 宝贝报表 rows,
the Qianniu chat text, and byte-for-byte deterministic xlsx files."""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path
from typing import Optional

from .sample_data import _ZIP_TIME, SHOP, STATUS_WORDS
from .schema import CLOSED, COMPLETED, UNPAID


def _fmt_t(t: Optional[_dt.datetime]) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S") if t else ""


def _money(x: float) -> str:
    return f"{x:.2f}"


def _order_rows(story: _Story) -> list[list[str]]:
    rows = []
    for n, o in enumerate(story.orders, start=1):
        paid = o.status not in (UNPAID,) and o.paid is not None
        amount = o.amount
        pay_amount = amount if paid else 0.0
        num = int(o.buyer[-3:]) if o.buyer[-3:].isdigit() else n
        titles = "，".join(ln.title for ln in o.lines)
        settled = o.status == COMPLETED
        rows.append([
            o.oid, o.buyer, f"tes***{num:03d}@example.com",
            f"{o.created:%Y%m%d}2200{int(o.oid[-12:]):012d}" if paid else "",
            f"支付宝{pay_amount:.2f}元" if paid else "",
            _money(amount), "0.00", "0", _money(amount), "0", _money(pay_amount), "0",
            STATUS_WORDS[o.status], o.buyer_note,
            f"测试收件人{num:03d}", f"浙江省 杭州市 西湖区 示例路{num}号 示例小区{1 + num % 9}幢", "快递", "",
            f"1380000{num % 10000:04d}", _fmt_t(o.created), _fmt_t(o.paid if paid else None),
            titles, str(len(o.lines)),
            f"No:7500000{int(o.oid[-7:]):07d}" if o.shipped else "", "中通快递" if o.shipped else "",
            o.remark, str(sum(ln.qty for ln in o.lines)), "100000001", SHOP, o.close_reason, "0", "0元", "",
            "手机订单" if n % 5 else "", "定金已付，尾款已付" if o.presale else "", "", "否", "否", "否", "", "",
            "", "", "0", "0", "否", "", "", "", "", "",
            _money(o.refund), "", _fmt_t(o.confirmed),
            f"{amount - o.refund:.2f}元" if settled else "0元",
            "", "否", "", "", "快递", o.oid, _fmt_t(o.shipped), "是" if o.presale else "否",
        ])
    return rows


def _line_rows(story: _Story) -> list[list[str]]:
    rows = []
    for o in story.orders:
        for k, ln in enumerate(o.lines):
            status = STATUS_WORDS[o.status]
            if o.refund and o.status != CLOSED and k == len(o.lines) - 1:
                status = "交易关闭"  # the refunded line of a partly refunded order
            rows.append([o.oid, ln.title, _money(ln.price), str(ln.qty), "", "规格:默认", "", "", status, ln.sku])
    return rows


def _csv_cell(value: str, *, excel_text: bool = False) -> str:
    if excel_text:
        return f'="{value}"'  # how ExportOrderList keeps long numbers as text
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _write_csv(path: Path, header, rows, text_cols: tuple[int, ...] = (),
               apostrophe_cols: tuple[int, ...] = (), encoding: str = "gbk") -> None:
    out = [",".join(_csv_cell(h) for h in header)]
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            if i in apostrophe_cols and v:
                v = "'" + v
            cells.append(_csv_cell(v, excel_text=i in text_cols and bool(v)))
        out.append(",".join(cells))
    path.write_bytes(("\r\n".join(out) + "\r\n").encode(encoding))


def _write_xlsx(path: Path, sheet: str, header, rows, numeric_cols: tuple[int, ...] = ()) -> None:
    import openpyxl  # imported here so importing the core stays light

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for r in rows:
        ws.append([float(v) if i in numeric_cols and v != "" else v for i, v in enumerate(r)])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_deterministic_zip(buf.getvalue()))


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite an xlsx with fixed timestamps (zip entries and docProps) so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2026-01-01T00:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, body)
    return out.getvalue()


def _chat_text(story: _Story) -> str:
    chats = sorted(story.chats, key=lambda c: (c.start, c.buyer))
    out = []
    for chat in chats:
        out.append(f"----- 与 {chat.buyer} 的聊天记录 -----")
        for ev in sorted(chat.events, key=lambda e: e[1]):  # stable: same-second events keep their order
            kind = ev[0]
            if kind == "msg":
                _, t, nick, text = ev
                out.append(f"{nick} {t.year}-{t.month}-{t.day} {t.hour}:{t.minute:02d}:{t.second:02d}")
                out.extend(text.split("\n"))
            elif kind == "noise":
                out.append(ev[2])
            else:
                _, t, a, b = ev
                out.append(f"{a} --> {b} {t:%Y-%m-%d %H:%M:%S}")
        out.append("")
    return "\r\n".join(out)
