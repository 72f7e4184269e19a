"""Which shop each imported row belongs to, and the store's list of shops.

A shop is (platform, name). A row's shop comes from the export itself (店铺名称; a chat sub-account's
``店铺名:`` prefix, which the chat readers put in ``shop``); a row without one gets the shop the user
named at import (``shop=``), else the one shop the file's other rows name, else the shop remembered for
files with the same header row, else 默认店铺 / Default shop. A name the user gives for a file without
any shop column is remembered per header signature (``shop_memory``), like column mappings.

Chat logs do not say their platform: a Qianniu log is Taobao's; otherwise a chat shop takes the platform
of the one stored (or imported) shop of the same name, else '' - and such a shop adopts the platform
of the first order export that names it. An inventory sheet belongs to the named shop, else it is shared
(shop NULL: read with every shop).
"""

from __future__ import annotations

import sqlite3
from typing import Optional

import numpy as np
import pandas as pd

from ..importers.base import ImportResult
from .engine import read_sql
from .schema_shops import DEFAULT_SHOP

#: how the default shop is shown
DEFAULT_SHOP_LABELS = {"zh_CN": "默认店铺", "en": "Default shop"}
#: the platforms' names as shown beside a shop
PLATFORM_LABELS = {
    "taobao": ("淘宝/天猫", "Taobao/Tmall"), "jd": ("京东", "JD"), "pdd": ("拼多多", "Pinduoduo"),
    "douyin": ("抖店", "Douyin"), "shopify": ("Shopify", "Shopify"), "other": ("其他", "Other"),
    "": ("未知平台", "platform unknown"),
}


def shop_label(platform: str, name: str, language: str = "zh_CN") -> str:
    """'淘宝/天猫 · 示例旗舰店' / 'Taobao/Tmall · Default shop'."""
    zh, en = PLATFORM_LABELS.get(platform, (platform, platform))
    shown = DEFAULT_SHOP_LABELS.get(language, DEFAULT_SHOP) if name == DEFAULT_SHOP else name
    return f"{en if language == 'en' else zh} · {shown}"


def signature_of(result: ImportResult) -> str:
    """The key a named shop is remembered under: the file's header row, else its format and sheet."""
    headers = getattr(result, "headers", None)
    if headers:
        from ..importers.mapping import header_signature

        return "h:" + header_signature(list(headers))
    return f"f:{result.format_id}:{result.sheet or ''}"


def list_shops(conn: sqlite3.Connection) -> pd.DataFrame:
    """id, platform, name, currency of every shop some import brought rows of, with its order and message counts."""
    return read_sql(
        "SELECT s.id, s.platform, s.name, s.currency,"
        " (SELECT count(*) FROM orders o WHERE o.shop_id = s.id) AS orders,"
        " (SELECT count(*) FROM messages m WHERE m.shop_id = s.id) AS messages"
        " FROM shops s WHERE EXISTS (SELECT 1 FROM import_shops i WHERE i.shop_id = s.id)"
        " ORDER BY s.platform, s.name", conn)


def find_shops(conn: sqlite3.Connection, wanted) -> list[int]:
    """Shop ids for ``wanted``: ids, names, 'platform:name' texts or (platform, name) pairs.

    Raises KeyError naming what matches no shop. A bare name matches that name on every platform.
    """
    # only shops that still hold imported rows (a shop whose imports were all removed is gone)
    rows = conn.execute("SELECT id, platform, name FROM shops s"
                        " WHERE EXISTS (SELECT 1 FROM import_shops i WHERE i.shop_id = s.id)").fetchall()
    out: list[int] = []
    for w in wanted:
        if isinstance(w, (int, np.integer)):
            hits = [r[0] for r in rows if r[0] == int(w)]
        elif isinstance(w, tuple):
            hits = [r[0] for r in rows if (r[1], r[2]) == (w[0], w[1])]
        else:
            text = str(w).strip()
            hits = [r[0] for r in rows if r[2] == text or (text in ("默认店铺", "Default shop") and r[2] == DEFAULT_SHOP)]
            if not hits and ":" in text:
                platform, name = text.split(":", 1)
                hits = [r[0] for r in rows if (r[1], r[2]) == (platform.strip(), name.strip())]
        if not hits:
            raise KeyError(w)
        out += [h for h in hits if h not in out]
    return out


