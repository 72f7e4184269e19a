"""A small hand-built Results (and its messages) shared by the view tests; no tests of its own.

Two agents, two days. Every number below is chosen so the expected cell texts can be worked out
by hand in the tests (the arithmetic is in the comments here and there).
"""

import numpy as np
import pandas as pd

from desktop_app.core.model.results import (
    AGENT_COLUMNS,
    CUSTOMER_COLUMNS,
    OUT_OF_STOCK_COLUMNS,
    UNPAID_COLUMNS,
    UNSHIPPED_COLUMNS,
    Results,
)
from desktop_app.core.model.settings import ModelSettings

WANG = "店铺:小王"
LI = "店铺:小李"
D1 = pd.Timestamp("2026-11-20")
D2 = pd.Timestamp("2026-11-21")
T = pd.Timestamp


def agent_row(agent, **values):
    row = {c: np.nan for c in AGENT_COLUMNS}
    row["agent"] = agent
    row.update(values)
    return row


def make_agents():
    # 小王: 274 inquiring buyers, 3 paid -> 3 / 274 = 1.09 %; sales ¥1500 over 3 buyers -> AOV ¥500
    wang = agent_row(
        WANG, conversations=280, inquiring_buyers=274, ordering_buyers=4, paying_buyers=3,
        same_day_paying_buyers=2, conversion_rate=3 / 274, sales=1500.0, aov=500.0, items=5,
        items_per_buyer=5 / 3, price_per_item=300.0, turns=400, unanswered_turns=0, reply_rate=1.0,
        slow_turns=4, first_response_mean_s=5.0, first_response_median_s=4.0, first_response_p90_s=9.0,
        response_mean_s=12.0, response_median_s=8.0, response_p90_s=20.0, refund_orders=0,
        refund_rate=0.0,
    )
    # 小李: 10 inquiries, 5 paid -> 50 %; slow answers (first response 20 s, mean 40 s), 2 unanswered
    li = agent_row(
        LI, conversations=12, inquiring_buyers=10, ordering_buyers=6, paying_buyers=5,
        same_day_paying_buyers=5, conversion_rate=0.5, sales=1500.0, aov=300.0, items=5,
        items_per_buyer=1.0, price_per_item=300.0, turns=20, unanswered_turns=2, reply_rate=0.9,
        slow_turns=3, first_response_mean_s=20.0, first_response_median_s=18.0,
        first_response_p90_s=30.0, response_mean_s=40.0, response_median_s=35.0, response_p90_s=70.0,
        refund_orders=1, refund_rate=0.2,
    )
    agents = pd.DataFrame([wang, li], columns=AGENT_COLUMNS)
    days = []
    for day, inq, paid in ((D1, 200, 1), (D2, 74, 2)):
        days.append({**agent_row(WANG, inquiring_buyers=inq, paying_buyers=paid,
                                 conversion_rate=paid / inq), "day": day})
    days.append({**agent_row(LI, inquiring_buyers=10, paying_buyers=5, conversion_rate=0.5), "day": D2})
    agent_days = pd.DataFrame(days, columns=AGENT_COLUMNS + ["day"])
    return agents, agent_days


