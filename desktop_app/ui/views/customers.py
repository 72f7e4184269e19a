"""Customers: RFM segment chart and table, membership level counts, and the masked customer archive."""

from __future__ import annotations

from typing import Optional

import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.model.customers import mask_contacts
from ...core.model.results import Results
from ...core.model.customers import SEGMENT_EN
from ..charts.segments import SegmentChart
from ..formatting import chinese
from ..models.frame_table_model import DATETIME, FLOAT, INT, MONEY, PERCENT, TEXT, ColumnSpec
from ..widgets.table_view import FrameTableView

_C = "CustomersView"
#: the classic eight RFM segments in domain.md's order (↑ = better than the mean)
SEGMENTS = ["重要价值", "重要发展", "重要保持", "重要挽留", "一般价值", "一般发展", "一般保持", "一般挽留"]


def _spec(key, label, kind=TEXT, tooltip=""):
    return ColumnSpec(key, label, kind, _C, None, tooltip)


SEGMENT_SPECS = [
    _spec("segment", QT_TRANSLATE_NOOP("CustomersView", "Segment")),
    _spec("customers", QT_TRANSLATE_NOOP("CustomersView", "Customers"), INT),
    _spec("share", QT_TRANSLATE_NOOP("CustomersView", "Share"), PERCENT),
    _spec("paid_amount", QT_TRANSLATE_NOOP("CustomersView", "Paid amount"), MONEY),
    _spec("recency_days", QT_TRANSLATE_NOOP("CustomersView", "Mean days since last payment"), FLOAT),
]
LEVEL_SPECS = [
    _spec("level", QT_TRANSLATE_NOOP("CustomersView", "Level")),
    _spec("threshold", QT_TRANSLATE_NOOP("CustomersView", "From"), FLOAT),
    _spec("customers", QT_TRANSLATE_NOOP("CustomersView", "Customers"), INT),
]
ARCHIVE_SPECS = [
    _spec("buyer", QT_TRANSLATE_NOOP("CustomersView", "Buyer")),
    _spec("platform", QT_TRANSLATE_NOOP("CustomersView", "Platform")),
    _spec("segment", QT_TRANSLATE_NOOP("CustomersView", "Segment")),
    _spec("level", QT_TRANSLATE_NOOP("CustomersView", "Level")),
    _spec("level_stamp", QT_TRANSLATE_NOOP("CustomersView", "Level stored by"),
          tooltip=QT_TRANSLATE_NOOP("CustomersView", "Who stored this level and when: the run that raised it "
                                                     "(under the name in Settings ▸ Database), or a hand edit")),
    _spec("receiver_name", QT_TRANSLATE_NOOP("CustomersView", "Name")),
    _spec("receiver_phone", QT_TRANSLATE_NOOP("CustomersView", "Phone")),
    _spec("receiver_address", QT_TRANSLATE_NOOP("CustomersView", "Address")),
    _spec("first_order", QT_TRANSLATE_NOOP("CustomersView", "First order"), DATETIME),
    _spec("last_order", QT_TRANSLATE_NOOP("CustomersView", "Last order"), DATETIME),
    _spec("orders", QT_TRANSLATE_NOOP("CustomersView", "Orders"), INT),
    _spec("paid_orders", QT_TRANSLATE_NOOP("CustomersView", "Paid orders"), INT),
    _spec("paid_amount", QT_TRANSLATE_NOOP("CustomersView", "Paid amount"), MONEY),
    _spec("refund_amount", QT_TRANSLATE_NOOP("CustomersView", "Refunds"), MONEY),
    _spec("recency_days", QT_TRANSLATE_NOOP("CustomersView", "R: days"), FLOAT,
          QT_TRANSLATE_NOOP("CustomersView", "Days since the last payment in the look-back window")),
    _spec("frequency", QT_TRANSLATE_NOOP("CustomersView", "F: orders"), INT),
    _spec("monetary", QT_TRANSLATE_NOOP("CustomersView", "M: net paid"), MONEY),
    _spec("r_score", QT_TRANSLATE_NOOP("CustomersView", "R score"), INT),
    _spec("f_score", QT_TRANSLATE_NOOP("CustomersView", "F score"), INT),
    _spec("m_score", QT_TRANSLATE_NOOP("CustomersView", "M score"), INT),
]


