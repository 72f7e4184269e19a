"""A Dataset's prepared keys (keys.DatasetKeys) from integer codes its reader already has, without hashing text.

The store keeps every buyer, agent, order id, platform and chat shop name as a code of a dictionary
(store/key_codes.py). Reading a range hands the rows' codes to ``keys_from_codes``, which makes exactly
what keys.prepare_keys would make by hashing the text: the same codes (numbered in order of first
appearance, as factorising the text numbers them), the same names (the frames' own text at each code's
first row: no dictionary is read), the same cleaning (stripped text) and digit-id numbers. Factorising
integers is many times cheaper than hashing millions of Python strings; only the distinct names are
looked at as text.
The receivers' contacts, the buyers' text order and the orders' time order are worked out as
prepare_keys does (keys.assemble_keys).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .conversations import MessageKeys
from .keys import DatasetKeys, OrderKeys, assemble_keys, clean_from_codes, digit_codes


@dataclass(frozen=True)
class StoredCodes:
    """The codes of a Dataset's rows: equal codes exactly where the frames' text is equal.

    Per row of ``orders``: ``order_buyer``, ``order_id``, ``order_platform``; per row of ``lines``:
    ``line_order_id``, ``line_platform``; per row of ``messages``: ``message_buyer``, ``agent``,
    ``message_shop`` (any integers: a store's dictionary codes). The names come from the frames' own
    text, at the first row of each code.
    """

    order_buyer: np.ndarray
    order_id: np.ndarray
    order_platform: np.ndarray
    line_order_id: np.ndarray
    line_platform: np.ndarray
    message_buyer: np.ndarray
    agent: np.ndarray
    message_shop: np.ndarray


def first_appearance(codes: np.ndarray, text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes numbered in order of first appearance, the text of each): what factorising the text gives.

    ``text`` is the rows' text (``codes`` equal exactly where it is equal); each name is read at the
    row where its code first appears (a code appears first where it exceeds every code before it).
    """
    renumbered, _ = pd.factorize(np.asarray(codes, dtype=np.int64))
    renumbered = renumbered.astype(np.int64, copy=False)
    if not len(renumbered):
        return renumbered, np.zeros(0, dtype=object)
    first = np.empty(len(renumbered), dtype=bool)
    first[0] = True
    first[1:] = renumbered[1:] > np.maximum.accumulate(renumbered)[:-1]
    return renumbered, np.asarray(text, dtype=object)[np.flatnonzero(first)]


def _text(frame, column: str) -> np.ndarray:
    return frame[column].to_numpy(dtype=object) if len(frame) else np.zeros(0, dtype=object)


def _joint(order_codes: np.ndarray, line_codes: np.ndarray, order_text: np.ndarray, line_text: np.ndarray,
           digits: bool = False):
    """As keys._joint (order codes, line codes -1 where no order has the value, uniques, line codes,
    numbers or None), from the rows' codes."""
    codes, uniques = first_appearance(np.concatenate([order_codes, line_codes]),
                                      np.concatenate([order_text, line_text]))
    found = digit_codes(uniques) if digits else None
    if found is not None:
        # every value a plain decimal id: digit_codes of all the values numbers them in order of first
        # appearance too, with these uniques (its codes of the distinct values are 0, 1, 2, ...)
        numbers = found[2]
    else:
        codes, uniques = clean_from_codes(codes, uniques)
        numbers = None
    o, ln = codes[: len(order_codes)], codes[len(order_codes):]
    in_orders = np.zeros(len(uniques), dtype=bool)
    in_orders[o] = True
    return o, np.where(in_orders[ln], ln, -1), uniques, ln, numbers


def keys_from_codes(dataset, stored: StoredCodes) -> DatasetKeys:
    """``dataset``'s prepared keys from its rows' codes; kept on ``dataset.model_keys`` as prepare_keys does."""
    orders, lines, messages = dataset.orders, dataset.lines, dataset.messages
    n_msg = len(messages)
    b_codes, b_uniques = first_appearance(np.concatenate([stored.message_buyer, stored.order_buyer]),
                                          np.concatenate([_text(messages, "buyer"), _text(orders, "buyer")]))
    m_codes, o_codes = b_codes[:n_msg].copy(), b_codes[n_msg:]
    names = pd.Index(b_uniques, dtype=object)
    buyer, buyer_names = clean_from_codes(o_codes, b_uniques)
    p_codes, lp_codes, p_names, lp_all, _ = _joint(stored.order_platform, stored.line_platform,
                                                   _text(orders, "platform"), _text(lines, "platform"))
    i_codes, li_codes, i_names, _, i_numbers = _joint(stored.order_id, stored.line_order_id,
                                                      _text(orders, "order_id"), _text(lines, "order_id"),
                                                      digits=True)
    blank = (p_names == "")[lp_all] if len(lines) and "platform" in lines.columns \
        else np.ones(len(lines), dtype=bool)
    keys = OrderKeys(buyer=buyer, buyer_names=buyer_names, platform=p_codes, platform_names=p_names,
                     order_id=i_codes, id_names=i_names, line_platform=lp_codes, line_order_id=li_codes,
                     line_blank_platform=blank, id_numbers=i_numbers)
    agent, agent_names = first_appearance(stored.agent, _text(messages, "agent"))
    shop, shop_names = first_appearance(stored.message_shop, _text(messages, "shop"))
    is_buyer = messages["sender"].to_numpy(dtype=object) == "buyer" if n_msg else np.zeros(0, dtype=bool)
    chat_keys = MessageKeys(agent=agent.astype(np.int32), agent_names=agent_names,
                            shop=shop.astype(np.int32), shop_names=shop_names,
                            is_buyer=np.asarray(is_buyer, dtype=bool))
    return assemble_keys(dataset, m_codes, o_codes, names, keys, chat_keys)
