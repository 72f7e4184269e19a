"""A start-up probe for bench/startup_bench.py: report when the first figures are painted, then quit.

Only active when the environment sets ``DESKTOP_APP_STARTUP_PROBE`` to a number of days N: the window
then shows the last N days of its store (a custom range, not saved in the settings), and once the first
results are on screen (painted) prints one line ``startup-probe painted <unix time> orders=<n>
messages=<n>`` to stdout and quits. Unset (always, for users), it does nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from typing import Any

#: the environment variable naming the days of the range to show (the probe is off without it)
ENV = "DESKTOP_APP_STARTUP_PROBE"
#: the line's first words (bench/startup_bench.py looks for them)
MARK = "startup-probe painted"


def probe_days() -> int:
    """The days the probe asks for; 0 when it is off (unset, empty or not a positive number)."""
    try:
        return max(0, int(os.environ.get(ENV, "") or 0))
    except ValueError:
        return 0


def install(window: Any) -> bool:
    """Set the range and watch for the first painted results; False (nothing done) when the probe is off."""
    days = probe_days()
    if not days:
        return False
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .state import RANGE_CUSTOM

    state = window.state
    span = state.data_range()
    if span is not None:
        # the window's own attributes, not set_range(): nothing is saved to the settings file
        state.custom_start, state.custom_end = max(span[0], span[1] - dt.timedelta(days=days - 1)), span[1]
        state.range_key = RANGE_CUSTOM

    def report() -> None:
        window.repaint()  # paint now: the figures are on screen when the line is printed
        ds = state.dataset
        print(f"{MARK} {time.time():.3f} orders={len(getattr(ds, 'orders', ()))} "
              f"messages={len(getattr(ds, 'messages', ()))} cpu={time.process_time():.2f}", flush=True)
        sys.stdout.flush()
        QApplication.quit()

    def on_results(results: Any) -> None:
        # the first figures on the pages: the range's own (its customers and checks may follow)
        if results is not None:
            state.results_changed.disconnect(on_results)
            QTimer.singleShot(0, report)  # after every page's slot has taken the new figures

    state.results_changed.connect(on_results)
    return True
