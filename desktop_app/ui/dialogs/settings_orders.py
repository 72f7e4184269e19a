"""The settings dialog's Orders tab (as-of time, shipping promise, 催付, closed unpaid) and the sales
judgment (绩效判定) choice the Attribution tab shows."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QFormLayout, QHBoxLayout, QWidget

from ...core.model.settings import ModelSettings
from .settings_general import spin_box


class OrdersSettingsTab(QWidget):
    """The order checks' settings; ``load(s)`` shows them, ``changes()`` reads them back."""

    def __init__(self, s: ModelSettings, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        h = self.tr(" h")
        as_of_row = QHBoxLayout()
        self.as_of_enabled = QCheckBox(self.tr("Fixed as-of time"))
        self.as_of = QDateTimeEdit()
        self.as_of.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.as_of.setCalendarPopup(True)
        self.as_of_enabled.toggled.connect(self.as_of.setEnabled)
        as_of_row.addWidget(self.as_of_enabled)
        as_of_row.addWidget(self.as_of)
        form.addRow(self.tr("As of (default: newest time in the data)"), as_of_row)
        self.ship_promise = spin_box(1, 24 * 30, 48, h)
        self.ship_promise.setObjectName("shipping_promise_h")
        form.addRow(self.tr("Shipping promise (未发货 overdue after)"), self.ship_promise)
        self.remind_new = spin_box(0, 72, 2, h, decimals=1, step=0.5)
        form.addRow(self.tr("Payment reminder (催付): new buyers after"), self.remind_new)
        self.remind_returning = spin_box(0, 72, 3, h, decimals=1, step=0.5)
        form.addRow(self.tr("Payment reminder (催付): returning buyers after"), self.remind_returning)
        self.remind_window = spin_box(1, 24 * 30, 72, h)
        self.remind_window.setObjectName("reminder_window_h")
        form.addRow(self.tr("A payment reminder counts when an agent messaged within"), self.remind_window)
        # past the platform's auto-close time an unpaid order is lost ("closed unpaid"), not due
        self.close_enabled = QCheckBox(self.tr("Unpaid orders close after"))
        self.close_hours = spin_box(1, 24 * 30, 72, h)
        self.close_hours.setObjectName("unpaid_close_hours")
        self.close_enabled.toggled.connect(self.close_hours.setEnabled)
        form.addRow(self.close_enabled, self.close_hours)
        #: 绩效判定: shown on the Attribution tab (how a sale is credited to an agent)
        self.sale_rule = QComboBox()
        self.sale_rule.setObjectName("sale_rule")
        self.sale_rule.addItem(self.tr("By order time (下单判定)"), "order")
        self.sale_rule.addItem(self.tr("Order time, or paid after the chat (下单优先判定)"), "order_first")
        self.sale_rule.addItem(self.tr("By payment time (付款判定)"), "payment")
        self.load(s)

    def load(self, s: ModelSettings) -> None:
        self.as_of_enabled.setChecked(s.as_of is not None)
        self.as_of.setEnabled(s.as_of is not None)
        if s.as_of:
            self.as_of.setDateTime(QDateTime.fromString(s.as_of, "yyyy-MM-dd HH:mm:ss"))
        self.ship_promise.setValue(s.shipping_promise_h)
        self.remind_new.setValue(s.reminder_new_h)
        self.remind_returning.setValue(s.reminder_returning_h)
        self.remind_window.setValue(s.reminder_window_h)
        self.close_enabled.setChecked(s.unpaid_close_hours is not None)
        self.close_hours.setEnabled(s.unpaid_close_hours is not None)
        self.close_hours.setValue(s.unpaid_close_hours or 72.0)
        self.sale_rule.setCurrentIndex(max(0, self.sale_rule.findData(s.sale_rule)))

    def changes(self) -> dict[str, Any]:
        return dict(
            as_of=(self.as_of.dateTime().toString("yyyy-MM-dd HH:mm:ss")
                   if self.as_of_enabled.isChecked() else None),
            shipping_promise_h=float(self.ship_promise.value()),
            reminder_new_h=float(self.remind_new.value()),
            reminder_returning_h=float(self.remind_returning.value()),
            reminder_window_h=float(self.remind_window.value()),
            unpaid_close_hours=float(self.close_hours.value()) if self.close_enabled.isChecked() else None,
            sale_rule=self.sale_rule.currentData(),
        )
