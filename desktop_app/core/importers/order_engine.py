"""The shared order engine behind every order format: ``build_orders``.

It cleans ids/amounts/times, maps statuses (``status_from_words``), records every unreadable value
as a ``RowProblem`` and folds one-row-per-item exports into orders and lines. ``OrderSpec`` says how
one platform's columns map onto the order model.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import pandas as pd

from .. import schema
from ..errors import MissingColumns, RowProblem
from ..progress import Reporter
from ..schema import conform
from .base import KIND_ORDERS, ImportResult, RawTable
from .cleaning import clean_buyer, clean_id, clean_text, parse_amount, parse_datetime, parse_folded
from .read_guards import finite_amounts
from .mapping_fields import header_lookup, norm_header


#: Ranks for folding line statuses into an order status: the least advanced open line wins
#: (one unshipped line keeps the order on the unshipped list); closed only when all lines are.
_RANK = {schema.UNPAID: 0, schema.PAID_UNSHIPPED: 1, schema.SHIPPED: 2, schema.COMPLETED: 3, schema.CLOSED: 9}
_BY_RANK = {v: k for k, v in _RANK.items()}
_PAID_STATES = (schema.PAID_UNSHIPPED, schema.SHIPPED, schema.COMPLETED)

StatusFn = Callable[[pd.Series], pd.Series]


def status_from_words(words: dict[str, str], contains: tuple[tuple[str, str], ...] = ()) -> StatusFn:
    """A status function from exact words (after comma/space normalisation) and substrings.

    Returns a function raw text Series -> normalised Series ("" where the word is unknown).
    It works on the distinct values only (an export repeats five words 200,000 times).
    """
    table = {_norm_status(k): v for k, v in words.items()}

    def fn(raw: pd.Series) -> pd.Series:
        codes, uniques = pd.factorize(raw.astype(object), use_na_sentinel=False)
        mapped = []
        for u in uniques:
            key = _norm_status(u)
            v = table.get(key, "")
            if not v:
                for needle, st in contains:
                    if needle in key:
                        v = st
                        break
            mapped.append(v)
        arr = np.array(mapped, dtype=object)
        return pd.Series(arr[codes] if len(arr) else np.array([], dtype=object), index=raw.index)

    return fn


def _norm_status(v) -> str:
    # Full-width and ASCII commas both occur ("买家已付款，等待卖家发货"); JD prefixes "(删除)".
    t = unicodedata.normalize("NFKC", "" if v is None else str(v)).strip().lower()
    return re.sub(r"\s+", "", t)


@dataclass
class OrderSpec:
    """How one platform's columns map onto the order model."""

    platform: str
    #: field -> candidate headers, best first (``remark`` joins every candidate present)
    fields: dict[str, list[str]]
    status_fn: Optional[StatusFn] = None
    #: When an order spans several rows: True = amounts are per row (sum them), False = repeated
    #: on every row (take the first), "auto" = take the first when all rows agree, else sum.
    amounts_per_row: object = True
    #: Produce order lines even when each order has one row (JD/PDD/Douyin/Shopify are line-level).
    always_lines: bool = False
    #: Fields that make a table line-level when present (Taobao: 商家编码/购买数量).
    line_markers: tuple[str, ...] = ("sku", "quantity")
    required: tuple[str, ...] = ("order_id", "created", "paid_amount")
    #: The refund column is per row (Taobao item rows, PDD, Douyin) rather than per order (Shopify).
    line_refund: bool = True
    #: Optional extra step on the normalised row frame (presale, refunds from 售后状态, ...).
    post: Optional[Callable[[pd.DataFrame, dict[str, pd.Series]], None]] = None


def resolve(spec_fields: dict[str, list[str]], headers: list[str]) -> dict[str, list[str]]:
    """field -> headers present (one for most fields; all present for ``remark``)."""
    look = header_lookup(headers)
    out: dict[str, list[str]] = {}
    for f, cands in spec_fields.items():
        found = []
        for c in cands:
            h = look.get(norm_header(c))
            if h is not None and h not in found:
                found.append(h)
                if f != "remark":
                    break
        if found:
            out[f] = found
    return out


def _problems_for(mask: np.ndarray, index, raw: pd.Series, *, file, sheet, column, reason, skipped
                  ) -> list[RowProblem]:
    pos = np.flatnonzero(mask)
    if not len(pos):
        return []
    rows = np.asarray(index)[pos]
    vals = raw.to_numpy(dtype=object)[pos]
    return [RowProblem(file=file, sheet=sheet, row=int(r), reason=reason, column=column,
                       value=None if v is None else str(v)[:80], skipped=skipped) for r, v in zip(rows, vals)]


