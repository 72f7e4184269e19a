"""The as-of time of a model run and the data as it was then (compute() and the stage graph's ``inputs``)."""

from __future__ import annotations

from typing import Optional

import pandas as pd

from ..dataset import Dataset
from .settings import ModelSettings


def data_as_of(dataset: Dataset) -> Optional[pd.Timestamp]:
    """The newest timestamp in the data (order created/paid/shipped, message time), or None."""
    newest = []
    for frame, cols in ((dataset.orders, ("created", "paid", "shipped")), (dataset.messages, ("time",))):
        for c in cols:
            if c in frame and len(frame):
                v = pd.to_datetime(frame[c], errors="coerce").max()
                if pd.notna(v):
                    newest.append(pd.Timestamp(v))
    return max(newest) if newest else None


def resolve_as_of(dataset: Dataset, settings: ModelSettings) -> pd.Timestamp:
    """``settings.as_of`` when set, else the newest timestamp in the data (else now, for empty data)."""
    if settings.as_of:
        return pd.Timestamp(settings.as_of)
    found = data_as_of(dataset)
    return found if found is not None else pd.Timestamp.now().floor("s")


def _restrict(dataset: Dataset, as_of: pd.Timestamp, explicit: bool):
    """With an explicit as-of earlier than the data, read the data as it was then.

    Messages after as-of are dropped, orders created after it are dropped, and a payment after it
    does not count yet (for the KPIs; the order checks get the orders as exported, minus the future).
    """
    orders, messages, lines = dataset.orders, dataset.messages, dataset.lines
    kpi_orders = orders
    if explicit:
        # nothing later than as-of (the usual case): the frames stay the same objects, so prepared
        # keys still fit them
        if len(messages):
            keep = (pd.to_datetime(messages["time"]) <= as_of).to_numpy()
            if not keep.all():
                messages = messages.loc[keep]
        if len(orders):
            keep = (~(pd.to_datetime(orders["created"]) > as_of)).to_numpy()
            if not keep.all():
                orders = orders.loc[keep]
            paid = pd.to_datetime(orders["paid"])
            late = (paid > as_of).to_numpy()
            kpi_orders = orders
            if late.any():
                kpi_orders = orders.copy()
                kpi_orders.loc[late, "paid"] = pd.NaT
    return orders, kpi_orders, messages, lines
