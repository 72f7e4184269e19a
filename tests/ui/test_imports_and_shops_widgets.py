"""The Imports page and the toolbar's shop selector, standalone, on a real store."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QSettings

from desktop_app.core.cli_store import import_list
from desktop_app.core.importers.base import ImportResult
from desktop_app.core.schema import conform
from desktop_app.core.store import Store
from desktop_app.ui import bilingual
from desktop_app.ui.views.imports import ImportsView
from desktop_app.ui.widgets.shop_selector import SETTINGS_KEY, ShopSelector


def _store(tmp_path) -> Store:
    store = Store(tmp_path / "h.sqlite3")
    for name, shop, oid in (("a.csv", "甲店", "a1"), ("b.csv", "乙店", "b1")):
        path = tmp_path / name
        path.write_text(name, encoding="utf-8")
        orders = conform(pd.DataFrame([dict(platform="taobao", order_id=oid, shop=shop, buyer="x",
                                            created=pd.Timestamp("2026-11-16 09:00"), paid_amount=10.0)]), "orders")
        store.import_result(ImportResult(path=str(path), kind="orders", format_id="taobao_orders",
                                         format_label="淘宝/天猫 订单报表", orders=orders, rows_read=1))
    return store


def test_imports_view_lists_confirms_removal_and_offers_undo(qtbot, tmp_path):
    with _store(tmp_path) as store:
        view = ImportsView()
        qtbot.addWidget(view)
        view.set_imports(import_list(store))
        assert view.table.rowCount() == 2
        headers = [view.table.horizontalHeaderItem(i).text() for i in range(view.table.columnCount())]
        assert headers == ["ID", "File", "Shop", "Format", "Rows", "Imported at", "SHA-256"]
        assert view.table.item(1, 1).text() == "b.csv" and view.table.item(1, 2).text() == "Taobao/Tmall · 乙店"
        assert len(view.table.item(0, 6).text()) == 64
        assert not view.remove_button.isEnabled() and not view.undo_button.isEnabled()
        view.table.selectRow(1)
        asked = []
        view.confirm = lambda title, text: asked.append(text) or False
        with qtbot.assertNotEmitted(view.remove_requested):
            view.remove_button.click()
        assert "#2" in asked[0] and "b.csv" in asked[0]
        view.confirm = lambda title, text: True
        with qtbot.waitSignal(view.remove_requested) as sig:
            view.remove_button.click()
        assert sig.args == [2]
        store.remove_import(2)
        view.set_imports(import_list(store))
        view.set_undo_available(store.removal_to_undo())
        assert view.table.rowCount() == 1 and view.undo_button.isEnabled()
        assert view.undo_button.text() == "Undo removal of import #2"
        with qtbot.waitSignal(view.undo_requested):
            view.undo_button.click()
        bilingual.set_chinese_first(True)
        try:
            view.retranslate()
            assert view.remove_button.text() == "删除导入…" and view.table.horizontalHeaderItem(2).text() == "店铺"
            assert view.table.item(0, 2).text() == "淘宝/天猫 · 甲店"
        finally:
            bilingual.set_chinese_first(False)


def test_shop_selector_one_several_all_and_remembered(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    with _store(tmp_path) as store:
        sel = ShopSelector(settings=settings)
        qtbot.addWidget(sel)
        sel.set_shops(store.shops())
        assert sel.selected() == [] and sel.button.text() == "All shops"
        actions = [a for a in sel.menu.actions() if not a.isSeparator()]
        assert [a.text() for a in actions] == ["All shops", "Taobao/Tmall · 乙店", "Taobao/Tmall · 甲店"]
        with qtbot.waitSignal(sel.shops_changed) as sig:
            actions[2].trigger()
        assert sig.args == [["taobao:甲店"]] and sel.button.text() == "Taobao/Tmall · 甲店"
        # the key reads the shop from the store
        assert list(store.dataset(shops=sel.selected()).orders["order_id"]) == ["a1"]
        with qtbot.waitSignal(sel.shops_changed) as sig:
            actions[1].trigger()  # both checked: that is all shops
        assert sig.args == [[]] and actions[0].isChecked()
        sel.set_selected(["taobao:乙店"])
        assert settings.value(SETTINGS_KEY) in (["taobao:乙店"], "taobao:乙店")
        # a new selector (the next start) restores the choice; a shop gone from the store is dropped
        again = ShopSelector(settings=settings)
        qtbot.addWidget(again)
        again.set_shops(store.shops())
        assert again.selected() == ["taobao:乙店"]
        again.set_shops([("taobao", "甲店")])
        assert again.selected() == [] and again.button.text() == "All shops"
        bilingual.set_chinese_first(True)
        try:
            again.retranslate()
            assert again.button.text() == "全部店铺"
        finally:
            bilingual.set_chinese_first(False)
