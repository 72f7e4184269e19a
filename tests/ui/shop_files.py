"""A tiny hand-made shop in the platforms' real formats, for the window tests (no tests here).

Day 2026-11-20, two agents (店:小王, 店:小李), four buyers:
- b1 asks 小王 at 10:00:00, 小王 answers at 10:00:20 (20 s); b1 orders 1001 at 10:05, pays ¥100.
- b2 asks 小李 at 11:00:00, 小李 answers at 11:01:30 (90 s: slow at the default 60 s);
  b2 orders 1002 at 11:10 and does not pay.
- b3 asks 小王 at 12:00:00, 小王 answers at 12:00:40 (40 s); no order.
- b4 orders 1003 at 13:00 without chatting (静默销售) and pays ¥50.
An auto-reply from 小王 at 10:00:01 must not stop b1's clock.
"""

from __future__ import annotations

import csv
from pathlib import Path

ORDER_HEADERS = [
    "订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间 ", "宝贝总数量",
    "收货地址", "总金额", "店铺名称", "退款金额", "联系手机",
]

ORDERS = [
    # order numbers written as ="…" the way Taobao's CSV protects them from Excel
    ['="1001"', "b1", "100.00", "交易成功", "2026-11-20 10:05:00", "2026-11-20 10:06:00", "1",
     "浙江省 杭州市 西湖区", "100.00", "店", "0", "13800001111"],
    ['="1002"', "b2", "0.00", "等待买家付款", "2026-11-20 11:10:00", "", "1",
     "江苏省 南京市", "80.00", "店", "0", "13800002222"],
    ['="1003"', "b4", "50.00", "买家已付款，等待卖家发货", "2026-11-20 13:00:00", "2026-11-20 13:01:00", "1",
     "上海市 浦东新区", "50.00", "店", "0", "13800003333"],
]

CHAT_HEADERS = ["时间", "买家", "客服", "发送方", "内容", "自动回复"]

CHATS = [
    ["2026-11-20 10:00:00", "b1", "店:小王", "买家", "在吗？这个有货吗", "否"],
    ["2026-11-20 10:00:01", "b1", "店:小王", "客服", "您好，欢迎光临（自动回复）", "是"],
    ["2026-11-20 10:00:20", "b1", "店:小王", "客服", "亲，有货的，今天下单明天发", "否"],
    ["2026-11-20 11:00:00", "b2", "店:小李", "买家", "能便宜点吗", "否"],
    ["2026-11-20 11:01:30", "b2", "店:小李", "客服", "亲，已经是活动价了哦", "否"],
    ["2026-11-20 12:00:00", "b3", "店:小王", "买家", "包邮吗", "否"],
    ["2026-11-20 12:00:40", "b3", "店:小王", "客服", "满99包邮", "否"],
]


def write_orders(folder: Path, name: str = "ExportOrderList202611201500.csv") -> Path:
    """The 订单报表 as Taobao writes it: GBK CSV."""
    path = Path(folder) / name
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ORDER_HEADERS)
        w.writerows(ORDERS)
    return path


def write_chats(folder: Path, name: str = "聊天记录.csv") -> Path:
    """The plain chat log: UTF-8 with BOM, as Excel saves 'CSV UTF-8'."""
    path = Path(folder) / name
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CHAT_HEADERS)
        w.writerows(CHATS)
    return path


def write_shop(folder: Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_orders(folder), write_chats(folder)]


def write_unrecognised_orders(folder: Path) -> Path:
    """An ERP export with headers no format knows: 单号, 时间点, 成交额, 顾客, 进度."""
    path = Path(folder) / "erp_export.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["单号", "时间点", "成交额", "顾客", "进度"])
        w.writerow(["E-1", "2026-11-20 14:00:00", "30", "b5", "交易成功"])
        w.writerow(["E-2", "2026-11-20 15:00:00", "20", "b6", "交易成功"])
    return path


def write_broken_orders(folder: Path) -> Path:
    """A Taobao order report missing its 订单创建时间 column (the header is row 1)."""
    path = Path(folder) / "broken_orders.csv"
    headers = [h for h in ORDER_HEADERS if h != "订单创建时间"]
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        w.writerow(["1009", "b9", "10", "交易成功", "2026-11-20 10:06:00", "1", "x", "10", "店", "0", "1"])
    return path

