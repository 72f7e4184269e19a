"""The headless `report` command: real files in, the stable JSON keys out; bad input exits 2."""

import csv
import io
import json
import subprocess
import sys

import pytest

from desktop_app.core.cli import report_main, sample_main
from desktop_app.core.model.report import CUSTOMER_KEYS, ORDER_CHECK_KEYS
from desktop_app.core.model.results import AGENT_COLUMNS, AGENT_EXTRA_COLUMNS, SHOP_KEYS

ORDER_HEADER = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝总数量", "退款金额",
                "收货人姓名", "联系手机", "收货地址"]
STABLE_TOP = {"as_of", "shop", "agents", "order_checks", "customers", "problems"}


@pytest.fixture()
def files(tmp_path):
    orders = tmp_path / "orders.csv"
    with open(orders, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ORDER_HEADER)
        w.writerow(['="1001"', "tb_b1", "300.00", "交易成功", "2026-03-02 10:10:00", "2026-03-02 10:11:00", "3",
                    "0",
                    "张三", "13812341234", "北京市朝阳区"])
        w.writerow(['="1002"', "tb_b2", "0.00", "等待买家付款", "2026-03-02 08:00:00", "", "1", "0", "李四",
                    "13900001111", "上海市"])
        w.writerow(['="1003"', "tb_b3", "80.00", "买家已付款，等待卖家发货", "2026-03-01 09:00:00",
                    "2026-03-01 09:01:00", "1", "0", "王五", "13700002222", "广州市"])
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


def test_json_to_stdout_has_exactly_the_stable_keys(files):
    orders, chats = files
    code, out, err = run(["--orders", str(orders), "--chats", str(chats), "--json", "-"])
    assert code == 0, err
    doc = json.loads(out)
    assert STABLE_TOP <= set(doc)
    assert set(SHOP_KEYS) <= set(doc["shop"])
    assert [list(a) for a in doc["agents"]] == [AGENT_COLUMNS + AGENT_EXTRA_COLUMNS]
    assert list(doc["order_checks"]) == ORDER_CHECK_KEYS
    assert all(list(c) == CUSTOMER_KEYS for c in doc["customers"]) and len(doc["customers"]) == 3
    assert doc["as_of"] == "2026-03-02 10:11:00"  # newest timestamp in the data
    a = doc["agents"][0]
    assert a["agent"] == "小店:小王" and a["first_response_mean_s"] == 9.0 and a["conversion_rate"] == 1.0
    assert a["sales"] == 300.0 and a["aov"] == 300.0 and a["price_per_item"] == 100.0  # 300 / 3 items
    assert doc["shop"]["sales"] == 380.0 and doc["shop"]["silent_sales"] == 80.0
    # unpaid order 1002 was created 08:00, 2 h 11 min before as-of: due (new buyer, 2 h)
    assert doc["order_checks"]["unpaid_due"] == ["1002"]
    assert doc["order_checks"]["unshipped"] == ["1003"]
    # NaN becomes null (小王 reminded nobody: 0 / 0)
    assert a["reminder_success_rate"] is None
    assert doc["reading"] == "default" and doc["problems"] == []


def test_json_file_text_summary_and_options(files, tmp_path):
    orders, chats = files
    out_json = tmp_path / "out" / "report.json"
    code, out, err = run(["--orders", str(orders), "--chats", str(chats), "--json", str(out_json),
                          "--platform-reading", "--as-of", "2026-03-02 12:00:00",
                          "--settings", '{"attribution_window_days": 7}'])
    assert code == 0, err
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert doc["as_of"] == "2026-03-02 12:00:00" and doc["reading"] == "platform"
    assert doc["settings"]["attribution_window_days"] == 7 and doc["settings"]["response_cap_s"] == 600.0
    assert out == ""  # --json to a file: nothing on stdout
    code, out, err = run(["--orders", str(orders), "--chats", str(chats)])
    assert code == 0 and "小店:小王" in out and "客单价" in out


def test_xlsx_report(files, tmp_path):
    orders, chats = files
    path = tmp_path / "daily.xlsx"
    code, _, err = run(["--orders", str(orders), "--chats", str(chats), "--xlsx", str(path), "--json", "-"])
    assert code == 0, err
    assert path.exists() and path.stat().st_size > 0


