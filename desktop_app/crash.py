"""Crash handling: every uncaught exception is written to a log file and, in the GUI, shown in a dialog.

``install_crash_handler()`` is the first thing the GUI's ``main`` calls (Vorta and Picard do the
same): it replaces ``sys.excepthook`` and ``threading.excepthook``. A crash then leaves a
timestamped log in the user's log folder -- the one thing a shop owner can e-mail to support -- and,
when a ``QApplication`` is running, a message box with the log's path and the traceback in its
details section (copyable, as glue and Picard do it).

The handler must never raise: an exception inside an excepthook is printed by Python as a second,
confusing traceback, and in a windowed frozen app (no console, ``sys.stderr`` is ``None``) it would
vanish entirely. So every step is guarded and falls back to the next simpler one.

Qt is imported lazily and only when the program already imported it, so the headless commands
(``report``, ``sample``) keep working without Qt and a broken Qt install cannot break crash logging.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Callable, Optional

#: Environment variable that redirects crash logs (tests, portable installs, support sessions).
LOG_DIR_ENV = "DESKTOP_APP_LOG_DIR"

#: Only the newest logs are kept so a crash loop cannot fill the disk.
KEEP_LOGS = 50


def default_log_dir(app_name: str = "desktop-app") -> Path:
    """Where crash logs go: ``$DESKTOP_APP_LOG_DIR``, else the platform's user log folder.

    platformdirs gives ``~/.local/state/<app>/log`` on Linux, ``~/Library/Logs/<app>`` on macOS
    and ``%LOCALAPPDATA%\\<app>\\Logs`` on Windows -- the places support staff know to look.
    """
    env = os.environ.get(LOG_DIR_ENV, "").strip()
    if env:
        return Path(env)
    try:
        import platformdirs

        return Path(platformdirs.user_log_dir(app_name, appauthor=False))
    except Exception:  # platformdirs missing from a broken bundle: still log somewhere
        import tempfile

        return Path(tempfile.gettempdir()) / app_name / "logs"


def format_report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: Optional[TracebackType],
    *,
    thread_name: Optional[str] = None,
) -> str:
    """The text of a crash log: when, which version and platform, then the traceback."""
    try:
        from . import __version__ as version
    except Exception:
        version = "?"
    lines = [
        f"time: {_dt.datetime.now().isoformat(timespec='seconds')}",
        f"version: {version}",
        f"python: {sys.version.split()[0]} ({platform.python_implementation()})",
        f"platform: {platform.platform()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
        f"argv: {sys.argv!r}",
        f"thread: {thread_name or threading.current_thread().name}",
        "",
    ]
    qt = sys.modules.get("PySide6")
    if qt is not None:
        lines.insert(5, f"qt: PySide6 {getattr(qt, '__version__', '?')}")
    body = "".join(traceback.format_exception(exc_type, exc, tb))
    return "\n".join(lines) + body


def write_crash_log(text: str, log_dir: Optional[Path | str] = None, app_name: str = "desktop-app") -> Path:
    """Write ``text`` to a new ``crash-YYYYmmdd-HHMMSS-ffffff.log`` and return its path.

    Falls back to the temp folder when the log folder cannot be created (read-only profile,
    full disk); raises only if even that fails, which the hook catches.
    """
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    candidates = [Path(log_dir) if log_dir is not None else default_log_dir(app_name)]
    import tempfile

    candidates.append(Path(tempfile.gettempdir()) / app_name / "logs")
    last_error: Optional[BaseException] = None
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}.log"
            # utf-8 explicitly: tracebacks quote Chinese file names and cell values, and Windows'
            # default ANSI code page would garble or refuse them.
            path.write_text(text, encoding="utf-8", errors="replace")
            _prune(folder)
            return path
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error


def _prune(folder: Path) -> None:
    """Delete all but the newest KEEP_LOGS crash logs (names sort by time)."""
    try:
        logs = sorted(folder.glob("crash-*.log"))
        for old in logs[:-KEEP_LOGS]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _windowed_frozen() -> bool:
    """A frozen app built without a console (PyInstaller sets sys.stderr to None there)."""
    return bool(getattr(sys, "frozen", False)) and sys.stderr is None


def _stderr(text: str) -> None:
    """Print to stderr if there is one (a windowed frozen app has ``sys.stderr = None``)."""
    stream = sys.stderr or sys.__stderr__
    if stream is None:
        return
    try:
        stream.write(text)
        stream.flush()
    except Exception:
        pass


class CrashHandler:
    """The installed hooks; kept so tests (and ``uninstall``) can restore the previous ones."""

    def __init__(self, app_name: str = "desktop-app", log_dir: Optional[Path | str] = None,
                 show_dialog: bool = True) -> None:
        self.app_name = app_name
        self.log_dir = Path(log_dir) if log_dir is not None else None
        self.show_dialog = show_dialog
        #: path of the newest log written by this handler (None until the first crash)
        self.last_log: Optional[Path] = None
        #: callbacks ``(log_path, report_text)`` run after each log is written; the GUI may add
        #: one to, say, flash its status bar. Exceptions in them are swallowed.
        self.listeners: list[Callable[[Optional[Path], str], None]] = []
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        # One dialog at a time: an exception raised in paintEvent repeats on every repaint, and a
        # stack of identical modal boxes would make the app unusable.
        self._dialog_open = False
        self._lock = threading.Lock()
        self._poster = None
        #: traceback text -> its log: a repeating error (an exception in paintEvent fires on every
        #: repaint) is logged and shown once per session, not sixty times a second.
        self._seen: dict[str, Optional[Path]] = {}

    # -- hooks ---------------------------------------------------------------------------------
    def excepthook(self, exc_type, exc, tb) -> None:
        """``sys.excepthook``: log, then show the dialog when Qt is up."""
        if issubclass(exc_type, KeyboardInterrupt):
            # Ctrl+C in a terminal is a request, not a crash.
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.handle(exc_type, exc, tb)

    def threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: same as above for exceptions in Python threads."""
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else None
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, thread_name=name)

    def handle(self, exc_type, exc, tb, *, thread_name: Optional[str] = None) -> Optional[Path]:
        """Log one exception and show it; returns the log path (None if nothing could be written)."""
        try:
            key = "".join(traceback.format_exception(exc_type, exc, tb))
        except Exception:
            key = repr(exc_type)
        with self._lock:
            if key in self._seen:
                return self._seen[key]
            self._seen[key] = None
        try:
            text = format_report(exc_type, exc, tb, thread_name=thread_name)
        except Exception:
            text = f"{exc_type!r}: {exc!r} (the crash report itself failed)\n"
        path: Optional[Path] = None
        try:
            path = write_crash_log(text, self.log_dir, self.app_name)
            self.last_log = path
            self._seen[key] = path
        except Exception as error:
            _stderr(f"could not write the crash log: {error!r}\n")
        _stderr(text if path is None else f"{text}\ncrash log written to {path}\n")
        for listener in list(self.listeners):
            try:
                listener(path, text)
            except Exception:
                pass
        if self.show_dialog:
            try:
                self._show(path, exc, text)
            except Exception as error:
                _stderr(f"could not show the crash dialog: {error!r}\n")
        return path

    # -- dialog --------------------------------------------------------------------------------
    def _show(self, path: Optional[Path], exc: BaseException, text: str) -> None:
        summary = f"{type(exc).__name__}: {exc}"
        widgets = sys.modules.get("PySide6.QtWidgets")
        app = widgets.QApplication.instance() if widgets is not None else None
        if app is None:
            if _windowed_frozen() and threading.current_thread() is threading.main_thread():
                # A double-clicked app that dies before its window exists would otherwise vanish
                # without a word (no console to print to): start Qt just for the dialog.
                self._show_without_app(path, summary, text)
            return  # headless command or a console: the report went to stderr above
        if threading.current_thread() is threading.main_thread():
            self._show_now(path, summary, text)
        else:
            # Widgets may only be touched from the GUI thread: post the dialog there through a
            # queued signal (the pattern Picard and Orange use for worker results).
            self._poster_for(app).posted.emit(str(path) if path else "", summary, text)

    def _show_without_app(self, path: Optional[Path], summary: str, text: str) -> None:
        try:
            from PySide6.QtWidgets import QApplication

            self._own_app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else ""])
            self._show_now(path, summary, text)
        except Exception:
            if sys.platform == "win32":  # Qt itself is what failed: the plainest dialog there is
                import ctypes

                ctypes.windll.user32.MessageBoxW(None, f"{summary}\n\n{path or ''}", "desktop-app", 0x10)

    def _poster_for(self, app):
        with self._lock:
            if self._poster is None:
                self._poster = _make_poster(self, app)
            return self._poster

    def _show_now(self, path: Optional[Path], summary: str, text: str) -> None:
        if self._dialog_open:
            return
        self._dialog_open = True
        try:
            box = build_crash_dialog(path, summary, text)
            box.exec()
        finally:
            self._dialog_open = False

    # -- install -------------------------------------------------------------------------------
    def install(self) -> "CrashHandler":
        sys.excepthook = self.excepthook
        threading.excepthook = self.threading_excepthook
        return self

    def uninstall(self) -> None:
        """Restore the hooks that were active before ``install`` (used by tests)."""
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_excepthook
        if threading.excepthook == self.threading_excepthook:
            threading.excepthook = self._previous_threading_hook


