"""One language at a time: walk every page, menu and dialog of the window and read what it says.

English: no Chinese character outside an allowlist — a Chinese industry term in parentheses after its
English name ("Inquiry conversion (询单转化率)") and the data itself (agent and shop names from the files).
Chinese: no English word outside an allowlist of abbreviations, units and product names.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel, QMenu,
                               QTabWidget)

from shop_files import write_shop

TIMEOUT = 60_000
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: an industry term shown in parentheses after its English name
PARENTHESISED_CJK = re.compile(r"[(（][^()（）]*[\u3400-\u9fff][^()（）]*[)）]")
#: English words a Chinese UI keeps: abbreviations, units, file types, product and platform names
ENGLISH_ALLOWED = {
    "AOV", "RFM", "P90", "SHA", "CSV", "XLSX", "XLS", "TXT", "VIP", "Excel", "WPS", "Shopify", "PDF", "Word",
    "PowerPoint", "Ctrl", "ID", "SKU", "TOP", "s", "pp", "Qt", "JSON", "Tmall", "Taobao", "JD",
    "re",  # the quality word lists' "re:" prefix (a regular expression), typed as is
    # Settings ▸ Database: the server's product name and libpq's own names for the password's places
    "PostgreSQL", "PGPASSWORD", "pgpass", "conf", "Windows",
}


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) of every label, button, group, tab, combo item, table header and menu entry."""
    out = [("title", window.windowTitle())]
    for w in window.findChildren(QLabel):
        if w.isVisible() and w.text():
            out.append((f"label {w.objectName()}", w.text()))
    for w in window.findChildren(QAbstractButton):
        if w.isVisible() and w.text():
            out.append((f"button {w.objectName()}", w.text()))
    for w in window.findChildren(QGroupBox):
        if w.isVisible() and w.title():
            out.append(("group", w.title()))
    for w in window.findChildren(QTabWidget):
        if w.isVisible():
            out += [("tab", w.tabText(i)) for i in range(w.count())]
    for w in window.findChildren(QAbstractItemView):
        model = w.model()
        if w.isVisible() and model is not None and not isinstance(w.parent(), QComboBox):
            header_view = getattr(w, "horizontalHeader", None)
            columns = header_view().count() if header_view is not None else 0
            for c in range(columns):
                if header_view().isSectionHidden(c):
                    continue
                header = model.headerData(c, _horizontal())
                if header:
                    out.append((f"header {w.objectName()}", str(header)))
    for menu in window.findChildren(QMenu):
        out += [("menu", a.text()) for a in menu.actions() if a.text()]
    return out + vocabulary_texts(window)


#: table columns whose cells are the app's own words (segment names, remedies), not the user's data
VOCABULARY_COLUMNS = ("segment", "remedy_text")


def vocabulary_texts(window) -> list[tuple[str, str]]:
    from PySide6.QtCore import Qt

    from desktop_app.ui.models.frame_table_model import FrameTableModel
    from desktop_app.ui.views.customers import CustomersView

    out = []
    for model in window.findChildren(FrameTableModel):
        for key in VOCABULARY_COLUMNS:
            col = model.column_of(key)
            if col is not None and col >= 0:
                for row in range(min(model.rowCount(), 50)):
                    out.append((f"cell {key}", str(model.data(model.index(row, col),
                                                               Qt.ItemDataRole.DisplayRole) or "")))
    for view in window.findChildren(CustomersView):
        out += [("segment chart", label) for label in view.chart.labels]
    from desktop_app.ui.problems_view import ProblemsView

    for view in window.findChildren(ProblemsView):  # "Recognised as": the app's names of the formats
        model = view.files_model
        out += [("recognised as", str(model.data(model.index(r, 2), Qt.ItemDataRole.DisplayRole) or ""))
                for r in range(model.rowCount())]
    return out


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def strip_data(text: str, data: list[str]) -> str:
    """The text without the data it shows (agent, shop and file names come from the user's files)."""
    for value in sorted(data, key=len, reverse=True):
        if value:
            text = text.replace(value, "")
    text = re.sub(r"<[^>]+>", " ", text)  # rich text tags
    return re.sub(r"\S*[/\\]\S*", " ", text)  # file and folder paths are data too


def walk(qtbot, window, check) -> list[str]:
    results = window.results
    from desktop_app.ui.i18n import LANGUAGE_NAMES

    # data: names from the user's files; and each language is named in its own script (Language menu)
    data = [str(a) for a in results.agents["agent"]] + ["店"] + list(LANGUAGE_NAMES.values())
    data += [f.path.replace("\\", "/").rsplit("/", 1)[-1] for f in window.problems_view.files]
    found = []
    for key in window.page_keys:
        window.show_page(key)
        qtbot.wait(50)
        for where, text in visible_texts(window):
            bad = check(strip_data(text, data))
            if bad:
                found.append(f"{key}: {where}: {text!r} -> {bad}")
    for name, open_dialog in (("settings", window.open_settings), ("about", window.show_about)):
        dialog = open_dialog()
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        try:
            tabs = dialog.findChildren(QTabWidget)
            for index in range(tabs[0].count() if tabs else 1):
                if tabs:
                    tabs[0].setCurrentIndex(index)
                for where, text in visible_texts(dialog):
                    bad = check(strip_data(text, data))
                    if bad:
                        found.append(f"{name} dialog: {where}: {text!r} -> {bad}")
        finally:
            dialog.reject()
    return sorted(set(found))


def english_problem(text: str) -> str:
    rest = PARENTHESISED_CJK.sub("", text)
    return "".join(CJK.findall(rest))


def chinese_problem(text: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z]+", text)
    return " ".join(w for w in words if w not in ENGLISH_ALLOWED)


@pytest.fixture
def shop_window(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
    return window


def test_the_english_window_has_no_chinese_outside_the_allowlist(qtbot, shop_window):
    assert walk(qtbot, shop_window, english_problem) == []


def test_the_chinese_window_has_no_untranslated_english(qtbot, shop_window):
    shop_window.set_language("zh_CN")
    try:
        assert walk(qtbot, shop_window, chinese_problem) == []
    finally:
        shop_window.set_language("en")


def test_the_problems_page_names_formats_in_the_readers_language(qtbot, translators):
    from PySide6.QtCore import Qt

    from desktop_app.ui.problems_view import STATUS_IMPORTED, FileStatus, ProblemsView

    view = ProblemsView()
    qtbot.addWidget(view)
    view.set_file_status(FileStatus("/x/ExportOrderList.csv", STATUS_IMPORTED,
                                    "淘宝/天猫 订单报表 / Taobao-Tmall order report", 840))
    model = view.files_model
    assert model.data(model.index(0, 2), Qt.ItemDataRole.DisplayRole) == "Taobao-Tmall order report"
    translators.install("zh_CN")
    view.retranslate()
    assert model.data(model.index(0, 2), Qt.ItemDataRole.DisplayRole) == "淘宝/天猫 订单报表"
    translators.install("en")
