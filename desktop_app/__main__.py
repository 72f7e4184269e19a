"""Entry point: ``python -m desktop_app`` (GUI), ``... report`` (headless), ``--version``."""

from __future__ import annotations

import sys

HELP = """usage: python -m desktop_app [--demo] [--data-dir DIR] [--database URL] [--lang zh_CN|en] [FILE ...]
       python -m desktop_app report --orders FILE... --chats FILE... [--inventory FILE] [--json OUT] [--xlsx OUT]
       python -m desktop_app report --data-dir DIR | --database URL [--shop NAME...] [--from DATE] [--to DATE] [--json OUT] [--xlsx OUT]
                                    (either form: [--scheme FILE] 绩效, [--staffing] 排班)
       python -m desktop_app import FILE... [--data-dir DIR | --database URL] [--shop NAME]
       python -m desktop_app imports [--data-dir DIR | --database URL] [--json OUT] [--remove ID]
       python -m desktop_app sample --out DIR
       python -m desktop_app staffing --arrivals PER_HOUR --handle SECONDS [--target 0.8@20] [--concurrency C] [--json -]
       python -m desktop_app --version | --self-test

客服绩效工作台 / customer-service workstation.

window (default):  opens FILEs (order exports, chat logs, inventory sheets); with no data, the sample shop
  --demo           open the generated sample shop (made-up data)
  --data-dir DIR   folder for the history database, settings and saved column mappings
  --database URL   the history store instead: sqlite:///path/history.sqlite3 or postgresql://user@host:port/db
                   (a team's shared store; the password from PGPASSWORD or ~/.pgpass, never saved by the app)
  --lang LANG      interface language: zh_CN (简体中文) or en
commands:
  report           headless report: JSON and the daily Excel report (python -m desktop_app report --help)
  staffing         排班 Erlang C: agents needed for arrivals, handle time and a target (staffing --help)
  sample           write the sample shop's files (python -m desktop_app sample --help)
  import           import files into the history store, as the window does (daily scheduled run)
  imports          list the imports of the history store, or remove one (--remove ID)
  --version        print the version
  --self-test      load the sample files, compute the KPIs, render the window offscreen; exit 0 if all worked
"""


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the headless commands or start the window."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "report":
        from .core.cli import report_main

        return report_main(argv[1:])
    if argv and argv[0] == "staffing":
        from .core.cli_staffing import staffing_main

        return staffing_main(argv[1:])
    if argv and argv[0] in ("import", "imports"):
        from .core import cli_store

        return (cli_store.import_main if argv[0] == "import" else cli_store.imports_main)(argv[1:])
    if argv and argv[0] == "sample":
        from .core.cli import sample_main

        return sample_main(argv[1:])
    if argv and argv[0] in ("-h", "--help", "help"):
        # Answered here, before Qt: the window's own parser only runs once a QApplication exists,
        # which aborts on a machine without a display.
        print(HELP)
        return 0
    if "--version" in argv:
        from . import __version__

        print(f"desktop-app {__version__}")
        return 0
    if "--self-test" in argv:
        # dispatched here, not in ui: the self-test drives the ui, the ui never imports the self-test
        from .selftest import run_self_test

        return run_self_test(argv[argv.index("--self-test") + 1:])
    from .ui.app import run_gui

    return run_gui(argv)


def _main_quiet_on_closed_pipe() -> int:
    """``main()``; a reader that closed early (``… | head``) ends the command quietly with exit code 1."""
    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
        return 1


if __name__ == "__main__":
    sys.exit(_main_quiet_on_closed_pipe())
