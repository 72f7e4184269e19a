"""The self-test's GUI part: the main window shown (offscreen without a display), the sample files
opened in it, its results awaited, its pages shown and the window grabbed; and ``measure_startup``."""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Optional

from .selftest_core import CoreOutcome, Report, StepFailed
from .selftest_pages import _check_views, _show_every_page, _UnhandledExceptions


#: wall-clock time this module was imported: the fallback "process start" on platforms where
#: the OS start time is not available (it is a little late: the interpreter already started).
_IMPORTED_AT = time.time()


#: marks "results_changed never came" (a results object may legitimately be None)
_NOT_ARRIVED = object()


def seconds_since_process_start() -> tuple[float, str]:
    """(seconds, how measured) since the OS started this process.

    Linux: /proc (10 ms ticks). Windows: GetProcessTimes. Elsewhere (macOS): since this module
    was imported, which misses the interpreter's own start-up -- labelled so.
    """
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", encoding="ascii") as fh:
                # the command name (field 2) may contain spaces: split after its closing ')'
                fields = fh.read().rsplit(")", 1)[1].split()
            start_ticks = int(fields[19])  # field 22 overall: starttime in clock ticks since boot
            with open("/proc/uptime", encoding="ascii") as fh:
                uptime = float(fh.read().split()[0])
            return uptime - start_ticks / os.sysconf("SC_CLK_TCK"), "process start"
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            # Declared types: the pseudo-handle (-1) must travel as a 64-bit HANDLE, not a C int.
            kernel32.GetCurrentProcess.restype = wintypes.HANDLE
            kernel32.GetProcessTimes.argtypes = [wintypes.HANDLE] + [ctypes.POINTER(wintypes.FILETIME)] * 4
            kernel32.GetProcessTimes.restype = wintypes.BOOL
            creation, exited, kernel, user = (wintypes.FILETIME() for _ in range(4))
            ok = kernel32.GetProcessTimes(kernel32.GetCurrentProcess(), ctypes.byref(creation),
                                          ctypes.byref(exited), ctypes.byref(kernel), ctypes.byref(user))
            if ok:
                ticks = (creation.dwHighDateTime << 32) | creation.dwLowDateTime  # 100 ns since 1601
                started = ticks / 1e7 - 11644473600.0
                return time.time() - started, "process start"
    except Exception:
        pass
    return time.time() - _IMPORTED_AT, "module import"


