"""``OrderFormat``: a platform's order export, recognised by its headers and read through ``build_orders``."""

from __future__ import annotations

from typing import Optional

from ..progress import Reporter
from .base import KIND_LINES, KIND_ORDERS, ImportResult, RawTable
from .mapping_fields import header_lookup, norm_header
from .order_engine import OrderSpec, build_orders


class OrderFormat:
    """A platform's order export: recognised by its headers, read through ``build_orders``.

    ``score`` = 0.6 × share of required fields found + 0.4 × share of the format's distinctive
    headers found (capped at 4), halved when a header of a competing format is present. A file
    that matches the distinctive headers but lacks a required column still scores ≥ 0.5, so the
    user gets ``MissingColumns`` naming the column rather than "unrecognised".
    """

    def __init__(self, id: str, label: str, spec: OrderSpec, signature: list[str],
                 against: list[str] = (), kind: str = KIND_ORDERS) -> None:
        self.id = id
        self.label = label
        self.kind = kind
        self.spec = spec
        self.signature = list(signature)
        self.against = list(against)

    def score(self, headers: list[str]) -> float:
        look = header_lookup(headers)
        req = [f for f in self.spec.required]
        found = sum(1 for f in req if any(norm_header(c) in look for c in self.spec.fields.get(f, [])))
        sig = sum(1 for h in self.signature if norm_header(h) in look)
        if found == 0 and sig == 0:
            return 0.0
        s = 0.6 * found / max(len(req), 1) + 0.4 * min(1.0, sig / max(min(len(self.signature), 4), 1))
        if any(norm_header(h) in look for h in self.against):
            s *= 0.5
        return round(s, 3)

    def prepare(self, table: RawTable) -> RawTable:
        """Hook for platform quirks before the engine runs (default: nothing)."""
        return table

    def read(self, table: RawTable, reporter: Optional[Reporter] = None) -> ImportResult:
        table = self.prepare(table)
        res = build_orders(table, self.spec, reporter, format_id=self.id, label=self.label, kind=self.kind)
        if self.kind == KIND_LINES:
            res.orders = None
        return res