_AMOUNT_REASON = ("not a usable amount (infinite, or below 0); counted as 0 / 金额无效（无穷大或为负数），按 0 计")


def _guard_amounts(vals: pd.Series, raw: pd.Series, keep, problems: list, *, file, sheet, column):
    """inf and negative amounts and counts become NaN (counted as 0), each a problem; the row is kept."""
    vals, nonfinite, negative = finite_amounts(vals)
    odd = nonfinite | negative
    if odd.any():
        problems += _problems_for(odd & keep, vals.index, raw, file=file, sheet=sheet, column=column,
                                  skipped=False, reason=_AMOUNT_REASON)
        vals = vals.mask(odd)
    return vals, odd


def _zero_nonfinite(rows: pd.DataFrame) -> None:
    for c in ("paid_amount", "refund_amount", "items", "quantity", "price"):
        if c in rows.columns and pd.api.types.is_float_dtype(rows[c].dtype):
            arr = rows[c].to_numpy(dtype="float64")
            if not np.isfinite(arr).all():
                rows[c] = np.where(np.isfinite(arr), arr, 0.0)


def build_orders(table: RawTable, spec: OrderSpec, reporter: Optional[Reporter], *, format_id: str,
                 label: str, kind: str = KIND_ORDERS) -> ImportResult:
    """Normalise ``table`` with ``spec`` into orders (+ lines). See the module docstring."""
    reporter = reporter or Reporter()
    file = os.path.basename(table.path)
    sheet = table.sheet
    cols = resolve(spec.fields, table.headers)
    missing = [f for f in spec.required if f not in cols]
    if missing:
        names = [" / ".join(spec.fields[f][:2]) for f in missing]
        raise MissingColumns(
            f"the file looks like {label} but lacks the column(s) {', '.join(names)} / 缺少必需的列。",
            file=file, sheet=sheet, row=table.header_row, missing=names,
            hint="请重新导出完整报表（全部列），或在列映射对话框中手动指定。/ Export the full report again "
                 "(all columns), or map the columns by hand in the column-mapping dialog.")
    data = table.data
    n = len(data)
    idx = data.index
    problems: list[RowProblem] = []
    raw: dict[str, pd.Series] = {f: data[hs[0]] for f, hs in cols.items()}
    reporter.step(0, 4, f"{file}: ids")

    out: dict[str, pd.Series] = {}
    keep = np.ones(n, dtype=bool)
    ids, bad = clean_id(raw["order_id"])
    problems += _problems_for(bad, idx, raw["order_id"], file=file, sheet=sheet, column=cols["order_id"][0],
                              skipped=False, reason="the order number was turned into a number by Excel "
                              "(scientific notation), its last digits may be wrong / 订单号被 Excel 转成了科学计数法；"
                              "请从平台重新导出，不要用 Excel 另存")
    empty_id = (ids == "").to_numpy()
    problems += _problems_for(empty_id, idx, raw["order_id"], file=file, sheet=sheet,
                              column=cols["order_id"][0], skipped=True, reason="no order number / 缺少订单号")
    keep &= ~empty_id
    out["order_id"] = ids

    for f in ("created", "paid", "shipped", "ship_by"):
        if f not in raw:
            continue
        vals, bad = parse_folded(parse_datetime, raw[f])
        if f == "created":
            empty = vals.isna().to_numpy() & ~bad
            problems += _problems_for(bad & keep, idx, raw[f], file=file, sheet=sheet,
                                      column=cols[f][0], skipped=True,
                                      reason="the order time cannot be read as a date (expected YYYY-MM-DD "
                                             "HH:MM:SS) / 下单时间无法识别")
            problems += _problems_for(empty & keep, idx, raw[f], file=file, sheet=sheet,
                                      column=cols[f][0], skipped=True, reason="no order time / 缺少下单时间")
            keep &= ~(bad | empty)
        elif bad.any():
            problems += _problems_for(bad & keep, idx, raw[f], file=file, sheet=sheet, column=cols[f][0],
                                      skipped=False, reason="not a date; left empty (expected YYYY-MM-DD "
                                                            "HH:MM:SS) / 时间无法识别，已留空")
        out[f] = vals
    reporter.step(1, 4, f"{file}: amounts")

    for f in ("paid_amount", "refund_amount", "items", "quantity", "price"):
        if f not in raw:
            continue
        vals, bad = parse_folded(parse_amount, raw[f])
        if bad.any():
            problems += _problems_for(bad & keep, idx, raw[f], file=file, sheet=sheet, column=cols[f][0],
                                      skipped=False, reason="not a number; counted as 0 / 不是数字，按 0 计")
        vals, odd = _guard_amounts(vals, raw[f], keep, problems, file=file, sheet=sheet, column=cols[f][0])
        out[f] = vals.fillna(0.0)

    if "buyer" in raw:
        out["buyer"] = clean_buyer(raw["buyer"])  # ="123" like order ids; never folded
    for f in ("shop", "receiver_name", "receiver_phone", "receiver_address", "sku", "title"):
        if f in raw:
            out[f] = clean_text(raw[f])
    if "remark" in cols:
        parts = [clean_text(data[h]) for h in cols["remark"]]
        rem = parts[0]
        for p in parts[1:]:
            rem = rem.where(p == "", rem.where(rem == "", rem + " / ") + p)
        out["remark"] = rem
    status_raw = clean_text(raw["status"]) if "status" in raw else pd.Series("", index=idx, dtype=object)
    out["status_raw"] = status_raw
    rows = pd.DataFrame(out, index=idx)
    if spec.post is not None:
        spec.post(rows, {f: data[hs[0]] for f, hs in cols.items()} | {"_data": data})
        _zero_nonfinite(rows)  # a post step may add amounts from further columns (JD 余额支付)
    reporter.step(2, 4, f"{file}: statuses")

    # Status: the platform's words; unknown words fall back to what the timestamps say, with a
    # problem naming the word (a silently "unpaid" paid order is the bug users hated most).
    if "status" in rows.columns:  # set by the spec's post step (e.g. Shopify's three columns)
        st = rows["status"].astype(object).where(rows["status"].notna(), "")
    elif spec.status_fn is not None and "status" in raw:
        st = spec.status_fn(rows["status_raw"])
    else:
        st = pd.Series("", index=idx, dtype=object)
    inferred = _infer_status(rows)
    unknown = ((st == "") & (rows["status_raw"] != "")).to_numpy() & keep
    if unknown.any():
        seen: set[str] = set()
        for p in np.flatnonzero(unknown):
            word = rows["status_raw"].iat[p]
            if word in seen:
                continue
            seen.add(word)
            count = int((rows["status_raw"].to_numpy()[unknown] == word).sum())
            problems.append(RowProblem(
                file=file, sheet=sheet, row=int(idx[p]), column=cols["status"][0], value=word, skipped=False,
                reason=f"unknown status word in {count} row(s); status taken from the payment/shipping times "
                       f"/ 未知的订单状态，已按付款/发货时间判断"))
    rows["status"] = st.where(st != "", inferred)
    if "paid" in rows.columns:
        # A paid status without a payment time (e.g. Shopify 'paid' with an empty Paid at): use the
        # order time so the paid order is still counted on a day.
        fix = rows["paid"].isna() & rows["status"].isin(_PAID_STATES)
        rows.loc[fix, "paid"] = rows.loc[fix, "created"]
    elif "created" in rows.columns:
        rows["paid"] = rows["created"].where(rows["status"].isin(_PAID_STATES))
    rows["platform"] = spec.platform
    rows = rows[keep]

    ids_now = rows["order_id"].to_numpy(dtype=object)
    # A set is several times faster than Series.duplicated on 200,000 distinct ids.
    repeated = len(set(ids_now.tolist())) < len(ids_now)
    line_level = spec.always_lines or repeated or any(f in cols for f in spec.line_markers)
    lines = _lines_from_rows(rows, spec) if line_level else None
    if repeated:
        orders = _fold(rows, spec, cols)
    else:
        orders = rows
        if "items" not in orders.columns and "quantity" in orders.columns:
            orders = orders.assign(items=orders["quantity"])
    orders = _conform(orders, "orders", trusted=True)
    reporter.step(4, 4, f"{file}: done")
    if lines is not None:
        lines.attrs["source_sheet"] = sheet
    result = ImportResult(path=table.path, kind=kind, format_id=format_id, format_label=label,
                          orders=orders, lines=lines, problems=problems, rows_read=n, sheet=sheet)
    return result


