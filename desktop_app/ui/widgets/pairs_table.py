"""PairsTable: an editable two-column table of [number, value] pairs (bands, commission tiers, grades)."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget


def _number(text: str) -> Any:
    """A cell's text as a number when it is one; otherwise the text, so validation names the key."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


class PairsTable(QTableWidget):
    """An editable two-column table of [number, value] pairs (bands, tiers, grades)."""

    changed = Signal()

    def __init__(self, parent: Optional[QWidget] = None, second_is_text: bool = False) -> None:
        super().__init__(0, 2, parent)
        self.second_is_text = second_is_text
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_pairs(self, pairs) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        for a, b in pairs or ():
            self._append(a, b)
        self.blockSignals(False)

    def _append(self, a: Any, b: Any) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem("" if a is None else f"{a:g}" if isinstance(a, float) else str(a)))
        self.setItem(row, 1, QTableWidgetItem("" if b is None else f"{b:g}" if isinstance(b, float) else str(b)))

    def add_row(self) -> None:
        self._append(None, None)
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.selectedIndexes()} or {self.rowCount() - 1}, reverse=True)
        for row in rows:
            if row >= 0:
                self.removeRow(row)
        self.changed.emit()

    def pairs(self) -> list[list]:
        out = []
        for row in range(self.rowCount()):
            texts = [(self.item(row, c).text() if self.item(row, c) else "") for c in (0, 1)]
            if not any(t.strip() for t in texts):
                continue  # a blank row being filled in
            second = texts[1].strip() if self.second_is_text else _number(texts[1])
            out.append([_number(texts[0]), second])
        return out
