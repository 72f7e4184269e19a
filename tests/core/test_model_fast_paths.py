"""The model's speed-ups give the same answers as the plain paths they replace.

Factorising text by object identity, the one-value column shortcut, the shared buyer sort of the
orders with silent-order flags taken from the attribution probe, and the allocator setting around
compute(). Expected values are worked out by hand in each test.
"""

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.model.attribution import attribute_orders, consulted_orders, orders_by_buyer
from desktop_app.core.model.compute import compute, reuse_large_blocks
from desktop_app.core.model.conversations import build_conversations, factorize_text
from desktop_app.core.model.settings import DEFAULT_SETTINGS
from desktop_app.core.schema import conform


def test_factorize_few_values_by_identity_gives_first_appearance_codes():
    # 150,000 rows (above the 100,000 where the identity pass starts), three names repeated as
    # "乙", "甲", "乙", "丙": codes in order of first appearance are 乙 -> 0, 甲 -> 1, 丙 -> 2.
    names = ["乙", "甲", "乙", "丙"]
    values = np.array(names * 37_500, dtype=object)
    codes, uniques = factorize_text(values)
    assert list(uniques) == ["乙", "甲", "丙"]
    assert codes[:8].tolist() == [0, 1, 0, 2, 0, 1, 0, 2]
    # each name 37,500 times per position: 乙 twice per block of four -> 75,000
    assert np.bincount(codes).tolist() == [75_000, 37_500, 37_500]


def test_factorize_equal_text_in_distinct_objects_is_one_value():
    # The same text built twice (two str objects) must get one code, as a hash by value gives.
    a = "".join(["客", "服"])
    b = "".join(["客", "服"])
    assert a is not b
    values = np.array([a, b, "买家"] * 50_000, dtype=object)
    codes, uniques = factorize_text(values)
    assert list(uniques) == ["客服", "买家"]
    assert codes[:6].tolist() == [0, 0, 1, 0, 0, 1]


def test_factorize_missing_values_become_empty_text():
    # None and NaN read as "" (the contract of factorize_text), also on the identity path:
    # values "x", None, "x", NaN -> "x" is code 0, "" is code 1.
    values = np.array(["x", None, "x", float("nan")] * 40_000, dtype=object)
    codes, uniques = factorize_text(values)
    assert list(uniques) == ["x", ""]
    assert codes[:4].tolist() == [0, 1, 0, 1]


def test_factorize_one_value_column():
    # 5,000 rows of one shop name: one code, 0, everywhere.
    codes, uniques = factorize_text(np.array(["示例店"] * 5_000, dtype=object))
    assert list(uniques) == ["示例店"]
    assert codes.dtype == np.int64 and not codes.any()
    # one different row at the end breaks the shortcut: it gets code 1
    values = np.array(["示例店"] * 4_999 + ["另一店"], dtype=object)
    codes, uniques = factorize_text(values)
    assert list(uniques) == ["示例店", "另一店"] and codes[-1] == 1 and codes[:-1].sum() == 0


def _messages(rows):
    recs = [dict(time=t, shop="小店", buyer=b, agent=a, sender=s, text="你好", auto=False)
            for (t, b, a, s) in rows]
    return conform(pd.DataFrame(recs), "messages")


def _orders(rows):
    recs = [dict(platform="taobao", order_id=oid, buyer=b, created=c, paid=c, paid_amount=10.0,
                 refund_amount=0.0, items=1.0, presale=False, status="paid_unshipped")
            for (oid, b, c) in rows]
    return conform(pd.DataFrame(recs), "orders")


