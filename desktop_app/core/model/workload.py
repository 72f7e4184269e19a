"""Workload per weekday × hour from the chat log: arrivals, handle time, concurrency, agents on duty.

Built from the frames one model run already made (conversations, turns and the human agent messages of
conversations.build_conversations_full), so it costs a few vectorised passes, no pass over the messages.
Definitions (docs/staffing.md):

- **arrival**: a conversation (buyer × agent, split by idle gap and midnight) in which the buyer wrote,
  counted in the slot of its first buyer message. Robot sub-accounts' conversations are left out (no
  person answers them). A transfer starts a new conversation with the new agent: it is work for them.
- **days present**: every calendar day from the day of the first to the day of the last message of the
  log (the range the log covers), with or without chats. **weeks present** of a weekday = how many of
  those days fall on it. ``arrivals_per_hour`` = the slot's arrivals / its weekday's weeks present (a
  slot is one hour, so this is the mean hourly rate on that weekday); a weekday the log does not cover
  has 0 weeks and NaN figures (not available, not zero).
- **handle time**: first buyer message → last message of the conversation, mean over the slot's arrivals.
- **concurrency**: for each agent, the open conversations (first buyer message → last message) overlapping
  at each moment while at least one is open; the mean over agents and that time (time-weighted, i.e. per
  minute in the limit), and its 90th percentile. One sort of the start/end events, a cumulative sum.
- **on duty**: distinct agents who sent a human (non-automatic) message in the slot's hour, summed over
  the dates and divided by the weeks present.
- **first response**: the median and P90 of the counted first responses of conversations whose first buyer
  message falls in the slot (the figures of the agents' page, per slot).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

from .conversations import NS, AgentMessages, robot_accounts
from .settings import DEFAULT_SETTINGS, ModelSettings

HOUR_NS = 3600 * NS
DAY_NS = 24 * HOUR_NS
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday
SLOTS = 7 * 24

#: columns of Workload.slots, one row per weekday (0 = Monday) × hour, 168 rows
WORKLOAD_COLUMNS = [
    "weekday", "hour",
    "weeks",  # int: days of this weekday in the range the log covers
    "arrivals",  # int: conversations started in the slot, over all weeks
    "arrivals_per_hour",  # float: arrivals / weeks (NaN when weeks == 0)
    "handle_s",  # float: mean first buyer message -> last message of those conversations (NaN: none)
    "on_duty",  # float: mean distinct agents with a human message in the slot (NaN when weeks == 0)
    "first_responses",  # int: counted, answered first responses in the slot
    "first_response_median_s", "first_response_p90_s",  # float, NaN when none
]


@dataclass(frozen=True)
class Workload:
    """The workload table and the measured concurrency of one model run."""

    slots: pd.DataFrame  # WORKLOAD_COLUMNS
    concurrency_mean: float  # NaN when no conversation lasted any time
    concurrency_p90: float
    first_day: pd.Timestamp
    last_day: pd.Timestamp
    conversations: int  # arrivals in the range


def weeks_present(first_day_ns: int, last_day_ns: int) -> np.ndarray:
    """int64[7]: how many days of each weekday (0 = Monday) lie in [first_day, last_day] (days, inclusive)."""
    d0 = first_day_ns // DAY_NS
    d1 = last_day_ns // DAY_NS
    n_days = int(d1 - d0 + 1)
    weekday0 = int((d0 + _EPOCH_WEEKDAY) % 7)
    out = np.full(7, n_days // 7, dtype=np.int64)
    for k in range(n_days % 7):
        out[(weekday0 + k) % 7] += 1
    return out


def _slot_of(t_ns: np.ndarray) -> np.ndarray:
    days = np.floor_divide(t_ns, DAY_NS)
    weekday = (days + _EPOCH_WEEKDAY) % 7
    hour = (t_ns - days * DAY_NS) // HOUR_NS
    return (weekday * 24 + hour).astype(np.int64)


def build_workload(conversations: pd.DataFrame, turns: pd.DataFrame, agent_messages: Optional[AgentMessages],
                   settings: ModelSettings = DEFAULT_SETTINGS, responses=None) -> Optional[Workload]:
    """The workload of one run, or None when the range holds no buyer conversation.

    ``responses``: kpis.sorted_responses(turns), when the caller sorted the response times already.
    """
    if conversations is None or len(conversations) == 0 or "first_buyer_message" not in conversations:
        return None
    fb = conversations["first_buyer_message"].to_numpy().view("i8")
    end = conversations["end"].to_numpy().view("i8")
    nat = np.iinfo(np.int64).min
    agent = conversations["agent"]
    codes = np.asarray(agent.cat.codes, dtype=np.int64) if hasattr(agent, "cat") else pd.factorize(agent)[0]
    cats = agent.cat.categories if hasattr(agent, "cat") else pd.Index(pd.unique(agent))
    robot = robot_accounts(np.asarray(cats, dtype=object), settings)
    keep = (fb != nat) & ~robot[codes]
    if not keep.any():
        return None
    fb, end, codes = fb[keep], end[keep], codes[keep]
    # the range the log covers: the day of its first message to the day of its last
    first_day = int(conversations["start"].to_numpy().view("i8").min()) // DAY_NS * DAY_NS
    last_day = int(conversations["end"].to_numpy().view("i8").max()) // DAY_NS * DAY_NS
    weeks = weeks_present(first_day, last_day)
    weeks_slot = np.repeat(weeks, 24)

    slot = _slot_of(fb)
    arrivals = np.bincount(slot, minlength=SLOTS)
    handle = (end - fb) / NS
    handle_sum = np.bincount(slot, weights=handle, minlength=SLOTS)
    with np.errstate(invalid="ignore", divide="ignore"):
        handle_mean = np.where(arrivals > 0, handle_sum / np.maximum(arrivals, 1), np.nan)
        per_hour = np.where(weeks_slot > 0, arrivals / np.maximum(weeks_slot, 1), np.nan)

    on_duty = _on_duty(agent_messages, weeks_slot, robot if agent_messages is not None else None)
    fr_n, fr_median, fr_p90 = _first_response_quantiles(turns, responses)
    c_mean, c_p90 = concurrency(codes, fb, end)

    slots = pd.DataFrame({
        "weekday": np.repeat(np.arange(7, dtype=np.int64), 24),
        "hour": np.tile(np.arange(24, dtype=np.int64), 7),
        "weeks": weeks_slot,
        "arrivals": arrivals.astype(np.int64),
        "arrivals_per_hour": per_hour,
        "handle_s": handle_mean,
        "on_duty": on_duty,
        "first_responses": fr_n,
        "first_response_median_s": fr_median,
        "first_response_p90_s": fr_p90,
    })
    return Workload(slots=slots, concurrency_mean=c_mean, concurrency_p90=c_p90,
                    first_day=pd.Timestamp(first_day), last_day=pd.Timestamp(last_day),
                    conversations=int(len(fb)))


def _on_duty(agent_messages: Optional[AgentMessages], weeks_slot: np.ndarray, robot) -> np.ndarray:
    """Mean distinct agents with a human message per slot: distinct (hour, agent) pairs, counted per slot."""
    out = np.zeros(SLOTS)
    if agent_messages is not None and len(agent_messages.time):
        hour_index = np.floor_divide(agent_messages.time, HOUR_NS)
        n_agents = max(len(agent_messages.agent_categories), 1)
        agent = np.asarray(agent_messages.agent, dtype=np.int64)
        key = pd.unique(hour_index * n_agents + agent)  # hash, not sort: each (hour, agent) once
        hours = np.floor_divide(key, n_agents)
        if robot is not None and len(robot) == n_agents and robot.any():
            hours = hours[~robot[key - hours * n_agents]]
        out = np.bincount(_slot_of(hours * HOUR_NS), minlength=SLOTS).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weeks_slot > 0, out / np.maximum(weeks_slot, 1), np.nan)


def _first_response_quantiles(turns: pd.DataFrame, responses=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per slot: the count, median and P90 of counted first responses — kpis.group_quantiles, the agents
    page's own quantiles. ``responses``: kpis.sorted_responses(turns), when the run sorted them already."""
    from .kpis import group_quantiles, sorted_responses

    if turns is None or len(turns) == 0:
        return np.zeros(SLOTS, dtype=np.int64), np.full(SLOTS, np.nan), np.full(SLOTS, np.nan)
    ok, order = sorted_responses(turns) if responses is None else responses
    values = turns["response_s"].to_numpy(dtype="float64")[ok][order]
    slot = (turns["weekday"].to_numpy(dtype=np.int64) * 24 + turns["hour"].to_numpy(dtype=np.int64))[ok][order]
    first = turns["is_first"].to_numpy(dtype=bool)[ok][order]
    median, p90 = group_quantiles(slot[first], values[first], SLOTS, (0.5, 0.9), presorted=True)
    return np.bincount(slot[first], minlength=SLOTS).astype(np.int64), median, p90


