"""readers.read_raw_tables and the cleaning functions, on real files written to tmp_path."""

from __future__ import annotations

import datetime as dt
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from desktop_app.core.errors import EncryptedWorkbook, ImportCancelled, InputError
from desktop_app.core.importers.cleaning import (
    blank_dashes, clean_id, clean_text, parse_amount, parse_bool, parse_datetime, parse_duration_cn,
)
from desktop_app.core.importers.readers import dropped_rows, read_head_text, read_raw_tables, sniff_encoding
from desktop_app.core.progress import Reporter
from workbooks import write_xlsx


# ---------------------------------------------------------------- xlsx


def test_xlsx_title_rows_merged_title_trailing_space_headers_blank_and_footer_rows(tmp_path):
    p = tmp_path / "ExportOrderList.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "订单报表"
    ws.append(["已卖出的宝贝 2025-11-01 至 2025-11-30"])  # row 1: merged title
    ws.merge_cells("A1:D1")
    ws.append([])  # row 2: blank
    ws.append(["订单编号", "订单付款时间 ", " 金额", "金额"])  # row 3: header, trailing/leading spaces, duplicate
    ws.append(["1001", dt.datetime(2025, 11, 2, 10, 5), 12.5, 1])  # row 4
    ws.append([])  # row 5: blank inside the data
    ws.append(["1002", "2025-11-03 09:00:00", "¥1,234.00", 2])  # row 6
    ws.append(["合计", None, 1246.5, 3])  # row 7: footer
    ws.append([None, None, None, None])  # trailing blank row (may or may not be stored)
    wb.save(p)

    tables = read_raw_tables(p)
    assert len(tables) == 1
    t = tables[0]
    assert t.sheet == "订单报表"
    assert t.header_row == 3
    assert t.headers == ["订单编号", "订单付款时间", "金额", "金额.1"]
    # Only the two order rows are left, indexed by their spreadsheet row numbers.
    assert list(t.data.index) == [4, 6]
    assert t.data.loc[4, "订单编号"] == "1001"
    assert t.data.loc[4, "订单付款时间"] == dt.datetime(2025, 11, 2, 10, 5)  # native value kept
    assert t.data.loc[4, "金额"] == 12.5
    assert t.data.loc[6, "金额"] == "¥1,234.00"  # raw text kept for cleaning
    dropped = {p.row: p.reason for p in dropped_rows(t)}
    assert "blank" in dropped[5]
    assert "footer" in dropped[7]
    assert all(p.sheet == "订单报表" for p in dropped_rows(t))


def test_xlsx_several_sheets_each_read_and_empty_sheet_skipped(tmp_path):
    p = write_xlsx(tmp_path / "multi.xlsx", {
        "订单报表": [["订单编号", "订单状态"], ["1", "交易成功"]],
        "空": [],
        "销售明细": [["主订单编号", "标题", "购买数量"], ["1", "T恤", 2], ["1", "裤子", 1]],
    })
    tables = read_raw_tables(p)
    assert [t.sheet for t in tables] == ["订单报表", "销售明细"]
    assert len(tables[0].data) == 1
    assert list(tables[1].data["标题"]) == ["T恤", "裤子"]
    assert list(tables[1].data.index) == [2, 3]


def test_xlsx_data_starting_lower_right_keeps_spreadsheet_row_numbers(tmp_path):
    p = tmp_path / "offset.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C4"] = "订单编号"
    ws["D4"] = "金额"
    ws["C5"] = "A1"
    ws["D5"] = 3
    wb.save(p)
    t = read_raw_tables(p)[0]
    assert t.header_row == 4
    assert list(t.data.index) == [5]


def test_password_protected_xlsx_is_reported_clearly(tmp_path):
    # An encrypted OOXML file is an OLE compound file holding an "EncryptedPackage" stream.
    p = tmp_path / "ExportOrderList202511.xlsx"
    blob = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    p.write_bytes(blob + b"\x00" * 2048)
    with pytest.raises(EncryptedWorkbook) as err:
        read_raw_tables(p)
    text = str(err.value)
    assert "ExportOrderList202511.xlsx" in text
    assert "password-protected" in text
    assert "save a copy" in text


def test_empty_files_name_the_file(tmp_path):
    for name, content in (("empty.csv", b""), ("blank.csv", b"\r\n  \r\n"), ("empty.xlsx", b"")):
        p = tmp_path / name
        p.write_bytes(content)
        with pytest.raises(InputError) as err:
            read_raw_tables(p)
        assert name in str(err.value)
        assert "empty" in str(err.value)


