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
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from .sample_styles import refund_answer, style_for_index, styled
from .schema import CLOSED, COMPLETED, PAID_UNSHIPPED, SCHEMAS, SHIPPED, UNPAID

SHOP = "示例旗舰店"
AGENT_NAMES = ("小美", "阿杰", "小雨", "大伟", "小林", "阿芳", "小周", "阿强", "小陈", "阿敏")
#: the shop's welcome auto-reply; add WELCOME_PATTERN to the auto-reply patterns to match it by text
WELCOME = "您好，欢迎光临示例旗舰店！本条为自动回复，客服马上就来~"
WELCOME_PATTERN = "欢迎光临示例旗舰店"

#: (商家编码, title, price)
PRODUCTS = (
    ("SKU-TEA-01", "示例红茶 正山小种 250g", 59.0),
    ("SKU-TEA-02", "示例绿茶 西湖龙井 100g", 88.0),
    ("SKU-TEA-03", "示例乌龙茶 铁观音 200g", 69.0),
    ("SKU-TEA-04", "示例白茶 寿眉 饼茶 357g", 128.0),
    ("SKU-TEA-05", "示例普洱 熟茶 散茶 500g", 99.0),
    ("SKU-CUP-01", "示例玻璃茶杯 带滤网 350ml", 39.0),
    ("SKU-CUP-02", "示例陶瓷盖碗 白瓷 150ml", 45.0),
    ("SKU-POT-01", "示例紫砂壶 西施壶 200ml", 168.0),
    ("SKU-SET-01", "示例旅行茶具套装 一壶四杯", 129.0),
    ("SKU-GFT-01", "示例茶叶礼盒 双罐装", 199.0),
    ("SKU-TRY-01", "示例试饮装 五种口味 各5g", 9.9),
    ("SKU-PRE-01", "【预售】示例新茶 明前龙井 2027年头采 50g", 158.0),
)
PRESALE_SKU = "SKU-PRE-01"

#: relative weight of each hour of the day for buyer activity (a shop's usual two peaks)
HOUR_WEIGHTS = np.array([2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 5, 9, 11, 10, 8, 8, 10, 10, 9, 8, 7, 8, 11, 12, 10, 6],
                        dtype=float)


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


BUYER_OPENERS = ("在吗", "你好", "有人吗", "亲在吗", "老板在吗")
#: (buyer question, the agent's answer)
QUESTIONS = (
    ("{title}还有货吗", "有货的亲，今天16点前下单当天发"),
    ("这个什么时候能发货", "现货48小时内发货，预售款按页面时间发"),
    ("能便宜点吗", "亲，这已经是活动价了，可以领店铺满199减20的券哦"),
    ("发什么快递", "默认发中通，偏远地区发邮政"),
    ("有没有优惠券", "店铺首页可以领满199减20的券"),
    ("保质期多久", "保质期18个月，放阴凉干燥处就可以"),
    ("可以开发票吗", "可以开电子发票的，下单备注抬头就行"),
    ("{title}和别的有什么区别", "这款口感更醇，回购的老顾客比较多"),
    ("送人的话有礼品袋吗", "有的，礼盒都配礼品袋"),
    ("今天下单明天能到吗", "江浙沪一般第二天就到，其他地区2-3天"),
)
BUYER_QUESTIONS = tuple(q for q, _ in QUESTIONS)
BUYER_FOLLOWUPS = ("好的", "那我拍了", "谢谢", "行，我考虑一下", "嗯嗯", "知道了")
AGENT_ANSWERS = tuple(a for _, a in QUESTIONS) + ("在的亲，有什么可以帮您",)
AGENT_CLOSERS = ("好的亲，感谢支持~", "不客气，有问题随时找我，祝您生活愉快", "亲拍下后我们尽快安排发货，谢谢亲", "感谢支持~")
REMINDER = "亲，看到您拍下了{title}还没有付款哦，现在付款今天就能发货~"
REMINDER_REPLIES = ("好的，马上付", "刚才忘了，这就付")
REMINDER_THANKS = "好的亲，付款后马上为您安排发货"
REFUND_ASK = "东西收到了有点问题，申请了退款麻烦处理一下"
REFUND_ANSWER = "亲，非常抱歉给您带来不便，已经为您同意退款了"

#: 订单报表 header (v3 xlsx layout plus the later 发货时间 and 预售订单); the trailing spaces are real
ORDER_HEADER = (
    "订单编号", "买家会员名", "买家支付宝账号", "支付单号", "支付详情", "买家应付货款", "买家应付邮费",
    "买家支付积分", "总金额", "返点积分", "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言",
    "收货人姓名", "收货地址 ", "运送方式", "联系电话 ", "联系手机", "订单创建时间", "订单付款时间 ",
    "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注", "宝贝总数量", "店铺Id", "店铺名称",
    "订单关闭原因", "卖家服务费", "买家服务费", "发票抬头", "是否手机订单", "分阶段订单信息", "特权订金订单id",
    "是否上传合同照片", "是否上传小票", "是否代付", "定金排名", "修改后的sku", "修改后的收货地址", "异常信息",
    "天猫卡券抵扣", "集分宝抵扣", "是否是O2O交易", "新零售交易类型", "新零售导购门店名称", "新零售导购门店id",
    "新零售发货门店名称", "新零售发货门店id", "退款金额", "预约门店", "确认收货时间", "打款商家金额",
    "含应开票给个人的个人红包", "是否信用购", "体验期结束时间", "前N有礼", "配送类型", "主订单编号",
    "发货时间", "预售订单",
)
#: 宝贝报表 (ExportOrderDetailList) header
LINE_HEADER = ("订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态",
               "商家编码")
