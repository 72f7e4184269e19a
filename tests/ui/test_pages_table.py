"""The page table: a page added with one row gets the sidebar entry, results, language and its shortcut."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.ui import pages
from desktop_app.ui.views.base import PlaceholderView, View
from shop_files import write_shop


class CountingView(QWidget):
    """A minimal page: counts what the window hands it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results, self.retranslated = [], 0
        self.label = QLabel(self)

    def set_results(self, results) -> None:
        self.results.append(results)

    def retranslate(self) -> None:
        self.retranslated += 1


def test_every_page_of_the_table_implements_the_view_protocol(qtbot, window):
    for key in window.page_keys:
        assert isinstance(window.view(key), View), key
        assert not isinstance(window.view(key), PlaceholderView), key


def test_a_page_is_added_with_one_row(qtbot, make_window, tmp_path, monkeypatch):
    import desktop_app.ui.main_window as mw

    row = pages.Page("counting", QT_TRANSLATE_NOOP("Pages", "Counting"), __name__, "CountingView")
    monkeypatch.setattr(mw, "PAGES", pages.PAGES[:-1] + (row,) + pages.PAGES[-1:])
    window = make_window()
    assert window.page_keys[-2:] == ["counting", "problems"]
    view = window.view("counting")
    assert isinstance(view, CountingView) and view.objectName() == "view_counting"
    assert window.sidebar.item(window.page_index("counting")).text() == "Counting"
    with qtbot.waitSignal(window.results_changed, timeout=60_000) as blocker:
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
    assert view.results[-1] is blocker.args[0]
    before = view.retranslated
    window.set_language("zh_CN")
    window.set_language("en")
    assert view.retranslated >= before + 2
    # every page of the table has its key, in sidebar order: the added one too
    assert [a.objectName() for a in window.page_actions] == [f"act_page_{k}" for k in window.page_keys]


def test_a_missing_page_module_is_a_placeholder_not_a_crash(qtbot):
    row = pages.Page("gone", "Gone", "desktop_app.ui.views.no_such_page", "NoSuchView")
    widget = pages.create_page(row, None)
    qtbot.addWidget(widget)
    assert isinstance(widget, PlaceholderView) and "gone" in widget.label.text()


def test_the_figures_stay_on_screen_while_a_new_import_runs(qtbot, window, tmp_path):
    from desktop_app.ui.pages import PAGE_OVERVIEW

    with qtbot.waitSignal(window.results_changed, timeout=60_000):
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
    sales = window.view(PAGE_OVERVIEW).cards["sales"]
    shown = sales.value_text()
    assert shown == "¥150.00"  # 100 + 50 paid in the hand-made shop
    with qtbot.waitSignal(window.import_finished, timeout=60_000):
        window.open_files([str(p) for p in write_shop(tmp_path / "again")])
        assert window.runner.is_busy()
        # reading: the previous figures are still there, not "No data yet"
        assert window.results is not None and sales.value_text() == shown and sales.isVisible()
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=60_000)


def test_every_page_opens_with_its_own_key(qtbot, window):
    """Ctrl+1 … Ctrl+9, Ctrl+0, Alt+1 …: one distinct key per page, the Imports and Problems pages too."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    assert len(window.page_actions) == len(pages.PAGES)
    keys = [a.shortcut().toString() for a in window.page_actions]
    assert all(keys) and len(set(keys)) == len(keys), keys
    assert keys[:3] == ["Ctrl+1", "Ctrl+2", "Ctrl+3"] and keys[9:11] == ["Ctrl+0", "Alt+1"]
    window.activateWindow()
    window.sidebar.setFocus()
    for key, text in reversed(list(zip(window.page_keys, keys))):
        combo = QKeySequence(text)[0]
        qtbot.keyClick(window.sidebar, combo.key(), combo.keyboardModifiers())
        assert window.current_page() == key, (key, text)
    # the sidebar says each page's key
    problems = window.page_index(pages.PAGE_PROBLEMS)
    assert keys[problems] in window.sidebar.item(problems).toolTip()
