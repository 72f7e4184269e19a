"""The sample shop: deterministic, in the real formats, recognised by the registry, with its story."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from desktop_app.core import sample, schema
from desktop_app.core.importers import registry


def digests(paths):
    return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in paths.items()}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """The default sample, written once and read through the registry."""
    out = tmp_path_factory.mktemp("sample")
    paths = sample.write_sample(out)
    results = {k: registry.load_file(p) for k, p in paths.items()}
    return paths, results


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    a = sample.write_sample(tmp_path / "a", orders=60, days=3)
    b = sample.write_sample(tmp_path / "b", orders=60, days=3)
    c = sample.write_sample(tmp_path / "c", orders=60, days=3, seed=8)
    assert set(a) == {"orders_xlsx", "orders_csv", "lines_csv", "chats_txt", "inventory_xlsx"}
    # xlsx included: zip entry times and docProps dates are fixed
    assert digests(a) == digests(b)
    assert digests(a)["chats_txt"] != digests(c)["chats_txt"]
    assert digests(a)["orders_csv"] != digests(c)["orders_csv"]


def test_files_recognised_by_the_registry(shop):
    paths, results = shop
    expected = {
        "orders_xlsx": ("taobao_orders", "orders"),
        "orders_csv": ("taobao_orders", "orders"),
        "lines_csv": ("taobao_lines", "lines"),
        "chats_txt": ("qianniu_text", "chats"),
        "inventory_xlsx": ("inventory", "inventory"),
    }
    for key, (fid, kind) in expected.items():
        d = registry.detect(paths[key])
        assert (d.format_id, d.kind) == (fid, kind), key
        assert results[key].problems == [], (key, [p.describe() for p in results[key].problems[:3]])
    # the default asks for 300 orders; xlsx and GBK CSV hold the same orders
    xo, co = results["orders_xlsx"].orders, results["orders_csv"].orders
    assert len(xo) == 300 and len(co) == 300
    assert sorted(xo["order_id"]) == sorted(co["order_id"])
    assert xo["paid_amount"].sum() == pytest.approx(co["paid_amount"].sum())


def test_real_export_quirks_in_the_csv(shop):
    paths, _ = shop
    raw = paths["orders_csv"].read_bytes()
    text = raw.decode("gbk")  # GBK, like the real ExportOrderList
    header = text.split("\r\n", 1)[0].split(",")
    # trailing spaces inside header names are real
    assert "订单付款时间 " in header and "收货地址 " in header and "宝贝标题 " in header
    first = text.split("\r\n")[1]
    assert first.startswith('="2')  # order id guarded as an Excel text formula
    assert ",'1380000" in first  # 联系手机 with the apostrophe
    assert "买家已付款，等待卖家发货" in text  # full-width comma in the status words
    lines = paths["lines_csv"].read_bytes().decode("gbk").split("\r\n")
    assert lines[0] == "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码"
    chat = paths["chats_txt"].read_bytes()
    assert b"\r\n" in chat and b"\n" not in chat.replace(b"\r\n", b"")
    for noise in ("由 服务助手 转交给", "原因：【离线留言自动分配】", "已读", "撤回了一条消息", " --> "):
        assert noise in chat.decode("utf-8-sig"), noise


def test_pii_is_obviously_fake(shop):
    _, results = shop
    o = results["orders_xlsx"].orders
    assert o["buyer"].str.match(r"^测试用户\d{3}$").all()
    assert o["receiver_phone"].str.match(r"^1380000\d{4}$").all()
    assert o["receiver_address"].str.contains("示例路").all()
    assert o["receiver_name"].str.startswith("测试").all()


def test_story_orders(shop):
    _, results = shop
    o = results["orders_xlsx"].orders
    assert set(o["status"]) == set(schema.ORDER_STATUSES)
    assert o["presale"].sum() >= 1
    assert (o["refund_amount"] > 0).sum() >= 1
    # some paid orders are still unshipped 48 h after payment (overdue at the end of the data)
    end = o[["created", "paid", "shipped"]].max().max()
    unshipped = o[o["status"] == schema.PAID_UNSHIPPED]
    assert ((end - unshipped["paid"]) > pd.Timedelta(hours=48)).sum() >= 1
    # returning buyers: someone has more than one order
    assert o["buyer"].value_counts().max() >= 2


def test_story_stock_short_for_paid_unshipped_lines(shop):
    _, results = shop
    o = results["orders_xlsx"].orders
    lines = results["lines_csv"].lines
    inv = results["inventory_xlsx"].inventory.set_index("sku")["available"]
    waiting = set(o.loc[o["status"] == schema.PAID_UNSHIPPED, "order_id"])
    demand = lines[lines["order_id"].isin(waiting)].groupby("sku")["quantity"].sum()
    short = [sku for sku, q in demand.items() if inv.get(sku, 0.0) < q]
    # two SKUs are made short on purpose (the pre-sale SKU is never one of them)
    assert len(short) == 2 and sample.PRESALE_SKU not in short
    assert set(inv.index) == {p[0] for p in sample.PRODUCTS}


def _first_human_delays(m: pd.DataFrame) -> pd.Series:
    """Per (buyer, agent) section: first human agent reply minus first buyer message, seconds."""
    out = {}
    for (buyer, agent), g in m.sort_values("time", kind="stable").groupby(["buyer", "agent"]):
        b = g[g["sender"] == "buyer"]
        h = g[(g["sender"] == "agent") & ~g["auto"]]
        if len(b) and len(h) and h["time"].iloc[0] > b["time"].iloc[0]:
            out[(buyer, agent)] = (h["time"].iloc[0] - b["time"].iloc[0]).total_seconds()
    return pd.Series(out, dtype=float)


def test_story_agents_differ(shop):
    _, results = shop
    m = results["chats_txt"].messages
    agents = sorted(set(m["agent"]))
    assert agents == sorted(f"{sample.SHOP}:{n}" for n in sample.AGENT_NAMES[:4])
    # the welcome text is the only automatic message, and the default patterns catch it (自动回复)
    assert set(m.loc[m["auto"], "text"]) == {sample.WELCOME}
    delays = _first_human_delays(m)
    by_agent = delays.groupby(level=1).median()
    fast, slow = f"{sample.SHOP}:小美", f"{sample.SHOP}:阿杰"
    assert by_agent[fast] < 20 and by_agent[slow] > 60
    # unanswered: sections with buyer messages and no human reply at all
    asked = m[m["sender"] == "buyer"].groupby("agent")["buyer"].nunique()
    human = m[(m["sender"] == "agent") & ~m["auto"]]
    answered = set(zip(human["buyer"], human["agent"]))
    pairs = m.loc[m["sender"] == "buyer", ["buyer", "agent"]].drop_duplicates()
    silent = pairs[[(b, a) not in answered for b, a in zip(pairs["buyer"], pairs["agent"])]]
    share = silent.groupby("agent").size().reindex(asked.index, fill_value=0) / asked
    assert share[f"{sample.SHOP}:小雨"] > 2 * share[fast]
    # buyers served by two agents
    assert (m.groupby("buyer")["agent"].nunique() >= 2).sum() >= 3


def test_story_chats_and_orders_meet(shop):
    _, results = shop
    m = results["chats_txt"].messages
    o = results["orders_xlsx"].orders
    chat_buyers = set(m["buyer"])
    # buyers who chatted then ordered within 3 days
    first_msg = m.groupby("buyer")["time"].min()
    joined = o[o["buyer"].isin(chat_buyers)].assign(first=lambda d: d["buyer"].map(first_msg))
    converted = joined[(joined["created"] > joined["first"])
                       & (joined["created"] - joined["first"] < pd.Timedelta(days=3))]
    assert converted["buyer"].nunique() >= 30
    # 催付: the reminder message follows an order of that buyer; some of those orders were paid after it
    rem = m[m["text"].str.startswith("亲，看到您拍下了")]
    assert len(rem) >= 3
    paid_after = 0
    for _, r in rem.iterrows():
        mine = o[(o["buyer"] == r["buyer"]) & (o["created"] < r["time"])]
        assert len(mine) >= 1
        paid_after += int((mine["paid"] > r["time"]).any())
    assert paid_after >= 1


def test_generate_frames_schema_and_determinism():
    a = sample.generate_frames(2_000, 10_000, seed=3)
    b = sample.generate_frames(2_000, 10_000, seed=3)
    for x, y in zip(a, b):
        pd.testing.assert_frame_equal(x, y)
    orders, lines, messages, inventory = a
    frames = {"orders": orders, "lines": lines, "messages": messages, "inventory": inventory}
    for kind, frame in frames.items():
        assert list(frame.columns) == list(schema.SCHEMAS[kind]), kind
        pd.testing.assert_frame_equal(frame, schema.conform(frame, kind))
    assert len(orders) == 2_000 and len(messages) == 10_000
    assert orders["order_id"].is_unique
    assert set(lines["order_id"]) <= set(orders["order_id"])
    # an unpaid order has no payment time; a shipped one was paid before it shipped
    unpaid = orders["status"] == schema.UNPAID
    assert orders.loc[unpaid, "paid"].isna().all()
    shipped = orders["shipped"].notna()
    assert (orders.loc[shipped, "shipped"] > orders.loc[shipped, "paid"]).all()
    # automatic messages are agent messages with the welcome text
    assert (messages.loc[messages["auto"], "sender"] == "agent").all()
    assert set(messages.loc[messages["auto"], "text"]) == {sample.WELCOME}
    # about half the orders follow a chat of the same buyer
    share = orders["buyer"].isin(set(messages["buyer"])).mean()
    assert 0.4 < share <= 1.0
    assert np.isfinite(orders["paid_amount"]).all()


def test_generate_frames_edge_sizes():
    orders, lines, messages, inventory = sample.generate_frames(5, 0, seed=1)
    assert len(orders) == 5 and len(messages) == 0
    orders, lines, messages, inventory = sample.generate_frames(0, 7, seed=1)
    assert len(orders) == 0 and len(messages) == 7 and len(lines) == 0


def test_large_writers_are_recognised(tmp_path):
    xlsx = sample.write_large_order_xlsx(tmp_path / "big_orders.xlsx", 500)
    csv = sample.write_large_chat_csv(tmp_path / "big_chat.csv", 1_000)
    assert registry.detect(xlsx).format_id == "taobao_orders"
    assert registry.detect(csv).format_id == "plain_chat"
    orders = registry.load_file(xlsx)
    chats = registry.load_file(csv)
    assert len(orders.orders) == 500 and orders.problems == []
    # the xlsx carries the generated orders: same ids, statuses and amounts
    frame, _, _, _ = sample.generate_frames(500, 0, seed=7)
    got = orders.orders.set_index("order_id").loc[frame["order_id"]]
    assert list(got["status"]) == list(frame["status"])
    assert got["paid_amount"].to_numpy() == pytest.approx(frame["paid_amount"].to_numpy())
    assert (got["created"].to_numpy() == frame["created"].to_numpy()).all()
    assert len(chats.messages) == 1_000 and chats.problems == []
    # the written chat equals the generated frame (times to the second, auto flags)
    _, _, expected, _ = sample.generate_frames(0, 1_000, seed=7)
    assert list(chats.messages["auto"]) == list(expected["auto"])
    assert (chats.messages["time"] == expected["time"]).all()


@pytest.mark.parametrize("agents,orders,days", [(1, 20, 1), (12, 200, 2)])
def test_other_shop_sizes(tmp_path, agents, orders, days):
    paths = sample.write_sample(tmp_path, agents=agents, orders=orders, days=days)
    chats = registry.load_file(paths["chats_txt"])
    # every agent account appears; beyond the named ten they are numbered 客服11, 客服12
    assert chats.messages["agent"].nunique() == agents
    assert chats.problems == []
    assert len(registry.load_file(paths["orders_csv"]).orders) == orders


def test_story_fast_agent_converts_best(shop):
    _, results = shop
    m = results["chats_txt"].messages
    o = results["orders_xlsx"].orders
    first = m[m["sender"] == "buyer"].groupby(["agent", "buyer"])["time"].min().reset_index()
    # an inquiry converts when the buyer orders within 3 days after first writing to the agent
    j = first.merge(o[["buyer", "created"]], on="buyer", how="left")
    j["hit"] = (j["created"] > j["time"]) & (j["created"] - j["time"] <= pd.Timedelta(days=3))
    rate = j.groupby(["agent", "buyer"])["hit"].any().groupby(level=0).mean()
    fast, unanswering = f"{sample.SHOP}:小美", f"{sample.SHOP}:小雨"
    assert rate[fast] == rate.max()
    assert rate[unanswering] < rate[fast] / 2


def test_word_lists_need_no_csv_quoting():
    # write_large_chat_csv writes cells unquoted: no ASCII comma, quote or line break anywhere
    words = [sample.SHOP, sample.WELCOME, *sample.AGENT_NAMES, *sample.BUYER_OPENERS, *sample.BUYER_FOLLOWUPS,
             *sample.AGENT_ANSWERS, *sample.AGENT_CLOSERS, *sample.BUYER_QUESTIONS]
    assert not [w for w in words if any(ch in w for ch in ',"\r\n')]


def test_orders_waiting_for_payment_carry_the_amount_due(shop):
    # Taobao leaves 买家实际支付金额 at 0 until the buyer pays; the 催付 list needs what is due
    import openpyxl

    paths, results = shop
    o = results["orders_xlsx"].orders
    waiting = o[o["status"] == schema.UNPAID]
    assert len(waiting) >= 1 and (waiting["paid_amount"] > 0).all()
    # each one equals the file's 买家应付货款 (or 总金额) of that order, read back by hand
    ws = openpyxl.load_workbook(paths["orders_xlsx"], read_only=True).worksheets[0]
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r and "订单编号" in r)
    h = rows[head]
    due_col = h.index("买家应付货款") if "买家应付货款" in h else h.index("总金额")
    due = {str(r[h.index("订单编号")]).strip("=\"'\t "): float(str(r[due_col]).replace(",", ""))
           for r in rows[head + 1:] if r and r[h.index("订单编号")]}
    for oid, amount in zip(waiting["order_id"], waiting["paid_amount"]):
        assert amount == due[oid], oid
    # paid orders keep what the buyer actually paid; unpaid orders never count as sales
    from desktop_app.core.dataset import Dataset
    from desktop_app.core.model.compute import compute

    res = compute(Dataset(orders=o))
    paid = o[o["paid"].notna()]
    assert res.shop["sales"] == pytest.approx(float(paid["paid_amount"].sum()))
    assert (res.unpaid["amount"] > 0).all()
