"""keys.order_keys / digit_codes, and the contract that the stages give the same results with and
without the shared keys; compute() with the order stages on a second thread and without.

Every comparison runs both paths on the SAME frames; the hand-built expectations are in the comments.
"""

import math
import threading
import time

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.model import order_rules
from desktop_app.core.model.money import SHOP_MONEY, cents
from desktop_app.core.model.service_figures import add_order_notes, add_service_figures

from desktop_app.core import sample, schema
from desktop_app.core.dataset import Dataset
from desktop_app.core.errors import ImportCancelled
from desktop_app.core.model import compute as compute_mod
from desktop_app.core.model import stages as stages_mod
from desktop_app.core.model.checks import order_checks, out_of_stock, unpaid_orders, unshipped_orders
from desktop_app.core.model.customers import customer_table, customer_table_codes
from desktop_app.core.model.keys import clean_codes, digit_codes, order_keys
from desktop_app.core.model.kpis import (
    add_check_counts,
    add_team_conversion,
    product_refunds,
    shop_tables,
    sorted_responses,
)
from desktop_app.core.model.settings import ModelSettings

T = pd.Timestamp
S = ModelSettings()
CHECK_LISTS = ("unshipped", "out_of_stock", "unpaid")


def obj(*values):
    return np.array(list(values), dtype=object)


# ----------------------------------------------------------------------------------------------
# 1. digit_codes


def test_digit_codes_plain_ids_match_clean_codes_and_numbers():
    values = obj("2000000004610214358", "7", "0", "7", "2000000004610214358", "18446744073709551615", "10")
    found = digit_codes(values)
    assert found is not None
    codes, uniques, numbers = found
    ref_codes, ref_uniques = clean_codes(values)
    np.testing.assert_array_equal(codes, ref_codes)
    assert list(uniques) == list(ref_uniques)
    # first appearance order: 2000000004610214358, 7, 0, 18446744073709551615, 10
    assert list(codes) == [0, 1, 2, 1, 0, 3, 4]
    assert list(uniques) == ["2000000004610214358", "7", "0", "18446744073709551615", "10"]
    assert numbers.dtype == np.uint64
    assert [int(n) for n in numbers] == [int(u) for u in uniques]
    assert [int(n) for n in numbers] == [2000000004610214358, 7, 0, 2**64 - 1, 10]


@pytest.mark.parametrize("value", ["0", "18446744073709551615", "1", "9999999999999999999"])
def test_digit_codes_accepts_edge_numbers(value):
    for values in (obj(value), obj("5", value)):
        found = digit_codes(values)
        assert found is not None, values
        codes, uniques, numbers = found
        assert uniques[codes[-1]] == value
        assert int(numbers[codes[-1]]) == int(value)


BAD = ["012", " 12", "12 ", "+12", "1_2", "-1", "١٢", "", None, float("nan"), "1.5", "1" * 25,
       "18446744073709551616",
       # ids that are not text at all (an object column of numbers from a hand-made frame)
       13, 13.0, True, b"12"]


@pytest.mark.parametrize("bad", BAD, ids=[repr(b) for b in BAD])
def test_digit_codes_rejects_anything_but_the_plain_number(bad):
    # alone (the first-value shortcut), after a good id (the full checks), and in the middle
    assert digit_codes(obj(bad)) is None
    assert digit_codes(obj("12", bad)) is None
    assert digit_codes(obj("5", bad, "12")) is None


def test_digit_codes_empty_is_none():
    assert digit_codes(np.zeros(0, dtype=object)) is None


# ----------------------------------------------------------------------------------------------
# 2. order_keys on a hand-built frame


def _orders(rows):
    return schema.conform(pd.DataFrame(rows), "orders")


def _lines(rows):
    return schema.conform(pd.DataFrame(rows), "lines")


