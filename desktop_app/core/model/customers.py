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
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

import numpy as np
import pandas as pd

from .. import schema
from .keys import OrderKeys, clean_codes, text_argsort, time_order
from .keys import is_clean_text  # noqa: F401 - re-exported (tests and older callers import it from here)
from .results import CUSTOMER_COLUMNS
from .settings import ModelSettings

#: The eight segments, best first; (R better, F better, M better) for each.
SEGMENT_BITS: dict[str, tuple[bool, bool, bool]] = {
    "重要价值": (True, True, True),
    "重要发展": (True, False, True),
    "重要保持": (False, True, True),
    "重要挽留": (False, False, True),
    "一般价值": (True, True, False),
    "一般发展": (True, False, False),
    "一般保持": (False, True, False),
    "一般挽留": (False, False, False),
}
SEGMENTS: tuple[str, ...] = tuple(SEGMENT_BITS)
#: English labels for the segments (the UI translates through these; the data keeps the Chinese key).
SEGMENT_EN: dict[str, str] = {
    "重要价值": "High value",
    "重要发展": "High value, to develop",
    "重要保持": "High value, to keep in touch",
    "重要挽留": "High value, to win back",
    "一般价值": "Regular value",
    "一般发展": "Regular, to develop",
    "一般保持": "Regular, to keep in touch",
    "一般挽留": "Regular, to win back",
}
#: Segment of a buyer without a paid order in the look-back window (views show 无购买 / no purchase).
NO_SEGMENT = ""
NO_SEGMENT_LABEL = {"zh": "无购买", "en": "No purchase"}
#: Segments of buyers whose monetary value is at least average (the "重要" half of the table).
HIGH_VALUE_SEGMENTS = frozenset(s for s, bits in SEGMENT_BITS.items() if bits[2])

#: Columns customer_table adds after results.CUSTOMER_COLUMNS.
EXTRA_CUSTOMER_COLUMNS = ["r_up", "f_up", "m_up", "level_value", "level_computed", "platform"]
#: The unmasked contact columns of the archive (mask_contacts masks them).
CONTACT_COLUMNS = ("receiver_name", "receiver_phone", "receiver_address")

_BITS_TO_SEGMENT = {bits: name for name, bits in SEGMENT_BITS.items()}
_PAID_STATUSES = (schema.PAID_UNSHIPPED, schema.SHIPPED, schema.COMPLETED)
_DAY = pd.Timedelta(days=1)


# --------------------------------------------------------------------------------------------
# order-level helpers shared with checks.py


