"""quality_universe: the hits picked from the kept candidates equal quality_from's own, for every
quality threshold, split gap and follow-up window, and with the attribution's no_closing."""

import numpy as np
import pandas as pd
import pytest

from desktop_app.core import sample
from desktop_app.core.dataset import Dataset
from desktop_app.core.model.keys import prepare_keys
from desktop_app.core.model.partial import compute_incremental
from desktop_app.core.model.quality import quality_from
from desktop_app.core.model.settings import ModelSettings


@pytest.fixture(scope="module")
def kept():
    orders, lines, messages, inventory = sample.generate_frames(1_200, 10_000, seed=5)
    ds = Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)
    prepare_keys(ds)
    _, run = compute_incremental(ds)
    return run


def _both(run, settings):
    i, prep = run.outputs["inputs"], run.outputs["quality_prep"]
    args = dict(attribution=run.outputs["attribution"].attribution, order_buyer_codes=np.asarray(i.codes),
                order_created=i.kpi_orders["created"].to_numpy(dtype="datetime64[ns]"), orders_reason=None)
    direct = quality_from(prep, settings, i.as_of, **args)
    picked = quality_from(prep, settings, i.as_of, keep_universe=True, **args)
    return direct, picked


@pytest.mark.parametrize("field,value", [
    ("quality_bare_max_chars", 1), ("quality_bare_max_chars", 3), ("quality_bare_max_chars", 12),
    ("quality_bare_max_chars", 40),  # past the kept candidates: the universe is written again
    ("quality_followup_h", 0.1), ("quality_followup_h", 1.0), ("quality_followup_h", 24.0),
    ("quality_followup_h", 400.0), ("split_gap_s", 60.0), ("split_gap_s", 86_400.0 * 40),
])
def test_picked_hits_equal_quality_from(kept, field, value):
    direct, picked = _both(kept, ModelSettings().replace(**{field: value}))
    assert len(direct.hits)
    pd.testing.assert_frame_equal(direct.hits, picked.hits)
    pd.testing.assert_frame_equal(direct.agents, picked.agents)
    assert direct.shop == picked.shop


def test_every_rule_has_hits_and_thresholds_change_them(kept):
    small, _ = _both(kept, ModelSettings(quality_bare_max_chars=1, quality_followup_h=1.0))
    large, _ = _both(kept, ModelSettings(quality_bare_max_chars=12, quality_followup_h=100.0))
    rules = lambda q: q.hits["rule"].astype(str).value_counts()  # noqa: E731
    assert rules(large)["bare_reply"] > rules(small).get("bare_reply", 0)
    assert rules(large).get("lost_inquiry_no_followup", 0) != rules(small).get("lost_inquiry_no_followup", 0)
    assert {"no_closing", "unanswered_question", "bare_reply"} <= set(rules(large).index)