def test_order_keys_merges_padding_and_marks_unknown_lines():
    orders = _orders([
        {"platform": "taobao", "order_id": " A1 ", "buyer": " 甲 "},
        {"platform": "taobao", "order_id": "A1", "buyer": "甲"},
        {"platform": "jd", "order_id": "B2", "buyer": ""},
        {"platform": " jd", "order_id": "C3", "buyer": "乙"},
    ])
    orders.loc[2, "buyer"] = None  # a missing buyer id reads as ""
    lines = _lines([
        {"platform": "taobao", "order_id": "A1 "},  # 0: A1 padded on the line side
        {"platform": "taobao", "order_id": "ZZ"},  # 1: no order has ZZ
        {"platform": "pdd", "order_id": "B2"},  # 2: no order is on pdd
        {"platform": "", "order_id": "C3"},  # 3: blank platform
        {"platform": "  ", "order_id": "B2"},  # 4: blank after stripping
    ])
    k = order_keys(orders, lines)
    assert k.n_orders == 4
    # names[codes] is the stripped text (missing as "")
    assert list(k.buyer_names[k.buyer]) == ["甲", "甲", "", "乙"]
    assert list(k.platform_names[k.platform]) == ["taobao", "taobao", "jd", "jd"]
    assert list(k.id_names[k.order_id]) == ["A1", "A1", "B2", "C3"]
    # padded and unpadded merge into one code
    assert k.buyer[0] == k.buyer[1] and k.order_id[0] == k.order_id[1]
    assert k.platform[2] == k.platform[3]
    assert len(set(k.buyer)) == 3 and len(set(k.order_id)) == 3 and len(set(k.platform)) == 2
    # the line ids: codes in id_names, -1 where no order has the id (ZZ is still named in id_names)
    a1, b2, c3 = k.order_id[0], k.order_id[2], k.order_id[3]
    assert list(k.line_order_id) == [a1, -1, b2, c3, b2]
    assert "ZZ" in set(k.id_names)
    # the line platforms: -1 for pdd (no order) and for the blank ones ("" is no order's platform)
    taobao = k.platform[0]
    assert list(k.line_platform) == [taobao, taobao, -1, -1, -1]
    assert list(k.line_blank_platform) == [False, False, False, True, True]
    assert k.id_numbers is None  # "A1" is not a number


def test_order_keys_id_numbers_only_when_every_id_is_a_plain_number():
    orders = _orders([
        {"platform": "taobao", "order_id": "300", "buyer": "a"},
        {"platform": "taobao", "order_id": "20", "buyer": "b"},
        {"platform": "taobao", "order_id": "300", "buyer": "a"},
    ])
    lines = _lines([{"platform": "taobao", "order_id": "20"}, {"platform": "taobao", "order_id": "4000"}])
    k = order_keys(orders, lines)
    assert k.id_numbers is not None
    # numbers in id_names order; the line-only id 4000 is there too
    assert [int(n) for n in k.id_numbers] == [int(s) for s in k.id_names]
    assert [int(n) for n in k.id_numbers[k.order_id]] == [300, 20, 300]
    assert list(k.id_names[k.order_id]) == ["300", "20", "300"]
    assert list(k.line_order_id) == [k.order_id[1], -1]
    assert list(k.line_blank_platform) == [False, False]

    # one padded id on the line side (or a leading zero on the order side): no numbers, same merging
    padded = order_keys(orders, _lines([{"platform": "taobao", "order_id": " 20"}]))
    assert padded.id_numbers is None
    assert list(padded.line_order_id) == [padded.order_id[1]]
    zero = order_keys(_orders([{"order_id": "020"}, {"order_id": "20"}]))
    assert zero.id_numbers is None
    assert zero.order_id[0] != zero.order_id[1]  # "020" and "20" are different ids


def test_order_keys_lines_without_platform_column_are_all_blank():
    orders = _orders([{"platform": "taobao", "order_id": "A1", "buyer": "a"}])
    lines = pd.DataFrame({"order_id": ["A1", "B2"]})
    k = order_keys(orders, lines)
    assert list(k.line_blank_platform) == [True, True]
    assert list(k.line_order_id) == [k.order_id[0], -1]
    assert list(k.line_platform) == [-1, -1]
    # no lines at all
    none = order_keys(orders)
    assert len(none.line_order_id) == 0 and len(none.line_blank_platform) == 0


# ----------------------------------------------------------------------------------------------
# 3. the stages with and without keys on messy data

AS_OF = T("2024-03-10 12:00")


