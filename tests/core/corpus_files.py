"""Real export layouts written by code (made-up names and numbers) for the real-file corpus tests.

Each writer reproduces a layout a shop really gets from its platform (docs/formats.md §3.8): the
Taobao seller centre's 2024 订单明细 (every cell text, ``null`` for empty, no buyer column), the public
Tmall 7-column order report (no buyer, status or shipping columns), Shopify exports whose orders are all
pending Cash on Delivery, and Shopify with refunds and orders sourced from TikTok.
"""

from __future__ import annotations

import csv

import openpyxl

DETAIL_HEADER = ["子订单编号", "主订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息",
                 "联系方式备注", "订单状态", "商家编码", "支付单号", "买家应付货款", "买家实际支付金额", "退款状态",
                 "退款金额", "订单创建时间", "订单付款时间", "商品id", "分阶段订单信息", "备注标签", "商家备注",
                 "主订单买家留言", "发货时间", "物流单号", "物流公司", "是否赔付", "延迟发货主动赔付金额", "赔付出账时间"]

PAID_WAIT = "买家已付款，等待卖家发货"
SHIPPED = "卖家已发货，等待买家确认"


def _detail_row(sub, main, title, price, qty, status, sku, due, paid_amount, refund_state, refund, created,
                paid, shipped="null", remark="null"):
    row = dict.fromkeys(DETAIL_HEADER, "null")
    row.update({"子订单编号": sub, "主订单编号": main, "标题": title, "价格": price, "购买数量": qty, "订单状态": status,
                "商家编码": sku, "买家应付货款": due, "买家实际支付金额": paid_amount, "退款状态": refund_state,
                "退款金额": refund, "订单创建时间": created, "订单付款时间": paid, "发货时间": shipped,
                "商家备注": remark, "是否赔付": "否", "商品id": "6001" + sub[-4:]})
    if shipped != "null":
        row.update({"物流单号": "YT" + sub, "物流公司": "圆通速递"})
    return [row[h] for h in DETAIL_HEADER]


#: the 2024 订单明细 fixture: 8 orders (主订单编号), 10 lines; as-of = newest time 2026-11-20 09:00:30
DETAIL_ROWS = [
    # M1: two lines, one shipped and kept, one refunded and closed -> completed, paid 130, refund 30
    _detail_row("40001", "M0001", "保温杯", "50.00", "2", "交易成功", "CUP-01", "100.00", "100.00", "无退款申请",
                "无退款申请", "2026-11-17 09:00:00", "2026-11-17 09:01:00", "2026-11-18 10:00:00"),
    _detail_row("40002", "M0001", "杯套", "30.00", "1", "交易关闭", "SLV-01", "30.00", "30.00", "退款成功", "30.00",
                "2026-11-17 09:00:00", "2026-11-17 09:01:00"),
    # M2: paid, waiting to ship for 25 h (not overdue)
    _detail_row("40003", "M0002", "茶叶礼盒", "88.00", "1", PAID_WAIT, "TEA-01", "88.00", "88.00", "无退款申请",
                "无退款申请", "2026-11-19 07:59:00", "2026-11-19 08:00:00"),
    # M3: one line shipped, one waiting -> partly shipped, waiting; paid 49 h ago -> overdue
    _detail_row("40004", "M0003", "茶盘", "40.00", "1", SHIPPED, "TRAY-01", "40.00", "40.00", "无退款申请",
                "无退款申请", "2026-11-18 07:59:00", "2026-11-18 08:00:00", "2026-11-19 12:00:00"),
    _detail_row("40005", "M0003", "茶杯", "60.00", "1", PAID_WAIT, "TCUP-01", "60.00", "60.00", "无退款申请",
                "无退款申请", "2026-11-18 07:59:00", "2026-11-18 08:00:00"),
    # M4: waiting for payment 3 h -> 催付 due (amount due 45 from 买家应付货款)
    _detail_row("40006", "M0004", "茶匙", "45.00", "1", "等待买家付款", "SPN-01", "45.00", "null", "无退款申请",
                "无退款申请", "2026-11-20 06:00:00", "null"),
    # M5: paid, refund in progress -> listed apart, not waiting to ship
    _detail_row("40007", "M0005", "茶罐", "20.00", "1", PAID_WAIT, "CAN-01", "20.00", "20.00", "退款中，等待卖家同意",
                "无退款申请", "2026-11-19 10:00:00", "2026-11-19 10:01:00", remark="不缺货，先别发"),
    # M6: closed without payment
    _detail_row("40008", "M0006", "茶巾", "12.00", "1", "交易关闭", "TWL-01", "12.00", "null", "无退款申请",
                "无退款申请", "2026-11-16 10:00:00", "null"),
    # M7: still "waiting for payment" after 94 h -> closed unpaid (past the 72 h auto-close), not due
    _detail_row("40009", "M0007", "茶夹", "15.00", "1", "等待买家付款", "CLP-01", "15.00", "null", "无退款申请",
                "无退款申请", "2026-11-16 11:00:00", "null"),
    # M8: a 0 元 gift, paid -> not a sale (still waiting to ship)
    _detail_row("40010", "M0008", "赠品试用装", "0.00", "1", PAID_WAIT, "GIFT-01", "0.00", "0.00", "无退款申请",
                "无退款申请", "2026-11-20 09:00:00", "2026-11-20 09:00:30"),
]


