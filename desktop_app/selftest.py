"""``--self-test``: prove an installed (or frozen) app works end to end, in under a minute, offline.

It writes the generated sample shop to a temporary folder, imports it with the registry, computes
the KPIs, checks a few invariants, then opens the same files in the real main window (offscreen when
there is no display), waits for its ``results_changed`` signal and grabs the window to a pixmap.
One line per step is printed (``ok import 4 files ...``); the exit code is 0 only if every step
worked, else 1 with the failing step and its traceback. CI runs it against the PyInstaller bundle,
where it catches what unit tests cannot: a missing data file, hidden import or Qt plugin.

Usable three ways: ``desktop-app --self-test`` / ``python -m desktop_app --self-test`` (the GUI's
``run_gui`` routes it here), ``python -m desktop_app.selftest``, and ``run_self_test([])``.

Options (after ``--self-test``, all optional):
  --core-only          stop after the checks; never imports Qt
  --measure-startup    only show the main window and print the time since the process started
  --timeout S          seconds to wait for the window's results (default 60)
  --log FILE           also write the report to FILE (a windowed Windows exe has no stdout)
  --screenshot FILE    save the grabbed window as PNG
  --keep DIR           write the sample files to DIR and keep them
  --lang L             interface language to load and check (zh_CN default, en, or none)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

#: wall-clock time this module was imported: the fallback "process start" on platforms where
#: the OS start time is not available (it is a little late: the interpreter already started).
_IMPORTED_AT = time.time()


#: marks "results_changed never came" (a results object may legitimately be None)
_NOT_ARRIVED = object()


class StepFailed(Exception):
    """A self-test invariant did not hold; the message says which and why."""


@dataclass
class Report:
    """Collects the step lines; ``emit`` prints each (and copies it to the log file)."""

    log_path: Optional[Path] = None
    lines: list[str] = field(default_factory=list)
    sink: Callable[[str], None] = print

    def emit(self, line: str) -> None:
        self.lines.append(line)
        try:
            self.sink(line)
        except Exception:  # a closed/None stdout must not fail the test itself
            pass
        if self.log_path is not None:
            try:
                with open(self.log_path, "a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
            except OSError:
                pass


@dataclass
class CoreOutcome:
    """What the Qt-free part produced, for the GUI part and for tests."""

    files: list[Path]
    dataset: Any
    results: Any


# ---------------------------------------------------------------------------------------------
# Core part (no Qt)
# ---------------------------------------------------------------------------------------------

def _write_sample(folder: Path) -> list[Path]:
    """The generated sample shop's files (write_sample returns {name: path})."""
    from .core.sample import write_sample

    paths = sorted(Path(p) for p in write_sample(folder).values())
    missing = [p for p in paths if not p.is_file()]
    if not paths or missing:
        raise StepFailed(f"write_sample({folder}) did not write its files: {missing or 'none'}")
    return paths


def _import(paths: list[Path]):
    """Import every file with the registry and build the Dataset; returns (dataset, results)."""
    from .core.dataset import Dataset
    from .core.importers.registry import load_files

    results = load_files([str(p) for p in paths])
    if len(results) != len(paths):
        raise StepFailed(f"load_files returned {len(results)} results for {len(paths)} files")
    return Dataset.from_results(results), results


def _check(results: Any, dataset: Any) -> str:
    """The invariants a working build must satisfy on the sample shop; returns a summary."""
    import pandas as pd

    agents = results.agents
    if agents is None or len(agents) == 0:
        raise StepFailed("no agents in the results (expected > 0 on the sample shop)")
    # NaN / NA = an agent without inquiries (rate undefined), which is fine.
    rates = pd.to_numeric(agents["conversion_rate"], errors="coerce").dropna().astype(float).tolist()
    if not rates:
        raise StepFailed("every agent's conversion_rate is empty")
    bad = [r for r in rates if not 0.0 <= r <= 1.0]
    if bad:
        raise StepFailed(f"conversion_rate outside [0, 1]: {bad[:5]}")
    checks = {}
    for name in ("unshipped", "out_of_stock", "unpaid"):
        frame = getattr(results, name, None)
        if frame is None:
            raise StepFailed(f"results.{name} is missing")
        checks[name] = len(frame)
    if sum(checks.values()) == 0:
        raise StepFailed("no order checks at all (unshipped, out_of_stock and unpaid are all empty)")
    shop = getattr(results, "shop", {}) or {}
    sales = shop.get("sales")
    summary = (f"{len(agents)} agents, conversion {min(rates):.1%}..{max(rates):.1%}, "
               f"unshipped {checks['unshipped']}, out of stock {checks['out_of_stock']}, "
               f"unpaid {checks['unpaid']}")
    if isinstance(sales, (int, float)):
        summary += f", sales {sales:,.2f}"
    return summary