def test_consulted_flags_from_the_attribution_probe_match_consulted_orders():
    # Buyer 甲 asks on 03-01 and is answered; 乙 asks on 03-01 and nobody answers; 丙 never writes.
    m = _messages([
        ("2026-03-01 10:00:00", "甲", "店:小王", "buyer"),
        ("2026-03-01 10:00:30", "甲", "店:小王", "agent"),
        ("2026-03-01 11:00:00", "乙", "店:小李", "buyer"),
    ])
    # Orders (in this row order): 丙 (silent), 甲 on 03-02 (in the 3-day window), 乙 on 03-02
    # (consulted, unanswered: no agent earns it), 甲 on 03-10 (9 days later: outside the window).
    o = _orders([
        ("o1", "丙", "2026-03-02 09:00:00"),
        ("o2", "甲", "2026-03-02 09:00:00"),
        ("o3", "乙", "2026-03-02 09:00:00"),
        ("o4", "甲", "2026-03-10 09:00:00"),
    ])
    convs, turns = build_conversations(m)
    flags = np.ones(len(o), dtype=bool)  # filled in by attribute_orders (all False first)
    codes, names = factorize_text(o["buyer"])
    buyer_codes = pd.Index(turns["buyer"].cat.categories).get_indexer(names)[codes]  # 丙 -> -1
    attr = attribute_orders(o, convs, turns, DEFAULT_SETTINGS, buyer_codes=buyer_codes,
                            by_buyer=orders_by_buyer(buyer_codes), consulted_out=flags)
    assert flags.tolist() == [False, True, True, False]
    assert flags.tolist() == consulted_orders(o, turns, DEFAULT_SETTINGS).tolist()
    # only o2 is earned (by 小王); o3's buyer got no human reply
    assert attr["order_id"].tolist() == ["o2"] and attr["agent"].astype(str).tolist() == ["店:小王"]


def test_orders_by_buyer_is_a_stable_sort():
    # codes 2, -1, 0, 2, 0 -> stable order by code: -1 (pos 1), 0 (pos 2, 4), 2 (pos 0, 3)
    assert orders_by_buyer(np.array([2, -1, 0, 2, 0])).tolist() == [1, 2, 4, 0, 3]


def test_reuse_large_blocks_nests_and_compute_runs_inside_it():
    m = _messages([
        ("2026-03-01 10:00:00", "甲", "店:小王", "buyer"),
        ("2026-03-01 10:01:00", "甲", "店:小王", "agent"),
    ])
    o = _orders([("o1", "甲", "2026-03-01 12:00:00")])
    from desktop_app.core.dataset import Dataset

    ds = Dataset(orders=o, messages=m)
    with reuse_large_blocks():
        with reuse_large_blocks():
            inner = compute(ds)
    outer = compute(ds)
    # one turn answered after 60 s; the order is earned by 小王 - the same inside and outside
    for res in (inner, outer):
        assert res.turns["calendar_response_s"].tolist() == [60.0]
        assert res.attribution["agent"].astype(str).tolist() == ["店:小王"]


def test_memory_is_kept_after_a_run_and_released_only_when_no_run_is_using_it():
    from desktop_app.core.dataset import Dataset
    from desktop_app.core.model import allocator as compute_mod

    m = _messages([("2026-03-01 10:00:00", "甲", "店:小王", "buyer")])
    compute(Dataset(orders=_orders([("o1", "甲", "2026-03-01 12:00:00")]), messages=m))
    held_after_run = compute_mod._held
    with reuse_large_blocks():
        # a run in progress still uses the memory: nothing is released
        assert compute_mod.release_memory() is False
    assert compute_mod.release_memory() is True
    assert compute_mod._held is False
    if compute_mod._glibc() is not None:  # glibc: the thresholds stayed raised between runs
        assert held_after_run is True


@pytest.mark.parametrize("chunk", [1, 3, 7, 1000])
def test_value_factorize_in_pieces_gives_the_same_codes(monkeypatch, chunk):
    # hashed in pieces of ``chunk`` values (the window's thread gets the interpreter lock between
    # them): codes in order of first appearance across the pieces, missing values -1
    from desktop_app.core.model import text_factorize as conv_mod  # where _value_factorize reads the chunk

    values = np.array(["b", "a", None, "b", "c", float("nan"), "a", "d", "c", "e", "b", "", "f", "d"],
                      dtype=object)
    monkeypatch.setattr(conv_mod, "_FACTORIZE_CHUNK", chunk)
    codes, uniques = conv_mod._value_factorize(values)
    assert list(codes) == [0, 1, -1, 0, 2, -1, 1, 3, 2, 4, 0, 5, 6, 3]
    assert list(uniques) == ["b", "a", "c", "d", "e", "", "f"]
    ref_codes, ref_uniques = pd.factorize(values)
    assert list(codes) == list(ref_codes) and list(uniques) == list(ref_uniques)
