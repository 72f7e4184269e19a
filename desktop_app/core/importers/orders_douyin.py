"""Douyin (抖店) order export: UTF-8-BOM CSV, one row per sub-order (子订单编号).

Every id/text cell is written with a leading tab (``"\\t6917926768823643751"``) and empty cells
as ``-``; both are cleaned. Rows are grouped by 主订单编号 into orders; each row is an order line.
售后状态 退款成功 counts the row's amount as refunded. Contact fields come masked (``##…``).
"""

from __future__ import annotations

import numpy as np

from .. import schema
from .base import RawTable
from .cleaning import blank_dashes, clean_text
from .mapping import OrderFormat, OrderSpec, status_from_words

STATUS_WORDS = {
    "待支付": schema.UNPAID,
    "待付款": schema.UNPAID,
    "待确认": schema.PAID_UNSHIPPED,
    "备货中": schema.PAID_UNSHIPPED,
    "待发货": schema.PAID_UNSHIPPED,
    "已支付": schema.PAID_UNSHIPPED,
    "部分发货": schema.SHIPPED,
    "已发货": schema.SHIPPED,
    "待收货": schema.SHIPPED,
    "已完成": schema.COMPLETED,
    "已签收": schema.COMPLETED,
    "已关闭": schema.CLOSED,
    "已取消": schema.CLOSED,
}
STATUS_CONTAINS = (("关闭", schema.CLOSED), ("取消", schema.CLOSED), ("发货", schema.SHIPPED))
REFUNDED_WORDS = ("退款成功", "已退款", "售后完成")

FIELDS = {
    "order_id": ["主订单编号"],
    "created": ["订单提交时间", "下单时间"],
    "paid_amount": ["订单应付金额", "商品金额", "实付金额"],
    "buyer": ["买家昵称", "用户昵称", "收件人"],
    "paid": ["支付完成时间", "支付时间"],
    "shipped": ["发货时间"],
    "ship_by": ["承诺发货时间", "预计发货时间"],
    "status": ["订单状态"],
    "remark": ["商家备注", "买家留言"],
    "receiver_name": ["收件人"],
    "receiver_phone": ["收件人手机号"],
    "receiver_address": ["详细地址"],
    "shop": ["店铺名称"],
    "sku": ["商家编码"],
    "title": ["选购商品", "商品名称"],
    "quantity": ["商品数量"],
    "price": ["商品单价"],
}


def _after_sale(rows, raw) -> None:
    data = raw["_data"]
    refund = np.zeros(len(rows))
    if "售后状态" in data.columns:
        after = clean_text(data["售后状态"])
        done = after.str.contains("|".join(REFUNDED_WORDS), regex=True).to_numpy()
        # The row's own 商品金额 when present (订单应付金额 may repeat the whole order's amount).
        amount = rows["paid_amount"].to_numpy()
        if "商品金额" in data.columns:
            from .cleaning import parse_amount

            amount = parse_amount(data["商品金额"])[0].fillna(0.0).to_numpy()
        refund = np.where(done, amount, 0.0)
    rows["refund_amount"] = refund


class _DouyinFormat(OrderFormat):
    def prepare(self, table: RawTable) -> RawTable:
        # "-" means empty; the leading tab is removed by the cleaning functions.
        return RawTable(path=table.path, sheet=table.sheet, header_row=table.header_row,
                        headers=table.headers, data=_keep_attrs(table.data, blank_dashes(table.data)))


def _keep_attrs(src, dst):
    dst.attrs.update(src.attrs)
    return dst


FORMAT = _DouyinFormat(
    id="douyin_orders",
    label="抖店 订单导出 / Douyin shop order export",
    spec=OrderSpec(platform="douyin", fields=FIELDS,
                   status_fn=status_from_words(STATUS_WORDS, STATUS_CONTAINS),
                   amounts_per_row="auto", always_lines=True, post=_after_sale),
    signature=["子订单编号", "订单提交时间", "选购商品", "订单应付金额", "收件人手机号", "支付完成时间", "达人昵称"],
    against=["订单编号", "京东价", "用户实付金额(元)"],
)
