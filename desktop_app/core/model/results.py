"""Results of one model run: the frames every view, report and export reads.

This module is the contract between the model layer (producer) and the UI, the JSON report,
the Excel report and the store's trends (consumers). Column names are fixed here; producers
may add columns, never rename these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import pandas as pd

from ..errors import RowProblem
from .quality_summary import QualityResults
from .settings import ModelSettings
from .unavailable import Unavailable

#: conversations: one row per conversation (buyer, agent, split by idle gap and midnight)
CONVERSATION_COLUMNS = [
    "conv_id",  # int, stable within a run
    "agent", "buyer", "shop",
    "start", "end",  # datetime64: first and last message
    "day",  # datetime64 normalised to midnight (the conversation's day)
    "messages", "buyer_messages", "agent_messages", "auto_messages",  # int counts
    "turns", "answered_turns", "unanswered_turns", "slow_turns",  # int counts
    "first_response_s",  # float, NaN when the first turn was never answered by a human
    "mean_response_s",  # float, mean over answered turns
    "inquiry",  # bool: the buyer sent at least one message (not outbound-only)
]

#: turns: one row per buyer turn (a run of buyer messages with no human agent message between)
TURN_COLUMNS = [
    "conv_id", "agent", "buyer", "day",
    "start",  # datetime64: first buyer message of the turn
    "reply",  # datetime64: first human reply, NaT when unanswered
    "response_s",  # float: reply - start (after cap / working hours per settings), NaN unanswered
    "calendar_response_s",  # float: reply - start in plain calendar seconds
    "answered", "slow", "is_first",  # bool
    "hour", "weekday",  # int: start hour 0-23 and weekday 0=Mon, for the traffic heatmap
    # extra: False when the turn starts outside settings.service_hours (platform reading); such a
    # turn has no response_s, is never slow and is left out of every count, but stays in the table
    # for attribution and the traffic heatmap
    "counted",
]

#: agents: one row per agent; these are also the JSON report's keys (issue 3)
AGENT_COLUMNS = [
    "agent", "conversations", "inquiring_buyers", "ordering_buyers", "paying_buyers",
    "same_day_paying_buyers", "conversion_rate", "sales", "aov", "items", "items_per_buyer",
    "price_per_item", "turns", "unanswered_turns", "reply_rate", "slow_turns",
    "first_response_mean_s", "first_response_median_s", "first_response_p90_s",
    "response_mean_s", "response_median_s", "response_p90_s", "refund_orders", "refund_rate",
    # extra columns (stable too)
    "refund_amount", "refund_amount_rate",
    "fr_within_golden", "fr_within_reasonable", "fr_within_limit",  # shares of first responses within 6/10/15 s
    "reminded_orders", "reminded_paid_orders", "reminder_success_rate",  # 催付
    # extra (model-kpis): attributed orders (weights summed), of which paid; per-agent time figures'
    # sample sizes
    "attributed_orders", "paid_orders", "first_responses", "responses",
]

#: agent_days: AGENT_COLUMNS plus "day", one row per (agent, day)

#: shop: dict with these keys (the JSON report's ``shop``)
SHOP_KEYS = [
    "orders", "paid_orders", "payment_rate", "sales", "paying_buyers", "aov", "silent_sales",
    "inquiry_sales", "refund_orders", "refund_rate",
    # extra
    "refund_amount", "refund_amount_rate", "items", "first_response_median_s",
    "response_median_s", "unshipped", "unshipped_overdue", "out_of_stock", "unpaid_due",
    # extra (model-kpis): attributed (agent) sales ⊆ inquiry sales; silent orders; chat volume
    "agent_sales", "silent_orders", "inquiry_orders", "conversations", "inquiring_buyers",
    "first_response_mean_s", "response_mean_s",
]

#: attribution: one row per (order, agent) credit; weight 1.0 except under the split rule
ATTRIBUTION_COLUMNS = [
    "platform", "order_id", "buyer", "agent", "weight", "conv_id",
    "inquiry_day",  # datetime64 day of the crediting conversation
    "created", "paid",  # order times
    "paid_amount", "refund_amount", "items",
    "is_paid", "paid_same_day",  # bool
]

#: unshipped: paid, not shipped, not closed
UNSHIPPED_COLUMNS = [
    "platform", "order_id", "buyer", "paid", "age_h", "due", "overdue", "presale", "status_raw",
    "paid_amount", "remark", "handled",
]
#: out_of_stock: one row per order line short of stock (or per order flagged 缺货 without a sheet)
OUT_OF_STOCK_COLUMNS = [
    "platform", "order_id", "buyer", "paid", "sku", "title", "quantity", "allocated", "short",
    "source",  # "inventory" | "status" | "remark"
    "remedy",  # suggested remedy text key: refund | swap | upgrade | coupon
    "handled",
]
#: unpaid: orders waiting for payment, with the 催付 due time
UNPAID_COLUMNS = [
    "platform", "order_id", "buyer", "created", "due", "is_due", "returning", "segment", "level",
    "amount", "handled",
]

#: customers: the archive, one row per buyer, with RFM and level
CUSTOMER_COLUMNS = [
    "buyer", "first_order", "last_order", "orders", "paid_orders", "paid_amount", "refund_amount",
    "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment", "level",
    "receiver_name", "receiver_phone", "receiver_address",  # unmasked; views mask them
]


@dataclass
class Results:
    """Everything one ``compute`` run produced."""

    as_of: pd.Timestamp
    settings: ModelSettings
    conversations: pd.DataFrame
    turns: pd.DataFrame
    agents: pd.DataFrame
    agent_days: pd.DataFrame
    attribution: pd.DataFrame
    shop: dict[str, Any]
    shop_days: pd.DataFrame  # "day" + SHOP_KEYS (per-day values)
    product_refunds: pd.DataFrame  # sku, title, orders, refund_orders, refund_rate, refund_amount
    unshipped: pd.DataFrame
    out_of_stock: pd.DataFrame
    unpaid: pd.DataFrame
    customers: pd.DataFrame
    problems: list[RowProblem] = field(default_factory=list)
    #: per-stage timings in seconds (for the benchmark and the status bar)
    timings: dict[str, float] = field(default_factory=dict)
    #: 催付: orders a human agent messaged after creation while unpaid (attribution.REMINDER_COLUMNS)
    reminders: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: figures the inputs cannot support, with the reason (see unavailable.py): never shown as 0
    unavailable: list[Unavailable] = field(default_factory=list)
    #: 排班: arrivals, handle time, on duty, first responses per weekday x hour and the measured
    #: concurrency (workload.Workload); None when the range holds no chats (see ``unavailable``)
    workload: Any = None
    #: the 绩效 appraisal of these figures (core.appraisal.appraise.Appraisal) when a scheme was attached
    #: with core.appraisal.report.attach; the JSON and Excel reports add their appraisal parts from it
    appraisal: Any = None
    #: service quality (服务质检; quality.py): hits and per-agent/shop figures; None without a chat log
    quality: Optional[QualityResults] = None