def _make_poster(handler: CrashHandler, app):
    """A QObject living in the GUI thread whose signal carries a crash from a worker thread."""
    from PySide6.QtCore import QObject, Signal, Slot

    class _Poster(QObject):
        posted = Signal(str, str, str)

        @Slot(str, str, str)
        def show(self, path: str, summary: str, text: str) -> None:
            try:
                handler._show_now(Path(path) if path else None, summary, text)
            except Exception as error:
                _stderr(f"could not show the crash dialog: {error!r}\n")

    poster = _Poster()
    # Created in the crashing thread; pushed to the GUI thread so the slot runs there (a queued
    # connection, because emitter thread != receiver thread).
    poster.moveToThread(app.thread())
    poster.posted.connect(poster.show)
    return poster


def build_crash_dialog(path: Optional[Path], summary: str, text: str, parent=None):
    """The crash message box: what happened, where the log is, the traceback in 'Show Details'."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QMessageBox

    def tr(source: str) -> str:
        return QCoreApplication.translate("CrashDialog", source)

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Unexpected error / 程序出错"))
    box.setText(tr("Something went wrong. Your data was not changed by this error.\n"
                   "程序遇到意外错误，您的数据未被改动。") + f"\n\n{summary}")
    if path is not None:
        box.setInformativeText(
            tr("A report was saved to / 错误报告已保存到:") + f"\n{path}\n\n"
            + tr("Please send this file to support. / 请将此文件发送给技术支持。"))
    else:
        box.setInformativeText(tr("The report could not be saved; copy the details below."))
    box.setDetailedText(text)
    # Let the user select and copy the path from the message itself.
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("crash_dialog")
    return box


_installed: Optional[CrashHandler] = None


def install_crash_handler(app_name: str = "desktop-app", log_dir: Optional[Path | str] = None,
                          show_dialog: bool = True) -> CrashHandler:
    """Install the crash hooks (idempotent: a second call replaces the first handler).

    ``log_dir`` overrides ``$DESKTOP_APP_LOG_DIR`` and the platform's log folder.
    Never raises: if installing fails, the interpreter's default hooks stay in place.
    """
    global _installed
    try:
        if _installed is not None:
            _installed.uninstall()
        _installed = CrashHandler(app_name, log_dir, show_dialog).install()
    except Exception as error:  # pragma: no cover - installing two attributes cannot really fail
        _stderr(f"could not install the crash handler: {error!r}\n")
        _installed = CrashHandler(app_name, log_dir, show_dialog)
    return _installed


def installed_handler() -> Optional[CrashHandler]:
    """The handler installed by ``install_crash_handler`` (None before the first call)."""
    return _installed
