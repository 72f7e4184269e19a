"""Timing shared by the bench scripts (imported from beside them: ``python3 bench/<name>.py``)."""

from __future__ import annotations

import time

import numpy as np


def median_seconds(fn, runs: int) -> float:
    """The median wall time of ``runs`` calls of ``fn`` (at least one), in seconds."""
    times = []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))
