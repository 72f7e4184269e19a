"""Two model Results compared field by field: every table, figure, list and section (not the timings).

``results_differences(a, b)`` lists where they differ (empty when equal); tests and the What-if
benchmark use it to check a partial recompute against a full one.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pandas as pd

#: Results fields that describe the run, not its figures
_NOT_COMPARED = ("timings",)


def results_differences(a: Any, b: Any, limit: int = 20) -> list[str]:
    """Where ``a`` and ``b`` (Results) differ: "field.path: what", at most ``limit`` entries."""
    out: list[str] = []
    for f in dataclasses.fields(a):
        if f.name in _NOT_COMPARED:
            continue
        _diff(getattr(a, f.name), getattr(b, f.name), f.name, out)
        if len(out) >= limit:
            break
    return out[:limit]


def _diff(a: Any, b: Any, path: str, out: list[str]) -> None:
    if isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame):
        if not (isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame)):
            out.append(f"{path}: {type(a).__name__} vs {type(b).__name__}")
            return
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        except AssertionError as exc:
            out.append(f"{path}: {' '.join(str(exc).split())[:300]}")
        return
    if isinstance(a, pd.Series) or isinstance(a, pd.Index):
        try:
            (pd.testing.assert_series_equal if isinstance(a, pd.Series) else pd.testing.assert_index_equal)(
                a, b, check_exact=True)
        except (AssertionError, TypeError) as exc:
            out.append(f"{path}: {' '.join(str(exc).split())[:300]}")
        return
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        x, y = np.asarray(a), np.asarray(b)
        if x.shape != y.shape or x.dtype != y.dtype:
            out.append(f"{path}: arrays {x.dtype}{x.shape} vs {y.dtype}{y.shape}")
        elif x.dtype.kind in "fc":
            if not np.array_equal(x, y, equal_nan=True):
                out.append(f"{path}: array values differ")
        elif not np.array_equal(x, y):
            out.append(f"{path}: array values differ")
        return
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        if type(a) is not type(b):
            out.append(f"{path}: {type(a).__name__} vs {type(b).__name__}")
            return
        for f in dataclasses.fields(a):
            _diff(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}", out)
        return
    if isinstance(a, dict):
        if not isinstance(b, dict) or list(a) != list(b):
            out.append(f"{path}: keys {list(a)[:8]}… vs {list(b)[:8] if isinstance(b, dict) else b}…")
            return
        for k in a:
            _diff(a[k], b[k], f"{path}[{k!r}]", out)
        return
    if isinstance(a, (list, tuple)):
        if not isinstance(b, (list, tuple)) or type(a) is not type(b) or len(a) != len(b):
            out.append(f"{path}: {a!r:.80} vs {b!r:.80}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            _diff(x, y, f"{path}[{i}]", out)
        return
    if isinstance(a, (float, np.floating)) and isinstance(b, (float, np.floating)):
        if not (a == b or (math.isnan(a) and math.isnan(b))) or type(a) is not type(b):
            out.append(f"{path}: {a!r} vs {b!r}")
        return
    if type(a) is not type(b) or a != b:
        out.append(f"{path}: {a!r:.80} vs {b!r:.80}")
