"""The Agents page's turn charts' data: the turns of the chosen agents, and a key telling whether the turns
changed (a What-if move of a threshold keeps the turns' arrays: the charts need not be drawn again)."""

from __future__ import annotations

import numpy as np
import pandas as pd


#: the turn columns the Agents page's charts read
_CHART_COLUMNS = ("agent", "hour", "weekday", "day", "is_first", "response_s")


def agent_turns(turns: pd.DataFrame, agents: set) -> pd.DataFrame:
    """The chart columns of the turns of ``agents`` (by the agent column's categories: no text per turn)."""
    if not len(turns):
        return turns
    cols = [c for c in _CHART_COLUMNS if c in turns.columns]
    col = turns["agent"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        wanted = np.asarray([str(c) in agents for c in col.cat.categories], dtype=bool)
        codes = col.cat.codes.to_numpy()
        keep = np.where(codes >= 0, wanted[np.maximum(codes, 0)], False) if len(wanted) else codes >= 0
    else:
        keep = col.astype(str).isin(agents).to_numpy()
    sub = turns[cols]
    return sub if keep.all() else sub[keep]


def turn_buffers(turns: pd.DataFrame) -> tuple:
    """Where the chart columns' values live (and how many): equal for turns that share their arrays."""
    out = [len(turns)]
    for c in _CHART_COLUMNS:
        if c not in turns.columns:
            out.append(None)
            continue
        col = turns[c]
        # the column's own storage (a Categorical's codes: ``.cat.codes`` would be a new copy every time)
        values = getattr(col.array, "_ndarray", None)
        if isinstance(col.dtype, pd.CategoricalDtype):
            out.append(col.dtype)
        out.append(values.__array_interface__["data"][0] if isinstance(values, np.ndarray) else id(col.array))
    return tuple(out)
