"""Entry point: ``python -m desktop_app`` (GUI), ``... report`` (headless), ``--version``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the headless commands or start the window."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "report":
        from .core.cli import report_main

        return report_main(argv[1:])
    if argv and argv[0] == "sample":
        from .core.cli import sample_main

        return sample_main(argv[1:])
    if "--version" in argv:
        from . import __version__

        print(f"desktop-app {__version__}")
        return 0
    from .ui.app import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())
