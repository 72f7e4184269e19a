"""Inventory sheets: header variants, encodings, bad and empty quantities, duplicate SKUs."""

import openpyxl
import pytest

from desktop_app.core.errors import MissingColumns
from desktop_app.core.importers import inventory
from desktop_app.core.importers.readers import read_raw_tables
from desktop_app.core.importers.base import RawTable


def raw_table(path) -> RawTable:
    """The file's first table as the shared reader gives it."""
    return read_raw_tables(path)[0]


def test_xlsx_taobao_style(tmp_path):
    path = tmp_path / "库存.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["商家编码", "宝贝标题", "可用库存"])
    ws.append(["SKU-TEA-01", "示例红茶 250g", 12])
    ws.append([10023, "示例绿茶 100g", 0])  # a numeric SKU cell must not become "10023.0"
    ws.append(["SKU-CUP-01", "示例茶杯", 3.0])
    wb.save(path)
    table = raw_table(path)
    assert inventory.FORMAT.score(table.headers) == 1.0
    result = inventory.FORMAT.read(table)
    inv = result.inventory
    assert result.kind == "inventory" and result.problems == []
    assert list(inv.columns) == ["sku", "title", "available"]
    assert list(inv["sku"]) == ["SKU-TEA-01", "10023", "SKU-CUP-01"]
    assert list(inv["available"]) == [12.0, 0.0, 3.0]
    assert inv["title"].iloc[1] == "示例绿茶 100g"


def test_gbk_csv_with_excel_guards_and_thousands(tmp_path):
    path = tmp_path / "stock.csv"
    text = 'SKU,标题,库存\r\n="SKU-001",示例红茶,"1,200"\r\n\'SKU-002,示例绿茶,7\r\n'
    path.write_bytes(text.encode("gbk"))
    inv = inventory.FORMAT.read(raw_table(path)).inventory
    # ="…" and the leading apostrophe are Excel text guards, not part of the SKU
    assert list(inv["sku"]) == ["SKU-001", "SKU-002"]
    assert list(inv["available"]) == [1200.0, 7.0]


@pytest.mark.parametrize("sku_header,qty_header", [
    ("sku", "stock"), ("SKU", "available"), ("货号", "可用数量"), ("商家编码", "库存"),
])
def test_header_variants(tmp_path, sku_header, qty_header):
    path = tmp_path / "inv.csv"
    path.write_text(f"{sku_header},{qty_header}\nA1,5\nB2,0\n", encoding="utf-8")
    table = raw_table(path)
    # no title column: 0.9
    assert inventory.FORMAT.score(table.headers) == 0.9
    inv = inventory.FORMAT.read(table).inventory
    assert list(inv["sku"]) == ["A1", "B2"] and list(inv["available"]) == [5.0, 0.0]
    assert list(inv["title"]) == ["", ""]


def test_bad_empty_and_missing_values(tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text(
        "商家编码,可用库存\n"
        "A1,5\n"  # row 2
        "A2,很多\n"  # row 3: not a number -> skipped
        "A3,\n"  # row 4: empty -> 0 with a note
        ",9\n"  # row 5: no SKU -> skipped
        "A5,4\n",  # row 6
        encoding="utf-8-sig",
    )
    result = inventory.FORMAT.read(raw_table(path))
    got = [(p.row, p.column, p.skipped) for p in result.problems]
    assert got == [(3, "可用库存", True), (4, "可用库存", False), (5, "商家编码", True)]
    assert result.problems[0].value == "很多"
    assert list(result.inventory["sku"]) == ["A1", "A3", "A5"]
    assert list(result.inventory["available"]) == [5.0, 0.0, 4.0]
    assert result.rows_skipped == 2


def test_duplicate_skus_summed_with_note(tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text("SKU,title,stock\nA1,红茶,5\nB1,绿茶,1\nA1,,3\nA1,红茶,2\n", encoding="utf-8")
    result = inventory.FORMAT.read(raw_table(path))
    inv = result.inventory
    # A1: 5 + 3 + 2 = 10 (rows 2, 4, 5); B1 stays 1; the first non-empty title is kept
    assert list(inv["sku"]) == ["A1", "B1"]
    assert list(inv["available"]) == [10.0, 1.0]
    assert list(inv["title"]) == ["红茶", "绿茶"]
    assert [(p.row, p.skipped) for p in result.problems] == [(4, False), (5, False)]
    assert "row 2" in result.problems[0].reason


def test_missing_quantity_column(tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text("商家编码,标题\nA1,红茶\n", encoding="utf-8")
    table = raw_table(path)
    assert inventory.FORMAT.score(table.headers) == 0.0
    with pytest.raises(MissingColumns) as err:
        inventory.FORMAT.read(table)
    assert "inv.csv" in str(err.value) and "可用库存" in str(err.value)


def test_order_detail_export_is_not_inventory():
    # the 宝贝报表 has 商家编码 but a purchase quantity, not a stock column
    assert inventory.FORMAT.score(["订单编号", "标题", "价格", "购买数量", "商家编码", "订单状态"]) == 0.0


@pytest.mark.parametrize("header", [
    "商家编码,宝贝标题,可用库存", "SKU,title,stock", "sku,available", "货号,可用数量", "商家编码,库存",
])
def test_registry_recognises_inventory_variants(tmp_path, header):
    from desktop_app.core.importers import registry

    path = tmp_path / "inv.csv"
    cols = header.split(",")
    path.write_text(header + "\n" + ",".join(["A1", "红茶", "5"][: len(cols) - 1] + ["5"]) + "\n",
                    encoding="utf-8")
    assert registry.detect(path).format_id == "inventory"
    assert list(registry.load_file(path).inventory["available"]) == [5.0]


def test_cancel(tmp_path):
    from desktop_app.core.errors import ImportCancelled
    from desktop_app.core.progress import Reporter

    path = tmp_path / "inv.csv"
    path.write_text("SKU,stock\nA1,5\n", encoding="utf-8")
    with pytest.raises(ImportCancelled):
        inventory.FORMAT.read(raw_table(path), Reporter(should_cancel=lambda: True))