def segment_label(name: str) -> str:
    """A segment's name in the UI language (the data keeps the Chinese key; English: SEGMENT_EN)."""
    return name if chinese() else SEGMENT_EN.get(name, name)


def _with_segment_labels(frame: pd.DataFrame) -> pd.DataFrame:
    if chinese() or frame is None or "segment" not in frame.columns:
        return frame
    out = frame.copy()
    out["segment"] = out["segment"].map(lambda s: SEGMENT_EN.get(s, s) if isinstance(s, str) else s)
    return out


def segment_table(customers: pd.DataFrame) -> pd.DataFrame:
    """One row per segment (the eight in order, then any other non-empty label) with counts."""
    seg = customers["segment"].fillna("").astype(str)
    scored = customers[seg != ""]
    seg = seg[seg != ""]
    extra = sorted(set(seg) - set(SEGMENTS))
    rows = []
    total = len(scored)
    for name in SEGMENTS + extra:
        part = scored[seg == name]
        rows.append({
            "segment": name, "customers": len(part),
            "share": len(part) / total if total else float("nan"),
            "paid_amount": float(pd.to_numeric(part["paid_amount"], errors="coerce").sum()),
            "recency_days": float(pd.to_numeric(part["recency_days"], errors="coerce").mean())
            if len(part) else float("nan"),
        })
    return pd.DataFrame(rows, columns=[s.key for s in SEGMENT_SPECS])


def level_table(customers: pd.DataFrame, levels) -> pd.DataFrame:
    """Customers per membership level, in the settings' rising order (levels nobody reached show 0)."""
    counts = customers["level"].fillna("").astype(str).value_counts()
    rows = [{"level": name, "threshold": float(threshold), "customers": int(counts.get(name, 0))}
            for name, threshold in levels]
    known = {name for name, _ in levels}
    for name, n in counts.items():
        if name and name not in known:
            rows.append({"level": name, "threshold": float("nan"), "customers": int(n)})
    return pd.DataFrame(rows, columns=[s.key for s in LEVEL_SPECS])


