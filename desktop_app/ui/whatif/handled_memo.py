"""The stored handled marks onto a What-if run's results, in O(what changed) instead of O(every listed order).

A normal run fills ``handled`` (store.apply_handled) and who/when (mark_stamps.add_stamps) on every order
check and quality hit: a pass over each list, twice reading the marks. On a month of 300,000 orders that
is ~1 s — more than the model's own work for most moves. A move of one threshold leaves most lists as they
were: the stage graph hands back the same arrays. So ``HandledMemo.apply`` reads the marks once, and a list
whose key columns are the very arrays of the last run (same memory, kept alive by the memo) gets the
columns worked out then; a new list is worked out (vectorised) and kept. The columns are those a normal
run writes, value for value (tests/ui/test_whatif_handled.py compares them).
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from ...core.model.quality_summary import ACCEPTED_CHECK, add_agent_columns, apply_accepted
from ..mark_stamps import ORDER_CHECKS, _flags, _mark_table, _stamped

#: the columns a normal run writes onto each order check
CHECK_COLUMNS = ("handled", "handled_note", "handled_by", "handled_at", "handled_stamp")
#: onto the quality hits (apply_accepted's, then the stamps')
HIT_COLUMNS = ("accepted", "note", "accepted_by", "accepted_at", "accepted_stamp")


def buffer_key(frame: pd.DataFrame, columns: tuple) -> Optional[tuple]:
    """Where ``columns`` of ``frame`` live in memory (and how many rows): equal only for the same arrays
    while the memo holds a frame sharing them. None when a column is missing or has no numpy storage of its
    own (a temporary copy's address could be reused by the next one: then nothing is reused)."""
    key: list = [len(frame)]
    for c in columns:
        if c not in frame.columns:
            return None
        array = frame[c].array
        values = getattr(array, "_ndarray", None)  # numpy-backed arrays and Categorical (its codes)
        if not isinstance(values, np.ndarray):
            return None
        key.append((values.__array_interface__["data"][0], values.strides, str(values.dtype), array.dtype))
    return tuple(key)


def _same_marks(a: Optional[pd.DataFrame], b: pd.DataFrame) -> bool:
    return a is not None and a.shape == b.shape and list(a.columns) == list(b.columns) and a.equals(b)


class HandledMemo:
    """Kept per list: (the key, the input frame held so its arrays stay where they are, the columns made)."""

    def __init__(self) -> None:
        self.marks: Optional[pd.DataFrame] = None
        self.kept: dict[str, tuple] = {}
        #: the lists worked out anew on the last apply (tests and the bench read it)
        self.worked: list[str] = []

    def forget(self) -> None:
        self.marks, self.kept, self.worked = None, {}, []

    def apply(self, results: Any, marks: pd.DataFrame) -> None:
        """``handled``, notes and who/when onto ``results`` from ``marks`` (store.handled()), in place."""
        if not _same_marks(self.marks, marks):
            self.kept = {}
            self.marks = marks
        self.worked = []
        for check in ORDER_CHECKS:
            frame = getattr(results, check, None)
            if isinstance(frame, pd.DataFrame):
                self._check(check, frame, marks)
        self._quality(results, marks)

    def _check(self, check: str, frame: pd.DataFrame, marks: pd.DataFrame) -> None:
        key = buffer_key(frame, ("platform", "order_id")) if "platform" in frame.columns else \
            buffer_key(frame, ("order_id",))
        kept = self.kept.get(check)
        if key is not None and kept is not None and kept[0] == key:
            for c, values in kept[2].items():
                frame[c] = values
            return
        held = frame.copy(deep=False)
        self.worked.append(check)
        if "order_id" not in frame.columns:
            return
        n = len(frame)
        done = marks[marks["check"] == check]
        if not len(done):  # nothing marked on this list: no id written out as text (only marked rows are read)
            platforms = ids = np.empty(n, dtype=object)
        else:
            platforms = (frame["platform"].astype(str).to_numpy(dtype=object) if "platform" in frame.columns
                         else np.full(n, "", dtype=object))
            ids = frame["order_id"].astype(str).to_numpy(dtype=object)
        if len(done) and n:
            wanted = pd.MultiIndex.from_arrays([done["platform"].astype(str).to_numpy(dtype=object),
                                                done["order_id"].astype(str).to_numpy(dtype=object)])
            flags = pd.MultiIndex.from_arrays([platforms, ids]).isin(wanted)
        else:
            flags = np.zeros(n, dtype=bool)
        frame["handled"] = pd.Series(flags, index=frame.index, dtype=bool)
        got = _stamped(platforms, ids, _flags(frame, "handled"), _mark_table(marks, check))
        frame["handled_note"] = got["note"]
        frame["handled_by"] = got["by"]
        frame["handled_at"] = got["at"]
        frame["handled_stamp"] = got["stamp"]
        if key is not None:
            self.kept[check] = (key, held, {c: frame[c] for c in CHECK_COLUMNS})

    def _quality(self, results: Any, marks: pd.DataFrame) -> None:
        q = getattr(results, "quality", None)
        if q is None:
            return
        hits = q.hits
        key = buffer_key(hits, tuple(hits.columns)) if isinstance(hits, pd.DataFrame) else None
        if key is not None:
            key = key + tuple(id(x) for x in (q.checked, q.conv_agent, q.agent_names))
        kept = self.kept.get(ACCEPTED_CHECK)
        if key is not None and kept is not None and kept[0] == key:
            done_hits, agents, shop = kept[2]
            q.hits, q.agents, q.shop = done_hits.copy(deep=False), agents.copy(deep=False), dict(shop)
        else:
            held = (hits.copy(deep=False), q.checked, q.conv_agent, q.agent_names)
            self.worked.append(ACCEPTED_CHECK)
            accepted = (marks["check"] == ACCEPTED_CHECK).any()
            if accepted:
                apply_accepted(results, marks)  # the accepted flags and notes, the figures without them
            elif len(q.hits):
                # as apply_accepted with no accepted hit: no flag, no note; the figures stay the stage's
                q.hits["accepted"] = False
                q.hits["note"] = ""
            if isinstance(q.hits, pd.DataFrame) and "hit_id" in q.hits.columns and not accepted:
                n = len(q.hits)
                q.hits["accepted_by"] = np.full(n, "", dtype=object)
                q.hits["accepted_at"] = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
                q.hits["accepted_stamp"] = np.full(n, "", dtype=object)
            elif isinstance(q.hits, pd.DataFrame) and "hit_id" in q.hits.columns:
                got = _stamped(np.full(len(q.hits), "", dtype=object),
                               q.hits["hit_id"].astype(str).to_numpy(dtype=object),
                               _flags(q.hits, "accepted"), _mark_table(marks, ACCEPTED_CHECK))
                q.hits["accepted_by"] = got["by"]
                q.hits["accepted_at"] = got["at"]
                q.hits["accepted_stamp"] = got["stamp"]
            if key is not None:
                self.kept[ACCEPTED_CHECK] = (key, held, (q.hits.copy(deep=False), q.agents.copy(deep=False),
                                                         dict(q.shop)))
            return
        agents = getattr(results, "agents", None)
        if isinstance(agents, pd.DataFrame) and (marks["check"] == ACCEPTED_CHECK).any():
            # as apply_accepted does; with no accepted hit the figures are the stage's, which finish put there
            results.agents = add_agent_columns(agents, q)