def _ensure_display() -> None:
    """Use the offscreen platform when there is no display (CI, SSH) so the test can still run."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if sys.platform.startswith("linux") and not has_display:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        # The offscreen plugin warns about window features it lacks (size hints): noise here.
        os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")


def _qapp():
    _ensure_display()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "desktop-app"])
    return app


def _make_window(folder: Path, translators: Any = None):
    import inspect

    from .ui.app import create_main_window  # the GUI's public factory (contract in the brief)

    data_dir = folder / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    # A private data dir and settings file: the self-test must not touch the user's own store.
    kwargs: dict[str, Any] = {"data_dir": data_dir, "settings_path": data_dir / "settings.ini"}
    if translators is not None and "translators" in inspect.signature(create_main_window).parameters:
        kwargs["translators"] = translators
    return create_main_window(**kwargs)


def _install_language(app, lang: str):
    """Load our translation for ``lang`` (proves the .qm files made it into the bundle)."""
    from .ui.i18n import Translators, qm_path

    translators = Translators(app)
    if not translators.install(lang):
        raise StepFailed(f"the {lang} translation did not load from {qm_path(lang)} "
                         "(missing from the build? run pyside6-lrelease / packaging/build.sh)")
    return translators, qm_path(lang)


def _wait_exposed(window, timeout_ms: int = 10_000) -> None:
    """Spin an event loop until the window has been shown and laid out."""
    from PySide6.QtCore import QEventLoop, QTimer

    window.show()
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_ms / 1000

    def check() -> None:
        if window.isVisible() or time.monotonic() > deadline:
            loop.quit()

    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not window.isVisible():
        raise StepFailed("the main window did not become visible")


def _close_modal_dialogs() -> list[str]:
    """Close any modal dialog (an error box would otherwise block the test) and return its text."""
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    texts = []
    for widget in QApplication.topLevelWidgets():
        # Only modal ones block; a non-modal summary window is the app working as designed.
        if isinstance(widget, QDialog) and widget.isVisible() and widget.isModal():
            if isinstance(widget, QMessageBox):
                texts.append(f"{widget.text()} {widget.informativeText()}".strip())
            else:
                texts.append(widget.windowTitle())
            widget.done(0)
    return texts


def _wait_results(window, paths: list[Path], timeout_s: float) -> tuple[Any, list[str]]:
    """open_files(paths), then wait for results_changed.

    Returns (the Results emitted, or _NOT_ARRIVED; the problems seen: dialogs closed, failures).
    """
    from PySide6.QtCore import QEventLoop, QTimer

    arrived = {"yes": False}
    dialogs: list[str] = []
    loop = QEventLoop()

    def on_results(*args) -> None:
        arrived["yes"] = True
        arrived["results"] = args[0] if args else None
        # An early emission (e.g. a recompute of the still-empty store) is not the answer to
        # open_files: keep waiting for results that have agents, until the deadline.
        agents = getattr(arrived["results"], "agents", None)
        if agents is None or len(agents) > 0:
            loop.quit()

    def on_failed(failure) -> None:
        # The window reports a failed import/compute here (and shows it in the window); stop
        # waiting and name it instead of running into the timeout.
        dialogs.append(f"task failed: {failure!r}")
        loop.quit()

    window.results_changed.connect(on_results)
    failed_signal = getattr(window, "task_failed", None)
    if failed_signal is not None:
        failed_signal.connect(on_failed)
    deadline = time.monotonic() + timeout_s

    def watchdog() -> None:
        # An error dialog (exec'd inside open_files or a slot) would block until the timeout:
        # close it and report its text, so the failure says what went wrong.
        dialogs.extend(_close_modal_dialogs())
        if time.monotonic() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(watchdog)
    timer.start()

    def done() -> bool:
        agents = getattr(arrived.get("results"), "agents", None)
        return arrived["yes"] and (agents is None or len(agents) > 0)

    try:
        window.open_files([str(p) for p in paths])
        if not done() and not dialogs:
            loop.exec()
    finally:
        timer.stop()
        for signal, slot in ((window.results_changed, on_results), (failed_signal, on_failed)):
            try:
                if signal is not None:
                    signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
    return (arrived["results"] if arrived["yes"] else _NOT_ARRIVED), dialogs


def run_gui_part(outcome: CoreOutcome, folder: Path, report: Report, timeout_s: float,
                 screenshot: Optional[Path], lang: str = "zh_CN") -> None:
    """Main window: show, open the sample files, wait for results, grab. Raises on failure."""
    step = "qt"
    window = None
    translators = None
    unhandled = _UnhandledExceptions()
    try:
        unhandled.__enter__()
        app = _qapp()
        if lang and lang != "none":
            step = "i18n"
            translators, qm = _install_language(app, lang)
            report.emit(f"ok i18n {lang} ({qm.name})")

        step = "window"
        t0 = time.perf_counter()
        window = _make_window(folder, translators)
        _wait_exposed(window)
        unhandled.check()
        report.emit(f"ok window shown ({time.perf_counter() - t0:.2f} s, platform {app.platformName()})")

        step = "open"
        t0 = time.perf_counter()
        results, dialogs = _wait_results(window, outcome.files, timeout_s)
        if dialogs:
            raise StepFailed("the window reported a problem while opening the sample: " + " | ".join(dialogs))
        if results is _NOT_ARRIVED:
            raise StepFailed(f"results_changed was not emitted within {timeout_s:.0f} s of open_files")
        agents = getattr(results, "agents", None)
        if agents is not None and len(agents) == 0:
            raise StepFailed("the window's results have no agents")
        unhandled.check()
        shown = f", {len(agents)} agents" if agents is not None else ""
        report.emit(f"ok open {len(outcome.files)} files, results_changed{shown} "
                    f"({time.perf_counter() - t0:.2f} s)")

        step = "views"
        _check_views(window)
        shown_pages = _show_every_page(window)
        unhandled.check()
        report.emit(f"ok views {shown_pages} pages shown and painted, none missing")

        step = "grab"
        pixmap = window.grab()
        if pixmap.isNull() or pixmap.width() == 0 or pixmap.height() == 0:
            raise StepFailed("grabbing the main window gave an empty pixmap")
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not pixmap.save(str(screenshot), "PNG"):
                raise StepFailed(f"could not save the screenshot to {screenshot} (PNG plugin missing?)")
        unhandled.check()
        report.emit(f"ok grab {pixmap.width()}x{pixmap.height()}"
                    + (f" -> {screenshot}" if screenshot else ""))
    except Exception as error:
        error.self_test_step = step  # type: ignore[attr-defined]
        raise
    finally:
        if window is not None:
            _dispose(window)
        unhandled.__exit__(None, None, None)
        if translators is not None:
            try:  # back to the source language, for callers that keep the QApplication
                translators.install("en")
            except Exception:
                pass


def _dispose(window) -> None:
    """Close the window and let Qt delete it (and stop its workers) before the temp dir goes."""
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool

    try:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QThreadPool.globalInstance().waitForDone(5000)
    except Exception:
        pass


def measure_startup(report: Report, folder: Path) -> int:
    """Show the main window and print the time from process start to the shown window."""
    try:
        _qapp()
        window = _make_window(folder)
        _wait_exposed(window)
        seconds, basis = seconds_since_process_start()
        # CPU seconds beside the wall clock: on a loaded machine the wall time mostly measures
        # the other processes, the CPU time what start-up costs.
        report.emit(f"startup {seconds:.3f} s from {basis} to main window shown "
                    f"(cpu {time.process_time():.3f} s)")
        _dispose(window)
        return 0
    except Exception:
        report.emit("FAIL startup")
        report.emit(traceback.format_exc().rstrip())
        return 1
