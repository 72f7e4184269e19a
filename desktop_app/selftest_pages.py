"""The self-test's checks of the window's pages: every page is its real view, shows and paints, and no
exception went to ``sys.excepthook`` meanwhile."""

from __future__ import annotations

import sys
import traceback

from .selftest_core import StepFailed


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