def messy_frames(digits: bool, padded: bool):
    """Orders, lines, inventory with every awkward case at once (see the comments per row)."""

    def oid(n, pad=False):
        text = str(1000 + n) if digits else f"A{n}"
        return f" {text} " if pad and padded else text

    def buyer(name, pad=False):
        return f" {name} " if pad and padded else name

    jd = " jd" if padded else "jd"
    rows = [
        # 甲: two big completed orders (one with a padded buyer id) -> a high-value buyer
        dict(platform="taobao", order_id=oid(1), buyer=buyer("甲"), created=T("2024-03-01 09:50"),
             paid=T("2024-03-01 10:00"), status=schema.COMPLETED, paid_amount=500.0),
        dict(platform="taobao", order_id=oid(2), buyer=buyer("甲", pad=True), created=T("2024-03-05 09:50"),
             paid=T("2024-03-05 10:00"), status=schema.COMPLETED, paid_amount=800.0, refund_amount=100.0),
        # paid, unshipped and overdue, padded order id
        dict(platform="taobao", order_id=oid(3, pad=True), buyer=buyer("乙"), created=T("2024-03-07 08:00"),
             paid=T("2024-03-07 08:05"), status=schema.PAID_UNSHIPPED, paid_amount=50.0),
        # 丙: unpaid (returning: paid before on jd)
        dict(platform="jd", order_id=oid(4), buyer=buyer("丙", pad=True), created=T("2024-03-10 08:00"),
             status=schema.UNPAID, paid_amount=66.0),
        dict(platform=jd, order_id=oid(5), buyer=buyer("丙"), created=T("2024-03-02 08:00"),
             paid=T("2024-03-02 08:10"), status=schema.COMPLETED, paid_amount=30.0),
        # no buyer id; unshipped, flagged 缺货 in the remark, no lines
        dict(platform="pdd", order_id=oid(6), buyer="", created=T("2024-03-08 08:00"),
             paid=T("2024-03-08 08:01"), status=schema.PAID_UNSHIPPED, remark="缺货 请等待", paid_amount=20.0),
        # missing buyer (None after conform), unpaid
        dict(platform="pdd", order_id=oid(7), buyer="", created=T("2024-03-09 08:00"), status=schema.UNPAID,
             paid_amount=12.0),
        # 丁: unshipped with lines short of stock; the row is duplicated below
        dict(platform="taobao", order_id=oid(8), buyer=buyer("丁"), created=T("2024-03-06 08:00"),
             paid=T("2024-03-06 08:00"), status=schema.PAID_UNSHIPPED, paid_amount=90.0),
        dict(platform="taobao", order_id=oid(8), buyer=buyer("丁"), created=T("2024-03-06 08:00"),
             paid=T("2024-03-06 08:00"), status=schema.PAID_UNSHIPPED, paid_amount=90.0),
        # the same id as taobao's first order, on jd: a different order (戊), unshipped; status 缺货 but it
        # has lines, so the inventory decides
        dict(platform=jd, order_id=oid(1, pad=True), buyer=buyer("戊"), created=T("2024-03-06 07:00"),
             paid=T("2024-03-06 09:00"), status=schema.PAID_UNSHIPPED, status_raw="缺货", paid_amount=40.0),
        # 甲 again: unshipped with lines -> upgrade remedy when short
        dict(platform="taobao", order_id=oid(9), buyer=buyer("甲", pad=True), created=T("2024-03-06 08:00"),
             paid=T("2024-03-06 08:00"), status=schema.PAID_UNSHIPPED, paid_amount=300.0),
        # unpaid new buyer on douyin; an unpaid order created after as_of is not listed
        dict(platform="douyin", order_id=oid(10), buyer=buyer("己"), created=T("2024-03-09 10:00"),
             status=schema.UNPAID, paid_amount=15.0),
        dict(platform="douyin", order_id=oid(12), buyer=buyer("庚"), created=T("2024-03-11 10:00"),
             status=schema.UNPAID, paid_amount=15.0),
        # shipped with a refund; 乙 again
        dict(platform="taobao", order_id=oid(11), buyer=buyer("乙", pad=True), created=T("2024-03-03 08:00"),
             paid=T("2024-03-03 08:00"), shipped=T("2024-03-04 08:00"), status=schema.SHIPPED,
             paid_amount=70.0, refund_amount=20.0),
        # unshipped, status 缺货, no lines
        dict(platform="douyin", order_id=oid(14), buyer=buyer("己", pad=True), created=T("2024-03-08 10:00"),
             paid=T("2024-03-08 10:00"), status=schema.PAID_UNSHIPPED, status_raw="缺货", paid_amount=35.0),
        # paid after as_of: unpaid as of then
        dict(platform="taobao", order_id=oid(13), buyer=buyer("辛"), created=T("2024-03-10 11:00"),
             paid=T("2024-03-10 13:00"), status=schema.PAID_UNSHIPPED, paid_amount=25.0),
    ]
    orders = schema.conform(pd.DataFrame(rows), "orders")
    orders.loc[6, "buyer"] = None
    line_rows = [
        dict(platform="taobao", order_id=oid(1), sku="S1", title="杯子", quantity=1, price=500.0),
        dict(platform="taobao", order_id=oid(2), sku="S2", title="盘子", quantity=2, price=400.0,
             refund_amount=100.0, status_raw="退款成功"),
        dict(platform="taobao", order_id=oid(3), sku="S1", title="杯子", quantity=3, price=10.0),
        dict(platform="taobao", order_id=oid(8), sku="S1", title="杯子", quantity=5, price=10.0),
        dict(platform="taobao", order_id=oid(8), sku="S3", title="碗", quantity=1, price=20.0),
        dict(platform="jd", order_id=oid(1), sku="S1", title="杯子", quantity=2, price=20.0),
        dict(platform="taobao", order_id=oid(9), sku="S3", title="碗", quantity=2, price=100.0),
        # blank platform: joins by id alone in the out-of-stock check
        dict(platform="", order_id=oid(9), sku="S1", title="杯子", quantity=1, price=100.0),
        # no such order
        dict(platform="pdd", order_id=oid(99), sku="S4", title="勺子", quantity=1, price=5.0),
        # no SKU: the product is its title
        dict(platform="taobao", order_id=oid(11), sku="", title="无编码商品", quantity=1, price=70.0,
             refund_amount=20.0),
        dict(platform=jd, order_id=oid(5), sku="S2", title="盘子", quantity=1, price=30.0,
             status_raw="退款中"),
    ]
    lines = schema.conform(pd.DataFrame(line_rows), "lines")
    inventory = schema.conform(pd.DataFrame([{"sku": "S1", "available": 4.0}, {"sku": "S3", "available": 2.0},
                                             {"sku": "S2", "available": 10.0}]), "inventory")
    return orders, lines, inventory


