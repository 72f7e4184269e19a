"""Issue 19's hostile files as regression fixtures: each ends in a clean message or a correct import.

The crafted workbooks are written by tests/core/hostile_xlsx.py (a minimal zip, byte by byte):
before the guard, python-calamine aborted the process on the first three (92-549 GB allocations),
needed 149 s and 3 GiB for the fourth and panicked on the last.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from desktop_app.core import sample
from desktop_app.core.dataset import Dataset
from desktop_app.core.errors import InputError
from desktop_app.core.importers import readers, registry
from desktop_app.core.importers.read_guards import is_read_error
from desktop_app.core.model.compute import compute
from desktop_app.core.model.settings import ModelSettings

import hostile_xlsx

T = pd.Timestamp


def _chat_ok(result, n_messages=2):
    assert result.format_id == "plain_chat"
    assert len(result.messages) == n_messages
    assert list(result.messages["time"][:2]) == [T("2025-03-01 10:00:00"), T("2025-03-01 10:00:30")][:n_messages]


@pytest.mark.parametrize("ref, rows, cols", [("XFD1048576", 1_048_576, 16_384), ("ZZZZZZ9", 9, 321_272_406),
                                             ("A1048576", 1_048_576, 5)])
def test_one_far_cell_reads_only_the_filled_rows_and_says_what_the_sheet_claimed(tmp_path, ref, rows, cols):
    path = hostile_xlsx.write(tmp_path / "far.xlsx", hostile_xlsx.far_cell(ref))
    result = registry.load_file(path)
    _chat_ok(result)
    note = result.problems[0]
    # header + 2 messages + the far cell: 4 filled rows
    assert note.reason.startswith(f"the sheet claims {rows:,} rows × {cols:,} columns but holds 4 filled rows; "
                                  "only the filled rows and columns were read")
    assert "工作表声明" in note.reason and note.file == "far.xlsx" and not note.skipped
    # the far cell's row is one problem (no time), not a million blank rows
    assert len(result.problems) == 2
    assert result.problems[1].row == int("".join(c for c in ref if c.isdigit()))


def test_a_dimension_claiming_the_whole_sheet_is_not_believed(tmp_path):
    path = hostile_xlsx.write(tmp_path / "dim.xlsx", hostile_xlsx.far_dimension("XFD1048576"))
    result = registry.load_file(path)
    _chat_ok(result)
    assert "claims 1,048,576 rows × 16,384 columns but holds 3 filled rows" in result.problems[0].reason


@pytest.mark.parametrize("count", ["4294967295", "18446744073709551615"])
def test_shared_strings_claiming_billions_of_entries(tmp_path, count):
    path = hostile_xlsx.write(tmp_path / "sst.xlsx", hostile_xlsx.huge_sst_count(count))
    result = registry.load_file(path)
    _chat_ok(result)


def test_a_date_cell_holding_minus_1e308_is_a_row_problem_not_a_rust_panic(tmp_path):
    path = hostile_xlsx.write(tmp_path / "neg.xlsx", hostile_xlsx.date_cell(-1e308))
    result = registry.load_file(path)
    assert len(result.messages) == 1  # row 2's time is unreadable; row 3 is read
    assert [(p.row, p.column) for p in result.problems] == [(2, "时间")]


def test_a_million_one_cell_rows_in_five_megabytes(tmp_path):
    path = hostile_xlsx.write(tmp_path / "rows.xlsx", hostile_xlsx.one_cell_rows(1_000_000))
    tables = readers.read_raw_tables(path)
    assert tables[0].data.shape == (1_000_000, 1)
    assert tables[0].data.index[-1] == 1_000_001


def test_a_zip_bomb_member_calamine_reads_is_refused(tmp_path, monkeypatch):
    from desktop_app.core.importers import xlsx_guard

    monkeypatch.setattr(xlsx_guard, "RATIO_FLOOR", 1_000_000)
    padding = " " * 5_000_000  # deflates about 1000:1; the guard stops past 1 MB at 400:1
    sheet = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' \
            f'<row r="1"><c r="A1"><v>0</v></c></row>{padding}</sheetData></worksheet>'
    path = hostile_xlsx.write(tmp_path / "bomb.xlsx", hostile_xlsx.build({}, sheet=sheet))
    with pytest.raises(InputError) as err:
        registry.load_file(path)
    assert err.value.file == "bomb.xlsx" and "zip bomb" in str(err.value)


def test_trailing_blank_rows_are_one_problem(tmp_path):
    path = tmp_path / "chat.csv"
    body = "时间,客服,买家,发送方,内容\n2025-03-01 10:00:00,店铺:小美,b1,买家,在吗\n" + ",,,,\n" * 500
    path.write_text(body, encoding="utf-8")
    result = registry.load_file(path)
    assert len(result.messages) == 1
    assert [(p.row, p.reason) for p in result.problems] == [
        (3, "blank rows 3–502 (500 rows) / 空行 3–502（共 500 行）")]


# ---------------------------------------------------------------- values


def test_years_outside_pandas_range_in_a_plain_chat_are_row_problems(tmp_path):
    path = tmp_path / "chat.csv"
    path.write_text("时间,客服,买家,发送方,内容\n"
                    "9999-12-31 23:59:59,店铺:小美,b1,买家,a\n"
                    "1677-01-01 00:00:00,店铺:小美,b1,买家,b\n"
                    "2262-04-12 00:00:00,店铺:小美,b1,买家,c\n"
                    "2025-03-01 10:00:00,店铺:小美,b1,买家,d\n", encoding="utf-8")
    result = registry.load_file(path)
    assert list(result.messages["text"]) == ["d"]
    assert [p.row for p in result.problems] == [2, 3, 4]


def test_years_outside_pandas_range_in_an_xlsx_chat(tmp_path):
    cells = dict(hostile_xlsx.CHAT_CELLS)
    cells["A2"] = ("d", 2958465.0)  # 9999-12-31 as an Excel date
    path = hostile_xlsx.write(tmp_path / "c.xlsx", hostile_xlsx.build(cells))
    result = registry.load_file(path)
    assert len(result.messages) == 1 and [p.row for p in result.problems] == [2]


def test_a_qianniu_line_in_year_9999_is_a_problem_and_the_log_imports(tmp_path):
    path = tmp_path / "千牛.txt"
    path.write_text("测试用户001 2026-11-16 9:00:00\n在吗\n示例旗舰店:小美 9999-11-16 9:00:01\n有的\n"
                    "示例旗舰店:小美 2026-11-16 9:00:20\n在的\n", encoding="utf-8")
    result = registry.load_file(path)
    assert list(result.messages["text"]) == ["在吗", "在的"]
    assert [p.row for p in result.problems] == [3]


def _taobao_csv(path, rows: list[dict]):
    header = list(sample.ORDER_HEADER)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h.strip(), "") for h in header])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _order(oid, buyer, paid_amount, paid="2026-11-16 10:00:00", **kw):
    return {"订单编号": oid, "买家会员名": buyer, "总金额": paid_amount, "买家实际支付金额": paid_amount,
            "订单状态": "交易成功", "订单创建时间": "2026-11-16 09:59:00", "订单付款时间": paid,
            "宝贝总数量": "1", "店铺名称": "示例旗舰店", **kw}


@pytest.mark.parametrize("name", ["Total", "SUM", "合计"])
def test_a_buyer_named_like_a_footer_counts_and_a_real_footer_does_not(tmp_path, name):
    path = _taobao_csv(tmp_path / "orders.csv", [
        _order("1000000000000001", name, "99"),
        _order("1000000000000002", "b2", "1"),
        {"订单编号": "合计", "买家实际支付金额": "100"},  # the real footer: a label and sums only
    ])
    result = registry.load_file(path)
    orders = result.orders
    assert sorted(orders["buyer"]) == sorted([name, "b2"])
    assert orders["paid_amount"].sum() == 100.0  # ¥99 + ¥1, not ¥1
    footer = [p for p in result.problems if "footer" in p.reason]
    assert [p.row for p in footer] == [4]


def test_inf_and_negative_amounts_are_problems_counted_as_zero(tmp_path):
    path = _taobao_csv(tmp_path / "orders.csv", [
        _order("1000000000000001", "b1", "1e309"),
        _order("1000000000000002", "b2", "-50"),
        _order("1000000000000003", "b3", "100"),
    ])
    result = registry.load_file(path)
    assert len(result.orders) == 3  # documents kept
    assert result.orders["paid_amount"].tolist() == [0.0, 0.0, 100.0]
    flagged = {(p.row, p.value) for p in result.problems if "not a usable amount" in p.reason}
    assert (2, "1e309") in flagged and (3, "-50") in flagged
    # the day's sales are the one usable amount, not ¥inf
    assert compute(Dataset.from_results([result]), ModelSettings()).shop["sales"] == 100.0


def test_a_paid_order_in_2262_is_a_row_problem_and_compute_runs(tmp_path):
    path = _taobao_csv(tmp_path / "orders.csv", [
        _order("1000000000000001", "b1", "10", paid="2262-04-10 00:00:00", 订单状态="买家已付款，等待卖家发货"),
        _order("1000000000000002", "b2", "20"),
    ])
    result = registry.load_file(path)
    assert any(p.row == 2 and p.column == "订单付款时间" for p in result.problems)
    compute(Dataset.from_results([result]), ModelSettings())  # no OverflowError


def test_a_cell_over_the_csv_field_limit_in_the_first_lines(tmp_path):
    path = tmp_path / "chat.csv"
    path.write_text("时间,客服,买家,发送方,内容\n2025-03-01 10:00:00,店铺:小美,b1,买家," + "长" * 200_000 + "\n",
                    encoding="utf-8")
    result = registry.load_file(path)
    assert len(result.messages["text"].iloc[0]) == 200_000


def test_utf16_text_tables_and_qianniu_text_through_the_registry(tmp_path):
    tsv = tmp_path / "unicode.txt"  # Excel's "Unicode text": UTF-16 LE with BOM, tabs
    tsv.write_bytes("时间\t客服\t买家\t发送方\t内容\r\n2025-03-01 10:00:00\t店铺:小美\tb1\t买家\t在吗\r\n"
                    .encode("utf-16"))
    assert len(registry.load_file(tsv).messages) == 1
    for enc in ("utf-16", "utf-16-le"):
        qn = tmp_path / f"千牛_{enc}.txt"
        qn.write_bytes("测试用户001 2026-11-16 9:00:00\n在吗\n示例旗舰店:小美 2026-11-16 9:00:01\n有的\n".encode(enc))
        result = registry.load_file(qn)
        assert result.format_id == "qianniu_text" and list(result.messages["text"]) == ["在吗", "有的"]


def test_a_rust_panic_is_a_read_error_but_ctrl_c_is_not():
    PanicException = type("PanicException", (BaseException,), {})
    assert is_read_error(PanicException("boom")) and is_read_error(ValueError())
    assert not is_read_error(KeyboardInterrupt()) and not is_read_error(SystemExit())


def test_cells_without_references_count_by_position(tmp_path):
    """A row of 20,000 cells without r="" followed by 999 one-cell rows: calamine would allocate
    20,000 columns for every row; the guard measures the widest row and reads the filled cells."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rows = '<row r="1">' + '<c t="inlineStr"><is><t>h</t></is></c>' * 20_000 + "</row>"
    rows += "".join(f'<row r="{r}"><c><v>{r}</v></c></row>' for r in range(2, 1001))
    path = hostile_xlsx.write(tmp_path / "wide.xlsx", hostile_xlsx.build(
        {}, sheet=f'<worksheet xmlns="{ns}"><sheetData>{rows}</sheetData></worksheet>'))
    from desktop_app.core.importers import xlsx_guard

    scan = xlsx_guard.inspect(path)
    (sheet,) = scan.sheets.values()
    assert (sheet.max_row, sheet.max_col, sheet.rows) == (1000, 20_000, 1000)
    assert not scan.safe_for_calamine  # 1,000 × 20,000 cells is past the 12,000,000 budget
    table = readers.read_raw_tables(path)[0]
    assert table.data.shape == (999, 20_000) and table.data.iloc[-1, 0] == 1000.0