def test_bad_input_exits_2_and_names_the_problem(files, tmp_path):
    orders, chats = files
    code, _, err = run(["--orders", str(tmp_path / "missing.csv")])
    assert code == 2 and "missing.csv" in err and "not found" in err
    junk = tmp_path / "junk.csv"
    junk.write_text("foo,bar\n1,2\n", encoding="utf-8")
    code, _, err = run(["--orders", str(junk)])
    assert code == 2 and "junk.csv" in err
    code, _, err = run(["--orders", str(orders), "--settings", '{"no_such_setting": 1}'])
    assert code == 2 and "no_such_setting" in err
    code, _, err = run(["--orders", str(orders), "--settings", "{bad json"])
    assert code == 2 and "JSON" in err
    code, _, err = run(["--orders", str(orders), "--as-of", "yesterday-ish"])
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run([])
    assert code == 2


def test_python_dash_m_entry_point(files):
    orders, chats = files
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "report", "--orders", str(orders), "--chats",
                           str(chats), "--json", "-"], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert STABLE_TOP <= set(json.loads(proc.stdout))


def test_sample_files_through_the_cli(tmp_path):
    pytest.importorskip("desktop_app.core.sample", reason="the sample generator has not landed yet")
    out = io.StringIO()
    assert sample_main(["--out", str(tmp_path / "sample")], out=out) == 0
    written = dict(line.split("\t", 1) for line in out.getvalue().splitlines())
    order_files = [p for k, p in written.items() if "order" in k or "item" in k or "line" in k]
    chat_files = [p for k, p in written.items() if "chat" in k]
    inventory = [p for k, p in written.items() if "inventory" in k]
    argv = ["--orders", *order_files, "--chats", *chat_files, "--json", "-"]
    if inventory:
        argv += ["--inventory", inventory[0]]
    code, text, err = run(argv)
    assert code == 0, err
    doc = json.loads(text)
    assert STABLE_TOP <= set(doc) and doc["agents"] and doc["shop"]["orders"] > 0
    assert all(list(a) == AGENT_COLUMNS + AGENT_EXTRA_COLUMNS for a in doc["agents"])
    assert list(doc["order_checks"]) == ORDER_CHECK_KEYS


def test_unwritable_output_is_an_error_line_not_a_traceback(files, tmp_path):
    orders, chats = files
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x", encoding="utf-8")  # a file where a folder is expected: writing below it fails
    for opt in ("--xlsx", "--json"):
        code, _, err = run(["--orders", str(orders), "--chats", str(chats), opt, str(blocker / "r.out")])
        assert code == 2, err
        assert "cannot write" in err and "r.out" in err and "Traceback" not in err


def test_report_file_is_readable_like_any_new_file(files, tmp_path):
    import os
    import stat

    orders, chats = files
    old = os.umask(0o022)
    try:
        path = tmp_path / "daily.xlsx"
        code, _, err = run(["--orders", str(orders), "--chats", str(chats), "--xlsx", str(path),
                            "--language", "en"])
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's private 0600


def test_saved_column_mapping_from_the_window_is_used_with_data_dir(tmp_path):
    from desktop_app.core.importers.mapping import ColumnMapping, MappingStore

    own = tmp_path / "own.csv"
    with open(own, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["单号", "下单日期", "付款金额", "客户昵称"])
        w.writerow(["A1", "2026-03-02 10:00:00", "99.5", "c1"])
        w.writerow(["A2", "2026-03-02 11:00:00", "120", "c2"])
    code, _, err = run(["--orders", str(own), "--json", "-"])
    assert code == 2 and "own.csv" in err and "--data-dir" in err
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = MappingStore(data_dir / "column_mappings.json")
    store.save(["单号", "下单日期", "付款金额", "客户昵称"],
              ColumnMapping("orders", {"order_id": "单号", "created": "下单日期", "paid_amount": "付款金额",
                                       "buyer": "客户昵称"}))
    code, out, err = run(["--orders", str(own), "--json", "-", "--data-dir", str(data_dir)])
    assert code == 0, err
    assert json.loads(out)["shop"]["orders"] == 2


def test_help_is_answered_without_qt_and_lists_the_commands():
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "--help"], capture_output=True, text=True,
                          encoding="utf-8", env={**__import__("os").environ, "QT_QPA_PLATFORM": "xcb",
                                                 "DISPLAY": ""})
    assert proc.returncode == 0, proc.stderr
    for word in ("report", "sample", "--demo", "--data-dir", "--self-test", "--version"):
        assert word in proc.stdout


