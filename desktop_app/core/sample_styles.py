"""How the sample shop's agents write (服务质检 habits): the same answers, in each agent's style.

A style only rewrites the text an agent sends; it draws no random numbers, so a seed gives the same
shop (times, buyers, orders) whatever the styles, and only the chat texts differ:

* ``polite`` (小美 and most agents): greets in the first answer, thanks the buyer in the last one;
* ``no_goodbye`` (阿杰): greets, but never thanks or says goodbye;
* ``terse`` (大伟): answers in a word or two (the seeds' "客服: 不送。"), sometimes with a banned phrase
  (不清楚、自己看、不知道、不行), never greets, and does not apologise for a refund;
* 小雨 is polite but leaves many questions unanswered (her profile's ``unanswered`` share).
"""

from __future__ import annotations

POLITE, NO_GOODBYE, TERSE = "polite", "no_goodbye", "terse"

#: the greeting put before a polite agent's first answer when it has none
GREETING = "您好，"
#: what a polite agent adds to the last answer of a conversation when it does not thank already
THANKS = "感谢您的光顾，有需要随时找我~"
#: a closer -> the same without thanks or goodbye (阿杰)
NO_GOODBYE_CLOSERS = {
    "好的亲，感谢支持~": "好的",
    "不客气，有问题随时找我，祝您生活愉快": "嗯嗯",
    "亲拍下后我们尽快安排发货，谢谢亲": "拍下就发",
    "感谢支持~": "好",
}
#: a full answer -> the terse agent's version (大伟); answers not listed become "嗯"
TERSE_ANSWERS = {
    "有货的亲，今天16点前下单当天发": "有",
    "现货48小时内发货，预售款按页面时间发": "两天内",
    "亲，这已经是活动价了，可以领店铺满199减20的券哦": "不行",
    "默认发中通，偏远地区发邮政": "中通",
    "店铺首页可以领满199减20的券": "自己看",
    "保质期18个月，放阴凉干燥处就可以": "一年半",
    "可以开电子发票的，下单备注抬头就行": "可以",
    "这款口感更醇，回购的老顾客比较多": "不清楚，自己看详情页",
    "有的，礼盒都配礼品袋": "有",
    "江浙沪一般第二天就到，其他地区2-3天": "不知道，看物流",
    "在的亲，有什么可以帮您": "在",
}
#: the terse agent's answer to a refund request: no apology
TERSE_REFUND = "已同意退款"
_GREETS = ("您好", "你好", "亲", "欢迎", "在的")
_THANKS = ("谢谢", "感谢", "再见", "祝您")


def style_for_index(i: int) -> str:
    """The style of the i-th sample agent (0 小美, 1 阿杰, 2 小雨, 3 大伟, ...)."""
    return {1: NO_GOODBYE, 3: TERSE}.get(i, POLITE)


def styled(answer: str, style: str, first: bool, last: bool) -> str:
    """``answer`` (one or more lines) as an agent of ``style`` writes it; ``first``/``last``: the
    conversation's first / last answer."""
    lines = answer.split("\n")
    if style == TERSE:
        return TERSE_ANSWERS.get(lines[0], "嗯")
    if style == NO_GOODBYE:
        lines = [NO_GOODBYE_CLOSERS.get(x, x) for x in lines]
    text = "\n".join(lines)
    if first and not any(g in text for g in _GREETS):
        text = GREETING + text
    if style == POLITE and last and not any(w in text for w in _THANKS):
        text += "\n" + THANKS
    return text


def refund_answer(answer: str, style: str) -> str:
    return TERSE_REFUND if style == TERSE else answer
