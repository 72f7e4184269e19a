"""The hostile-file check started early (guard_prefetch) hands inspect() the same scan, or its error, for
the same unchanged file only."""

from __future__ import annotations

import os
import zipfile

import pytest

from desktop_app.core.errors import InputError
from desktop_app.core.importers import guard_prefetch, xlsx_guard

SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         b'<row r="1"><c r="A1"/><c r="C1"/></row></sheetData></worksheet>')


def _book(path, sheet=SHEET):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return str(path)


def _wait(path):
    fut = guard_prefetch._early[guard_prefetch._key(path)]
    fut.exception(timeout=30)  # finished, whichever way


def test_the_early_scan_is_used_once_for_the_same_file(tmp_path, monkeypatch):
    path = _book(tmp_path / "a.xlsx")
    text = tmp_path / "b.csv"
    text.write_text("a,b\n1,2\n", encoding="utf-8")
    guard_prefetch.prefetch([path, str(text), str(tmp_path / "missing.xlsx")])
    assert list(guard_prefetch._early) == [guard_prefetch._key(path)]  # only the workbook
    _wait(path)
    calls = []
    monkeypatch.setattr(xlsx_guard, "scan_workbook", lambda p: calls.append(p))
    scan = xlsx_guard.inspect(path)
    assert calls == [] and scan.sheets["xl/worksheets/sheet1.xml"].max_col == 3 and scan.cells == 2
    xlsx_guard.inspect(path)  # taken once: a second read checks again
    assert calls == [path]


def test_a_file_changed_since_is_checked_again(tmp_path, monkeypatch):
    path = _book(tmp_path / "a.xlsx")
    guard_prefetch.prefetch([path])
    _wait(path)
    _book(tmp_path / "a.xlsx", SHEET.replace(b'<c r="C1"/>', b'<c r="C1"/><c r="E1"/>'))
    os.utime(path, ns=(1, 1))
    scan = xlsx_guard.inspect(path)
    assert scan.cells == 3 and scan.sheets["xl/worksheets/sheet1.xml"].max_col == 5
    guard_prefetch._early.clear()


def test_the_early_scans_error_is_raised_by_inspect(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    guard_prefetch.prefetch([str(path)])
    _wait(str(path))
    with pytest.raises(InputError, match="cannot be read as an Excel workbook"):
        xlsx_guard.inspect(str(path))
