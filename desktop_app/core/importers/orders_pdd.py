"""Pinduoduo (拼多多) 商家后台 订单查询 → 导出: one row per order (one SKU per order).

Reads 订单号, 订单状态, 商品, 商品数量(件), 用户实付金额(元) / 商家实收金额(元), 支付时间, 承诺发货时间
(→ ship_by), 发货时间, 收货人, 手机, 省/市/区/街道, 商家编码-SKU维度, 商家备注, 买家留言 and 售后状态:
a finished refund (退款成功) counts the paid amount as refunded. The export has no order-creation
column in most versions, so 支付时间 doubles as the order time when no 下单时间 is present.
"""

from __future__ import annotations

import numpy as np

from .. import schema
from .cleaning import clean_text
from .mapping import OrderFormat, OrderSpec, status_from_words

STATUS_WORDS = {
    "待支付": schema.UNPAID,
    "待付款": schema.UNPAID,
    "未支付": schema.UNPAID,
    "待成团": schema.PAID_UNSHIPPED,
    "待发货": schema.PAID_UNSHIPPED,
    "已发货，待签收": schema.SHIPPED,
    "已发货，待收货": schema.SHIPPED,
    "已发货": schema.SHIPPED,
    "已签收": schema.COMPLETED,
    "已收货": schema.COMPLETED,
    "交易成功": schema.COMPLETED,
    "未发货，退款成功": schema.CLOSED,
    "已发货，退款成功": schema.CLOSED,
    "已取消": schema.CLOSED,
    "交易关闭": schema.CLOSED,
}
STATUS_CONTAINS = (("退款成功", schema.CLOSED), ("取消", schema.CLOSED), ("待签收", schema.SHIPPED),
                   ("待收货", schema.SHIPPED), ("待发货", schema.PAID_UNSHIPPED))

#: 售后状态 words meaning the money went back to the buyer.
REFUNDED_WORDS = ("退款成功", "退货退款成功", "已退款")

FIELDS = {
    "order_id": ["订单号"],
    "created": ["订单创建时间", "下单时间", "订单成交时间", "支付时间"],
    "paid_amount": ["用户实付金额(元)", "用户实付金额", "商家实收金额(元)", "商家实收金额"],
    "buyer": ["买家昵称", "用户昵称", "收货人"],
    "paid": ["支付时间"],
    "shipped": ["发货时间"],
    "ship_by": ["承诺发货时间"],
    "status": ["订单状态"],
    "items": ["商品数量(件)", "商品数量"],
    "remark": ["商家备注", "买家留言"],
    "receiver_name": ["收货人"],
    "receiver_phone": ["手机", "收货人手机号"],
    "receiver_address": ["详细地址", "收货地址"],
    "shop": ["店铺名称"],
    "sku": ["商家编码-SKU维度", "商家编码-商品维度", "商家编码"],
    "title": ["商品", "商品名称"],
    "quantity": ["商品数量(件)", "商品数量"],
}


def _after_sale(rows, raw) -> None:
    """售后状态 退款成功 → refunded in full; address from 省/市/区/街道 when there is no 详细地址."""
    data = raw["_data"]
    refund = np.zeros(len(rows))
    col = next((h for h in data.columns if h.startswith("售后状态")), None)
    if col is not None:
        after = clean_text(data[col])
        done = after.str.contains("|".join(REFUNDED_WORDS), regex=True).to_numpy()
        refund = np.where(done, rows["paid_amount"].to_numpy(), 0.0)
    rows["refund_amount"] = refund
    if "receiver_address" not in rows.columns:
        parts = [clean_text(data[h]) for h in ("省", "市", "区", "街道") if h in data.columns]
        if parts:
            addr = parts[0]
            for p in parts[1:]:
                addr = addr + p
            rows["receiver_address"] = addr
    if "quantity" in rows.columns and "商品总价(元)" in data.columns:
        from .cleaning import parse_amount

        total = parse_amount(data["商品总价(元)"])[0].fillna(0.0)
        q = rows["quantity"].replace(0, np.nan)
        rows["price"] = (total / q).fillna(0.0).to_numpy()


FORMAT = OrderFormat(
    id="pdd_orders",
    label="拼多多 订单导出 / Pinduoduo order export",
    spec=OrderSpec(platform="pdd", fields=FIELDS, status_fn=status_from_words(STATUS_WORDS, STATUS_CONTAINS),
                   amounts_per_row="auto", always_lines=True, post=_after_sale),
    signature=["承诺发货时间", "用户实付金额(元)", "商家实收金额(元)", "售后状态", "拼单成功时间", "商品总价(元)",
               "商家编码-SKU维度", "店铺优惠折扣(元)"],
    against=["订单编号", "主订单编号", "京东价"],
)
