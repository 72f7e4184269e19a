"""The Imports page: every import of the history store, Remove import, Undo last removal.

Lists file, shops, format, rows, time and SHA-256 of each import (``set_imports``: the dicts of
``core.cli_store.import_list(store)`` or a frame with those columns). "Remove import…" asks for
confirmation and emits ``remove_requested(import id)``; "Undo last removal" emits ``undo_requested()``.
The window does the work (``Store.remove_import`` / ``undo_removal`` on a worker, then recomputes) and
calls ``set_imports`` and ``set_undo_available`` again. Texts in 简体中文 and English (``retranslate``).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.store.shops import shop_label
from ..bilingual import in_reader_language, pick

COLUMNS = ("id", "file", "shops", "format", "rows", "time", "sha256")
TEXTS = {
    "title": ("导入记录", "Imports"),
    "hint": ("每一次导入的文件。删除某次导入只删除仅由它带来的数据；其他导入也包含的订单和消息会保留。",
             "Every file imported into the history. Removing an import deletes only what it alone brought; orders "
             "and messages other imports also hold stay."),
    "id": ("编号", "ID"), "file": ("文件", "File"), "shops": ("店铺", "Shop"), "format": ("格式", "Format"),
    "rows": ("行数", "Rows"), "time": ("导入时间", "Imported at"), "sha256": ("SHA-256", "SHA-256"),
    "remove": ("删除导入…", "Remove import…"),
    "undo": ("撤销删除", "Undo last removal"),
    "undo_n": ("撤销删除（导入 #{id}）", "Undo removal of import #{id}"),
    "confirm_title": ("删除导入", "Remove import"),
    "confirm": ("删除导入 #{id}（{file}）？\n\n只由这次导入带来的订单、明细、消息和库存会被删除，其他导入也包含的会保留，"
                "各项指标随后重新计算。关闭窗口前可以撤销。",
                "Remove import #{id} ({file})?\n\nThe orders, lines, messages and inventory only this import brought "
                "are deleted; what other imports also hold stays, and the figures are computed again. You can undo "
                "this until the window closes."),
    "empty": ("还没有导入任何文件。", "Nothing imported yet."),
}


def _t(key: str) -> str:
    return pick(*TEXTS[key])


class ImportsView(QWidget):
    """The list of imports with Remove import (confirmed) and Undo last removal."""

    remove_requested = Signal(int)
    undo_requested = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []
        self._undo_id: Optional[int] = None
        #: asks the user; returns True to go ahead (tests replace it)
        self.confirm: Callable[[str, str], bool] = self._ask
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.remove_button = QPushButton(self)
        self.undo_button = QPushButton(self)
        self.remove_button.clicked.connect(self._remove_clicked)
        self.undo_button.clicked.connect(self.undo_requested.emit)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.retranslate()
        self._update_buttons()

    # --- data ------------------------------------------------------------------------------------
    def set_imports(self, imports: Any) -> None:
        """The imports: a list of dicts (cli_store.import_list) or a frame with the same columns."""
        if hasattr(imports, "to_dict"):
            imports = imports.to_dict("records")
        self._rows = [dict(r) for r in imports]
        self.table.setRowCount(len(self._rows))
        for i, row in enumerate(self._rows):
            for j, col in enumerate(COLUMNS):
                item = QTableWidgetItem(self._cell(row, col))
                if col in ("id", "rows"):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                    item.setData(Qt.UserRole, int(row.get(col) or 0))
                self.table.setItem(i, j, item)
        self._update_buttons()

    def set_undo_available(self, import_id: Optional[int]) -> None:
        """The import whose removal Undo would put back (Store.removal_to_undo()), or None."""
        self._undo_id = import_id
        self.retranslate()
        self._update_buttons()

    def selected_import(self) -> Optional[int]:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return int(self._rows[rows[0].row()]["id"])

    # --- texts ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(_t("title"))
        self.hint.setText(_t("hint") if self._rows or self.table.rowCount() else _t("hint") + "\n" + _t("empty"))
        self.table.setHorizontalHeaderLabels([_t(c) for c in COLUMNS])
        self.remove_button.setText(_t("remove"))
        self.undo_button.setText(_t("undo_n").format(id=self._undo_id) if self._undo_id is not None else _t("undo"))
        for i, row in enumerate(self._rows):
            for col in ("shops", "format"):
                item = self.table.item(i, COLUMNS.index(col))
                if item is not None:
                    item.setText(self._cell(row, col))

    # --- inside -----------------------------------------------------------------------------------
    def _cell(self, row: dict, col: str) -> str:
        value = row.get(col, "")
        if col == "shops":
            lang = pick("zh_CN", "en")
            if isinstance(value, str):
                return value
            return ", ".join(shop_label(s["platform"], s["name"], lang) for s in value or []) or "–"
        if col == "format":  # "淘宝/天猫 订单报表 / Taobao-Tmall order report": the reader's half
            return in_reader_language(str(value or ""))
        if col == "rows":
            return f"{int(value or 0):,}"
        if col == "time":
            return str(value)[:19]
        return str(value)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_import() is not None)
        self.undo_button.setEnabled(self._undo_id is not None)

    def _remove_clicked(self) -> None:
        import_id = self.selected_import()
        if import_id is None:
            return
        row = next(r for r in self._rows if int(r["id"]) == import_id)
        if self.confirm(_t("confirm_title"), _t("confirm").format(id=import_id, file=row.get("file", ""))):
            self.remove_requested.emit(import_id)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes
