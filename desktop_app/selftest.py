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
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable, Optional

# The parts, re-exported here: the launcher, __main__ and tests import them from selftest.
from .selftest_core import (  # noqa: F401
    CoreOutcome, Report, StepFailed, _check, _import, _write_sample, run_core,
)
from .selftest_pages import (  # noqa: F401
    _check_views, _show_every_page, _UnhandledExceptions, _why_not_importable,
)
from .selftest_window import (  # noqa: F401
    _NOT_ARRIVED, measure_startup, run_gui_part, seconds_since_process_start,
)


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
