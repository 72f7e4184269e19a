"""The PySide6 6.12 emit refcount workaround (desktop_app.ui.protect_bool_refcount)."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QObject, Signal

import desktop_app.ui


class _Emitter(QObject):
    ping = Signal()


def test_many_emits_do_not_exhaust_trues_references(qapp):
    before = sys.getrefcount(True)
    e = _Emitter()
    for _ in range(5000):
        e.ping.emit()
    after = sys.getrefcount(True)
    # with the reserve in place True can never reach zero, whatever PySide does per emit
    assert after > 1_000_000 or sys.version_info >= (3, 12)
    assert before - after <= 5000


def test_a_process_that_emits_a_lot_exits_cleanly():
    # without the workaround this process aborts at exit with "Fatal Python error: bool_dealloc"
    code = (
        "import desktop_app.ui\n"
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "app = QCoreApplication([])\n"
        "class E(QObject):\n"
        "    s = Signal(int)\n"
        "e = E()\n"
        "for i in range(3000):\n"
        "    e.s.emit(i)\n"
        "print('done')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "done"
    assert desktop_app.ui.protect_bool_refcount() in (True, False)
