"""Reading a file with the user's ``ColumnMapping`` (orders, lines, chats or inventory): ``read_mapped``."""

from __future__ import annotations

import os
from typing import Optional

import numpy as np
import pandas as pd

from .. import schema
from ..errors import InputError, MissingColumns, RowProblem
from ..progress import Reporter
from ..schema import conform
from .base import KIND_CHATS, KIND_INVENTORY, KIND_LINES, KIND_ORDERS, ImportResult, RawTable
from .cleaning import clean_id, clean_text, parse_amount, parse_bool, parse_datetime
from .mapping_fields import FIELDS
from .mapping_store import ColumnMapping
from .order_engine import OrderSpec, StatusFn, _problems_for, build_orders, status_from_words


def read_mapped(table: RawTable, mapping: ColumnMapping, reporter: Optional[Reporter] = None) -> ImportResult:
    """Read ``table`` with the user's ``mapping`` (any kind)."""
    reporter = reporter or Reporter()
    file = os.path.basename(table.path)
    absent = [h for h in mapping.fields.values() if h and h not in table.headers]
    missing = mapping.missing()
    if missing or absent:
        names = [FIELDS[mapping.kind][f][1] for f in missing] + absent
        raise MissingColumns("the column mapping is incomplete / 列映射不完整: " + ", ".join(names),
                             file=file, sheet=table.sheet, row=table.header_row, missing=names,
                             hint="请在列映射对话框中为每个必填字段（标 * 的）选择一列。/ Choose a column for every "
                                  "required field (marked *) in the mapping dialog.")
    fields = {f: [h] for f, h in mapping.fields.items() if h}
    label = "自定义列映射 / Mapped columns"
    if mapping.kind in (KIND_ORDERS, KIND_LINES):
        words = {k: v for k, v in mapping.status_map.items() if v in schema.ORDER_STATUSES}
        if mapping.kind == KIND_LINES:
            spec = OrderSpec(platform=mapping.platform, fields=fields, status_fn=None, required=("order_id",),
                             always_lines=True)
            res = build_orders(table, spec, reporter, format_id="mapped", label=label, kind=KIND_LINES)
            res.orders = None
            return res
        spec = OrderSpec(platform=mapping.platform, fields=fields, status_fn=_default_status_fn(words))
        return build_orders(table, spec, reporter, format_id="mapped", label=label)
    if mapping.kind == KIND_CHATS:
        return _read_mapped_chats(table, mapping, reporter, label)
    if mapping.kind == KIND_INVENTORY:
        return _read_mapped_inventory(table, mapping, label)
    raise InputError(f"unknown kind {mapping.kind!r} / 未知的数据类型。", file=file)


#: English status words for mapped files (ERP/other shop systems).
_ENGLISH_STATUS = {
    "unpaid": schema.UNPAID, "pending": schema.UNPAID, "awaiting payment": schema.UNPAID,
    "paid": schema.PAID_UNSHIPPED, "processing": schema.PAID_UNSHIPPED, "unfulfilled": schema.PAID_UNSHIPPED,
    "to ship": schema.PAID_UNSHIPPED, "shipped": schema.SHIPPED, "fulfilled": schema.SHIPPED,
    "in transit": schema.SHIPPED, "delivered": schema.COMPLETED, "completed": schema.COMPLETED,
    "complete": schema.COMPLETED, "cancelled": schema.CLOSED, "canceled": schema.CLOSED,
    "closed": schema.CLOSED, "refunded": schema.CLOSED, "voided": schema.CLOSED,
    "已付款": schema.PAID_UNSHIPPED, "已付": schema.PAID_UNSHIPPED, "未付款": schema.UNPAID,
    "未付": schema.UNPAID, "已取消": schema.CLOSED,
}


