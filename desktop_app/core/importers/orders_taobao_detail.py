"""Taobao seller centre (2024) 订单明细: a complete order export, one row per item.

Columns (every cell text; empty cells hold the literal word ``null``; no buyer column):
子订单编号, 主订单编号, 标题, 价格, 购买数量, 外部系统编号, 商品属性, 套餐信息, 联系方式备注, 订单状态, 商家编码,
支付单号, 买家应付货款, 买家实际支付金额, 退款状态, 退款金额 (``无退款申请`` when none), 订单创建时间,
订单付款时间, 商品id, 分阶段订单信息, 备注标签, 商家备注, 主订单买家留言, 发货时间, 物流单号, 物流公司, 是否赔付,
延迟发货主动赔付金额, 赔付出账时间.

Orders are its 主订单编号 and lines its 子订单编号: an order's paid amount is the sum of its lines'
买家实际支付金额 and its refund the sum of their 退款金额; the order status is the open line furthest
behind (one line waiting to ship keeps the order waiting, the order is closed only when every line
is), and a line whose 退款状态 says a refund is in progress (退款中, 等待卖家同意 …) marks the order with
``退款中`` in its status words. The older 宝贝报表 (ExportItemlList, no shipping columns) stays a line
report (``orders_taobao.LINES``) that needs the 订单报表 beside it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from .base import KIND_ORDERS, ImportResult, RawTable
from .cleaning import blank_words
from .mapping import OrderFormat, OrderSpec, build_orders, header_lookup, norm_header, status_from_words
from .orders_taobao import STATUS_CONTAINS, STATUS_WORDS, _presale

FORMAT_ID = "taobao_order_detail"

#: 退款状态 / 退款金额 words that mean "no refund" (not a number, not a problem)
NO_REFUND_WORDS = ("无退款申请", "无退款", "没有申请退款", "退款关闭", "卖家拒绝退款")
#: 退款状态 words of a refund still in progress (the order is listed apart from "waiting to ship")
REFUND_PENDING_WORDS = ("退款中", "等待卖家同意", "等待买家退货", "等待卖家确认收货", "卖家已同意", "申请退款")

FIELDS = {
    "order_id": ["主订单编号"],
    "created": ["订单创建时间"],
    "paid": ["订单付款时间"],
    "paid_amount": ["买家实际支付金额", "买家实付金额"],
    "shipped": ["发货时间"],
    "status": ["订单状态"],
    "refund_amount": ["退款金额"],
    "remark": ["商家备注", "主订单买家留言", "备注标签"],
    "sku": ["商家编码", "外部系统编号"],
    "quantity": ["购买数量"],
    "title": ["标题", "商品标题"],
    "price": ["价格"],
}

#: headers only the 2024 订单明细 has (the older 宝贝报表 has none of them)
DETAIL_ONLY = ("发货时间", "物流单号", "物流公司", "主订单买家留言", "备注标签", "联系方式备注", "是否赔付",
               "延迟发货主动赔付金额", "赔付出账时间", "商品id")


def _post(rows: pd.DataFrame, raw: dict) -> None:
    _presale(rows, raw)  # 分阶段订单信息 → pre-sale; an unpaid line shows its 买家应付货款
    data = raw["_data"]
    if "退款状态" in data.columns:
        state = data["退款状态"].astype(str)
        pending = state.str.contains("|".join(REFUND_PENDING_WORDS), regex=True).to_numpy()
        if pending.any():
            rows.loc[pending, "status_raw"] = np.where(rows.loc[pending, "status_raw"] == "", "退款中",
                                                       rows.loc[pending, "status_raw"] + " / 退款中")


SPEC = OrderSpec(platform="taobao", fields=FIELDS, status_fn=status_from_words(STATUS_WORDS, STATUS_CONTAINS),
                 amounts_per_row=True, always_lines=True, post=_post)


class DetailFormat(OrderFormat):
    """Recognised by 子订单编号 + 主订单编号 + the order times and amounts + a shipping-side column."""

    def score(self, headers: list[str]) -> float:
        look = header_lookup(headers)
        need = ("子订单编号", "主订单编号", "订单创建时间", "订单付款时间")
        if not all(norm_header(h) in look for h in need):
            return 0.0
        if not any(norm_header(h) in look for h in ("买家实际支付金额", "买家实付金额")):
            return 0.0
        extra = sum(1 for h in DETAIL_ONLY if norm_header(h) in look)
        return 1.0 if extra >= 2 else 0.0  # listed before the 宝贝报表, so a tie is ours

    def prepare(self, table: RawTable) -> RawTable:
        data = table.data
        if "退款金额" in data.columns:
            data = data.copy()
            data["退款金额"] = blank_words(data["退款金额"], NO_REFUND_WORDS)
            table = RawTable(table.path, table.sheet, table.header_row, table.headers, data)
        return table

    def read(self, table: RawTable, reporter=None) -> ImportResult:
        res = build_orders(self.prepare(table), self.spec, reporter, format_id=self.id, label=self.label,
                           kind=KIND_ORDERS)
        o = res.orders
        if o is not None and len(o):
            # a partly shipped order (one line shipped, one waiting) is still waiting to ship: its
            # newest line's 发货时间 must not mark the whole order shipped
            waiting = (o["status"] == schema.PAID_UNSHIPPED).to_numpy()
            if waiting.any():
                o.loc[waiting, "shipped"] = pd.NaT
        return res


FORMAT = DetailFormat(
    id=FORMAT_ID,
    label="淘宝 订单明细 (2024) / Taobao order detail export",
    spec=SPEC,
    signature=list(DETAIL_ONLY),
)