def run_core(folder: Path, report: Report) -> CoreOutcome:
    """Sample -> import -> compute -> check, one report line per step. Raises on failure."""
    from .core.model.compute import compute
    from .core.model.settings import ModelSettings

    step = "sample"
    try:
        t0 = time.perf_counter()
        files = _write_sample(folder)
        report.emit(f"ok sample {len(files)} files ({time.perf_counter() - t0:.2f} s)")

        step = "import"
        t0 = time.perf_counter()
        dataset, imported = _import(files)
        sizes = ", ".join(f"{name} {len(getattr(dataset, name))}"
                          for name in ("orders", "lines", "messages", "inventory"))
        formats = ", ".join(sorted(r.format_id for r in imported))
        problems = len(getattr(dataset, "problems", []) or [])
        report.emit(f"ok import {len(files)} files as {formats} ({sizes}; {problems} row problems; "
                    f"{time.perf_counter() - t0:.2f} s)")
        if len(dataset.orders) == 0 or len(dataset.messages) == 0:
            raise StepFailed("the sample import produced no orders or no messages")

        step = "compute"
        t0 = time.perf_counter()
        results = compute(dataset, ModelSettings())
        report.emit(f"ok compute ({time.perf_counter() - t0:.2f} s)")

        step = "check"
        report.emit(f"ok check {_check(results, dataset)}")

        step = "database"  # the team store's driver is in the bundle (psycopg with its own libpq)
        import psycopg

        report.emit(f"ok database driver psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, "
                    f"libpq {psycopg.pq.version()})")
    except Exception as error:
        error.self_test_step = step  # type: ignore[attr-defined]
        raise
    return CoreOutcome(files, dataset, results)


# ---------------------------------------------------------------------------------------------
# GUI part
# ---------------------------------------------------------------------------------------------

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


class _UnhandledExceptions:
    """Collects exceptions Qt reports through ``sys.excepthook`` while the window runs.

    An exception in a slot or in ``paintEvent`` does not propagate to our code: PySide hands it to
    the excepthook and carries on, so without this a view that fails to paint would pass.
    """

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._previous = None

    def __enter__(self) -> "_UnhandledExceptions":
        self._previous = sys.excepthook
        sys.excepthook = self._hook
        return self

    def __exit__(self, *exc_info) -> None:
        if self._previous is not None and sys.excepthook == self._hook:
            sys.excepthook = self._previous
        self._previous = None

    def _hook(self, exc_type, exc, tb) -> None:
        self.errors.append("".join(traceback.format_exception(exc_type, exc, tb)).rstrip())

    def check(self) -> None:
        """Raise StepFailed with the first collected traceback, if any."""
        if self.errors:
            first, count = self.errors[0], len(self.errors)
            self.errors = []
            raise StepFailed(f"{count} unhandled exception(s) inside the window; the first:\n{first}")


