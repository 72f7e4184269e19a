"""The daily Excel report, opened back with openpyxl: values, formats, no formulas, masked PII."""

from __future__ import annotations

import dataclasses

import openpyxl
import pandas as pd
import pytest

from desktop_app.core.dataset import Dataset
from desktop_app.core.importers.base import ImportResult
from desktop_app.core.model.compute import compute
from desktop_app.core.model.settings import ModelSettings
from desktop_app.core.report_xlsx import write_report
from desktop_app.core.schema import conform
from desktop_app.core.store import Store

T = pd.Timestamp
EVIL = '=HYPERLINK("http://example.invalid","x")'

ORDERS = [
    # paid by the buyer who chatted with 小王: inquiry sale of 120
    dict(platform="taobao", order_id="1001", buyer=EVIL, created=T("2026-11-16 10:05"),
         paid=T("2026-11-16 10:06"),
         status="paid_unshipped", status_raw="买家已付款，等待卖家发货", paid_amount=120.0, items=1,
         remark="+cmd|' /C calc'!A0", receiver_name="张三丰", receiver_phone="13812345678",
         receiver_address="浙江省杭州市西湖区文三路100号"),
    # bob chatted with 小李 and has not paid yet
    dict(platform="taobao", order_id="1002", buyer="bob", created=T("2026-11-17 09:00"), status="unpaid",
         status_raw="等待买家付款", items=2, receiver_phone="13900001111"),
    # carol never chatted: a silent sale of 80
    dict(platform="taobao", order_id="1003", buyer="carol", created=T("2026-11-15 09:00"),
         paid=T("2026-11-15 09:01"), shipped=T("2026-11-15 19:01"), status="shipped", paid_amount=80.0,
         items=1),
]
LINES = [dict(platform="taobao", order_id="1001", sku="@SUM(1)", title="-2+3 T恤", quantity=1, price=120.0)]
MESSAGES = [
    dict(time=T("2026-11-16 10:00:00"), buyer=EVIL, agent="店:小王", sender="buyer", text="在吗"),
    dict(time=T("2026-11-16 10:00:04"), buyer=EVIL, agent="店:小王", sender="agent", text="在的"),
    dict(time=T("2026-11-17 08:00:00"), buyer="bob", agent="店:小李", sender="buyer", text="有货吗"),
    dict(time=T("2026-11-17 08:00:20"), buyer="bob", agent="店:小李", sender="agent", text="有"),
]
INVENTORY = [dict(sku="@SUM(1)", title="T恤", available=0)]


def dataset() -> Dataset:
    return Dataset(orders=conform(pd.DataFrame(ORDERS), "orders"),
                   lines=conform(pd.DataFrame(LINES), "lines"),
                   messages=conform(pd.DataFrame(MESSAGES), "messages"),
                   inventory=conform(pd.DataFrame(INVENTORY), "inventory"),
                   sources=[("ExportOrderList.csv", "淘宝/天猫 订单报表"), ("chat.csv", "聊天记录")])


@pytest.fixture(scope="module")
def results():
    return compute(dataset())


def all_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws.title, cell


def rows_by_label(ws):
    return {row[0].value: row for row in ws.iter_rows() if row and row[0].value is not None}


def header_index(ws, row=1):
    return {c.value: i for i, c in enumerate(ws[row])}


def test_chinese_report_values_formats_and_targets(tmp_path, results):
    path = write_report(results, tmp_path / "日报.xlsx", sources=dataset().sources)
    assert path == tmp_path / "日报.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["概览", "客服绩效", "订单检查", "客户分层", "趋势", "质检", "排班", "设置", "导入问题"]
    summary = rows_by_label(wb["概览"])
    # sales 120 + 80 = 200 from 2 paying buyers: AOV 100
    assert summary["销售额"][1].value == 200 and summary["销售额"][1].number_format == "¥#,##0.00"
    assert summary["付款人数"][1].value == 2
    assert summary["客单价"][1].value == 100
    # two inquiring buyers (EVIL and bob), one of them paid an attributed order: 1/2
    assert summary["询单转化率"][1].value == 0.5 and summary["询单转化率"][1].number_format == "0.00%"
    assert (summary["静默销售额"][1].value, summary["询单销售额"][1].value) == (80, 120)
    # first responses 4 s (小王) and 20 s (小李): mean 12 s, past 10 s but within the 15 s limit
    fr = summary["首次响应时间（均值，秒）"]
    assert fr[1].value == 12 and fr[1].number_format == "0.0" and fr[2].value == "6 / 10 / 15"
    assert fr[3].value == "上限内（≤15 秒）"
    # average response: turns of 4 s and 20 s -> 12 s, under the 16 s target
    assert summary["平均响应时间（均值，秒）"][3].value == "达标"
    assert summary["缺货订单"][1].value == 1 and summary["缺货订单"][3].value == "需处理"
    assert summary["未发货超时订单"][1].value == 0 and summary["未发货超时订单"][3].value == "无"

    agents = wb["客服绩效"]
    col = header_index(agents)
    assert [agents.cell(r, 1).value for r in (2, 3)] == ["店:小李", "店:小王"]
    wang = agents[3]
    assert wang[col["询单转化率"]].value == 1 and wang[col["询单转化率"]].number_format == "0.00%"
    assert wang[col["客服销售额"]].value == 120 and wang[col["客服销售额"]].number_format == "¥#,##0.00"
    assert wang[col["首次响应均值(秒)"]].value == 4 and wang[col["首次响应均值(秒)"]].number_format == "0.0"
    ranges = {str(cf.sqref): [r.formula for r in cf.rules] for cf in agents.conditional_formatting}
    letter = openpyxl.utils.get_column_letter(col["首次响应均值(秒)"] + 1)
    assert ranges[f"{letter}2:{letter}3"] == [["6.0"], ["10.0"], ["15.0"], ["15.0"]]

    settings = rows_by_label(wb["设置"])
    # every setting by its Chinese name, the field key beside it for scripts
    from desktop_app.core.report_xlsx import SETTING_LABELS

    for field in dataclasses.fields(ModelSettings):
        zh = SETTING_LABELS[field.name][0]
        assert zh in settings and settings[zh][2].value == field.name, field.name
    assert settings["订单归属时间窗（天）"][1].value == 3
    # code values in words, and the currency the amounts are shown in
    assert settings["订单归属规则"][1].value == "最后接待" and settings["订单归属规则"][2].value == "attribution_rule"
    assert settings["响应时间口径"][1].value == "默认口径"
    assert settings["会员等级依据"][1].value == "按消费金额"
    assert settings["货币符号（仅显示，不换算）"][1].value == "¥"
    assert settings["数据截至"][1].value == T("2026-11-17 09:00")  # the newest timestamp in the data
    assert "ExportOrderList.csv" in settings and settings["ExportOrderList.csv"][1].value == "淘宝/天猫 订单报表"


def test_no_formula_from_data_and_pii_masked(tmp_path, results):
    path = write_report(results, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    texts = []
    for title, cell in all_cells(wb):
        assert cell.data_type != "f", (title, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            texts.append(cell.value)
            if cell.value.startswith(("=", "+", "-", "@")):
                assert cell.quotePrefix, (title, cell.coordinate)
    assert EVIL in texts and "+cmd|' /C calc'!A0" in texts and "@SUM(1)" in texts and "-2+3 T恤" in texts
    joined = "\n".join(texts)
    assert "13812345678" not in joined and "文三路" not in joined and "张三丰" not in joined
    customers = wb["客户分层"]
    col = header_index(customers)
    row = next(r for r in customers.iter_rows(min_row=2) if r[0].value == EVIL)
    assert row[col["联系电话"]].value == "138****5678"
    assert row[col["收货人"]].value == "张**"
    assert row[col["收货地址"]].value == "浙江省杭州市西湖区****"

    raw = write_report(results, tmp_path / "raw.xlsx", mask_pii=False)
    raw_texts = [c.value for _, c in all_cells(openpyxl.load_workbook(raw)) if isinstance(c.value, str)]
    assert "13812345678" in raw_texts and "浙江省杭州市西湖区文三路100号" in raw_texts


def test_english_report_and_order_checks(tmp_path, results):
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "en.xlsx", language="en"))
    assert wb.sheetnames == ["Summary", "Agents", "Order checks", "Customers", "Trends", "Quality", "Staffing", "Settings",
                             "Import problems"]
    assert rows_by_label(wb["Summary"])["Sales"][1].value == 200
    checks = [[c.value for c in row] for row in wb["Order checks"].iter_rows()]
    titles = [r[0] for r in checks if isinstance(r[0], str) and r[0].endswith(")")]
    assert titles == ["Unshipped (1)", "Out of stock (1)", "Payment reminders (1)"]
    oos_header = checks[checks.index(["Out of stock (1)"] + [None] * (len(checks[0]) - 1)) + 1]
    oos_row = checks[checks.index(["Out of stock (1)"] + [None] * (len(checks[0]) - 1)) + 2]
    got = dict(zip(oos_header, oos_row))
    # stock 0 for the 1 unit ordered: short 1, found by the inventory sheet
    assert got["SKU"] == "@SUM(1)" and got["Short"] == 1 and got["Found by"] == "inventory sheet"
    settings = rows_by_label(wb["Settings"])
    assert settings["Attribution window (days)"][1].value == 3
    assert settings["Attribution window (days)"][2].value == "attribution_window_days"
    assert rows_by_label(wb["Customers"])[EVIL][13].value in ("Important value", "General value",
                                                              "Important development", "General development")


