"""Settings ▸ Database: this PC's file or the team's PostgreSQL server, a connection test, the marker's name.

The tab edits plain values (``DatabaseChoice``, ui/store_choice.py); the settings controller saves them
on OK and, when the choice changed, re-opens the store off the GUI thread (controllers/database.py).
The password field serves "Test connection" only: it goes into the test's connection string in memory
and is never saved (libpq takes the store's password from PGPASSWORD or ~/.pgpass). The test runs
``check_connection`` on a pool thread and shows its one-line answer, or why it failed, inside the tab.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from ...core.store.database_url import POSTGRESQL, SQLITE
from .. import bilingual
from ..store_choice import DEFAULT_PORT, SSLMODES, DatabaseChoice, os_user_name
from ..workers import TaskFailure, TaskRunner

_C = "DatabaseSettingsTab"
#: libpq's sslmode, said in words (the value itself is what libpq gets)
SSLMODE_LABELS = {
    "disable": QT_TRANSLATE_NOOP("DatabaseSettingsTab", "Off (disable)"),
    "prefer": QT_TRANSLATE_NOOP("DatabaseSettingsTab", "When the server offers it (prefer)"),
    "require": QT_TRANSLATE_NOOP("DatabaseSettingsTab", "Always, any certificate (require)"),
    "verify-full": QT_TRANSLATE_NOOP("DatabaseSettingsTab", "Always, certificate and name checked (verify-full)"),
}


class DatabaseSettingsTab(QWidget):
    """The Database tab: engine, server fields, sslmode, Test connection, "marked by"."""

    #: a connection test ended: (succeeded, the text shown)
    tested = Signal(bool, str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("database_tab")
        self.data_dir = Path(".")
        self._loaded = DatabaseChoice()
        self.runner = TaskRunner(self)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.engine = QComboBox()
        self.engine.setObjectName("database_engine")
        self.engine.addItem("", SQLITE)
        self.engine.addItem("", POSTGRESQL)
        self.engine.currentIndexChanged.connect(self._engine_changed)
        self.engine_label = QLabel()
        top.addRow(self.engine_label, self.engine)
        self.file_label = QLabel()
        self.file_label.setObjectName("database_file")
        self.file_label.setWordWrap(True)
        self.file_caption = QLabel()
        top.addRow(self.file_caption, self.file_label)
        self.in_use = QLabel()
        self.in_use.setObjectName("database_in_use")
        self.in_use.setWordWrap(True)
        self.in_use_caption = QLabel()
        top.addRow(self.in_use_caption, self.in_use)
        layout.addLayout(top)
        self.server_box = QGroupBox()
        form = QFormLayout(self.server_box)
        self.host, self.dbname, self.user = QLineEdit(), QLineEdit(), QLineEdit()
        self.host.setObjectName("database_host")
        self.dbname.setObjectName("database_name")
        self.user.setObjectName("database_user")
        self.port = QSpinBox()
        self.port.setObjectName("database_port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.sslmode = QComboBox()
        self.sslmode.setObjectName("database_sslmode")
        for mode in SSLMODES:
            self.sslmode.addItem("", mode)
        self.password = QLineEdit()
        self.password.setObjectName("database_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel() for _ in range(6)]
        for label, field in zip(self.labels, (self.host, self.port, self.dbname, self.user, self.sslmode,
                                              self.password)):
            form.addRow(label, field)
        self.password_note = QLabel()
        self.password_note.setObjectName("database_password_note")
        self.password_note.setWordWrap(True)
        form.addRow("", self.password_note)
        layout.addWidget(self.server_box)
        row = QHBoxLayout()
        self.test_button = QPushButton()
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel()
        self.result.setObjectName("database_test_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(self.result.textInteractionFlags() | _selectable())
        layout.addWidget(self.result)
        marks = QFormLayout()
        self.marked_by = QLineEdit()
        self.marked_by.setObjectName("marked_by")
        self.marked_by_label = QLabel()
        marks.addRow(self.marked_by_label, self.marked_by)
        layout.addLayout(marks)
        layout.addStretch(1)
        self.retranslate()
        self._engine_changed()

    # --- texts ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.engine_label.setText(self.tr("History kept in"))
        self.engine.setItemText(0, self.tr("This PC's file"))
        self.engine.setItemText(1, self.tr("PostgreSQL server (shared by the team)"))
        self.file_caption.setText(self.tr("File"))
        self.in_use_caption.setText(self.tr("In use now"))
        self.server_box.setTitle(self.tr("Server"))
        texts = (self.tr("Host"), self.tr("Port"), self.tr("Database"), self.tr("User"), self.tr("Encryption (TLS)"),
                 self.tr("Password"))
        for label, text in zip(self.labels, texts):
            label.setText(text)
        for i, mode in enumerate(SSLMODES):
            self.sslmode.setItemText(i, QCoreApplication.translate(_C, SSLMODE_LABELS[mode]))
        self.host.setPlaceholderText(self.tr("e.g. db.example.local"))
        self.dbname.setPlaceholderText(self.tr("e.g. cs_history"))
        self.password.setPlaceholderText(self.tr("only for Test connection"))
        self.password_note.setText(self.tr(
            "The password is never saved. The app connects with the password in the PGPASSWORD "
            "environment variable or in the user's .pgpass file (pgpass.conf on Windows); the one typed "
            "here is used for the test only."))
        self.test_button.setText(self.tr("Test connection"))
        self.marked_by_label.setText(self.tr("Marked by (your name)"))
        self.marked_by.setPlaceholderText(os_user_name())
        self.marked_by.setToolTip(self.tr("Handled marks, levels and accepted quality hits are saved under this "
                                          "name, so the team sees who marked what. Empty: the computer's user "
                                          "name."))

    # --- values ---------------------------------------------------------------------------------
    def load(self, choice: DatabaseChoice, data_dir: Path, marked_by: str) -> None:
        """Show ``choice`` (and the data folder's file for "This PC's file") and the marker's name."""
        from ...core.store import DB_FILE

        self._loaded = choice
        self.data_dir = Path(data_dir)
        self.file_label.setText(str(self.data_dir / DB_FILE))
        self.engine.setCurrentIndex(max(0, self.engine.findData(choice.engine)))
        self.host.setText(choice.host)
        self.port.setValue(int(choice.port))
        self.dbname.setText(choice.dbname)
        self.user.setText(choice.user)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(choice.sslmode)))
        self.marked_by.setText(marked_by if marked_by != os_user_name() else "")
        self.password.clear()
        self.result.clear()
        self._engine_changed()

    def show_in_use(self, name: str, full: str) -> None:
        """The store the window uses now (it may differ from the saved choice: --database, or a failed
        start on the server); ``full`` is its path or URL (no password) for the tooltip."""
        self.in_use.setText(name)
        self.in_use.setToolTip(full)

    def choice(self) -> DatabaseChoice:
        """The values on the tab (never the password)."""
        return DatabaseChoice(engine=self.engine.currentData(), host=self.host.text().strip(),
                              port=int(self.port.value()), dbname=self.dbname.text().strip(),
                              user=self.user.text().strip(), sslmode=self.sslmode.currentData())

    def changed(self) -> bool:
        """True when the store chosen differs from the one loaded (then OK re-opens the store)."""
        return self.choice() != self._loaded

    def marker_name(self) -> str:
        return self.marked_by.text().strip()

    def _engine_changed(self, *_args) -> None:
        server = self.engine.currentData() == POSTGRESQL
        self.server_box.setEnabled(server)
        self.server_box.setVisible(server)
        self.file_label.setVisible(not server)
        self.file_caption.setVisible(not server)

    # --- the test -------------------------------------------------------------------------------
    def test_connection(self):
        """Run check_connection on a pool thread; the answer (or why not) appears in the tab."""
        from ...core.store.database_url import check_connection

        try:
            url = self.choice().url(self.data_dir, password=self.password.text())
        except ValueError as exc:
            self._show(False, bilingual.in_reader_language(str(exc)))
            return None
        self.result.setText(self.tr("Connecting to %1…").replace("%1", url.display()))
        self.test_button.setEnabled(False)
        handle = self.runner.start("test_connection", lambda progress, cancel: check_connection(url))
        handle.finished.connect(lambda text: self._show(True, str(text)))
        handle.failed.connect(self._failed)
        handle.done.connect(lambda: self.test_button.setEnabled(True))
        return handle

    def _failed(self, failure: TaskFailure) -> None:
        exc = failure.exc
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        hint = getattr(exc, "hint", None) or ""
        text = bilingual.in_reader_language(message)
        if hint:
            text += "\n" + bilingual.in_reader_language(hint)
        # both languages and what the driver said (the reason may be in one language only)
        self._show(False, text, bilingual.ordered(message) + "\n" + str(getattr(exc, "details", "") or ""))

    def _show(self, ok: bool, text: str, details: str = "") -> None:
        from ...core.cli_database import scrub

        prefix = self.tr("Connected: %1") if ok else self.tr("Could not connect: %1")
        self.result.setStyleSheet("color: #1b5e20;" if ok else "color: #9c1c13;")
        shown = scrub(prefix.replace("%1", bilingual.in_reader_language(text)))  # never a password on screen
        self.result.setText(shown)
        self.result.setToolTip(scrub(details.strip()))
        self.tested.emit(ok, shown)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.runner.cancel()
        super().closeEvent(event)


def _selectable():
    from PySide6.QtCore import Qt

    return Qt.TextInteractionFlag.TextSelectableByMouse
