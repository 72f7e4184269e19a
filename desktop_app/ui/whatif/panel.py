"""The What-if / 假设分析 dock: the model's thresholds as sliders with spin boxes.

Moving one emits ``values_changed`` with every value (the controller recomputes off the GUI thread and
the pages show the what-if figures); the banner says plainly whether the figures on screen use the
saved settings or the values here. "Reset to saved" puts the saved values back, "Apply" saves these.
The panel holds no model state: ``show_values``, ``set_differs`` and ``set_status`` are the controller's.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDockWidget, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QSlider, QVBoxLayout, QWidget)

from ...core.model.whatif_fields import WHATIF_FIELDS, WhatIfField

_BANNER_WHATIF = "QLabel#whatif_banner { background: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px; }"
_BANNER_SAVED = "QLabel#whatif_banner { color: palette(mid); padding: 6px; }"


class FieldRow(QWidget):
    """A slider and a spin box showing one setting; ``changed`` when the user moves either."""

    changed = Signal()

    def __init__(self, spec: WhatIfField, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.spin = QDoubleSpinBox()
        self.spin.setObjectName(f"whatif_{spec.field}")
        self.spin.setDecimals(spec.decimals)
        self.spin.setSingleStep(spec.step)
        low = spec.minimum - spec.step if spec.nullable else spec.minimum
        self.spin.setRange(low, spec.maximum)
        self.spin.setKeyboardTracking(False)  # typing "120" is one change, not three
        self.spin.setMinimumWidth(96)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(f"whatif_slider_{spec.field}")
        self.slider.setRange(0, int(round((spec.maximum - low) / spec.step)))
        self.slider.setMinimumWidth(90)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        self.spin.valueChanged.connect(self._spin_moved)
        self.slider.valueChanged.connect(self._slider_moved)

    def _low(self) -> float:
        return self.spin.minimum()

    def _spin_moved(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(int(round((value - self._low()) / self.spec.step)))
        self.slider.blockSignals(False)
        self.changed.emit()

    def _slider_moved(self, position: int) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(self._low() + position * self.spec.step)
        self.spin.blockSignals(False)
        self.changed.emit()

    def value(self):
        """The setting's stored value (None when a nullable setting is off)."""
        shown = self.spin.value()
        if self.spec.nullable and shown <= self._low() + 1e-9:
            return None
        return self.spec.stored(shown)

    def set_value(self, value) -> None:
        """Show ``value`` (a stored setting) without emitting ``changed``."""
        shown = self._low() if value is None else self.spec.shown(value)
        for w in (self.spin, self.slider):
            w.blockSignals(True)
        self.spin.setValue(shown)
        self.slider.setValue(int(round((self.spin.value() - self._low()) / self.spec.step)))
        for w in (self.spin, self.slider):
            w.blockSignals(False)


class WhatIfPanel(QDockWidget):
    """The dock. Signals: ``values_changed(dict)``, ``reset_requested()``, ``apply_requested()``."""

    values_changed = Signal(dict)
    reset_requested = Signal()
    apply_requested = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("whatif_dock")
        self.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea)
        body = QWidget()
        body.setObjectName("whatif_body")
        outer = QVBoxLayout(body)
        self.banner = QLabel()
        self.banner.setObjectName("whatif_banner")
        self.banner.setWordWrap(True)
        outer.addWidget(self.banner)
        self.status = QLabel()
        self.status.setObjectName("whatif_status")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows: dict[str, FieldRow] = {}
        self.labels: dict[str, QLabel] = {}
        for spec in WHATIF_FIELDS:
            row = FieldRow(spec)
            label = QLabel()
            label.setObjectName(f"whatif_label_{spec.field}")
            label.setBuddy(row.spin)
            form.addRow(label, row)
            row.changed.connect(self._emit_values)
            self.rows[spec.field], self.labels[spec.field] = row, label
        outer.addLayout(form)
        buttons = QHBoxLayout()
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("whatif_reset")
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("whatif_apply")
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.apply_button)
        outer.addLayout(buttons)
        outer.addStretch(1)
        self.reset_button.clicked.connect(self.reset_requested)
        self.apply_button.clicked.connect(self.apply_requested)
        body.setMinimumWidth(400)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(body.minimumWidth() + 30)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self._differs = False
        self.retranslate()
        self.set_differs(False)

    # --- the controller's -----------------------------------------------------------------------
    def values(self) -> dict:
        return {k: row.value() for k, row in self.rows.items()}

    def show_values(self, values: dict) -> None:
        """Show these stored values (the saved settings, or a what-if) without emitting anything."""
        for k, v in values.items():
            if k in self.rows:
                self.rows[k].set_value(v)

    def set_differs(self, differs: bool) -> None:
        """Whether the figures on screen are a what-if (values that are not the saved settings)."""
        self._differs = bool(differs)
        self.reset_button.setEnabled(self._differs)
        self.apply_button.setEnabled(self._differs)
        self.banner.setStyleSheet(_BANNER_WHATIF if self._differs else _BANNER_SAVED)
        self._banner_text()

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _emit_values(self) -> None:
        self.values_changed.emit(self.values())

    # --- words ------------------------------------------------------------------------------------
    def _banner_text(self) -> None:
        if self._differs:
            self.banner.setText(self.tr("What if: the figures on every page use the values below, not your saved "
                                        "settings. Apply saves them; Reset to saved goes back."))
        else:
            self.banner.setText(self.tr("The figures use your saved settings. Move a value to see what it "
                                        "changes; nothing is saved until you press Apply."))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("What if"))
        names = {
            "slow_threshold_s": self.tr("Slow reply after"),
            "response_target_s": self.tr("Average response target"),
            "split_gap_s": self.tr("New conversation after idle"),
            "attribution_window_days": self.tr("Attribution window"),
            "reminder_window_h": self.tr("Payment reminder credited within"),
            "reminder_new_h": self.tr("Remind new buyers after"),
            "reminder_returning_h": self.tr("Remind returning buyers after"),
            "unpaid_close_hours": self.tr("Unpaid order closes after"),
            "shipping_promise_h": self.tr("Ship within"),
            "quality_bare_max_chars": self.tr("Bare reply: at most"),
            "quality_followup_h": self.tr("Lost inquiry: follow-up within"),
        }
        units = {"s": self.tr(" s"), "min": self.tr(" min"), "h": self.tr(" h"), "d": self.tr(" days"),
                 "chars": self.tr(" characters")}
        for spec in WHATIF_FIELDS:
            self.labels[spec.field].setText(names[spec.field])
            spin = self.rows[spec.field].spin
            spin.setSuffix(units[spec.unit])
            if spec.nullable:
                spin.setSpecialValueText(self.tr("Never"))
        self.reset_button.setText(self.tr("Reset to saved"))
        self.reset_button.setToolTip(self.tr("Show the figures of your saved settings again"))
        self.apply_button.setText(self.tr("Apply"))
        self.apply_button.setToolTip(self.tr("Save these values as your settings"))
        self._banner_text()
