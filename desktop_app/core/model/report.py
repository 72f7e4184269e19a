"""Results -> the stable JSON report (issue 3): what `python -m desktop_app report --json` writes.

Stable keys (never renamed): top level ``as_of``, ``shop``, ``agents``, ``order_checks``, ``customers``,
``problems``; ``shop`` has results.SHOP_KEYS; each agent has results.AGENT_COLUMNS (then AGENT_EXTRA_COLUMNS); ``order_checks``
is ``{unshipped, unshipped_overdue, out_of_stock, unpaid_due}`` as lists of order ids; each customer
has buyer, recency_days, frequency, monetary, r_score, f_score, m_score, segment (Chinese name), level.
Rates are fractions, money plain numbers, times seconds, NaN -> null. Extra keys (``reading``,
``settings``, ``sources``, ``currency``, ``timings``, ``product_refunds``) may be added, never the stable
ones changed.
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterable, Optional

import numpy as np
import pandas as pd

from ..money_symbol import DEFAULT_SYMBOL
from .money import SHOP_MONEY, cents
from .quality_report import quality_json
from .results import AGENT_COLUMNS, AGENT_EXTRA_COLUMNS, SHOP_KEYS, Results
from .settings import READING_PLATFORM

#: the customer fields of the JSON report, in order
CUSTOMER_KEYS = ["buyer", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment",
                 "level"]
#: the order-check lists of the JSON report
ORDER_CHECK_KEYS = ["unshipped", "unshipped_overdue", "out_of_stock", "unpaid_due"]

READING_LABELS = {
    "default": "本工作台口径 / our reading (no cap, all hours, slow > threshold)",
    READING_PLATFORM: "平台口径 / platform reading (cap 600 s, unanswered = 600 s, 08-23 h, slow > 100 s)",
}


def clean(value: Any) -> Any:
    """JSON-ready copy: numpy scalars -> Python, NaN/inf/NaT -> None, timestamps -> text."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return [clean(v) for v in value.tolist()]
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
        return None if pd.isna(ts) else ts.strftime("%Y-%m-%d %H:%M:%S")
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


#: money amounts (yuan), rounded to the cent in the report (domain: "Money is rounded to the cent in every
#: output"), so sums never show binary noise such as 28976.399999999998; rates stay as computed.
#: The shop's money keys and ``cents`` are money.py's (compute rounds Results with them already).
SHOP_MONEY_KEYS = SHOP_MONEY
MONEY_KEYS = {"sales", "aov", "price_per_item", "refund_amount", "monetary"}


#: counts that are whole numbers even when the frame stores them as float (NaN-capable) columns
INTEGER_KEYS = {"frequency", "r_score", "f_score", "m_score", "orders", "paid_orders"}


def _records(frame: pd.DataFrame, keys: list[str]) -> list[dict]:
    """Rows as JSON-ready dicts with ``keys`` (missing columns -> null); column-wise, not per cell."""
    if frame is None or len(frame) == 0:
        return []
    cols = {}
    for k in keys:
        if k not in frame:
            cols[k] = [None] * len(frame)
            continue
        col = frame[k]
        if k in INTEGER_KEYS and pd.api.types.is_float_dtype(col.dtype):
            # whole numbers stored as float (NaN-capable) columns -> int, NaN -> None
            values = col.to_numpy(dtype="float64")
            ok = np.isfinite(values)
            whole = ok & (np.floor(values) == values)
            cols[k] = [int(v) if w else (float(v) if o else None)
                       for v, w, o in zip(values.tolist(), whole.tolist(), ok.tolist())]
        elif pd.api.types.is_float_dtype(col.dtype):
            values = col.to_numpy(dtype="float64")
            if k in MONEY_KEYS:
                values = np.round(values, 2)
            cols[k] = np.where(np.isfinite(values), values, None).tolist()
        elif pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_integer_dtype(col.dtype):
            cols[k] = col.to_numpy().tolist()
        else:
            values = col.to_numpy(dtype=object)
            # all text (buyer, segment, level): clean() returns a str unchanged, so skip it per cell
            cols[k] = values.tolist() if USE_TEXT_FAST_PATH and _all_text(values) else [clean(v) for v in values]
    return [dict(zip(keys, row)) for row in zip(*(cols[k] for k in keys))]


#: text columns copied as they are when every cell is a str (clean() would return each unchanged); the
#: bench and a test turn it off to compare
USE_TEXT_FAST_PATH = True


def _all_text(values: np.ndarray) -> bool:
    """Every cell is a ``str`` (one C-level scan)."""
    return len(values) > 0 and pd.api.types.infer_dtype(values, skipna=False) == "string"