def _default_status_fn(user_words: dict[str, str]) -> StatusFn:
    """Every platform's status words plus English ones; the user's own choices win."""
    from . import orders_douyin, orders_jd, orders_pdd, orders_taobao  # late: they import this module

    words: dict[str, str] = {}
    for mod in (orders_jd, orders_pdd, orders_douyin, orders_taobao):
        words.update(mod.STATUS_WORDS)
    words.update(_ENGLISH_STATUS)
    words.update(user_words)
    return status_from_words(words, orders_taobao.STATUS_CONTAINS)


_BUYER_WORDS = {"buyer", "买家", "customer", "顾客", "客户", "用户", "消费者", "in", "incoming"}
_AGENT_WORDS = {"agent", "客服", "seller", "卖家", "商家", "staff", "out", "outgoing", "店铺"}


def _read_mapped_chats(table: RawTable, mapping: ColumnMapping, reporter: Reporter,
                       label: str) -> ImportResult:
    file = os.path.basename(table.path)
    data = table.data
    f = mapping.fields
    idx = data.index
    problems: list[RowProblem] = []
    time, bad = parse_datetime(data[f["time"]])
    empty = time.isna().to_numpy()
    problems += _problems_for(empty, idx, data[f["time"]], file=file, sheet=table.sheet, column=f["time"],
                              skipped=True, reason="the message time cannot be read / 消息时间无法识别")
    sender_raw = clean_text(data[f["sender"]])
    low = sender_raw.str.strip().str.lower()
    words = np.where(low.isin(_BUYER_WORDS), "buyer", np.where(low.isin(_AGENT_WORDS), "agent", ""))
    sender = pd.Series(words,
                       index=idx, dtype=object)
    bad_sender = (sender == "").to_numpy() & ~empty
    problems += _problems_for(bad_sender, idx, data[f["sender"]], file=file, sheet=table.sheet,
                              column=f["sender"], skipped=True,
                              reason="sender is neither buyer/买家 nor agent/客服 / 发送方无法识别")
    agent = clean_text(data[f["agent"]])
    msgs = pd.DataFrame({
        "time": time, "buyer": clean_text(data[f["buyer"]]), "agent": agent, "sender": sender,
        "text": clean_text(data[f["text"]]) if f.get("text") else "",
        "auto": parse_bool(data[f["auto"]])[0] if f.get("auto") else False,
        "shop": clean_text(data[f["shop"]]) if f.get("shop") else agent.str.split(r"[:：]", n=1, regex=True)
        .map(lambda p: p[0] if len(p) == 2 else ""),
    }, index=idx)
    msgs = msgs[~(empty | bad_sender)]
    return ImportResult(path=table.path, kind=KIND_CHATS, format_id="mapped", format_label=label,
                        messages=conform(msgs, "messages"), problems=problems, rows_read=len(data),
                        sheet=table.sheet)


def _read_mapped_inventory(table: RawTable, mapping: ColumnMapping, label: str) -> ImportResult:
    file = os.path.basename(table.path)
    data = table.data
    f = mapping.fields
    sku, _ = clean_id(data[f["sku"]])
    avail, bad = parse_amount(data[f["available"]])
    problems = _problems_for(bad, data.index, data[f["available"]], file=file, sheet=table.sheet,
                             column=f["available"], skipped=False,
                             reason="not a number; counted as 0 / 不是数字，按 0 计")
    empty = (sku == "").to_numpy()
    problems += _problems_for(empty, data.index, data[f["sku"]], file=file, sheet=table.sheet,
                              column=f["sku"],
                              skipped=True, reason="no SKU / 缺少商家编码")
    inv = pd.DataFrame({"sku": sku, "available": avail.fillna(0.0),
                        "title": clean_text(data[f["title"]]) if f.get("title") else ""}, index=data.index)
    return ImportResult(path=table.path, kind=KIND_INVENTORY, format_id="mapped", format_label=label,
                        inventory=conform(inv[~empty], "inventory"), problems=problems, rows_read=len(data),
                        sheet=table.sheet)
