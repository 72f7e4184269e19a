"""The column-mapping dialog for a file whose header row matches no known export format.

It previews the first rows, lets the user say what the file holds (orders, order lines, chats,
inventory) and which column holds each field, pre-selects ``suggest_mapping``'s guess, blocks
OK until every required field has a column, and can remember the choice for files with the
same headers (MappingStore in the data folder), so the next such file opens without asking.
"""

from __future__ import annotations

import os
from typing import Any, Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import importlib

import pandas as pd

from ...core import schema
from ...core.errors import UnrecognisedFormat
from ...core.importers.base import KIND_CHATS, KIND_INVENTORY, KIND_LINES, KIND_ORDERS, RawTable
from ...core.importers.mapping import FIELDS, ColumnMapping, status_from_words, suggest_mapping
from ..bilingual import describe

#: rows shown in the preview
PREVIEW_ROWS = 20
#: distinct status words offered for mapping (the most frequent first)
MAX_STATUS_WORDS = 30
#: English words seen in ERP and Shopify-like exports
_EXTRA_STATUS_WORDS = {
    "pending": schema.UNPAID, "unpaid": schema.UNPAID, "paid": schema.PAID_UNSHIPPED,
    "unfulfilled": schema.PAID_UNSHIPPED, "fulfilled": schema.SHIPPED, "shipped": schema.SHIPPED,
    "delivered": schema.COMPLETED, "completed": schema.COMPLETED, "refunded": schema.CLOSED,
    "cancelled": schema.CLOSED, "canceled": schema.CLOSED, "voided": schema.CLOSED,
}


