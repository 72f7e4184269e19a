"""The sample shop's agents write with distinct habits, and each quality rule finds them."""

import pytest

from desktop_app.core import sample
from desktop_app.core.dataset import Dataset
from desktop_app.core.importers.registry import load_files
from desktop_app.core.model.compute import compute
from desktop_app.core.model.quality_rules import RULE_IDS


@pytest.fixture(scope="module")
def quality(tmp_path_factory):
    paths = sample.write_sample(tmp_path_factory.mktemp("shop"))
    ds = Dataset.from_results(load_files([paths["orders_xlsx"], paths["lines_csv"], paths["chats_txt"],
                                          paths["inventory_xlsx"]]))
    return compute(ds).quality


def name(n):
    return f"{sample.SHOP}:{n}"


def test_every_rule_has_hits(quality):
    counts = quality.hits["rule"].astype(str).value_counts()
    assert all(counts.get(r, 0) > 0 for r in RULE_IDS), counts.to_dict()


def test_habits(quality):
    a = quality.agents.set_index("agent")
    terse, no_goodbye, open_q, polite = name("大伟"), name("阿杰"), name("小雨"), name("小美")
    # the terse agent: every bare reply, banned word and unapologetic refund answer is his
    h = quality.hits
    for rule in ("bare_reply", "banned_words", "complaint_no_apology"):
        assert set(h.loc[h["rule"] == rule, "agent"].astype(str)) == {terse}, rule
    assert a["hits_no_greeting"].idxmax() == terse
    # the one who never says goodbye misses most closings
    assert a["hits_no_closing"].drop(terse).idxmax() == no_goodbye
    # the one who leaves questions open
    assert a["hits_unanswered_question"].idxmax() == open_q
    # the polite, fast agent has the cleanest record
    assert a["clean_share"].idxmax() == polite
    # a supervisor reads what the terse agent wrote
    bare = set(h.loc[h["rule"] == "bare_reply", "text"])
    assert bare <= {"有", "两天内", "不行", "中通", "自己看", "一年半", "可以", "在", "嗯"}
    banned = set(h.loc[h["rule"] == "banned_words", "match"])
    assert banned <= {"不行", "自己看", "不清楚、自己看", "不知道"}


def test_both_ways_of_matching_texts_agree(quality, monkeypatch, tmp_path):
    """Few distinct texts: every text is matched; many: only the texts a rule needs. Same hits."""
    from desktop_app.core.model import quality as quality_mod

    monkeypatch.setattr(quality_mod, "_FEW_TEXTS", 0)  # always every distinct text (the sample has many)
    paths = sample.write_sample(tmp_path)
    ds = Dataset.from_results(load_files([paths["orders_xlsx"], paths["lines_csv"], paths["chats_txt"]]))
    other = compute(ds).quality
    cols = ["hit_id", "rule", "text", "match"]
    assert other.hits[cols].astype(str).equals(quality.hits[cols].astype(str))
