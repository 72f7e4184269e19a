"""The text keys of one model run (buyer ids, order ids, platforms), hashed once and shared.

Every stage of compute() groups or joins on the same three text columns of the orders (and the order
lines): customers group by buyer, 催付 looks up each buyer's first payment, the out-of-stock check and
the product refunds join lines to orders by (platform, order id). Hashing a million Python strings
costs a good part of a second each time, so compute() turns them into integer codes once, here, and
the stages take the codes instead of the text. Every stage still works on its own without them (its
public function hashes the text itself when no ``OrderKeys`` is passed), and both ways give the same
result: the codes are those of the *stripped* text, missing as "", exactly as ``clean_codes`` makes
them.
"""

from __future__ import annotations

import weakref
from collections import abc
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping, Optional

import numpy as np
import pandas as pd

from .conversations import MessageKeys, factorize_text, hash_factorize, message_keys


@dataclass(frozen=True)
class OrderKeys:
    """Integer codes of the orders' (and lines') text keys; ``names[codes]`` is the stripped text."""

    #: per order row: code of its stripped buyer id in ``buyer_names`` ("" = no buyer id)
    buyer: np.ndarray
    buyer_names: np.ndarray
    #: per order row: code of its stripped platform in ``platform_names``
    platform: np.ndarray
    platform_names: np.ndarray
    #: per order row: code of its stripped order id in ``id_names`` (which also holds ids that only
    #: order lines mention)
    order_id: np.ndarray
    id_names: np.ndarray
    #: per line row: code of its platform in ``platform_names``, -1 when no order has that platform
    line_platform: np.ndarray
    #: per line row: code of its order id in ``id_names``, -1 when no order has that id
    line_order_id: np.ndarray
    #: per line row: the line names no platform (a line file without a platform column)
    line_blank_platform: np.ndarray
    #: when every id is a plain decimal number (the usual case): each of ``id_names`` as a number,
    #: which orders the ids as id_rank does (digit ids compare as numbers); else None
    id_numbers: Optional[np.ndarray] = None
    #: each of ``buyer_names``' place in text order (prepare_keys works it out once per dataset, so a
    #: model run need not sort buyer names); None when not worked out
    buyer_rank: Optional[np.ndarray] = None
    #: the order rows by order time (created, else paid; undated first), stably: time_order of all the
    #: orders (prepare_keys works it out once per dataset); None when not worked out
    time_order: Optional[np.ndarray] = None
    #: other text columns of the orders as clean codes, column -> (codes per order row, names):
    #: prepare_keys codes the receiver's name, phone and address (the customer archive shows each
    #: buyer's latest one); None when not worked out
    text_columns: Optional[Mapping[str, tuple[np.ndarray, np.ndarray]]] = None

    @property
    def n_orders(self) -> int:
        return len(self.order_id)


def is_clean_text(values: np.ndarray) -> bool:
    """True when every value is a str that ``str.strip()`` would leave as it is.

    CPython's ``strip()`` hands back the very same object when there is nothing to strip, so one
    identity test per value decides it (600k ids: ~0.03 s, cheaper than any copy into numpy text).
    """
    return all(type(v) is str and v.strip() is v for v in values)


