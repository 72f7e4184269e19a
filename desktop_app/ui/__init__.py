"""PySide6 adapters of the workstation: window, views, dialogs, workers (imports Qt; core never does).

Importing this package applies ``protect_bool_refcount`` (see there): every UI module, test and
the frozen app import it before they emit their first signal.
"""

from __future__ import annotations

import ctypes
import sys

#: added to True's and False's reference counts; each leaked emit costs one
_BOOL_REF_RESERVE = 1 << 40


def protect_bool_refcount() -> bool:
    """Work around PySide6 6.12's ``SignalInstance.emit`` returning ``True`` without a new reference.

    On Python 3.11 every ``signal.emit(...)`` made from Python drops one reference to ``True``
    (measured: 100 emits -> refcount of True lower by 100). After a few hundred emits -- a progress
    bar, a pyqtgraph plot -- the count reaches zero and the interpreter aborts with "Fatal Python
    error: bool_dealloc". Python 3.12+ makes True and False immortal, so the leak is harmless
    there. On older versions we give both a reserve of references no session can use up.
    Returns True when the reserve was added.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if getattr(protect_bool_refcount, "_done", False):
        return True
    for obj in (True, False):
        # ob_refcnt is the first field of every CPython object (Py_ssize_t)
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOL_REF_RESERVE
    protect_bool_refcount._done = True  # type: ignore[attr-defined]
    return True


protect_bool_refcount()
