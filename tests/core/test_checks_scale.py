"""The fast paths of checks.py / customers.py (added for 1M-order speed) give the plain definitions' results.

Each case is tiny and worked out by hand in the comments; it aims at one shortcut: ids ranked as
numbers, text that is already clean, the integer (platform, order id) join of lines, the latest
contact picked before stripping, the archive looked up by the unpaid list's buyers.
"""

import numpy as np
import pandas as pd

from desktop_app.core import schema
from desktop_app.core.model.checks import id_rank, out_of_stock, unpaid_orders
from desktop_app.core.model.customers import clean_codes, customer_table, is_clean_text
from desktop_app.core.model.settings import ModelSettings

T = pd.Timestamp
S = ModelSettings()


def make_orders(*rows):
    rows = [{"platform": "taobao", "shop": "小店", **r} for r in rows]
    return schema.conform(pd.DataFrame(rows), "orders")


def test_id_rank_digit_ids_compare_as_numbers():
    # cleaned: "1000", "999", "", "", "0", "007"; padded to width 4: 1000 0999 0000 0000 0000 0007
    # sorted (ties keep file order): [2] [3] [4] 0000, [5] 0007, [1] 0999, [0] 1000
    ids = pd.Series(["1000", " 999", "", None, "0", "007"], dtype=object)
    assert id_rank(ids).tolist() == [5, 4, 0, 1, 2, 3]


def test_id_rank_text_and_long_ids_sort_as_padded_text():
    # 20 digits do not fit the number path: padded text "1000...0" vs "000...09" -> "9" first
    assert id_rank(["10000000000000000000", "9"]).tolist() == [1, 0]
    # letters: width 3 -> "0B2", "A10", "010"; sorted 010 < 0B2 < A10 -> ranks 1, 2, 0
    assert id_rank(["B2", "A10", "10"]).tolist() == [1, 2, 0]
    assert id_rank([]).tolist() == []


def test_clean_codes_merges_padded_and_missing_values():
    codes, uniques = clean_codes(pd.Series(["a", " a", None, "", "b "], dtype=object))
    assert uniques[codes].tolist() == ["a", "a", "", "", "b"]
    assert codes[0] == codes[1] and codes[2] == codes[3] and len(set(codes.tolist())) == 3
    # already clean text (the C-checked path): missing becomes "" appended once
    codes, uniques = clean_codes(np.array(["x", "y", None], dtype=object))
    assert uniques[codes].tolist() == ["x", "y", ""]
    # "" already present: missing takes its code
    codes, uniques = clean_codes(np.array(["", "x", None], dtype=object))
    assert uniques[codes].tolist() == ["", "x", ""] and codes[0] == codes[2]


def test_is_clean_text():
    assert is_clean_text(np.array(["a", "测试", "13800000000"], dtype=object))
    assert not is_clean_text(np.array(["a", "b "], dtype=object))
    assert not is_clean_text(np.array(["a", "\u3000b"], dtype=object))  # ideographic space strips too
    assert not is_clean_text(np.array(["a", 5], dtype=object))  # not text: the Python path
    assert is_clean_text(np.array(["a\x00"], dtype=object))  # NUL is no space: nothing to strip
    assert not is_clean_text(np.array([" a\x00"], dtype=object))
    assert is_clean_text(np.array([], dtype=object))