def write_detail_2024(path):
    """The 2024 订单明细 as an xlsx whose every cell is text (what the seller centre writes)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "订单明细"
    ws.append(DETAIL_HEADER)
    for r in DETAIL_ROWS:
        ws.append([str(v) for v in r])
    wb.save(path)
    return path


#: the Tmall 7-column order report (Tianchi), trailing spaces in two headers as in the real file
TMALL_HEADER = ["订单编号", "总金额", "买家实际支付金额", "收货地址 ", "订单创建时间", "订单付款时间 ", "退款金额"]
TMALL_ROWS = [
    # id, total, paid, address, created, paid time, refund
    ["1", "100", "100", "上海", "2020-02-20 10:00:00", "2020-02-20 10:00:08", "0"],  # paid
    ["2", "59.9", "0", "北京", "2020-02-20 11:00:00", "2020-02-20 11:00:20", "59.9"],  # paid, fully refunded
    ["3", "35.5", "35.5", "浙江省", "2020-02-21 09:00:00", "2020-02-21 09:01:00", "0"],  # paid
    ["4", "20", "0", "江苏省", "2020-02-17 10:00:00", "", "0"],  # unpaid 4 days -> closed unpaid
    ["5", "80", "0", "广东省", "2020-02-24 08:00:00", "", "0"],  # unpaid 3 h -> 催付 due
    ["6", "12.34", "12.34", "四川省", "2020-02-24 11:00:00", "2020-02-24 11:00:05", "2.34"],  # paid, partly refunded
]


def write_tmall_report(path):
    """The public Tmall order report: UTF-8 CSV, 7 columns (no buyer, status or shipping)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(TMALL_HEADER)
        w.writerows(TMALL_ROWS)
    return path


SHOPIFY_HEADER = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Currency",
                  "Subtotal", "Shipping", "Taxes", "Total", "Created at", "Lineitem quantity", "Lineitem name",
                  "Lineitem price", "Lineitem sku", "Cancelled at", "Payment Method", "Refunded Amount",
                  "Outstanding Balance", "Id", "Source", "Billing Name", "Phone"]


def _shopify(name, email, fin, paid, ful, created, qty, item, price, sku, total="", method="", refunded="",
             cancelled="", source="web", first=True, fulfilled=""):
    row = dict.fromkeys(SHOPIFY_HEADER, "")
    row.update({"Name": name, "Email": email, "Created at": created, "Lineitem quantity": qty,
                "Lineitem name": item, "Lineitem price": price, "Lineitem sku": sku})
    if first:
        row.update({"Financial Status": fin, "Paid at": paid, "Fulfillment Status": ful, "Fulfilled at": fulfilled,
                    "Currency": "INR", "Subtotal": total, "Shipping": "0.00", "Taxes": "0.00", "Total": total,
                    "Cancelled at": cancelled, "Payment Method": method, "Refunded Amount": refunded,
                    "Outstanding Balance": "0.00", "Id": "55" + name[1:], "Source": source,
                    "Billing Name": "Test Buyer"})
    return [row[h] for h in SHOPIFY_HEADER]


#: every order pending Cash on Delivery (the seller is paid at the door)
SHOPIFY_COD_ROWS = [
    _shopify("#1001", "asha@example.com", "pending", "", "unfulfilled", "2026-03-01 10:00:00 +0530", "1", "Kurta",
             "799.00", "KU-1", total="799.00", method="Cash on Delivery (COD)"),
    _shopify("#1002", "ravi@example.com", "pending", "", "unfulfilled", "2026-03-02 12:00:00 +0530", "2", "Scarf",
             "250.00", "SC-1", total="500.00", method="Cash on Delivery (COD)"),
    _shopify("#1002", "ravi@example.com", "", "", "", "2026-03-02 12:00:00 +0530", "1", "Pin", "0.00", "PIN-1",
             first=False),
    _shopify("#1003", "meera@example.com", "pending", "", "unfulfilled", "2026-03-03 09:00:00 +0530", "1", "Shawl",
             "1200.00", "SH-1", total="1200.00", method="Cash on Delivery (COD)"),
]

#: paid, refunded and partly refunded orders, two of them from TikTok
SHOPIFY_REFUND_ROWS = [
    _shopify("#2001", "lee@example.com", "paid", "2026-03-01 10:00:05 -0500", "fulfilled", "2026-03-01 10:00:00 -0500",
             "2", "Mug", "12.50", "MUG-1", total="25.00", fulfilled="2026-03-02 09:00:00 -0500"),
    _shopify("#2002", "kim@example.com", "refunded", "2026-03-02 11:00:05 -0500", "unfulfilled",
             "2026-03-02 11:00:00 -0500", "1", "Lamp", "40.00", "LMP-1", total="40.00", refunded="40.00",
             source="tiktok"),
    _shopify("#2003", "lee@example.com", "partially_refunded", "2026-03-03 08:00:05 -0500", "fulfilled",
             "2026-03-03 08:00:00 -0500", "1", "Rug", "60.10", "RUG-1", total="60.10", refunded="10.05",
             source="tiktok", fulfilled="2026-03-03 18:00:00 -0500"),
    _shopify("#2004", "sam@example.com", "paid", "2026-03-04 15:00:05 -0500", "unfulfilled",
             "2026-03-04 15:00:00 -0500", "3", "Coaster", "3.30", "CST-1", total="9.90"),
]


def write_shopify(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(SHOPIFY_HEADER)
        w.writerows(rows)
    return path
