"""Python's cycle collector paused while a reader turns a file or a query into millions of objects.

Creating a few hundred thousand lists or tuples (the rows of a sheet, of a database query) sets off full
collections that walk every object of the process while holding the interpreter lock: 0.1-0.5 s each,
more in a window that has a lot loaded, and the window (another thread) cannot repaint meanwhile. The
readers create no reference cycles, so nothing is lost by collecting afterwards instead.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off within the block (process-wide; nested and concurrent uses are counted and the
    previous state comes back when the last one leaves)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
