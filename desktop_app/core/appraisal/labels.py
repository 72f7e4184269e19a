"""Names of the appraisal KPIs and deductions in 简体中文 and English, and how their values are shown."""

from __future__ import annotations

#: kpi -> (简体中文, English, kind) where kind is "%" (a fraction), "s" (seconds), "¥" (money) or "n"
KPI_LABELS: dict[str, tuple[str, str, str]] = {
    "conversion_rate": ("询单转化率", "Conversion rate", "%"),
    "sales": ("客服销售额", "Sales", "¥"),
    "aov": ("客单价", "Average order value", "¥"),
    "items_per_buyer": ("客件数", "Items per buyer", "n"),
    "price_per_item": ("件均价", "Price per item", "¥"),
    "reply_rate": ("回复率", "Reply rate", "%"),
    "reminder_success_rate": ("催付成功率", "Reminder success rate", "%"),
    "fr_within_golden": ("首响黄金时间内占比", "First responses within golden time", "%"),
    "fr_within_reasonable": ("首响合理时间内占比", "First responses within reasonable time", "%"),
    "fr_within_limit": ("首响限时内占比", "First responses within the limit", "%"),
    "first_response_mean_s": ("平均首次响应（秒）", "First response, mean (s)", "s"),
    "first_response_median_s": ("首次响应中位数（秒）", "First response, median (s)", "s"),
    "first_response_p90_s": ("首次响应 P90（秒）", "First response, P90 (s)", "s"),
    "response_mean_s": ("平均响应（秒）", "Response, mean (s)", "s"),
    "response_median_s": ("响应中位数（秒）", "Response, median (s)", "s"),
    "response_p90_s": ("响应 P90（秒）", "Response, P90 (s)", "s"),
    "refund_rate": ("退款率", "Refund rate", "%"),
    "refund_amount_rate": ("退款金额占比", "Refund amount rate", "%"),
    "clean_share": ("质检无问题会话占比", "Clean conversations (quality)", "%"),
    "hits_per_100": ("每百会话质检问题数", "Quality hits per 100 conversations", "n"),
    # deductions
    "unanswered_turns": ("未回复", "Unanswered turns", "n"),
    "slow_turns": ("慢响应", "Slow turns", "n"),
    "quality_hits": ("质检问题", "Quality hits", "n"),
    "bare_reply": ("生硬回复", "Bare replies", "n"),
    "no_greeting": ("无问候语", "No greeting", "n"),
    "no_closing": ("无结束语", "No closing", "n"),
    "banned_words": ("违禁词", "Banned words", "n"),
    "unanswered_question": ("问题未回答", "Unanswered questions", "n"),
    "complaint_no_apology": ("投诉未致歉", "Complaint without apology", "n"),
    "lost_inquiry_no_followup": ("流失询单未跟进", "Lost inquiry without follow-up", "n"),
}


def label(kpi: str, lang: int = 0) -> str:
    """The KPI's name: ``lang`` 0 = 简体中文, 1 = English (the Excel writer's convention)."""
    spec = KPI_LABELS.get(kpi)
    return spec[lang] if spec else kpi


def kind(kpi: str) -> str:
    spec = KPI_LABELS.get(kpi)
    return spec[2] if spec else "n"
