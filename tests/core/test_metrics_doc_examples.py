"""docs/metrics.md's worked examples, recomputed the real way: files on disk -> importers -> compute().

Each fenced ```example block in the doc holds a chat log (plain chat CSV columns), optional orders
(written here as a GBK Taobao 订单报表 CSV), optional settings ("platform" or JSON) and expectations
``agent NAME key = value`` / ``shop key = value``. The seed examples (274 inquiries / 3 deals -> 1.09 %;
¥1500 over 5 buyers -> ¥300) are built here and run the same way.
"""

import csv
import json
import math
import pathlib
import re

import pytest

from desktop_app.core.dataset import Dataset
from desktop_app.core.importers.registry import load_files
from desktop_app.core.model.compute import compute
from desktop_app.core.model.results import AGENT_COLUMNS, AGENT_EXTRA_COLUMNS, SHOP_KEYS
from desktop_app.core.model.settings import DEFAULT_SETTINGS, ModelSettings

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
ORDER_HEADER = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量", "退款金额"]


def parse_examples(text: str) -> dict[str, dict]:
    out = {}
    for m in re.finditer(r"```example (\w+)\n(.*?)```", text, re.S):
        name, body = m.group(1), m.group(2)
        ex = {"settings": None, "chats": [], "orders": [], "expect": []}
        section = None
        for line in body.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("settings:"):
                ex["settings"] = line.split(":", 1)[1].strip()
            elif line.rstrip() in ("chats:", "orders:", "expect:"):
                section = line.rstrip()[:-1]
            else:
                ex[section].append(line)
        out[name] = ex
    return out


EXAMPLES = parse_examples(DOC.read_text(encoding="utf-8"))


def settings_of(spec):
    if not spec:
        return DEFAULT_SETTINGS
    if spec == "platform":
        return ModelSettings.platform_preset()
    merged = DEFAULT_SETTINGS.to_dict()
    merged.update(json.loads(spec))
    return ModelSettings.from_dict(merged)


def write_chats(path, rows):
    """Plain chat CSV, UTF-8 with BOM, as any other system can write it."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write("\n".join(rows) + "\n")


def write_orders(path, rows):
    """Taobao 订单报表 (GBK, ="…" order ids) from the doc's order_id,buyer,created,paid,amount,refund,items."""
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ORDER_HEADER)
        for r in csv.DictReader(rows):
            status = "交易成功" if r["paid"] else "等待买家付款"
            w.writerow([f'="{r["order_id"]}"', r["buyer"], r["paid_amount"], status, r["created"], r["paid"],
                        r["items"], r["refund_amount"]])


def run(tmp_path, chats, orders, settings):
    files = []
    if chats:
        write_chats(tmp_path / "chats.csv", chats)
        files.append(str(tmp_path / "chats.csv"))
    if orders:
        write_orders(tmp_path / "orders.csv", orders)
        files.append(str(tmp_path / "orders.csv"))
    return compute(Dataset.from_results(load_files(files)), settings)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_doc_example(name, tmp_path):
    ex = EXAMPLES[name]
    assert ex["expect"], f"example {name} has no expectations"
    res = run(tmp_path, ex["chats"], ex["orders"], settings_of(ex["settings"]))
    agents = res.agents.set_index("agent")
    for line in ex["expect"]:
        m = re.match(r"(agent (\S+)|shop) (\w+) = (\S+)$", line.strip())
        assert m, f"unreadable expectation {line!r}"
        key, want = m.group(3), float(m.group(4))
        got = res.shop[key] if m.group(1) == "shop" else agents.loc[m.group(2), key]
        assert not (isinstance(got, float) and math.isnan(got)), f"{name}: {line} got NaN"
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9), f"{name}: {line} got {got}"


def test_every_agent_and_shop_figure_is_defined_in_the_doc():
    text = DOC.read_text(encoding="utf-8")
    missing = [k for k in AGENT_COLUMNS[1:] + AGENT_EXTRA_COLUMNS + SHOP_KEYS if f"`{k}`" not in text]
    assert missing == []
    assert "平台口径" in text and "metrics-orders-customers.md" in text and "## 8. Speed" in text


def test_seed_274_inquiries_3_deals_is_1_09_percent(tmp_path):
    # 274 buyers each ask 小王 and get a human answer 10 s later; 3 of them order and pay (¥100 each)
    chats = ["time,buyer,agent,sender,text"]
    for i in range(274):
        hh, mm = 9 + i // 60, i % 60
        chats.append(f"2026-03-02 {hh:02d}:{mm:02d}:00,buyer{i:03d},店:小王,buyer,在吗")
        chats.append(f"2026-03-02 {hh:02d}:{mm:02d}:10,buyer{i:03d},店:小王,agent,在的")
    orders = ["order_id,buyer,created,paid,paid_amount,refund_amount,items"]
    for i in range(3):
        orders.append(f"{7000 + i},buyer{i:03d},2026-03-02 20:00:00,2026-03-02 20:01:00,100,0,1")
    res = run(tmp_path, chats, orders, DEFAULT_SETTINGS)
    a = res.agents.set_index("agent").loc["店:小王"]
    assert (a.inquiring_buyers, a.paying_buyers) == (274, 3)
    assert a.conversion_rate == pytest.approx(3 / 274)
    assert f"{100 * a.conversion_rate:.2f} %" == "1.09 %"


def test_seed_1500_yuan_over_5_buyers_is_300(tmp_path):
    # 5 buyers ask 小王, then pay 100 + 200 + 300 + 400 + 500 = ¥1500
    chats = ["time,buyer,agent,sender,text"]
    orders = ["order_id,buyer,created,paid,paid_amount,refund_amount,items"]
    for i in range(5):
        chats.append(f"2026-03-02 10:0{i}:00,c{i},店:小王,buyer,在吗")
        chats.append(f"2026-03-02 10:0{i}:05,c{i},店:小王,agent,在")
        orders.append(f"{8000 + i},c{i},2026-03-02 11:00:00,2026-03-02 11:01:00,{100 * (i + 1)},0,1")
    res = run(tmp_path, chats, orders, DEFAULT_SETTINGS)
    a = res.agents.set_index("agent").loc["店:小王"]
    assert a.sales == 1500.0 and a.paying_buyers == 5 and a.aov == 300.0  # 客服客单价 1500 / 5
    assert res.shop["sales"] == 1500.0 and res.shop["paying_buyers"] == 5 and res.shop["aov"] == 300.0