def known_status_words() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Every platform importer's status words, to pre-select a mapped file's statuses."""
    words: dict[str, str] = dict(_EXTRA_STATUS_WORDS)
    contains: list[tuple[str, str]] = []
    for name in ("orders_taobao", "orders_jd", "orders_pdd", "orders_douyin", "orders_shopify"):
        try:
            module = importlib.import_module(f"desktop_app.core.importers.{name}")
        except ImportError:
            continue
        words.update(getattr(module, "STATUS_WORDS", {}) or {})
        contains.extend(getattr(module, "STATUS_CONTAINS", ()) or ())
    return words, tuple(contains)


def _pick_table(tables: list[RawTable], sheet: Optional[str]) -> Optional[RawTable]:
    for t in tables:
        if sheet and t.sheet == sheet:
            return t
    return tables[0] if tables else None


def guess_kind(headers: list[str]) -> str:
    """The kind whose required fields the headers cover best (ties: orders first)."""
    best, best_score = KIND_ORDERS, -1.0
    for kind in (KIND_ORDERS, KIND_CHATS, KIND_INVENTORY, KIND_LINES):
        required = [f for f, (req, _) in FIELDS[kind].items() if req]
        found = suggest_mapping(headers, kind)
        score = sum(1 for f in required if f in found) / len(required)
        if score > best_score + 1e-9:
            best, best_score = kind, score
    return best


class MappingDialog(QDialog):
    """Choose which column holds each field; ``mapping()`` returns the ColumnMapping."""

    def __init__(
        self,
        path: str,
        error: Optional[UnrecognisedFormat] = None,
        mapping_store: Any = None,
        parent: Optional[QWidget] = None,
        table: Optional[RawTable] = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapping_dialog")
        self.path = str(path)
        self.mapping_store = mapping_store
        if table is None:
            from ...core.importers.readers import read_raw_tables

            table = _pick_table(read_raw_tables(self.path), getattr(error, "sheet", None))
        if table is None:
            raise UnrecognisedFormat("the file holds no table", file=os.path.basename(self.path))
        self.table = table
        self.headers = list(table.headers)
        self.combos: dict[str, QComboBox] = {}
        self.setWindowTitle(self.tr("Choose the columns — %1").replace("%1", os.path.basename(self.path)))
        self.resize(920, 720)

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This file's header row matches no known export. Tell the app what the file holds and which "
            "column holds each field. Fields marked * are required."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if error is not None and error.message:
            # what was wrong, without the hint (it says to use this very dialog)
            self.reason = QLabel(describe(error, with_hint=False))
            self.reason.setWordWrap(True)
            self.reason.setStyleSheet("color: palette(mid);")
            layout.addWidget(self.reason)

        kind_row = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind_combo")
        self.kind_combo.addItem(self.tr("Orders"), KIND_ORDERS)
        self.kind_combo.addItem(self.tr("Order lines (items)"), KIND_LINES)
        self.kind_combo.addItem(self.tr("Chat log"), KIND_CHATS)
        self.kind_combo.addItem(self.tr("Inventory"), KIND_INVENTORY)
        kind_row.addRow(self.tr("The file holds"), self.kind_combo)
        layout.addLayout(kind_row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("mapping_splitter")
        self.preview = QTableView()
        self.preview.setObjectName("mapping_preview")
        self.preview.setModel(self._preview_model())
        self.preview.verticalHeader().setDefaultSectionSize(22)
        splitter.addWidget(self.preview)
        self.fields_box = QGroupBox(self.tr("Columns"))
        self.fields_form = QFormLayout(self.fields_box)
        # orders: what each status word of the file means (unknown words: judged from the times)
        self.status_box = QGroupBox(self.tr("Order status words"))
        self.status_box.setObjectName("status_words")
        self.status_form = QFormLayout(self.status_box)
        self.status_combos: dict[str, QComboBox] = {}
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.fields_box)
        inner_layout.addWidget(self.status_box)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        splitter.addWidget(scroll)
        layout.addWidget(splitter, 1)
        # 20 rows at most: measuring them is cheap, and dates must not be cut to "2026-11-20 …"
        self.preview.resizeColumnsToContents()
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([180, 420])

        self.status = QLabel()
        self.status.setObjectName("mapping_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.remember = QCheckBox(self.tr("Remember for files with these headers"))
        self.remember.setObjectName("remember")
        self.remember.setChecked(True)
        self.remember.setEnabled(mapping_store is not None)
        layout.addWidget(self.remember)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(guess_kind(self.headers))))
        self.kind_combo.currentIndexChanged.connect(self._build_fields)
        self._build_fields()

    # --- building -------------------------------------------------------------------------------
    def _preview_model(self) -> QStandardItemModel:
        data = self.table.data.head(PREVIEW_ROWS)
        model = QStandardItemModel(len(data), len(self.headers), self)
        model.setHorizontalHeaderLabels(self.headers)
        # the spreadsheet row numbers, so the user can find the row in Excel
        model.setVerticalHeaderLabels([str(i) for i in data.index])
        for r, row in enumerate(data.itertuples(index=False)):
            for c, value in enumerate(row):
                text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
                item = QStandardItem(text)
                item.setEditable(False)
                model.setItem(r, c, item)
        return model

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        """Say what the file holds (orders, lines, chats, inventory); rebuilds the field list."""
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def _build_fields(self) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.combos = {}
        kind = self.kind()
        suggested = suggest_mapping(self.headers, kind)
        for name, (required, label) in FIELDS[kind].items():
            combo = QComboBox()
            combo.setObjectName(f"field_{name}")
            combo.addItem(self.tr("— not in this file —"), "")
            for h in self.headers:
                combo.addItem(h, h)
            if name in suggested:
                combo.setCurrentIndex(combo.findData(suggested[name]))
            combo.currentIndexChanged.connect(self._validate)
            self.combos[name] = combo
            self.fields_form.addRow(f"{label}{' *' if required else ''}", combo)
        if "status" in self.combos:
            self.combos["status"].currentIndexChanged.connect(self._build_status_words)
        self._build_status_words()
        self._validate()

    def _status_choices(self) -> list[tuple[str, str]]:
        return [
            (self.tr("— judge from the payment and shipping times —"), ""),
            (self.tr("Unpaid (待付款)"), schema.UNPAID),
            (self.tr("Paid, not shipped (待发货)"), schema.PAID_UNSHIPPED),
            (self.tr("Shipped (已发货)"), schema.SHIPPED),
            (self.tr("Completed (交易成功)"), schema.COMPLETED),
            (self.tr("Closed or cancelled (交易关闭)"), schema.CLOSED),
        ]

    def _build_status_words(self) -> None:
        """One drop-down per distinct word of the chosen status column, pre-set from known words."""
        while self.status_form.rowCount():
            self.status_form.removeRow(0)
        self.status_combos = {}
        header = self.combos["status"].currentData() if "status" in self.combos else ""
        self.status_box.setVisible(bool(header) and self.kind() == KIND_ORDERS)
        if not header or self.kind() != KIND_ORDERS:
            return
        values = self.table.data[header].astype(str).str.strip()
        values = values[(values != "") & (values.str.lower() != "nan")]
        words = list(values.value_counts().index[:MAX_STATUS_WORDS])
        known, contains = known_status_words()
        guessed = status_from_words(known, contains)(pd.Series(words, dtype=object)).tolist() if words else []
        for word, guess in zip(words, guessed):
            combo = QComboBox()
            for text, value in self._status_choices():
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(guess or "")))
            self.status_combos[word] = combo
            self.status_form.addRow(word, combo)

    def set_status_word(self, word: str, status: str) -> None:
        """Say what a status word of the file means (one of schema.ORDER_STATUSES, "" = judge)."""
        combo = self.status_combos[word]
        combo.setCurrentIndex(combo.findData(status))

    # --- validation and result ----------------------------------------------------------------------
    def set_field(self, name: str, header: str) -> None:
        """Choose ``header`` for field ``name`` (used by tests and keyboard users alike)."""
        combo = self.combos[name]
        combo.setCurrentIndex(combo.findData(header))

    def missing_fields(self) -> list[str]:
        """Required fields that have no column yet."""
        return [n for n, (req, _) in FIELDS[self.kind()].items() if req and not self.combos[n].currentData()]

    def duplicate_headers(self) -> list[str]:
        """Columns chosen for more than one field."""
        chosen = [c.currentData() for c in self.combos.values() if c.currentData()]
        return sorted({h for h in chosen if chosen.count(h) > 1})

    def _validate(self) -> bool:
        missing = self.missing_fields()
        dups = self.duplicate_headers()
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        messages = []
        if missing:
            labels = [FIELDS[self.kind()][n][1] for n in missing]
            messages.append(self.tr("Choose a column for: %1").replace("%1", ", ".join(labels)))
        if dups:
            messages.append(self.tr("A column is used for several fields: %1").replace("%1", ", ".join(dups)))
        for name, combo in self.combos.items():
            bad = name in missing or (combo.currentData() and combo.currentData() in dups)
            combo.setStyleSheet("QComboBox { color: #b00020; }" if bad else "")
        if messages:
            self.status.setText("\n".join(messages))
            self.status.setStyleSheet(f"color: {QColor('#b00020').name()};")
        else:
            self.status.setText(self.tr("Every required field has a column."))
            self.status.setStyleSheet("")
        valid = not messages
        ok_button.setEnabled(valid)
        return valid

    def mapping(self) -> Optional[ColumnMapping]:
        """The chosen mapping, or None while it is incomplete."""
        if self.missing_fields() or self.duplicate_headers():
            return None
        fields = {n: c.currentData() for n, c in self.combos.items() if c.currentData()}
        status_map = {w: c.currentData() for w, c in self.status_combos.items() if c.currentData()}
        return ColumnMapping(kind=self.kind(), fields=fields, status_map=status_map)

    def accept(self) -> None:  # noqa: D102 - QDialog override
        if not self._validate():
            return
        mapping = self.mapping()
        if mapping is not None and self.remember.isChecked() and self.mapping_store is not None:
            self.mapping_store.save(self.headers, mapping)
        super().accept()
