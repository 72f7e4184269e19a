"""The sample shop's records: how each agent works (``AgentProfile``), orders and their lines, and
the chat sections the story writes."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Optional

from .sample_styles import style_for_index
from .schema import UNPAID


@dataclass(frozen=True)
class AgentProfile:
    """How one sample agent works: response-time distribution, unanswered and conversion rates."""

    median_s: float  # median response time
    sigma: float  # spread of the log-normal response time
    unanswered: float  # share of turns left without a human reply
    convert: float  # share of inquiries that end in an order
    style: str = "polite"  # how the agent writes (sample_styles.py; changes texts only)

    @staticmethod
    def for_index(i: int) -> "AgentProfile":
        style = style_for_index(i)
        if i == 0:
            return AgentProfile(median_s=7.0, sigma=0.45, unanswered=0.02, convert=0.70)  # fast converter
        if i == 1:
            return AgentProfile(median_s=95.0, sigma=0.75, unanswered=0.05, convert=0.30, style=style)  # slow
        if i == 2:
            return AgentProfile(median_s=24.0, sigma=0.6, unanswered=0.40, convert=0.32)  # many unanswered
        return AgentProfile(median_s=16.0 + 3 * (i % 3), sigma=0.6, unanswered=0.08, convert=0.42, style=style)



@dataclass
class _Line:
    sku: str
    title: str
    price: float
    qty: int


@dataclass
class _Order:
    oid: str
    buyer: str
    created: _dt.datetime
    lines: list[_Line]
    paid: Optional[_dt.datetime] = None
    shipped: Optional[_dt.datetime] = None
    confirmed: Optional[_dt.datetime] = None
    status: str = UNPAID
    refund: float = 0.0
    close_reason: str = "订单未关闭"
    remark: str = ""
    buyer_note: str = ""
    presale: bool = False
    agent: Optional[str] = None  # the agent the buyer chatted with before ordering (for follow-ups)

    @property
    def amount(self) -> float:
        return round(sum(ln.price * ln.qty for ln in self.lines), 2)


@dataclass
class _Chat:
    """One section of the chat log: a buyer's conversation as one agent window shows it."""

    buyer: str
    #: ("msg", t, nick, text) | ("noise", t, text) | ("transfer", t, from_agent, to_agent)
    events: list = field(default_factory=list)

    @property
    def start(self) -> _dt.datetime:
        return self.events[0][1]