def concurrency(agent: np.ndarray, start_ns: np.ndarray, end_ns: np.ndarray) -> tuple[float, float]:
    """Time-weighted mean and P90 of how many conversations an agent has open, over the time they have one.

    ``agent`` codes, ``start_ns``/``end_ns`` each conversation's open span. Events (+1 at a start, −1 at an
    end; an end sorts before a start at the same instant, so back-to-back chats do not overlap) sorted by
    (agent, time); the running sum is the open count until the next event of the same agent.
    """
    agent = np.asarray(agent, dtype=np.int64)
    start_ns = np.asarray(start_ns, dtype=np.int64)
    end_ns = np.asarray(end_ns, dtype=np.int64)
    lasting = end_ns > start_ns
    if not lasting.any():
        return float("nan"), float("nan")
    agent, start_ns, end_ns = agent[lasting], start_ns[lasting], end_ns[lasting]
    ev_agent, ev_time, ev_delta = _sorted_events(agent, start_ns, end_ns)
    level = np.cumsum(ev_delta)  # each agent's events sum to 0, so the running sum restarts per agent
    duration = np.zeros(len(level))
    same = ev_agent[1:] == ev_agent[:-1]
    duration[:-1] = np.where(same, (ev_time[1:] - ev_time[:-1]) / NS, 0.0)
    busy = (level > 0) & (duration > 0)
    if not busy.any():
        return float("nan"), float("nan")
    lv, dur = level[busy], duration[busy]
    total = dur.sum()
    mean = float((lv * dur).sum() / total)
    by_level = np.bincount(lv, weights=dur)
    cum = np.cumsum(by_level)
    p90 = float(np.searchsorted(cum, 0.9 * total - 1e-9 * total))
    return mean, p90


