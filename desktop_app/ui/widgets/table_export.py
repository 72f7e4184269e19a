"""Exporting a table: masked contact details, formula-safe cells, and the xlsx writer (chunked, cancellable)."""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from typing import Optional, Sequence

import numpy as np
import pandas as pd

from ...core.errors import ImportCancelled
from ...core.model.customers import mask_contacts
from ...core.progress import CancelFn, ProgressFn

#: columns whose values are buyer ids ("copy buyer ids")
BUYER_COLUMNS = ("buyer",)
#: how many rows are measured to size columns (measuring 100k rows would freeze the window)
SAMPLE_ROWS = 100
#: above this many rows the filter waits for a pause in typing instead of running on each key
DEBOUNCE_ROWS = 20_000
DEBOUNCE_MS = 200
_FORMULA_START = ("=", "+", "-", "@")
#: rows between progress reports / cancel checks of an export
_CHUNK = 2_000
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def mask_pii(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with the receiver name, phone and address columns masked (the model's masks)."""
    return mask_contacts(frame)


def safe_cell(value):
    """A value openpyxl writes as data, never as a formula; NaN/NaT become empty cells."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).to_pydatetime()
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, (int, float, _dt.datetime, _dt.date)):
        return value
    # Control characters (pasted into chats and remarks) are not allowed in xlsx; openpyxl would
    # raise in the middle of the export.
    return _ILLEGAL_XLSX.sub("", str(value))


def write_xlsx(path: str, frame: pd.DataFrame, headers: Sequence[str], sheet: str = "Sheet1",
               progress: Optional[ProgressFn] = None, should_cancel: Optional[CancelFn] = None) -> None:
    """Write ``frame`` with ``headers`` to ``path`` atomically (temp file, then rename).

    Text cells are stored as strings even when they look like formulas (=, +, -, @), so a
    spreadsheet never evaluates a value that came from an export. Reports ``progress`` every
    2,000 rows and raises ImportCancelled there when ``should_cancel()`` says so (the target
    file is then left as it was).
    """
    from openpyxl import Workbook

    # The temporary file comes first: a folder that cannot be written fails before any work.
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=folder)
    os.close(fd)
    # write-only mode streams rows: a 100k-row table exports with little memory
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31] or "Sheet1")
    saved = False
    try:
        _write_rows(ws, frame, headers, progress, should_cancel)
        wb.save(tmp)
        saved = True
        os.replace(tmp, path)
    finally:
        if not saved:
            # finish the sheet's row writer now (cancelled or failed): left suspended, it would
            # try to write into its closed temporary file when garbage-collected
            try:
                ws.close()
            except Exception:  # noqa: BLE001 - best effort on a file we delete anyway
                pass
        if os.path.exists(tmp):
            os.remove(tmp)


def _write_rows(ws, frame: pd.DataFrame, headers: Sequence[str], progress: Optional[ProgressFn],
                should_cancel: Optional[CancelFn]) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws.append([str(h) for h in headers])
    columns = [frame[c].astype(object).to_numpy() for c in frame.columns]
    n = len(frame)
    for r in range(n):
        if r % _CHUNK == 0:
            if should_cancel is not None and should_cancel():
                raise ImportCancelled()
            if progress is not None:
                progress(r, n, "")
        row = []
        for values in columns:
            value = safe_cell(values[r])
            if isinstance(value, str) and value.startswith(_FORMULA_START):
                # openpyxl turns "=..." into a formula; forcing the string type writes it as text.
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
                value = cell
            elif isinstance(value, _dt.datetime):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
                value = cell
            row.append(value)
        ws.append(row)
    if progress is not None:
        progress(n, n, "")