def _conform(df: pd.DataFrame, kind: str, trusted: bool = False) -> pd.DataFrame:
    """``schema.conform`` that leaves columns already in the right dtype untouched.

    Same result as ``conform``; it only skips re-processing the columns the engine has already
    cleaned (about a fifth of a 200,000-row import's normalising time otherwise). ``trusted``:
    the text columns come from the cleaning functions, which never leave NaN, so the NaN scan
    of every object column is skipped too.
    """
    cols = schema.SCHEMAS[kind]
    ready: dict[str, pd.Series] = {}
    todo: list[str] = []
    for name, t in cols.items():
        s = df[name] if name in df.columns else None
        ok = s is not None and (
            (t == "str" and s.dtype == object and (trusted or not s.hasnans))
            or (t != "str" and str(s.dtype) == t)
        )
        if ok:
            ready[name] = s
        else:
            todo.append(name)
    if todo:
        sub = conform(df[[c for c in todo if c in df.columns]], kind)
        for name in todo:
            ready[name] = sub[name].set_axis(df.index)
    return pd.DataFrame({name: ready[name] for name in cols}, index=df.index).reset_index(drop=True)


def _infer_status(rows: pd.DataFrame) -> pd.Series:
    n = len(rows)
    st = np.full(n, schema.PAID_UNSHIPPED, dtype=object)
    if "paid" in rows.columns:
        st[rows["paid"].isna().to_numpy()] = schema.UNPAID
    elif "paid_amount" in rows.columns:
        st[(rows["paid_amount"] <= 0).to_numpy()] = schema.UNPAID
    if "shipped" in rows.columns:
        st[rows["shipped"].notna().to_numpy()] = schema.SHIPPED
    return pd.Series(st, index=rows.index, dtype=object)