def test_store_marks_and_sources_and_atomic_replace(tmp_path, results, monkeypatch):
    export = tmp_path / "ExportOrderList.csv"
    export.write_bytes("订单编号\n1001\n".encode("gbk"))
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(ImportResult(path=str(export), kind="orders", format_id="taobao_orders",
                                         format_label="淘宝/天猫 订单报表", orders=dataset().orders, rows_read=3))
        store.set_handled("out_of_stock", "taobao", "1001", note="已换货", who="主管")
        path = write_report(results, tmp_path / "r.xlsx", store=store)
    wb = openpyxl.load_workbook(path)
    rows = [[c.value for c in r] for r in wb["订单检查"].iter_rows()]
    i = next(k for k, r in enumerate(rows) if r[0] == "缺货 (1)")
    got = dict(zip(rows[i + 1], rows[i + 2]))
    assert got["已处理"] == "是" and got["处理备注"] == "已换货"
    assert results.out_of_stock["handled"].tolist() == [False]  # the caller's Results are not changed
    settings = rows_by_label(wb["设置"])
    assert settings["ExportOrderList.csv"][2].value == 3

    before = path.read_bytes()

    real_save = openpyxl.Workbook.save

    def fail(self, filename):
        real_save(self, filename)  # the temporary file is complete, then the "disk" fails
        with open(filename, "r+b") as fh:
            fh.truncate(100)
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", fail)
    with pytest.raises(OSError):
        write_report(results, path)
    assert path.read_bytes() == before  # the old report is intact
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_sample_shop_from_the_store_end_to_end(tmp_path):
    registry = pytest.importorskip("desktop_app.core.importers.registry")
    sample = pytest.importorskip("desktop_app.core.sample")
    paths = sample.write_sample(tmp_path / "sample")
    with Store.open(tmp_path / "data") as store:
        for key in ("orders_csv", "lines_csv", "chats_txt", "inventory_xlsx"):
            store.import_result(registry.load_file(paths[key]))
        results = compute(store.dataset(), previous_levels=store.levels())
        store.apply_handled(results)
        path = write_report(results, tmp_path / "daily.xlsx", store=store)
        files = store.imports()["file"].tolist()
    wb = openpyxl.load_workbook(path)
    phones = [p for p in dataset_phones(paths["orders_csv"]) if p]
    assert phones
    for title, cell in all_cells(wb):
        assert cell.data_type != "f", (title, cell.coordinate)
        if isinstance(cell.value, str):
            assert not any(p in cell.value for p in phones), (title, cell.coordinate)
    summary = rows_by_label(wb["概览"])
    assert summary["销售额"][1].value == pytest.approx(results.shop["sales"])
    # the segment block: the eight segments in their classic order, buyers without a paid order last
    labels = [row[0].value for row in wb["概览"].iter_rows()]
    block = labels[labels.index("分层") + 1:]
    order = ["重要价值", "重要发展", "重要保持", "重要挽留", "一般价值", "一般发展", "一般保持", "一般挽留"]
    assert [b for b in block if b in order] == [o for o in order if o in block]
    assert block[-1] == "无付款订单"
    counts = {row[0].value: row[1].value for row in wb["概览"].iter_rows() if row[0].value in block}
    assert sum(counts.values()) == len(results.customers)
    assert wb["客服绩效"].freeze_panes == "B2" and wb["客户分层"].freeze_panes == "B2"
    settings = rows_by_label(wb["设置"])
    assert all(name in settings for name in files)
    agents = wb["客服绩效"]
    assert agents.max_row == len(results.agents) + 1