def test_workbook_without_any_data(tmp_path):
    p = write_xlsx(tmp_path / "nothing.xlsx", {"Sheet1": []})
    with pytest.raises(InputError) as err:
        read_raw_tables(p)
    assert "nothing.xlsx" in str(err.value)
    assert "no data" in str(err.value)


def test_corrupt_xlsx_names_file_and_fix(tmp_path):
    p = tmp_path / "broken.xlsx"
    p.write_bytes(b"PK\x03\x04" + b"not really a zip" * 10)
    with pytest.raises(InputError) as err:
        read_raw_tables(p)
    assert "broken.xlsx" in str(err.value)
    assert "save it again" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        read_raw_tables(tmp_path / "nope.csv")
    assert "nope.csv" in str(err.value)


# ---------------------------------------------------------------- CSV


def test_gbk_csv_with_title_row_formula_ids_amount_text_and_footer(tmp_path):
    p = tmp_path / "ExportOrderList201903121048.csv"
    text = (
        "订单报表,,\r\n"
        "订单编号,买家实际支付金额,订单付款时间 \r\n"
        '="1930679858170647","￥1,234.50",2019-03-12 10:48:00\r\n'
        '="1930679858170648",12,\r\n'
        "\r\n"
        "共 2 条,,\r\n"
    )
    p.write_bytes(text.encode("gbk"))
    assert sniff_encoding(p) == "gb18030"
    t = read_raw_tables(p)[0]
    assert t.sheet is None
    assert t.header_row == 2
    assert t.headers == ["订单编号", "买家实际支付金额", "订单付款时间"]
    assert list(t.data.index) == [3, 4]
    assert t.data.loc[3, "订单编号"] == '="1930679858170647"'  # raw; clean_id strips it
    assert t.data.loc[3, "买家实际支付金额"] == "￥1,234.50"
    assert t.data.loc[4, "订单付款时间"] == ""
    reasons = {p.row: p.reason for p in dropped_rows(t)}
    assert set(reasons) == {5, 6}
    assert "footer" in reasons[6]


def test_utf8_bom_csv_with_tab_prefixed_ids_keeps_19_digits_as_text(tmp_path):
    p = tmp_path / "douyin.csv"
    text = '主订单编号,子订单编号,商品数量\n"\t6917926768823643751","\t6917926768823643752",1\n'
    p.write_bytes(text.encode("utf-8-sig"))
    assert sniff_encoding(p) == "utf-8-sig"
    t = read_raw_tables(p)[0]
    assert t.headers == ["主订单编号", "子订单编号", "商品数量"]  # no BOM left on the first header
    raw = t.data.loc[2, "主订单编号"]
    assert raw == "\t6917926768823643751"
    ids, bad = clean_id(t.data["主订单编号"])
    assert ids.iloc[0] == "6917926768823643751"  # exact: never went through a float
    assert not bad.any()


def test_tsv_and_semicolon_delimiters_are_sniffed(tmp_path):
    p = tmp_path / "export.txt"
    p.write_text("订单号\t下单时间\t应付金额\nA1\t2025-01-01 10:00:00\t5\nA2\t2025-01-01 11:00:00\t6\n",
                 encoding="utf-8")
    t = read_raw_tables(p)[0]
    assert t.headers == ["订单号", "下单时间", "应付金额"]
    assert list(t.data["应付金额"]) == ["5", "6"]
    q = tmp_path / "semi.csv"
    q.write_text("sku;available\nA;3\nB;4\n", encoding="utf-8")
    t = read_raw_tables(q)[0]
    assert t.headers == ["sku", "available"]
    assert t.data.loc[3, "available"] == "4"


def test_csv_row_with_too_many_fields_is_skipped_with_its_row_number(tmp_path):
    p = tmp_path / "ragged.csv"
    p.write_text("a,b\n1,2\n3,4,5\n6,7\n", encoding="utf-8")
    t = read_raw_tables(p)[0]
    assert list(t.data.index) == [2, 4]
    probs = dropped_rows(t)
    assert [(q.row, q.skipped) for q in probs] == [(3, True)]
    assert "3 fields" in probs[0].reason


