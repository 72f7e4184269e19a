"""Customer tiers: the archive (客户档案) with RFM scores, the eight segments, membership levels, masking.

Definitions (docs/metrics-orders-customers.md has them in Chinese and English with worked examples):

* A **paid order** is one with a payment time, or (when the export left the time blank) one whose
  status is paid_unshipped / shipped / completed; its payment time then falls back to the creation
  time. An order paid after ``as_of`` is not paid yet as of ``as_of`` (an old export reads as it did).
* **RFM** looks at paid orders with payment time in ``(as_of - rfm_lookback_days, as_of]``:
  ``recency_days`` = (as_of - last payment) in *float* days (12 h = 0.5), ``frequency`` = number of
  paid orders, ``monetary`` = paid amount minus refunds. Buyers without a paid order in the window get
  NaN for all three, NaN scores and segment ``""`` (NO_SEGMENT; the views show 无购买 / no purchase).
* **Scores 1-5** (5 = best; recency reversed): ``1 + floor(5 * percent_rank)`` capped at 5, where
  percent_rank = (rank_min - 1) / (n - 1) over the scored buyers (SQL's PERCENT_RANK). Equal values
  always get the same score (rank "min": a tie takes the lowest rank of its group), so the result
  never depends on row order. The best value always scores 5 and the worst 1; a lone buyer scores 3.
* **Segments** compare each value with the mean over the scored buyers; a value *at least as good as*
  the mean counts as better (↑): F ≥ mean, M ≥ mean, R ≤ mean (fewer days = more recent). Equality is
  tested with a relative tolerance of 1e-9 so that float means such as 0.1+0.2 do not flip a bit.
* **Membership level** by ``level_basis`` over paid orders in ``(as_of - level_period_days, as_of]``:
  "amount" = paid amount net of refunds, "orders" = paid orders not fully refunded. The level is the
  highest whose threshold is ≤ the value; with ``previous_levels`` a level never goes down.

The archive (customer_table) is here; the rest lives in sibling modules, re-exported here (callers
import from customers): order_payment (paid as of, order times), customer_segments (RFM scores,
segments), customer_levels (membership levels), customer_masking (masked contacts).
"""

from __future__ import annotations

from typing import Mapping, Optional

import numpy as np
import pandas as pd

from .. import schema
from .keys import OrderKeys, clean_codes, text_argsort, time_order
from .keys import is_clean_text  # noqa: F401 - re-exported (tests and older callers import it from here)
from .results import CUSTOMER_COLUMNS
from .settings import ModelSettings
from .order_payment import (  # noqa: F401 - re-exported: callers and tests import them from here
    _PAID_STATUSES,
    _DAY,
    payment_times,
    is_paid_as_of,
    as_of_or_newest,
    order_times,
)
from .customer_segments import (  # noqa: F401 - re-exported: callers and tests import them from here
    SEGMENT_BITS,
    SEGMENTS,
    SEGMENT_EN,
    NO_SEGMENT,
    NO_SEGMENT_LABEL,
    HIGH_VALUE_SEGMENTS,
    _BITS_TO_SEGMENT,
    quintile_scores,
    better_than_mean,
    rfm_segments,
)
from .customer_levels import (  # noqa: F401 - re-exported: callers and tests import them from here
    _sorted_levels,
    level_for,
    keep_higher_levels,
    apply_manual_levels,
)
from .customer_masking import (  # noqa: F401 - re-exported: callers and tests import them from here
    CONTACT_COLUMNS,
    _text,
    mask_phone,
    mask_name,
    _CJK,
    _DISTRICT,
    _CITY,
    mask_address,
    mask_contacts,
)


#: Columns customer_table adds after results.CUSTOMER_COLUMNS.
EXTRA_CUSTOMER_COLUMNS = ["r_up", "f_up", "m_up", "level_value", "level_computed", "platform"]


