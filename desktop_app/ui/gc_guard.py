"""Python's cycle collector runs from the GUI thread's event loop only, never in the middle of a Qt call.

Why: a collection can start at any allocation. When it starts while Qt holds its signal-slot lock - inside
``QObject::disconnect``, which calls back into Python (pyqtgraph's ``changeParent`` while a page is built) -
and frees a cycle holding a QObject, that QObject's destructor waits for the same lock: the process hangs
(seen once in the suite: MainThread in ``QBasicMutex::lockInternal`` <- ``QObject::~QObject`` <-
``gc_collect_main`` <- ``QObject::disconnect``). A collection on a worker thread can destroy GUI objects
off the GUI thread in the same way. So automatic collection is switched off and a timer collects with the
same generation thresholds, between events (pyqtgraph's ``GarbageCollector``, the recipe it credits).
Reference counting frees everything not in a cycle as before.
"""

from __future__ import annotations

from typing import Any, Optional

_guard: Optional[Any] = None


def install(interval_s: float = 1.0) -> Any:
    """Collect on the GUI thread's timer from now on (once per process; needs a QApplication)."""
    global _guard
    if _guard is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _guard = GarbageCollector(interval=interval_s)
    return _guard
