"""FrameTableView: Ctrl+F, Ctrl+C as TSV, buyer ids, formula-safe xlsx export, double-click signals."""

import openpyxl
import pytest
import pandas as pd
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop_app.ui.models.frame_table_model import MONEY, ColumnSpec
from desktop_app.ui.widgets.table_view import FrameTableView


def frame():
    return pd.DataFrame({
        "buyer": ["tb_alice", "tb_bob", "tb_alice"],
        "remark": ["=HYPERLINK(\"http://x\")", "+86 138", "正常\x07\x1b"],
        "amount": [1234.5, 99.0, float("nan")],
        "when": pd.to_datetime(["2026-11-21 09:00:00", "2026-11-21 10:00:00", None]),
    })


def make_view(qtbot):
    view = FrameTableView(export_name="test")
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    # shortcuts only reach an active window
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.set_frame(frame(), [ColumnSpec("buyer", "Buyer"), ColumnSpec("remark", "Remark"),
                             ColumnSpec("amount", "Amount", MONEY), ColumnSpec("when", "When")])
    return view


def test_ctrl_f_focuses_filter_and_filters(qtbot):
    view = make_view(qtbot)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.filter_edit)
    qtbot.keyClicks(view.filter_edit, "BOB")
    assert view.model.rowCount() == 1
    assert view.count_label.text() == "1 of 3 rows"


def test_ctrl_c_copies_tsv_and_buyer_ids(qtbot):
    view = make_view(qtbot)
    view.model.sort(2, Qt.SortOrder.DescendingOrder)  # 1234.5 (alice), 99 (bob), NaN last
    view.table.selectRow(0)
    flags = QItemSelectionModel.SelectionFlag
    view.table.selectionModel().select(view.model.index(1, 0), flags.Select | flags.Rows)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines[0] == "Buyer\tRemark\tAmount\tWhen"
    assert lines[1] == 'tb_alice\t=HYPERLINK("http://x")\t¥1,234.50\t2026-11-21 09:00'
    assert lines[2] == "tb_bob\t+86 138\t¥99.00\t2026-11-21 10:00"
    view.table.clearSelection()
    assert view.buyer_ids() == ["tb_alice", "tb_bob"]  # all visible rows, each buyer once


def test_export_writes_formulas_as_text(qtbot, tmp_path):
    view = make_view(qtbot)
    path = tmp_path / "out.xlsx"
    view.export_to(str(path))
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert [c.value for c in ws[1]] == ["Buyer", "Remark", "Amount", "When"]
    cell = ws["B2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"  # text, not a formula
    assert ws["B3"].value == "+86 138" and ws["B3"].data_type == "s"
    assert ws["C2"].value == 1234.5 and ws["C4"].value is None  # NaN -> empty cell
    assert ws["B4"].value == "正常"  # control characters (not allowed in xlsx) dropped
    assert ws["D2"].value == pd.Timestamp("2026-11-21 09:00:00").to_pydatetime()
    assert ws["D4"].value is None  # NaT -> empty cell


def test_double_click_reports_source_row(qtbot):
    view = make_view(qtbot)
    view.model.sort(0, Qt.SortOrder.DescendingOrder)  # tb_bob (row 1) first
    index = view.model.index(0, 2)
    pos = view.table.visualRect(index).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    got = []
    view.row_activated.connect(lambda row: got.append(("row", row)))
    view.cell_activated.connect(lambda row, key: got.append(("cell", row, key)))
    with qtbot.waitSignal(view.cell_activated):
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert got == [("row", 1), ("cell", 1, "amount")]


def test_ctrl_f_in_the_main_window_reaches_the_page_filter(qtbot, window):
    # the window has its own Find action; the table must not make Ctrl+F ambiguous
    from desktop_app.ui.main_window import PAGE_AGENTS

    window.show_page(PAGE_AGENTS)
    page = window.view(PAGE_AGENTS)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.table.table.setFocus()
    qtbot.keyClick(page.table.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table.filter_edit)


def test_new_frame_keeps_sort_and_widths(qtbot):
    view = make_view(qtbot)
    view.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)  # as a header click
    view.table.setColumnWidth(0, 222)
    df = frame()
    df.loc[1, "amount"] = 5000.0  # bob now the largest
    view.set_frame(df, view.model.specs())
    assert [view.model.source_row(r) for r in range(3)] == [1, 0, 2]  # still amount descending
    assert view.table.columnWidth(0) == 222


