"""Figures the inputs cannot support ("not available is not zero").

Every figure or check that needs columns or inputs the data lacks is listed here instead of being
shown as 0, an empty list or a false alarm. The window shows "–" with the reason, the Excel report
writes the reason, and the JSON report writes the value as ``null`` and lists the figure in its
top-level ``"unavailable"`` list.

Producers (any model stage) append :class:`Unavailable` entries to ``Results.unavailable``; consumers
ask :func:`is_unavailable` / :func:`reason_for`. ``figure`` is the key the figure has in the JSON report
(a shop key such as ``"paying_buyers"``, an agent column, or a section such as ``"customers"``,
``"unshipped"``, ``"quality"``, ``"staffing"``); ``reason`` is a stable code whose texts live in
:data:`REASON_TEXTS` (add a code there when you add a reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

#: reason code -> (简体中文, English) text shown to the user
REASON_TEXTS: dict[str, tuple[str, str]] = {
    "no_buyer_column": ("订单文件没有买家列", "the order file has no buyer column"),
    "no_shipping_columns": ("订单文件没有发货状态或发货时间列", "the order file has no shipping status or shipping time column"),
    "no_chat_log": ("没有导入聊天记录", "no chat log was imported"),
    "no_orders": ("没有导入订单", "no order export was imported"),
    "no_chats_in_range": ("所选日期内没有聊天记录", "no chat log in this range"),
    "invalid_quality_setting": ("质检设置中有无效的模式（见 设置 ▸ 质检）",
                                "a quality setting holds an invalid pattern (see Settings ▸ Quality)"),
    "mixed_currency": ("所选店铺使用多种币种，金额不能相加；请分别查看各币种的店铺",
                       "the chosen shops use several currencies, which are never summed; look at the shops of one "
                       "currency at a time"),
    "not_in_figures": ("本次计算没有这项指标（例如未运行质检），考核中按不可用处理",
                       "this run's figures do not include it (e.g. no quality check ran); the appraisal "
                       "treats it as not available"),
}


@dataclass(frozen=True)
class Unavailable:
    """One figure that is not available, and why."""

    figure: str
    reason: str  # a key of REASON_TEXTS

    def text(self, lang: str = "en") -> str:
        zh, en = REASON_TEXTS.get(self.reason, (self.reason, self.reason))
        return zh if lang.startswith("zh") else en

    def to_dict(self) -> dict:
        zh, en = REASON_TEXTS.get(self.reason, (self.reason, self.reason))
        return {"figure": self.figure, "reason": en, "reason_zh": zh, "code": self.reason}


def find(items: Iterable[Unavailable], figure: str) -> Optional[Unavailable]:
    """The entry for ``figure`` in ``items``, or None when the figure is available."""
    for item in items or ():
        if item.figure == figure:
            return item
    return None


def is_unavailable(items: Iterable[Unavailable], figure: str) -> bool:
    return find(items, figure) is not None


def reason_for(items: Iterable[Unavailable], figure: str, lang: str = "en") -> Optional[str]:
    item = find(items, figure)
    return item.text(lang) if item else None