def _ids(frame: Optional[pd.DataFrame], mask_col: Optional[str] = None) -> list[str]:
    if frame is None or len(frame) == 0 or "order_id" not in frame:
        return []
    f = frame
    if mask_col is not None:
        if mask_col not in f:
            return []
        f = f.loc[f[mask_col].fillna(False).astype(bool).to_numpy()]
    return [str(x) for x in dict.fromkeys(f["order_id"].astype(object).tolist())]


def order_check_ids(results: Results) -> dict[str, list[str]]:
    """The four order-check lists as order ids (unshipped, overdue, out of stock, unpaid due)."""
    return {
        "unshipped": _ids(results.unshipped),
        "unshipped_overdue": _ids(results.unshipped, "overdue"),
        "out_of_stock": _ids(results.out_of_stock),
        "unpaid_due": _ids(results.unpaid, "is_due"),
    }


def problem_dicts(problems) -> list[dict]:
    """RowProblems -> dicts (file, sheet, row, column, reason, value, skipped, text)."""
    out = []
    for p in problems or []:
        out.append(clean({"file": p.file, "sheet": p.sheet, "row": p.row, "column": p.column,
                          "reason": p.reason, "value": p.value, "skipped": p.skipped, "text": p.describe()}))
    return out


def to_json_dict(results: Results, sources: Optional[Iterable[tuple[str, str]]] = None,
                 currency: Optional[dict] = None) -> dict:
    """The stable JSON report of ``results`` (see the module docstring).

    ``currency``: ``{"symbol": "$", "codes": ["USD"]}`` - the symbol the amounts were shown with and the
    currency codes the exports state (none for the Chinese platforms); amounts are never converted.
    """
    shop = {k: results.shop.get(k) for k in SHOP_KEYS}
    extra_shop = {k: v for k, v in results.shop.items() if k not in shop}
    shop.update(extra_shop)
    shop = {k: cents(clean(v)) if k in SHOP_MONEY_KEYS else v for k, v in shop.items()}
    reading = results.settings.reading
    out = {
        "as_of": clean(pd.Timestamp(results.as_of)),
        "shop": clean(shop),
        "agents": _records(results.agents, AGENT_COLUMNS + AGENT_EXTRA_COLUMNS),
        "order_checks": order_check_ids(results),
        "customers": _records(results.customers, CUSTOMER_KEYS),
        "problems": problem_dicts(results.problems),
        "unavailable": [u.to_dict() for u in getattr(results, "unavailable", [])],
        # extras
        "reading": reading,
        "reading_label": READING_LABELS.get(reading, reading),
        "settings": clean(results.settings.to_dict()),
        "sources": [{"file": str(f), "format": str(label)} for f, label in (sources or [])],
        "currency": {"symbol": (currency or {}).get("symbol", DEFAULT_SYMBOL),
                     "codes": list((currency or {}).get("codes", []))},
        "timings": clean(dict(results.timings)),
        "product_refunds": _records(results.product_refunds, list(results.product_refunds.columns)
                                    if results.product_refunds is not None else []),
        "quality": quality_json(results),
    }
    if getattr(results, "appraisal", None) is not None:
        from ..appraisal.report import to_json_dict as appraisal_json

        out["appraisal"] = appraisal_json(results.appraisal)
    return out


#: write the JSON with orjson (several times faster than the json module on a large report); the bench
#: turns it off to compare in the same run
USE_ORJSON = True


def dumps(data: Any, indent: Optional[int] = 2) -> str:
    """``data`` (already clean()-ed: plain Python values, no NaN) as strict JSON text, Chinese kept readable.

    orjson writes the same keys and values as ``json.dumps(ensure_ascii=False, allow_nan=False)``; it
    indents by 2 only, so any other indent goes through the json module. The output is strict JSON either
    way: clean() and _records turn NaN/inf into None, and orjson would write a stray NaN as null.
    """
    if USE_ORJSON and indent in (None, 0, 2):
        import orjson

        opts = orjson.OPT_INDENT_2 if indent == 2 else 0
        return orjson.dumps(data, option=opts).decode("utf-8")
    return json.dumps(data, ensure_ascii=False, indent=indent or None, allow_nan=False)


def loads(text: str) -> Any:
    """JSON text back to Python values (orjson when in use: the report's own text parses several times
    faster than with the json module)."""
    if USE_ORJSON:
        import orjson

        return orjson.loads(text)
    return json.loads(text)


def to_json(results: Results, sources: Optional[Iterable[tuple[str, str]]] = None, indent: int = 2,
            currency: Optional[dict] = None) -> str:
    """The JSON report as text (UTF-8 Chinese kept readable; strict JSON: no NaN)."""
    return dumps(to_json_dict(results, sources, currency), indent=indent)