def dataset_phones(orders_csv) -> list[str]:
    """The raw phone numbers of the sample export (to prove none reaches the report)."""
    registry = pytest.importorskip("desktop_app.core.importers.registry")
    phones = registry.load_file(orders_csv).orders["receiver_phone"].astype(str)
    return [p for p in phones if len(p) >= 11 and "*" not in p]


def test_language_and_mask_by_position_as_the_main_window_calls_it(tmp_path, results):
    path = write_report(results, tmp_path / "pos.xlsx", "en", False)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Summary"
    assert "13812345678" in [c.value for _, c in all_cells(wb)]


def test_safe_text_rules():
    from desktop_app.core.report_xlsx import safe_text

    for text in ("=1+1", "+86 138", "-1", "@SUM(A1)", "\tcmd", "\rcmd"):
        assert safe_text(text) == (text, True)
    assert safe_text("正常文本 = ok") == ("正常文本 = ok", False)
    assert safe_text("a\x00b\x1fc") == ("abc", False)  # characters Excel cannot store are dropped


def test_import_problems_are_listed_with_their_row(tmp_path, results):
    from desktop_app.core.errors import RowProblem

    results = dataclasses.replace(results, problems=[
        RowProblem(file="ExportOrderList.csv", row=12, reason="金额无法识别", column="买家实际支付金额",
                   value="=1+1"),
        RowProblem(file="chat.txt", row=3, reason="no time", skipped=False)])
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "p.xlsx", language="en"))
    rows = [[c.value for c in r] for r in wb["Import problems"].iter_rows()]
    assert rows[0][0] == "Rows skipped or values blanked while reading (2)"
    assert rows[2] == ["ExportOrderList.csv", None, 12, "买家实际支付金额", "金额无法识别", "=1+1", "Yes"]
    assert rows[3][:3] == ["chat.txt", None, 3] and rows[3][6] == "No"
    assert wb["Import problems"]["F3"].data_type == "s" and wb["Import problems"]["F3"].quotePrefix


def test_every_sheet_names_each_column_once(tmp_path, results):
    # The scorecard once listed the four "extra" agent columns twice (they are in AGENT_COLUMNS too).
    path = write_report(results, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=1, values_only=True):
            names = [v for v in row if v not in (None, "")]
            if len(names) > 3:
                assert len(names) == len(set(names)), (ws.title, names)


def test_currency_symbol_sets_the_money_format_not_the_amounts(tmp_path, results):
    from desktop_app.core.report_xlsx import money_format

    assert money_format("¥") == "¥#,##0.00" and money_format(" ") == "¥#,##0.00"
    assert money_format("HK$") == '"HK$"#,##0.00' and money_format('a"b') == '"ab"#,##0.00'
    path = write_report(results, tmp_path / "usd.xlsx", "en", currency="$")
    wb = openpyxl.load_workbook(path)
    summary = rows_by_label(wb[wb.sheetnames[0]])
    # the same 200 as in the yuan report, written with a dollar format
    assert summary["Sales"][1].value == 200 and summary["Sales"][1].number_format == '"$"#,##0.00'
    formats = {c.number_format for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "¥#,##0.00" not in formats


def test_week_over_week_says_when_the_base_is_too_small(tmp_path, results):
    # this shop has 2 paying buyers: no percentage for AOV, and the cell says why instead of staying blank
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "wow.xlsx"))
    rows = [[c.value for c in r] for r in wb["趋势"].iter_rows()]
    header = next(r for r in rows if r and r[1] == "指标")
    rate_col = header.index("变化率")
    reasons = [r[rate_col] for r in rows[rows.index(header) + 1:]
               if r and isinstance(r[rate_col], str) and r[rate_col].startswith("基数太小")]
    assert reasons and all("本周" in t and "上周" in t for t in reasons)
