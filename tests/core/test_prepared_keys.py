"""keys.prepare_keys: a Dataset's ids hashed once when it is loaded, and every model run on it after.

The contract: compute() on a prepared Dataset gives exactly the results it gives without (same
frames, same order of rows), uses the prepared codes only while the Dataset holds the frames they
were made from, and falls back to hashing when a run reads a restricted copy (explicit as-of).
"""

import numpy as np
import pandas as pd
import pytest

from desktop_app.core import sample, schema
from desktop_app.core.dataset import Dataset
from desktop_app.core.model import stages as compute_mod  # the graph stages compute() runs (where ids are hashed)
from desktop_app.core.model import keys as keys_mod
from desktop_app.core.model.compute import compute
from desktop_app.core.model.keys import DatasetKeys, prepare_keys, prepared_keys
from desktop_app.core.model.settings import FIRST_TOUCH, ModelSettings

from test_keys import RESULT_FRAMES, assert_shop_equal, messy_frames

T = pd.Timestamp


def _messages(rows):
    frame = pd.DataFrame(rows, columns=["time", "buyer", "agent", "sender", "text"]).assign(auto=False)
    # three shops in order of first appearance 店B, 店A, "" (missing), none of them in text order
    frame["shop"] = ["店B", "店B", "店A", "店A", None, None, "店B", "店B", "店A", "店A"][: len(frame)]
    return schema.conform(frame, "messages")


def messy_dataset(digits: bool, padded: bool) -> Dataset:
    """messy_frames' orders (padded ids, missing buyers, mixed platforms) plus chats of some buyers."""
    orders, lines, inventory = messy_frames(digits, padded)
    # an undated order of 乙 (no created, no paid time): it sorts before every dated one, so its
    # receiver never counts as 乙's latest
    undated = orders.iloc[[2]].copy()
    undated[["created", "paid"]] = pd.NaT
    undated["order_id"] = "99999"
    orders = pd.concat([orders, undated], ignore_index=True)
    # contacts: the customer archive shows each buyer's latest non-blank one (stripped); blanks,
    # spaces only and missing values never win
    n = len(orders)
    names = [" 张三 ", "", "李四", None, "   ", "王五", "赵六 ", "", "孙七", "周八", "", "吴九", "郑十", "", "钱一", "陈二"]
    phones = ["13800000001", " 13800000002", "", "13800000004", None, "   ", "13800000007", "", "13800000009",
              "", "13800000011", "13800000012", " ", "13800000014", "", "13800000016"]
    name_column = (names * 2)[:n]
    name_column[-1] = "乙的旧名字"  # the undated order
    orders["receiver_name"] = name_column
    orders["receiver_phone"] = (phones * 2)[:n]
    orders["receiver_address"] = [f"浙江省杭州市西湖区文{i}路" if i % 3 else " " for i in range(n)]
    messages = _messages([
        (T("2024-03-01 09:00:00"), "甲", "店:小美", "buyer", "在吗"),
        (T("2024-03-01 09:00:20"), "甲", "店:小美", "agent", "在的"),
        (T("2024-03-05 09:30:00"), "甲", "店:小王", "buyer", "能便宜吗"),
        (T("2024-03-05 09:31:00"), "甲", "店:小王", "agent", "可以"),
        (T("2024-03-07 07:50:00"), "乙", "店:小美", "buyer", "发货快吗"),
        (T("2024-03-07 07:50:09"), "乙", "店:小美", "agent", "很快"),
        (T("2024-03-10 08:30:00"), "丙", "店:小王", "buyer", "还没付"),
        (T("2024-03-10 08:40:00"), "丙", "店:小王", "agent", "亲，记得付款哦"),
        (T("2024-03-09 09:55:00"), "己", "店:小美", "buyer", "有货吗"),
        (T("2024-03-09 09:56:00"), "无单买家", "店:小美", "buyer", "随便看看"),
    ])
    return Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)


def assert_results_equal(a, b):
    for name in RESULT_FRAMES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert_shop_equal(a.shop, b.shop)
    assert a.as_of == b.as_of


def no_hashing(monkeypatch):
    """Make any hashing of buyer or order ids inside compute() fail the test."""
    def boom(*args, **kwargs):
        raise AssertionError("compute() hashed ids although the dataset was prepared")
    monkeypatch.setattr(compute_mod, "buyer_codes", boom)
    monkeypatch.setattr(compute_mod, "order_keys", boom)


