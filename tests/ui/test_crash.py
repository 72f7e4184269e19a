"""The crash handler: every uncaught exception leaves a log file and, under Qt, a dialog with it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import __version__
from desktop_app.crash import (
    LOG_DIR_ENV,
    KEEP_LOGS,
    CrashHandler,
    default_log_dir,
    install_crash_handler,
    write_crash_log,
)


def _raise_and_catch(exc: BaseException):
    """A real (type, value, traceback) triple, as Python passes it to an excepthook."""
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


class DialogCloser:
    """Closes the crash dialog as soon as its modal loop shows it, remembering what it said.

    The dialog is shown with ``exec()`` (as in production, so a crash before the main loop still
    shows it); a repeating timer runs inside that nested loop and presses OK for the test.
    """

    def __init__(self):
        self.seen: list[tuple[str, str, str, str]] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self):
        for widget in QApplication.topLevelWidgets():
            is_crash_box = isinstance(widget, QMessageBox) and widget.objectName() == "crash_dialog"
            if is_crash_box and widget.isVisible():
                self.seen.append((widget.windowTitle(), widget.text(), widget.informativeText(),
                                  widget.detailedText()))
                widget.done(0)

    def stop(self):
        self.timer.stop()


@pytest.fixture
def handler_cleanup():
    handlers: list[CrashHandler] = []
    yield handlers
    for handler in reversed(handlers):
        handler.uninstall()


def test_log_file_names_the_exception_traceback_and_version(tmp_path, handler_cleanup):
    handler = CrashHandler(log_dir=tmp_path, show_dialog=False)
    handler_cleanup.append(handler)
    path = handler.handle(*_raise_and_catch(ValueError("订单编号 列为空")))
    assert path is not None and path.parent == tmp_path
    assert path.name.startswith("crash-") and path.suffix == ".log"
    text = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "ValueError: 订单编号 列为空" in text  # Chinese survives (utf-8 on every platform)
    assert f"version: {__version__}" in text
    assert "thread: MainThread" in text
    assert handler.last_log == path


def test_installed_hook_uses_env_log_dir_and_restores(tmp_path, monkeypatch, handler_cleanup):
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    assert default_log_dir() == tmp_path / "logs"
    before = sys.excepthook
    handler = install_crash_handler(show_dialog=False)
    handler_cleanup.append(handler)
    assert sys.excepthook == handler.excepthook
    assert threading.excepthook == handler.threading_excepthook
    sys.excepthook(*_raise_and_catch(RuntimeError("boom")))
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert "RuntimeError: boom" in logs[0].read_text(encoding="utf-8")
    handler.uninstall()
    assert sys.excepthook == before


def test_keyboard_interrupt_is_not_a_crash(tmp_path, handler_cleanup, capsys):
    handler = CrashHandler(log_dir=tmp_path, show_dialog=False)
    handler_cleanup.append(handler)
    handler.excepthook(*_raise_and_catch(KeyboardInterrupt()))
    assert list(tmp_path.iterdir()) == []


def test_unwritable_log_dir_falls_back_to_temp(tmp_path, monkeypatch, handler_cleanup):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    handler = CrashHandler(log_dir=blocker / "logs", show_dialog=False)
    handler_cleanup.append(handler)
    path = handler.handle(*_raise_and_catch(OSError("disk full")))
    assert path is not None
    assert path.parent == tmp_path / "tmp" / "desktop-app" / "logs"
    assert "OSError: disk full" in path.read_text(encoding="utf-8")


def test_handler_never_raises_even_for_a_hostile_exception(tmp_path, handler_cleanup, qapp):
    class Hostile(Exception):
        def __str__(self):
            raise RuntimeError("str() failed too")

    handler = CrashHandler(log_dir=tmp_path, show_dialog=True)
    handler_cleanup.append(handler)
    closer = DialogCloser()
    try:
        path = handler.handle(*_raise_and_catch(Hostile()))  # must not raise
    finally:
        closer.stop()
    assert path is not None and "Hostile" in path.read_text(encoding="utf-8")


def test_old_logs_are_pruned(tmp_path):
    # KEEP_LOGS + 5 older logs, then one more: only the newest KEEP_LOGS survive.
    for i in range(KEEP_LOGS + 5):
        (tmp_path / f"crash-20200101-000000-{i:06d}.log").write_text("old", encoding="utf-8")
    newest = write_crash_log("new", tmp_path)
    logs = sorted(tmp_path.glob("crash-*.log"))
    assert len(logs) == KEEP_LOGS
    assert logs[-1] == newest
    assert (tmp_path / "crash-20200101-000000-000000.log").exists() is False


def test_dialog_shows_log_path_and_traceback(tmp_path, qapp, handler_cleanup):
    handler = install_crash_handler(log_dir=tmp_path)
    handler_cleanup.append(handler)
    closer = DialogCloser()
    try:
        sys.excepthook(*_raise_and_catch(ZeroDivisionError("division by zero in 客单价")))
    finally:
        closer.stop()
    assert len(closer.seen) == 1
    title, text, informative, details = closer.seen[0]
    assert "程序出错" in title
    assert "ZeroDivisionError: division by zero in 客单价" in text
    assert str(handler.last_log) in informative
    assert "Traceback (most recent call last)" in details
    assert details == handler.last_log.read_text(encoding="utf-8")


def test_exception_in_a_qt_slot_reaches_the_handler(tmp_path, qtbot, handler_cleanup):
    # PySide reports exceptions raised in Python slots through sys.excepthook and carries on;
    # that is the path a bug in a view takes in the running app.
    handler = install_crash_handler(log_dir=tmp_path)
    handler_cleanup.append(handler)
    closer = DialogCloser()

    def broken_slot():
        raise KeyError("agent")

    try:
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: len(closer.seen) == 1, timeout=5000)
    finally:
        closer.stop()
    assert "KeyError: 'agent'" in handler.last_log.read_text(encoding="utf-8")
    assert "broken_slot" in closer.seen[0][3]


def test_exception_in_a_worker_thread_logs_and_posts_dialog_to_gui_thread(tmp_path, qtbot, handler_cleanup):
    handler = install_crash_handler(log_dir=tmp_path)
    handler_cleanup.append(handler)
    closer = DialogCloser()

    def work():
        raise ValueError("bad row in worker")

    try:
        thread = threading.Thread(target=work, name="import-worker")
        thread.start()
        thread.join()
        # The log is written synchronously in the worker thread...
        assert handler.last_log is not None
        text = handler.last_log.read_text(encoding="utf-8")
        assert "thread: import-worker" in text and "ValueError: bad row in worker" in text
        # ...and the dialog appears later, in the GUI thread, through the queued signal.
        qtbot.waitUntil(lambda: len(closer.seen) == 1, timeout=5000)
    finally:
        closer.stop()
    assert "bad row in worker" in closer.seen[0][1]


def test_windowed_frozen_app_shows_the_dialog_even_before_qt_started(tmp_path):
    # A double-clicked (frozen, no console) app that fails before its window exists must still say
    # so. Run in a fresh interpreter that has no QApplication, posing as PyInstaller's windowed
    # mode (sys.frozen set, sys.stderr None); the listener arms a timer that presses OK.
    code = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from desktop_app.crash import install_crash_handler
seen = []

def arm_closer(path, text):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    app = QApplication.instance() or QApplication([])

    def close():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                seen.append(w.informativeText())
                w.done(0)
                return
        QTimer.singleShot(10, close)

    QTimer.singleShot(10, close)

handler = install_crash_handler(log_dir={str(tmp_path)!r})
handler.listeners.append(arm_closer)
sys.frozen = True
real_stdout = sys.stdout
sys.stderr = None
try:
    raise RuntimeError("no window yet")
except RuntimeError:
    sys.excepthook(*sys.exc_info())
real_stdout.write("SEEN " + str(len(seen)) + "\\n" + "\\n".join(seen) + "\\n")
"""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")  # the dialog text is Chinese and English
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    logs = list(tmp_path.glob("crash-*.log"))
    assert len(logs) == 1 and "RuntimeError: no window yet" in logs[0].read_text(encoding="utf-8")
    # the dialog appeared and named the log file
    assert "SEEN 1" in proc.stdout and str(logs[0]) in proc.stdout


def test_a_repeating_error_is_logged_and_shown_once(tmp_path, qapp, handler_cleanup):
    # The same exception from the same place (an error in paintEvent repeats on every repaint)
    # must not write a log and open a dialog each time.
    handler = CrashHandler(log_dir=tmp_path)
    handler_cleanup.append(handler)
    closer = DialogCloser()

    def paint():
        raise ValueError("bad colour")

    try:
        paths = [handler.handle(*_raise_in(paint)) for _ in range(3)]
        other = handler.handle(*_raise_and_catch(ValueError("another error")))
    finally:
        closer.stop()
    assert paths[0] is not None and paths == [paths[0]] * 3
    assert other != paths[0]
    assert len(list(tmp_path.glob("crash-*.log"))) == 2  # one per distinct error
    assert len(closer.seen) == 2


def _raise_in(fn):
    try:
        fn()
    except BaseException:
        return sys.exc_info()
