"""PyInstaller entry point: a stub outside the package, so the frozen script is not ``__main__``
of ``desktop_app`` (relative imports keep working) and the executable's name cannot clash with the
package folder (Picard's launcher pattern)."""

import multiprocessing
import sys


def _run() -> int:
    # A frozen child process started by multiprocessing must not open a second window.
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    if "--self-test" in argv:
        # Routed here as well as in the GUI's run_gui, so the packaging smoke test does not depend
        # on the window code's argument handling; the self-test builds the window itself.
        from desktop_app.selftest import run_self_test

        return run_self_test(argv)
    from desktop_app.__main__ import main

    return main(argv)


if __name__ == "__main__":
    sys.exit(_run())
