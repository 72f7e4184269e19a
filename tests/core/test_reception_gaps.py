"""receptions.order_gaps + reminder_cases_within: the reminder cases as pandas' as-of join finds them
(the latest order at or before a conversation's start, by buyer, within the window, edges included)."""

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.model.receptions import mark_reminder_cases, order_gaps
from desktop_app.core.model.settings import ModelSettings


def _reference(conversations, orders, days):
    """The as-of join written with pandas (what mark_reminder_cases did before)."""
    cats = conversations["buyer"].cat.categories
    left = pd.DataFrame({"b": conversations["buyer"].cat.codes.to_numpy().astype(np.int64),
                         "t": conversations["start"].to_numpy("datetime64[ns]"),
                         "i": np.arange(len(conversations))}).sort_values("t", kind="stable")
    code = cats.get_indexer(orders["buyer"].astype(object)).astype(np.int64)
    created = orders["created"].to_numpy("datetime64[ns]")
    ok = (code >= 0) & ~np.isnat(created)
    right = pd.DataFrame({"b": code[ok], "t": created[ok], "o": created[ok]}).sort_values("t", kind="stable")
    hit = pd.merge_asof(left, right, on="t", by="b", direction="backward", tolerance=pd.Timedelta(days=days))
    after = np.zeros(len(conversations), dtype=bool)
    after[hit["i"].to_numpy()] = hit["o"].notna().to_numpy()
    return after


def _data(seed):
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-11-01").value
    n, m = 3_000, 1_500
    buyers = [f"买家{i:03d}" for i in range(200)]
    start = t0 + rng.integers(0, 10 * 86_400, n) * 10**9
    conversations = pd.DataFrame({
        "buyer": pd.Categorical(rng.choice(buyers, n), categories=buyers),
        "start": start.view("datetime64[ns]"), "inquiry": rng.random(n) < 0.8})
    created = t0 + rng.integers(0, 10 * 86_400, m) * 10**9
    created[:200] = start[:200] - 86_400 * 10**9  # exactly one day before: on the window's edge
    created[200:300] = start[200:300]  # at the very start: counts
    created[300:400] = start[300:400] + 500_000_000  # later in the same second: does not count
    created[400:500] = start[400:500] - 300_000_000  # earlier in the same second: counts
    orders = pd.DataFrame({"buyer": np.r_[conversations["buyer"].astype(object).to_numpy()[:500],
                                          rng.choice(buyers + ["", "不聊天的买家"], m - 500)],
                           "created": created.view("datetime64[ns]")})
    orders.loc[orders.index[-20:], "created"] = pd.NaT
    return conversations, orders


@pytest.mark.parametrize("days", [0.0, 0.5, 1.0, 3.0, 30.0])
@pytest.mark.parametrize("seed", [1, 2])
def test_reminder_cases_match_the_as_of_join(seed, days):
    conversations, orders = _data(seed)
    expected = _reference(conversations, orders, days)
    assert 0 < expected.sum() < len(expected)
    out = mark_reminder_cases(conversations, orders, ModelSettings(attribution_window_days=days))
    np.testing.assert_array_equal(out["reminder_case"].to_numpy(), expected)
    np.testing.assert_array_equal(out["inquiry"].to_numpy(), conversations["inquiry"].to_numpy() & ~expected)
    assert "reminder_case" not in conversations  # the frame given is not changed


def test_no_orders_changes_nothing():
    conversations, orders = _data(3)
    assert order_gaps(conversations, orders.iloc[:0]) is None
    assert mark_reminder_cases(conversations, orders.iloc[:0], ModelSettings()) is conversations
    assert order_gaps(conversations, orders.assign(buyer="没人")) is None