def clean_from_codes(codes: np.ndarray, uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of a factorisation (-1 = missing) -> codes of the stripped text, missing as "".

    Values that only differ by surrounding spaces are merged on the (far fewer) distinct values. The
    result's codes are int64 and never -1; its uniques are distinct str.
    """
    codes = np.asarray(codes).astype(np.int64)  # a copy: the caller's codes stay as they are
    uniques = np.asarray(uniques, dtype=object)
    # the usual case (ids): nothing to strip, so the uniques are already clean and distinct;
    # tested in C instead of stripping each value in Python
    if is_clean_text(uniques):
        clean_uniques = uniques
        missing = codes < 0
        if missing.any():
            empty = np.flatnonzero(clean_uniques == "")
            if len(empty):
                codes[missing] = empty[0]
            else:
                codes[missing] = len(clean_uniques)
                clean_uniques = np.append(clean_uniques, np.array([""], dtype=object))
        return codes, clean_uniques
    stripped = [str(u).strip() for u in uniques]
    merged, clean_uniques = pd.factorize(np.array(stripped + [""], dtype=object))
    # code -1 (missing) picks the trailing "" through merged[-1]
    return merged[codes].astype(np.int64), np.asarray(clean_uniques, dtype=object)


def clean_codes(text) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques) of the stripped text, missing as "": ``uniques[codes]`` is the cleaned text.

    One hash pass over the rows, then clean_from_codes on the distinct values.
    """
    codes, uniques = hash_factorize(np.asarray(text, dtype=object))
    return clean_from_codes(codes, uniques)


def _column(frame: Optional[pd.DataFrame], col: str) -> np.ndarray:
    if frame is None or col not in frame.columns:
        return np.full(0 if frame is None else len(frame), "", dtype=object)
    return frame[col].to_numpy(dtype=object)


#: 10**k for k = 0..19 (uint64 holds every number below 2**64, some of 20 digits)
_POW10 = np.array([10**k for k in range(20)], dtype=np.uint64)


def digit_codes(values: np.ndarray) -> Optional[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(codes, uniques, numbers) when every value is a plain decimal id, else None.

    Platform order ids are digit strings ("2000000004610214358"): read as uint64 they factorise as
    integers, about twice as fast as hashing the text, and their numbers order them for free. Only
    str values that are exactly the number written out qualify: ASCII digits, no sign, spaces,
    underscores or leading zeros (so two different texts never share a number), up to 2**64 - 1
    (20 digits). Anything else (other text, numbers, missing values) returns None.
    """
    n = len(values)
    if n == 0 or not (isinstance(values[0], str) and values[0].isascii() and values[0].isdigit()):
        return None
    try:
        numbers = values.astype(np.uint64)
        # str.isascii/len on a value that is not a str (an int or float id) raise TypeError
        if not all(map(str.isascii, values)):
            return None
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
    except (ValueError, TypeError, OverflowError):
        return None
    # digits of each number (0 has one); equal to the text's length only for the plain form
    n_digits = np.maximum(np.searchsorted(_POW10, numbers, side="right"), 1)
    if not (n_digits == lengths).all():
        return None
    codes, unique_numbers = pd.factorize(numbers)
    codes = codes.astype(np.int64, copy=False)
    # codes count up in order of first appearance: a code appears first where it exceeds the running max
    first = np.r_[True, codes[1:] > np.maximum.accumulate(codes)[:-1]] if n > 1 else np.ones(1, bool)
    uniques = values[np.flatnonzero(first)]
    if len(uniques) != len(unique_numbers):
        return None
    return codes, np.asarray(uniques, dtype=object), np.asarray(unique_numbers, dtype=np.uint64)


def _joint(order_values: np.ndarray, line_values: np.ndarray, digits: bool = False):
    """Clean codes of the orders' and the lines' values in one hash pass: (order codes, line codes -1
    where no order has the value, uniques, line codes, numbers of the uniques or None).

    ``digits``: try digit_codes first (order ids)."""
    values = np.concatenate([order_values, line_values])
    found = digit_codes(values) if digits else None
    if found is not None:
        codes, uniques, numbers = found
    else:
        (codes, uniques), numbers = clean_codes(values), None
    o, ln = codes[: len(order_values)], codes[len(order_values):]
    in_orders = np.zeros(len(uniques), dtype=bool)
    in_orders[o] = True
    return o, np.where(in_orders[ln], ln, -1), uniques, ln, numbers


def order_keys(orders: pd.DataFrame, lines: Optional[pd.DataFrame] = None,
               buyers: Optional[tuple[np.ndarray, np.ndarray]] = None) -> OrderKeys:
    """The keys of ``orders`` (and ``lines``).

    ``buyers``: a factorisation (codes per order row, -1 = missing, and uniques) of the raw buyer
    column done by the caller (compute() factorises chat and order buyers together); it is only
    cleaned here, not hashed again.
    """
    if buyers is None:
        b_codes, b_names = clean_codes(_column(orders, "buyer"))
    else:
        b_codes, b_names = clean_from_codes(*buyers)
    lines = lines if lines is not None else pd.DataFrame()
    p_codes, lp_codes, p_names, lp_all, _ = _joint(_column(orders, "platform"), _column(lines, "platform"))
    i_codes, li_codes, i_names, _, i_numbers = _joint(_column(orders, "order_id"), _column(lines, "order_id"),
                                                      digits=True)
    # blank: "" after stripping, or missing (a line file without a platform column is all blank)
    blank = (p_names == "")[lp_all] if len(lines) and "platform" in lines.columns \
        else np.ones(len(lines), dtype=bool)
    return OrderKeys(
        buyer=b_codes, buyer_names=b_names,
        platform=p_codes, platform_names=p_names,
        order_id=i_codes, id_names=i_names,
        line_platform=lp_codes, line_order_id=li_codes, line_blank_platform=blank, id_numbers=i_numbers,
    )


def text_argsort(values: np.ndarray) -> np.ndarray:
    """Stable argsort of text in Python's order (by code point), on a fixed-width unicode copy.

    Sorting Python objects compares them one call at a time; numpy's unicode arrays compare in C
    (600k ids: ~4x faster). numpy drops trailing NUL characters, so text with NUL (never a real id)
    and anything that is not text sort as objects.
    """
    values = np.asarray(values, dtype=object)
    if len(values) == 0:
        return np.zeros(0, dtype=np.intp)
    if pd.api.types.infer_dtype(values, skipna=False) == "string" and "\x00" not in "".join(values):
        return np.argsort(values.astype(str), kind="stable")
    return np.argsort(values, kind="stable")


def time_order(when: np.ndarray) -> np.ndarray:
    """Stable ascending order of datetime64[ns] times, NaT first (numpy would sort it last)."""
    when = np.asarray(when, dtype="datetime64[ns]")
    return np.argsort(np.where(np.isnat(when), np.datetime64("1677-09-22", "ns"), when), kind="stable")


def buyer_codes(messages: pd.DataFrame, orders: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """One factorisation of chat and order buyers together: (message codes, order codes, names).

    A buyer who never chatted has a code too (attribution simply finds no turns for it), so no later
    step hashes buyer names again. Missing values read as "".
    """
    m_buyers = messages["buyer"].to_numpy(dtype=object) if len(messages) else np.zeros(0, dtype=object)
    o_buyers = orders["buyer"].to_numpy(dtype=object) if len(orders) else np.zeros(0, dtype=object)
    codes, names = factorize_text(np.concatenate([m_buyers, o_buyers]))
    return codes[: len(m_buyers)], codes[len(m_buyers):].astype(np.int64), pd.Index(names, dtype=object)


@dataclass(frozen=True)
class DatasetKeys:
    """The integer codes of a Dataset's text keys: everything a model run would otherwise hash.

    Made by prepare_keys when the data is loaded; compute() takes its codes instead of hashing the
    ids again as long as the Dataset still holds the very frames they were made from (``fits``), so a
    recompute (a changed setting, a second run on the same range) costs no hashing at all. The frames
    are held weakly (a replaced frame is not kept alive by its old codes) and every array here is
    read-only (no model step may change them: runs on one Dataset share them).
    """

    #: weak references to the messages, orders and lines frames, and their lengths then
    frames: tuple
    lengths: tuple
    #: buyer_codes(messages, orders): per message row / per order row, codes in ``buyer_names``
    message_buyer: np.ndarray
    order_buyer: np.ndarray
    buyer_names: pd.Index
    #: order_keys(orders, lines) with the buyers above, and the buyers' text order
    order_keys: OrderKeys
    #: the chat log's agents, shops and senders as codes (int32 agent and shop codes only ever index
    #: or are factorised; never multiply them: numpy keeps int32 * int in int32)
    message_keys: MessageKeys

    def fits(self, messages: pd.DataFrame, orders: pd.DataFrame, lines: pd.DataFrame) -> bool:
        """True when these are the frames the codes were made from (the same objects, same lengths)."""
        now = (messages, orders, lines)
        return all(ref() is frame for ref, frame in zip(self.frames, now)) and \
            tuple(len(f) for f in now) == self.lengths


def _read_only(value):
    """``value`` with every numpy array in it (also inside dataclasses, mappings and tuples) made read-only."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, (tuple, list)):
        for v in value:
            _read_only(v)
    elif isinstance(value, abc.Mapping):
        for v in value.values():
            _read_only(v)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            _read_only(getattr(value, name))
    return value


#: the orders' text columns prepare_keys codes besides the keys (customers.CONTACT_COLUMNS)
PREPARED_TEXT_COLUMNS = ("receiver_name", "receiver_phone", "receiver_address")


def prepare_keys(dataset) -> DatasetKeys:
    """Hash ``dataset``'s text keys once and keep the codes on it (``dataset.model_keys``).

    What it works out: the buyers, the orders' and lines' ids and platforms (what one model run would
    hash), the chat log's agents, shops and senders, the receivers' name, phone and address, the
    buyers' text order and the orders' time order. 1 M orders and 5 M messages: about 3 s. Every model
    run on this Dataset afterwards skips all of it. The frames must not be changed in place afterwards
    (a frame replaced by another object, or of another length, is noticed: its codes are not used).
    """
    messages, orders, lines = dataset.messages, dataset.orders, dataset.lines
    found = prepared_keys(dataset, messages, orders, lines)
    if found is not None:  # already made (from the store's codes: model/coded_keys.py)
        return found
    m_codes, o_codes, names = buyer_codes(messages, orders)
    m_codes = m_codes.copy()  # a slice of the joint codes: do not keep the order part twice
    keys = order_keys(orders, lines, buyers=(o_codes, names))
    return assemble_keys(dataset, m_codes, o_codes, names, keys, message_keys(messages))


def assemble_keys(dataset, m_codes: np.ndarray, o_codes: np.ndarray, names: pd.Index, keys: OrderKeys,
                  chat_keys: MessageKeys) -> DatasetKeys:
    """prepare_keys' end: the buyers' text order, the contacts' codes, the time order, kept on ``dataset``."""
    messages, orders, lines = dataset.messages, dataset.orders, dataset.lines
    rank = np.empty(len(keys.buyer_names), dtype=np.int64)
    rank[text_argsort(keys.buyer_names)] = np.arange(len(rank))
    text_columns = MappingProxyType({col: clean_codes(_column(orders, col)) for col in PREPARED_TEXT_COLUMNS})
    from .customers import order_times  # customers imports this module

    by_time = time_order(order_times(orders).to_numpy(dtype="datetime64[ns]")) if len(orders) else \
        np.zeros(0, dtype=np.int64)
    prepared = DatasetKeys(frames=(weakref.ref(messages), weakref.ref(orders), weakref.ref(lines)),
                           lengths=(len(messages), len(orders), len(lines)),
                           message_buyer=m_codes, order_buyer=o_codes, buyer_names=names,
                           order_keys=replace(keys, buyer_rank=rank, text_columns=text_columns,
                                              time_order=by_time),
                           message_keys=chat_keys)
    _read_only(prepared)
    dataset.model_keys = prepared
    return prepared


def prepared_keys(dataset, messages: pd.DataFrame, orders: pd.DataFrame,
                  lines: pd.DataFrame) -> Optional[DatasetKeys]:
    """``dataset``'s prepared keys when they fit these frames (the ones a run is about to use), else None."""
    found = getattr(dataset, "model_keys", None)
    return found if isinstance(found, DatasetKeys) and found.fits(messages, orders, lines) else None