def customer_table(
    orders: pd.DataFrame,
    settings: ModelSettings,
    as_of: pd.Timestamp,
    previous_levels: Optional[Mapping[str, str]] = None,
    manual_levels: Optional[Mapping[str, tuple[str, str]]] = None,
    keys: Optional[OrderKeys] = None,
) -> pd.DataFrame:
    """One row per buyer with orders up to ``as_of``: totals, RFM, scores, segment, level, contacts.

    ``previous_levels`` (buyer -> stored level): a level never goes down. ``manual_levels`` (buyer ->
    (level set by hand, level computed then)): a hand-set level stands until a higher one is earned.

    Columns: results.CUSTOMER_COLUMNS, then ``r_up``, ``f_up``, ``m_up`` (bool: better than the
    mean; the segment's three arrows), ``level_value`` (the amount or count the level was read from),
    ``level_computed`` (the level from this data alone, before previous/manual levels) and
    ``platform`` (of the latest order). Orders without a buyer id are left out. Contact columns
    are unmasked (views call mask_contacts). Rows are sorted by paid amount, highest first, then buyer.
    An unknown ``settings.level_basis`` reads as "amount". ``keys`` (keys.order_keys of ``orders``)
    spares hashing the buyer ids again.
    """
    return customer_table_codes(orders, settings, as_of, previous_levels, manual_levels, keys)[0]