VARIANTS = [(False, True), (True, False), (True, True)]
VARIANT_IDS = ["text-ids-padded", "digit-ids-clean", "digit-ids-padded"]


@pytest.mark.parametrize("digits,padded", VARIANTS, ids=VARIANT_IDS)
def test_customers_and_checks_same_with_and_without_keys(digits, padded):
    orders, lines, inventory = messy_frames(digits, padded)
    k = order_keys(orders, lines)
    # the variant really takes the path it is named for
    assert (k.id_numbers is not None) == (digits and not padded)

    plain = customer_table(orders, S, AS_OF)
    with_keys, customer_codes = customer_table_codes(orders, S, AS_OF, keys=k)
    pd.testing.assert_frame_equal(plain, with_keys)
    pd.testing.assert_frame_equal(plain, customer_table(orders, S, AS_OF, keys=k))
    assert len(customer_codes) == len(with_keys)
    assert list(k.buyer_names[customer_codes]) == list(with_keys["buyer"])
    # the data has what it is meant to have: a high-value buyer, the padded 甲 merged
    assert "甲" in set(plain["buyer"]) and " 甲 " not in set(plain["buyer"]) and "" not in set(plain["buyer"])
    assert plain.set_index("buyer").loc["甲", "segment"].startswith("重要")

    a = order_checks(orders, lines, inventory, S, AS_OF, customers=plain)
    b = order_checks(orders, lines, inventory, S, AS_OF, customers=with_keys, keys=k,
                     customer_codes=customer_codes)
    assert set(a) == set(b) == set(CHECK_LISTS) | {"refund_pending"}
    for name in CHECK_LISTS:
        assert len(a[name]) > 0, name  # every list has rows to compare
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)
    # the lists' contents are what the fixture was built for
    assert "upgrade" in set(a["out_of_stock"]["remedy"])
    assert {"status", "remark"} <= set(a["out_of_stock"]["source"])
    assert a["unpaid"]["returning"].any() and not a["unpaid"]["returning"].all()

    # each check on its own, keys and no keys
    pd.testing.assert_frame_equal(unshipped_orders(orders, S, AS_OF), unshipped_orders(orders, S, AS_OF, keys=k))
    pd.testing.assert_frame_equal(
        out_of_stock(orders, lines, inventory, AS_OF, plain),
        out_of_stock(orders, lines, inventory, AS_OF, plain, keys=k, customer_codes=customer_codes))
    pd.testing.assert_frame_equal(
        unpaid_orders(orders, S, AS_OF, plain),
        unpaid_orders(orders, S, AS_OF, plain, keys=k, customer_codes=customer_codes))
    # keys without customer_codes: the text lookup of the customers
    pd.testing.assert_frame_equal(unpaid_orders(orders, S, AS_OF, plain),
                                  unpaid_orders(orders, S, AS_OF, plain, keys=k))