INVENTORY_HEADER = ("商家编码", "宝贝标题", "可用库存")

STATUS_WORDS = {
    UNPAID: "等待买家付款",
    PAID_UNSHIPPED: "买家已付款，等待卖家发货",
    SHIPPED: "卖家已发货，等待买家确认",
    COMPLETED: "交易成功",
    CLOSED: "交易关闭",
}
#: fixed zip timestamp so the same seed gives the same bytes
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


# --- the story ------------------------------------------------------------------------------------

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


class _Story:
    def __init__(self, seed: int, days: int, n_agents: int, n_orders: int, start: str):
        self.rng = np.random.default_rng(seed)
        self.start = _dt.datetime.fromisoformat(start)
        self.days = max(1, int(days))
        self.end = self.start + _dt.timedelta(days=self.days)
        n_agents = max(1, min(int(n_agents), 60))
        # a supervisor's team can be larger than our list of names: number the rest
        names = list(AGENT_NAMES) + [f"客服{i:02d}" for i in range(len(AGENT_NAMES) + 1, n_agents + 1)]
        self.agents = [f"{SHOP}:{names[i]}" for i in range(n_agents)]
        self.profiles = [AgentProfile.for_index(i) for i in range(n_agents)]
        self.n_orders = max(10, int(n_orders))
        self.orders: list[_Order] = []
        self.chats: list[_Chat] = []
        self._buyer_no = 0
        self._order_ids: set[str] = set()

    # small helpers
    def new_buyer(self) -> str:
        self._buyer_no += 1
        return f"测试用户{self._buyer_no:03d}"

    def choice(self, seq):
        return seq[int(self.rng.integers(0, len(seq)))]

    def seconds(self, lo: float, hi: float) -> _dt.timedelta:
        return _dt.timedelta(seconds=int(self.rng.integers(int(lo), int(hi) + 1)))

    def time_on(self, day: int, night_ok: bool = True) -> _dt.datetime:
        w = HOUR_WEIGHTS.copy()
        if not night_ok:
            w[:8] = 0
        hour = int(self.rng.choice(24, p=w / w.sum()))
        t = self.start + _dt.timedelta(days=day, hours=hour, seconds=int(self.rng.integers(0, 3600)))
        return min(t, self.end - _dt.timedelta(minutes=30))

    def order_id(self) -> str:
        while True:
            oid = str(int(self.rng.integers(1_000_000_000_000_000, 4_000_000_000_000_000)) + 2 * 10**18)
            if oid not in self._order_ids:
                self._order_ids.add(oid)
                return oid

    def basket(self, presale: bool = False, first: Optional[int] = None) -> list[_Line]:
        """Order lines; ``first`` is the product the buyer asked about (it is in the basket)."""
        if presale:
            sku, title, price = PRODUCTS[-1]
            return [_Line(sku, title, price, 1)]
        n = int(self.rng.choice([1, 2, 3], p=[0.75, 0.2, 0.05]))
        picks = [int(x) for x in self.rng.choice(len(PRODUCTS) - 1, size=n, replace=False)]
        if first is not None and first not in picks:
            picks[0] = first
        lines = []
        for p in sorted(picks):
            sku, title, price = PRODUCTS[p]
            qty = int(self.rng.choice([1, 2, 3], p=[0.8, 0.15, 0.05]))
            lines.append(_Line(sku, title, price, qty))
        return lines

    def response(self, prof: AgentProfile) -> float:
        return float(np.clip(self.rng.lognormal(np.log(prof.median_s), prof.sigma), 2, 1500))

    # conversations
    def conversation(self, chat: _Chat, t0: _dt.datetime, agent_i: int, turns: int, product: str,
                     welcome: bool = True,
                     transfer_to: Optional[int] = None) -> tuple[_dt.datetime, int, bool]:
        """Append an inquiry to ``chat``; returns (last time, agent index at the end, answered)."""
        agent = self.agents[agent_i]
        prof = self.profiles[agent_i]
        t = t0
        if t.hour < 8 and self.rng.random() < 0.7:
            chat.events.append(("noise", t, f"由 服务助手 转交给 {agent}"))
            chat.events.append(("noise", t, "原因：【离线留言自动分配】"))
        answered = True
        for turn in range(turns):
            first = t
            question, answer = self.choice(QUESTIONS)
            if turn == 0:
                opener = self.choice(BUYER_OPENERS)
                if self.rng.random() < 0.3:
                    item = int(self.rng.integers(10**10, 10**11))
                    opener += f"\nhttps://item.taobao.com/item.htm?id=6{item}"
                texts = [opener, question.format(title=product)]
            elif turn == turns - 1 and self.rng.random() < 0.6:
                texts = [self.choice(BUYER_FOLLOWUPS)]
                answer = self.choice(AGENT_CLOSERS)
            else:
                texts = [question.format(title=product)]
            for k, text in enumerate(texts):
                chat.events.append(("msg", t, chat.buyer, text))
                if k == 0 and turn == 0 and welcome:
                    chat.events.append(("msg", t + self.seconds(1, 2), agent, WELCOME))
                if self.rng.random() < 0.03:
                    chat.events.append(("noise", t, f"{chat.buyer} 撤回了一条消息"))
                last = t
                # the opener and the question come in one breath; later lines take longer to type
                t = t + (self.seconds(2, 8) if turn == 0 else self.seconds(3, 25))
            if turn == 1 and transfer_to is not None and transfer_to != agent_i:
                # handed to a colleague: the next reply and the rest of the chat are theirs
                new = self.agents[transfer_to]
                chat.events.append(("transfer", t, agent, new))
                agent_i, agent, prof = transfer_to, new, self.profiles[transfer_to]
            if self.rng.random() < prof.unanswered:
                answered = False
                return t, agent_i, answered
            clock = first
            if first.hour < 8:
                # a night message waits for the morning shift (离线留言): a long first response
                clock = first.replace(hour=8, minute=30, second=0)
            reply = max(clock + _dt.timedelta(seconds=self.response(prof)), last + self.seconds(2, 5))
            if self.rng.random() < 0.15:
                answer += "\n" + self.choice(AGENT_CLOSERS)
            answer = styled(answer, prof.style, first=turn == 0, last=turn == turns - 1)
            chat.events.append(("msg", reply, agent, answer))
            if self.rng.random() < 0.3:
                chat.events.append(("noise", reply, "已读"))
            t = reply + self.seconds(15, 150)
        return t, agent_i, answered

    def build(self) -> None:
        rng = self.rng
        n_hist = int(round(self.n_orders * 0.12))
        # returning customers: older completed orders in the 90 days before the sample window
        regulars = [self.new_buyer() for _ in range(max(3, n_hist))]
        for _ in range(n_hist):
            buyer = self.choice(regulars)
            back = _dt.timedelta(days=int(rng.integers(2, 90)), hours=int(rng.integers(0, 12)))
            created = self.start - back
            o = _Order(self.order_id(), buyer, created, self.basket())
            o.paid = created + self.seconds(20, 600)
            o.shipped = o.paid + self.seconds(4 * 3600, 30 * 3600)
            o.confirmed = o.shipped + self.seconds(2 * 86400, 6 * 86400)
            o.status = COMPLETED
            self.orders.append(o)

        # inquiries, some converting into orders within the attribution window
        n_inq = max(len(self.agents) * 3, int(round(self.n_orders * 0.9)))
        agent_idx = rng.integers(0, len(self.agents), size=n_inq)
        for i in range(n_inq):
            a = int(agent_idx[i])
            buyer = self.choice(regulars) if rng.random() < 0.08 else self.new_buyer()
            day = int(rng.integers(0, self.days))
            t0 = self.time_on(day)
            asked = int(rng.integers(0, len(PRODUCTS) - 1))  # the item the buyer asks about
            product = PRODUCTS[asked][1].split(" ")[0]
            turns = int(rng.integers(1, 4))
            transfer = None
            if len(self.agents) > 1 and rng.random() < 0.08:
                transfer = int((a + 1 + rng.integers(0, len(self.agents) - 1)) % len(self.agents))
                turns = max(turns, 2)
            chat = _Chat(buyer)
            end_t, last_agent, answered = self.conversation(chat, t0, a, turns, product, transfer_to=transfer)
            self.chats.append(chat)
            prof = self.profiles[last_agent]
            p = prof.convert if answered else prof.convert * 0.25
            if rng.random() >= p or len(self.orders) >= self.n_orders:
                continue
            if len(self.agents) > 1 and rng.random() < 0.06 and end_t + _dt.timedelta(days=1) < self.end:
                # the buyer comes back the next day and another agent closes the sale (last touch)
                b = int((last_agent + 1) % len(self.agents))
                chat2 = _Chat(buyer)
                t1 = end_t + _dt.timedelta(days=1, minutes=int(rng.integers(0, 120)))
                end_t, last_agent, _ = self.conversation(chat2, t1, b, 2, product)
                self.chats.append(chat2)
            delay = _dt.timedelta(minutes=float(rng.lognormal(np.log(12), 1.0)))
            if rng.random() < 0.1:
                delay += _dt.timedelta(days=1)  # ordered the next day, still inside the 3-day window
            created = end_t + delay
            if created >= self.end - _dt.timedelta(minutes=5):
                continue
            o = _Order(self.order_id(), buyer, created, self.basket(presale=rng.random() < 0.05, first=asked))
            o.agent = self.agents[last_agent]
            self.orders.append(o)

        # silent orders: nobody was consulted
        while len(self.orders) < self.n_orders:
            buyer = self.choice(regulars) if rng.random() < 0.1 else self.new_buyer()
            created = self.time_on(int(rng.integers(0, self.days)))
            basket = self.basket(presale=rng.random() < 0.03)
            self.orders.append(_Order(self.order_id(), buyer, created, basket))

        self.orders.sort(key=lambda o: (o.created, o.oid))
        for o in self.orders:
            if o.status == COMPLETED and o.created < self.start:
                continue  # history is already settled
            self.settle(o)

    def settle(self, o: _Order) -> None:
        """Payment, reminders, shipping, refunds for one order of the sample window."""
        rng = self.rng
        o.presale = o.lines[0].sku == PRESALE_SKU
        if rng.random() < 0.16 and not o.presale:
            # unpaid for now: maybe a 催付 chat, maybe paid after it
            reminded_at = o.created + self.seconds(2 * 3600, 3.5 * 3600)
            paid_after = False
            if reminded_at < self.end - _dt.timedelta(minutes=20) and rng.random() < 0.7:
                agent = o.agent or self.choice(self.agents)
                chat = _Chat(o.buyer)
                chat.events.append(("msg", reminded_at, agent, REMINDER.format(title=o.lines[0].title)))
                if rng.random() < 0.55:
                    pay_t = reminded_at + self.seconds(120, 1800)
                    if rng.random() < 0.6:
                        said = reminded_at + self.seconds(30, 100)
                        chat.events.append(("msg", said, o.buyer, self.choice(REMINDER_REPLIES)))
                        prof = self.profiles[self.agents.index(agent)]
                        chat.events.append(("msg", said + _dt.timedelta(seconds=self.response(prof)), agent,
                                            REMINDER_THANKS))
                    if pay_t < self.end:
                        o.paid = pay_t
                        paid_after = True
                self.chats.append(chat)
            if not paid_after:
                if self.end - o.created > _dt.timedelta(hours=24):
                    o.status = CLOSED
                    o.close_reason = "买家未付款，超时关闭"
                else:
                    o.status = UNPAID
                return
        if o.paid is None:
            o.paid = o.created + self.seconds(10, 480)
        age = self.end - o.paid
        hours = age.total_seconds() / 3600
        if o.presale:
            o.status = PAID_UNSHIPPED
            return
        if hours < 20:
            ship = rng.random() < 0.25
        elif hours < 48:
            ship = rng.random() < 0.55
        else:
            ship = rng.random() >= 0.08  # a few stay unshipped past the 48 h promise: overdue
        if not ship:
            o.status = PAID_UNSHIPPED
            if rng.random() < 0.05:
                o.remark = "缺货，已联系买家"
            return
        latest = min(age.total_seconds() - 60, 40 * 3600)
        o.shipped = o.paid + self.seconds(min(2 * 3600, latest), max(latest, 60))
        o.status = SHIPPED
        if (self.end - o.shipped) > _dt.timedelta(hours=60) and rng.random() < 0.6:
            o.confirmed = o.shipped + self.seconds(48 * 3600, (self.end - o.shipped).total_seconds() - 60)
            o.status = COMPLETED
        if rng.random() < 0.08:
            # a refund, with the buyer's message to the agent who sold (or anyone)
            ask = o.shipped + self.seconds(3600, 12 * 3600)
            if ask < self.end - _dt.timedelta(minutes=10):
                agent_i = self.agents.index(o.agent) if o.agent else int(rng.integers(0, len(self.agents)))
                chat = _Chat(o.buyer)
                chat.events.append(("msg", ask, o.buyer, REFUND_ASK))
                reply = ask + _dt.timedelta(seconds=self.response(self.profiles[agent_i]))
                chat.events.append(("msg", reply, self.agents[agent_i],
                                    refund_answer(REFUND_ANSWER, self.profiles[agent_i].style)))
                self.chats.append(chat)
                if len(o.lines) > 1 or rng.random() < 0.5:
                    o.refund = round(o.lines[-1].price * o.lines[-1].qty, 2)
                else:
                    o.refund = o.amount
                    o.status = CLOSED
                    o.close_reason = "买家申请退款，退款成功"
        if rng.random() < 0.1:
            o.buyer_note = self.choice(("请尽快发货", "送人的，请不要放价格单", "周末不在家，请放驿站"))

    def inventory(self) -> list[tuple[str, str, float]]:
        """Stock per SKU: two of the most wanted paid-unshipped SKUs fall short, the rest cover demand."""
        demand: dict[str, int] = {sku: 0 for sku, _, _ in PRODUCTS}
        for o in self.orders:
            if o.status == PAID_UNSHIPPED:
                for ln in o.lines:
                    demand[ln.sku] += ln.qty
        ranked = sorted((d, sku) for sku, d in demand.items() if d > 0 and sku != PRESALE_SKU)
        short = {sku for _, sku in ranked[-2:]}
        out = []
        for sku, title, _ in PRODUCTS:
            d = demand[sku]
            if sku in short:
                avail = max(0, d - 1 - int(self.rng.integers(0, 2)))
            elif sku == "SKU-TRY-01":
                avail = d  # exactly enough: nothing left over
            else:
                avail = d + int(self.rng.integers(5, 60))
            out.append((sku, title, float(avail)))
        return out


