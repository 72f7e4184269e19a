"""OrdersView: check tabs, overdue red, remedies translated, copy buyer ids, handled signal and toggle."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop_app.ui.views.orders import OUT_OF_STOCK, UNPAID, UNSHIPPED, OrdersView
from test_views_fixtures import make_results

DISPLAY = Qt.ItemDataRole.DisplayRole


def texts(view, check, key):
    model = view.tables[check].model
    col = model.column_of(key)
    return [model.data(model.index(r, col), DISPLAY) for r in range(model.rowCount())]


def test_tabs_show_checks(qtbot):
    view = OrdersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    # order 2001 is already handled: hidden until "show handled"
    assert texts(view, UNSHIPPED, "order_id") == ["1001", "1002"]
    assert texts(view, UNSHIPPED, "age_h") == ["74.0 h", "4.0 h"]
    assert texts(view, UNSHIPPED, "overdue") == ["✓", ""]
    model = view.tables[UNSHIPPED].model
    bg = model.data(model.index(0, model.column_of("buyer")), Qt.ItemDataRole.BackgroundRole)
    assert bg.color().name() == "#f8cfcc"  # overdue row red across
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert texts(view, OUT_OF_STOCK, "short") == ["2"]  # 3 ordered, 1 allocated
    assert texts(view, OUT_OF_STOCK, "remedy_text") == ["Swap for another item (换货)"]
    assert texts(view, OUT_OF_STOCK, "source_text") == ["inventory sheet"]
    assert texts(view, UNPAID, "customer_text") == ["new", "returning"]
    assert texts(view, UNPAID, "due") == ["2026-11-21 11:00", "2026-11-21 14:00"]
    assert view.tabs.tabText(0) == "Unshipped (2)"
    assert "2026-11-21 12:00" in view.as_of_label.text()


def test_show_handled_greys_rows(qtbot):
    view = OrdersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.show_handled.setChecked(True)
    assert texts(view, UNSHIPPED, "order_id") == ["1001", "1002", "2001"]
    model = view.tables[UNSHIPPED].model
    fg = model.data(model.index(2, 0), Qt.ItemDataRole.ForegroundRole)
    assert fg.color().name() == "#9a9a9a"
    # handled and overdue: greyed, not red
    assert model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole) is None


def test_mark_handled_emits_and_hides(qtbot):
    view = OrdersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    table = view.tables[UNSHIPPED]
    table.table.selectRow(0)
    with qtbot.waitSignal(view.handled_requested) as blocker:
        assert view.mark_selected_handled(UNSHIPPED, "已催仓库发货") == 1
    assert blocker.args == [UNSHIPPED, "taobao", "1001", "已催仓库发货"]
    assert texts(view, UNSHIPPED, "order_id") == ["1002"]  # hidden now
    view.show_handled.setChecked(True)
    assert texts(view, UNSHIPPED, "handled") == ["✓", "", "✓"]
    assert texts(view, UNSHIPPED, "handled_note") == ["已催仓库发货", "", ""]


def test_mark_handled_through_note_dialog(qtbot):
    view = OrdersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.show_check(UNPAID)
    view.tables[UNPAID].table.selectRow(1)
    qtbot.mouseClick(view.mark_button, Qt.MouseButton.LeftButton)
    dialog = view.note_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("  已发催付  ")
    with qtbot.waitSignal(view.handled_requested) as blocker:
        dialog.accept()
    assert blocker.args == [UNPAID, "taobao", "1004", "已发催付"]


def test_copy_buyer_ids(qtbot):
    view = OrdersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.show_check(UNPAID)
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)  # nothing selected: all rows
    assert QGuiApplication.clipboard().text() == "tb_dave\ntb_alice"


def test_none_clears(qtbot):
    view = OrdersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.set_results(None)
    assert all(t.model.rowCount() == 0 for t in view.tables.values())
    assert view.as_of_label.text() == ""
