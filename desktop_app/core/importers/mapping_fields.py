"""The fields a user can map per kind, the header names each is known by, and loose header matching
(``norm_header``, ``suggest_mapping``: the mapping dialog's first guess)."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from .base import KIND_CHATS, KIND_INVENTORY, KIND_LINES, KIND_ORDERS


#: Fields a user can map, per kind: field -> (required, label). ``*`` in the label = required.
FIELDS: dict[str, dict[str, tuple[bool, str]]] = {
    KIND_ORDERS: {
        "order_id": (True, "订单编号 / Order id"),
        "created": (True, "下单时间 / Created at"),
        "paid_amount": (True, "实付金额 / Paid amount"),
        "buyer": (False, "买家 / Buyer"),
        "paid": (False, "付款时间 / Paid at"),
        "status": (False, "订单状态 / Status"),
        "shipped": (False, "发货时间 / Shipped at"),
        "refund_amount": (False, "退款金额 / Refund amount"),
        "items": (False, "商品数量 / Items"),
        "shop": (False, "店铺 / Shop"),
        "remark": (False, "备注 / Remark"),
        "ship_by": (False, "承诺发货时间 / Ship by"),
        "receiver_name": (False, "收货人 / Receiver"),
        "receiver_phone": (False, "手机 / Phone"),
        "receiver_address": (False, "地址 / Address"),
        "sku": (False, "商家编码 / SKU"),
        "title": (False, "商品标题 / Title"),
        "quantity": (False, "购买数量 / Quantity"),
        "price": (False, "单价 / Unit price"),
    },
    KIND_LINES: {
        "order_id": (True, "订单编号 / Order id"),
        "title": (False, "商品标题 / Title"),
        "sku": (False, "商家编码 / SKU"),
        "quantity": (True, "购买数量 / Quantity"),
        "price": (False, "单价 / Unit price"),
        "refund_amount": (False, "退款金额 / Refund amount"),
        "status": (False, "状态 / Status"),
    },
    KIND_CHATS: {
        "time": (True, "时间 / Time"),
        "buyer": (True, "买家 / Buyer"),
        "agent": (True, "客服 / Agent"),
        "sender": (True, "发送方 / Sender"),
        "text": (False, "内容 / Text"),
        "auto": (False, "自动回复 / Auto reply"),
        "shop": (False, "店铺 / Shop"),
    },
    KIND_INVENTORY: {
        "sku": (True, "商家编码 / SKU"),
        "available": (True, "可用库存 / Available"),
        "title": (False, "标题 / Title"),
    },
}

#: Known header names per field (compared after ``norm_header``), best first.
SYNONYMS: dict[str, list[str]] = {
    "order_id": ["订单编号", "订单号", "主订单编号", "订单id", "order id", "order_id", "order", "name",
                 "order number", "父订单号", "交易编号"],
    "created": ["订单创建时间", "买家下单时间", "下单时间", "创建时间", "订单提交时间", "created at", "created",
                "order date", "order time", "date"],
    "paid": ["订单付款时间", "买家付款时间", "付款时间", "支付时间", "支付完成时间", "付款确认时间", "paid at", "paid"],
    "paid_amount": ["买家实际支付金额", "买家实付金额", "实付金额", "用户实付金额", "订单应付金额", "应付金额",
                    "订单金额", "支付金额", "付款金额", "实收金额", "total", "amount", "paid amount", "金额"],
    "buyer": ["买家会员名", "买家昵称", "买家", "下单帐号", "下单账号", "客户", "用户昵称", "buyer", "customer",
              "email", "买家id"],
    "status": ["订单状态", "状态", "交易状态", "status", "financial status", "order status"],
    "shipped": ["发货时间", "出库时间", "fulfilled at", "shipped at", "shipped"],
    "refund_amount": ["退款金额", "refunded amount", "refund amount", "refund", "退款"],
    "items": ["宝贝总数量", "商品数量", "商品总数量", "订购数量", "购买数量", "数量", "items", "quantity", "qty"],
    "shop": ["店铺名称", "店铺", "店铺名", "shop", "store"],
    "remark": ["订单备注", "卖家备注", "商家备注", "备注", "买家留言", "note", "notes", "remark"],
    "ship_by": ["承诺发货时间", "最晚发货时间", "ship by", "ship_by"],
    "receiver_name": ["收货人姓名", "收货人", "收件人", "客户姓名", "shipping name", "receiver"],
    "receiver_phone": ["联系手机", "手机", "收件人手机号", "联系电话", "phone", "shipping phone"],
    "receiver_address": ["收货地址", "详细地址", "客户地址", "地址", "address", "shipping address1"],
    "sku": ["商家编码", "sku", "货号", "商品编码", "lineitem sku", "商家编码-sku维度", "外部系统编号"],
    "title": ["标题", "宝贝标题", "商品标题", "商品名称", "商品", "选购商品", "title", "lineitem name", "product"],
    "quantity": ["购买数量", "数量", "商品数量", "订购数量", "quantity", "lineitem quantity", "qty"],
    "price": ["价格", "单价", "商品单价", "京东价", "price", "lineitem price"],
    "time": ["时间", "消息时间", "发送时间", "time", "timestamp", "datetime"],
    "agent": ["客服", "客服账号", "子账号", "客服昵称", "agent", "staff"],
    "sender": ["发送方", "发送者", "发言方", "sender", "role", "from"],
    "text": ["内容", "消息内容", "消息", "聊天内容", "text", "message", "content"],
    "auto": ["自动回复", "自动", "is_auto", "auto"],
    "available": ["可用库存", "库存", "可用数量", "available", "stock", "库存数量", "qty available"],
}

_PUNCT = re.compile(r"[\s_\-:：/]+")


def norm_header(h: str) -> str:
    """A header compared loosely: NFKC (full-width → ASCII), lower case, no spaces/_/-/:.

    ``用户实付金额（元）`` and ``用户实付金额(元)`` compare equal; so do ``Paid at``/``paid_at``.
    """
    t = unicodedata.normalize("NFKC", str(h)).strip().lower()
    t = t.replace("(元)", "").replace("(件)", "")
    return _PUNCT.sub("", t)


def header_lookup(headers: list[str]) -> dict[str, str]:
    """norm_header(h) -> h (first occurrence wins)."""
    out: dict[str, str] = {}
    for h in headers:
        out.setdefault(norm_header(h), h)
    return out


def find_header(headers, candidates) -> Optional[str]:
    """The first of ``candidates`` present among ``headers`` (loose comparison), or None."""
    look = headers if isinstance(headers, dict) else header_lookup(list(headers))
    for c in candidates:
        h = look.get(norm_header(c))
        if h is not None:
            return h
    return None


def suggest_mapping(headers: list[str], kind: str) -> dict[str, str]:
    """A best guess field -> header for ``kind``: exact synonyms first, then containment.

    Each header is used for at most one field; fields with no plausible header are left out.
    """
    look = header_lookup(headers)
    used: set[str] = set()
    out: dict[str, str] = {}
    fields = list(FIELDS[kind])
    for f in fields:  # exact synonyms
        for syn in SYNONYMS.get(f, []):
            h = look.get(norm_header(syn))
            if h is not None and h not in used:
                out[f] = h
                used.add(h)
                break
    for f in fields:  # containment: "订单付款时间(北京时间)" contains "付款时间"
        if f in out:
            continue
        for syn in SYNONYMS.get(f, []):
            ns = norm_header(syn)
            if len(ns) < 2:
                continue
            hit = next((h for k, h in look.items() if h not in used and (ns in k)), None)
            if hit:
                out[f] = hit
                used.add(hit)
                break
    return out
