"""Every window, threshold and rule of the model layer, with the defaults from domain.md."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Optional

#: Attribution rules.
LAST_TOUCH = "last"
FIRST_TOUCH = "first"
SPLIT = "split"

#: Reading of response times.
READING_DEFAULT = "default"  # our reading (domain.md)
READING_PLATFORM = "platform"  # 平台口径: cap 600 s, unanswered = cap, 08-23 h, slow = 100 s


@dataclass(frozen=True)
class ModelSettings:
    """Plain, immutable settings; ``replace(**changes)`` returns a modified copy.

    Times are seconds unless the name says otherwise.
    """

    # --- conversations and response times -------------------------------------------
    #: a conversation ends when the (buyer, agent) pair is idle longer than this
    split_gap_s: float = 30 * 60
    #: ... or at midnight (shop time)
    split_at_midnight: bool = True
    #: a turn whose response time exceeds this is slow (慢响应)
    slow_threshold_s: float = 60.0
    #: first-response targets: golden / reasonable / limit (黄金6秒, ≤10 s, 15 s)
    first_response_targets_s: tuple[float, float, float] = (6.0, 10.0, 15.0)
    #: average response target (平均响应 ≤16 s)
    response_target_s: float = 16.0
    #: cap each turn's response time (platform reading: 600 s); None = no cap
    response_cap_s: Optional[float] = None
    #: count an unanswered turn as the cap (platform reading)
    unanswered_as_cap: bool = False
    #: only turns starting in these hours count, e.g. (8, 23); None = all day
    service_hours: Optional[tuple[int, int]] = None
    #: working schedule: weekday (0=Mon) -> (open "HH:MM", close "HH:MM"); empty = none.
    #: With a schedule, a turn starting outside it is measured from the next opening time.
    working_hours: tuple[tuple[int, str, str], ...] = ()
    #: which reading produced the figures (label only; presets set the fields)
    reading: str = READING_DEFAULT
    #: text patterns (regular expressions) that mark a message as automatic
    auto_reply_patterns: tuple[str, ...] = ("自动回复", "机器人", r"\[自动\]", "auto-reply", "autoreply")
    #: sub-account names (or name patterns) that are robots; their messages are automatic
    robot_accounts: tuple[str, ...] = ("机器人", "robot", "bot", "店小蜜", "小蜜")

    # --- attribution ------------------------------------------------------------------
    #: an order is attributed to an agent the buyer messaged within this many days before it
    attribution_window_days: float = 3.0
    #: last | first | split
    attribution_rule: str = LAST_TOUCH

    # --- order checks -------------------------------------------------------------------
    #: as-of time ("YYYY-MM-DD HH:MM:SS"); None = newest timestamp in the data
    as_of: Optional[str] = None
    #: unshipped orders are overdue after this many hours from payment
    shipping_promise_h: float = 48.0
    #: 催付: remind new buyers this many hours after the order was created
    reminder_new_h: float = 2.0
    #: 催付: remind returning buyers (an earlier paid order) after this many hours
    reminder_returning_h: float = 3.0
    #: 催付 success: a human agent message to the buyer within this many hours after the order was
    #: created (and before payment) counts as a reminder by that agent
    reminder_window_h: float = 72.0

    # --- customers ----------------------------------------------------------------------
    #: RFM look-back window in days, ending at the as-of time
    rfm_lookback_days: int = 365
    #: membership: "amount" (cumulative paid) or "orders" (paid order count)
    level_basis: str = "amount"
    #: membership levels as (name, threshold) in rising order; the first threshold is 0
    levels: tuple[tuple[str, float], ...] = (
        ("店铺客户", 0.0),
        ("普通会员", 1.0),
        ("高级会员", 500.0),
        ("VIP会员", 2000.0),
        ("至尊VIP会员", 5000.0),
    )
    #: membership evaluation period in days
    level_period_days: int = 365

    # --- staffing (排班) -----------------------------------------------------------------
    #: target: this share of first responses within staffing_target_s seconds
    staffing_target_share: float = 0.8
    staffing_target_s: float = 10.0
    #: chats an agent holds at once for the plan; None = the measured mean
    staffing_concurrency: Optional[float] = None
    #: shift templates (start "HH:MM", end "HH:MM") the shift plan chooses from
    shift_templates: tuple[tuple[str, str], ...] = (("08:00", "17:00"), ("09:00", "18:00"), ("13:00", "22:00"))

    def replace(self, **changes: Any) -> "ModelSettings":
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dict (tuples become lists)."""
        return json_ready(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ModelSettings":
        """Inverse of to_dict; unknown keys are ignored, lists become tuples."""
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: _tupled(v) for k, v in data.items() if k in names}
        return cls(**kwargs)

    @classmethod
    def platform_preset(cls, **changes: Any) -> "ModelSettings":
        """平台口径: Taobao's official reading (cap 600 s, unanswered = 600 s, 08–23 h, slow 100 s)."""
        base = dict(
            response_cap_s=600.0,
            unanswered_as_cap=True,
            service_hours=(8, 23),
            slow_threshold_s=100.0,
            reading=READING_PLATFORM,
        )
        base.update(changes)
        return cls(**base)


def json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value


def _tupled(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tupled(v) for v in value)
    return value


DEFAULT_SETTINGS = ModelSettings()