def test_lines_join_padded_ids_and_blank_platform():
    as_of = T("2024-03-02 12:00")
    orders = make_orders(
        {"order_id": "1001", "buyer": "甲", "created": T("2024-03-01 09:55"), "paid": T("2024-03-01 10:00"),
         "status": schema.PAID_UNSHIPPED},
        {"order_id": "1002", "buyer": "乙", "created": T("2024-03-01 10:55"), "paid": T("2024-03-01 11:00"),
         "status": schema.PAID_UNSHIPPED},
    )
    lines = schema.conform(pd.DataFrame([
        # no platform, id with trailing spaces: joins taobao 1001 (the only order with that id)
        {"platform": None, "order_id": "1001  ", "sku": "K", "quantity": 2.0},
        {"platform": "taobao", "order_id": "1002", "sku": "K", "quantity": 2.0},
        # jd 1002 is no order of ours: ignored (were it joined to taobao 1002, it would be short too)
        {"platform": "jd", "order_id": " 1002", "sku": "K", "quantity": 1.0},
    ]), "lines")
    inventory = schema.conform(pd.DataFrame([{"sku": "K", "available": 3.0}]), "inventory")
    out = out_of_stock(orders, lines, inventory, as_of)
    # payment order: 1001 (10:00) takes 2 of 3 -> not short; 1002 (11:00): 3 - 2 = 1 left of 2
    # -> allocated 1, short 1, partly short -> coupon. Had the blank-platform line not joined,
    # 1002 would get 2 and nothing would be listed.
    assert out["order_id"].tolist() == ["1002"]
    row = out.iloc[0]
    assert (row["sku"], row["quantity"], row["allocated"], row["short"]) == ("K", 2.0, 1.0, 1.0)
    assert row["remedy"] == "coupon" and row["available"] == 3.0


def test_latest_contact_skips_blank_and_space_only_values():
    paid = {"status": schema.COMPLETED, "paid_amount": 10.0}
    orders = make_orders(
        {"order_id": "1", "buyer": "甲", "created": T("2024-03-01"), "paid": T("2024-03-01"),
         "receiver_phone": "13800000001", "receiver_name": "李四", **paid},
        # later, but spaces only: stripped to "" -> does not count
        {"order_id": "2", "buyer": "甲", "created": T("2024-03-02"), "paid": T("2024-03-02"),
         "receiver_phone": "   ", **paid},
        # latest: phone blank, name padded -> name "张三"
        {"order_id": "3", "buyer": "甲", "created": T("2024-03-03"), "paid": T("2024-03-03"),
         "receiver_phone": "", "receiver_name": " 张三 ", **paid},
        {"order_id": "4", "buyer": " 乙 ", "created": T("2024-03-01"), "paid": T("2024-03-01"),
         "receiver_phone": " 13900000002 ", **paid},
    )
    c = customer_table(orders, S, T("2024-03-05")).set_index("buyer")
    assert c.loc["甲", "receiver_phone"] == "13800000001"
    assert c.loc["甲", "receiver_name"] == "张三"
    # " 乙 " is buyer 乙; its phone stripped
    assert c.loc["乙", "receiver_phone"] == "13900000002"
    assert c.loc["乙", "receiver_name"] == ""
    # 甲 paid 3 x 10 = 30 > 乙's 10: 甲 first
    assert list(c.index) == ["甲", "乙"]


def test_unpaid_reads_segment_and_level_of_the_first_archive_row():
    as_of = T("2024-03-01 12:00")
    orders = make_orders(
        {"order_id": "U1", "buyer": " 甲 ", "created": T("2024-03-01 10:00"), "status": schema.UNPAID,
         "paid_amount": 50.0},
        {"order_id": "U2", "buyer": "丙", "created": T("2024-03-01 11:00"), "status": schema.UNPAID,
         "paid_amount": 20.0},
    )
    # a hand-made archive with 甲 twice: the first row counts (as drop_duplicates would keep it)
    customers = pd.DataFrame({"buyer": ["甲", "甲", "乙"], "segment": ["重要价值", "一般挽留", "一般价值"],
                              "level": ["金卡", "银卡", "普通"]})
    out = unpaid_orders(orders, S, as_of, customers).set_index("order_id")
    assert (out.loc["U1", "segment"], out.loc["U1", "level"]) == ("重要价值", "金卡")
    # 丙 is not in the archive: empty text
    assert (out.loc["U2", "segment"], out.loc["U2", "level"]) == ("", "")
