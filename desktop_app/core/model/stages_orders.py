"""The order-side stages of the stage graph (model/stages.py): customers, the order checks split by the
settings each list reads, product refunds, and the order-side parts of the shop figures.

checks.order_checks is one call in compute(); here its lists are stages of their own, so moving a
催付 hour reruns the unpaid list only, the shipping promise the unshipped lists only.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from . import checks as checks_mod
from . import customers as customers_mod
from . import order_rules
from .availability import lacking
from .customers import as_of_or_newest
from .kpis import add_check_counts, product_refunds
from .service_figures import add_order_notes

CUSTOMER_FIELDS = frozenset({"rfm_lookback_days", "level_basis", "levels", "level_period_days"})
UNSHIPPED_FIELDS = frozenset({"shipping_promise_h"})
UNPAID_FIELDS = frozenset({"reminder_new_h", "reminder_returning_h", "unpaid_close_hours"})


def customers(ctx):
    i = ctx.out["inputs"]
    table, codes = customers_mod.customer_table_codes(i.orders, ctx.settings, i.as_of,
                                                      previous_levels=ctx.previous_levels,
                                                      keys=ctx.out["order_keys"])
    return SimpleNamespace(customers=table, codes=codes)


def check_prep(ctx):
    """What checks.order_checks works out before its lists (no settings)."""
    i, c, keys = ctx.out["inputs"], ctx.out["customers"], ctx.out["order_keys"]
    as_of = as_of_or_newest(i.orders, i.as_of)
    codes = c.codes
    if keys is None or c.customers is None or codes is None or len(codes) != len(c.customers):
        codes = None
    ship = order_rules.cod_as_paid(i.orders)
    waiting = checks_mod._unshipped_mask(ship, as_of).to_numpy()
    pending = waiting & order_rules.refund_pending(i.orders)
    return SimpleNamespace(as_of=as_of, customer_codes=codes, ship=ship, pending=pending,
                           unshipped_mask=waiting & ~pending)


def unshipped_base(ctx):
    """checks.unshipped_base of the waiting and the refund-pending orders (no settings)."""
    p, keys = ctx.out["check_prep"], ctx.out["order_keys"]
    return SimpleNamespace(unshipped=checks_mod.unshipped_base(p.ship, p.as_of, keys=keys, mask=p.unshipped_mask),
                           refund_pending=checks_mod.unshipped_base(p.ship, p.as_of, keys=keys, mask=p.pending))


def unshipped(ctx):
    b = ctx.out["unshipped_base"]
    return SimpleNamespace(unshipped=checks_mod.unshipped_from(b.unshipped, ctx.settings),
                           refund_pending=checks_mod.unshipped_from(b.refund_pending, ctx.settings))


def out_of_stock(ctx):
    i, p = ctx.out["inputs"], ctx.out["check_prep"]
    return checks_mod.out_of_stock(p.ship, i.lines, ctx.dataset.inventory, p.as_of, ctx.out["customers"].customers,
                                   keys=ctx.out["order_keys"], customer_codes=p.customer_codes, mask=p.unshipped_mask)


def unpaid_base(ctx):
    """checks.unpaid_base: the unpaid orders, returning buyers, segments and levels (no settings)."""
    i, p = ctx.out["inputs"], ctx.out["check_prep"]
    return checks_mod.unpaid_base(i.orders, p.as_of, ctx.out["customers"].customers, keys=ctx.out["order_keys"],
                                  customer_codes=p.customer_codes)


def unpaid(ctx):
    return checks_mod.unpaid_from(ctx.out["unpaid_base"], ctx.settings)


def checks(ctx):
    """The lists as order_checks returns them."""
    u = ctx.out["unshipped"]
    return {"unshipped": u.unshipped, "out_of_stock": ctx.out["out_of_stock"], "unpaid": ctx.out["unpaid"],
            "refund_pending": u.refund_pending}


def refunds(ctx):
    i = ctx.out["inputs"]
    return product_refunds(i.lines, i.kpi_orders, keys=ctx.out["order_keys"])


def shop_checks(ctx):
    """The shop figures with the open check items counted in (kpis.add_check_counts)."""
    shop, shop_days = ctx.out["shop"]
    return add_check_counts(shop, shop_days, ctx.out["checks"], counts=ctx.out["check_counts"])


def order_notes(ctx):
    """service_figures.add_order_notes' counts from the orders alone (``finish`` adds the two from the lists)."""
    i = ctx.out["inputs"]
    notes: dict = {}
    add_order_notes(notes, i.kpi_orders, i.not_a_sale, {}, i.as_of)
    return notes


def check_notes(checks: dict) -> dict:
    """add_order_notes' counts from the lists (unpaid closed, refund pending)."""
    notes: dict = {}
    add_order_notes(notes, pd.DataFrame({"created": [], "paid": [], "buyer": []}), 0, checks, None)
    return {k: notes[k] for k in ("unpaid_closed", "refund_pending")}


def team(ctx):
    """kpis.add_team_conversion's distinct (inquiry day, buyer) pairs with a paid attributed order."""
    import numpy as np

    from .attribution import unique_sorted
    from .conversations import factorize_text

    attribution = ctx.out["attribution"].attribution
    if not len(attribution):
        return SimpleNamespace(paying=0.0, by_day=pd.Series([], dtype="float64"))
    paid = attribution["is_paid"].to_numpy(dtype=bool)
    day = pd.to_datetime(attribution["inquiry_day"]).to_numpy(dtype="datetime64[ns]")[paid].view(np.int64)
    buyer = attribution["buyer"]
    codes = (np.asarray(buyer.cat.codes, dtype=np.int64) if isinstance(buyer.dtype, pd.CategoricalDtype)
             else factorize_text(buyer.to_numpy(dtype=object))[0].astype(np.int64))[paid]
    if not len(day):
        return SimpleNamespace(paying=0.0, by_day=pd.Series([], dtype="float64"))
    # the distinct (day, buyer) pairs, as integers (a missing buyer is one buyer, a missing day one day)
    days, day_of = np.unique(day, return_inverse=True)
    codes = codes - codes.min()
    nb = int(codes.max()) + 1
    pairs = unique_sorted(day_of.astype(np.int64) * nb + codes)
    counts = np.bincount(pairs // nb, minlength=len(days)).astype("float64")
    dated = days != np.iinfo(np.int64).min
    return SimpleNamespace(paying=float(len(pairs)),
                           by_day=pd.Series(counts[dated], index=pd.DatetimeIndex(days[dated].view("datetime64[ns]"))))


def add_team(shop: dict, shop_days: pd.DataFrame, t) -> None:
    """The rest of kpis.add_team_conversion (with attribution), in place."""
    import numpy as np

    paying, by_day = t.paying, t.by_day
    inquiring = float(shop.get("inquiring_buyers") or 0)
    shop["inquiry_paying_buyers"] = int(round(paying)) if paying == int(paying) else paying
    shop["conversion_rate"] = paying / inquiring if inquiring > 0 else float("nan")
    if len(shop_days):
        per_day = by_day.reindex(pd.to_datetime(shop_days["day"])).fillna(0.0).to_numpy(dtype="float64")
        inq = shop_days["inquiring_buyers"].to_numpy(dtype="float64")
        shop_days["inquiry_paying_buyers"] = per_day
        with np.errstate(divide="ignore", invalid="ignore"):
            shop_days["conversion_rate"] = np.where(inq > 0, per_day / np.where(inq > 0, inq, 1), np.nan)


def needs(ctx):
    """availability.lacking: what the inputs cannot support."""
    i = ctx.out["inputs"]
    return lacking(i.orders, i.messages)
