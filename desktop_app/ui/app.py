"""GUI start-up: crash hook, QApplication, translators, arguments, then the main window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Optional

#: arguments of the GUI (files to open come last)
USAGE = "desktop-app [--demo] [--data-dir DIR] [--database URL] [--lang zh_CN|en] [FILE ...]"


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the GUI's arguments (after QApplication took out its own options)."""
    parser = argparse.ArgumentParser(prog="desktop-app", usage=USAGE, add_help=True)
    parser.add_argument("files", nargs="*", help="order exports, chat logs or inventory sheets to open")
    parser.add_argument("--demo", action="store_true", help="generate and open the sample shop")
    parser.add_argument("--data-dir", default=None, help="folder for the history store and settings")
    parser.add_argument("--database", default=None, metavar="URL",
                        help="the history store for this run: sqlite:///path or postgresql://user@host:port/db "
                             "(the password from PGPASSWORD or ~/.pgpass)")
    parser.add_argument("--lang", choices=("zh_CN", "en"), default=None, help="interface language")
    args, _unknown = parser.parse_known_args(argv)
    return args


def create_main_window(data_dir=None, settings_path=None, translators=None):
    """A main window for tests and the self-test (see main_window.create_main_window), with the
    history's notice (read-only, cannot be opened) in its status bar.

    Imported lazily so that importing this module stays cheap and the crash hook in ``run_gui``
    is installed before the heavy imports (pandas, the views, pyqtgraph).
    """
    from .main_window import create_main_window as make
    from .store_faults import install_store_notice

    window = make(data_dir, settings_path, translators)
    install_store_notice(window)
    return window


def run_gui(argv: Optional[list[str]] = None) -> int:
    """Start the window and run the event loop; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Qt aborts without naming the library when its X11 plugin cannot load: say which, and how to fix it
    from .platform_check import check_xcb

    problem = check_xcb()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # a --database URL that is not one: said before any window, never with its password
    from .store_choice import database_argument_problem

    problem = database_argument_problem(parse_args(argv).database)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    # the crash hook goes first, so a failure while starting Qt is logged too
    from ..crash import install_crash_handler

    install_crash_handler()
    # numpy and pandas before Qt: PySide6's import hook reads the source of every module imported after
    # it (hundreds of pandas' modules; ~0.2 s of a cold start)
    import pandas  # noqa: F401
    # the reference keeps the window alive for the whole event loop
    window = start_gui(argv)
    if window is None:  # the user chose to quit at a fault of the history (ui/store_faults.py)
        return 1
    from PySide6.QtWidgets import QApplication

    code = QApplication.instance().exec()
    del window
    return code


def start_gui(argv: list[str]):
    """Everything ``run_gui`` does before the event loop: QApplication, translators, window, data.

    Returns the shown MainWindow (tests drive it without entering ``exec()``), or None when the user
    chose to quit at a fault of the history (a data folder that cannot be one, a damaged history).
    """
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from .i18n import Translators, resolve_language
    from .main_window import temp_data_dir
    from .paths import APP_NAME, ORG_NAME, default_data_dir, resource_path, settings_path
    from .settings import AppSettings

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication.instance()
    if app is None:
        # only possible before the application exists
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0]] + argv)
        # QApplication took out its own options (-style, -platform, ...): they are not files
        argv = app.arguments()[1:]
    args = parse_args(argv)
    from . import gc_guard

    gc_guard.install()  # cycles collected between events, never inside a Qt call (gc_guard.py)
    icon = resource_path("icons/desktop-app.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))

    data_dir = Path(args.data_dir) if args.data_dir else (temp_data_dir() if args.demo and not args.files
                                                          else None)
    from .store_faults import check_data_folder, install_store_notice, resolve_store_fault

    try:
        # a data folder that cannot be one (a file, under a file, /proc): say so before anything is put there
        folder_fault = check_data_folder(
            data_dir or default_data_dir(),
            before_asking=lambda: Translators(app).install(args.lang or resolve_language("")))
    except SystemExit:
        return None
    if folder_fault is not None:
        data_dir = temp_data_dir()  # this session only; the notice says so
    settings = AppSettings(settings_path(data_dir)) if data_dir else AppSettings()
    settings.sync()
    translators = Translators(app)
    # --lang is for this run only (a test, a screenshot); Tools > Language is the saved choice
    translators.install(args.lang or resolve_language(settings.language))

    from .main_window import create_main_window as make

    window = make(data_dir or default_data_dir(), settings.file_name, translators, database=args.database)
    install_store_notice(window, folder_fault)
    window.show()
    if not resolve_store_fault(window):  # damaged / busy / newer: set aside, retry, continue or quit
        window.close()
        return None
    from .startup_probe import install as install_startup_probe

    install_startup_probe(window)  # bench/startup_bench.py only: nothing unless its variable is set
    files = [os.path.abspath(f) for f in args.files]
    if files:
        window.open_files(files)
    elif args.demo or window.data_range() is None:
        # a first start shows what the app does on made-up data instead of an empty window
        window.open_demo(first_start=not args.demo)
    else:
        window.recompute()
    return window
