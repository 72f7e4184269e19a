"""Column mappings: the generic reader behind every order format and the mapping dialog.

A platform format (orders_taobao.py, …) is a fixed mapping from our fields to its header names
plus its status words; an unrecognised file gets a ``ColumnMapping`` chosen by the user in the
GUI's mapping dialog (``suggest_mapping`` pre-fills it) and remembered by ``MappingStore``,
keyed by a signature of the header row, so the next file with the same headers is read
without asking.

``build_orders`` is the shared engine: it cleans ids/amounts/times, maps statuses, records
every unreadable value as a ``RowProblem`` and folds one-row-per-item exports into orders and
lines.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import pandas as pd

from .. import schema
from ..errors import InputError, MissingColumns, RowProblem
from ..progress import Reporter
from ..schema import conform
from .base import KIND_CHATS, KIND_INVENTORY, KIND_LINES, KIND_ORDERS, ImportResult, RawTable
from .cleaning import clean_buyer, clean_id, clean_text, parse_amount, parse_bool, parse_datetime, parse_folded
from .read_guards import finite_amounts

# ---------------------------------------------------------------- fields and synonyms

#: Fields a user can map, per kind: field -> (required, label). ``*`` in the label = required.
FIELDS: dict[str, dict[str, tuple[bool, str]]] = {
    KIND_ORDERS: {
        "order_id": (True, "订单编号 / Order id"),
        "created": (True, "下单时间 / Created at"),
        "paid_amount": (True, "实付金额 / Paid amount"),
        "buyer": (False, "买家 / Buyer"),
        "paid": (False, "付款时间 / Paid at"),
        "status": (False, "订单状态 / Status"),
        "shipped": (False, "发货时间 / Shipped at"),
        "refund_amount": (False, "退款金额 / Refund amount"),
        "items": (False, "商品数量 / Items"),
        "shop": (False, "店铺 / Shop"),
        "remark": (False, "备注 / Remark"),
        "ship_by": (False, "承诺发货时间 / Ship by"),
        "receiver_name": (False, "收货人 / Receiver"),
        "receiver_phone": (False, "手机 / Phone"),
        "receiver_address": (False, "地址 / Address"),
        "sku": (False, "商家编码 / SKU"),
        "title": (False, "商品标题 / Title"),
        "quantity": (False, "购买数量 / Quantity"),
        "price": (False, "单价 / Unit price"),
    },
    KIND_LINES: {
        "order_id": (True, "订单编号 / Order id"),
        "title": (False, "商品标题 / Title"),
        "sku": (False, "商家编码 / SKU"),
        "quantity": (True, "购买数量 / Quantity"),
        "price": (False, "单价 / Unit price"),
        "refund_amount": (False, "退款金额 / Refund amount"),
        "status": (False, "状态 / Status"),
    },
    KIND_CHATS: {
        "time": (True, "时间 / Time"),
        "buyer": (True, "买家 / Buyer"),
        "agent": (True, "客服 / Agent"),
        "sender": (True, "发送方 / Sender"),
        "text": (False, "内容 / Text"),
        "auto": (False, "自动回复 / Auto reply"),
        "shop": (False, "店铺 / Shop"),
    },
    KIND_INVENTORY: {
        "sku": (True, "商家编码 / SKU"),
        "available": (True, "可用库存 / Available"),
        "title": (False, "标题 / Title"),
    },
}

#: Known header names per field (compared after ``norm_header``), best first.
SYNONYMS: dict[str, list[str]] = {
    "order_id": ["订单编号", "订单号", "主订单编号", "订单id", "order id", "order_id", "order", "name",
                 "order number", "父订单号", "交易编号"],
    "created": ["订单创建时间", "买家下单时间", "下单时间", "创建时间", "订单提交时间", "created at", "created",
                "order date", "order time", "date"],
    "paid": ["订单付款时间", "买家付款时间", "付款时间", "支付时间", "支付完成时间", "付款确认时间", "paid at", "paid"],
    "paid_amount": ["买家实际支付金额", "买家实付金额", "实付金额", "用户实付金额", "订单应付金额", "应付金额",
                    "订单金额", "支付金额", "付款金额", "实收金额", "total", "amount", "paid amount", "金额"],
    "buyer": ["买家会员名", "买家昵称", "买家", "下单帐号", "下单账号", "客户", "用户昵称", "buyer", "customer",
              "email", "买家id"],
    "status": ["订单状态", "状态", "交易状态", "status", "financial status", "order status"],
    "shipped": ["发货时间", "出库时间", "fulfilled at", "shipped at", "shipped"],
    "refund_amount": ["退款金额", "refunded amount", "refund amount", "refund", "退款"],
    "items": ["宝贝总数量", "商品数量", "商品总数量", "订购数量", "购买数量", "数量", "items", "quantity", "qty"],
    "shop": ["店铺名称", "店铺", "店铺名", "shop", "store"],
    "remark": ["订单备注", "卖家备注", "商家备注", "备注", "买家留言", "note", "notes", "remark"],
    "ship_by": ["承诺发货时间", "最晚发货时间", "ship by", "ship_by"],
    "receiver_name": ["收货人姓名", "收货人", "收件人", "客户姓名", "shipping name", "receiver"],
    "receiver_phone": ["联系手机", "手机", "收件人手机号", "联系电话", "phone", "shipping phone"],
    "receiver_address": ["收货地址", "详细地址", "客户地址", "地址", "address", "shipping address1"],
    "sku": ["商家编码", "sku", "货号", "商品编码", "lineitem sku", "商家编码-sku维度", "外部系统编号"],
    "title": ["标题", "宝贝标题", "商品标题", "商品名称", "商品", "选购商品", "title", "lineitem name", "product"],
    "quantity": ["购买数量", "数量", "商品数量", "订购数量", "quantity", "lineitem quantity", "qty"],
    "price": ["价格", "单价", "商品单价", "京东价", "price", "lineitem price"],
    "time": ["时间", "消息时间", "发送时间", "time", "timestamp", "datetime"],
    "agent": ["客服", "客服账号", "子账号", "客服昵称", "agent", "staff"],
    "sender": ["发送方", "发送者", "发言方", "sender", "role", "from"],
    "text": ["内容", "消息内容", "消息", "聊天内容", "text", "message", "content"],
    "auto": ["自动回复", "自动", "is_auto", "auto"],
    "available": ["可用库存", "库存", "可用数量", "available", "stock", "库存数量", "qty available"],
}

_PUNCT = re.compile(r"[\s_\-:：/]+")


def norm_header(h: str) -> str:
    """A header compared loosely: NFKC (full-width → ASCII), lower case, no spaces/_/-/:.

    ``用户实付金额（元）`` and ``用户实付金额(元)`` compare equal; so do ``Paid at``/``paid_at``.
    """
    t = unicodedata.normalize("NFKC", str(h)).strip().lower()
    t = t.replace("(元)", "").replace("(件)", "")
    return _PUNCT.sub("", t)


def header_lookup(headers: list[str]) -> dict[str, str]:
    """norm_header(h) -> h (first occurrence wins)."""
    out: dict[str, str] = {}
    for h in headers:
        out.setdefault(norm_header(h), h)
    return out


def find_header(headers, candidates) -> Optional[str]:
    """The first of ``candidates`` present among ``headers`` (loose comparison), or None."""
    look = headers if isinstance(headers, dict) else header_lookup(list(headers))
    for c in candidates:
        h = look.get(norm_header(c))
        if h is not None:
            return h
    return None


def suggest_mapping(headers: list[str], kind: str) -> dict[str, str]:
    """A best guess field -> header for ``kind``: exact synonyms first, then containment.

    Each header is used for at most one field; fields with no plausible header are left out.
    """
    look = header_lookup(headers)
    used: set[str] = set()
    out: dict[str, str] = {}
    fields = list(FIELDS[kind])
    for f in fields:  # exact synonyms
        for syn in SYNONYMS.get(f, []):
            h = look.get(norm_header(syn))
            if h is not None and h not in used:
                out[f] = h
                used.add(h)
                break
    for f in fields:  # containment: "订单付款时间(北京时间)" contains "付款时间"
        if f in out:
            continue
        for syn in SYNONYMS.get(f, []):
            ns = norm_header(syn)
            if len(ns) < 2:
                continue
            hit = next((h for k, h in look.items() if h not in used and (ns in k)), None)
            if hit:
                out[f] = hit
                used.add(hit)
                break
    return out


# ---------------------------------------------------------------- ColumnMapping and its store


@dataclass
class ColumnMapping:
    """The user's choice for an unrecognised file: which header holds which field."""

    kind: str
    fields: dict[str, str]
    #: raw status word -> one of schema.ORDER_STATUSES (orders only; optional)
    status_map: dict[str, str] = field(default_factory=dict)
    platform: str = "other"

    def missing(self) -> list[str]:
        """Required fields not mapped."""
        return [f for f, (req, _) in FIELDS[self.kind].items() if req and not self.fields.get(f)]

    def to_json(self) -> dict:
        return {"kind": self.kind, "fields": dict(self.fields), "status_map": dict(self.status_map),
                "platform": self.platform}

    @classmethod
    def from_json(cls, d: dict) -> "ColumnMapping":
        return cls(kind=d["kind"], fields=dict(d.get("fields", {})), status_map=dict(d.get("status_map", {})),
                   platform=d.get("platform", "other"))