# --- writers ----------------------------------------------------------------------------------------

def _fmt_t(t: Optional[_dt.datetime]) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S") if t else ""


def _money(x: float) -> str:
    return f"{x:.2f}"


def _order_rows(story: _Story) -> list[list[str]]:
    rows = []
    for n, o in enumerate(story.orders, start=1):
        paid = o.status not in (UNPAID,) and o.paid is not None
        amount = o.amount
        pay_amount = amount if paid else 0.0
        num = int(o.buyer[-3:]) if o.buyer[-3:].isdigit() else n
        titles = "，".join(ln.title for ln in o.lines)
        settled = o.status == COMPLETED
        rows.append([
            o.oid, o.buyer, f"tes***{num:03d}@example.com",
            f"{o.created:%Y%m%d}2200{int(o.oid[-12:]):012d}" if paid else "",
            f"支付宝{pay_amount:.2f}元" if paid else "",
            _money(amount), "0.00", "0", _money(amount), "0", _money(pay_amount), "0",
            STATUS_WORDS[o.status], o.buyer_note,
            f"测试收件人{num:03d}", f"浙江省 杭州市 西湖区 示例路{num}号 示例小区{1 + num % 9}幢", "快递", "",
            f"1380000{num % 10000:04d}", _fmt_t(o.created), _fmt_t(o.paid if paid else None),
            titles, str(len(o.lines)),
            f"No:7500000{int(o.oid[-7:]):07d}" if o.shipped else "", "中通快递" if o.shipped else "",
            o.remark, str(sum(ln.qty for ln in o.lines)), "100000001", SHOP, o.close_reason, "0", "0元", "",
            "手机订单" if n % 5 else "", "定金已付，尾款已付" if o.presale else "", "", "否", "否", "否", "", "",
            "", "", "0", "0", "否", "", "", "", "", "",
            _money(o.refund), "", _fmt_t(o.confirmed),
            f"{amount - o.refund:.2f}元" if settled else "0元",
            "", "否", "", "", "快递", o.oid, _fmt_t(o.shipped), "是" if o.presale else "否",
        ])
    return rows


