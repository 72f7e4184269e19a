"""Progress and cancellation callbacks shared by every long-running core function.

Core functions take ``progress(done, total, text)`` and ``should_cancel()`` as plain
callables (Orange's TaskState pattern without Qt). ``checkpoint`` combines both.
"""

from __future__ import annotations

from typing import Callable, Optional

from .errors import ImportCancelled

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


def no_progress(done: int, total: int, text: str = "") -> None:
    """Progress callback that ignores everything."""


def never_cancel() -> bool:
    """Cancel check that never cancels."""
    return False


class Reporter:
    """Wraps optional callbacks; ``step()`` reports progress and raises when cancelled."""

    def __init__(self, progress: Optional[ProgressFn] = None, should_cancel: Optional[CancelFn] = None):
        self.progress = progress or no_progress
        self.should_cancel = should_cancel or never_cancel

    def check(self) -> None:
        """Raise ImportCancelled if the caller asked to stop."""
        if self.should_cancel():
            raise ImportCancelled()

    def step(self, done: int, total: int, text: str = "") -> None:
        """Report progress, then honour a cancel request."""
        self.progress(done, total, text)
        self.check()