def _show_every_page(window) -> int:
    """Bring each view to the front as a click in the navigation would, let it paint, grab it."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QStackedWidget

    views = dict(getattr(window, "views", {}) or {})
    stacks = {id(v.parentWidget()): v.parentWidget() for v in views.values()
              if isinstance(v.parentWidget(), QStackedWidget)}
    current = {key: stack.currentWidget() for key, stack in stacks.items()}
    try:
        for name, view in views.items():
            stack = view.parentWidget()
            if isinstance(stack, QStackedWidget):
                stack.setCurrentWidget(view)
            loop = QEventLoop()
            QTimer.singleShot(50, loop.quit)  # let show events, layouts and deferred paints run
            loop.exec()
            try:
                # PySide re-raises an exception from paintEvent out of grab() (called from Python
                # here); from the event loop it goes to sys.excepthook (_UnhandledExceptions).
                pixmap = view.grab()
            except Exception as error:
                why = f"{type(error).__name__}: {error}"
                raise StepFailed(f"the {name} view failed to paint: {why}") from error
            if pixmap.isNull() or pixmap.width() == 0:
                raise StepFailed(f"the {name} view painted nothing")
    finally:
        for key, stack in stacks.items():  # back to the page the window showed (screenshot)
            if current[key] is not None:
                stack.setCurrentWidget(current[key])
    return len(views)


def _check_views(window) -> None:
    """Every page must be its real view: the window swaps in a ``PlaceholderView`` when a view
    module fails to import, which in a frozen build means the bundle lacks a module."""
    from PySide6.QtWidgets import QWidget

    placeholders = sorted(getattr(w, "name", type(w).__name__) for w in window.findChildren(QWidget)
                          if type(w).__name__ == "PlaceholderView")
    if placeholders:
        raise StepFailed("views missing from this build: " + "; ".join(
            f"{name} ({_why_not_importable(name)})" for name in placeholders))


def _why_not_importable(page: str) -> str:
    """Re-import a placeholder page's module to name the error the window swallowed."""
    import importlib
    import sys as _sys

    try:
        module_name = importlib.import_module(".ui.main_window", __package__).VIEW_CLASSES[page][0]
    except Exception:
        return "module unknown"
    _sys.modules.pop(module_name, None)
    try:
        importlib.import_module(module_name)
    except Exception as error:
        return f"{module_name}: {type(error).__name__}: {error}"
    return f"{module_name} imports now"


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


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="desktop-app --self-test", add_help=False)
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--core-only", action="store_true")
    parser.add_argument("--measure-startup", action="store_true")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--log", type=Path)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--lang", default="zh_CN")
    # Unknown arguments (Qt's own -platform, -style ...) are left for QApplication.
    args, _unknown = parser.parse_known_args(argv)
    return args


def run_self_test(argv: list[str] | None = None, sink: Callable[[str], None] = print) -> int:
    """Run the self-test; 0 when every step passed, 1 otherwise (see the module docstring)."""
    args = _parse(list(sys.argv[1:] if argv is None else argv))
    if args.log is not None:
        try:
            args.log.parent.mkdir(parents=True, exist_ok=True)
            args.log.write_text("", encoding="utf-8")
        except OSError:
            args.log = None
    report = Report(log_path=args.log, sink=sink)
    try:
        from . import __version__
    except Exception:
        __version__ = "?"
    report.emit(f"self-test desktop-app {__version__} (python {sys.version.split()[0]}, "
                f"{'frozen' if getattr(sys, 'frozen', False) else 'source'}, "
                f"utf-8 mode {'on' if sys.flags.utf8_mode else 'off'})")

    folder: Optional[Path] = None
    cleanup = False
    try:
        try:
            if args.keep is not None:
                folder = args.keep
                folder.mkdir(parents=True, exist_ok=True)
            else:
                folder = Path(tempfile.mkdtemp(prefix="desktop-app-selftest-"))
                cleanup = True
            if args.measure_startup:
                return measure_startup(report, folder)
            outcome = run_core(folder / "sample", report)
            if not args.core_only:
                run_gui_part(outcome, folder, report, args.timeout, args.screenshot, args.lang)
        except Exception as error:
            step = getattr(error, "self_test_step", "setup")
            report.emit(f"FAIL {step}: {type(error).__name__}: {error}")
            report.emit(traceback.format_exc().rstrip())
            return 1
        report.emit("self-test passed")
        return 0
    finally:
        if cleanup and folder is not None:
            # ignore_errors: on Windows a file still held by a closing worker must not turn a
            # passed test into a failure.
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(run_self_test())
