"""Tools ▸ Settings: every ModelSettings field, the response-time reading preset, and the language.

The dialog edits a copy; ``model_settings()`` builds a new frozen ModelSettings from the widgets.
The window applies it (persist + recompute) when the dialog is accepted.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.model.settings import (FIRST_TOUCH, LAST_TOUCH, READING_DEFAULT, READING_PLATFORM, SPLIT,
                                    ModelSettings)
from ..money import DEFAULT_SYMBOL, clean_symbol
from .quality_settings import QualitySettingsEditor
from .settings_database import DatabaseSettingsTab
from .settings_orders import OrdersSettingsTab
from .settings_general import GeneralSettingsPage, spin_box as _spin
from .staffing_settings import StaffingSettingsTab

WEEKDAY_COUNT = 7


class SettingsDialog(QDialog):
    """Edits the model settings; every field of ModelSettings has a widget."""

    def __init__(self, settings: ModelSettings, language: str, mask_pii: bool = True,
                 parent: Optional[QWidget] = None, currency: str = DEFAULT_SYMBOL) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Settings"))
        self.resize(640, 560)
        self._initial = settings
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self._build_responses(settings)
        self.orders_tab = OrdersSettingsTab(settings)  # dialogs/settings_orders.py
        self._build_attribution(settings)
        self.tabs.addTab(self.orders_tab, self.tr("Orders"))
        self._build_customers(settings)
        # Settings ▸ Quality (服务质检): its own page (dialogs/quality_settings.py)
        self.quality_page = QualitySettingsEditor(settings, self)
        self.tabs.addTab(self.quality_page, self.tr("Quality (质检)"))
        self.staffing_tab = StaffingSettingsTab(settings)
        self.tabs.addTab(self.staffing_tab, self.tr("Staffing"))
        self._build_general(language, mask_pii, currency)
        self.database_tab = DatabaseSettingsTab()  # dialogs/settings_database.py; filled by the controller
        self.tabs.addTab(self.database_tab, self.tr("Database"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.load(ModelSettings())
        )
        layout.addWidget(self.buttons)
        self.load(settings)

    # --- tabs --------------------------------------------------------------------------------
    def _build_responses(self, s: ModelSettings) -> None:
        page = QWidget()
        form = QFormLayout(page)
        s_ = self.tr(" s")
        self.reading = QComboBox()
        self.reading.setObjectName("reading")
        self.reading.addItem(self.tr("默认口径 — our reading (every turn, no cap)"), READING_DEFAULT)
        self.reading.addItem(self.tr("平台口径 — platform reading (cap 600 s, unanswered = 600 s, "
                                     "08–23 h, slow = 100 s)"), READING_PLATFORM)
        self.reading.activated.connect(self._apply_reading_preset)
        form.addRow(self.tr("Response-time reading"), self.reading)
        self.split_gap = _spin(1, 24 * 60, 30, self.tr(" min"))
        self.split_gap.setObjectName("split_gap_min")
        form.addRow(self.tr("New conversation after idle"), self.split_gap)
        self.split_midnight = QCheckBox(self.tr("Also split conversations at midnight"))
        form.addRow("", self.split_midnight)
        self.slow = _spin(1, 3600, 60, s_)
        self.slow.setObjectName("slow_threshold_s")
        form.addRow(self.tr("Slow response (慢响应) above"), self.slow)
        targets = QHBoxLayout()
        self.fr_golden = _spin(1, 600, 6, s_)
        self.fr_reasonable = _spin(1, 600, 10, s_)
        self.fr_limit = _spin(1, 600, 15, s_)
        for w in (self.fr_golden, self.fr_reasonable, self.fr_limit):
            targets.addWidget(w)
        form.addRow(self.tr("First-response targets (golden / reasonable / limit)"), targets)
        self.response_target = _spin(1, 3600, 16, s_)
        form.addRow(self.tr("Average response target"), self.response_target)
        cap_row = QHBoxLayout()
        self.cap_enabled = QCheckBox(self.tr("Cap each turn at"))
        self.cap = _spin(1, 86400, 600, s_)
        self.cap_enabled.toggled.connect(self.cap.setEnabled)
        cap_row.addWidget(self.cap_enabled)
        cap_row.addWidget(self.cap)
        cap_row.addStretch(1)
        form.addRow(self.tr("Response cap"), cap_row)
        self.unanswered_cap = QCheckBox(self.tr("Count an unanswered turn as the cap"))
        form.addRow("", self.unanswered_cap)
        hours = QHBoxLayout()
        self.service_enabled = QCheckBox(self.tr("Only turns starting between"))
        self.service_from = QSpinBox()
        self.service_from.setRange(0, 23)
        self.service_to = QSpinBox()
        self.service_to.setRange(1, 24)
        self.service_enabled.toggled.connect(self.service_from.setEnabled)
        self.service_enabled.toggled.connect(self.service_to.setEnabled)
        hours.addWidget(self.service_enabled)
        hours.addWidget(self.service_from)
        hours.addWidget(QLabel(self.tr("h and")))
        hours.addWidget(self.service_to)
        hours.addWidget(QLabel(self.tr("h")))
        hours.addStretch(1)
        form.addRow(self.tr("Service hours"), hours)
        self.auto_patterns = QPlainTextEdit()
        self.auto_patterns.setObjectName("auto_reply_patterns")
        self.auto_patterns.setPlaceholderText(self.tr("One regular expression per line, e.g. 自动回复"))
        self.auto_patterns.setMaximumHeight(80)
        form.addRow(self.tr("Auto-reply patterns"), self.auto_patterns)
        self.robots = QPlainTextEdit()
        self.robots.setMaximumHeight(60)
        form.addRow(self.tr("Robot sub-accounts"), self.robots)
        self.tabs.addTab(page, self.tr("Responses"))

        # working hours: one row per weekday, empty = no schedule on that day
        wh_page = QWidget()
        wh_layout = QVBoxLayout(wh_page)
        note = QLabel(self.tr("With a schedule, a turn that starts outside it is measured from the next "
                              "opening time. Leave every day unticked for no schedule."))
        note.setWordWrap(True)
        wh_layout.addWidget(note)
        self.working = QTableWidget(WEEKDAY_COUNT, 3)
        self.working.setObjectName("working_hours")
        self.working.setHorizontalHeaderLabels([self.tr("Open"), self.tr("From"), self.tr("To")])
        days = [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
                self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday")]
        self.working.setVerticalHeaderLabels(days)
        self._wh_widgets = []
        for day in range(WEEKDAY_COUNT):
            check = QCheckBox()
            start = QTimeEdit()
            start.setDisplayFormat("HH:mm")
            end = QTimeEdit()
            end.setDisplayFormat("HH:mm")
            self.working.setCellWidget(day, 0, check)
            self.working.setCellWidget(day, 1, start)
            self.working.setCellWidget(day, 2, end)
            self._wh_widgets.append((check, start, end))
        self.working.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        wh_layout.addWidget(self.working)
        self.tabs.addTab(wh_page, self.tr("Working hours"))

    def _build_attribution(self, s: ModelSettings) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.attr_window = _spin(0.5, 30, 3, self.tr(" days"), decimals=1, step=0.5)
        self.attr_window.setObjectName("attribution_window_days")
        form.addRow(self.tr("Attribution window"), self.attr_window)
        presets = QHBoxLayout()
        for label, days in ((self.tr("1 day"), 1.0), (self.tr("3 days"), 3.0), (self.tr("7 days"), 7.0)):
            b = QPushButton(label)
            b.clicked.connect(lambda _c=False, d=days: self.attr_window.setValue(d))
            presets.addWidget(b)
        form.addRow(self.tr("Presets"), presets)
        self.attr_rule = QComboBox()
        self.attr_rule.setObjectName("attribution_rule")
        self.attr_rule.addItem(self.tr("Last touch (the latest conversation before the order)"), LAST_TOUCH)
        self.attr_rule.addItem(self.tr("First touch"), FIRST_TOUCH)
        self.attr_rule.addItem(self.tr("Equal split"), SPLIT)
        form.addRow(self.tr("Several agents qualify"), self.attr_rule)
        form.addRow(self.tr("Sales judgment (绩效判定)"), self.orders_tab.sale_rule)
        self.tabs.addTab(page, self.tr("Attribution"))

    def _build_customers(self, s: ModelSettings) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.rfm_days = QSpinBox()
        self.rfm_days.setRange(7, 3650)
        self.rfm_days.setSuffix(self.tr(" days"))
        form.addRow(self.tr("RFM look-back"), self.rfm_days)
        self.level_basis = QComboBox()
        self.level_basis.addItem(self.tr("Cumulative paid amount"), "amount")
        self.level_basis.addItem(self.tr("Paid order count"), "orders")
        form.addRow(self.tr("Membership levels by"), self.level_basis)
        self.level_period = QSpinBox()
        self.level_period.setRange(1, 3650)
        self.level_period.setSuffix(self.tr(" days"))
        form.addRow(self.tr("Evaluation period"), self.level_period)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Membership levels (会员等级), rising; the first threshold is 0")))
        self.levels = QTableWidget(0, 2)
        self.levels.setObjectName("levels_table")
        self.levels.setHorizontalHeaderLabels([self.tr("Level"), self.tr("From")])
        self.levels.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.levels.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout.addWidget(self.levels)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add level"))
        add.clicked.connect(lambda: self._add_level_row("", 0.0))
        remove = QPushButton(self.tr("Remove level"))
        remove.clicked.connect(self._remove_level_row)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.tabs.addTab(page, self.tr("Customers"))

    def _build_general(self, language: str, mask_pii: bool, currency: str = DEFAULT_SYMBOL) -> None:
        page = GeneralSettingsPage(language, mask_pii, currency)
        self.language_combo, self.mask_check, self.currency_combo, self.keep_contacts_check = (
            page.language_combo, page.mask_check, page.currency_combo, page.keep_contacts_check)
        self.tabs.addTab(page, self.tr("General"))

    # --- levels table ---------------------------------------------------------------------------
    def _add_level_row(self, name: str, threshold: float) -> None:
        r = self.levels.rowCount()
        self.levels.insertRow(r)
        self.levels.setItem(r, 0, QTableWidgetItem(name))
        spin = _spin(0, 1e9, threshold, decimals=2, step=100)
        self.levels.setCellWidget(r, 1, spin)

    def _remove_level_row(self) -> None:
        r = self.levels.currentRow()
        if r > 0:  # the first level (threshold 0) must stay
            self.levels.removeRow(r)

    # --- load / read ---------------------------------------------------------------------------
    def _apply_reading_preset(self) -> None:
        """Choosing a reading sets the fields the platform reading fixes (user may still edit)."""
        platform = self.reading.currentData() == READING_PLATFORM
        base = ModelSettings.platform_preset() if platform else ModelSettings()
        self.slow.setValue(base.slow_threshold_s)
        self.cap_enabled.setChecked(base.response_cap_s is not None)
        self.cap.setValue(base.response_cap_s or 600.0)
        self.unanswered_cap.setChecked(base.unanswered_as_cap)
        self.service_enabled.setChecked(base.service_hours is not None)
        if base.service_hours:
            self.service_from.setValue(base.service_hours[0])
            self.service_to.setValue(base.service_hours[1])

    def load(self, s: ModelSettings) -> None:
        """Show ``s`` in the widgets."""
        self.quality_page.load(s)
        self.reading.setCurrentIndex(max(0, self.reading.findData(s.reading)))
        self.split_gap.setValue(s.split_gap_s / 60)
        self.split_midnight.setChecked(s.split_at_midnight)
        self.slow.setValue(s.slow_threshold_s)
        g, r, lim = s.first_response_targets_s
        self.fr_golden.setValue(g)
        self.fr_reasonable.setValue(r)
        self.fr_limit.setValue(lim)
        self.response_target.setValue(s.response_target_s)
        self.cap_enabled.setChecked(s.response_cap_s is not None)
        self.cap.setValue(s.response_cap_s or 600.0)
        self.cap.setEnabled(s.response_cap_s is not None)
        self.unanswered_cap.setChecked(s.unanswered_as_cap)
        self.service_enabled.setChecked(s.service_hours is not None)
        hours = s.service_hours or (8, 23)
        self.service_from.setValue(int(hours[0]))
        self.service_to.setValue(int(hours[1]))
        self.service_from.setEnabled(s.service_hours is not None)
        self.service_to.setEnabled(s.service_hours is not None)
        self.auto_patterns.setPlainText("\n".join(s.auto_reply_patterns))
        self.robots.setPlainText("\n".join(s.robot_accounts))
        schedule = {int(day): (a, b) for day, a, b in s.working_hours}
        for day, (check, start, end) in enumerate(self._wh_widgets):
            a, b = schedule.get(day, ("09:00", "18:00"))
            check.setChecked(day in schedule)
            start.setTime(start.time().fromString(a, "HH:mm"))
            end.setTime(end.time().fromString(b, "HH:mm"))
        self.attr_window.setValue(s.attribution_window_days)
        self.attr_rule.setCurrentIndex(max(0, self.attr_rule.findData(s.attribution_rule)))
        self.orders_tab.load(s)
        self.rfm_days.setValue(s.rfm_lookback_days)
        self.level_basis.setCurrentIndex(max(0, self.level_basis.findData(s.level_basis)))
        self.level_period.setValue(s.level_period_days)
        self.levels.setRowCount(0)
        for name, threshold in s.levels:
            self._add_level_row(name, threshold)
        self.staffing_tab.load(s)

    def model_settings(self) -> ModelSettings:
        """A ModelSettings from the widgets (fields the dialog cannot express keep their value)."""

        def lines(edit: QPlainTextEdit) -> tuple[str, ...]:
            return tuple(t.strip() for t in edit.toPlainText().splitlines() if t.strip())

        levels = []
        for r in range(self.levels.rowCount()):
            item = self.levels.item(r, 0)
            name = item.text().strip() if item else ""
            spin = self.levels.cellWidget(r, 1)
            if name:
                levels.append((name, float(spin.value())))
        levels.sort(key=lambda x: x[1])
        working = tuple(
            (day, start.time().toString("HH:mm"), end.time().toString("HH:mm"))
            for day, (check, start, end) in enumerate(self._wh_widgets)
            if check.isChecked()
        )
        return self.quality_page.apply_to(self._initial.replace(
            reading=self.reading.currentData(),
            split_gap_s=float(self.split_gap.value() * 60),
            split_at_midnight=self.split_midnight.isChecked(),
            slow_threshold_s=float(self.slow.value()),
            first_response_targets_s=(float(self.fr_golden.value()), float(self.fr_reasonable.value()),
                                      float(self.fr_limit.value())),
            response_target_s=float(self.response_target.value()),
            response_cap_s=float(self.cap.value()) if self.cap_enabled.isChecked() else None,
            unanswered_as_cap=self.unanswered_cap.isChecked(),
            service_hours=((int(self.service_from.value()), int(self.service_to.value()))
                           if self.service_enabled.isChecked() else None),
            working_hours=working,
            auto_reply_patterns=lines(self.auto_patterns),
            robot_accounts=lines(self.robots),
            attribution_window_days=float(self.attr_window.value()),
            attribution_rule=self.attr_rule.currentData(),
            **self.orders_tab.changes(),
            rfm_lookback_days=int(self.rfm_days.value()),
            level_basis=self.level_basis.currentData(),
            level_period_days=int(self.level_period.value()),
            levels=tuple(levels) if levels else self._initial.levels,
            **self.staffing_tab.changes(),
        ))

    def accept(self) -> None:
        """OK: not while a quality pattern is invalid (the page says which setting; nothing is saved)."""
        if not self.quality_page.check(self._initial):
            self.tabs.setCurrentWidget(self.quality_page)
            return
        super().accept()

    def language(self) -> str:
        return self.language_combo.currentData()

    def mask_pii(self) -> bool:
        return self.mask_check.isChecked()

    def currency(self) -> str:
        return clean_symbol(self.currency_combo.currentText())
