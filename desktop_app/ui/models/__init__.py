"""Qt item models that adapt the core's DataFrames for views.

Importing this package also reserves references to ``None`` (see ``protect_none_refcount``);
every view of ours imports it, so the reserve is in place before the first model reset.
"""

from __future__ import annotations

import ctypes
import sys

#: added to None's reference count; each leaked call costs one
_NONE_REF_RESERVE = 1 << 40


def protect_none_refcount() -> bool:
    """Work around PySide6 6.12 on Python 3.11 returning ``None`` from void methods without a reference.

    Measured: 100 calls of ``QObject.setObjectName``, ``QWidget.resize``, ``QLabel.setText`` or
    ``beginResetModel`` lower the refcount of None by 100; a busy session reaches zero and aborts
    with "Fatal Python error: none_dealloc". ``desktop_app.ui`` already reserves references for
    True/False (the emit leak); this does the same for None. Python 3.12+ makes None immortal.
    Returns True when the reserve was added (once per process).
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if getattr(protect_none_refcount, "_done", False):
        return True
    # ob_refcnt is the first field of every CPython object (Py_ssize_t)
    ctypes.c_ssize_t.from_address(id(None)).value += _NONE_REF_RESERVE
    protect_none_refcount._done = True  # type: ignore[attr-defined]
    return True


protect_none_refcount()
