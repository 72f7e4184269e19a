"""The optional inventory sheet (CSV or XLSX): SKU -> available quantity, read into INVENTORY_COLUMNS.

The SKU is the 商家编码 that joins to the 宝贝报表 lines (or a Shopify line item's SKU). Headers:
SKU in ``商家编码`` / ``SKU`` / ``货号`` / ``sku`` (also 商品编码, SKU编码, 规格编码, Variant SKU);
quantity in ``可用库存`` / ``库存`` / ``可用数量`` / ``available`` / ``stock`` (also 库存数量,
可售库存, 实际库存, Variant Inventory Qty); an optional title column.

A quantity that is not a number skips its row with a RowProblem; an empty quantity reads as 0
with a note; a SKU listed twice has its quantities summed with a note on every later row, since
warehouse sheets often list one SKU per location.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from ..errors import MissingColumns, RowProblem
from ..progress import Reporter
from ..schema import conform
from .base import KIND_INVENTORY, ImportResult, RawTable
from .cleaning import clean_id, clean_text, parse_amount

SKU_ALIASES = ("商家编码", "sku", "货号", "商品编码", "sku编码", "规格编码", "商家sku", "variant sku")
QTY_ALIASES = ("可用库存", "库存", "可用数量", "available", "stock", "库存数量", "可售库存", "实际库存",
               "available quantity", "variant inventory qty")
TITLE_ALIASES = ("宝贝标题", "标题", "商品名称", "商品标题", "宝贝名称", "货品名称", "名称", "title",
                 "product", "name")


def _find(headers, aliases) -> Optional[str]:
    lowered = {str(h).strip().lower(): str(h) for h in headers}
    for a in aliases:
        if a in lowered:
            return lowered[a]
    return None


class InventoryFormat:
    """Format protocol implementation for inventory sheets."""

    id = "inventory"
    label = "库存表 / Inventory sheet"
    kind = KIND_INVENTORY

    def score(self, headers: list[str]) -> float:
        """0.9 with a SKU and a quantity column, 1.0 with a title too; 0 otherwise."""
        if _find(headers, SKU_ALIASES) and _find(headers, QTY_ALIASES):
            return 1.0 if _find(headers, TITLE_ALIASES) else 0.9
        return 0.0

    def read(self, table: RawTable, reporter: Optional[Reporter] = None) -> ImportResult:
        """Normalise ``table``: one row per SKU, quantities summed over repeated SKUs."""
        reporter = reporter or Reporter()
        name = Path(table.path).name
        sku_col = _find(table.headers, SKU_ALIASES)
        qty_col = _find(table.headers, QTY_ALIASES)
        title_col = _find(table.headers, TITLE_ALIASES)
        if not sku_col or not qty_col:
            missing = [m for m, c in (("商家编码/SKU", sku_col), ("可用库存/stock", qty_col)) if not c]
            raise MissingColumns(
                "库存表缺少列 / the inventory sheet lacks: " + ", ".join(missing),
                file=name, sheet=table.sheet, row=table.header_row, missing=missing,
                hint="请把编码列命名为 商家编码（或 SKU/货号），数量列命名为 可用库存（或 库存/available/"
                "stock）。/ Name the SKU column 商家编码 (or SKU/货号) and the quantity column 可用库存 "
                "(or 库存/available/stock).",
            )
        data = table.data
        rows = np.asarray(data.index, dtype=np.int64)
        reporter.step(0, 2, "读取库存 Reading inventory")
        skus, sku_bad = clean_id(data[sku_col])
        qty, qty_bad = parse_amount(data[qty_col])
        titles = clean_text(data[title_col]) if title_col else pd.Series("", index=data.index, dtype=object)
        skus = skus.to_numpy(dtype=object)
        qty = qty.to_numpy(dtype="float64").copy()
        raw_qty = data[qty_col].to_numpy(dtype=object)
        problems: list[RowProblem] = []

        def note(i, column, reason, value=None, skipped=True):
            v = None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
            problems.append(RowProblem(file=name, sheet=table.sheet, row=int(rows[i]), column=column,
                                       reason=reason, value=v, skipped=skipped))

        blank = (skus == "") & np.isnan(qty) & ~qty_bad & (titles.to_numpy(dtype=object) == "")
        keep = ~blank  # an entirely blank row is not data (spacer rows between warehouse blocks)
        for i in np.flatnonzero(keep & (skus == "")):
            note(i, sku_col, "商家编码为空 / the SKU is empty; the row was skipped")
        keep &= skus != ""
        for i in np.flatnonzero(keep & qty_bad):
            note(i, qty_col, "库存数量不是数字 / the quantity is not a number; the row was skipped", raw_qty[i])
        keep &= ~qty_bad
        empty_qty = keep & np.isnan(qty)
        for i in np.flatnonzero(empty_qty):
            note(i, qty_col, "库存数量为空，按 0 计 / empty quantity, read as 0", skipped=False)
        qty[empty_qty] = 0.0
        for i in np.flatnonzero(keep & sku_bad):
            note(i, sku_col, "商家编码像是被 Excel 改成了科学计数法，请检查 / the SKU looks damaged by Excel "
                 "(scientific notation); check it", skus[i], skipped=False)
        reporter.step(1, 2, "合并重复编码 Summing duplicate SKUs")

        frame = pd.DataFrame({
            "sku": skus[keep], "title": titles.to_numpy(dtype=object)[keep], "available": qty[keep],
            "row": rows[keep],
        })
        dup = frame["sku"].duplicated(keep="first").to_numpy()
        if dup.any():
            first_row = frame.groupby("sku", sort=False)["row"].transform("first").to_numpy()
            for k in np.flatnonzero(dup):
                problems.append(RowProblem(
                    file=name, sheet=table.sheet, row=int(frame["row"].iat[k]), column=sku_col,
                    value=str(frame["sku"].iat[k]), skipped=False,
                    reason=f"商家编码重复，库存已相加（首次出现在第 {int(first_row[k])} 行）/ duplicate SKU, "
                    f"quantities summed (first seen in row {int(first_row[k])})",
                ))
            titled = frame["title"].where(frame["title"] != "")
            frame = pd.DataFrame({
                "sku": frame["sku"], "title": titled, "available": frame["available"],
            }).groupby("sku", sort=False).agg(title=("title", "first"), available=("available", "sum"))
            frame = frame.reset_index()
        problems.sort(key=lambda p: p.row)
        reporter.step(2, 2, "完成 Done")
        return ImportResult(
            path=str(table.path), kind=KIND_INVENTORY, format_id=self.id, format_label=self.label,
            inventory=conform(frame, "inventory"), problems=problems, rows_read=int(keep.sum()),
            sheet=table.sheet,
        )


FORMAT = InventoryFormat()
