"""Erlang C for chat staffing: the probability of waiting, the service level and the agents needed.

The classic M/M/N queue (Erlang C) with traffic ``A = arrivals_per_hour * handle_s / 3600`` Erlangs and
``N`` servers:

- ``erlang_c(N, A)`` = P(wait > 0) = N·B / (N − A·(1 − B)), where B is Erlang B computed by the
  recurrence B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)) — no powers, no factorials, so 500 Erlangs and
  more stay finite and exact to floating-point rounding. For N ≤ A the queue grows without bound: 1.
- ``service_level`` = P(wait ≤ t) = 1 − C·exp(−(N − A)·t / handle).

Chat: an agent holds several conversations at once. With concurrency ``c`` the queue has
``floor(agents · c)`` servers (exactly ``agents · c`` for a whole ``c``; a fractional measured ``c`` is
rounded down, the cautious side), and ``agents_needed`` is the fewest agents whose servers meet the
target. With ``c = 1`` every function is the classic Erlang C (tests/core/test_erlang.py checks the
published worked examples).
"""

from __future__ import annotations

import math

import numpy as np

#: give up beyond this many servers (a target no finite staff meets is a bad input, not a hang)
MAX_SERVERS = 1_000_000
TOO_MANY = ("the target needs more than a million servers; check the inputs. "
            "/ 目标需要的坐席数过多，请检查输入。")


def traffic_erlangs(arrivals_per_hour: float, handle_s: float) -> float:
    """Offered traffic in Erlangs: arrivals per hour × handle time in hours."""
    return float(arrivals_per_hour) * float(handle_s) / 3600.0


def erlang_b(servers: int, traffic: float) -> float:
    """Erlang B (blocking probability) by the stable recurrence."""
    b = 1.0
    a = float(traffic)
    for k in range(1, int(servers) + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(servers: int, traffic: float) -> float:
    """P(an arrival waits) with ``servers`` servers and ``traffic`` Erlangs (1.0 when servers ≤ traffic)."""
    n = int(servers)
    a = float(traffic)
    if a <= 0:
        return 0.0
    if n <= a:
        return 1.0
    b = erlang_b(n, a)
    return n * b / (n - a * (1.0 - b))


def servers_for(agents: int, concurrency: float = 1.0) -> int:
    """Servers of ``agents`` agents each holding ``concurrency`` chats (rounded down)."""
    return int(math.floor(agents * float(concurrency) + 1e-9))


def service_level(servers: int, traffic: float, handle_s: float, target_s: float) -> float:
    """Share of arrivals answered within ``target_s`` seconds (0.0 when the queue is unstable)."""
    n = int(servers)
    a = float(traffic)
    if a <= 0:
        return 1.0 if n >= 1 else 0.0
    if n <= a:
        return 0.0
    c = erlang_c(n, a)
    return 1.0 - c * math.exp(-(n - a) * float(target_s) / float(handle_s))


def check_target(handle_s: float, target_share: float, target_s: float, concurrency: float = 1.0) -> None:
    """Raise ValueError with a clear (bilingual) message for inputs the model cannot take."""
    if not (0.0 < float(target_share) < 1.0) or math.isnan(float(target_share)):
        raise ValueError(f"target share {target_share} must be between 0 and 1 (e.g. 0.8 for 80 %). "
                         "/ 目标比例须在 0 和 1 之间（例如 0.8 即 80%）。")
    if not float(handle_s) > 0:
        raise ValueError(f"handle time {handle_s} s must be more than 0 seconds. / 处理时长须大于 0 秒。")
    if not float(target_s) >= 0:
        raise ValueError(f"target time {target_s} s must be 0 seconds or more. / 目标时间不能为负。")
    if not float(concurrency) >= 1:
        raise ValueError(f"concurrency {concurrency} must be 1 or more (chats an agent holds at once). "
                         "/ 并发数须不小于 1（一名客服同时接待的会话数）。")


def agents_needed(arrivals_per_hour: float, handle_s: float, target_share: float, target_s: float,
                  concurrency: float = 1.0) -> int:
    """The fewest agents whose ``floor(agents × concurrency)`` servers answer ``target_share`` of the
    arrivals within ``target_s`` seconds (0 with no arrivals)."""
    check_target(handle_s, target_share, target_s, concurrency)
    if arrivals_per_hour < 0:
        raise ValueError("arrivals per hour cannot be negative. / 每小时进线数不能为负。")
    return int(agents_needed_array(np.array([arrivals_per_hour], dtype=float), np.array([handle_s], dtype=float),
                                   target_share, target_s, concurrency)[0])


def agents_needed_array(arrivals_per_hour: np.ndarray, handle_s: np.ndarray, target_share: float,
                        target_s: float, concurrency: float = 1.0) -> np.ndarray:
    """``agents_needed`` for many slots at once (int64 array).

    One pass upwards over the server count for all slots together: Erlang B advances by its recurrence
    one server at a time, and each slot keeps the first agent count that meets the target. A slot with no
    arrivals needs 0; one with arrivals but no handle time (NaN or 0) needs 1 — someone must answer.
    Cost: the largest server count needed × a few numpy operations on len(slots) values.
    """
    check_target(1.0, target_share, target_s, concurrency)
    lam = np.nan_to_num(np.asarray(arrivals_per_hour, dtype=float), nan=0.0)
    h = np.nan_to_num(np.asarray(handle_s, dtype=float), nan=0.0)
    a = lam * h / 3600.0
    out = np.zeros(len(a), dtype=np.int64)
    out[(lam > 0) & (a <= 0)] = 1
    todo = np.flatnonzero(a > 0)
    if not len(todo):
        return out
    a_t, h_t = a[todo], h[todo]
    if float(a_t.max()) >= MAX_SERVERS:  # N > A servers are needed: refuse now, not after a million passes
        raise ValueError(TOO_MANY)
    found = np.zeros(len(todo), dtype=np.int64)
    b = np.ones(len(todo))
    k = 0  # servers B has been advanced to
    agents = 0
    share, t = float(target_share), float(target_s)
    while (found == 0).any():
        agents += 1
        n = servers_for(agents, concurrency)
        if n > MAX_SERVERS:
            raise ValueError(TOO_MANY)
        while k < n:
            k += 1
            b = a_t * b / (k + a_t * b)
        if n <= 0:
            continue
        stable = n > a_t
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            c = np.where(stable, n * b / (n - a_t * (1.0 - b)), 1.0)
            sl = np.where(stable, 1.0 - c * np.exp(-(n - a_t) * t / h_t), 0.0)
        hit = (found == 0) & (sl >= share)
        found[hit] = agents
    out[todo] = found
    return out
