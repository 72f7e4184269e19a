"""The settings dialog's General tab: language, privacy (masked contact details) and currency symbol."""

from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QWidget

from ..i18n import LANGUAGE_NAMES
from ..money import SYMBOLS, clean_symbol


def spin_box(lo: float, hi: float, value: float, suffix: str = "", decimals: int = 0, step: float = 1.0):
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setValue(value)
    if suffix:
        box.setSuffix(suffix)
    return box


class GeneralSettingsPage(QWidget):
    """Display preferences that need no recalculation (the language and currency relabel the window)."""

    def __init__(self, language: str, mask_pii: bool, currency: str, parent: Optional[QWidget] = None,
                 keep_full_contacts: bool = False) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        for lang, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, lang)
        idx = self.language_combo.findData(language)
        self.language_combo.setCurrentIndex(max(0, idx))
        form.addRow(self.tr("Language"), self.language_combo)
        self.mask_check = QCheckBox(self.tr("Mask phone numbers, names and addresses (138****1234)"))
        self.mask_check.setChecked(mask_pii)
        form.addRow(self.tr("Privacy"), self.mask_check)
        # the history keeps receivers' phone numbers and addresses in full (docs/store.md); the store
        # reads the choice when it opens
        self.keep_contacts_check = QCheckBox(self.tr("Keep full contact details in the history "
                                                     "(takes effect at the next start)"))
        self.keep_contacts_check.setObjectName("keep_full_contacts")
        self.keep_contacts_check.setChecked(keep_full_contacts)
        self.keep_contacts_check.setToolTip(self.tr(
            "Off: the history stores phone numbers and addresses shortened (138****1234). On: they are "
            "stored in full for later imports. The change takes effect the next time the app starts."))
        form.addRow("", self.keep_contacts_check)
        self.currency_combo = QComboBox()
        self.currency_combo.setObjectName("currency")
        self.currency_combo.setEditable(True)  # any other short symbol may be typed
        self.currency_combo.addItems(list(SYMBOLS))
        self.currency_combo.setCurrentText(clean_symbol(currency))
        self.currency_combo.setToolTip(self.tr(
            "Written before money amounts in the window and the Excel report. Amounts are shown as the "
            "exports give them: nothing is converted."))
        form.addRow(self.tr("Currency symbol"), self.currency_combo)