def assign(conn: sqlite3.Connection, result: ImportResult, frames: dict, import_id: int,
           shop: Optional[str] = None) -> list[int]:
    """Add ``shop_id`` to the frames of one import (inside its transaction); returns the shops used."""
    named = (shop or "").strip()
    memory_key = signature_of(result)
    names_in_file = _named_in_file(frames)
    if named and not names_in_file:
        conn.execute("INSERT OR REPLACE INTO shop_memory (signature, name) VALUES (?, ?)", (memory_key, named))
    if not named and not names_in_file:
        row = conn.execute("SELECT name FROM shop_memory WHERE signature = ?", (memory_key,)).fetchone()
        named = row[0] if row else ""
    used: list[int] = []
    orders = frames.get("orders")
    if orders is not None:
        own = _text(orders["shop"], strip=True)
        fallback = named or _single(own) or DEFAULT_SHOP
        names = own.where(own != "", fallback)
        frames["orders"] = orders.assign(shop_id=_ids(conn, _text(orders["platform"]), names, used))
    messages = frames.get("messages")
    if messages is not None:
        own = _text(messages["shop"], strip=True)
        fallback = named or _single(own) or _single(names if orders is not None else own) or DEFAULT_SHOP
        names_m = own.where(own != "", fallback)
        platforms = _chat_platforms(conn, result, names_m, frames.get("orders"))
        frames["messages"] = messages.assign(shop_id=_ids(conn, platforms, names_m, used))
    lines = frames.get("lines")
    if lines is not None and len(lines) and orders is None:
        # a line report (宝贝报表) belongs to the shops of its orders
        keys = lines[["platform", "order_id"]].drop_duplicates()
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS line_order_keys (platform TEXT, order_id TEXT)")
        conn.execute("DELETE FROM temp.line_order_keys")
        conn.executemany("INSERT INTO temp.line_order_keys VALUES (?, ?)", keys.itertuples(index=False, name=None))
        used += [int(r[0]) for r in conn.execute(
            "SELECT DISTINCT o.shop_id FROM orders o JOIN temp.line_order_keys k ON o.platform = k.platform"
            " AND o.order_id = k.order_id WHERE o.shop_id IS NOT NULL")]
    inventory = frames.get("inventory")
    if inventory is not None:
        if named:
            platform = _single(orders["platform"].astype(str)) if orders is not None else None
            platform = platform or _platform_of_name(conn, named) or ""
            shop_id = _get_or_create(conn, platform, named)
            used.append(shop_id)
            frames["inventory"] = inventory.assign(shop_id=shop_id)
        else:
            frames["inventory"] = inventory.assign(shop_id=pd.Series([None] * len(inventory), dtype=object))
    used = list(dict.fromkeys(used))
    codes = [str(c).strip().upper() for c in (getattr(result, "currencies", ()) or ()) if str(c).strip()]
    if codes:
        # the currency the file states (most rows first) becomes the shop's, once
        conn.executemany("UPDATE shops SET currency = ? WHERE id = ? AND currency = ''", [(codes[0], s) for s in used])
    conn.executemany("INSERT OR IGNORE INTO import_shops (import_id, shop_id) VALUES (?, ?)",
                     [(import_id, s) for s in used])
    return used


def _named_in_file(frames: dict) -> bool:
    for kind in ("orders", "messages"):
        f = frames.get(kind)
        if f is not None and len(f) and (_text(f["shop"], strip=True) != "").any():
            return True
    return False


def _text(values: pd.Series, strip: bool = False) -> pd.Series:
    """``values.astype(str)`` (``.str.strip()``-ed), worked out once per distinct value: a chat log's
    millions of rows name a handful of shops and platforms."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    text = pd.Series(uniques, dtype=values.dtype).astype(str)
    if strip:
        text = text.str.strip()
    return pd.Series(text.to_numpy()[codes], index=values.index, dtype=text.dtype)


def _single(values: pd.Series) -> Optional[str]:
    distinct = [v for v in pd.unique(values) if isinstance(v, str) and v]
    return distinct[0] if len(distinct) == 1 else None


def _chat_platforms(conn, result: ImportResult, names: pd.Series, orders) -> pd.Series:
    if result.format_id.startswith("qianniu"):
        return pd.Series("taobao", index=names.index, dtype=object)
    pairs = {}
    if orders is not None and len(orders):
        for (p, n), _ in orders.groupby([orders["platform"].astype(str), orders["shop"].astype(str)]):
            pairs.setdefault(n, set()).add(p)
    out = {}
    for name in pd.unique(names):
        plats = pairs.get(name) or ({_platform_of_name(conn, name)} - {None})
        out[name] = next(iter(plats)) if len(plats) == 1 else ""
    return names.map(out).astype(object)


def _platform_of_name(conn, name: str) -> Optional[str]:
    rows = conn.execute("SELECT DISTINCT platform FROM shops WHERE name = ? AND platform != ''", (name,)).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def _get_or_create(conn, platform: str, name: str) -> int:
    row = conn.execute("SELECT id FROM shops WHERE platform = ? AND name = ?", (platform, name)).fetchone()
    if row:
        return int(row[0])
    if platform:
        # a shop first seen in a chat log (platform unknown) takes the platform of its first order export
        row = conn.execute("SELECT id FROM shops WHERE platform = '' AND name = ?", (name,)).fetchone()
        if row:
            conn.execute("UPDATE shops SET platform = ? WHERE id = ?", (platform, row[0]))
            return int(row[0])
    return int(conn.execute("INSERT INTO shops (platform, name) VALUES (?, ?)", (platform, name)).lastrowid)


def _ids(conn, platforms: pd.Series, names: pd.Series, used: list[int]) -> np.ndarray:
    """shop id per row, from the distinct (platform, name) pairs only."""
    # the pairs factorized as two columns of small codes (a MultiIndex of millions of rows builds a tuple a row)
    p_codes, p_names = pd.factorize(platforms.to_numpy(dtype=object), use_na_sentinel=False)
    n_codes, n_names = pd.factorize(names.to_numpy(dtype=object), use_na_sentinel=False)
    codes, pairs = pd.factorize(p_codes.astype(np.int64) * max(len(n_names), 1) + n_codes)
    uniques = [(p_names[k // max(len(n_names), 1)], n_names[k % max(len(n_names), 1)]) for k in pairs]
    ids = np.array([_get_or_create(conn, p, n) for p, n in uniques], dtype="int64")
    used.extend(int(i) for i in ids)
    return ids[codes] if len(codes) else np.array([], dtype="int64")
