"""The Agents page's scorecard columns: every KPI's header, formatter, formula tooltip and colour rule."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ...core.model.results import AGENT_COLUMNS, Results
from ..models.frame_table_model import (
    AUTO,
    INT,
    MONEY,
    PERCENT,
    SECONDS,
    TEXT,
    FLOAT,
    ColumnSpec,
    higher_is_better,
    lower_is_better,
    positive_is_bad,
)

_C = "AgentsView"

#: header label, formatter and formula (tooltip) of every AGENT_COLUMNS KPI
_LABELS = {
    "agent": (QT_TRANSLATE_NOOP("AgentsView", "Agent"), TEXT, ""),
    "conversations": (QT_TRANSLATE_NOOP("AgentsView", "Conversations"), INT, ""),
    "inquiring_buyers": (
        QT_TRANSLATE_NOOP("AgentsView", "Inquiring buyers"), INT,
        QT_TRANSLATE_NOOP("AgentsView", "询单人数: distinct buyers who messaged the agent")),
    "ordering_buyers": (
        QT_TRANSLATE_NOOP("AgentsView", "Ordering buyers"), INT,
        QT_TRANSLATE_NOOP("AgentsView", "询单→下单人数: inquiring buyers with an attributed order")),
    "paying_buyers": (
        QT_TRANSLATE_NOOP("AgentsView", "Paying buyers"), INT,
        QT_TRANSLATE_NOOP("AgentsView", "询单→最终付款人数: attributed order paid by the end of the data")),
    "same_day_paying_buyers": (
        QT_TRANSLATE_NOOP("AgentsView", "Paid same day"), INT,
        QT_TRANSLATE_NOOP("AgentsView", "询单→当日付款: paid on the inquiry day")),
    "conversion_rate": (
        QT_TRANSLATE_NOOP("AgentsView", "Conversion"), PERCENT,
        QT_TRANSLATE_NOOP("AgentsView", "询单转化率 = 询单→最终付款人数 / 询单人数")),
    "sales": (
        QT_TRANSLATE_NOOP("AgentsView", "Sales"), MONEY,
        QT_TRANSLATE_NOOP("AgentsView", "客服销售额: paid amount of attributed paid orders")),
    "aov": (
        QT_TRANSLATE_NOOP("AgentsView", "AOV"), MONEY,
        QT_TRANSLATE_NOOP("AgentsView", "客单价 = sales / paying buyers")),
    "items": (QT_TRANSLATE_NOOP("AgentsView", "Items"), INT, ""),
    "items_per_buyer": (
        QT_TRANSLATE_NOOP("AgentsView", "Items per buyer"), FLOAT,
        QT_TRANSLATE_NOOP("AgentsView", "客件数 = items / paying buyers")),
    "price_per_item": (
        QT_TRANSLATE_NOOP("AgentsView", "Price per item"), MONEY,
        QT_TRANSLATE_NOOP("AgentsView", "件单价 = sales / items")),
    "turns": (QT_TRANSLATE_NOOP("AgentsView", "Turns"), INT, ""),
    "unanswered_turns": (
        QT_TRANSLATE_NOOP("AgentsView", "Unanswered"), INT,
        QT_TRANSLATE_NOOP("AgentsView", "未回复: turns no human answered")),
    "reply_rate": (
        QT_TRANSLATE_NOOP("AgentsView", "Reply rate"), PERCENT,
        QT_TRANSLATE_NOOP("AgentsView", "回复率 = answered turns / turns")),
    "slow_turns": (
        QT_TRANSLATE_NOOP("AgentsView", "Slow turns"), INT,
        QT_TRANSLATE_NOOP("AgentsView", "慢响应: turns slower than the slow threshold")),
    "first_response_mean_s": (
        QT_TRANSLATE_NOOP("AgentsView", "First resp. mean"), SECONDS,
        QT_TRANSLATE_NOOP("AgentsView", "首次响应时间: first human reply − first buyer message")),
    "first_response_median_s": (QT_TRANSLATE_NOOP("AgentsView", "First resp. median"), SECONDS, ""),
    "first_response_p90_s": (QT_TRANSLATE_NOOP("AgentsView", "First resp. P90"), SECONDS, ""),
    "response_mean_s": (
        QT_TRANSLATE_NOOP("AgentsView", "Avg resp. mean"), SECONDS,
        QT_TRANSLATE_NOOP("AgentsView", "平均响应时间: mean over turns of (reply − turn start)")),
    "response_median_s": (QT_TRANSLATE_NOOP("AgentsView", "Avg resp. median"), SECONDS, ""),
    "response_p90_s": (QT_TRANSLATE_NOOP("AgentsView", "Avg resp. P90"), SECONDS, ""),
    "refund_orders": (QT_TRANSLATE_NOOP("AgentsView", "Refund orders"), INT, ""),
    "refund_rate": (
        QT_TRANSLATE_NOOP("AgentsView", "Refund rate"), PERCENT,
        QT_TRANSLATE_NOOP("AgentsView", "退款率 = orders with a refund / paid orders")),
    "refund_amount": (QT_TRANSLATE_NOOP("AgentsView", "Refund amount"), MONEY, ""),
    "refund_amount_rate": (QT_TRANSLATE_NOOP("AgentsView", "Refund amount rate"), PERCENT, ""),
    "fr_within_golden": (QT_TRANSLATE_NOOP("AgentsView", "First resp. ≤ golden"), PERCENT, ""),
    "fr_within_reasonable": (QT_TRANSLATE_NOOP("AgentsView", "First resp. ≤ reasonable"), PERCENT, ""),
    "fr_within_limit": (QT_TRANSLATE_NOOP("AgentsView", "First resp. ≤ limit"), PERCENT, ""),
    "reminded_orders": (QT_TRANSLATE_NOOP("AgentsView", "Reminded orders"), INT, ""),
    "reminded_paid_orders": (QT_TRANSLATE_NOOP("AgentsView", "Reminded, then paid"), INT, ""),
    "reminder_success_rate": (
        QT_TRANSLATE_NOOP("AgentsView", "Reminder success"), PERCENT,
        QT_TRANSLATE_NOOP("AgentsView", "催付成功率 = reminded then paid / reminded")),
    "attributed_orders": (QT_TRANSLATE_NOOP("AgentsView", "Attributed orders"), INT, ""),
    "paid_orders": (QT_TRANSLATE_NOOP("AgentsView", "Paid orders"), INT, ""),
    "first_responses": (QT_TRANSLATE_NOOP("AgentsView", "First responses"), INT, ""),
    "responses": (QT_TRANSLATE_NOOP("AgentsView", "Answered turns"), INT, ""),
    "answered_30s_rate": (
        QT_TRANSLATE_NOOP("AgentsView", "Answered ≤ 30 s"), PERCENT,
        QT_TRANSLATE_NOOP("AgentsView", "30秒应答率 (JD/PDD): turns a human answered within 30 s / turns")),
    "answered_3min_rate": (
        QT_TRANSLATE_NOOP("AgentsView", "Answered ≤ 3 min"), PERCENT,
        QT_TRANSLATE_NOOP("AgentsView", "3分钟应答率 (JD/PDD): turns a human answered within 3 min / turns")),
    "clean_share": (
        QT_TRANSLATE_NOOP("AgentsView", "Quality: clean share"), PERCENT,
        QT_TRANSLATE_NOOP("AgentsView", "质检: conversations with no quality hit / conversations checked")),
    "hits_per_100": (
        QT_TRANSLATE_NOOP("AgentsView", "Quality hits per 100"), FLOAT,
        QT_TRANSLATE_NOOP("AgentsView", "质检: quality hits per 100 conversations checked (accepted hits not counted)")),
    "quality_hits": (QT_TRANSLATE_NOOP("AgentsView", "Quality hits"), INT, ""),
}
#: scorecard columns beyond AGENT_COLUMNS: the JD/PDD answer rates and the quality figures (质检)
_EXTRA = ["answered_30s_rate", "answered_3min_rate", "clean_share", "hits_per_100", "quality_hits"]
#: columns that are not KPIs (double-clicking them does not drill down)
NOT_KPI = {"agent", "day"}


#: the scorecard's first columns: who converts, who answers slowly, refunds
_LEADING = ["agent", "inquiring_buyers", "paying_buyers", "conversion_rate", "sales", "aov",
            "first_response_median_s", "first_response_mean_s", "response_median_s", "response_mean_s",
            "reply_rate", "slow_turns", "refund_rate"]


def scorecard_columns(results: Optional[Results]) -> list[ColumnSpec]:
    """Specs for every AGENT_COLUMNS KPI, with colour rules from the results' targets."""
    settings = results.settings if results is not None else None
    golden, reasonable, limit = settings.first_response_targets_s if settings else (6.0, 10.0, 15.0)
    target = settings.response_target_s if settings else 16.0
    first_rule = lower_is_better(reasonable, limit)
    response_rule = lower_is_better(target, target * 1.5)
    colours = {
        "first_response_mean_s": first_rule, "first_response_median_s": first_rule,
        "first_response_p90_s": first_rule,
        "response_mean_s": response_rule, "response_median_s": response_rule,
        "response_p90_s": response_rule,
        "reply_rate": higher_is_better(0.95, 0.8),
        "unanswered_turns": positive_is_bad,
        "clean_share": higher_is_better(0.9, 0.7),
    }
    specs = []
    # the figures a supervisor reads first come first (on a 1280 px screen the rest scroll into view)
    present = set(results.agents.columns) if results is not None and results.agents is not None else set()
    for key in dict.fromkeys(_LEADING + AGENT_COLUMNS + [k for k in _EXTRA if k in present]):
        # a column the model adds later still shows, under its own name and formatted by dtype
        label, kind, tip = _LABELS.get(key, (key, AUTO, ""))
        specs.append(ColumnSpec(key, label, kind, _C, colours.get(key), tip))
    return specs
