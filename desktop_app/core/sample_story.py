"""The sample shop's story (``_Story``): buyers, inquiries with each agent's habits, orders converting
from chats, 催付 reminders, refunds, shipping and the stock that falls short. Seeded: the same
arguments always build the same story."""

from __future__ import annotations

import datetime as _dt
from typing import Optional

import numpy as np

from .sample_data import (
    AGENT_CLOSERS, AGENT_NAMES, BUYER_FOLLOWUPS, BUYER_OPENERS, HOUR_WEIGHTS, PRESALE_SKU, PRODUCTS,
    QUESTIONS, REFUND_ANSWER, REFUND_ASK, REMINDER, REMINDER_REPLIES, REMINDER_THANKS, SHOP, WELCOME,
)
from .sample_records import AgentProfile, _Chat, _Line, _Order
from .sample_styles import refund_answer, styled
from .schema import CLOSED, COMPLETED, PAID_UNSHIPPED, SHIPPED, UNPAID


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