def payment_times(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Payment time of each order as of ``as_of``; NaT when the order was not paid by then.

    An order whose status says paid but whose payment time is blank uses its creation time.
    """
    paid = orders["paid"]
    status_paid = orders["status"].isin(_PAID_STATUSES)
    t = paid.where(paid.notna(), orders["created"].where(status_paid))
    return t.where(t <= as_of)


def is_paid_as_of(orders: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """True for orders paid at or before ``as_of`` (status paid without a time counts via created)."""
    status_paid = orders["status"].isin(_PAID_STATUSES)
    t = payment_times(orders, as_of)
    # a status-paid order with neither a paid nor a created time is paid but undated
    undated = status_paid & orders["paid"].isna() & orders["created"].isna()
    return t.notna() | undated


def as_of_or_newest(orders: pd.DataFrame, as_of) -> pd.Timestamp:
    """``as_of``, or (when it is missing/NaT) the newest order timestamp, or a far date if there is none.

    compute() always passes a real as-of time; this only keeps direct callers with data that has no
    times at all from failing (nothing dated can then be late, due or scored anyway).
    """
    ts = pd.Timestamp(as_of) if as_of is not None else pd.NaT
    if not pd.isna(ts):
        return ts
    newest = pd.concat([orders[c] for c in ("created", "paid", "shipped") if c in orders.columns]).max()
    return pd.Timestamp(newest) if not pd.isna(newest) else pd.Timestamp("2200-01-01")


def order_times(orders: pd.DataFrame) -> pd.Series:
    """When the order happened: created, or paid when the export has no creation time."""
    return orders["created"].where(orders["created"].notna(), orders["paid"])


# --------------------------------------------------------------------------------------------
# RFM


def quintile_scores(values, higher_is_better: bool = True) -> np.ndarray:
    """Scores 1-5 (5 = best) for ``values``; NaN stays NaN.

    ``1 + floor(5 * percent_rank)`` capped at 5, with percent_rank = (rank_min - 1) / (n - 1),
    rank 1 = worst. Ties share the lowest rank of their group, so equal values score the same.
    Integer arithmetic keeps the edges exact. A lone value scores 3 (nothing to compare with).
    """
    v = np.asarray(values, dtype="float64")
    out = np.full(v.shape, np.nan)
    ok = ~np.isnan(v)
    n = int(ok.sum())
    if n == 0:
        return out
    if n == 1:
        out[ok] = 3.0
        return out
    good = v[ok] if higher_is_better else -v[ok]
    rank_min = pd.Series(good).rank(method="min").to_numpy().astype(np.int64)
    out[ok] = np.minimum(5, 1 + (5 * (rank_min - 1)) // (n - 1))
    return out


def better_than_mean(values, higher_is_better: bool = True) -> np.ndarray:
    """True where a value is strictly better than the mean of the non-NaN values (↑); NaN -> False.

    A value equal to the mean (within float noise) is not better (domain.md: ↑ is strict)."""
    v = np.asarray(values, dtype="float64")
    ok = ~np.isnan(v)
    out = np.zeros(v.shape, dtype=bool)
    if not ok.any():
        return out
    mean = float(v[ok].mean())
    tol = 1e-9 * max(1.0, abs(mean))
    if higher_is_better:
        out[ok] = v[ok] > mean + tol
    else:
        out[ok] = v[ok] < mean - tol
    return out


def rfm_segments(recency_days, frequency, monetary) -> np.ndarray:
    """The eight segments by comparison with the population means; "" where RFM is NaN."""
    r = np.asarray(recency_days, dtype="float64")
    r_up = better_than_mean(r, higher_is_better=False)
    f_up = better_than_mean(frequency, higher_is_better=True)
    m_up = better_than_mean(monetary, higher_is_better=True)
    # code 0..7 from the three bits, then a lookup table: no Python loop over buyers
    code = (r_up.astype(int) << 2) | (f_up.astype(int) << 1) | m_up.astype(int)
    table = np.array(
        [_BITS_TO_SEGMENT[(bool(c >> 2 & 1), bool(c >> 1 & 1), bool(c & 1))] for c in range(8)],
        dtype=object,
    )
    out = table[code]
    out[np.isnan(r)] = NO_SEGMENT
    return out


# --------------------------------------------------------------------------------------------
# membership levels


def _sorted_levels(levels) -> list[tuple[str, float]]:
    # stable sort: the settings promise rising thresholds, but a hand-edited list may not be
    return sorted(((str(n), float(t)) for n, t in levels), key=lambda nt: nt[1])


def level_for(values, levels) -> np.ndarray:
    """Level name for each value: the highest level whose threshold is ≤ the value.

    Values below the first threshold (and NaN) get the first level.
    """
    lv = _sorted_levels(levels)
    if not lv:
        return np.full(np.shape(values), "", dtype=object)
    thresholds = np.array([t for _, t in lv])
    names = np.array([n for n, _ in lv], dtype=object)
    v = np.nan_to_num(np.asarray(values, dtype="float64"), nan=-np.inf)
    idx = np.clip(np.searchsorted(thresholds, v, side="right") - 1, 0, len(lv) - 1)
    return names[idx]


def keep_higher_levels(
    buyers, new_levels, previous_levels: Optional[Mapping[str, str]], levels
) -> np.ndarray:
    """Never lower a level: for each buyer, the higher (by rank in ``levels``) of new and previous.

    A previous level whose name is not in ``levels`` (renamed or removed in the settings) cannot be
    ranked and is ignored.
    """
    new_levels = np.asarray(new_levels, dtype=object)
    if not previous_levels:
        return new_levels
    lv = _sorted_levels(levels)
    rank = {n: i for i, (n, _) in enumerate(lv)}
    names = np.array([n for n, _ in lv], dtype=object)
    new_rank = pd.Series(new_levels).map(rank).fillna(-1).to_numpy(dtype=np.int64)
    old_rank = pd.Series(buyers).map(dict(previous_levels)).map(rank).fillna(-1).to_numpy(dtype=np.int64)
    best = np.maximum(new_rank, old_rank)
    return np.where(best >= 0, names[np.clip(best, 0, max(len(names) - 1, 0))], new_levels)


def apply_manual_levels(
    buyers, levels_now, computed, manual_levels: Optional[Mapping[str, tuple[str, str]]], levels
) -> np.ndarray:
    """Levels set by hand (which may be lower) stand until the buyer genuinely earns a higher one.

    ``manual_levels``: buyer -> (level set by hand, level computed when it was set). The computed
    level replaces the hand-set one only when it ranks above both (the store's rule, so the archive
    and the store agree). Buyers not in ``manual_levels`` keep ``levels_now``.
    """
    out = np.asarray(levels_now, dtype=object).copy()
    if not manual_levels:
        return out
    rank = {n: i for i, (n, _) in enumerate(_sorted_levels(levels))}
    where = pd.Index(buyers).get_indexer(list(manual_levels))  # few hand-set buyers: loop over them
    for i, (hand, auto_then) in zip(where, manual_levels.values()):
        if i < 0:
            continue
        r = rank.get(computed[i], -1)
        if not (r > rank.get(auto_then, -1) and r > rank.get(hand, -1)):
            out[i] = hand
    return out


# --------------------------------------------------------------------------------------------
# the archive


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


# --------------------------------------------------------------------------------------------
# masking (views and reports show masked contacts unless the user unmasks them)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def mask_phone(value) -> str:
    """``13812341234`` -> ``138****1234``.

    11 characters or more: the first 3 and last 4 stay, the rest becomes ``*`` (so ``+86`` numbers
    hide more). Shorter numbers keep a quarter at each end (``88886666`` -> ``88****66``), so a
    short number never shows most of its digits. Empty stays empty; already masked text is kept.
    """
    s = _text(value)
    if not s or "*" in s:
        return s
    n = len(s)
    if n >= 11:
        return s[:3] + "*" * (n - 7) + s[-4:]
    k = n // 4
    return s[:k] + "*" * (n - 2 * k) + (s[n - k:] if k else "")


def mask_name(value) -> str:
    """``张三丰`` -> ``张**``; ``John Smith`` -> ``J*** *****``: the first character stays."""
    s = _text(value)
    if not s or "*" in s:
        return s
    if len(s) == 1:
        return "*"
    return s[0] + re.sub(r"\S", "*", s[1:])


_CJK = re.compile(r"[\u4e00-\u9fff]")
# the district-level unit ends the part that stays; 自治区 is a province, 小区/社区/园区 are estates
_DISTRICT = re.compile(r"(?<![治小社园])区|县|旗")
_CITY = re.compile(r"市")


def mask_address(value) -> str:
    """Keep the region, hide the street: ``浙江省杭州市西湖区文三路100号`` -> ``浙江省杭州市西湖区****``.

    Chinese: everything after the first 区/县/旗 within the first 15 characters is hidden; else after
    the last 市 within the first 12; else after the first 6 characters. Other scripts: the first
    comma-separated part (street) is hidden: ``1 Main St, Springfield, IL`` -> ``****, Springfield, IL``.
    """
    s = _text(value)
    if not s or "****" in s:
        return s
    if _CJK.search(s):
        m = _DISTRICT.search(s[:15])
        if m:
            cut = m.end()
        else:
            cities = list(_CITY.finditer(s[:12]))
            cut = cities[-1].end() if cities else min(6, len(s))
        head = s[:cut]
        return head + "****" if len(s) > cut else head
    parts = [p.strip() for p in s.split(",")]
    if len(parts) >= 2:
        return ", ".join(["****"] + [p for p in parts[1:] if p])
    return (s[:6] + "****") if len(s) > 6 else "****"


def mask_contacts(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with receiver_name / receiver_phone / receiver_address masked (if present)."""
    out = frame.copy()
    for col, fn in (("receiver_name", mask_name), ("receiver_phone", mask_phone),
                    ("receiver_address", mask_address)):
        if col in out.columns:
            # mask each distinct value once (names and cities repeat a lot)
            codes, uniques = pd.factorize(out[col].astype(object), use_na_sentinel=True)
            masked = np.array([fn(v) for v in uniques] + [""], dtype=object)
            out[col] = pd.Series(masked[codes], index=out.index, dtype=object)
    return out
