"""A seeded, deterministic sample shop in the platforms' real file formats, and benchmark data.

``write_sample`` writes what a small Taobao shop would export on a Monday morning: the 订单报表
(ExportOrderList) as xlsx and as GBK CSV, the 宝贝报表 (ExportOrderDetailList) CSV, a Qianniu
chat log copied as text (CRLF) and an inventory sheet. The story inside is built so a supervisor
sees differences at a glance:

* 小美 answers in seconds and converts about half of her inquiries;
* 阿杰 converts, but answers slowly (a minute and a half typical, some waits of several minutes);
* 小雨 leaves many buyers unanswered (only the welcome auto-reply reaches them);
* the other agents are average.

It also holds: the shop's welcome auto-reply (text ``WELCOME``; it contains 自动回复 so the default
patterns catch it), buyers served by two agents (a transfer, or a second agent the next day),
buyers who chat then order within the attribution window, 催付 chats after unpaid orders (some
then pay), refunds with their chats, unpaid and closed orders, paid orders overdue for shipping,
pre-sale orders, returning buyers with older orders, and SKUs whose stock does not cover the
paid-unshipped lines. All personal data is obviously fake (测试用户017, 1380000xxxx, 示例路).

``generate_frames`` builds already-normalised frames with numpy for benchmarks (1,000,000 orders
and 5,000,000 messages in seconds); ``write_large_order_xlsx`` and ``write_large_chat_csv`` write
big files for the import benchmark without going through openpyxl.

Modules: this one holds ``write_sample``; ``sample_story`` the story (buyers, orders, chats),
``sample_records`` its records (AgentProfile, orders, lines, chat sections), ``sample_data`` the words
(products, texts, headers), ``sample_styles`` how each agent writes (服务质检 habits), ``sample_files``
the export formats, ``sample_bench`` the benchmark frames and big files.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

# the shop's story, words, files and the benchmark data live in modules of their own; their public names
# are importable from here as before
from .sample_bench import LARGE_ORDER_HEADER, generate_frames, write_large_chat_csv, write_large_order_xlsx
from .sample_data import (AGENT_ANSWERS, AGENT_CLOSERS, AGENT_NAMES, BUYER_FOLLOWUPS, BUYER_OPENERS,
                          BUYER_QUESTIONS, HOUR_WEIGHTS, INVENTORY_HEADER, LINE_HEADER, ORDER_HEADER, PRESALE_SKU,
                          PRODUCTS, QUESTIONS, REFUND_ANSWER, REFUND_ASK, REMINDER, REMINDER_REPLIES,
                          REMINDER_THANKS, SHOP, STATUS_WORDS, WELCOME, WELCOME_PATTERN)
from .sample_files import _chat_text, _line_rows, _order_rows, _write_csv, _write_xlsx
from .sample_records import AgentProfile
from .sample_story import _Story


def write_sample(
    out_dir,
    *,
    seed: int = 7,
    days: int = 5,
    agents: int = 4,
    orders: int = 300,
    start: str = "2026-11-16",
) -> dict[str, Path]:
    """Write the sample shop's files into ``out_dir``; returns {name: path}.

    Names: ``orders_xlsx`` and ``orders_csv`` (the same 订单报表 twice, xlsx and GBK CSV),
    ``lines_csv`` (宝贝报表), ``chats_txt`` (Qianniu copied text) and ``inventory_xlsx``.
    The same arguments always give the same bytes.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    story = _Story(seed, days, agents, orders, start)
    story.build()
    stamp = f"{story.end - _dt.timedelta(days=1):%Y%m%d}2330"
    paths = {
        "orders_xlsx": out / f"ExportOrderList{stamp}.xlsx",
        "orders_csv": out / f"ExportOrderList{stamp}.csv",
        "lines_csv": out / f"ExportOrderDetailList{stamp}.csv",
        "chats_txt": out / f"千牛聊天记录_{story.start:%Y%m%d}-{story.end - _dt.timedelta(days=1):%Y%m%d}.txt",
        "inventory_xlsx": out / "库存.xlsx",
    }
    orows = _order_rows(story)
    money_cols = tuple(ORDER_HEADER.index(h) for h in ("买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额",
                                                       "退款金额", "宝贝总数量"))
    _write_xlsx(paths["orders_xlsx"], "Sheet1", ORDER_HEADER, orows, numeric_cols=money_cols)
    oid_col = ORDER_HEADER.index("订单编号")
    _write_csv(paths["orders_csv"], ORDER_HEADER, orows,
               text_cols=(oid_col, ORDER_HEADER.index("支付单号"), ORDER_HEADER.index("主订单编号")),
               apostrophe_cols=(ORDER_HEADER.index("联系手机"),))
    _write_csv(paths["lines_csv"], LINE_HEADER, _line_rows(story), text_cols=(0,))
    paths["chats_txt"].write_bytes(_chat_text(story).encode("utf-8-sig"))
    inv = [[sku, title, f"{q:g}"] for sku, title, q in story.inventory()]
    _write_xlsx(paths["inventory_xlsx"], "库存", INVENTORY_HEADER, inv, numeric_cols=(2,))
    return paths


__all__ = [
    "AGENT_ANSWERS", "AGENT_CLOSERS", "AGENT_NAMES", "BUYER_FOLLOWUPS", "BUYER_OPENERS", "BUYER_QUESTIONS",
    "HOUR_WEIGHTS", "INVENTORY_HEADER", "LARGE_ORDER_HEADER", "LINE_HEADER", "ORDER_HEADER", "PRESALE_SKU",
    "PRODUCTS", "QUESTIONS", "REFUND_ANSWER", "REFUND_ASK", "REMINDER", "REMINDER_REPLIES", "REMINDER_THANKS",
    "SHOP", "STATUS_WORDS", "WELCOME", "WELCOME_PATTERN", "AgentProfile", "generate_frames", "write_large_chat_csv",
    "write_large_order_xlsx", "write_sample",
]
