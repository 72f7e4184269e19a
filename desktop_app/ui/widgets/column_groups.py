"""The scorecard's columns in named groups (销售 / 响应 / 售后 / 质检) the user shows or hides."""

from __future__ import annotations

from typing import Callable, Iterable, Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QMenu, QTableView, QToolButton, QWidget

#: group key -> label (in the "ColumnGroups" context)
GROUPS = {
    "sales": QT_TRANSLATE_NOOP("ColumnGroups", "Sales"),
    "response": QT_TRANSLATE_NOOP("ColumnGroups", "Response"),
    "after_sales": QT_TRANSLATE_NOOP("ColumnGroups", "After-sales"),
    "quality": QT_TRANSLATE_NOOP("ColumnGroups", "Quality"),
}
_SALES = ("conversations", "inquiring_buyers", "ordering_buyers", "paying_buyers", "paid_same_day_buyers",
          "same_day_paying_buyers", "conversion_rate", "sales", "aov", "items", "items_per_buyer",
          "price_per_item", "attributed_orders", "paid_orders", "reminded_orders", "reminded_paid_orders",
          "reminder_success_rate")
_RESPONSE = ("turns", "unanswered_turns", "reply_rate", "slow_turns", "first_responses", "responses")
_AFTER_SALES = ("refund_orders", "refund_rate", "refund_amount", "refund_amount_rate")


def group_of(key: str) -> Optional[str]:
    """The group of a scorecard column (None: always shown, e.g. the agent's name)."""
    if key in _SALES or key.startswith("reminde"):
        return "sales"
    if key in _RESPONSE or "response" in key or key.startswith(("fr_within", "answered_")):
        return "response"
    if key in _AFTER_SALES or key.startswith("refund"):
        return "after_sales"
    if key.startswith(("quality", "qc_", "violation", "score", "hits_", "clean_share")):
        return "quality"
    return None


class ColumnGroupsButton(QToolButton):
    """"Columns ▾": one checkable entry per group; ``hidden_changed`` says which groups are hidden."""

    hidden_changed = Signal(list)

    def __init__(self, hidden: Iterable[str] = (), parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("column_groups")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.actions_ = {}
        for key in GROUPS:
            action = self.menu_.addAction("")
            action.setCheckable(True)
            action.setChecked(key not in set(hidden))
            action.toggled.connect(lambda _on: self.hidden_changed.emit(self.hidden()))
            self.actions_[key] = action
        self.setMenu(self.menu_)
        self.retranslate()

    def hidden(self) -> list[str]:
        return [key for key, action in self.actions_.items() if not action.isChecked()]

    def retranslate(self) -> None:
        self.setText(self.tr("Columns"))
        self.setToolTip(self.tr("Show or hide groups of columns (remembered)"))
        for key, action in self.actions_.items():
            action.setText(QCoreApplication.translate("ColumnGroups", GROUPS[key]))


def apply_groups(table: QTableView, key_of: Callable[[int], str], columns: int, hidden: Iterable[str]) -> None:
    """Hide the columns whose group is hidden; show the others."""
    hidden = set(hidden)
    for col in range(columns):
        table.setColumnHidden(col, group_of(key_of(col)) in hidden)