def header_signature(headers: list[str]) -> str:
    """A stable key for a header row (order-insensitive, loose comparison)."""
    key = "\x1f".join(sorted(norm_header(h) for h in headers))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class MappingStore:
    """Saved mappings in a JSON file, keyed by ``header_signature``.

    The GUI's mapping dialog saves the user's choice; ``registry.load_file`` looks it up so the
    same headers are read the same way next time without asking.
    """

    def __init__(self, path) -> None:
        self.path = os.fspath(path)

    def _load(self) -> dict:
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
            return data if isinstance(data, dict) else {}
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def get(self, headers: list[str]) -> Optional[ColumnMapping]:
        """The mapping saved for these headers, or None."""
        d = self._load().get(header_signature(headers))
        if not d:
            return None
        mapping = ColumnMapping.from_json(d)
        # A saved mapping only applies while every mapped header still exists.
        if any(h not in headers for h in mapping.fields.values()):
            return None
        return mapping

    def save(self, headers: list[str], mapping: ColumnMapping) -> None:
        """Remember ``mapping`` for these headers (atomic write)."""
        data = self._load()
        entry = mapping.to_json()
        entry["headers"] = list(headers)
        data[header_signature(headers)] = entry
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)

    def forget(self, headers: list[str]) -> None:
        data = self._load()
        if data.pop(header_signature(headers), None) is not None:
            with open(self.path, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1)