def _refund_frames(digits, padded):
    orders, lines, _ = messy_frames(digits, padded)
    return orders, lines


@pytest.mark.parametrize("digits,padded", [(False, False), (True, False)], ids=["text-ids", "digit-ids"])
def test_product_refunds_same_with_and_without_keys(digits, padded):
    orders, lines = _refund_frames(digits, padded)
    k = order_keys(orders, lines)
    plain = product_refunds(lines, orders)
    assert len(plain) >= 3
    pd.testing.assert_frame_equal(plain, product_refunds(lines, orders, keys=k))
    # one platform only: the id alone joins (both paths)
    one = orders["platform"].str.strip() == "taobao"
    o1 = orders.loc[one].reset_index(drop=True)
    l1 = lines.loc[lines["platform"] == "taobao"].reset_index(drop=True)
    pd.testing.assert_frame_equal(product_refunds(l1, o1), product_refunds(l1, o1, keys=order_keys(o1, l1)))


@pytest.mark.parametrize("digits", [False, True], ids=["text-ids", "digit-ids"])
def test_product_refunds_same_with_and_without_keys_padded_ids(digits):
    # ids and platforms are compared stripped on both paths: ' A3 ' (taobao) and ' A1 ' (' jd') find
    # their lines 'A3' / 'A1'
    orders, lines = _refund_frames(digits, True)
    k = order_keys(orders, lines)
    plain = product_refunds(lines, orders)
    pd.testing.assert_frame_equal(plain, product_refunds(lines, orders, keys=k))
    s1 = plain.set_index("sku").loc["S1"]
    assert (s1["orders"], s1["quantity"], s1["sales"]) == (4, 11, 620)


# ----------------------------------------------------------------------------------------------
# 4.-6. compute() on generated data


@pytest.fixture(scope="module")
def dataset():
    orders, lines, messages, inventory = sample.generate_frames(3_000, 15_000, seed=11)
    return Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)


@pytest.fixture(scope="module")
def threaded(dataset):
    assert compute_mod.ORDER_STAGES_ON_THREAD is True
    return compute_mod.compute(dataset)


def assert_shop_equal(a: dict, b: dict):
    assert list(a) == list(b)
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
            continue
        assert x == y, key


RESULT_FRAMES = ("conversations", "turns", "agents", "agent_days", "attribution", "shop_days", "product_refunds",
                 "unshipped", "out_of_stock", "unpaid", "customers", "reminders")


def test_compute_threaded_equals_serial(dataset, threaded, monkeypatch):
    monkeypatch.setattr(compute_mod, "ORDER_STAGES_ON_THREAD", False)
    serial = compute_mod.compute(dataset)
    for name in RESULT_FRAMES:
        pd.testing.assert_frame_equal(getattr(threaded, name), getattr(serial, name), obj=name)
    assert_shop_equal(threaded.shop, serial.shop)
    assert threaded.as_of == serial.as_of
    # the lists compared are not empty
    for name in ("customers", "unshipped", "unpaid", "product_refunds", "attribution"):
        assert len(getattr(threaded, name)) > 0, name
    assert set(threaded.timings) == set(serial.timings)