def make_conversations_and_turns():
    conversations = pd.DataFrame({
        "conv_id": [1, 2],
        "agent": [WANG, LI], "buyer": ["tb_alice", "tb_bob"], "shop": ["店铺", "店铺"],
        "start": [T("2026-11-21 09:00:00"), T("2026-11-21 10:00:00")],
        "end": [T("2026-11-21 09:05:00"), T("2026-11-21 10:30:00")],
        "day": [D2, D2],
        "messages": [5, 3], "buyer_messages": [2, 2], "agent_messages": [3, 1], "auto_messages": [1, 1],
        "turns": [2, 2], "answered_turns": [2, 1], "unanswered_turns": [0, 1], "slow_turns": [0, 0],
        "first_response_s": [5.0, np.nan], "mean_response_s": [27.5, np.nan], "inquiry": [True, True],
    })
    # alice's turns: 09:00:00 -> 09:00:05 (5 s, the auto-reply at 09:00:01 does not count),
    # 09:02:00 -> 09:02:50 (50 s); bob's first turn got only the auto-reply; his second is answered 45 s
    turns = pd.DataFrame({
        "conv_id": [1, 1, 2, 2],
        "agent": [WANG, WANG, LI, LI], "buyer": ["tb_alice", "tb_alice", "tb_bob", "tb_bob"],
        "day": [D2] * 4,
        "start": [T("2026-11-21 09:00:00"), T("2026-11-21 09:02:00"), T("2026-11-21 10:00:00"),
                  T("2026-11-21 10:29:00")],
        "reply": [T("2026-11-21 09:00:05"), T("2026-11-21 09:02:50"), pd.NaT, T("2026-11-21 10:29:45")],
        "response_s": [5.0, 50.0, np.nan, 45.0],
        "calendar_response_s": [5.0, 50.0, np.nan, 45.0],
        "answered": [True, True, False, True], "slow": [False, False, False, False],
        "is_first": [True, False, True, False],
        "hour": [9, 9, 10, 10], "weekday": [5, 5, 5, 5],  # 2026-11-21 is a Saturday
    })
    return conversations, turns


def make_messages():
    rows = [
        ("2026-11-21 09:00:00", "tb_alice", WANG, "buyer", False, "在吗？这件有货吗"),
        ("2026-11-21 09:00:01", "tb_alice", WANG, "agent", True, "您好，欢迎光临【自动回复】"),
        ("2026-11-21 09:00:05", "tb_alice", WANG, "agent", False, "有的亲"),
        ("2026-11-21 09:02:00", "tb_alice", WANG, "buyer", False, "什么时候发货"),
        ("2026-11-21 09:02:50", "tb_alice", WANG, "agent", False, "今天下午发"),
        ("2026-11-21 10:00:00", "tb_bob", LI, "buyer", False, "能便宜点吗"),
        ("2026-11-21 10:00:02", "tb_bob", LI, "agent", True, "机器人：请稍候"),
        ("2026-11-21 10:29:00", "tb_bob", LI, "buyer", False, "还在吗"),
        ("2026-11-21 10:29:45", "tb_bob", LI, "agent", False, "在的"),
    ]
    df = pd.DataFrame(rows, columns=["time", "buyer", "agent", "sender", "auto", "text"])
    df["time"] = pd.to_datetime(df["time"])
    df["shop"] = "店铺"
    return df[["time", "shop", "buyer", "agent", "sender", "auto", "text"]]


def make_checks():
    unshipped = pd.DataFrame({
        "platform": ["taobao", "taobao", "jd"], "order_id": ["1001", "1002", "2001"],
        "buyer": ["tb_alice", "tb_bob", "jd_carol"],
        "paid": [T("2026-11-18 10:00:00"), T("2026-11-21 08:00:00"), T("2026-11-19 09:00:00")],
        # as of 2026-11-21 12:00: 74 h, 4 h, 51 h; overdue after 48 h
        "age_h": [74.0, 4.0, 51.0],
        "due": [T("2026-11-20 10:00:00"), T("2026-11-23 08:00:00"), T("2026-11-21 09:00:00")],
        "overdue": [True, False, True], "presale": [False, False, True],
        "status_raw": ["买家已付款，等待卖家发货"] * 2 + ["等待出库"],
        "paid_amount": [99.0, 199.0, 59.0], "remark": ["", "", ""],
        "handled": [False, False, True],
    }, columns=UNSHIPPED_COLUMNS)
    out_of_stock = pd.DataFrame({
        "platform": ["taobao"], "order_id": ["1002"], "buyer": ["tb_bob"],
        "paid": [T("2026-11-21 08:00:00")], "sku": ["SKU-RED-M"], "title": ["红色T恤 M"],
        "quantity": [3.0], "allocated": [1.0], "short": [2.0], "source": ["inventory"],
        "remedy": ["swap"], "handled": [False],
    }, columns=OUT_OF_STOCK_COLUMNS)
    unpaid = pd.DataFrame({
        "platform": ["taobao", "taobao"], "order_id": ["1003", "1004"], "buyer": ["tb_dave", "tb_alice"],
        "created": [T("2026-11-21 09:00:00"), T("2026-11-21 11:00:00")],
        # new buyer: due 2 h after creation; returning buyer: 3 h
        "due": [T("2026-11-21 11:00:00"), T("2026-11-21 14:00:00")],
        "is_due": [True, False], "returning": [False, True], "segment": ["", "重要价值"],
        "level": ["店铺客户", "高级会员"], "amount": [88.0, 520.0], "handled": [False, False],
    }, columns=UNPAID_COLUMNS)
    return unshipped, out_of_stock, unpaid


