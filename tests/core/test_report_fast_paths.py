"""The headless report's speed paths (issue 18) change no figure: the sample shop's report JSON is the same
with the guard's numpy counts and early start as with the guard's own searches done in turn."""

from __future__ import annotations

import io
import json

import pytest

from desktop_app.core.cli import report_main
from desktop_app.core.importers import guard_prefetch, xlsx_guard, xlsx_guard_fast
from desktop_app.core.sample import write_sample


@pytest.fixture(autouse=True)
def _no_early_work_left():
    """Each test starts with no early check or parse waiting (other tests' files leave theirs)."""
    guard_prefetch._early.clear()
    guard_prefetch._parsed.clear()
    yield


def _report(paths: dict) -> dict:
    out, err = io.StringIO(), io.StringIO()
    paths = {k: str(v) for k, v in paths.items()}
    code = report_main(["--orders", paths["orders_xlsx"], "--chats", paths["chats_txt"],
                        "--inventory", paths["inventory_xlsx"], "--json", "-"], out=out, err=err)
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    data.pop("timings")  # seconds of this run
    return data


def test_sample_shop_report_is_the_same_with_and_without_the_fast_guard(tmp_path, monkeypatch):
    paths = write_sample(tmp_path)
    used = []
    real = xlsx_guard_fast.counts
    monkeypatch.setattr(xlsx_guard_fast, "counts", lambda buf, *a: used.append(real(buf, *a)) or used[-1])
    fast = _report(paths)
    assert used and all(u is not None for u in used)  # both workbooks were counted the fast way
    assert not guard_prefetch._early  # every early check was taken by the reader
    monkeypatch.setattr(xlsx_guard, "USE_FAST_COUNTS", False)
    monkeypatch.setattr(guard_prefetch, "prefetch", lambda paths: None)
    slow = _report(paths)
    assert fast == slow
    assert fast["shop"]["orders"] > 100 and len(fast["customers"]) > 50  # a real report, not an empty one


def _taobao_xlsx(path, n: int = 1500) -> dict:
    """A 订单报表 xlsx of ``n`` orders (made-up): times repeating (60 distinct), buyers as numbers or with guards, money
    as numbers and as text with ¥ and thousands separators, every 4th order unpaid. Returns the figures worked
    out from the same rules."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "收货人姓名",
               "收货地址", "联系手机", "宝贝总数量", "退款金额", "店铺名称", "订单备注"])
    sales, buyers, everyone = 0.0, set(), set()
    for i in range(n):
        paid = i % 4 != 0
        day = f"2026-11-{1 + i % 20:02d} {10 + i % 3}:00"
        key = str(1000 + i % 300) if i % 5 == 0 else f"tb_{i % 300}"
        # a number cell (a numeric account), a tab guard, spaces, or clean text
        buyer = (float(key) if i % 5 == 0 else "\t" + key if i % 5 == 1 else f" {key} " if i % 5 == 2 else key)
        amount = 1000 + i % 7 + 0.5
        written = f"¥1,{i % 7:03d}.50" if i % 3 == 0 else amount
        ws.append([f"3{i:015d}", buyer, written if paid else 0,
                   "买家已付款，等待卖家发货" if paid else "等待买家付款", day + ":00", day + ":30" if paid else "",
                   "收货人", "浙江省 杭州市", f"138{i:08d}", 1, 0, "示例店", "" if i % 9 else "尽快发货"])
        everyone.add(key)
        if paid:
            sales += amount
            buyers.add(key)
    wb.save(path)
    return {"orders": n, "paid_orders": sum(1 for i in range(n) if i % 4), "sales": round(sales, 2),
            "paying_buyers": len(buyers)}, len(everyone)


def _report_orders(path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    assert report_main(["--orders", str(path), "--json", "-"], out=out, err=err) == 0, err.getvalue()
    data = json.loads(out.getvalue())
    data.pop("timings")
    return data


def test_an_order_report_is_the_same_with_and_without_the_round_two_paths(tmp_path, monkeypatch):
    from desktop_app.core.importers import cleaning, cleaning_times
    from desktop_app.core.model import report

    path = tmp_path / "ExportOrderList.xlsx"
    want, customers = _taobao_xlsx(path)
    parses = []
    real = guard_prefetch._parse
    monkeypatch.setattr(guard_prefetch, "_parse", lambda p: parses.append(p) or real(p))
    fast = _report_orders(path)
    assert parses == [str(path)] and not guard_prefetch._parsed  # parsed early, and taken by the reader
    for module, flag in ((guard_prefetch, "PARSE_EARLY"), (report, "USE_TEXT_FAST_PATH"),
                         (cleaning_times, "USE_DISTINCT"), (cleaning, "USE_BUYER_FAST_PATH")):
        monkeypatch.setattr(module, flag, False)
    slow = _report_orders(path)
    assert len(parses) == 1 and fast == slow
    assert {k: fast["shop"][k] for k in want} == want
    assert want == {"orders": 1500, "paid_orders": 1125, "sales": 1128934.5, "paying_buyers": 225}
    assert fast["as_of"] == "2026-11-20 12:00:30" and len(fast["customers"]) == customers == 300
    assert {c["buyer"] for c in fast["customers"]} >= {"1005", "tb_1", "tb_2"}  # 1005.0, tab and spaces cleaned