def test_csv_trailing_delimiters_and_short_rows(tmp_path):
    p = tmp_path / "trail.csv"
    p.write_text("a,b,c\n1,2,3,\n4,5\n", encoding="utf-8")
    t = read_raw_tables(p)[0]
    assert t.headers == ["a", "b", "c"]
    assert t.data.loc[2].tolist() == ["1", "2", "3"]
    assert t.data.loc[3].tolist() == ["4", "5", ""]


def test_csv_with_only_a_header(tmp_path):
    p = tmp_path / "header_only.csv"
    p.write_text("订单编号,金额\n", encoding="utf-8")
    t = read_raw_tables(p)[0]
    assert t.headers == ["订单编号", "金额"]
    assert len(t.data) == 0


def test_read_head_text_decodes_gbk(tmp_path):
    p = tmp_path / "chat.txt"
    p.write_bytes("示例旗舰店:小美 2026-11-16 9:05:00\r\n您好\r\n".encode("gbk"))
    assert read_head_text(p).startswith("示例旗舰店:小美")


def test_progress_and_cancel(tmp_path):
    p = tmp_path / "big.csv"
    p.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(250_000)), encoding="utf-8")
    seen = []
    t = read_raw_tables(p, Reporter(lambda d, tot, txt: seen.append((d, tot))))[0]
    assert len(t.data) == 250_000
    assert len(seen) >= 3  # one report per 100,000-row chunk, then the end
    assert seen[-1][0] == seen[-1][1]
    with pytest.raises(ImportCancelled):
        read_raw_tables(p, Reporter(None, lambda: True))
    x = write_xlsx(tmp_path / "c.xlsx", {"S": [["a"], [1]]})
    with pytest.raises(ImportCancelled):
        read_raw_tables(x, Reporter(None, lambda: True))


# ---------------------------------------------------------------- cleaning


def test_clean_id_quirks_one_by_one():
    raw = pd.Series(['="1930679858170647"', "\t6917926768823643751", "'123", " 45 ", "1.23456789012E+15",
                     "123.0", "1234567890123456789.0", None, "-", 12345678901.0, 1.2345678901234567e18, 7],
                    dtype=object)
    ids, bad = clean_id(raw)
    assert ids.tolist() == ["1930679858170647", "6917926768823643751", "123", "45", "1.23456789012E+15",
                            "123",
                            "1234567890123456789.0", "", "", "12345678901", "1.2345678901234568e+18", "7"]
    # Flagged: scientific notation, a 19-digit ".0" (went through a float), a number above 2**53.
    assert np.flatnonzero(bad).tolist() == [4, 6, 10]


def test_parse_amount_text_with_currency_and_commas():
    vals, bad = parse_amount(pd.Series(["¥1,234.50", "￥12", "3元", " 12 ", "-", "", "abc", 5.5, None, "(2.5)"],
                                       dtype=object))
    assert vals.iloc[0] == 1234.5
    assert vals.iloc[1] == 12.0
    assert vals.iloc[2] == 3.0
    assert vals.iloc[3] == 12.0
    assert np.isnan(vals.iloc[4]) and np.isnan(vals.iloc[5]) and np.isnan(vals.iloc[6])
    assert vals.iloc[7] == 5.5
    assert vals.iloc[9] == -2.5
    assert np.flatnonzero(bad).tolist() == [6]  # only "abc" is bad; "-" and "" are empty


def test_parse_datetime_formats_offsets_serials():
    raw = pd.Series(["2025-01-02 03:04:05", "2025/1/2 3:04", "2025-12-06 10:37:33 -0500",
                     "2025-12-06T10:37:33+08:00", "2025年1月2日 3:04", dt.datetime(2025, 1, 1, 1, 1),
                     45658.5, "45658.5", "bad", "-", "", "2025-01-02"], dtype=object)
    vals, bad = parse_datetime(raw)
    assert vals.dtype == "datetime64[ns]"
    exp = ["2025-01-02 03:04:05", "2025-01-02 03:04:00",
           "2025-12-06 10:37:33",  # wall-clock kept, -0500 dropped
           "2025-12-06 10:37:33", "2025-01-02 03:04:00", "2025-01-01 01:01:00",
           "2025-01-01 12:00:00",  # serial 45658 = 2025-01-01 (day 0 = 1899-12-30), .5 = noon
           "2025-01-01 12:00:00"]
    assert [str(v) for v in vals.iloc[:8]] == exp
    assert vals.iloc[8:11].isna().all()
    assert str(vals.iloc[11]) == "2025-01-02 00:00:00"
    assert np.flatnonzero(bad).tolist() == [8]


