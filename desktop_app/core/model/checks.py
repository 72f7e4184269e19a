"""Order checks the supervisor runs every morning: unshipped (未发货), out of stock (缺货), unpaid (催付).

All three read the normalised frames of schema.py as they stood at ``as_of``: an order created after
``as_of`` is left out, an order paid after ``as_of`` was still unpaid then, and one shipped after
``as_of`` was still unshipped then (statuses themselves are not rewound: a closed order stays closed).
docs/metrics-orders-customers.md gives the definitions with worked examples.

order_checks is here; each list lives in its own module, re-exported here (callers import from checks):
checks_unshipped (未发货), checks_stock (缺货, remedies), checks_unpaid (催付), checks_ids (shared id ranks).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from . import order_rules
from .customers import as_of_or_newest
from .keys import OrderKeys
from .settings import ModelSettings
from .checks_ids import (  # noqa: F401 - re-exported: callers and tests import them from here
    _HOUR,
    _customer_rows,
    _order_id_ranks,
    _clean,
    _time_key,
    _rank_of,
    id_rank,
    _rank_clean_ids,
    _clean_ids,
    _digit_values,
    _empty,
)
from .checks_unshipped import (  # noqa: F401 - re-exported: callers and tests import them from here
    _unshipped_mask,
    _plus_hours,
    unshipped_orders,
    unshipped_base,
    unshipped_from,
)
from .checks_stock import (  # noqa: F401 - re-exported: callers and tests import them from here
    REFUND,
    SWAP,
    UPGRADE,
    COUPON,
    REMEDIES,
    REMEDY_LABELS,
    OUT_OF_STOCK_WORDS,
    _DEAD_LINE_WORDS,
    _OOS_ORDER_COLUMNS,
    _contains_any,
    _high_value_buyers,
    out_of_stock,
    _line_order_codes,
    _allocate,
)
from .checks_unpaid import (  # noqa: F401 - re-exported: callers and tests import them from here
    unpaid_orders,
    unpaid_base,
    unpaid_from,
)


def order_checks(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    inventory: pd.DataFrame,
    settings: ModelSettings,
    as_of: pd.Timestamp,
    customers: Optional[pd.DataFrame] = None,
    keys: Optional[OrderKeys] = None,
    customer_codes: Optional[np.ndarray] = None,
) -> dict[str, pd.DataFrame]:
    """The three morning lists: {"unshipped", "out_of_stock", "unpaid"}.

    ``customers`` (customer_table's frame) adds segment and level to the unpaid list and lets the
    out-of-stock remedy prefer a membership upgrade for high-value buyers. ``keys`` (keys.order_keys
    of ``orders`` and ``lines``) and ``customer_codes`` (each customer row's code in
    ``keys.buyer_names``, from customer_table_codes) spare hashing ids and buyers again.
    """
    as_of = as_of_or_newest(orders, as_of)
    if keys is None or customers is None or customer_codes is None or len(customer_codes) != len(customers):
        customer_codes = None
    # cash on delivery: paid at the door, so it waits to ship from its creation (never a 催付)
    ship = order_rules.cod_as_paid(orders)
    waiting = _unshipped_mask(ship, as_of).to_numpy()
    # 退款中: listed apart (shipping it may be wrong), never in the waiting-to-ship list
    pending = waiting & order_rules.refund_pending(orders)
    unshipped_mask = waiting & ~pending
    return {
        "unshipped": unshipped_orders(ship, settings, as_of, keys=keys, mask=unshipped_mask),
        "out_of_stock": out_of_stock(ship, lines, inventory, as_of, customers, keys=keys,
                                     customer_codes=customer_codes, mask=unshipped_mask),
        "unpaid": unpaid_orders(orders, settings, as_of, customers, keys=keys, customer_codes=customer_codes),
        "refund_pending": unshipped_orders(ship, settings, as_of, keys=keys, mask=pending),
    }
