"""A Dataset: the union of several imported files, ready for the model layer."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
import pandas as pd

from .errors import RowProblem
from .schema import conform, empty_frame


#: formats whose orders are built from item lines (the 2024 订单明细): an order report for the same
#: order wins for the order row, their lines win for the lines
LINE_FIRST_FORMATS = frozenset({"taobao_order_detail"})


@dataclass
class Dataset:
    """Normalised frames (see schema.py) gathered from one or more imports."""

    orders: pd.DataFrame = field(default_factory=lambda: empty_frame("orders"))
    lines: pd.DataFrame = field(default_factory=lambda: empty_frame("lines"))
    messages: pd.DataFrame = field(default_factory=lambda: empty_frame("messages"))
    inventory: pd.DataFrame = field(default_factory=lambda: empty_frame("inventory"))
    problems: list[RowProblem] = field(default_factory=list)
    #: (path, format_label) of each file the data came from
    sources: list[tuple[str, str]] = field(default_factory=list)
    #: the model's integer codes of these frames' text keys (model.keys.prepare_keys), worked out once
    #: when the data is loaded so that every later model run skips hashing the ids; the model uses
    #: them only while the frames are still the very objects they were made from
    model_keys: Optional[Any] = field(default=None, repr=False, compare=False)

    @property
    def has_inventory(self) -> bool:
        return len(self.inventory) > 0

    @classmethod
    def from_results(cls, results: list) -> "Dataset":
        """Union of ImportResults (in the order given: a later file wins for the same order).

        - orders: one row per (platform, order_id); when two files hold the same order (yesterday's
          and today's export) the later file's row is kept.
        - lines: for each order the lines come from one file only — a dedicated line report
          (宝贝报表, kind "lines") beats lines derived from an order sheet, then the later file —
          so nothing is counted twice.
        - lines whose order is in no file are kept and reported as problems (the order export
          for that period is probably missing).
        - messages and inventory are concatenated (inventory: the later file wins per SKU).
        """
        ds = cls()
        orders, lines, messages, inventory = [], [], [], []
        problems: list[RowProblem] = []
        line_src: list[tuple[str, list[int], object]] = []
        for i, r in enumerate(results):
            ds.sources.append((r.path, r.format_label))
            problems.extend(r.problems)
            # a line export that also gives orders (订单明细) yields to an order report for the same
            # order (which has the buyer and address) and its lines beat lines derived from that report
            detail = r.format_id in LINE_FIRST_FORMATS
            if r.orders is not None and len(r.orders):
                orders.append(r.orders.assign(_src=i - (len(results) if detail else 0)))
            if r.lines is not None and len(r.lines):
                prio = 1 if r.kind == "lines" or detail else 0
                lines.append(r.lines.assign(_src=i, _prio=prio, _k=len(line_src)))
                rows = r.lines.attrs.get("source_rows") or [0] * len(r.lines)
                line_src.append((r.path, list(rows), r.lines.attrs.get("source_sheet", r.sheet)))
            if r.messages is not None and len(r.messages):
                messages.append(r.messages)
            if r.inventory is not None and len(r.inventory):
                inventory.append(r.inventory)
        if orders:
            o = pd.concat(orders, ignore_index=True)
            if (o["_src"].to_numpy() < 0).any():
                o = o.sort_values("_src", kind="stable")
            o = o.drop_duplicates(["platform", "order_id"], keep="last").drop(columns="_src")
            ds.orders = conform(o, "orders")
        if lines:
            ln = pd.concat(lines, ignore_index=True)
            ln["_pos"] = np.concatenate([np.arange(len(f)) for f in lines])
            # Per order: keep the lines of the best source (dedicated report, then latest file).
            rank = ln["_prio"] * 1_000_000 + ln["_src"]
            by_order = ln.assign(_rank=rank).groupby(["platform", "order_id"], sort=False)
            top = by_order["_rank"].transform("max")
            ln = ln[rank == top]
            known = pd.MultiIndex.from_frame(ds.orders[["platform", "order_id"]]) if len(ds.orders) else None
            keys = pd.MultiIndex.from_frame(ln[["platform", "order_id"]])
            orphan = ~keys.isin(known) if known is not None else np.ones(len(ln), dtype=bool)
            orphan = np.asarray(orphan)
            for k, pos, oid in zip(ln["_k"].to_numpy()[orphan], ln["_pos"].to_numpy()[orphan],
                                   ln["order_id"].to_numpy()[orphan]):
                path, rows, sheet = line_src[k]
                problems.append(RowProblem(
                    file=os.path.basename(path), sheet=sheet, row=int(rows[pos]) if pos < len(rows) else 0,
                    column=None, value=str(oid), skipped=False,
                    reason="order line whose order is in no imported order file; kept, but it has no buyer "
                           "or dates — import the order report of the same period / 找不到该明细对应的订单，"
                           "请同时导入同期的订单报表"))
            ds.lines = conform(ln.drop(columns=["_src", "_prio", "_k", "_pos"]), "lines")
        if messages:
            ds.messages = conform(pd.concat(messages, ignore_index=True), "messages")
        if inventory:
            inv = pd.concat(inventory, ignore_index=True).drop_duplicates("sku", keep="last")
            ds.inventory = conform(inv, "inventory")
        ds.problems = problems
        return ds