def test_compute_order_stages_equal_the_stage_functions_without_keys(dataset, threaded):
    # compute() passes keys; the public functions alone hash the text: same frames
    orders, lines = dataset.orders, dataset.lines
    plain = customer_table(orders, S, threaded.as_of)
    pd.testing.assert_frame_equal(threaded.customers, plain)
    checks = order_checks(orders, lines, dataset.inventory, S, threaded.as_of, customers=plain)
    for name in CHECK_LISTS:
        pd.testing.assert_frame_equal(getattr(threaded, name), checks[name], obj=name)
    pd.testing.assert_frame_equal(threaded.product_refunds, product_refunds(lines, orders))


def _no_model_thread() -> bool:
    return not any(t.name == "model-orders" and t.is_alive() for t in threading.enumerate())


@pytest.mark.parametrize("on_thread", [True, False], ids=["thread", "serial"])
@pytest.mark.parametrize("step", ["customer_table_codes", "orders_by_buyer", "paying_buyers"])
def test_compute_reraises_the_order_thread_error(dataset, monkeypatch, on_thread, step):
    # customers, and the two steps the chat side waits for (attribution: the orders by buyer; the
    # shop figures: the paying buyers): the error reaches the caller, no thread is left
    monkeypatch.setattr(compute_mod, "ORDER_STAGES_ON_THREAD", on_thread)

    def boom(*args, **kwargs):
        raise ValueError("boom")

    target = compute_mod.customers_mod if step == "customer_table_codes" else stages_mod  # the graph's stages
    monkeypatch.setattr(target, step, boom)
    with pytest.raises(ValueError, match="boom"):
        compute_mod.compute(dataset)
    assert _no_model_thread()


def test_an_order_thread_error_stops_the_run_before_the_chat_stages_finish(dataset, monkeypatch):
    monkeypatch.setattr(compute_mod, "ORDER_STAGES_ON_THREAD", True)

    def boom(*args, **kwargs):
        raise ValueError("boom")

    real_build = stages_mod.build_conversations_full

    def slow_build(*args, **kwargs):
        time.sleep(0.5)  # the order thread has failed long before this returns
        return real_build(*args, **kwargs)

    attributed = []
    real_attribute = stages_mod.sale_rules.prepare_sale_rule
    monkeypatch.setattr(compute_mod.customers_mod, "customer_table_codes", boom)
    monkeypatch.setattr(stages_mod, "build_conversations_full", slow_build)
    monkeypatch.setattr(stages_mod.sale_rules, "prepare_sale_rule",
                        lambda *a, **k: attributed.append(1) or real_attribute(*a, **k))
    with pytest.raises(ValueError, match="boom"):
        compute_mod.compute(dataset)
    # raised at the next stage boundary: attribution never ran
    assert attributed == [] and _no_model_thread()


@pytest.mark.parametrize("asks", [1, 2], ids=["at-stage-3-step", "while-waiting"])
def test_compute_cancel_while_order_thread_runs(dataset, monkeypatch, asks):
    real = compute_mod.customers_mod.customer_table_codes
    started = threading.Event()

    def slow(*args, **kwargs):
        started.set()
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(compute_mod.customers_mod, "customer_table_codes", slow)
    state = {"done": -1, "asked": 0, "thread_alive_at_cancel": None}

    def progress(done, total, text):
        state["done"] = done

    def should_cancel():
        # stage 3 is reported once stages 0..2 are done; the asks after it: 1 = the check in step(3),
        # 2 = the first poll while waiting for the customers
        if state["done"] < 3:
            return False
        state["asked"] += 1
        if state["asked"] >= asks:
            if state["thread_alive_at_cancel"] is None:
                state["thread_alive_at_cancel"] = not _no_model_thread()
            return True
        return False

    t0 = time.perf_counter()
    with pytest.raises(ImportCancelled):
        compute_mod.compute(dataset, progress=progress, should_cancel=should_cancel)
    assert started.is_set()
    assert state["thread_alive_at_cancel"] is True  # cancelled while the order thread was still busy
    assert _no_model_thread()  # compute() waited for it before raising
    assert time.perf_counter() - t0 < 5