def _sorted_events(agent: np.ndarray, start_ns: np.ndarray, end_ns: np.ndarray):
    """The +1/−1 events of the spans sorted by (agent, time, −1 before +1): (agent, time ns, delta).

    Chat times are whole seconds: then one int64 key ((agent · span + second) · 2 + is_start) sorted once
    replaces a three-key lexsort (several times faster on millions of events) and is decoded back;
    sub-second times or a key that would overflow take the lexsort.
    """
    m = len(agent)
    times = np.concatenate((start_ns, end_ns))
    agents = np.concatenate((agent, agent))
    if not (times % NS).any():
        secs = times // NS
        lo = int(secs.min())
        span = int(secs.max()) - lo + 1
        if (int(agents.max()) + 1) * span * 2 < 2**62:
            key = agents * span
            key += secs - lo
            key *= 2
            key[:m] += 1  # starts after ends at the same second
            key.sort()
            is_start = key & 1
            key >>= 1
            ev_agent = key // span
            ev_time = (key - ev_agent * span + lo) * NS
            return ev_agent, ev_time, is_start * 2 - 1
    deltas = np.concatenate((np.ones(m, dtype=np.int64), -np.ones(m, dtype=np.int64)))
    order = np.lexsort((deltas, times, agents))  # -1 before +1 at equal times
    return agents[order], times[order], deltas[order]
