"""Time arithmetic for the conversations: int64 nanosecond constants, (pair, time) ordering, run
sums, and the next opening time of a working schedule (next_opening). conversations.py re-exports
every name.
"""

from __future__ import annotations

import numpy as np


NS = 1_000_000_000


DAY_NS = 86_400 * NS


#: 1970-01-01 was a Thursday (weekday 3 with Monday = 0)
_EPOCH_WEEKDAY = 3


#: NaT as int64
_NAT = np.iinfo(np.int64).min


def _pair_time_order(pair: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Stable order by (pair, time).

    Chat times are whole seconds: one int64 key pair * span + seconds sorts several times faster
    than a two-key lexsort; sub-second times (or a key that would overflow) take the lexsort.
    """
    if len(t) == 0:
        return np.zeros(0, dtype=np.int64)
    if (t % NS).any():  # sub-second times
        return np.lexsort((t, pair))
    secs = t // NS
    lo = int(secs.min())
    span = int(secs.max()) - lo + 1
    if (int(pair.max()) + 1) * span >= 2**62:
        return np.lexsort((t, pair))
    key = pair * span  # then in place: no more 5-million-row temporaries (each costs fresh pages)
    key += secs  # below 2**62 + 2**33: no overflow before the shift
    key -= lo
    return np.argsort(key, kind="stable")


def _run_sums(flag: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """int64 count of True in each run flag[starts[i]:starts[i + 1]] (the last run to the end)."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.add.reduceat(flag, starts, dtype=np.int64)


def _first_time_per_conv(conv: np.ndarray, t: np.ndarray, n_conv: int) -> np.ndarray:
    """Earliest time per conversation from events sorted by (conversation, time); NaT sentinel if none."""
    out = np.full(n_conv, _NAT, dtype=np.int64)
    if len(conv):
        first = np.r_[True, conv[1:] != conv[:-1]]
        out[conv[first]] = t[first]
    return out


def _dt(ns: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """int64 nanoseconds -> datetime64[ns] array (NaT where not ``valid``)."""
    out = np.asarray(ns, dtype=np.int64).copy()
    if valid is not None:
        out[~np.asarray(valid, dtype=bool)] = _NAT
    return out.view("datetime64[ns]")


def _hhmm(text: str) -> int:
    """'HH:MM' -> seconds after midnight ('24:00' allowed)."""
    hh, mm = str(text).strip().split(":")[:2]
    return int(hh) * 3600 + int(mm) * 60


def next_opening(start_ns: np.ndarray, schedule) -> np.ndarray:
    """For each time, itself when inside the working schedule, else the next opening time.

    ``schedule`` is ((weekday, "HH:MM", "HH:MM"), ...), weekday 0 = Monday. Vectorised over the
    times with one pass per day ahead (at most 8).
    """
    open_s = np.full(7, -1, dtype=np.int64)
    close_s = np.full(7, -1, dtype=np.int64)
    for wd, op, cl in schedule:
        open_s[int(wd)] = _hhmm(op)
        close_s[int(wd)] = _hhmm(cl)
    start_ns = np.asarray(start_ns, dtype=np.int64)
    days = np.floor_divide(start_ns, DAY_NS)
    tod = start_ns - days * DAY_NS
    wd = (days + _EPOCH_WEEKDAY) % 7
    out = start_ns.copy()
    todo = np.ones(len(start_ns), dtype=bool)
    if not (open_s >= 0).any():
        return out
    # today: inside -> itself; before opening -> today's opening
    op = open_s[wd] * NS
    cl = close_s[wd] * NS
    has = open_s[wd] >= 0
    inside = has & (tod >= op) & (tod < cl)
    todo &= ~inside
    before = todo & has & (tod < op)
    out[before] = days[before] * DAY_NS + op[before]
    todo &= ~before
    for k in range(1, 8):
        if not todo.any():
            break
        wk = (wd + k) % 7
        hit = todo & (open_s[wk] >= 0)
        out[hit] = (days[hit] + k) * DAY_NS + open_s[wk][hit] * NS
        todo &= ~hit
    return out
