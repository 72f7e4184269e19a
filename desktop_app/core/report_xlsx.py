"""The daily Excel report: KPI cards, agent scorecard, order checks, customers, settings.

``write_report(results, path)`` writes one workbook with openpyxl (write-only mode, so a large
customer archive streams instead of building every cell in memory). Guarantees:

* every text cell that a spreadsheet could run (starting with =, +, -, @, tab or CR) is written
  as a plain string with Excel's quote prefix, so no data cell is ever a formula;
* receiver names, phone numbers and addresses are masked unless ``mask_pii=False``;
* the workbook is written to a temporary file in the target directory and moved into place with
  ``os.replace``, so a crash never leaves half a report under the real name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional

from openpyxl import Workbook

# The report's parts, re-exported here: other modules and tests import them from report_xlsx.
from .report_xlsx_cells import UNSAFE_PREFIXES, CellWriter, safe_text  # noqa: F401
from .report_xlsx_sheets import ReportWriter, _frame
from .report_xlsx_styles import (  # noqa: F401
    BOLD, DATETIME, DECIMAL, GREEN, HEADER_FILL, HOURS, INTEGER, LIGHT_GREEN, MONEY, PERCENT, RED, SECONDS,
    TITLE, YELLOW, money_format,
)
from .report_xlsx_texts import (  # noqa: F401
    AGENT_EXTRAS, COLUMNS, SEGMENTS_EN, SETTING_LABELS, SETTING_VALUES, SHEETS, TEXT, VALUES,
)


def write_report(
    results: Any,
    path: str | Path,
    language: str = "zh_CN",
    mask_pii: bool = True,
    *,
    store: Any = None,
    sources: Optional[Iterable[tuple[str, str]]] = None,
    currency: str = "¥",
) -> Path:
    """Write the daily report for ``results`` to ``path`` (.xlsx) and return the path.

    ``store`` (a desktop_app.core.store.Store), when given, supplies the handled marks and the
    list of imported files; ``sources`` ((file, format) pairs, e.g. Dataset.sources, or (file, format,
    rows, imported) tuples) is used otherwise. ``language`` "zh_CN" writes Chinese headers, anything else English.
    ``language`` and ``mask_pii`` may also be passed by position (the main window does).
    ``currency``: the symbol money cells show (their number format; the amounts are not converted).
    """
    path = Path(path)
    # Fail on an unusable folder before any work (and before openpyxl's write-only sheets exist).
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = ReportWriter(0 if language.lower().startswith("zh") else 1, mask_pii, currency)
    checks = {name: _frame(results, name) for name in ("unshipped", "out_of_stock", "unpaid")}
    notes: dict[tuple[str, str, str], str] = {}
    if store is not None:
        marks = store.handled()
        holder = type("Checks", (), {})()
        for name, frame in checks.items():
            setattr(holder, name, frame)
        store.apply_handled(holder)
        notes = {(c, str(p), str(o)): n for c, p, o, n in
                 zip(marks["check"], marks["platform"], marks["order_id"], marks["note"])}
        source_rows = [(r.file, r.format_label or r.format, int(r.rows), str(r.time))
                       for r in store.imports().itertuples()]
    else:
        # (file, format) pairs, or (file, format, rows, imported) when the caller knows them
        given = list(sources or []) or list(getattr(results, "sources", None) or [])
        source_rows = [(str(s[0]), str(s[1]), *(list(s[2:4]) + [None, None])[:2]) for s in given]

    wb = Workbook(write_only=True)
    writer.summary(wb.create_sheet(writer.sheet("summary")), results, checks)
    writer.agents(wb.create_sheet(writer.sheet("agents")), results)
    writer.checks(wb.create_sheet(writer.sheet("checks")), checks, notes)
    writer.customers(wb.create_sheet(writer.sheet("customers")), _frame(results, "customers"))
    writer.trends(wb.create_sheet(writer.sheet("trends")), results)
    for add_sheets in extra_sheet_writers():
        add_sheets(writer, wb, results)
    writer.settings(wb.create_sheet(writer.sheet("settings")), results, source_rows)
    writer.problems_sheet(wb.create_sheet(writer.sheet("problems")),
                          list(getattr(results, "problems", None) or []))

    if path.exists() and not path.is_file():
        # a device such as /dev/null: write into it; renaming a temp file over it would replace it
        wb.save(str(path))
        return path
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=str(path.parent))
    os.close(fd)
    try:
        wb.save(tmp)
        # mkstemp creates the file private (0600); a report on a shared folder must be readable by the
        # colleagues it is meant for, so give it the permissions a normally created file gets.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


#: modules with a ``write_sheets(writer, workbook, results)`` that adds their own sheets (quality,
#: appraisal, staffing ...) between the trends and the settings sheet; each module keeps its own texts
#: (``writer.lang`` is 0 for 中文, 1 for English) and writes cells through ``writer.cell``/``writer.table``
#: so the formula-injection guarantee holds. A module that finds nothing to write for ``results`` writes
#: no sheet.
EXTRA_SHEET_MODULES: tuple[str, ...] = ("desktop_app.core.report_quality_xlsx",
                                        "desktop_app.core.report_appraisal_xlsx",
                                        "desktop_app.core.report_staffing_xlsx")


def extra_sheet_writers() -> list:
    import importlib

    return [importlib.import_module(name).write_sheets for name in EXTRA_SHEET_MODULES]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