def _lines_from_rows(rows: pd.DataFrame, spec: OrderSpec) -> pd.DataFrame:
    lines = pd.DataFrame({
        "platform": spec.platform,
        "order_id": rows["order_id"],
        "sku": rows["sku"] if "sku" in rows.columns else "",
        "title": rows["title"] if "title" in rows.columns else "",
        "quantity": rows["quantity"] if "quantity" in rows.columns else (
            rows["items"] if "items" in rows.columns else 1.0),
        "price": rows["price"] if "price" in rows.columns else np.nan,
        "refund_amount": rows["refund_amount"] if spec.line_refund and "refund_amount" in rows.columns
        else 0.0,
        "status_raw": rows["status_raw"],
    }, index=rows.index)
    if "price" not in rows.columns and "paid_amount" in rows.columns:
        # No unit price column: the row's paid amount over its quantity is the best we have.
        q = lines["quantity"].replace(0, np.nan)
        lines["price"] = (rows["paid_amount"] / q).fillna(0.0)
    out = _conform(lines, "lines", trusted=True)
    # Row numbers survive as metadata so Dataset.from_results can name the row of an orphan line.
    out.attrs["source_rows"] = [int(r) for r in rows.index]
    return out


def _fold(rows: pd.DataFrame, spec: OrderSpec, cols: dict) -> pd.DataFrame:
    """One row per order from rows that repeat the order id (one row per item)."""
    g = rows.groupby("order_id", sort=False)
    first = g.first()
    agg: dict[str, pd.Series] = {}
    if spec.amounts_per_row:
        for f in ("paid_amount", "refund_amount"):
            if f in rows.columns:
                if spec.amounts_per_row == "auto":
                    # The same value on every row of the order = an order-level amount repeated.
                    same = g[f].nunique() <= 1
                    agg[f] = g[f].first().where(same, g[f].sum())
                else:
                    agg[f] = g[f].sum()
    if "quantity" in rows.columns:
        agg["items"] = g["quantity"].sum()
    elif "items" in rows.columns and spec.amounts_per_row:
        agg["items"] = g["items"].sum()
    rank = rows["status"].map(_RANK).astype("int64")
    open_rank = rank.where(rank < 9)
    r = open_rank.groupby(rows["order_id"], sort=False).min()
    agg["status"] = r.map(_BY_RANK).fillna(schema.CLOSED)
    agg["status_raw"] = g["status_raw"].agg(lambda s: "; ".join(dict.fromkeys(v for v in s if v)))
    for f in ("paid", "shipped"):
        if f in rows.columns:
            agg[f] = g[f].min() if f == "paid" else g[f].max()
    for k, v in agg.items():
        first[k] = v
    return first.reset_index()