def _line_rows(story: _Story) -> list[list[str]]:
    rows = []
    for o in story.orders:
        for k, ln in enumerate(o.lines):
            status = STATUS_WORDS[o.status]
            if o.refund and o.status != CLOSED and k == len(o.lines) - 1:
                status = "交易关闭"  # the refunded line of a partly refunded order
            rows.append([o.oid, ln.title, _money(ln.price), str(ln.qty), "", "规格:默认", "", "", status, ln.sku])
    return rows


def _csv_cell(value: str, *, excel_text: bool = False) -> str:
    if excel_text:
        return f'="{value}"'  # how ExportOrderList keeps long numbers as text
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _write_csv(path: Path, header, rows, text_cols: tuple[int, ...] = (),
               apostrophe_cols: tuple[int, ...] = (), encoding: str = "gbk") -> None:
    out = [",".join(_csv_cell(h) for h in header)]
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            if i in apostrophe_cols and v:
                v = "'" + v
            cells.append(_csv_cell(v, excel_text=i in text_cols and bool(v)))
        out.append(",".join(cells))
    path.write_bytes(("\r\n".join(out) + "\r\n").encode(encoding))


def _write_xlsx(path: Path, sheet: str, header, rows, numeric_cols: tuple[int, ...] = ()) -> None:
    import openpyxl  # imported here so importing the core stays light

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for r in rows:
        ws.append([float(v) if i in numeric_cols and v != "" else v for i, v in enumerate(r)])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_deterministic_zip(buf.getvalue()))


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite an xlsx with fixed timestamps (zip entries and docProps) so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2026-01-01T00:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, body)
    return out.getvalue()


