"""A Tmall order report in the public Tianchi layout, written by code (made-up orders, no shop column).

Shared by the headless store tests (tests/core/test_cli_store.py) and the window's two-shop test
(tests/ui/test_done_when_two_shops.py); tests/ is on the import path through tests/conftest.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

#: the public Tmall order report (Tianchi): 7 columns, trailing spaces in two headers as in the real file
TMALL_HEADERS = ["订单编号", "总金额", "买家实际支付金额", "收货地址 ", "订单创建时间", "订单付款时间 ", "退款金额"]


def write_tmall(folder: Path, rows: int = 40) -> Path:
    """A Tmall report in the Tianchi layout: made-up orders in Nov 2026, every 4th unpaid, every 7th refunded."""
    path = Path(folder) / "tmall_order_report.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(TMALL_HEADERS)
        for i in range(rows):
            paid = i % 4 != 0
            total = 50 + 3 * i
            w.writerow([f"88{i:06d}", total, total if paid else 0, "浙江省", f"2026-11-{10 + i % 10:02d} 1{i % 10}:00:00",
                        f"2026-11-{10 + i % 10:02d} 1{i % 10}:00:30" if paid else "", total if paid and i % 7 == 0 else 0])
    return path