@pytest.mark.parametrize("digits,padded", [(False, True), (True, False), (True, True)],
                         ids=["text-ids-padded", "digit-ids-clean", "digit-ids-padded"])
def test_prepared_run_equals_plain_run_on_messy_data(digits, padded, monkeypatch):
    plain = compute(messy_dataset(digits, padded))
    ds = messy_dataset(digits, padded)
    prepared = prepare_keys(ds)
    assert ds.model_keys is prepared and isinstance(prepared, DatasetKeys)
    no_hashing(monkeypatch)  # the prepared run really takes the codes
    again = compute(ds)
    assert_results_equal(plain, again)
    # the fixture has what it is for: attributed orders, customers with the padded 甲 merged, lists
    assert len(again.attribution) > 0 and len(again.unpaid) > 0 and len(again.out_of_stock) > 0
    assert "甲" in set(again.customers["buyer"]) and " 甲 " not in set(again.customers["buyer"])
    # conversations run by (buyer, agent name, time): 甲 with 店:小王 (店A) comes before 甲 with 店:小美
    # (店B); the missing shop reads as ""
    assert list(again.conversations["shop"].cat.categories) == ["店A", "店B", ""]
    # 甲's orders are rows 0, 1 and 10 (03-01, 03-05, 03-06). Names: rows 1 and 10 are blank, so row
    # 0's " 张三 " stripped. Phones: row 10's "13800000011" is the latest.
    jia = again.customers.set_index("buyer").loc["甲"]
    assert jia["receiver_name"] == "张三" and jia["receiver_phone"] == "13800000011"
    # 乙: rows 2 (03-07, "李四"), 13 (03-03, "钱一") and the undated one
    assert again.customers.set_index("buyer").loc["乙", "receiver_name"] == "李四"
    assert all(a == "" or a.startswith("浙江省") for a in again.customers["receiver_address"])
    assert (again.customers["receiver_address"] != "").any()


def test_prepared_run_equals_plain_run_on_generated_data(monkeypatch):
    frames = sample.generate_frames(2_000, 10_000, seed=5)
    plain = compute(Dataset(*frames[:3], inventory=frames[3]))
    ds = Dataset(*frames[:3], inventory=frames[3])
    prepare_keys(ds)
    no_hashing(monkeypatch)
    for settings in (ModelSettings(), ModelSettings(attribution_rule=FIRST_TOUCH, level_basis="orders")):
        got = compute(ds, settings)
        want = plain if settings == ModelSettings() else None
        if want is None:
            monkeypatch.undo()
            want = compute(Dataset(*frames[:3], inventory=frames[3]), settings)
            no_hashing(monkeypatch)
        assert_results_equal(want, got)
    assert len(got.customers) > 500 and len(got.attribution) > 100


def test_customers_with_equal_amounts_in_text_order_with_prepared_keys():
    # four buyers paid the same 100.0; they appear in the data as 丁, 乙, 甲, b, 丙 (first appearance is
    # not text order). Text order by code point: 'b' (U+0062) < 丁 (U+4E01) < 丙 (U+4E19) < 乙 (U+4E59)
    # < 甲 (U+7532). 戊 paid 300 and comes first; the buyer without payment (庚, 0.0) comes last.
    rows = []
    for i, (buyer, amount) in enumerate([("丁", 100.0), ("乙", 100.0), ("戊", 300.0), ("甲", 100.0),
                                         ("b", 100.0), ("丙", 100.0)]):
        rows.append(dict(platform="taobao", order_id=f"{100 + i}", buyer=buyer, created=T("2024-03-01 10:00"),
                         paid=T("2024-03-01 10:05"), status=schema.COMPLETED, paid_amount=amount))
    rows.append(dict(platform="taobao", order_id="200", buyer="庚", created=T("2024-03-02 10:00"),
                     status=schema.UNPAID, paid_amount=9.0))
    orders = schema.conform(pd.DataFrame(rows), "orders")
    expected = ["戊", "b", "丁", "丙", "乙", "甲", "庚"]
    plain = compute(Dataset(orders=orders))
    assert list(plain.customers["buyer"]) == expected
    ds = Dataset(orders=orders)
    keys = prepare_keys(ds)
    # each buyer's place in text order, over the names in order of first appearance
    names = list(keys.order_keys.buyer_names)
    assert [names[i] for i in np.argsort(keys.order_keys.buyer_rank)] == sorted(names)
    assert list(compute(ds).customers["buyer"]) == expected


