"""Who marked what, and when: the stored handled marks joined onto the order checks and quality hits.

Every order-check frame (unshipped, out of stock, unpaid) gets ``handled_note``, ``handled_by``,
``handled_at`` and ``handled_stamp`` ("张三 · 12-07 14:03"); the quality hits get ``accepted_by``,
``accepted_at`` and ``accepted_stamp``. Rows nobody marked get "" and NaT. Joined with pandas merges (no
loop over rows); the marks are read afresh on every model run and on F5, so a mark another supervisor
made on the team's store shows up with their name.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: the order checks whose rows carry handled marks (core/store/marks_levels.py CHECKS)
ORDER_CHECKS = ("unshipped", "out_of_stock", "unpaid")
#: the check of an accepted quality hit (order_id = the hit id)
QUALITY = "quality"


def stamp_texts(names: Any, times: Any) -> np.ndarray:
    """"张三 · 12-07 14:03" per mark ("12-07 14:03" without a name, "" without a time)."""
    names = pd.Series(names, dtype=object).fillna("").astype(str).str.strip().reset_index(drop=True)
    at = pd.to_datetime(pd.Series(times).reset_index(drop=True), errors="coerce")
    when = at.dt.strftime("%m-%d %H:%M").fillna("")
    both = names.where(names == "", names + " · ") + when
    return both.where(when != "", names).to_numpy(dtype=object)


def _who_column(marks: pd.DataFrame) -> str:
    """The marks' name column: ``by`` (store schema 7) or ``who`` (before)."""
    return "by" if "by" in marks.columns else "who"


def _mark_table(marks: pd.DataFrame, check: str) -> pd.DataFrame:
    mine = marks[marks["check"].astype(str) == check]
    who = _who_column(marks)
    table = pd.DataFrame({
        "platform": mine["platform"].astype(str).to_numpy(dtype=object),
        "order_id": mine["order_id"].astype(str).to_numpy(dtype=object),
        "_note": mine["note"].fillna("").astype(str).to_numpy(dtype=object) if "note" in mine else "",
        "_by": mine[who].fillna("").astype(str).to_numpy(dtype=object) if who in mine else "",
        "_at": pd.to_datetime(mine["at"], errors="coerce").to_numpy() if "at" in mine else pd.NaT,
    })
    table = table.drop_duplicates(["platform", "order_id"], keep="last")
    table["_stamp"] = stamp_texts(table["_by"], table["_at"])  # once per mark, not per row shown
    return table


def _stamped(platforms: np.ndarray, ids: np.ndarray, marked: Any, table: pd.DataFrame) -> dict[str, np.ndarray]:
    """Note, name, time and stamp of each row (``platforms``/``ids``) from the mark ``table``; only the
    rows ``marked`` are joined (None: every row; the others get "" and NaT), so the cost follows the marks,
    not the length of the list."""
    n = len(ids)
    rows = np.arange(n) if marked is None else np.flatnonzero(marked)
    left = pd.DataFrame({"platform": platforms[rows], "order_id": ids[rows]})
    got = left.merge(table, how="left", on=["platform", "order_id"], sort=False)
    out = {key: np.full(n, "", dtype=object) for key in ("note", "by", "stamp")}
    at = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    for key in ("note", "by", "stamp"):
        out[key][rows] = got[f"_{key}"].fillna("").to_numpy(dtype=object)
    at[rows] = pd.to_datetime(got["_at"]).to_numpy(dtype="datetime64[ns]")
    out["at"] = at
    return out


def _flags(frame: pd.DataFrame, column: str) -> Any:
    return frame[column].fillna(False).astype(bool).to_numpy() if column in frame.columns else None


def add_stamps(results: Any, marks: pd.DataFrame) -> None:
    """Who and when of each stored mark onto ``results`` (in place; see the module's docstring)."""
    if results is None or marks is None:
        return
    for check in ORDER_CHECKS:
        frame = getattr(results, check, None)
        if not isinstance(frame, pd.DataFrame) or "order_id" not in frame.columns:
            continue
        platforms = (frame["platform"].astype(str).to_numpy(dtype=object) if "platform" in frame.columns
                     else np.full(len(frame), "", dtype=object))
        got = _stamped(platforms, frame["order_id"].astype(str).to_numpy(dtype=object), _flags(frame, "handled"),
                       _mark_table(marks, check))
        frame["handled_note"] = got["note"]
        frame["handled_by"] = got["by"]
        frame["handled_at"] = got["at"]
        frame["handled_stamp"] = got["stamp"]
    quality = getattr(results, "quality", None)
    hits = getattr(quality, "hits", None)
    if isinstance(hits, pd.DataFrame) and "hit_id" in hits.columns:
        got = _stamped(np.full(len(hits), "", dtype=object), hits["hit_id"].astype(str).to_numpy(dtype=object),
                       _flags(hits, "accepted"), _mark_table(marks, QUALITY))
        hits["accepted_by"] = got["by"]
        hits["accepted_at"] = got["at"]
        hits["accepted_stamp"] = got["stamp"]


def add_level_stamps(customers: Any, level_marks: pd.DataFrame) -> None:
    """Who stored each customer's level and when ("张三 · 12-07 14:03": the run that raised it, or the hand
    that set it), onto ``customers`` in place as ``level_by``, ``level_at`` and ``level_stamp``. Only where
    the level shown is the stored one: a level the store does not hold (not saved yet, or a What-if run's)
    gets "" and NaT."""
    if not isinstance(customers, pd.DataFrame) or "buyer" not in customers.columns:
        return
    n = len(customers)
    by = np.full(n, "", dtype=object)
    stamp = np.full(n, "", dtype=object)
    at = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    if level_marks is not None and len(level_marks) and n:
        table = level_marks.drop_duplicates("buyer", keep="last")
        left = pd.DataFrame({"buyer": customers["buyer"].astype(str).to_numpy(dtype=object),
                             "level": (customers["level"].fillna("").astype(str).to_numpy(dtype=object)
                                       if "level" in customers.columns else "")})
        got = left.merge(pd.DataFrame({"buyer": table["buyer"].astype(str).to_numpy(dtype=object),
                                       "_level": table["level"].astype(str).to_numpy(dtype=object),
                                       "_by": table["who"].fillna("").astype(str).to_numpy(dtype=object),
                                       "_at": pd.to_datetime(table["at"], errors="coerce").to_numpy()}),
                         how="left", on="buyer", sort=False)
        same = (got["_level"] == got["level"]).to_numpy()
        rows = np.flatnonzero(same)
        by[rows] = got["_by"].to_numpy(dtype=object)[rows]
        at[rows] = pd.to_datetime(got["_at"]).to_numpy(dtype="datetime64[ns]")[rows]
        stamp[rows] = stamp_texts(by[rows], at[rows])
    customers["level_by"] = by
    customers["level_at"] = at
    customers["level_stamp"] = stamp