class CustomersView(QWidget):
    """Segments (chart + table) and levels on top, the customer archive below."""

    #: contact details were unmasked (True) or masked again (False)
    unmask_changed = Signal(bool)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._results: Optional[Results] = None
        self._unmasked = False
        #: the open unmask confirmation, if any
        self.confirm_box: Optional[QMessageBox] = None
        self.chart = SegmentChart(self)
        self.segments = FrameTableView(self, export_name="segments", filterable=False)
        self.levels = FrameTableView(self, export_name="levels", filterable=False)
        self.archive = FrameTableView(self, export_name="customers")
        self.archive.freeze_first_column()  # the buyer stays while the RFM columns scroll
        self.unmask_check = QCheckBox(self)
        self.unmask_check.toggled.connect(self._on_unmask_toggled)
        self.summary_label = QLabel(self)
        self.segments_label = QLabel(self)
        self.levels_label = QLabel(self)
        self.archive_label = QLabel(self)
        for label in (self.segments_label, self.levels_label, self.archive_label):
            font = label.font()
            font.setBold(True)
            label.setFont(font)

        seg_box = QWidget(self)
        seg_lay = QVBoxLayout(seg_box)
        seg_lay.setContentsMargins(0, 0, 0, 0)
        seg_lay.addWidget(self.segments_label)
        seg_lay.addWidget(self.chart, 3)
        seg_lay.addWidget(self.segments, 2)
        lvl_box = QWidget(self)
        lvl_lay = QVBoxLayout(lvl_box)
        lvl_lay.setContentsMargins(0, 0, 0, 0)
        lvl_lay.addWidget(self.levels_label)
        lvl_lay.addWidget(self.levels)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.setObjectName("customers_top_splitter")
        top.addWidget(seg_box)
        top.addWidget(lvl_box)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        arch_box = QWidget(self)
        arch_lay = QVBoxLayout(arch_box)
        arch_lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.archive_label)
        head.addWidget(self.summary_label, 1)
        head.addWidget(self.unmask_check)
        arch_lay.addLayout(head)
        arch_lay.addWidget(self.archive, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("customers_splitter")
        split.addWidget(top)
        split.addWidget(arch_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate_ui()
        self.set_results(None)

    # --- public API -------------------------------------------------------------------------
    def set_results(self, results: Optional[Results]) -> None:
        self._results = results
        if results is None or results.customers is None:
            self.chart.set_segments([], [])
            self.segments.set_frame(None, SEGMENT_SPECS)
            self.levels.set_frame(None, LEVEL_SPECS)
            self.archive.set_frame(None, ARCHIVE_SPECS)
            self.summary_label.setText("")
            return
        customers = results.customers
        seg = segment_table(customers)
        self.chart.set_segments([segment_label(s) for s in seg["segment"]],
                                seg["customers"].to_numpy(dtype="float64"))
        self.segments.set_frame(_with_segment_labels(seg), SEGMENT_SPECS)
        # thresholds are yuan or paid-order counts, as the settings' level basis says
        basis_kind = INT if results.settings.level_basis == "orders" else MONEY
        specs = [spec if spec.key != "threshold" else ColumnSpec(spec.key, spec.label, basis_kind, _C)
                 for spec in LEVEL_SPECS]
        self.levels.set_frame(level_table(customers, results.settings.levels), specs)
        self._show_archive()
        self.summary_label.setText(self.tr("{n} customers; RFM over the {days} days before {as_of}").format(
            n=len(customers), days=results.settings.rfm_lookback_days,
            as_of=pd.Timestamp(results.as_of).strftime("%Y-%m-%d")))

    def is_unmasked(self) -> bool:
        return self._unmasked

    def set_unmasked(self, unmasked: bool) -> None:
        """Show (True) or hide contact details; programmatic, no confirmation (the toggle asks)."""
        unmasked = bool(unmasked)
        changed = unmasked != self._unmasked
        self._unmasked = unmasked
        self.unmask_check.blockSignals(True)
        self.unmask_check.setChecked(unmasked)
        self.unmask_check.blockSignals(False)
        self._show_archive()
        if changed:
            self.unmask_changed.emit(unmasked)

    def focus_filter(self) -> None:
        self.archive.focus_filter()

    def retranslate(self) -> None:
        """View protocol: every visible string again in the current language."""
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.segments_label.setText(self.tr("RFM segments"))
        self.levels_label.setText(self.tr("Membership levels"))
        self.archive_label.setText(self.tr("Customer archive"))
        self.unmask_check.setText(self.tr("Unmask contact details"))
        for table in (self.segments, self.levels, self.archive):
            table.retranslate_ui()
        self.chart.retranslate_ui()
        if self._results is not None:
            self.set_results(self._results)

    # --- internals ------------------------------------------------------------------------
    def _show_archive(self) -> None:
        r = self._results
        if r is None or r.customers is None:
            self.archive.set_frame(None, ARCHIVE_SPECS)
            return
        frame = r.customers if self._unmasked else mask_contacts(r.customers)
        # keep the filter and selection stable: only the contact columns differ between the two
        self.archive.set_unmasked(self._unmasked)
        self.archive.set_frame(_with_segment_labels(frame), ARCHIVE_SPECS)

    def _on_unmask_toggled(self, checked: bool) -> None:
        if not checked:
            self.set_unmasked(False)
            return
        # Undo the tick until the user confirms; the box is window-modal but does not block.
        self.unmask_check.blockSignals(True)
        self.unmask_check.setChecked(False)
        self.unmask_check.blockSignals(False)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unmask contact details"),
                          self.tr("Show full names, phone numbers and addresses?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setInformativeText(self.tr(
            "They stay on this computer, but anyone who sees the screen or an export made now will "
            "see them. Untick the box to mask them again."))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda result: self._on_confirm_finished(box, result))
        self.confirm_box = box
        box.open()

    def _on_confirm_finished(self, box: QMessageBox, _result: int) -> None:
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
            self.set_unmasked(True)
        self.confirm_box = None
        box.deleteLater()
