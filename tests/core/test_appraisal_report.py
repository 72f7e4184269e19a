"""`report --scheme`: the JSON appraisal section's keys exactly, the same numbers as the core; bad schemes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from desktop_app.core.appraisal.report import (
    JSON_AGENT_KEYS, JSON_DEDUCTION_KEYS, JSON_ITEM_KEYS, JSON_KEYS,
)
from desktop_app.core.appraisal.scheme import default_scheme_path
from desktop_app.core.cli import report_main

ORDER_HEADER = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量", "退款金额",
                "收货人姓名", "联系手机", "收货地址"]



@pytest.fixture()
def files(tmp_path):
    """A Taobao order export (one paid order of 300.00) and a chat log (小王 answers in 9 s)."""
    orders = tmp_path / "orders.csv"
    with open(orders, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ORDER_HEADER)
        w.writerow(['="1001"', "tb_b1", "300.00", "交易成功", "2026-03-02 10:10:00", "2026-03-02 10:11:00", "3",
                    "0", "张三", "13812341234", "北京市朝阳区"])
    chats = tmp_path / "chats.csv"
    with open(chats, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["time", "buyer", "agent", "sender", "text"])
        w.writerow(["2026-03-02 10:00:00", "tb_b1", "小店:小王", "buyer", "在吗"])
        w.writerow(["2026-03-02 10:00:09", "tb_b1", "小店:小王", "agent", "在"])
    return orders, chats


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = report_main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


SCHEME = {
    "version": 1, "name": "手算方案",
    "items": [
        {"kpi": "conversion_rate", "weight": 50, "better": "higher", "bands": [[0.5, 100], [0.2, 50]]},
        {"kpi": "first_response_mean_s", "weight": 30, "better": "lower", "linear": {"floor": 19, "target": 9}},
        {"kpi": "clean_share", "weight": 20, "better": "higher", "linear": {"floor": 0.5, "target": 1}},
    ],
    "deductions": [{"kpi": "unanswered_turns", "points_each": 1, "cap": 5},
                   {"kpi": "quality_hits", "points_each": 1, "cap": 5}],
    "commission": {"base": "sales", "mode": "marginal", "tiers": [[0, 0.01], [100, 0.05]]},
    "grades": [[90, "A"], [0, "B"]],
}


def test_json_appraisal_keys_exactly_and_values(files, tmp_path):
    orders, chats = files
    scheme = tmp_path / "scheme.json"
    scheme.write_text(json.dumps(SCHEME, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(["--orders", str(orders), "--chats", str(chats), "--json", "-", "--scheme", str(scheme)])
    assert code == 0, err
    doc = json.loads(out)
    section = doc["appraisal"]
    assert list(section) == JSON_KEYS == ["scheme", "from", "to", "agents"]
    assert section["scheme"] == "手算方案" and section["from"] == section["to"] == "2026-03-02"
    assert [a["agent"] for a in section["agents"]] == [a["agent"] for a in doc["agents"]]
    a = section["agents"][0]
    assert list(a) == JSON_AGENT_KEYS == ["agent", "items", "deductions", "total", "grade", "rank", "commission"]
    assert all(list(i) == JSON_ITEM_KEYS == ["kpi", "value", "points", "weight", "weighted"] for i in a["items"])
    assert all(list(d) == JSON_DEDUCTION_KEYS == ["kpi", "count", "points"] for d in a["deductions"])
    items = {i["kpi"]: i for i in a["items"]}
    # each value is the agent's figure in the report's own agents section
    assert items["conversion_rate"]["value"] == doc["agents"][0]["conversion_rate"] == 1.0
    # conversion 1.0 -> 100 points x 50 %; first response 9 s -> 100 points x 30 %; clean_share: the one
    # conversation ("在吗" -> "在") has 3 quality hits (bare reply, no greeting, no thanks before the
    # order), so 0 of 1 is clean -> 0 points (below the floor 0.5)
    assert items["conversion_rate"]["points"] == 100 and items["conversion_rate"]["weight"] == 50
    assert items["first_response_mean_s"]["weighted"] == 30
    assert items["clean_share"] == {"kpi": "clean_share", "value": 0.0, "points": 0.0, "weight": 20.0,
                                    "weighted": 0.0}
    deds = {d["kpi"]: d for d in a["deductions"]}
    assert deds["unanswered_turns"] == {"kpi": "unanswered_turns", "count": 0, "points": 0}
    assert deds["quality_hits"] == {"kpi": "quality_hits", "count": 3, "points": 3}
    assert a["total"] == 77.0 and a["grade"] == "B" and a["rank"] == 1 and a["commission"] == 11.0
    # 50 + 30 + 0 - 3 = 77 -> B; sales 300: 100 x 1% + 200 x 5% = 11


def test_no_scheme_no_section(files):
    orders, chats = files
    code, out, err = run(["--orders", str(orders), "--chats", str(chats), "--json", "-"])
    assert code == 0 and "appraisal" not in json.loads(out)


def test_default_scheme_runs(files):
    orders, chats = files
    code, out, err = run(["--orders", str(orders), "--chats", str(chats), "--json", "-",
                          "--scheme", str(default_scheme_path())])
    assert code == 0, err
    assert json.loads(out)["appraisal"]["agents"][0]["grade"] in {"A", "B", "C", "D"}


def test_bad_scheme_exits_2_naming_file_and_key_and_writes_nothing(files, tmp_path):
    orders, chats = files
    bad = dict(SCHEME, version=3)
    scheme = tmp_path / "new.json"
    scheme.write_text(json.dumps(bad), encoding="utf-8")
    target = tmp_path / "out.json"
    code, out, err = run(["--orders", str(orders), "--chats", str(chats), "--json", str(target),
                          "--scheme", str(scheme)])
    assert code == 2 and str(scheme) in err and "key version" in err and "newer" in err
    assert not target.exists()


def test_the_worked_example_in_the_docs(tmp_path):
    """docs/appraisal.md's worked example: the sample shop's 大伟 under the default scheme."""
    from desktop_app.core.sample import write_sample

    paths = write_sample(tmp_path)
    code, out, err = run(["--orders", str(paths["orders_csv"]), str(paths["lines_csv"]),
                          "--chats", str(paths["chats_txt"]), "--json", "-", "--scheme", str(default_scheme_path())])
    assert code == 0, err
    section = json.loads(out)["appraisal"]
    assert (section["from"], section["to"]) == ("2026-11-16", "2026-11-20")
    wei = next(a for a in section["agents"] if a["agent"].endswith("大伟"))
    items = {i["kpi"]: i for i in wei["items"]}
    assert items["conversion_rate"]["points"] == 20 and items["conversion_rate"]["weight"] == 35
    assert items["first_response_mean_s"]["points"] == 50
    assert items["response_mean_s"]["points"] == 85.6515 and items["refund_rate"]["points"] == 80
    # the terse agent's quality (docs/quality.md): 6 of 102 conversations clean -> 0 points; 318 hits -> cap
    assert items["clean_share"]["value"] == pytest.approx(6 / 102) and items["clean_share"]["points"] == 0
    assert wei["deductions"][0] == {"kpi": "unanswered_turns", "count": 21, "points": 4.2}
    assert wei["deductions"][1] == {"kpi": "quality_hits", "count": 318, "points": 10}
    assert (wei["total"], wei["grade"], wei["rank"], wei["commission"]) == (27.65, "D", 2, 40.9)