def test_an_order_paid_in_2262_reaching_the_model_has_no_due_time_and_compute_runs():
    """Frames built by hand (the importers refuse such a time): the 48 h promise would pass
    pandas' last timestamp (2262-04-11 23:47), which raised OverflowError in the unshipped check."""
    from desktop_app.core import schema
    from desktop_app.core.model.checks import unpaid_orders, unshipped_orders

    def order(oid, created, paid, status):
        return {"platform": "taobao", "shop": "小店", "order_id": oid, "buyer": "b" + oid, "created": T(created),
                "paid": T(paid) if paid else pd.NaT, "status": status, "status_raw": "", "paid_amount": 10.0}

    orders = schema.conform(pd.DataFrame([
        order("1", "2262-04-10 00:00:00", "2262-04-10 00:00:00", schema.PAID_UNSHIPPED),
        order("2", "2026-11-01 10:00:00", "2026-11-01 10:00:00", schema.PAID_UNSHIPPED),
        order("3", "2262-04-11 23:00:00", None, schema.UNPAID),
    ]), "orders")
    s = ModelSettings()
    out = unshipped_orders(orders, s, T("2262-04-11 00:00:00"))
    # order 2: paid 2026-11-01 10:00, due 48 h later, long overdue; order 1: due would be 2262-04-12: none
    assert list(out["order_id"]) == ["2", "1"]
    assert out["due"].tolist()[0] == T("2026-11-03 10:00:00") and pd.isna(out["due"].iloc[1])
    assert out["overdue"].tolist() == [True, False]
    unpaid = unpaid_orders(orders, s, T("2262-04-11 23:30:00"))
    # created 2262-04-11 23:00 + the reminder hours (2 h) passes pandas' range: no due time, not raised
    assert list(unpaid["order_id"]) == ["3"] and pd.isna(unpaid["due"].iloc[0])
    dataset = Dataset(orders=orders)
    compute(dataset, s)  # no OverflowError