def make_customers():
    rows = [
        ("tb_alice", 3, 2600.0, "重要价值", "VIP会员", "张三丰", "13812341234", "浙江省杭州市西湖区文三路100号"),
        ("tb_bob", 1, 199.0, "一般发展", "普通会员", "李四", "13900001111", "上海市浦东新区世纪大道1号"),
        ("jd_carol", 2, 640.0, "重要价值", "高级会员", "王五", "13700002222", "北京市朝阳区建国路8号"),
    ]
    df = pd.DataFrame({c: [np.nan] * len(rows) for c in CUSTOMER_COLUMNS})
    text = ("buyer", "segment", "level", "receiver_name", "receiver_phone", "receiver_address")
    for col in text:
        df[col] = df[col].astype(object)
    for i, (buyer, orders, amount, seg, level, name, phone, addr) in enumerate(rows):
        for col, value in zip(text, (buyer, seg, level, name, phone, addr)):
            df.at[i, col] = value
        for col, value in zip(("orders", "paid_orders", "paid_amount", "monetary"),
                              (orders, orders, amount, amount)):
            df.at[i, col] = float(value)
    df["first_order"] = T("2026-01-05 10:00:00")
    df["last_order"] = T("2026-11-20 10:00:00")
    return df


def make_results(settings=None):
    agents, agent_days = make_agents()
    conversations, turns = make_conversations_and_turns()
    unshipped, out_of_stock, unpaid = make_checks()
    shop = {
        # 3000 yuan from 8 paying buyers -> AOV 375; silent 600 + inquiry 2400 = 3000
        "orders": 12, "paid_orders": 10, "payment_rate": 10 / 12, "sales": 3000.0, "paying_buyers": 8,
        "aov": 375.0, "silent_sales": 600.0, "inquiry_sales": 2400.0, "refund_orders": 1,
        "refund_rate": 0.1, "refund_amount": 50.0, "refund_amount_rate": 50 / 3000, "items": 10,
        "first_response_median_s": 5.0, "response_median_s": 27.5, "unshipped": 3,
        "unshipped_overdue": 2, "out_of_stock": 1, "unpaid_due": 1,
    }
    shop_days = pd.DataFrame([
        {**{k: np.nan for k in shop}, "day": D1, "sales": 1000.0, "paying_buyers": 2, "aov": 500.0,
         "silent_sales": 200.0, "inquiry_sales": 800.0, "paid_orders": 3},
        {**{k: np.nan for k in shop}, "day": D2, "sales": 2000.0, "paying_buyers": 6, "aov": 2000.0 / 6,
         "silent_sales": 400.0, "inquiry_sales": 1600.0, "paid_orders": 7},
    ])
    attribution = pd.DataFrame({
        "platform": ["taobao"], "order_id": ["1001"], "buyer": ["tb_alice"], "agent": [WANG],
        "weight": [1.0], "conv_id": [1], "inquiry_day": [D2], "created": [T("2026-11-21 09:10:00")],
        "paid": [T("2026-11-21 09:20:00")], "paid_amount": [99.0], "refund_amount": [0.0],
        "items": [1.0], "is_paid": [True], "paid_same_day": [True],
    })
    return Results(
        as_of=T("2026-11-21 12:00:00"), settings=settings or ModelSettings(),
        conversations=conversations, turns=turns, agents=agents, agent_days=agent_days,
        attribution=attribution, shop=shop, shop_days=shop_days,
        product_refunds=pd.DataFrame(), unshipped=unshipped, out_of_stock=out_of_stock,
        unpaid=unpaid, customers=make_customers(),
    )
