"""Test helper: write real xlsx files with openpyxl (one or several named sheets)."""

import openpyxl


def write_xlsx(path, sheets: dict[str, list[list]]):
    """Write ``sheets`` (sheet name -> rows) to ``path`` and return the path."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path
