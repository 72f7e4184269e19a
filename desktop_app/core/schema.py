"""The normalised data model every importer produces and every model function reads.

See docs/data-model.md. All times are naive ``datetime64[ns]`` in the shop's local wall-clock
time (a UTC offset in the source is dropped after keeping the written wall-clock time).
Ids are always text. Money is float yuan (or the shop currency). Missing text is "".
"""

from __future__ import annotations

import pandas as pd

#: Normalised order statuses.
UNPAID = "unpaid"
PAID_UNSHIPPED = "paid_unshipped"
SHIPPED = "shipped"
COMPLETED = "completed"
CLOSED = "closed"
ORDER_STATUSES = (UNPAID, PAID_UNSHIPPED, SHIPPED, COMPLETED, CLOSED)

#: One row per order.
ORDER_COLUMNS: dict[str, str] = {
    "platform": "str",  # taobao | jd | pdd | douyin | shopify | other
    "shop": "str",
    "order_id": "str",
    "buyer": "str",
    "created": "datetime64[ns]",
    "paid": "datetime64[ns]",  # NaT when unpaid
    "shipped": "datetime64[ns]",  # NaT when not shipped
    "status": "str",  # one of ORDER_STATUSES
    "status_raw": "str",  # the export's own words
    "paid_amount": "float64",
    "refund_amount": "float64",
    "items": "float64",  # item count (宝贝总数量)
    "presale": "bool",
    "ship_by": "datetime64[ns]",  # promised ship time when the export has one (PDD, pre-sale)
    "remark": "str",  # seller remark + buyer message, joined
    "receiver_name": "str",  # PII
    "receiver_phone": "str",  # PII
    "receiver_address": "str",  # PII
}

#: One row per order line (when the export has lines).
LINE_COLUMNS: dict[str, str] = {
    "platform": "str",
    "order_id": "str",
    "sku": "str",  # 商家编码 / Lineitem sku
    "title": "str",
    "quantity": "float64",
    "price": "float64",
    "refund_amount": "float64",
    "status_raw": "str",
}

#: One row per chat message.
MESSAGE_COLUMNS: dict[str, str] = {
    "time": "datetime64[ns]",
    "shop": "str",
    "buyer": "str",
    "agent": "str",  # the sub-account, e.g. 店铺名:客服名
    "sender": "str",  # "buyer" | "agent"
    "auto": "bool",  # automatic reply (自动回复, robot, template)
    "text": "str",
}

#: One row per SKU.
INVENTORY_COLUMNS: dict[str, str] = {
    "sku": "str",
    "title": "str",
    "available": "float64",
}

SCHEMAS = {
    "orders": ORDER_COLUMNS,
    "lines": LINE_COLUMNS,
    "messages": MESSAGE_COLUMNS,
    "inventory": INVENTORY_COLUMNS,
}


def empty_frame(kind: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of ``kind`` (orders, lines, messages, inventory)."""
    cols = SCHEMAS[kind]
    return pd.DataFrame({name: pd.Series(dtype=_dtype(t)) for name, t in cols.items()})


def _dtype(t: str):
    return object if t == "str" else t


def conform(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Return ``df`` with exactly the schema's columns, in order, with the schema's dtypes.

    Missing columns are added empty ("" for text, NaT for times, 0.0 for amounts, False for flags).
    """
    cols = SCHEMAS[kind]
    out = {}
    n = len(df)
    for name, t in cols.items():
        if name in df.columns:
            s = df[name]
        elif t == "str":
            s = pd.Series([""] * n, index=df.index, dtype=object)
        elif t.startswith("datetime"):
            s = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        elif t == "bool":
            s = pd.Series(False, index=df.index, dtype=bool)
        else:
            s = pd.Series(0.0, index=df.index, dtype="float64")
        if t == "str":
            if not (s.dtype == object and pd.api.types.infer_dtype(s, skipna=False) == "string"):
                s = s.astype(object).where(s.notna(), "").astype(object)  # (all text already: nothing to fill)
        elif t.startswith("datetime"):
            s = pd.to_datetime(s, errors="coerce").astype("datetime64[ns]")
        elif t == "bool":
            s = s.fillna(False).astype(bool)
        else:
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        out[name] = s
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)
