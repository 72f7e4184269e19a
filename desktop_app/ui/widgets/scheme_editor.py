"""SchemeEditor: an appraisal scheme as a form (items, bands, deductions, commission, grades), live-validated.

Every edit rebuilds the scheme's JSON object from the widgets and validates it with the core's
``parse_scheme``: a valid scheme is announced with ``scheme_changed``; an invalid one shows the
core's message (naming the key) under the form and is announced with ``validation_failed``, while the
last valid scheme stays in force (nothing is half-applied). Weights, floors, targets and deduction
points are spin boxes that report every keystroke, so totals follow as the user types.
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.appraisal.labels import label
from ...core.appraisal.scheme import (
    COMMISSION_BASES, COMMISSION_MODES, DEDUCTION_KPIS, HIGHER, ITEM_KPIS, LOWER, SCHEME_VERSION, Scheme,
    SchemeError, parse_scheme,
)
from ..bilingual import chinese_first, describe, edited_name, name_in_reader_language, relabelled_name
from .pairs_table import PairsTable


def kpi_label(kpi: str) -> str:
    """The KPI's name in the window's language (the core keeps both)."""
    return label(kpi, 0 if chinese_first() else 1)


def _spin(parent: QWidget, value: float, maximum: float = 1e9, decimals: int = 4) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setDecimals(decimals)
    box.setRange(0.0, maximum)
    box.setValue(value)
    box.setKeyboardTracking(True)  # every keystroke counts: totals update as the user types
    return box


class SchemeEditor(QWidget):
    """The form; ``set_scheme`` fills it, ``scheme()`` is the last valid scheme."""

    #: a valid scheme after an edit
    scheme_changed = Signal(object)
    #: the edit is not a valid scheme: the message (in the window's language order)
    validation_failed = Signal(str)

    ITEM_KPI, ITEM_WEIGHT, ITEM_BETTER, ITEM_RULE, ITEM_FLOOR, ITEM_TARGET = range(6)
    DED_KPI, DED_EACH, DED_CAP = range(3)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._scheme: Optional[Scheme] = None
        self._bands: list[list] = []  # per item row: its bands (kept while the rule is linear)
        self._filling = False
        self._full_name = ''  # the scheme's own name (both languages for the default): kept while unedited

        self.name_label = QLabel(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.textChanged.connect(self._edited)

        self.items_box = QGroupBox(self)
        self.items = QTableWidget(0, 6, self)
        self.items.verticalHeader().setVisible(False)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.currentCellChanged.connect(lambda row, *_: self._show_bands(row))
        self.add_item_button = QPushButton(self)
        self.add_item_button.clicked.connect(lambda: self.add_item(self._unused_kpi()))
        self.remove_item_button = QPushButton(self)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.bands_label = QLabel(self)
        self.bands = PairsTable(self)
        self.bands.changed.connect(self._bands_edited)
        self.add_band_button = QPushButton(self)
        self.add_band_button.clicked.connect(self.bands.add_row)
        self.remove_band_button = QPushButton(self)
        self.remove_band_button.clicked.connect(self.bands.remove_selected)

        self.deductions_box = QGroupBox(self)
        self.deductions = QTableWidget(0, 3, self)
        self.deductions.verticalHeader().setVisible(False)
        self.deductions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.deductions.horizontalHeader().setStretchLastSection(True)
        self.add_ded_button = QPushButton(self)
        self.add_ded_button.clicked.connect(lambda: self.add_deduction("quality_hits", 0.5, 10.0))
        self.remove_ded_button = QPushButton(self)
        self.remove_ded_button.clicked.connect(self.remove_deduction)

        self.commission_box = QGroupBox(self)
        self.commission_box.setCheckable(True)
        self.commission_box.toggled.connect(self._edited)
        self.base_combo = QComboBox(self)
        self.mode_combo = QComboBox(self)
        for combo in (self.base_combo, self.mode_combo):
            combo.currentIndexChanged.connect(self._edited)
        self.tiers = PairsTable(self)
        self.tiers.changed.connect(self._edited)
        self.add_tier_button = QPushButton(self)
        self.add_tier_button.clicked.connect(self.tiers.add_row)
        self.remove_tier_button = QPushButton(self)
        self.remove_tier_button.clicked.connect(self.tiers.remove_selected)
        self.base_label, self.mode_label = QLabel(self), QLabel(self)

        self.grades_box = QGroupBox(self)
        self.grades = PairsTable(self, second_is_text=True)
        self.grades.changed.connect(self._edited)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._layout()
        self.retranslate()

    # --- layout and texts ------------------------------------------------------------------
    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for w in widgets:
            row.addWidget(w)
        row.addStretch(1)
        return row

    def _layout(self) -> None:
        # the form sits in a scroll area: give each table room for several rows rather than squeezing it
        for table, rows in ((self.items, 6), (self.bands, 5), (self.deductions, 3), (self.tiers, 4),
                            (self.grades, 4)):
            table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + rows * 30 + 4)
        items = QVBoxLayout(self.items_box)
        items.addWidget(self.items, 2)
        items.addLayout(self._row(self.add_item_button, self.remove_item_button))
        items.addWidget(self.bands_label)
        items.addWidget(self.bands, 1)
        items.addLayout(self._row(self.add_band_button, self.remove_band_button))
        deds = QVBoxLayout(self.deductions_box)
        deds.addWidget(self.deductions)
        deds.addLayout(self._row(self.add_ded_button, self.remove_ded_button))
        com = QVBoxLayout(self.commission_box)
        form = QFormLayout()
        form.addRow(self.base_label, self.base_combo)
        form.addRow(self.mode_label, self.mode_combo)
        com.addLayout(form)
        com.addWidget(self.tiers)
        com.addLayout(self._row(self.add_tier_button, self.remove_tier_button))
        grades = QVBoxLayout(self.grades_box)
        grades.addWidget(self.grades)
        lower = QHBoxLayout()
        lower.addWidget(self.commission_box, 3)
        lower.addWidget(self.grades_box, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._row(self.name_label, self.name_edit))
        layout.addWidget(self.items_box, 3)
        layout.addWidget(self.deductions_box, 1)
        layout.addLayout(lower, 1)
        layout.addWidget(self.error_label)

    def retranslate(self) -> None:
        if (name := relabelled_name(self.name_edit.text(), self._full_name)) is not None:
            self._filling = True  # the unedited name follows the language
            self.name_edit.setText(name)
            self._filling = False
        self.name_label.setText(self.tr("Scheme name:"))
        self.name_edit.setMinimumWidth(240)
        self.items_box.setTitle(self.tr("Items (KPI, weight, scoring rule)"))
        self.items.setHorizontalHeaderLabels([self.tr("KPI"), self.tr("Weight"), self.tr("Better"),
                                              self.tr("Rule"), self.tr("Floor"), self.tr("Target")])
        self.add_item_button.setText(self.tr("Add item"))
        self.remove_item_button.setText(self.tr("Remove item"))
        self.bands_label.setText(self.tr("Bands of the selected item (the first band reached gives its points):"))
        self.bands.setHorizontalHeaderLabels([self.tr("Threshold"), self.tr("Points")])
        self.add_band_button.setText(self.tr("Add band"))
        self.remove_band_button.setText(self.tr("Remove band"))
        self.deductions_box.setTitle(self.tr("Deductions"))
        self.deductions.setHorizontalHeaderLabels([self.tr("Counted"), self.tr("Points each"), self.tr("Cap")])
        self.add_ded_button.setText(self.tr("Add deduction"))
        self.remove_ded_button.setText(self.tr("Remove deduction"))
        self.commission_box.setTitle(self.tr("Commission (提成)"))
        self.base_label.setText(self.tr("Base:"))
        self.mode_label.setText(self.tr("Tiers apply:"))
        self.tiers.setHorizontalHeaderLabels([self.tr("From amount"), self.tr("Rate (0.015 = 1.5 %)")])
        self.add_tier_button.setText(self.tr("Add tier"))
        self.remove_tier_button.setText(self.tr("Remove tier"))
        self.grades_box.setTitle(self.tr("Grades"))
        self.grades.setHorizontalHeaderLabels([self.tr("Minimum total"), self.tr("Grade")])
        self._fill_choice(self.base_combo, COMMISSION_BASES,
                          {"sales": self.tr("Sales"), "net_sales": self.tr("Sales minus refunds")})
        self._fill_choice(self.mode_combo, COMMISSION_MODES,
                          {"marginal": self.tr("Marginal: each rate on the part inside its tier"),
                           "whole": self.tr("Whole: the highest tier's rate on the whole base")})
        for row in range(self.items.rowCount()):
            self._fill_item_combos(row)
        for row in range(self.deductions.rowCount()):
            combo = self.deductions.cellWidget(row, self.DED_KPI)
            self._fill_choice(combo, list(DEDUCTION_KPIS), {k: kpi_label(k) for k in DEDUCTION_KPIS})
            cap = self.deductions.cellWidget(row, self.DED_CAP)
            cap.setSpecialValueText(self.tr("no cap"))

    def _fill_choice(self, combo: QComboBox, keys, texts: dict[str, str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for key in keys:
            combo.addItem(texts.get(key, key), key)
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _fill_item_combos(self, row: int) -> None:
        self._fill_choice(self.items.cellWidget(row, self.ITEM_KPI), list(ITEM_KPIS),
                          {k: kpi_label(k) for k in ITEM_KPIS})
        self._fill_choice(self.items.cellWidget(row, self.ITEM_BETTER), (HIGHER, LOWER),
                          {HIGHER: self.tr("higher"), LOWER: self.tr("lower")})
        self._fill_choice(self.items.cellWidget(row, self.ITEM_RULE), ("bands", "linear"),
                          {"bands": self.tr("bands"), "linear": self.tr("linear")})

    # --- rows ------------------------------------------------------------------------------------
    def add_item(self, kpi: str = "conversion_rate", weight: float = 10.0, better: Optional[str] = None,
                 bands=None, linear=None) -> None:
        row = self.items.rowCount()
        self.items.insertRow(row)
        for col in (self.ITEM_KPI, self.ITEM_BETTER, self.ITEM_RULE):
            combo = QComboBox(self.items)
            self.items.setCellWidget(row, col, combo)
        self._fill_item_combos(row)
        rule = "linear" if linear is not None else "bands"
        self._combo(self.items, row, self.ITEM_KPI, kpi)
        self._combo(self.items, row, self.ITEM_BETTER, better or ITEM_KPIS.get(kpi, HIGHER))
        self._combo(self.items, row, self.ITEM_RULE, rule)
        self.items.setCellWidget(row, self.ITEM_WEIGHT, _spin(self.items, weight, 1000, 2))
        floor, target = linear if linear is not None else (0.0, 1.0)
        self.items.setCellWidget(row, self.ITEM_FLOOR, _spin(self.items, floor))
        self.items.setCellWidget(row, self.ITEM_TARGET, _spin(self.items, target))
        self._bands.append([list(b) for b in (bands or [])] if bands is not None else [[1, 100]])
        for col in range(6):
            widget = self.items.cellWidget(row, col)
            signal = widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.valueChanged
            signal.connect(self._edited)
        self.items.cellWidget(row, self.ITEM_RULE).currentIndexChanged.connect(lambda _i: self._rule_enabled())
        self._rule_enabled()
        self.items.setCurrentCell(row, 0)
        self._edited()

    def _unused_kpi(self) -> str:
        """The first KPI no item uses yet (a new item must not repeat one)."""
        used = {self.items.cellWidget(r, self.ITEM_KPI).currentData() for r in range(self.items.rowCount())}
        return next((k for k in ITEM_KPIS if k not in used), "conversion_rate")

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if row < 0:
            return
        self.items.removeRow(row)
        del self._bands[row]
        self._show_bands(self.items.currentRow())
        self._edited()

    def add_deduction(self, kpi: str, points_each: float, cap: Optional[float]) -> None:
        row = self.deductions.rowCount()
        self.deductions.insertRow(row)
        combo = QComboBox(self.deductions)
        self.deductions.setCellWidget(row, self.DED_KPI, combo)
        self._fill_choice(combo, list(DEDUCTION_KPIS), {k: kpi_label(k) for k in DEDUCTION_KPIS})
        self._combo(self.deductions, row, self.DED_KPI, kpi)
        self.deductions.setCellWidget(row, self.DED_EACH, _spin(self.deductions, points_each, 100, 2))
        cap_box = _spin(self.deductions, cap or 0.0, 1000, 2)
        cap_box.setSpecialValueText(self.tr("no cap"))  # 0 = no cap
        self.deductions.setCellWidget(row, self.DED_CAP, cap_box)
        combo.currentIndexChanged.connect(self._edited)
        self.deductions.cellWidget(row, self.DED_EACH).valueChanged.connect(self._edited)
        cap_box.valueChanged.connect(self._edited)
        self._edited()

    def remove_deduction(self) -> None:
        row = self.deductions.currentRow()
        if row < 0:
            row = self.deductions.rowCount() - 1
        if row >= 0:
            self.deductions.removeRow(row)
            self._edited()

    @staticmethod
    def _combo(table: QTableWidget, row: int, col: int, key: str) -> None:
        combo = table.cellWidget(row, col)
        combo.setCurrentIndex(max(0, combo.findData(key)))

    def _rule_enabled(self) -> None:
        for row in range(self.items.rowCount()):
            linear = self.items.cellWidget(row, self.ITEM_RULE).currentData() == "linear"
            self.items.cellWidget(row, self.ITEM_FLOOR).setEnabled(linear)
            self.items.cellWidget(row, self.ITEM_TARGET).setEnabled(linear)
        self._show_bands(self.items.currentRow())

    def _show_bands(self, row: int) -> None:
        ok = 0 <= row < len(self._bands) and self.items.cellWidget(row, self.ITEM_RULE) is not None and \
            self.items.cellWidget(row, self.ITEM_RULE).currentData() == "bands"
        self.bands.set_pairs(self._bands[row] if ok else [])
        for w in (self.bands, self.add_band_button, self.remove_band_button):
            w.setEnabled(ok)

    def _bands_edited(self) -> None:
        row = self.items.currentRow()
        if 0 <= row < len(self._bands):
            self._bands[row] = self.bands.pairs()
            self._edited()

    # --- the scheme ----------------------------------------------------------------------------------
    def set_scheme(self, scheme: Scheme) -> None:
        """Fill the form from ``scheme`` (one announcement at the end)."""
        self._filling = True
        try:
            self._full_name = scheme.name
            self.name_edit.setText(name_in_reader_language(scheme.name))
            self.items.setRowCount(0)
            self._bands = []
            for it in scheme.items:
                self.add_item(it.kpi, it.weight, it.better, bands=it.bands, linear=it.linear)
            self.deductions.setRowCount(0)
            for d in scheme.deductions:
                self.add_deduction(d.kpi, d.points_each, d.cap)
            com = scheme.commission
            self.commission_box.setChecked(com is not None)
            if com is not None:
                self.base_combo.setCurrentIndex(max(0, self.base_combo.findData(com.base)))
                self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(com.mode)))
                self.tiers.set_pairs(com.tiers)
            else:
                self.tiers.set_pairs([[0, 0.01]])
            self.grades.set_pairs(scheme.grades)
            self.items.setCurrentCell(0, 0)
            self._show_bands(0)
        finally:
            self._filling = False
        self._edited()

    def data(self) -> dict:
        """The form as a scheme JSON object (not validated)."""
        items = []
        for row in range(self.items.rowCount()):
            cell = self.items.cellWidget
            item: dict[str, Any] = {"kpi": cell(row, self.ITEM_KPI).currentData(),
                                    "weight": cell(row, self.ITEM_WEIGHT).value(),
                                    "better": cell(row, self.ITEM_BETTER).currentData()}
            if cell(row, self.ITEM_RULE).currentData() == "linear":
                item["linear"] = {"floor": cell(row, self.ITEM_FLOOR).value(),
                                  "target": cell(row, self.ITEM_TARGET).value()}
            else:
                item["bands"] = self._bands[row]
            items.append(item)
        deductions = []
        for row in range(self.deductions.rowCount()):
            cap = self.deductions.cellWidget(row, self.DED_CAP).value()
            deductions.append({"kpi": self.deductions.cellWidget(row, self.DED_KPI).currentData(),
                               "points_each": self.deductions.cellWidget(row, self.DED_EACH).value(),
                               "cap": cap if cap > 0 else None})
        commission = None
        if self.commission_box.isChecked():
            commission = {"base": self.base_combo.currentData(), "mode": self.mode_combo.currentData(),
                          "tiers": self.tiers.pairs()}
        return {"version": SCHEME_VERSION, "name": edited_name(self.name_edit.text(), self._full_name), "items": items,
                "deductions": deductions, "commission": commission, "grades": self.grades.pairs()}

    def scheme(self) -> Optional[Scheme]:
        """The last valid scheme the form held."""
        return self._scheme

    def error(self) -> str:
        return self.error_label.text()

    def _edited(self, *_args: Any) -> None:
        if self._filling:
            return
        try:
            scheme = parse_scheme(self.data())
        except SchemeError as exc:
            text = describe(exc, with_hint=False)
            self.error_label.setText(text)
            self.validation_failed.emit(text)
            return
        self.error_label.setText("")
        self._scheme = scheme
        self.scheme_changed.emit(scheme)
