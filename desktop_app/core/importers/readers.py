"""Read any table file (xlsx/xls/CSV/TSV/TXT table) into RawTable objects, one per sheet.

Excel files are read with python-calamine (native values, about 9x faster than openpyxl).
Text files are decoded with the first encoding that works in the order utf-8-sig → utf-8 →
gb18030 (a superset of GBK, which Taobao and JD exports use), and the delimiter is sniffed.

Above the header row, title and blank rows are skipped (exports put a merged title cell or a
date range there). Headers are stripped (``订单付款时间 `` has a real trailing space) and made
unique. Fully blank rows and footer rows (汇总/合计/总计, "共 N 条") are dropped and recorded as
``RowProblem`` objects in ``table.data.attrs["dropped"]``; the registry passes them on.
"""

from __future__ import annotations

import os
from typing import Optional

from ..errors import InputError, RowProblem
from ..progress import Reporter
from .base import RawTable
# the parts, re-exported here: the registry, the mapping dialog, chats_plain and tests import them from readers
from .readers_excel import OLE_SIGNATURE, ZIP_SIGNATURE, _read_excel, _read_ole, _sheet_rows  # noqa: F401
from .readers_table import HEADER_SCAN_ROWS, _table_from_rows, clean_headers  # noqa: F401
from .readers_text import (  # noqa: F401
    CSV_CHUNK_ROWS, ENCODINGS, _read_text, read_head_text, sniff_delimiter, sniff_encoding,
    table_from_text,
)

EXCEL_EXTS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_EXTS = (".csv", ".tsv", ".txt", ".tab")


def read_raw_tables(path, reporter: Optional[Reporter] = None) -> list[RawTable]:
    """Every non-empty sheet of ``path`` (or the one table of a text file) as a RawTable.

    Raises ``EncryptedWorkbook`` for a password-protected Office file and ``InputError`` for
    a missing, empty, damaged or unreadable file. Honours ``reporter`` between sheets/chunks.
    """
    reporter = reporter or Reporter()
    path = os.fspath(path)
    name = os.path.basename(path)
    if not os.path.exists(path):
        raise InputError("the file does not exist / 文件不存在.", file=name,
                         hint="请检查文件路径后重试。/ Check the path and try again.")
    if os.path.getsize(path) == 0:
        raise InputError("the file is empty (0 bytes) / 文件为空.", file=name,
                         hint="请从平台重新导出数据，再导入新文件。/ Export the data again from the platform and "
                              "import the new file.")
    with open(path, "rb") as fh:
        head = fh.read(8)
    ext = os.path.splitext(path)[1].lower()
    if head.startswith(OLE_SIGNATURE):
        return _read_ole(path, ext, reporter)
    if head.startswith(ZIP_SIGNATURE) or ext in EXCEL_EXTS:
        return _read_excel(path, reporter)
    return [_read_text(path, reporter)]


def dropped_rows(table: RawTable) -> list[RowProblem]:
    """Rows the reader dropped (blank, footer, malformed) for ``table``."""
    return list(table.data.attrs.get("dropped", []))