def default_store_path() -> str:
    """Where the app keeps saved mappings (the user's data directory)."""
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("desktop-app", appauthor=False), "column_mappings.json")


# ---------------------------------------------------------------- the order engine

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


# ---------------------------------------------------------------- reading with a ColumnMapping


def read_mapped(table: RawTable, mapping: ColumnMapping, reporter: Optional[Reporter] = None) -> ImportResult:
    """Read ``table`` with the user's ``mapping`` (any kind)."""
    reporter = reporter or Reporter()
    file = os.path.basename(table.path)
    absent = [h for h in mapping.fields.values() if h and h not in table.headers]
    missing = mapping.missing()
    if missing or absent:
        names = [FIELDS[mapping.kind][f][1] for f in missing] + absent
        raise MissingColumns("the column mapping is incomplete / 列映射不完整: " + ", ".join(names),
                             file=file, sheet=table.sheet, row=table.header_row, missing=names,
                             hint="请在列映射对话框中为每个必填字段（标 * 的）选择一列。/ Choose a column for every "
                                  "required field (marked *) in the mapping dialog.")
    fields = {f: [h] for f, h in mapping.fields.items() if h}
    label = "自定义列映射 / Mapped columns"
    if mapping.kind in (KIND_ORDERS, KIND_LINES):
        words = {k: v for k, v in mapping.status_map.items() if v in schema.ORDER_STATUSES}
        if mapping.kind == KIND_LINES:
            spec = OrderSpec(platform=mapping.platform, fields=fields, status_fn=None, required=("order_id",),
                             always_lines=True)
            res = build_orders(table, spec, reporter, format_id="mapped", label=label, kind=KIND_LINES)
            res.orders = None
            return res
        spec = OrderSpec(platform=mapping.platform, fields=fields, status_fn=_default_status_fn(words))
        return build_orders(table, spec, reporter, format_id="mapped", label=label)
    if mapping.kind == KIND_CHATS:
        return _read_mapped_chats(table, mapping, reporter, label)
    if mapping.kind == KIND_INVENTORY:
        return _read_mapped_inventory(table, mapping, label)
    raise InputError(f"unknown kind {mapping.kind!r} / 未知的数据类型。", file=file)


#: English status words for mapped files (ERP/other shop systems).
_ENGLISH_STATUS = {
    "unpaid": schema.UNPAID, "pending": schema.UNPAID, "awaiting payment": schema.UNPAID,
    "paid": schema.PAID_UNSHIPPED, "processing": schema.PAID_UNSHIPPED, "unfulfilled": schema.PAID_UNSHIPPED,
    "to ship": schema.PAID_UNSHIPPED, "shipped": schema.SHIPPED, "fulfilled": schema.SHIPPED,
    "in transit": schema.SHIPPED, "delivered": schema.COMPLETED, "completed": schema.COMPLETED,
    "complete": schema.COMPLETED, "cancelled": schema.CLOSED, "canceled": schema.CLOSED,
    "closed": schema.CLOSED, "refunded": schema.CLOSED, "voided": schema.CLOSED,
    "已付款": schema.PAID_UNSHIPPED, "已付": schema.PAID_UNSHIPPED, "未付款": schema.UNPAID,
    "未付": schema.UNPAID, "已取消": schema.CLOSED,
}


