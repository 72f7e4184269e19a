"""What the user records by hand: handled marks of order-check items and accepted quality hits, and
membership levels (a computed level only ever rises; a level set by hand stays until it is outgrown).

Mixed into ``Store`` (db.py); works on ``self._conn`` and ``self._tx()`` (one small write: read-only
refused, a busy store waited for briefly, faults said plainly).
"""

from __future__ import annotations

import getpass
from datetime import datetime
from typing import Any, Iterable, Optional

import pandas as pd

from ..model.settings import DEFAULT_SETTINGS
from .engine import read_sql

#: the order checks whose items can be marked handled (the Results frame of the same name)
CHECKS = ("unshipped", "out_of_stock", "unpaid")
#: handled marks of accepted quality hits (platform "", order_id = the hit id; model/quality_summary.py)
QUALITY_CHECK = "quality"


def os_user() -> str:
    """The OS user name ("" when the system cannot say)."""
    try:
        return getpass.getuser()
    except Exception:  # no USER/LOGNAME and no passwd entry (a container)
        return ""


def marker_name(by: Optional[str] = None, who: str = "") -> str:
    """Who a mark is recorded for: ``by`` (the name set in Settings), else ``who``, else the OS user name."""
    return (by or "").strip() or (who or "").strip() or os_user()


class HandledMarksAndLevels:
    """The handled-mark and membership-level methods of ``Store``."""

    # --- handled marks ------------------------------------------------------------------------
    def set_handled(self, check: str, platform: str, order_id: str, *, note: str = "", who: str = "",
                    handled: bool = True, by: Optional[str] = None) -> None:
        """Mark an order-check item (or accept a quality hit, check "quality") handled, with a note, who
        (``by``, else ``who``, else the OS user name: ``marker_name``) and when; or clear the mark."""
        if check not in CHECKS + (QUALITY_CHECK,):
            raise ValueError(f"unknown check {check!r}; expected one of {', '.join(CHECKS)}")
        with self._tx():
            if handled:
                self._conn.execute(
                    'INSERT OR REPLACE INTO handled ("check", platform, order_id, note, who, at)'
                    " VALUES (?,?,?,?,?,?)",
                    (check, str(platform), str(order_id), note or "", marker_name(by, who),
                     datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
                )
            else:
                self._conn.execute('DELETE FROM handled WHERE "check" = ? AND platform = ? AND order_id = ?',
                                   (check, str(platform), str(order_id)))

    def handled(self) -> pd.DataFrame:
        """Every handled mark: check, platform, order_id, note, who, at (datetime)."""
        frame = read_sql(
            'SELECT "check", platform, order_id, note, who, at FROM handled ORDER BY at, "check", order_id',
            self._conn, dtype={c: object for c in ("check", "platform", "order_id", "note", "who")},
        )
        frame["at"] = pd.to_datetime(frame["at"], format="ISO8601").astype("datetime64[ns]")
        return frame

    def apply_handled(self, results: Any) -> None:
        """Fill the ``handled`` column of results.unshipped / out_of_stock / unpaid from the marks."""
        marks = self.handled()
        for check in CHECKS:
            frame = getattr(results, check, None)
            if frame is None:
                continue
            done = marks[marks["check"] == check]
            keys = set(zip(done["platform"], done["order_id"]))
            if len(frame):
                flags = [(str(p), str(o)) in keys for p, o in zip(frame["platform"], frame["order_id"])]
            else:
                flags = []
            frame["handled"] = pd.Series(flags, index=frame.index, dtype=bool)
        if getattr(results, "quality", None) is not None:
            # accepted quality hits (false positives): check "quality", order_id = the hit id
            from ..model.quality_summary import apply_accepted

            apply_accepted(results, marks)

    # --- membership levels ----------------------------------------------------------------------
    def levels(self) -> dict[str, str]:
        """buyer -> stored membership level (to pass to the model as previous levels)."""
        return dict(self._conn.execute("SELECT buyer, level FROM levels"))

    def update_levels(self, customers: pd.DataFrame, level_names: Optional[Iterable[str]] = None, *,
                      by: Optional[str] = None) -> int:
        """Record the computed ``level`` of each buyer in ``customers``; a level only ever rises.

        ``level_names`` lists the levels from lowest to highest (default: the settings' levels).
        A level lowered by hand stays until the computed level rises above the one computed when
        it was lowered. Returns the number of buyers whose stored level changed. A changed level records
        who (``by``, else the OS user name) and when.
        """
        if self.read_only:  # nothing can be saved; the computed levels are shown all the same
            return 0
        names = list(level_names) if level_names is not None else [n for n, _ in DEFAULT_SETTINGS.levels]
        rank = {n: i for i, n in enumerate(names)}
        stored = {b: (lvl, bool(m), auto) for b, lvl, m, auto in
                  self._conn.execute("SELECT buyer, level, manual, auto_level FROM levels")}
        now = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        changes = []
        for buyer, level in zip(customers["buyer"].astype(str), customers["level"]):
            if not buyer or not isinstance(level, str) or not level:
                continue
            old = stored.get(buyer)
            r = rank.get(level, -1)
            if old is None:
                changes.append((buyer, level, 0, "", now))
            elif old[1]:  # set by hand: only a genuinely higher computed level replaces it
                if not old[2]:
                    # set without knowing the computed level: this one is the baseline to rise above
                    changes.append((buyer, old[0], 1, level, now))
                elif r > rank.get(old[2], -1) and r > rank.get(old[0], -1):
                    changes.append((buyer, level, 0, "", now))
            elif r > rank.get(old[0], -1):
                changes.append((buyer, level, 0, "", now))
        who = marker_name(by)
        with self._tx():
            self._conn.executemany(
                "INSERT OR REPLACE INTO levels (buyer, level, manual, auto_level, at, who) VALUES (?,?,?,?,?,?)",
                [change + (who,) for change in changes])
        return len(changes)

    def set_level(self, buyer: str, level: str, *, computed: str | None = None, by: Optional[str] = None) -> None:
        """Set a buyer's level by hand (may lower it). ``computed`` is the model's level at the time; ``by``
        who set it (default: the OS user name)."""
        old = self._conn.execute("SELECT level, manual, auto_level FROM levels WHERE buyer = ?",
                                 (buyer,)).fetchone()
        auto = computed if computed is not None else (old[2] if old and old[1] else (old[0] if old else ""))
        with self._tx():
            self._conn.execute(
                "INSERT OR REPLACE INTO levels (buyer, level, manual, auto_level, at, who) VALUES (?,?,?,?,?,?)",
                (buyer, level, 1, auto or "", datetime.now().strftime("%Y-%m-%d %H:%M:%S"), marker_name(by)))

    def level_marks(self) -> pd.DataFrame:
        """Every stored level with who set it and when: buyer, level, manual (bool), auto_level, who, at."""
        frame = read_sql("SELECT buyer, level, manual, auto_level, who, at FROM levels ORDER BY at, buyer", self._conn,
                         dtype={c: object for c in ("buyer", "level", "auto_level", "who")})
        frame["manual"] = frame["manual"].astype(bool)
        frame["at"] = pd.to_datetime(frame["at"], format="ISO8601").astype("datetime64[ns]")
        return frame
