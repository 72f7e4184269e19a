"""Money rounded to the cent in every output (issue 11): the JSON, the Excel report and the window all
read Results, so the amounts are rounded there, once, at the end of a run.

Sums are worked out at full precision and rounded at output: no float noise such as
``1902487.149999998``. Per-day values are rounded each on its own (their sum may differ from the
rounded total by a cent, as on any receipt).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: money figures of the shop dict and shop_days
SHOP_MONEY = ("sales", "silent_sales", "inquiry_sales", "agent_sales", "refund_amount", "aov")
#: money columns of the agents, agent_days, customers, lists and product refunds
FRAME_MONEY = ("sales", "aov", "price_per_item", "refund_amount", "paid_amount", "monetary", "amount")


def cents(value):
    """A float rounded to the cent (None and NaN kept)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (float, np.floating)):
        return float(round(float(value), 2)) if np.isfinite(value) else value
    return value


def round_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its money columns rounded to the cent (a new frame; the same one when it has none)."""
    return _round_frame(frame)


def _round_frame(frame: pd.DataFrame) -> pd.DataFrame:
    if frame is None or not len(frame):
        return frame
    cols = [c for c in FRAME_MONEY + SHOP_MONEY if c in frame.columns
            and pd.api.types.is_float_dtype(frame[c].dtype)]
    if not cols:
        return frame
    out = frame.copy(deep=False)
    for c in cols:
        out[c] = frame[c].round(2)
    return out


def round_money(results, rounded: tuple = ()) -> None:
    """Round every money figure of ``results`` to the cent, in place (``rounded``: frames already rounded
    with round_frame, left as they are)."""
    for k in SHOP_MONEY:
        if k in results.shop:
            results.shop[k] = cents(results.shop[k])
    for name in ("shop_days", "agents", "agent_days", "customers", "unshipped", "unpaid", "product_refunds",
                 "attribution", "refund_pending"):
        if name in rounded:
            continue
        frame = getattr(results, name, None)
        if isinstance(frame, pd.DataFrame):
            setattr(results, name, _round_frame(frame))