def _default_status_fn(user_words: dict[str, str]) -> StatusFn:
    """Every platform's status words plus English ones; the user's own choices win."""
    from . import orders_douyin, orders_jd, orders_pdd, orders_taobao  # late: they import this module

    words: dict[str, str] = {}
    for mod in (orders_jd, orders_pdd, orders_douyin, orders_taobao):
        words.update(mod.STATUS_WORDS)
    words.update(_ENGLISH_STATUS)
    words.update(user_words)
    return status_from_words(words, orders_taobao.STATUS_CONTAINS)


_BUYER_WORDS = {"buyer", "买家", "customer", "顾客", "客户", "用户", "消费者", "in", "incoming"}
_AGENT_WORDS = {"agent", "客服", "seller", "卖家", "商家", "staff", "out", "outgoing", "店铺"}


def _read_mapped_chats(table: RawTable, mapping: ColumnMapping, reporter: Reporter,
                       label: str) -> ImportResult:
    file = os.path.basename(table.path)
    data = table.data
    f = mapping.fields
    idx = data.index
    problems: list[RowProblem] = []
    time, bad = parse_datetime(data[f["time"]])
    empty = time.isna().to_numpy()
    problems += _problems_for(empty, idx, data[f["time"]], file=file, sheet=table.sheet, column=f["time"],
                              skipped=True, reason="the message time cannot be read / 消息时间无法识别")
    sender_raw = clean_text(data[f["sender"]])
    low = sender_raw.str.strip().str.lower()
    words = np.where(low.isin(_BUYER_WORDS), "buyer", np.where(low.isin(_AGENT_WORDS), "agent", ""))
    sender = pd.Series(words,
                       index=idx, dtype=object)
    bad_sender = (sender == "").to_numpy() & ~empty
    problems += _problems_for(bad_sender, idx, data[f["sender"]], file=file, sheet=table.sheet,
                              column=f["sender"], skipped=True,
                              reason="sender is neither buyer/买家 nor agent/客服 / 发送方无法识别")
    agent = clean_text(data[f["agent"]])
    msgs = pd.DataFrame({
        "time": time, "buyer": clean_text(data[f["buyer"]]), "agent": agent, "sender": sender,
        "text": clean_text(data[f["text"]]) if f.get("text") else "",
        "auto": parse_bool(data[f["auto"]])[0] if f.get("auto") else False,
        "shop": clean_text(data[f["shop"]]) if f.get("shop") else agent.str.split(r"[:：]", n=1, regex=True)
        .map(lambda p: p[0] if len(p) == 2 else ""),
    }, index=idx)
    msgs = msgs[~(empty | bad_sender)]
    return ImportResult(path=table.path, kind=KIND_CHATS, format_id="mapped", format_label=label,
                        messages=conform(msgs, "messages"), problems=problems, rows_read=len(data),
                        sheet=table.sheet)


def _read_mapped_inventory(table: RawTable, mapping: ColumnMapping, label: str) -> ImportResult:
    file = os.path.basename(table.path)
    data = table.data
    f = mapping.fields
    sku, _ = clean_id(data[f["sku"]])
    avail, bad = parse_amount(data[f["available"]])
    problems = _problems_for(bad, data.index, data[f["available"]], file=file, sheet=table.sheet,
                             column=f["available"], skipped=False,
                             reason="not a number; counted as 0 / 不是数字，按 0 计")
    empty = (sku == "").to_numpy()
    problems += _problems_for(empty, data.index, data[f["sku"]], file=file, sheet=table.sheet,
                              column=f["sku"],
                              skipped=True, reason="no SKU / 缺少商家编码")
    inv = pd.DataFrame({"sku": sku, "available": avail.fillna(0.0),
                        "title": clean_text(data[f["title"]]) if f.get("title") else ""}, index=data.index)
    return ImportResult(path=table.path, kind=KIND_INVENTORY, format_id="mapped", format_label=label,
                        inventory=conform(inv[~empty], "inventory"), problems=problems, rows_read=len(data),
                        sheet=table.sheet)


# ---------------------------------------------------------------- a platform order format


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