def test_writing_to_a_device_never_replaces_it(files, tmp_path):
    import os
    import stat

    orders, chats = files
    before = os.stat(os.devnull)
    code, _, err = run(["--orders", str(orders), "--chats", str(chats), "--json", os.devnull, "--xlsx",
                        os.devnull])
    assert code == 0, err
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino  # still the same device


def test_currency_option_for_the_text_summary_and_the_xlsx(files, tmp_path):
    import openpyxl

    orders, chats = files
    code, yuan, err = run(["--orders", str(orders), "--chats", str(chats)])
    assert code == 0, err
    assert "¥" in yuan
    path = tmp_path / "usd.xlsx"
    code, dollars, err = run(["--orders", str(orders), "--chats", str(chats), "--currency", "US$",
                              "--xlsx", str(path)])
    assert code == 0, err
    # the same amounts, another symbol
    assert "¥" not in dollars and dollars == yuan.replace("¥", "US$")
    formats = {c.number_format for ws in openpyxl.load_workbook(path).worksheets
               for row in ws.iter_rows() for c in row}
    assert '"US$"#,##0.00' in formats


def test_cli_errors_are_bilingual(files, tmp_path):
    code, _, err = run(["--orders", str(tmp_path / "missing.csv")])
    assert code == 2 and "找不到文件" in err and "file not found" in err
    junk = tmp_path / "junk.csv"
    junk.write_text("foo,bar\n1,2\n", encoding="utf-8")
    code, _, err = run(["--orders", str(junk)])
    assert code == 2 and "无法识别的表格格式" in err and "--data-dir" in err
    code, _, err = run([])
    assert code == 2 and "至少给出一个文件" in err


def _shopify_csv(path, currencies=("USD", "USD")):
    """Two Shopify orders (a continuation line item row in between), each with its Currency."""
    header = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency", "Total",
              "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku", "Billing Name"]
    rows = [["#1001", "ann@example.com", "paid", "2026-03-02 10:40:00 -0500", "unfulfilled", currencies[0], "50.00",
             "2026-03-02 10:37:33 -0500", "1", "Mug", "15.00", "MUG-1", "Ann Lee"],
            ["#1001", "ann@example.com", "", "", "", "", "", "2026-03-02 10:37:33 -0500", "2", "Coaster", "17.50",
             "CST-2", ""],
            ["#1002", "bo@example.com", "paid", "2026-03-02 11:00:00 -0500", "fulfilled", currencies[1], "20.00",
             "2026-03-02 10:59:00 -0500", "1", "Mug", "20.00", "MUG-1", "Bo Chen"]]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header] + rows)
    return path


def test_a_shopify_export_states_its_currency(tmp_path):
    import openpyxl

    shop = _shopify_csv(tmp_path / "orders_export_1.csv")
    xlsx = tmp_path / "r.xlsx"
    code, out, err = run(["--orders", str(shop), "--json", "-", "--xlsx", str(xlsx)])
    assert code == 0, err
    doc = json.loads(out)
    # no --currency: the export's USD -> $; amounts as exported (50 + 20), never converted
    assert doc["currency"] == {"symbol": "$", "codes": ["USD"]}
    assert doc["shop"]["sales"] == 70.0
    assert "USD" in err and "$" in err
    formats = {c.number_format for ws in openpyxl.load_workbook(xlsx).worksheets for row in ws.iter_rows()
               for c in row}
    assert '"$"#,##0.00' in formats
    # --currency wins over the export
    code, out, err = run(["--orders", str(shop), "--json", "-", "--currency", "US$"])
    assert json.loads(out)["currency"] == {"symbol": "US$", "codes": ["USD"]}
    # two currencies: nothing to choose from, the default ¥ and a note naming both
    mixed = _shopify_csv(tmp_path / "orders_export_2.csv", ("USD", "cad"))
    code, out, err = run(["--orders", str(mixed), "--json", "-"])
    assert code == 0, err
    assert json.loads(out)["currency"] == {"symbol": "¥", "codes": ["USD", "CAD"]}
    assert "USD, CAD" in err


def test_a_taobao_export_states_no_currency(files):
    orders, chats = files
    code, out, err = run(["--orders", str(orders), "--json", "-"])
    assert json.loads(out)["currency"] == {"symbol": "¥", "codes": []}
