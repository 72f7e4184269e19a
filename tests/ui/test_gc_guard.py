"""The app's cycle collector runs between events on the GUI thread (ui/gc_guard.py)."""

from __future__ import annotations

import gc

from desktop_app.ui import gc_guard


class Cycle:
    def __init__(self):
        self.me = self


def test_cycles_are_collected_by_the_event_loop_not_at_allocation(qtbot, qapp):
    guard = gc_guard.install()
    assert gc_guard.install() is guard and not gc.isenabled()  # once per process; automatic collection off
    collected = []
    gc.callbacks.append(lambda phase, info: collected.append(phase))
    try:
        for _ in range(gc.get_threshold()[0] * 2):
            Cycle()  # enough allocations to have started a collection with gc on
        assert "start" not in collected
        # the guard's timer collects once the young generation's count is over its threshold; objects freed
        # meanwhile (by a thread an earlier test left) lower that count, so each poll adds more cycles
        def collected_by_timer() -> bool:
            for _ in range(gc.get_threshold()[0]):
                Cycle()
            return "start" in collected

        qtbot.waitUntil(collected_by_timer, timeout=10_000)
    finally:
        gc.callbacks.pop()