def test_big_table_filters_after_a_pause(qtbot):
    view = FrameTableView()
    qtbot.addWidget(view)
    n = 30_000  # above DEBOUNCE_ROWS
    view.set_frame(pd.DataFrame({"buyer": [f"b{i:05d}" for i in range(n)]}))
    view.filter_edit.setText("b0000")  # b00000..b00009
    assert view.model.rowCount() == n  # not yet: waits for the typing pause
    qtbot.waitUntil(lambda: view.model.rowCount() == 10)


def test_background_export_and_cancel(qtbot, tmp_path):
    from desktop_app.core.errors import ImportCancelled
    from desktop_app.ui.widgets.table_view import write_xlsx

    view = make_view(qtbot)
    path = tmp_path / "bg.xlsx"
    handle = view.export_in_background(str(path))
    with qtbot.waitSignal(handle.done, timeout=30_000):
        pass
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][0] == "tb_alice"
    # cancelling stops at the next 2,000-row chunk and leaves no file behind
    big = pd.DataFrame({"buyer": [f"b{i}" for i in range(5000)]})
    seen = []
    with pytest.raises(ImportCancelled):
        write_xlsx(str(tmp_path / "never.xlsx"), big, ["Buyer"],
                   progress=lambda done, total, text: seen.append(done), should_cancel=lambda: len(seen) >= 2)
    assert seen == [0, 2000] and not (tmp_path / "never.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bg.xlsx"]  # no temporary file left either


def test_failed_background_export_shows_the_path(qtbot, tmp_path):
    view = make_view(qtbot)
    missing = tmp_path / "no_such_folder" / "x.xlsx"
    handle = view.export_in_background(str(missing))
    with qtbot.waitSignal(handle.done, timeout=30_000):
        pass
    box = view.export_error
    assert box is not None and str(missing) in box.text()
    assert "Close the file if it is open in Excel" in box.informativeText()


def test_header_click_sorts_through_the_model(qtbot):
    view = make_view(qtbot)
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(2) + header.sectionSize(2) // 2
    pos = header.rect().center()
    pos.setX(x)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    first = [view.model.source_row(r) for r in range(3)]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    second = [view.model.source_row(r) for r in range(3)]
    # amounts 1234.5 (row 0), 99 (row 1), NaN (row 2): both directions keep the gap last
    assert sorted([first, second]) == [[0, 1, 2], [1, 0, 2]]
    assert view.model.sort_column() == 2


def test_the_first_column_stays_while_the_table_scrolls_sideways(qtbot):
    import pandas as pd

    from desktop_app.ui.models.frame_table_model import ColumnSpec

    view = FrameTableView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    frame = pd.DataFrame({"agent": ["店:小王", "店:小李"], **{f"k{i}": [i, i + 1] for i in range(20)}})
    view.set_frame(frame, [ColumnSpec("agent", "Agent")] + [ColumnSpec(f"k{i}", f"Figure {i}") for i in range(20)])
    view.freeze_first_column()
    view.show()
    qtbot.waitExposed(view)
    frozen = view.frozen
    assert frozen.isVisible() and frozen.model() is view.model
    assert [frozen.isColumnHidden(c) for c in range(3)] == [False, True, True]
    assert frozen.width() == view.table.columnWidth(0)
    view.table.horizontalScrollBar().setValue(view.table.horizontalScrollBar().maximum())
    assert view.table.horizontalScrollBar().value() > 0
    # scrolled to the right, the overlay still shows the agents at the left edge
    assert frozen.geometry().left() <= view.table.verticalHeader().width() + view.table.frameWidth()
    assert frozen.indexAt(frozen.visualRect(frozen.model().index(0, 0)).center()).column() == 0
    # sorting from the frozen header sorts the table by its first column, with the indicator
    frozen.horizontalHeader().sectionClicked.emit(0)
    assert view.table.horizontalHeader().sortIndicatorSection() == 0
    assert view.model.display_text(0, 0) == "店:小李"  # 李 sorts before 王
    # a wider first column widens the overlay with it
    view.table.setColumnWidth(0, 150)
    assert frozen.columnWidth(0) == 150 and frozen.width() == 150