def customer_table_codes(
    orders: pd.DataFrame,
    settings: ModelSettings,
    as_of: pd.Timestamp,
    previous_levels: Optional[Mapping[str, str]] = None,
    manual_levels: Optional[Mapping[str, tuple[str, str]]] = None,
    keys: Optional[OrderKeys] = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """customer_table, and each row's buyer code (in ``keys.buyer_names`` when keys are given):
    the order checks look buyers up by code instead of by text."""
    as_of = as_of_or_newest(orders, as_of)
    # the buyer text is hashed once: integer codes of the stripped ids, then everything is integers
    if keys is not None:
        all_codes, all_buyers = keys.buyer, keys.buyer_names
    else:
        all_codes, all_buyers = clean_codes(orders["buyer"])
    when_all = order_times(orders)
    # no buyer id: not a customer. Created after as_of: did not exist yet. Undated: kept (it is in the data)
    keep_rows = ((all_buyers != "")[all_codes] & (when_all.isna() | (when_all <= as_of)).to_numpy())
    when = when_all.to_numpy(dtype="datetime64[ns]")[keep_rows]
    # integer buyer codes (in order of first appearance): every aggregate below is a bincount or a
    # ufunc.at on integers, which is far faster than grouping on text
    codes, used = pd.factorize(all_codes[keep_rows], sort=False)
    buyers = all_buyers[used]
    nb = len(buyers)
    # per-order values are read off the whole frame and then cut: no copy of all the order columns
    pay_t = payment_times(orders, as_of).to_numpy(dtype="datetime64[ns]")[keep_rows]
    paid = is_paid_as_of(orders, as_of).to_numpy()[keep_rows]
    amount = orders["paid_amount"].fillna(0.0).to_numpy(dtype="float64")[keep_rows]
    refund = orders["refund_amount"].fillna(0.0).to_numpy(dtype="float64")[keep_rows]
    net = amount - refund

    # The rows come out by paid amount, highest first, then buyer in text order (prepared keys know
    # each buyer's place in it): the codes are renumbered in that order first, so every column below
    # comes out in it and the table is never reordered (a copy of every column) at the end.
    text_rank = keys.buyer_rank[used] if keys is not None and keys.buyer_rank is not None else None
    paid_amount = np.bincount(codes[paid], weights=amount[paid], minlength=nb)
    by_amount = _desc_then_text_order(paid_amount, buyers, text_rank)
    renumber = np.empty(nb, dtype=np.int64)
    renumber[by_amount] = np.arange(nb)
    codes = renumber[codes]
    buyers, used = buyers[by_amount], np.asarray(used, dtype=np.int64)[by_amount]

    def count(mask=None) -> np.ndarray:
        c = codes if mask is None else codes[mask]
        return np.bincount(c, minlength=nb)

    def total(values, mask) -> np.ndarray:
        return np.bincount(codes[mask], weights=values[mask], minlength=nb)

    def extreme(times, mask, how) -> np.ndarray:
        # int64 nanoseconds; NaT (the smallest int64) marks a buyer with no value
        nat = np.iinfo(np.int64).min
        t = times[mask].view(np.int64)
        if how == "min":
            acc = np.full(nb, np.iinfo(np.int64).max, dtype=np.int64)
            np.minimum.at(acc, codes[mask], t)
            acc[acc == np.iinfo(np.int64).max] = nat
        else:
            acc = np.full(nb, nat, dtype=np.int64)
            np.maximum.at(acc, codes[mask], t)
        return acc.view("datetime64[ns]")

    dated = ~np.isnat(when)
    out = pd.DataFrame(
        {
            "buyer": pd.Series(buyers, dtype=object),
            "first_order": extreme(when, dated, "min"),
            "last_order": extreme(when, dated, "max"),
            "orders": count().astype("int64"),
            "paid_orders": count(paid).astype("int64"),
            "paid_amount": paid_amount[by_amount],
            "refund_amount": total(refund, paid),
        }
    )

    # RFM over paid orders in (as_of - lookback, as_of]
    start = np.datetime64(as_of - pd.Timedelta(days=settings.rfm_lookback_days), "ns")
    as_of64 = np.datetime64(as_of, "ns")
    has_pay = ~np.isnat(pay_t)
    in_win = has_pay & (pay_t > start) & (pay_t <= as_of64)
    n_win = count(in_win)
    scored = n_win > 0
    last_pay = extreme(pay_t, in_win, "max")
    out["recency_days"] = np.where(scored, (as_of64 - last_pay) / np.timedelta64(1, "D"), np.nan)
    out["frequency"] = np.where(scored, n_win.astype("float64"), np.nan)
    out["monetary"] = np.where(scored, total(net, in_win), np.nan)
    out["r_score"] = quintile_scores(out["recency_days"], higher_is_better=False)
    out["f_score"] = quintile_scores(out["frequency"])
    out["m_score"] = quintile_scores(out["monetary"])
    out["segment"] = rfm_segments(out["recency_days"], out["frequency"], out["monetary"])
    out["r_up"] = better_than_mean(out["recency_days"], higher_is_better=False) & scored
    out["f_up"] = better_than_mean(out["frequency"]) & scored
    out["m_up"] = better_than_mean(out["monetary"]) & scored

    # membership level over (as_of - level_period, as_of]
    lstart = np.datetime64(as_of - pd.Timedelta(days=settings.level_period_days), "ns")
    in_lvl = has_pay & (pay_t > lstart) & (pay_t <= as_of64)
    if settings.level_basis == "orders":
        # a fully refunded order does not lift a level
        fully_refunded = (refund > 0) & (refund >= amount)
        contrib = (~fully_refunded).astype("float64")
    else:
        contrib = net
    value = total(contrib, in_lvl)
    out["level_value"] = value
    new_levels = level_for(value, settings.levels)
    out["level_computed"] = new_levels
    kept = keep_higher_levels(buyers, new_levels, previous_levels, settings.levels)
    out["level"] = apply_manual_levels(buyers, kept, new_levels, manual_levels, settings.levels)

    # contacts and platform: the latest non-empty value (by order time, then file order)
    if keys is not None and keys.time_order is not None:
        # the stable time order of all the orders (prepare_keys), cut to the kept ones: the same order
        # as sorting the kept ones, without a sort
        kept_at = np.cumsum(keep_rows) - 1
        order = kept_at[keys.time_order[keep_rows[keys.time_order]]]
    else:
        order = time_order(when)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    for col in (*CONTACT_COLUMNS, "platform"):
        coded = _coded_column(keys, col)
        if coded is not None:
            out[col] = _latest_code(coded[0][keep_rows], coded[1], codes, nb, rank, order)
        else:
            out[col] = _latest_text(orders[col].to_numpy(dtype=object)[keep_rows], codes, nb, rank, order)

    out = out[CUSTOMER_COLUMNS + EXTRA_CUSTOMER_COLUMNS]
    for col in ("buyer", "segment", "level", "level_computed", "platform", *CONTACT_COLUMNS):
        out[col] = out[col].astype(object)
    return out, used


def _coded_column(keys: Optional[OrderKeys], col: str):
    """(clean codes per order row, names) of an orders column when ``keys`` have them, else None."""
    if keys is None:
        return None
    if col == "platform":
        return keys.platform, keys.platform_names
    return (keys.text_columns or {}).get(col)


def _latest_code(col_codes: np.ndarray, names: np.ndarray, codes: np.ndarray, nb: int, rank: np.ndarray,
                 order: np.ndarray) -> np.ndarray:
    """_latest_text on a column already coded as clean text (``names[col_codes]``, "" = empty)."""
    got = np.full(nb, "", dtype=object)
    present = (np.asarray(names, dtype=object) != "")[col_codes]
    best = np.full(nb, -1, dtype=np.int64)
    np.maximum.at(best, codes[present], rank[present])
    has = best >= 0
    got[has] = np.asarray(names, dtype=object)[col_codes[order[best[has]]]]
    return got


def _latest_text(raw: np.ndarray, codes: np.ndarray, nb: int, rank: np.ndarray,
                 order: np.ndarray) -> np.ndarray:
    """Per buyer code, the stripped text of the highest-``rank`` row whose stripped text is not empty.

    Contacts are nearly unique per order, so instead of stripping every row this picks the latest
    present value of each buyer first and strips only those; if one of them strips to "" (spaces
    only) the exact whole-column way below decides.
    """
    got = np.full(nb, "", dtype=object)
    present = ~pd.isna(raw) & (raw != "")  # blank cells can never win (a whole blank column is common)
    best = np.full(nb, -1, dtype=np.int64)
    np.maximum.at(best, codes[present], rank[present])
    has = best >= 0
    # through distinct values: cheap for a column of few values (platform), and one C check for
    # nearly unique ones (phones)
    vcodes, vuniques = clean_codes(raw[order[best[has]]])
    vals = vuniques[vcodes]
    if not (vuniques == "").any():
        got[has] = vals
        return got
    vals = _clean_text(pd.Series(raw, dtype=object)).to_numpy(dtype=object)
    keep = vals != ""
    best = np.full(nb, -1, dtype=np.int64)
    np.maximum.at(best, codes[keep], rank[keep])
    has = best >= 0
    got[has] = vals[order[best[has]]]
    return got


def _desc_then_text_order(amount: np.ndarray, text: np.ndarray,
                          text_rank: Optional[np.ndarray] = None) -> np.ndarray:
    """Positions ordered by ``amount`` (highest first), equal amounts by ``text`` (no NaN amounts).

    Only buyers that share an amount with another one need their text compared, so only those are
    sorted as text (most amounts are distinct: a fifth of the text sort, or none of it).
    ``text_rank``: each text's place in text order (distinct non-negative integers), when already known:
    then the positions are put in text order by a counting pass and sorted once, stably, by amount.
    """
    if text_rank is not None and len(amount) > 1:
        text_rank = np.asarray(text_rank, dtype=np.int64)
        slot = np.full(int(text_rank.max()) + 1, -1, dtype=np.int64)
        slot[text_rank] = np.arange(len(text_rank))
        in_text_order = slot[slot >= 0]
        return in_text_order[np.argsort(-amount[in_text_order], kind="stable")]
    order = np.argsort(-amount, kind="stable")
    if len(order) < 2:
        return order
    a = amount[order]
    starts = np.r_[True, a[1:] != a[:-1]]
    group = np.cumsum(starts) - 1
    tied = np.flatnonzero(np.bincount(group)[group] > 1)
    if len(tied):
        tied_rank = np.empty(len(tied), dtype=np.int64)
        tied_rank[text_argsort(np.asarray(text, dtype=object)[order[tied]])] = np.arange(len(tied))
        order[tied] = order[tied][np.lexsort((tied_rank, group[tied]))]
    return order


def _clean_text(s: pd.Series) -> pd.Series:
    """Text as object dtype, missing as "", surrounding spaces removed.

    Strips each distinct value once (factorize), which matters for 100k+ rows of repeated names.
    """
    codes, uniques = pd.factorize(s.astype(object), use_na_sentinel=True)
    # code -1 (missing) picks the trailing ""
    cleaned = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    return pd.Series(cleaned[codes], index=s.index, dtype=object)


def empty_customer_table() -> pd.DataFrame:
    """The archive with no buyers (the columns customer_table returns)."""
    return customer_table(schema.empty_frame("orders"), ModelSettings(), pd.Timestamp("2000-01-01"))
