"""FrameTableModel: Qt model contract, formatting, stable sort with gaps last, filter, export."""

import numpy as np
import pandas as pd
from PySide6.QtCore import QPersistentModelIndex, Qt

from desktop_app.ui.models.frame_table_model import (
    BAD,
    GOOD,
    MONEY,
    PERCENT,
    SECONDS,
    WARN,
    ColumnSpec,
    FrameTableModel,
    RowRole,
    SortRole,
    lower_is_better,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


def small_frame():
    return pd.DataFrame({
        "agent": ["店铺:小王", "店铺:小李", "店铺:阿强", "店铺:小李"],
        "rate": [0.0109, 0.5, np.nan, 0.25],
        "sales": [1500.0, 12345.678, 0.0, np.nan],
        "wait": [5.0, 12.34, 30.0, np.nan],
        "n": pd.array([3, 1, 2, 1], dtype="int64"),
        "start": pd.to_datetime(["2026-11-20 09:05:59", None, "2026-11-21 23:59:00", "2026-11-19 00:00:00"]),
        "late": [True, False, False, True],
    })


def specs():
    return [
        ColumnSpec("agent", "Agent"),
        ColumnSpec("rate", "Conversion", PERCENT),
        ColumnSpec("sales", "Sales", MONEY),
        ColumnSpec("wait", "Wait", SECONDS, colour=lower_is_better(6, 10)),
        ColumnSpec("n", "N"),
        ColumnSpec("start", "Start"),
        ColumnSpec("late", "Late"),
        ColumnSpec("not_in_frame", "Skipped"),
    ]


def texts(model, col):
    return [model.data(model.index(r, col), DISPLAY) for r in range(model.rowCount())]


def test_qtmodeltester_and_formats(qtmodeltester):
    model = FrameTableModel()
    model.set_frame(small_frame(), specs())
    qtmodeltester.check(model)
    assert model.columnCount() == 7  # the spec for a missing column is skipped
    assert texts(model, 0) == ["店铺:小王", "店铺:小李", "店铺:阿强", "店铺:小李"]
    # 0.0109 -> 1.09 % (the seed's 3 / 274 example rounds the same way); NaN -> ""
    assert texts(model, 1) == ["1.09%", "50.00%", "", "25.00%"]
    assert texts(model, 2) == ["¥1,500.00", "¥12,345.68", "¥0.00", ""]
    assert texts(model, 3) == ["5.0 s", "12.3 s", "30.0 s", ""]
    assert texts(model, 4) == ["3", "1", "2", "1"]
    assert texts(model, 5) == ["2026-11-20 09:05", "", "2026-11-21 23:59", "2026-11-19 00:00"]
    assert texts(model, 6) == ["✓", "", "", "✓"]
    # numbers right-aligned, text left
    assert model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignLeft
    # colour rule: 5 s <= 6 golden, 12.3 s > 10 -> red, NaN -> no colour
    bg = [model.data(model.index(r, 3), Qt.ItemDataRole.BackgroundRole) for r in range(4)]
    assert bg[0].color().name() == "#d7f0d2" and bg[1].color().name() == "#f8cfcc" and bg[3] is None
    assert model.data(model.index(1, 2), SortRole) == 12345.678
    assert model.data(model.index(2, 0), RowRole) == 2
    assert model.headerData(1, Qt.Orientation.Horizontal, DISPLAY) == "Conversion"


def test_fractional_counts_keep_their_decimals():
    model = FrameTableModel()
    model.set_frame(pd.DataFrame({"orders": [2.0, 0.5, 1234.0]}), [ColumnSpec("orders", "Orders", "int")])
    assert texts(model, 0) == ["2", "0.50", "1,234"]  # a split credit of half an order stays visible


def test_colour_rules_codes():
    rule = lower_is_better(6, 10)
    assert list(rule(np.array([6.0, 6.1, 10.0, 10.5, np.nan]))) == [GOOD, WARN, WARN, BAD, 0]


def test_sort_stable_nan_last_both_directions(qtmodeltester):
    model = FrameTableModel()
    model.set_frame(small_frame(), specs())
    model.sort(1, Qt.SortOrder.AscendingOrder)
    # rates 0.0109(r0) 0.25(r3) 0.5(r1), NaN(r2) last
    assert [model.source_row(r) for r in range(4)] == [0, 3, 1, 2]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [model.source_row(r) for r in range(4)] == [1, 3, 0, 2]  # NaN still last
    # text sort: 小李 appears twice (rows 1 and 3); ties keep the previous (rate-descending) order
    model.sort(0, Qt.SortOrder.AscendingOrder)
    order = [model.source_row(r) for r in range(4)]
    assert order.index(1) + 1 == order.index(3)
    model.sort(5, Qt.SortOrder.DescendingOrder)  # datetimes: 21st, 20th, 19th, NaT last
    assert [model.source_row(r) for r in range(4)] == [2, 0, 3, 1]
    qtmodeltester.check(model)


def test_sort_keeps_persistent_selection():
    model = FrameTableModel()
    model.set_frame(small_frame(), specs())
    keep = QPersistentModelIndex(model.index(0, 2))  # source row 0 (小王)
    model.sort(2, Qt.SortOrder.DescendingOrder)  # sales: r1 12345, r0 1500, r2 0, r3 NaN
    assert keep.row() == 1 and keep.column() == 2
    assert model.data(model.index(keep.row(), 0), DISPLAY) == "店铺:小王"


def test_filter_and_export():
    model = FrameTableModel()
    model.set_frame(small_frame(), specs())
    model.set_filter("小李")
    assert model.rowCount() == 2 and [model.source_row(r) for r in range(2)] == [1, 3]
    model.set_filter("¥1,5")  # matches the displayed money text, not the raw float
    assert [model.source_row(r) for r in range(model.rowCount())] == [0]
    model.set_filter("店铺", columns=["sales"])  # restricted to one column: no match
    assert model.rowCount() == 0
    model.set_filter("")
    model.sort(2, Qt.SortOrder.DescendingOrder)
    model.set_filter("小")  # 小王 and both 小李 rows, in sales-descending order
    out = model.frame_for_export()
    assert list(out.columns) == ["agent", "rate", "sales", "wait", "n", "start", "late"]
    assert out["agent"].tolist() == ["店铺:小李", "店铺:小王", "店铺:小李"]
    assert out["sales"].tolist()[:2] == [12345.678, 1500.0]


def test_case_insensitive_filter_and_clear():
    model = FrameTableModel()
    model.set_frame(pd.DataFrame({"buyer": ["Alice", "bob", "ALICIA"]}))
    model.set_filter("ali")
    assert model.rowCount() == 2
    model.set_frame(None)
    assert model.rowCount() == 0 and model.columnCount() == 0


def test_100k_rows_sort_and_filter_order():
    n = 100_000
    rng = np.random.default_rng(7)
    values = rng.integers(0, 1000, n).astype("float64")
    values[::10] = np.nan  # every tenth row is a gap
    df = pd.DataFrame({"id": [f"b{i:06d}" for i in range(n)], "v": values})
    model = FrameTableModel()
    model.set_frame(df)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    rows = model.visible_source_rows()
    got = values[rows]
    assert np.isnan(got[-n // 10:]).all() and not np.isnan(got[: n - n // 10]).any()
    assert (np.diff(got[: n - n // 10]) <= 0).all()
    # stability: among equal values the source rows stay ascending
    head = rows[: n - n // 10]
    same = np.diff(got[: n - n // 10]) == 0
    assert (np.diff(head)[same] > 0).all()
    model.set_filter("b00001")  # b000010..b000019 -> ten ids
    assert model.rowCount() == 10
    assert sorted(model.visible_source_rows().tolist()) == list(range(10, 20))
    assert model.data(model.index(9, 0), DISPLAY) == "b000010"  # row 10 has v=NaN -> last


def test_plain_keys_get_common_labels():
    model = FrameTableModel()
    model.set_frame(pd.DataFrame({"buyer": ["a"], "custom_col": [1]}))
    assert model.headerData(0, Qt.Orientation.Horizontal, DISPLAY) == "Buyer"
    assert model.headerData(1, Qt.Orientation.Horizontal, DISPLAY) == "custom_col"


def test_importing_the_models_protects_none_from_the_pyside_void_call_leak():
    # PySide6 6.12 on Python 3.11 drops a reference to None on every void call (setObjectName,
    # resize, beginResetModel...): ~5,000 calls after start the interpreter aborts with
    # "none_dealloc". desktop_app.ui.models reserves references (protect_none_refcount).
    import subprocess
    import sys

    code = (
        "import desktop_app.ui.models\n"
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "for _ in range(200_000):\n"
        "    o.setObjectName('x')\n"
        "print('survived')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "survived"


def test_pandas_extension_dtypes(qtmodeltester):
    df = pd.DataFrame({
        "s": pd.Series(["b", None, "a"], dtype="str"),  # pandas 3 string dtype with a gap
        "i": pd.Series([2, None, 1], dtype="Int64"),  # nullable ints
        "c": pd.Series(["x", "y", "x"], dtype="category"),
        "b": pd.Series([True, None, False], dtype="boolean"),
    })
    model = FrameTableModel()
    model.set_frame(df)
    qtmodeltester.check(model)
    assert texts(model, 0) == ["b", "", "a"]
    assert texts(model, 1) == ["2", "", "1"]
    assert texts(model, 2) == ["x", "y", "x"]
    assert texts(model, 3) == ["✓", "", ""]
    model.sort(0, Qt.SortOrder.AscendingOrder)  # "a", "b", then the gap
    assert [model.source_row(r) for r in range(3)] == [2, 0, 1]
    model.sort(1, Qt.SortOrder.DescendingOrder)  # 2, 1, then <NA>
    assert [model.source_row(r) for r in range(3)] == [0, 2, 1]


def test_platform_codes_show_as_platform_names_and_sort_and_filter_by_them(qtmodeltester):
    frame = pd.DataFrame({"platform": ["taobao", "pdd", "shopify", "mystery"], "order_id": ["1", "2", "3", "4"]})
    model = FrameTableModel()
    model.set_frame(frame)
    qtmodeltester.check(model)
    shown = [model.data(model.index(r, 0)) for r in range(4)]
    assert shown == ["Taobao/Tmall", "Pinduoduo", "Shopify", "mystery"]  # unknown codes as they are
    model.set_filter("tmall")
    assert model.rowCount() == 1
    assert model.frame()["platform"].tolist()[0] == "taobao"  # the frame keeps the codes (signals, export)
