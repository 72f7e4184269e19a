"""Orders: the morning check panel — unshipped, out of stock and unpaid (催付) lists, with handled marks."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.model.results import Results
from ..models.frame_table_model import (
    BAD,
    BOOL,
    NONE,
    WARN,
    DATETIME,
    HOURS,
    INT,
    MONEY,
    TEXT,
    ColumnSpec,
    flag_is_bad,
    positive_is_bad,
)
from ..mark_stamps import stamp_texts
from ..widgets.table_view import FrameTableView

_C = "OrdersView"
UNSHIPPED, OUT_OF_STOCK, UNPAID = "unshipped", "out_of_stock", "unpaid"
CHECKS = (UNSHIPPED, OUT_OF_STOCK, UNPAID)

#: the suggested remedies for an out-of-stock line (the seed's four actions)
REMEDIES = {
    "refund": QT_TRANSLATE_NOOP("OrdersView", "Refund (退款)"),
    "swap": QT_TRANSLATE_NOOP("OrdersView", "Swap for another item (换货)"),
    "upgrade": QT_TRANSLATE_NOOP("OrdersView", "Upgrade membership as apology (升级会员)"),
    "coupon": QT_TRANSLATE_NOOP("OrdersView", "Offer a coupon (优惠券)"),
}


def _spec(key, label, kind=TEXT, colour=None, tooltip=""):
    return ColumnSpec(key, label, kind, _C, colour, tooltip)


#: who marked the row handled and when (ui/mark_stamps.py): on a shared store, any supervisor
_STAMP_TIP = QT_TRANSLATE_NOOP("OrdersView", "Who marked it handled, and when (F5 shows other supervisors' marks)")


UNSHIPPED_SPECS = [
    _spec("platform", QT_TRANSLATE_NOOP("OrdersView", "Platform")),
    _spec("order_id", QT_TRANSLATE_NOOP("OrdersView", "Order")),
    _spec("buyer", QT_TRANSLATE_NOOP("OrdersView", "Buyer")),
    _spec("paid", QT_TRANSLATE_NOOP("OrdersView", "Paid"), DATETIME),
    _spec("age_h", QT_TRANSLATE_NOOP("OrdersView", "Age"), HOURS),
    _spec("due", QT_TRANSLATE_NOOP("OrdersView", "Ship by"), DATETIME),
    _spec("overdue", QT_TRANSLATE_NOOP("OrdersView", "Overdue"), BOOL, flag_is_bad,
          QT_TRANSLATE_NOOP("OrdersView", "Older than the shipping promise (pre-sale: its own date)")),
    _spec("presale", QT_TRANSLATE_NOOP("OrdersView", "Pre-sale"), BOOL),
    _spec("status_raw", QT_TRANSLATE_NOOP("OrdersView", "Status")),
    _spec("paid_amount", QT_TRANSLATE_NOOP("OrdersView", "Amount"), MONEY),
    _spec("remark", QT_TRANSLATE_NOOP("OrdersView", "Remark")),
    _spec("handled", QT_TRANSLATE_NOOP("OrdersView", "Handled"), BOOL),
    _spec("handled_note", QT_TRANSLATE_NOOP("OrdersView", "Note")),
    _spec("handled_stamp", QT_TRANSLATE_NOOP("OrdersView", "Marked by"), tooltip=_STAMP_TIP),
]
OUT_OF_STOCK_SPECS = [
    _spec("platform", QT_TRANSLATE_NOOP("OrdersView", "Platform")),
    _spec("order_id", QT_TRANSLATE_NOOP("OrdersView", "Order")),
    _spec("buyer", QT_TRANSLATE_NOOP("OrdersView", "Buyer")),
    _spec("paid", QT_TRANSLATE_NOOP("OrdersView", "Paid"), DATETIME),
    _spec("sku", QT_TRANSLATE_NOOP("OrdersView", "SKU")),
    _spec("title", QT_TRANSLATE_NOOP("OrdersView", "Item")),
    _spec("quantity", QT_TRANSLATE_NOOP("OrdersView", "Ordered"), INT),
    _spec("allocated", QT_TRANSLATE_NOOP("OrdersView", "Allocated"), INT),
    _spec("short", QT_TRANSLATE_NOOP("OrdersView", "Short"), INT, positive_is_bad),
    _spec("remedy_text", QT_TRANSLATE_NOOP("OrdersView", "Suggested remedy")),
    _spec("source_text", QT_TRANSLATE_NOOP("OrdersView", "Found by")),
    _spec("handled", QT_TRANSLATE_NOOP("OrdersView", "Handled"), BOOL),
    _spec("handled_note", QT_TRANSLATE_NOOP("OrdersView", "Note")),
    _spec("handled_stamp", QT_TRANSLATE_NOOP("OrdersView", "Marked by"), tooltip=_STAMP_TIP),
]
UNPAID_SPECS = [
    _spec("platform", QT_TRANSLATE_NOOP("OrdersView", "Platform")),
    _spec("order_id", QT_TRANSLATE_NOOP("OrdersView", "Order")),
    _spec("buyer", QT_TRANSLATE_NOOP("OrdersView", "Buyer")),
    _spec("created", QT_TRANSLATE_NOOP("OrdersView", "Created"), DATETIME),
    _spec("due", QT_TRANSLATE_NOOP("OrdersView", "Remind at"), DATETIME),
    _spec("is_due", QT_TRANSLATE_NOOP("OrdersView", "Due now"), BOOL, flag_is_bad),
    _spec("customer_text", QT_TRANSLATE_NOOP("OrdersView", "Customer")),
    _spec("segment", QT_TRANSLATE_NOOP("OrdersView", "Segment")),
    _spec("level", QT_TRANSLATE_NOOP("OrdersView", "Level")),
    _spec("amount", QT_TRANSLATE_NOOP("OrdersView", "Amount"), MONEY),
    _spec("handled", QT_TRANSLATE_NOOP("OrdersView", "Handled"), BOOL),
    _spec("handled_note", QT_TRANSLATE_NOOP("OrdersView", "Note")),
    _spec("handled_stamp", QT_TRANSLATE_NOOP("OrdersView", "Marked by"), tooltip=_STAMP_TIP),
]
_SPECS = {UNSHIPPED: UNSHIPPED_SPECS, OUT_OF_STOCK: OUT_OF_STOCK_SPECS, UNPAID: UNPAID_SPECS}
#: unpaid orders: a buyer with an earlier paid order is "returning" (reminded after 3 h, not 2 h)
_CUSTOMER_KIND = {
    "returning": QT_TRANSLATE_NOOP("OrdersView", "returning"),
    "new": QT_TRANSLATE_NOOP("OrdersView", "new"),
}
_SOURCES = {
    "inventory": QT_TRANSLATE_NOOP("OrdersView", "inventory sheet"),
    "status": QT_TRANSLATE_NOOP("OrdersView", "order status (缺货)"),
    "remark": QT_TRANSLATE_NOOP("OrdersView", "remark (缺货)"),
}


def _tr(text: str) -> str:
    """Translate a string marked with QT_TRANSLATE_NOOP("OrdersView", ...) above."""
    return QCoreApplication.translate(_C, text)


def _with_texts(check: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Add the translated text columns a check shows (remedy, source, new/returning)."""
    out = frame.copy()
    if check == OUT_OF_STOCK:
        remedy = out["remedy"] if "remedy" in out.columns else pd.Series("", index=out.index)
        out["remedy_text"] = [_tr(REMEDIES[k]) if k in REMEDIES else str(k or "") for k in remedy.fillna("")]
        source = out["source"] if "source" in out.columns else pd.Series("", index=out.index)
        out["source_text"] = [_tr(_SOURCES[k]) if k in _SOURCES else str(k or "") for k in source.fillna("")]
    elif check == UNPAID:
        returning = out["returning"] if "returning" in out.columns else pd.Series(False, index=out.index)
        is_returning = returning.fillna(False).astype(bool).to_numpy()
        returning_text, new_text = _tr(_CUSTOMER_KIND["returning"]), _tr(_CUSTOMER_KIND["new"])
        out["customer_text"] = np.where(is_returning, returning_text, new_text)
    return out