def _chat_text(story: _Story) -> str:
    chats = sorted(story.chats, key=lambda c: (c.start, c.buyer))
    out = []
    for chat in chats:
        out.append(f"----- 与 {chat.buyer} 的聊天记录 -----")
        for ev in sorted(chat.events, key=lambda e: e[1]):  # stable: same-second events keep their order
            kind = ev[0]
            if kind == "msg":
                _, t, nick, text = ev
                out.append(f"{nick} {t.year}-{t.month}-{t.day} {t.hour}:{t.minute:02d}:{t.second:02d}")
                out.extend(text.split("\n"))
            elif kind == "noise":
                out.append(ev[2])
            else:
                _, t, a, b = ev
                out.append(f"{a} --> {b} {t:%Y-%m-%d %H:%M:%S}")
        out.append("")
    return "\r\n".join(out)


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


# --- benchmark frames and big files ---------------------------------------------------------------

_BENCH_START = np.datetime64("2026-10-01T00:00:00", "s")
_BENCH_DAYS = 60


def _pool(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:06d}" for i in range(n)], dtype=object)


def _bench_times(rng, n: int) -> np.ndarray:
    """Random shop times over the benchmark period, following HOUR_WEIGHTS."""
    day = rng.integers(0, _BENCH_DAYS, size=n)
    hour = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    sec = day * 86400 + hour * 3600 + rng.integers(0, 3600, size=n)
    return _BENCH_START + sec.astype("timedelta64[s]")


