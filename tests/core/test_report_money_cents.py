"""Money is rounded to the cent in the JSON report (domain: "Money is rounded to the cent in every output"):
sums of yuan amounts must not carry binary float noise such as 0.30000000000000004."""

import csv
import io
import json

from desktop_app.core.cli import report_main

HEADER = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量", "退款金额"]


def test_summed_money_has_no_float_noise(tmp_path):
    orders = tmp_path / "orders.csv"
    with open(orders, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        # 0.10 + 0.20 is 0.30000000000000004 in binary floating point; 0.1 + 0.7 is 0.7999999999999999
        w.writerow(['="1"', "tb_a", "0.10", "交易成功", "2026-03-02 10:10:00", "2026-03-02 10:11:00", "1", "0"])
        w.writerow(['="2"', "tb_a", "0.20", "交易成功", "2026-03-02 11:10:00", "2026-03-02 11:11:00", "1", "0"])
        w.writerow(['="3"', "tb_b", "0.10", "交易成功", "2026-03-02 12:10:00", "2026-03-02 12:11:00", "1", "0.1"])
        w.writerow(['="4"', "tb_b", "0.70", "交易成功", "2026-03-02 13:10:00", "2026-03-02 13:11:00", "1", "0.7"])
    chats = tmp_path / "chats.csv"
    with open(chats, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["time", "buyer", "agent", "sender", "text"])
        for t, buyer in (("10:00", "tb_a"), ("11:00", "tb_a"), ("12:00", "tb_b"), ("13:00", "tb_b")):
            w.writerow([f"2026-03-02 {t}:00", buyer, "小店:小王", "buyer", "在吗"])
            w.writerow([f"2026-03-02 {t}:09", buyer, "小店:小王", "agent", "亲，在的"])
    out, err = io.StringIO(), io.StringIO()
    assert report_main(["--orders", str(orders), "--chats", str(chats), "--json", "-"], out=out, err=err) == 0, \
        err.getvalue()
    doc = json.loads(out.getvalue())
    shop = doc["shop"]
    # by hand: sales 0.10 + 0.20 + 0.10 + 0.70 = 1.10; refunds 0.1 + 0.7 = 0.80; 2 paying buyers -> AOV 0.55
    assert shop["sales"] == 1.1 and shop["refund_amount"] == 0.8 and shop["aov"] == 0.55
    assert shop["inquiry_sales"] == 1.1 and shop["agent_sales"] == 1.1 and shop["silent_sales"] == 0.0
    agent = doc["agents"][0]
    assert agent["sales"] == 1.1 and agent["refund_amount"] == 0.8
    # monetary is net of refunds: tb_a 0.10 + 0.20 = 0.30, tb_b 0.80 paid - 0.80 refunded = 0
    assert {c["buyer"]: c["monetary"] for c in doc["customers"]} == {"tb_a": 0.3, "tb_b": 0.0}
