"""CustomersView: segment and level tables, chart labels, masked archive, unmask with confirmation."""

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.model.customers import SEGMENT_EN
from desktop_app.ui.views.customers import SEGMENTS, CustomersView
from test_views_fixtures import make_results

DISPLAY = Qt.ItemDataRole.DisplayRole


def texts(table, key):
    model = table.model
    col = model.column_of(key)
    return [model.data(model.index(r, col), DISPLAY) for r in range(model.rowCount())]


def test_segments_levels_and_masked_archive(qtbot):
    view = CustomersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    # 2 x 重要价值 (alice 2600 + carol 640 = 3240), 1 x 一般发展 (bob 199); the other six are 0
    # the English window names the segments in English (the data keeps the Chinese key)
    english = [SEGMENT_EN[s] for s in SEGMENTS]
    assert texts(view.segments, "segment") == english
    assert texts(view.segments, "customers") == ["2", "0", "0", "0", "0", "1", "0", "0"]
    assert texts(view.segments, "share")[0] == "66.67%"  # 2 / 3
    assert texts(view.segments, "paid_amount")[0] == "¥3,240.00"
    assert view.chart.labels == english and list(view.chart.counts) == [2, 0, 0, 0, 0, 1, 0, 0]
    # levels in the settings' rising order, with the ones nobody reached
    assert texts(view.levels, "level") == ["店铺客户", "普通会员", "高级会员", "VIP会员", "至尊VIP会员"]
    assert texts(view.levels, "customers") == ["0", "1", "1", "1", "0"]
    assert texts(view.levels, "threshold")[2] == "¥500.00"  # level basis: paid amount
    assert texts(view.archive, "buyer") == ["tb_alice", "tb_bob", "jd_carol"]
    assert texts(view.archive, "receiver_phone") == ["138****1234", "139****1111", "137****2222"]
    assert texts(view.archive, "receiver_name") == ["张**", "李*", "王*"]
    assert texts(view.archive, "receiver_address")[0] == "浙江省杭州市西湖区****"
    assert "3 customers" in view.summary_label.text()


def test_unmask_asks_first(qtbot):
    view = CustomersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.unmask_check.click()
    box = view.confirm_box
    assert box is not None and box.isVisible()
    assert not view.unmask_check.isChecked()  # not until confirmed
    box.button(QMessageBox.StandardButton.No).click()
    assert not view.is_unmasked()
    assert texts(view.archive, "receiver_phone")[0] == "138****1234"

    view.unmask_check.click()
    with qtbot.waitSignal(view.unmask_changed) as blocker:
        view.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert blocker.args == [True]
    assert view.unmask_check.isChecked()
    assert texts(view.archive, "receiver_phone") == ["13812341234", "13900001111", "13700002222"]
    view.unmask_check.click()  # masking again needs no confirmation
    assert not view.is_unmasked()
    assert texts(view.archive, "receiver_name")[0] == "张**"


def test_export_masks_unless_unmasked(qtbot, tmp_path):
    view = CustomersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.archive.model.set_filter("tb_")
    path = tmp_path / "customers.xlsx"
    view.archive.export_to(str(path))
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    phone = rows[0].index("Phone")
    assert [r[0] for r in rows[1:]] == ["tb_alice", "tb_bob"]  # visible rows only
    assert rows[1][phone] == "138****1234"
    view.set_unmasked(True)
    view.archive.export_to(str(path))
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][phone] == "13812341234"


def test_none_clears(qtbot):
    view = CustomersView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.set_results(None)
    assert view.archive.model.rowCount() == 0 and view.segments.model.rowCount() == 0
    assert view.chart.labels == []
