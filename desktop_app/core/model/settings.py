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

    # --- service quality (服务质检; docs/quality.md) ----------------------------------------
    # Word lists match literally after NFKC folding (full-width = half-width, case-insensitive);
    # an entry starting with "re:" is a regular expression instead.
    #: the rules that run (all by default)
    quality_rules: tuple[str, ...] = ("bare_reply", "no_greeting", "no_closing", "banned_words",
                                      "unanswered_question", "complaint_no_apology",
                                      "lost_inquiry_no_followup")
    #: bare reply: a human answer to a question with at most this many characters
    #: (punctuation, spaces, emoji and [表情] codes not counted)
    quality_bare_max_chars: int = 3
    #: a buyer message containing one of these is a question
    quality_question_words: tuple[str, ...] = ("?", "吗", "呢", "怎么", "多少", "能不能", "可不可以",
                                               "有没有", "是不是", "什么", "为什么", "为啥", "几天", "哪")
    #: greetings expected in a conversation's first human answer
    quality_greeting_words: tuple[str, ...] = ("您好", "你好", "亲", "欢迎", "在的", "在呢", "哈喽")
    #: thanks or goodbye expected in the last human answer of a conversation that led to an order
    quality_closing_words: tuple[str, ...] = ("谢谢", "感谢", "再见", "拜拜", "慢走", "欢迎再来", "欢迎下次",
                                              "再次光临", "常来", "祝您", "期待")
    #: 禁用语 an agent must never write
    quality_banned_words: tuple[str, ...] = ("不知道", "不清楚", "自己看", "没办法", "不行", "随便",
                                             "爱买不买", "不可能", "找别人", "我不管", "不归我管")
    #: phrases that contain a banned word but are fine (removed before the banned words are sought)
    quality_allowed_phrases: tuple[str, ...] = ("行不行", "不清楚的", "随便看看", "随便问", "不行的话")
    #: a banned or complaint word right after one of these is negated, not a hit (不是不知道)
    quality_negation_prefixes: tuple[str, ...] = ("不是", "并不是", "并非", "不会", "不会给", "不用", "不想",
                                                  "不要", "无需", "绝不")
    #: complaint words from the buyer
    quality_complaint_words: tuple[str, ...] = ("投诉", "差评", "12315", "骗子", "退款", "举报", "假货")
    #: apologies expected in the answer to a complaint
    quality_apology_words: tuple[str, ...] = ("抱歉", "不好意思", "对不起", "歉意", "sorry")
    #: 询单流失: hours after an answered inquiry within which the buyer orders or the agent follows up
    quality_followup_h: float = 24.0

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
