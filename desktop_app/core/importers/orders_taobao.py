"""Taobao/Tmall 已卖出的宝贝 → 批量导出: 订单报表 (ExportOrderList) and 宝贝报表 (item lines).

订单报表 v1 (2016), v2 (2018–19, GBK CSV), v3 (2020+, xlsx) and the newest Qianniu naming
(买家实付金额, 买家下单时间, 买家付款时间, ...) are all read by header name; the one-row-per-item
variant (a repeated 订单编号) is folded into orders + lines. 宝贝报表 (ExportOrderDetailList /
ExportItemlList, with 订单编号 or 主订单编号) gives kind "lines", joined to orders later by
``Dataset.from_results``. Sources for every header and status word: docs/formats.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from .base import KIND_LINES
from .cleaning import clean_text, parse_bool
from .mapping import OrderFormat, OrderSpec, status_from_words

#: 订单状态 words (full-width comma; the ASCII comma is folded by the matcher's NFKC).
STATUS_WORDS = {
    "等待买家付款": schema.UNPAID,
    "买家已付款，等待卖家发货": schema.PAID_UNSHIPPED,
    "等待卖家发货": schema.PAID_UNSHIPPED,
    "买家已付款": schema.PAID_UNSHIPPED,
    "卖家部分发货": schema.PAID_UNSHIPPED,
    "卖家已发货，等待买家确认": schema.SHIPPED,
    "卖家已发货": schema.SHIPPED,
    "已发货": schema.SHIPPED,
    "交易成功": schema.COMPLETED,
    "已收货": schema.COMPLETED,
    "买家已收货": schema.COMPLETED,
    "已签收": schema.COMPLETED,
    "交易完成": schema.COMPLETED,
    "已完成": schema.COMPLETED,
    "待评价": schema.COMPLETED,
    "已结算": schema.COMPLETED,
    "交易关闭": schema.CLOSED,
    "退款成功": schema.CLOSED,
    "已关闭": schema.CLOSED,
}
#: Substrings for words not listed above (pre-sale 尾款 states, 关闭/退款 variants).
STATUS_CONTAINS = (
    ("尾款", schema.UNPAID),
    ("等待买家付款", schema.UNPAID),
    ("关闭", schema.CLOSED),
    ("退款成功", schema.CLOSED),
    ("等待卖家发货", schema.PAID_UNSHIPPED),
    ("已发货", schema.SHIPPED),
    ("成功", schema.COMPLETED),
)

ORDER_FIELDS = {
    "order_id": ["订单编号"],
    "created": ["订单创建时间", "买家下单时间", "下单时间", "创建时间"],
    "paid_amount": ["买家实际支付金额", "买家实付金额", "实付金额"],
    "buyer": ["买家会员名", "买家昵称", "买家账号"],
    "paid": ["订单付款时间", "买家付款时间", "付款时间"],
    "shipped": ["发货时间"],
    "status": ["订单状态"],
    "refund_amount": ["退款金额"],
    "items": ["宝贝总数量"],
    "shop": ["店铺名称"],
    "remark": ["订单备注", "卖家备注", "商家备注", "商家备忘", "买家留言"],
    "receiver_name": ["收货人姓名"],
    "receiver_phone": ["联系手机", "联系电话"],
    "receiver_address": ["收货地址"],
    # item-level variant only (one row per item)
    "sku": ["商家编码"],
    "quantity": ["购买数量"],
    "title": ["宝贝标题", "商品标题", "标题"],
    "price": ["价格", "商品单价"],
}


def _presale(rows: pd.DataFrame, raw: dict) -> None:
    """预售: 分阶段订单信息 filled, 预售订单 = 是/1/预售, or a 尾款/定金 status word."""
    data = raw["_data"]
    flag = np.zeros(len(rows), dtype=bool)
    for h in data.columns:
        if h in ("分阶段订单信息",):
            flag |= (clean_text(data[h]) != "").to_numpy()
        elif h in ("预售订单", "是否预售"):
            txt = clean_text(data[h])
            flag |= (parse_bool(txt)[0] | txt.str.contains("预售")).to_numpy()
    # On the distinct status words only: a 200,000-row export has a handful of them.
    codes, uniques = pd.factorize(rows["status_raw"].to_numpy(dtype=object), use_na_sentinel=False)
    per_word = np.array([("尾款" in str(u)) or ("定金" in str(u)) for u in uniques], dtype=bool)
    if len(per_word):
        flag |= per_word[codes]
    rows["presale"] = flag
    _amount_due(rows, data)


#: what an order waiting for payment will cost the buyer (its 买家实际支付金额 is 0 until paid)
_DUE_COLUMNS = ("买家应付货款", "总金额")


def _amount_due(rows: pd.DataFrame, data: pd.DataFrame) -> None:
    """An order waiting for payment (等待买家付款, 尾款) with nothing paid shows the amount due.

    The 催付 list's amount is the order's paid_amount; Taobao leaves 买家实际支付金额 at 0 until the
    buyer pays, so the list would read ¥0.00 for every order. Paid orders are not touched, and an
    unpaid order never counts as sales (sales need a payment), so no other figure changes.
    """
    column = next((c for c in _DUE_COLUMNS if c in data.columns), None)
    if column is None or not len(rows):
        return
    waiting = rows["status_raw"].astype(str).str.contains("等待买家付款|尾款", regex=True).to_numpy()
    nothing_paid = (rows["paid_amount"].fillna(0.0) <= 0).to_numpy()
    todo = waiting & nothing_paid
    if todo.any():
        from .cleaning import parse_amount

        due = parse_amount(data[column])[0].to_numpy(dtype="float64")
        fill = todo & ~np.isnan(due) & (due > 0)
        rows.loc[fill, "paid_amount"] = due[fill]


ORDERS = OrderFormat(
    id="taobao_orders",
    label="淘宝/天猫 订单报表 / Taobao-Tmall order report",
    spec=OrderSpec(
        platform="taobao", fields=ORDER_FIELDS,
        status_fn=status_from_words(STATUS_WORDS, STATUS_CONTAINS),
        amounts_per_row=True, line_markers=("sku", "quantity"), post=_presale,
    ),
    # 总金额 + 订单付款时间 alone identify the cut-down Tianchi export.
    signature=["买家会员名", "订单状态", "订单付款时间", "买家付款时间", "宝贝总数量", "收货地址", "总金额",
               "买家应付货款", "店铺名称", "退款金额"],
    against=["子订单编号", "订单提交时间", "下单帐号", "用户实付金额(元)", "Financial Status"],
)

LINE_FIELDS = {
    "order_id": ["主订单编号", "订单编号"],
    "title": ["标题", "商品标题", "宝贝标题"],
    "quantity": ["购买数量"],
    "price": ["价格", "商品单价"],
    "sku": ["商家编码", "外部系统编号"],
    "status": ["订单状态"],
    "refund_amount": ["退款金额"],
    "created": ["订单创建时间"],
    "paid": ["订单付款时间"],
    "paid_amount": ["买家实际支付金额", "买家实付金额"],
}

LINES = OrderFormat(
    id="taobao_lines",
    label="淘宝/天猫 宝贝报表 / Taobao-Tmall item report",
    kind=KIND_LINES,
    spec=OrderSpec(
        platform="taobao", fields=LINE_FIELDS, status_fn=status_from_words(STATUS_WORDS, STATUS_CONTAINS),
        required=("order_id", "title", "quantity"), always_lines=True,
    ),
    signature=["价格", "购买数量", "商家编码", "商品属性", "套餐信息", "子订单编号", "退款状态"],
    # Order-level columns mean the one-row-per-item 订单报表 (read by ORDERS with its buyer/address).
    against=["买家会员名", "收货人姓名", "宝贝总数量", "收货地址", "订单提交时间"],
)

FORMAT = ORDERS
FORMATS = (ORDERS, LINES)
