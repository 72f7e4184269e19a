"""JD (京东) 商家后台 订单导出: one row per SKU, GBK CSV or xlsx.

Columns after the Java/PHP importers cited in docs/formats.md: 订单号, 商品ID, 商品名称, 订购数量,
下单时间, 京东价, 订单金额, 应付金额, 余额支付, 订单状态, 下单帐号, 客户姓名, 客户地址, 联系电话,
订单备注, 商家备注, 付款确认时间, 货号, 订单完成时间, ... Statuses are often prefixed "(删除)".
"""

from __future__ import annotations

from .. import schema
from .mapping import OrderFormat, OrderSpec, status_from_words

STATUS_WORDS = {
    "等待付款": schema.UNPAID,
    "等待出库": schema.PAID_UNSHIPPED,
    "等待境外出库": schema.PAID_UNSHIPPED,
    "等待境内发货": schema.PAID_UNSHIPPED,
    "暂停": schema.PAID_UNSHIPPED,
    "锁定": schema.PAID_UNSHIPPED,
    "等待发货": schema.PAID_UNSHIPPED,
    "等待确认收货": schema.SHIPPED,
    "已发货": schema.SHIPPED,
    "完成": schema.COMPLETED,
    "已完成": schema.COMPLETED,
    "已取消": schema.CLOSED,
    "取消": schema.CLOSED,
    "已关闭": schema.CLOSED,
}
# "(删除)等待出库" keeps its status; NFKC turns the full-width brackets into ASCII ones.
STATUS_CONTAINS = (
    ("等待付款", schema.UNPAID),
    ("等待出库", schema.PAID_UNSHIPPED),
    ("发货", schema.PAID_UNSHIPPED),
    ("等待确认收货", schema.SHIPPED),
    ("完成", schema.COMPLETED),
    ("取消", schema.CLOSED),
)

FIELDS = {
    "order_id": ["订单号"],
    "created": ["下单时间"],
    "paid_amount": ["应付金额", "订单金额", "结算金额"],
    "buyer": ["下单帐号", "下单账号", "客户账号"],
    "paid": ["付款确认时间", "付款时间"],
    "shipped": ["出库时间", "发货时间"],
    "status": ["订单状态"],
    "refund_amount": ["退款金额"],
    "remark": ["订单备注", "商家备注"],
    "receiver_name": ["客户姓名"],
    "receiver_phone": ["联系电话"],
    "receiver_address": ["客户地址"],
    "shop": ["店铺名称"],
    "sku": ["货号", "商家SKUID", "商品ID"],
    "title": ["商品名称"],
    "quantity": ["订购数量"],
    "price": ["京东价"],
}


def _add_balance(rows, raw) -> None:
    """余额支付 (JD balance) is paid by the buyer too: add it to 应付金额 (online payment)."""
    data = raw["_data"]
    if "余额支付" in data.columns and "应付金额" in data.columns:
        from .cleaning import parse_amount

        rows["paid_amount"] = rows["paid_amount"] + parse_amount(data["余额支付"])[0].fillna(0.0)


FORMAT = OrderFormat(
    id="jd_orders",
    label="京东 订单导出 / JD order export",
    spec=OrderSpec(platform="jd", fields=FIELDS, status_fn=status_from_words(STATUS_WORDS, STATUS_CONTAINS),
                   amounts_per_row="auto", always_lines=True, line_refund=False, post=_add_balance),
    signature=["京东价", "订购数量", "下单帐号", "付款确认时间", "订单完成时间", "商品ID", "订单类型"],
    against=["订单编号", "主订单编号", "商家实收金额(元)"],
)