def test_a_replaced_frame_is_not_read_through_old_codes():
    ds = messy_dataset(False, False)
    prepare_keys(ds)
    orders = ds.orders.copy()
    orders["buyer"] = orders["buyer"].replace({"甲": "新甲"})
    ds.orders = orders  # a new object: the prepared codes no longer fit
    assert prepared_keys(ds, ds.messages, ds.orders, ds.lines) is None
    got = compute(ds)
    assert "新甲" in set(got.customers["buyer"]) and "甲" not in set(got.customers["buyer"])
    assert_results_equal(got, compute(Dataset(orders=orders, lines=ds.lines, messages=ds.messages,
                                              inventory=ds.inventory)))


def test_explicit_as_of_that_drops_rows_hashes_the_rest(monkeypatch):
    plain_ds = messy_dataset(True, False)
    ds = messy_dataset(True, False)
    prepare_keys(ds)
    early = ModelSettings(as_of="2024-03-08 00:00:00")  # drops later chats and orders
    assert_results_equal(compute(plain_ds, early), compute(ds, early))
    # an as-of after all the data drops nothing: the prepared codes are used (no hashing)
    late = ModelSettings(as_of="2024-03-12 00:00:00")
    want = compute(plain_ds, late)
    no_hashing(monkeypatch)
    assert_results_equal(want, compute(ds, late))
    with pytest.raises(AssertionError, match="hashed ids"):
        compute(ds, early)


def test_prepare_keys_leaves_the_frames_as_they_were():
    ds = messy_dataset(True, True)
    before = {name: getattr(ds, name).copy() for name in ("orders", "lines", "messages", "inventory")}
    prepare_keys(ds)
    compute(ds)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(ds, name), frame, obj=name)


def test_empty_dataset_prepares_and_computes():
    ds = Dataset()
    prepared = prepare_keys(ds)
    assert len(prepared.message_buyer) == 0 and len(prepared.order_keys.buyer_rank) == 0
    assert len(compute(ds).customers) == 0


def test_prepare_keys_exported_from_keys_module():
    # the window's repository imports it from here
    assert keys_mod.prepare_keys is prepare_keys


def test_amount_then_text_order_with_and_without_known_text_ranks():
    from desktop_app.core.model.customers import _desc_then_text_order

    rng = np.random.default_rng(3)
    text = np.array([f"买家{v}" for v in rng.permutation(5000)], dtype=object)
    amount = rng.choice([0.0, 9.9, 50.0, 120.5, 300.0], size=5000) + (rng.random(5000) < 0.3) * rng.random(5000)
    want = sorted(range(5000), key=lambda i: (-amount[i], text[i]))
    assert list(_desc_then_text_order(amount, text)) == want
    # ranks with gaps (a subset of a larger name list), as customer_table passes them
    ranks = np.empty(5000, dtype=np.int64)
    ranks[np.argsort(text.astype(str), kind="stable")] = np.arange(5000) * 3 + 7
    assert list(_desc_then_text_order(amount, text, ranks)) == want
    assert list(_desc_then_text_order(amount[:1], text[:1], ranks[:1])) == [0]
    assert list(_desc_then_text_order(amount[:0], text[:0], ranks[:0])) == []


def test_prepared_codes_are_read_only_and_hold_the_frames_weakly():
    import gc

    ds = messy_dataset(True, True)
    keys = prepare_keys(ds)
    arrays = [keys.message_buyer, keys.order_buyer, keys.order_keys.buyer, keys.order_keys.order_id,
              keys.order_keys.buyer_rank, keys.order_keys.time_order, keys.message_keys.agent,
              keys.message_keys.is_buyer]
    arrays += [codes for codes, _ in keys.order_keys.text_columns.values()]
    assert len(arrays) == 11 and not any(a.flags.writeable for a in arrays)
    with pytest.raises(ValueError, match="read-only"):
        keys.order_keys.text_columns["receiver_phone"][0][0] = 1
    # a replaced frame is not kept alive by the old codes; a frame of another length does not fit
    old = ds.orders
    ref = keys.frames[1]
    ds.orders = old.iloc[:-1]
    assert prepared_keys(ds, ds.messages, ds.orders, ds.lines) is None
    del old
    gc.collect()
    assert ref() is None