def _frame(kind: str, n: int, cols: dict) -> pd.DataFrame:
    """A frame with exactly the schema's columns and dtypes, built without inference or copies.

    Equivalent to ``schema.conform`` (the tests check it) but much cheaper on millions of rows:
    pandas 3 would otherwise infer its ``str`` dtype for text and conform would convert it back.
    """
    out = {}
    for name, t in SCHEMAS[kind].items():
        v = cols.get(name)
        if t == "str":
            v = np.full(n, "", dtype=object) if v is None else np.asarray(v, dtype=object)
            out[name] = pd.Series(v, dtype=object, copy=False)
        elif t.startswith("datetime"):
            v = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]") if v is None else v
            out[name] = pd.Series(np.asarray(v).astype("datetime64[ns]"), copy=False)
        elif t == "bool":
            v = np.zeros(n, dtype=bool) if v is None else np.asarray(v, dtype=bool)
            out[name] = pd.Series(v, copy=False)
        else:
            out[name] = pd.Series(np.zeros(n) if v is None else np.asarray(v, dtype="float64"), copy=False)
    return pd.DataFrame(out, copy=False)


def generate_frames(n_orders: int, n_messages: int, seed: int = 7):
    """Normalised (orders, lines, messages, inventory) frames for benchmarks, built with numpy.

    Conversations alternate buyer and agent messages (with a welcome auto-reply and some
    unanswered buyers); about half of the orders follow a conversation of the same buyer, so
    attribution has real work to do. 1,000,000 orders and 5,000,000 messages take seconds.
    """
    rng = np.random.default_rng(seed)
    n_orders, n_messages = int(n_orders), int(n_messages)
    n_agents = int(min(50, max(4, n_messages // 100_000)))
    n_buyers = max(10, int(n_orders * 0.7 + n_messages / 12))
    buyers = _pool("测试用户", n_buyers)
    agents = np.array([f"{SHOP}:客服{i:02d}" for i in range(n_agents)], dtype=object)
    agent_median = np.exp(rng.normal(np.log(20), 0.6, size=n_agents))

    # messages: conversations of 2..10 messages, trimmed to exactly n_messages
    if n_messages > 0:
        lengths = rng.integers(2, 11, size=n_messages // 2 + 2)
        cum = np.cumsum(lengths)
        k = int(np.searchsorted(cum, n_messages))
        lengths = lengths[: k + 1].copy()
        lengths[-1] -= int(cum[k] - n_messages)
        lengths = lengths[lengths > 0]
    else:
        lengths = np.zeros(0, dtype=np.int64)
    n_conv = len(lengths)
    conv_buyer = rng.integers(0, n_buyers, size=n_conv)
    conv_agent = rng.integers(0, n_agents, size=n_conv)
    conv_start = _bench_times(rng, n_conv)
    conv_unanswered = rng.random(n_conv) < 0.08
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n_conv else np.zeros(0, dtype=np.int64)
    conv = np.repeat(np.arange(n_conv), lengths)
    pos = np.arange(n_messages) - np.repeat(starts, lengths)
    from_agent = (pos % 2 == 1) & ~conv_unanswered[conv]
    auto = pos == 1
    resp = rng.lognormal(np.log(agent_median[conv_agent[conv]]), 0.7)
    gap = np.where(from_agent, resp, rng.exponential(40.0, size=n_messages))
    gap = np.where(auto, 1.0, gap)
    gap[pos == 0] = 0.0
    csum = np.cumsum(np.round(gap).astype(np.int64))
    offset = csum - np.repeat(csum[starts] if n_conv else csum[:0], lengths)
    m_time = conv_start[conv] + offset.astype("timedelta64[s]")
    buyer_texts = np.array(list(BUYER_OPENERS) + [q.format(title="这款") for q in BUYER_QUESTIONS]
                           + list(BUYER_FOLLOWUPS), dtype=object)
    agent_texts = np.array(list(AGENT_ANSWERS) + list(AGENT_CLOSERS), dtype=object)
    text = np.where(from_agent, agent_texts[rng.integers(0, len(agent_texts), n_messages)],
                    buyer_texts[rng.integers(0, len(buyer_texts), n_messages)])
    auto_msg = auto & from_agent
    text = np.where(auto_msg, WELCOME, text)
    messages = _frame("messages", n_messages, {
        "time": m_time.astype("datetime64[ns]"),
        "shop": np.full(n_messages, SHOP, dtype=object),
        "buyer": buyers[conv_buyer[conv]],
        "agent": agents[conv_agent[conv]],
        "sender": np.array(["buyer", "agent"], dtype=object)[from_agent.astype(np.intp)],
        "auto": auto_msg,
        "text": text,
    })

    # orders: about half follow a conversation of the same buyer within minutes to hours
    o_buyer = rng.integers(0, n_buyers, size=n_orders)
    created = _bench_times(rng, n_orders)
    if n_conv:
        follows = rng.random(n_orders) < 0.5
        pick = rng.integers(0, n_conv, size=int(follows.sum()))
        o_buyer[follows] = conv_buyer[pick]
        conv_end = conv_start + (offset[np.cumsum(lengths) - 1]).astype("timedelta64[s]")
        delay = rng.lognormal(np.log(900), 1.0, size=len(pick)).astype(np.int64)
        created[follows] = conv_end[pick] + delay.astype("timedelta64[s]")
    status_codes = rng.choice(5, size=n_orders, p=[0.10, 0.22, 0.33, 0.30, 0.05])
    statuses = np.array([UNPAID, PAID_UNSHIPPED, SHIPPED, COMPLETED, CLOSED], dtype=object)
    status = statuses[status_codes]
    is_paid = status_codes != 0
    is_paid &= ~((status_codes == 4) & (rng.random(n_orders) < 0.5))  # half the closed never paid
    paid = np.where(is_paid, created + rng.integers(10, 600, n_orders).astype("timedelta64[s]"),
                    np.datetime64("NaT"))
    shipped_mask = (status_codes == 2) | (status_codes == 3)
    shipped = np.where(shipped_mask, paid + rng.integers(3600, 40 * 3600, n_orders).astype("timedelta64[s]"),
                       np.datetime64("NaT"))

    # lines: 1..3 per order over a catalogue of SKUs
    n_lines_per = rng.choice([1, 2, 3], size=n_orders, p=[0.75, 0.2, 0.05])
    n_skus = 200
    sku_pool = np.array([f"SKU-{i:04d}" for i in range(n_skus)], dtype=object)
    sku_titles = np.array([f"示例商品{i:04d}" for i in range(n_skus)], dtype=object)
    sku_price = np.round(rng.uniform(9.9, 299.0, size=n_skus), 1)
    line_order = np.repeat(np.arange(n_orders), n_lines_per)
    line_sku = rng.integers(0, n_skus, size=len(line_order))
    line_qty = rng.choice([1.0, 2.0, 3.0], size=len(line_order), p=[0.8, 0.15, 0.05])
    line_amount = sku_price[line_sku] * line_qty
    order_amount = np.bincount(line_order, weights=line_amount, minlength=n_orders)
    items = np.bincount(line_order, weights=line_qty, minlength=n_orders)
    refund = np.where(is_paid & (rng.random(n_orders) < 0.06), np.round(order_amount * 0.5, 2), 0.0)
    order_ids = (np.int64(2_000_000_000_000_000_000) + rng.permutation(n_orders).astype(np.int64) * 7919
                 + 1_000_003).astype(str).astype(object)
    status_raw = np.array([STATUS_WORDS[s] for s in [UNPAID, PAID_UNSHIPPED, SHIPPED, COMPLETED, CLOSED]],
                          dtype=object)[status_codes]
    orders = _frame("orders", n_orders, {
        "platform": np.full(n_orders, "taobao", dtype=object),
        "shop": np.full(n_orders, SHOP, dtype=object),
        "order_id": order_ids,
        "buyer": buyers[o_buyer],
        "created": created.astype("datetime64[ns]"),
        "paid": paid.astype("datetime64[ns]"),
        "shipped": shipped.astype("datetime64[ns]"),
        "status": status,
        "status_raw": status_raw,
        "paid_amount": np.where(is_paid, np.round(order_amount, 2), 0.0),
        "refund_amount": refund,
        "items": items,
        "presale": rng.random(n_orders) < 0.02,
    })
    lines = _frame("lines", len(line_order), {
        "platform": np.full(len(line_order), "taobao", dtype=object),
        "order_id": order_ids[line_order],
        "sku": sku_pool[line_sku],
        "title": sku_titles[line_sku],
        "quantity": line_qty,
        "price": sku_price[line_sku],
        "status_raw": status_raw[line_order],
    })
    waiting = status_codes[line_order] == 1
    demand = np.bincount(line_sku[waiting], weights=line_qty[waiting], minlength=n_skus)
    inventory = _frame("inventory", n_skus, {
        "sku": sku_pool,
        "title": sku_titles,
        "available": np.maximum(0.0, demand + rng.integers(-20, 60, size=n_skus)),
    })
    return orders, lines, messages, inventory


#: the 订单报表 columns the large xlsx carries (a real subset, trailing spaces included)
LARGE_ORDER_HEADER = (
    "订单编号", "买家会员名", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额", "订单状态", "买家留言",
    "收货人姓名", "收货地址 ", "联系手机", "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝总数量", "店铺名称",
    "订单关闭原因", "退款金额", "发货时间",
)

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _xml_escaped(values) -> np.ndarray:
    """Values as XML-escaped text, escaping each distinct value once (exports repeat them)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    esc = np.array([escape(str(v)) for v in uniques], dtype=object)
    return esc[codes] if len(esc) else np.array([], dtype=object)


_STR_CELL = '<c t="inlineStr"><is><t>%s</t></is></c>'
_NUM_CELL = "<c><v>%.2f</v></c>"


def write_large_order_xlsx(path, rows: int, *, seed: int = 7) -> Path:
    """A Taobao 订单报表 xlsx with ``rows`` orders, streamed as raw sheet XML (no openpyxl).

    Inline strings and no styles keep it small and quick to write (one ``%``-format per row);
    calamine and openpyxl read it like an export. Rows come from ``generate_frames``.
    """
    path = Path(path)
    orders, lines, _, _ = generate_frames(rows, 0, seed)
    n = len(orders)
    first_title = lines.drop_duplicates("order_id").set_index("order_id")["title"]
    titles = first_title.reindex(orders["order_id"]).fillna("").to_numpy(dtype=object)

    def ts(col):
        s = orders[col]
        return np.where(s.isna(), "", s.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("")).astype(object)

    num = (np.arange(n) % 10000).astype(str)
    closed = orders["status"].to_numpy() == CLOSED
    amount = orders["paid_amount"].to_numpy()
    # (column values, is_text) in LARGE_ORDER_HEADER order
    cols = [
        (orders["order_id"].to_numpy(dtype=object), True),
        (orders["buyer"].to_numpy(dtype=object), True),
        (amount, False),
        (np.zeros(n), False),
        (amount, False),
        (amount, False),
        (orders["status_raw"].to_numpy(dtype=object), True),
        (np.full(n, "", dtype=object), True),
        (np.char.add("测试收件人", num), True),
        (np.char.add("浙江省 杭州市 西湖区 示例路", num), True),
        (np.char.add("1380000", np.char.zfill(num, 4)), True),
        (ts("created"), True),
        (ts("paid"), True),
        (titles, True),
        (orders["items"].to_numpy(), False),
        (np.full(n, SHOP, dtype=object), True),
        (np.where(closed, "买家未付款，超时关闭", "订单未关闭"), True),
        (orders["refund_amount"].to_numpy(), False),
        (ts("shipped"), True),
    ]
    # ids, nicks, phones, addresses and times are generated from digits and fixed Chinese text,
    # never holding & < >: only the columns from word lists go through the escaper
    plain = {0, 1, 8, 9, 10, 11, 12, 18}
    values = [
        (np.asarray(v, dtype=object) if i in plain else _xml_escaped(v)) if is_text
        else np.asarray(v, dtype="float64")
        for i, (v, is_text) in enumerate(cols)
    ]
    row_tpl = '<row r="%d">' + "".join(_STR_CELL if t else _NUM_CELL for _, t in cols) + "</row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, body in _XLSX_PARTS.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), body)
        with zf.open(zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=_ZIP_TIME), "w",
                     force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
                      b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            head = "".join(_STR_CELL % escape(h) for h in LARGE_ORDER_HEADER)
            out.write(f'<row r="1">{head}</row>'.encode("utf-8"))
            chunk = 50_000
            for lo in range(0, n, chunk):
                hi = min(lo + chunk, n)
                part = zip(range(lo + 2, hi + 2), *(v[lo:hi].tolist() for v in values))
                out.write("".join([row_tpl % r for r in part]).encode("utf-8"))
            out.write(b"</sheetData></worksheet>")
    return path


def write_large_chat_csv(path, rows: int, *, seed: int = 7) -> Path:
    """A plain chat CSV (UTF-8 with BOM, CRLF, Chinese headers) with ``rows`` messages.

    Written with one ``%``-format per row: the generated nicks and texts never hold an ASCII
    comma, quote or line break (the word lists are checked by the tests), so nothing needs quoting.
    """
    path = Path(path)
    _, _, messages, _ = generate_frames(0, rows, seed)
    times = np.datetime_as_string(messages["time"].to_numpy().astype("datetime64[s]"), unit="s")
    times = np.char.replace(times, "T", " ").astype(object)
    cols = [
        times,
        messages["buyer"].to_numpy(dtype=object),
        messages["agent"].to_numpy(dtype=object),
        np.array(["买家", "客服"], dtype=object)[(messages["sender"].to_numpy() == "agent").astype(np.intp)],
        messages["text"].to_numpy(dtype=object),
        np.array(["0", "1"], dtype=object)[messages["auto"].to_numpy().astype(np.intp)],
    ]
    with open(path, "wb") as f:
        f.write("时间,买家,客服,发送方,内容,自动回复\r\n".encode("utf-8-sig"))
        chunk = 200_000
        for lo in range(0, len(messages), chunk):
            part = zip(*(c[lo:lo + chunk].tolist() for c in cols))
            f.write("".join(["%s,%s,%s,%s,%s,%s\r\n" % r for r in part]).encode("utf-8"))
    return path