def test_parse_bool_words():
    vals, bad = parse_bool(pd.Series(["1", "0", "true", "FALSE", "是", "否", "yes", "no", "", "maybe", True,
                                      1.0],
                                     dtype=object))
    assert vals.tolist() == [True, False, True, False, True, False, True, False, False, False, True, True]
    assert np.flatnonzero(bad).tolist() == [9]


def test_parse_duration_cn():
    assert parse_duration_cn("7小时41分52秒") == 7 * 3600 + 41 * 60 + 52  # 27712
    assert parse_duration_cn("2分30秒") == 150.0
    assert parse_duration_cn("11秒") == 11.0
    assert parse_duration_cn("1天2小时") == 86400 + 7200
    assert parse_duration_cn("37.5") == 37.5
    assert np.isnan(parse_duration_cn("-"))
    assert np.isnan(parse_duration_cn("soon"))
    s = parse_duration_cn(pd.Series(["1分", "-"]))
    assert s.iloc[0] == 60.0 and np.isnan(s.iloc[1])


def test_clean_text_and_blank_dashes():
    assert clean_text(pd.Series(["'186", "\t x ", 13800138000.0, None, "-"], dtype=object)).tolist() == \
        ["186", "x", "13800138000", "", ""]
    df = blank_dashes(pd.DataFrame({"a": ["-", "x"], "b": [1, 2]}))
    assert df["a"].tolist() == ["", "x"]
    assert df["b"].tolist() == [1, 2]


def test_zip_signature_with_csv_extension_is_read_as_workbook(tmp_path):
    src = write_xlsx(tmp_path / "real.xlsx", {"S": [["sku", "available"], ["A", 1]]})
    renamed = tmp_path / "actually_xlsx.csv"
    renamed.write_bytes(src.read_bytes())
    assert zipfile.is_zipfile(renamed)
    t = read_raw_tables(renamed)[0]
    assert t.headers == ["sku", "available"]


def test_titles_that_start_like_a_footer_are_kept(tmp_path):
    p = tmp_path / "ExportOrderDetailList.csv"
    p.write_text("订单编号,标题,购买数量\n1,共3个装收纳盒,1\n2,小计算器,1\n合计,,2\n", encoding="utf-8")
    t = read_raw_tables(p)[0]
    assert t.data["标题"].tolist() == ["共3个装收纳盒", "小计算器"]
    assert [q.row for q in dropped_rows(t)] == [4]


def test_sheet_rows_one_at_a_time_equal_to_python(tmp_path):
    # _sheet_rows fetches rows one by one (other threads run in between) and must give exactly what
    # to_python(skip_empty_area=True) gives: data from B3, an empty row, a far cell in D6
    import python_calamine

    from desktop_app.core.importers.readers import _sheet_rows

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B3"], ws["C3"], ws["B4"], ws["C4"], ws["D6"] = "订单编号", "买家", 1001, "甲", "合计"
    second = wb.create_sheet("整表")
    for r in range(1, 5):
        second.append([f"r{r}c{c}" for c in range(1, 4)])
    path = tmp_path / "offset.xlsx"
    wb.save(path)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        assert _sheet_rows(sheet) == sheet.to_python(skip_empty_area=True), name
    first = book.get_sheet_by_name(book.sheet_names[0])
    assert _sheet_rows(first) == [["订单编号", "买家", ""], [1001.0, "甲", ""], ["", "", ""], ["", "", "合计"]]


def test_sheet_rows_fall_back_when_the_row_count_is_unexpected():
    from desktop_app.core.importers.readers import _sheet_rows

    class Sheet:  # a calamine version whose iter_rows would count rows another way
        start, end = (1, 0), (2, 1)

        def iter_rows(self):
            return iter([["a", "b"]])  # neither 3 rows (from row 0) nor 2 (from the start row)

        def to_python(self, skip_empty_area=True):
            return [["h1", "h2"], ["v1", "v2"]]

    assert _sheet_rows(Sheet()) == [["h1", "h2"], ["v1", "v2"]]


def test_gc_paused_nests_and_restores_the_previous_state():
    import gc

    from desktop_app.core.gcpause import gc_paused

    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still holds it
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
