"""Erlang C against published worked examples, closed forms and an exact big-integer evaluation."""

import math
from fractions import Fraction

import numpy as np
import pytest

from desktop_app.core.model.erlang import (agents_needed, agents_needed_array, erlang_b, erlang_c, servers_for,
                                           service_level, traffic_erlangs)


def exact_erlang_c(servers: int, traffic: int) -> Fraction:
    """Erlang C from its textbook definition with exact integers (A^N / N! and the sum): a reference that
    shares no code or method with the recurrence under test."""
    a, n = Fraction(traffic), servers
    terms = [a ** k / math.factorial(k) for k in range(n)]
    top = a ** n / math.factorial(n) * Fraction(n, 1) / (n - a)
    return top / (sum(terms) + top)


def test_call_centre_helper_example_100_calls_per_30_minutes():
    # Call Centre Helper, "Erlang C formula - example" (callcentrehelper.com/erlang-c-formula-example-121281.htm):
    # 100 calls in 30 minutes, AHT 180 s, target 80 % within 20 s -> traffic 10 Erlangs; 11 agents: P(wait)
    # 68.21 %; the answer is 14 agents. pyworkforce's test of the same example
    # (rodrigo-arenas/pyworkforce, pyworkforce/queuing/tests/test_erlang.py: raw_positions 14,
    # service_level 0.888, waiting_probability 0.174, occupancy 0.714) gives the figures at 14 agents.
    a = traffic_erlangs(200, 180)  # 100 per 30 min = 200 per hour
    assert a == 10.0
    assert round(erlang_c(11, a), 4) == 0.6821
    assert agents_needed(200, 180, 0.8, 20) == 14
    assert round(erlang_c(14, a), 3) == 0.174
    assert round(service_level(14, a, 180, 20), 3) == 0.888
    assert round(a / 14, 3) == 0.714
    # and 13 agents really are too few (so 14 is the fewest)
    assert service_level(13, a, 180, 20) < 0.8


def test_erlang_c_table_example_20_erlangs():
    # "Erlang C calculator" (personal.telefonica.terra.es/web/vr/erlang/eng/mcerlc.htm): 600 calls an hour of
    # 120 s = 20 Erlangs; for a delay probability of 15 % 26 circuits are needed; with 30 circuits the delay
    # probability is 2.5 %.
    a = traffic_erlangs(600, 120)
    assert a == 20.0
    assert erlang_c(26, a) <= 0.15 < erlang_c(25, a)
    assert round(erlang_c(30, a), 3) == 0.025


def test_closed_forms():
    # M/M/1: P(wait) = rho. M/M/2 at A = 1: B(2, 1) = 1/5, C = 2·(1/5) / (2 − 1·(1 − 1/5)) = 1/3 (textbook)
    assert erlang_c(1, 0.5) == pytest.approx(0.5, abs=1e-15)
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3, abs=1e-15)
    # Erlang B at N = 1: A / (1 + A)
    assert erlang_b(1, 3.0) == pytest.approx(0.75)
    # unstable queue: everyone waits, nobody is answered "within" anything
    assert erlang_c(10, 10.0) == 1.0 and service_level(10, 10.0, 180, 20) == 0.0
    # service level with target 0 is 1 - P(wait)
    assert service_level(14, 10.0, 180, 0) == pytest.approx(1 - erlang_c(14, 10.0))


@pytest.mark.parametrize("servers,traffic", [(3, 2), (14, 10), (30, 20), (60, 50)])
def test_recurrence_equals_the_exact_definition(servers, traffic):
    assert erlang_c(servers, traffic) == pytest.approx(float(exact_erlang_c(servers, traffic)), rel=1e-12)


def test_500_erlangs_without_overflow():
    # 500 Erlangs: A^N / N! alone overflows a float (500^520 ~ 10^1403); the recurrence stays exact.
    c = erlang_c(520, 500.0)
    assert math.isfinite(c)
    assert c == pytest.approx(float(exact_erlang_c(520, 500)), rel=1e-10)
    arrivals = 500 * 3600 / 180  # 10,000 chats an hour of 180 s
    n = agents_needed(arrivals, 180, 0.8, 20)
    assert service_level(n, 500.0, 180, 20) >= 0.8 > service_level(n - 1, 500.0, 180, 20)
    assert 500 < n < 540


def test_concurrency_multiplies_servers():
    # c = 2: 7 agents are 14 servers, the classic answer for 14 servers
    assert servers_for(7, 2) == 14
    assert agents_needed(200, 180, 0.8, 20, concurrency=2) == 7
    # fractional c rounds the servers down: 1.5 x 9 = 13.5 -> 13 servers (too few), 10 agents -> 15
    assert servers_for(9, 1.5) == 13
    assert agents_needed(200, 180, 0.8, 20, concurrency=1.5) == 10


def test_array_equals_scalar_and_edge_slots():
    lam = np.array([0.0, 5.0, 200.0, 37.0, 3.0, np.nan])
    h = np.array([np.nan, 0.0, 180.0, 240.0, 600.0, 100.0])
    got = agents_needed_array(lam, h, 0.8, 10, 1.0)
    # no arrivals -> 0; arrivals without a handle time -> 1 (someone must answer); NaN arrivals -> 0
    assert got[0] == 0 and got[1] == 1 and got[5] == 0
    for i in (2, 3, 4):
        assert got[i] == agents_needed(lam[i], h[i], 0.8, 10)


@pytest.mark.parametrize("args", [
    (200, 180, 1.0, 20), (200, 180, 0.0, 20), (200, 180, -0.2, 20), (200, 0, 0.8, 20), (200, -5, 0.8, 20),
    (200, 180, 0.8, -1), (-1, 180, 0.8, 20)])
def test_bad_input_is_a_clear_error(args):
    with pytest.raises(ValueError) as info:
        agents_needed(*args)
    assert "/" in str(info.value)  # English and Chinese


def test_traffic_beyond_the_server_limit_is_refused_at_once(monkeypatch):
    # 1e9 arrivals/h x 180 s = 50,000,000 Erlangs: more servers than MAX_SERVERS can ever meet it, so the
    # answer is the clear error straight away, not a million passes of the recurrence first (a hang to the user)
    from desktop_app.core.model import erlang

    def no_search(*_a, **_k):
        raise AssertionError("searched server counts before refusing")

    monkeypatch.setattr(erlang, "servers_for", no_search)
    with pytest.raises(ValueError, match="million"):
        erlang.agents_needed_array(np.array([1e9, 10.0]), np.array([180.0, 180.0]), 0.8, 20)
