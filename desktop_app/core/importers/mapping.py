"""Column mappings: the generic reader behind every order format and the mapping dialog.

A platform format (orders_taobao.py, …) is a fixed mapping from our fields to its header names
plus its status words; an unrecognised file gets a ``ColumnMapping`` chosen by the user in the
GUI's mapping dialog (``suggest_mapping`` pre-fills it) and remembered by ``MappingStore``,
keyed by a signature of the header row, so the next file with the same headers is read
without asking.

``build_orders`` (order_engine.py) is the shared engine: it cleans ids/amounts/times, maps statuses,
records every unreadable value as a ``RowProblem`` and folds one-row-per-item exports into orders
and lines.
"""

from __future__ import annotations

# The pieces, re-exported here: the order formats, the registry, the dialog and tests import them from mapping.
from .mapping_fields import (  # noqa: F401
    FIELDS, SYNONYMS, find_header, header_lookup, norm_header, suggest_mapping,
)
from .mapping_read import read_mapped  # noqa: F401
from .mapping_store import ColumnMapping, MappingStore, default_store_path, header_signature  # noqa: F401
from .order_engine import OrderSpec, StatusFn, build_orders, resolve, status_from_words  # noqa: F401
from .order_format import OrderFormat  # noqa: F401