class OrdersView(QWidget):
    """Three tabs of checks; handled rows can be hidden or shown greyed."""

    #: the user marked an order handled: (check, platform, order_id, note)
    handled_requested = Signal(str, str, str, str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._results: Optional[Results] = None
        #: frames as given by the results, with local handled marks applied
        self._frames: dict[str, pd.DataFrame] = {}
        #: the open "Mark handled" note dialog, if any
        self.note_dialog: Optional[QInputDialog] = None
        #: the name new marks are made under, shown at once in "Marked by" (page_links.py sets it)
        self.marked_by: Callable[[], str] = lambda: ""
        self.tabs = QTabWidget(self)
        self.tables: dict[str, FrameTableView] = {}
        self.mark_actions: dict[str, QAction] = {}
        for check in CHECKS:
            table = FrameTableView(self, export_name=check)
            table.freeze_first_column()
            action = QAction(self)
            action.triggered.connect(lambda _=False, c=check: self.mark_handled_dialog(c))
            table.add_row_action(action)
            self.mark_actions[check] = action
            self.tables[check] = table
            self.tabs.addTab(table, "")
        self.show_handled = QCheckBox(self)
        self.show_handled.toggled.connect(self._refresh_all)
        self.copy_button = QPushButton(self)
        self.copy_button.clicked.connect(lambda: self.current_table().copy_buyer_ids())
        self.mark_button = QPushButton(self)
        self.mark_button.clicked.connect(lambda: self.mark_handled_dialog(self.current_check()))
        self.as_of_label = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(self.as_of_label, 1)
        bar.addWidget(self.show_handled)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.mark_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.retranslate_ui()
        self.set_results(None)

    # --- public API -------------------------------------------------------------------------
    def set_results(self, results: Optional[Results]) -> None:
        self._results = results
        self._frames = {}
        if results is not None:
            for check in CHECKS:
                frame = getattr(results, check)
                if frame is not None:
                    if "handled" not in frame.columns:
                        frame = frame.assign(handled=False)
                    self._frames[check] = _with_texts(check, frame.reset_index(drop=True))
        self._refresh_all()

    def current_check(self) -> str:
        return CHECKS[max(self.tabs.currentIndex(), 0)]

    def current_table(self) -> FrameTableView:
        return self.tables[self.current_check()]

    def show_check(self, check: str) -> None:
        self.tabs.setCurrentIndex(CHECKS.index(check))

    def focus_filter(self) -> None:
        self.current_table().focus_filter()

    def selected_orders(self, check: str) -> list[tuple[str, str]]:
        """(platform, order_id) of the selected rows of a tab, without repeats."""
        table = self.tables[check]
        frame = table.model.frame()
        seen: dict[tuple[str, str], None] = {}
        for src in table.selected_source_rows():
            row = frame.iloc[src]
            seen.setdefault((str(row.get("platform", "")), str(row["order_id"])), None)
        return list(seen)

    def mark_selected_handled(self, check: str, note: str) -> int:
        """Mark the selected orders of ``check`` handled: emit handled_requested for each and grey
        (or hide) them at once; the main window stores the mark so it survives later imports.
        Returns the number of orders marked."""
        orders = self.selected_orders(check)
        if not orders:
            return 0
        for platform, order_id in orders:
            self.handled_requested.emit(check, platform, order_id, note)
        frame = self._frames.get(check)
        if frame is not None:
            keys = set(orders)
            hit = [(str(p), str(o)) in keys for p, o in zip(frame.get("platform", ""), frame["order_id"])]
            frame = frame.copy()
            hit = np.asarray(hit, dtype=bool)
            frame.loc[hit, "handled"] = True
            # shown until the next recompute brings the stored marks (a store may add its own notes)
            if "handled_note" not in frame.columns:
                frame["handled_note"] = ""
            frame["handled_note"] = frame["handled_note"].astype(object)
            frame.loc[hit, "handled_note"] = note
            frame["handled_stamp"] = (frame["handled_stamp"] if "handled_stamp" in frame.columns else "")
            frame["handled_stamp"] = frame["handled_stamp"].astype(object)
            frame.loc[hit, "handled_stamp"] = stamp_texts([self.marked_by()], [pd.Timestamp.now()])[0]
            self._frames[check] = frame
        self._refresh(check)
        return len(orders)

    def mark_handled_dialog(self, check: str) -> Optional[QInputDialog]:
        """Ask for a note (window-modal, not blocking), then mark the selected orders handled."""
        n = len(self.selected_orders(check))
        if n == 0:
            return None
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Mark handled"))
        dialog.setLabelText(self.tr("Note for {n} order(s) (what was done, e.g. 已联系买家换货):").format(n=n))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.textValueSelected.connect(lambda note: self.mark_selected_handled(check, note.strip()))
        dialog.finished.connect(dialog.deleteLater)
        self.note_dialog = dialog
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        """View protocol: every visible string again in the current language."""
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(0, self.tr("Unshipped"))
        self.tabs.setTabText(1, self.tr("Out of stock"))
        self.tabs.setTabText(2, self.tr("Unpaid (催付)"))
        self.show_handled.setText(self.tr("Show handled"))
        self.copy_button.setText(self.tr("Copy buyer ids"))
        self.mark_button.setText(self.tr("Mark handled…"))
        for action in self.mark_actions.values():
            action.setText(self.tr("Mark handled…"))
        for table in self.tables.values():
            table.retranslate_ui()
        if self._results is not None:
            # remedy / new-returning texts are translated into the frames: rebuild them
            self.set_results(self._results)
        self._update_tab_counts()

    # --- internals ------------------------------------------------------------------------
    def _refresh_all(self, *_args) -> None:
        for check in CHECKS:
            self._refresh(check)
        r = self._results
        self.as_of_label.setText(
            self.tr("As of {t}").format(t=pd.Timestamp(r.as_of).strftime("%Y-%m-%d %H:%M")) if r else "")

    def _refresh(self, check: str) -> None:
        table = self.tables[check]
        frame = self._frames.get(check)
        if frame is None:
            table.set_frame(None, _SPECS[check])
        else:
            handled = frame["handled"].fillna(False).astype(bool).to_numpy()
            if not self.show_handled.isChecked():
                frame = frame[~handled].reset_index(drop=True)
                handled = np.zeros(len(frame), dtype=bool)
            table.set_frame(frame, _SPECS[check])
            table.model.set_muted_rows(handled)
            flag = {UNSHIPPED: "overdue", UNPAID: "is_due"}.get(check)
            if flag and flag in frame.columns:
                # an overdue order is red across the row; a handled one is only greyed
                due = frame[flag].fillna(False).astype(bool).to_numpy() & ~handled
                table.model.set_row_states(np.where(due, BAD if check == UNSHIPPED else WARN, NONE))
        self._update_tab_counts()

    def _update_tab_counts(self) -> None:
        names = [self.tr("Unshipped"), self.tr("Out of stock"), self.tr("Unpaid (催付)")]
        for i, (check, name) in enumerate(zip(CHECKS, names)):
            n = self.tables[check].model.rowCount() if check in self.tables else 0
            self.tabs.setTabText(i, f"{name} ({n})")