def test_shop_tables_without_checks_then_add_check_counts(dataset, threaded):
    orders, messages = dataset.orders, dataset.messages
    orders, not_a_sale = order_rules.sales_orders(orders)  # as compute() does (paid ≤ 0 is not a sale)
    conversations, turns, agent_messages, codes = compute_mod._conversations(messages, orders, S)
    # as compute() does: reminder cases marked, robot accounts out of the shop totals
    conversations, h_convs, turns, _robots = compute_mod._receptions(conversations, turns, orders, S)
    attribution, reminders, consulted, codes = compute_mod._attribute(orders, conversations, turns,
                                                                      agent_messages, S, codes)
    conversations = h_convs
    responses = sorted_responses(turns)
    checks = {name: getattr(threaded, name) for name in CHECK_LISTS + ("refund_pending",)}
    assert all(len(checks[n]) for n in ("unshipped", "unpaid"))
    shop_a, days_a = shop_tables(orders, consulted, attribution, conversations, turns, checks, codes, responses)
    shop0, days0 = shop_tables(orders, consulted, attribution, conversations, turns, None, codes, responses)
    shop_b, days_b = add_check_counts(shop0, days0, checks)
    assert_shop_equal(shop_a, shop_b)
    pd.testing.assert_frame_equal(days_a, days_b)
    # the check counts really are in (what _check_counts counts, worked out from the lists here)
    assert shop_b["unshipped"] == len(checks["unshipped"]) > 0
    assert shop_b["unshipped_overdue"] == int(checks["unshipped"]["overdue"].sum())
    assert shop_b["out_of_stock"] == checks["out_of_stock"]["order_id"].nunique()
    assert shop_b["unpaid_due"] == int(checks["unpaid"]["is_due"].sum())
    assert int(days_b["unshipped"].sum()) == len(checks["unshipped"])
    # without the checks, shop_tables leaves the counts out (or at zero)
    assert shop0.get("unshipped", 0) == 0
    assert "unshipped" not in days0.columns or int(days0["unshipped"].sum()) == 0
    # and, with the team conversion added, exactly compute()'s shop figures
    add_team_conversion(shop_b, days_b, threaded.agents, threaded.agent_days, threaded.attribution)
    _agents, _agent_days, days_b = add_service_figures(shop_b, days_b, threaded.agents, threaded.agent_days, turns)
    add_order_notes(shop_b, orders, not_a_sale, checks, threaded.as_of)
    for key in SHOP_MONEY:  # compute() rounds money to the cent at the end (issue 11)
        shop_b[key] = cents(shop_b[key])
        days_b[key] = days_b[key].round(2)
    assert_shop_equal(shop_b, threaded.shop)
    pd.testing.assert_frame_equal(days_b, threaded.shop_days)



def test_compute_and_product_refunds_take_ids_that_are_not_text():
    # an object column mixing text and int ids (a hand-made frame): the digit fast path steps aside
    orders = _orders([
        {"platform": "taobao", "order_id": "12", "buyer": "甲", "created": T("2024-05-01 10:00"),
         "paid": T("2024-05-01 10:05"), "status": schema.COMPLETED, "paid_amount": 10.0},
        {"platform": "taobao", "order_id": "13", "buyer": "乙", "created": T("2024-05-01 11:00"),
         "paid": T("2024-05-01 11:05"), "status": schema.COMPLETED, "paid_amount": 20.0},
    ])
    lines = _lines([{"platform": "taobao", "order_id": "13", "sku": "S1", "title": "t", "quantity": 2.0,
                     "price": 10.0}])
    orders["order_id"] = obj("12", 13)
    lines["order_id"] = obj(13)
    assert order_keys(orders, lines).id_numbers is None
    out = product_refunds(lines, orders)
    assert out["orders"].tolist() == [1.0] and out["sales"].tolist() == [20.0]
    res = compute_mod.compute(Dataset(orders=orders, lines=lines))
    assert res.shop["orders"] == 2 and res.product_refunds["sales"].tolist() == [20.0]
