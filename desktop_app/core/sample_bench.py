"""Benchmark data: normalised frames built with numpy (millions of rows in seconds) and big export files
written without openpyxl, from the sample shop's words."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from .sample_data import (_ZIP_TIME, AGENT_ANSWERS, AGENT_CLOSERS, BUYER_FOLLOWUPS, BUYER_OPENERS, BUYER_QUESTIONS,
                          HOUR_WEIGHTS, SHOP, STATUS_WORDS, WELCOME)
from .schema import CLOSED, COMPLETED, PAID_UNSHIPPED, SCHEMAS, SHIPPED, UNPAID


_BENCH_START = np.datetime64("2026-10-01T00:00:00", "s")
_BENCH_DAYS = 60


def _pool(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:06d}" for i in range(n)], dtype=object)


def _bench_times(rng, n: int, days: int = _BENCH_DAYS) -> np.ndarray:
    """Random shop times over the benchmark period (``days`` days), following HOUR_WEIGHTS."""
    day = rng.integers(0, days, size=n)
    hour = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    sec = day * 86400 + hour * 3600 + rng.integers(0, 3600, size=n)
    return _BENCH_START + sec.astype("timedelta64[s]")


def _frame(kind: str, n: int, cols: dict) -> pd.DataFrame:
    """A frame with exactly the schema's columns and dtypes, built without inference or copies.

    Equivalent to ``schema.conform`` (the tests check it) but much cheaper on millions of rows:
    pandas 3 would otherwise infer its ``str`` dtype for text and conform would convert it back.
    """
    out = {}
    for name, t in SCHEMAS[kind].items():
        v = cols.get(name)
        if t == "str":
            v = np.full(n, "", dtype=object) if v is None else np.asarray(v, dtype=object)
            out[name] = pd.Series(v, dtype=object, copy=False)
        elif t.startswith("datetime"):
            v = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]") if v is None else v
            out[name] = pd.Series(np.asarray(v).astype("datetime64[ns]"), copy=False)
        elif t == "bool":
            v = np.zeros(n, dtype=bool) if v is None else np.asarray(v, dtype=bool)
            out[name] = pd.Series(v, copy=False)
        else:
            out[name] = pd.Series(np.zeros(n) if v is None else np.asarray(v, dtype="float64"), copy=False)
    return pd.DataFrame(out, copy=False)


def generate_frames(n_orders: int, n_messages: int, seed: int = 7, days: int = _BENCH_DAYS):
    """Normalised (orders, lines, messages, inventory) frames for benchmarks, built with numpy, over
    ``days`` days (two months by default; bench/whatif_bench.py asks for a month).

    Conversations alternate buyer and agent messages (with a welcome auto-reply and some
    unanswered buyers); about half of the orders follow a conversation of the same buyer, so
    attribution has real work to do. 1,000,000 orders and 5,000,000 messages take seconds.
    """
    rng = np.random.default_rng(seed)
    n_orders, n_messages = int(n_orders), int(n_messages)
    n_agents = int(min(50, max(4, n_messages // 100_000)))
    n_buyers = max(10, int(n_orders * 0.7 + n_messages / 12))
    buyers = _pool("测试用户", n_buyers)
    agents = np.array([f"{SHOP}:客服{i:02d}" for i in range(n_agents)], dtype=object)
    agent_median = np.exp(rng.normal(np.log(20), 0.6, size=n_agents))

    # messages: conversations of 2..10 messages, trimmed to exactly n_messages
    if n_messages > 0:
        lengths = rng.integers(2, 11, size=n_messages // 2 + 2)
        cum = np.cumsum(lengths)
        k = int(np.searchsorted(cum, n_messages))
        lengths = lengths[: k + 1].copy()
        lengths[-1] -= int(cum[k] - n_messages)
        lengths = lengths[lengths > 0]
    else:
        lengths = np.zeros(0, dtype=np.int64)
    n_conv = len(lengths)
    conv_buyer = rng.integers(0, n_buyers, size=n_conv)
    conv_agent = rng.integers(0, n_agents, size=n_conv)
    conv_start = _bench_times(rng, n_conv, days)
    conv_unanswered = rng.random(n_conv) < 0.08
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n_conv else np.zeros(0, dtype=np.int64)
    conv = np.repeat(np.arange(n_conv), lengths)
    pos = np.arange(n_messages) - np.repeat(starts, lengths)
    from_agent = (pos % 2 == 1) & ~conv_unanswered[conv]
    auto = pos == 1
    resp = rng.lognormal(np.log(agent_median[conv_agent[conv]]), 0.7)
    gap = np.where(from_agent, resp, rng.exponential(40.0, size=n_messages))
    gap = np.where(auto, 1.0, gap)
    gap[pos == 0] = 0.0
    csum = np.cumsum(np.round(gap).astype(np.int64))
    offset = csum - np.repeat(csum[starts] if n_conv else csum[:0], lengths)
    m_time = conv_start[conv] + offset.astype("timedelta64[s]")
    buyer_texts = np.array(list(BUYER_OPENERS) + [q.format(title="这款") for q in BUYER_QUESTIONS]
                           + list(BUYER_FOLLOWUPS), dtype=object)
    agent_texts = np.array(list(AGENT_ANSWERS) + list(AGENT_CLOSERS), dtype=object)
    text = np.where(from_agent, agent_texts[rng.integers(0, len(agent_texts), n_messages)],
                    buyer_texts[rng.integers(0, len(buyer_texts), n_messages)])
    auto_msg = auto & from_agent
    text = np.where(auto_msg, WELCOME, text)
    messages = _frame("messages", n_messages, {
        "time": m_time.astype("datetime64[ns]"),
        "shop": np.full(n_messages, SHOP, dtype=object),
        "buyer": buyers[conv_buyer[conv]],
        "agent": agents[conv_agent[conv]],
        "sender": np.array(["buyer", "agent"], dtype=object)[from_agent.astype(np.intp)],
        "auto": auto_msg,
        "text": text,
    })

    # orders: about half follow a conversation of the same buyer within minutes to hours
    o_buyer = rng.integers(0, n_buyers, size=n_orders)
    created = _bench_times(rng, n_orders, days)
    if n_conv:
        follows = rng.random(n_orders) < 0.5
        pick = rng.integers(0, n_conv, size=int(follows.sum()))
        o_buyer[follows] = conv_buyer[pick]
        conv_end = conv_start + (offset[np.cumsum(lengths) - 1]).astype("timedelta64[s]")
        delay = rng.lognormal(np.log(900), 1.0, size=len(pick)).astype(np.int64)
        created[follows] = conv_end[pick] + delay.astype("timedelta64[s]")
    status_codes = rng.choice(5, size=n_orders, p=[0.10, 0.22, 0.33, 0.30, 0.05])
    statuses = np.array([UNPAID, PAID_UNSHIPPED, SHIPPED, COMPLETED, CLOSED], dtype=object)
    status = statuses[status_codes]
    is_paid = status_codes != 0
    is_paid &= ~((status_codes == 4) & (rng.random(n_orders) < 0.5))  # half the closed never paid
    paid = np.where(is_paid, created + rng.integers(10, 600, n_orders).astype("timedelta64[s]"),
                    np.datetime64("NaT"))
    shipped_mask = (status_codes == 2) | (status_codes == 3)
    shipped = np.where(shipped_mask, paid + rng.integers(3600, 40 * 3600, n_orders).astype("timedelta64[s]"),
                       np.datetime64("NaT"))

    # lines: 1..3 per order over a catalogue of SKUs
    n_lines_per = rng.choice([1, 2, 3], size=n_orders, p=[0.75, 0.2, 0.05])
    n_skus = 200
    sku_pool = np.array([f"SKU-{i:04d}" for i in range(n_skus)], dtype=object)
    sku_titles = np.array([f"示例商品{i:04d}" for i in range(n_skus)], dtype=object)
    sku_price = np.round(rng.uniform(9.9, 299.0, size=n_skus), 1)
    line_order = np.repeat(np.arange(n_orders), n_lines_per)
    line_sku = rng.integers(0, n_skus, size=len(line_order))
    line_qty = rng.choice([1.0, 2.0, 3.0], size=len(line_order), p=[0.8, 0.15, 0.05])
    line_amount = sku_price[line_sku] * line_qty
    order_amount = np.bincount(line_order, weights=line_amount, minlength=n_orders)
    items = np.bincount(line_order, weights=line_qty, minlength=n_orders)
    refund = np.where(is_paid & (rng.random(n_orders) < 0.06), np.round(order_amount * 0.5, 2), 0.0)
    order_ids = (np.int64(2_000_000_000_000_000_000) + rng.permutation(n_orders).astype(np.int64) * 7919
                 + 1_000_003).astype(str).astype(object)
    status_raw = np.array([STATUS_WORDS[s] for s in [UNPAID, PAID_UNSHIPPED, SHIPPED, COMPLETED, CLOSED]],
                          dtype=object)[status_codes]
    orders = _frame("orders", n_orders, {
        "platform": np.full(n_orders, "taobao", dtype=object),
        "shop": np.full(n_orders, SHOP, dtype=object),
        "order_id": order_ids,
        "buyer": buyers[o_buyer],
        "created": created.astype("datetime64[ns]"),
        "paid": paid.astype("datetime64[ns]"),
        "shipped": shipped.astype("datetime64[ns]"),
        "status": status,
        "status_raw": status_raw,
        "paid_amount": np.where(is_paid, np.round(order_amount, 2), 0.0),
        "refund_amount": refund,
        "items": items,
        "presale": rng.random(n_orders) < 0.02,
    })
    lines = _frame("lines", len(line_order), {
        "platform": np.full(len(line_order), "taobao", dtype=object),
        "order_id": order_ids[line_order],
        "sku": sku_pool[line_sku],
        "title": sku_titles[line_sku],
        "quantity": line_qty,
        "price": sku_price[line_sku],
        "status_raw": status_raw[line_order],
    })
    waiting = status_codes[line_order] == 1
    demand = np.bincount(line_sku[waiting], weights=line_qty[waiting], minlength=n_skus)
    inventory = _frame("inventory", n_skus, {
        "sku": sku_pool,
        "title": sku_titles,
        "available": np.maximum(0.0, demand + rng.integers(-20, 60, size=n_skus)),
    })
    return orders, lines, messages, inventory


#: the 订单报表 columns the large xlsx carries (a real subset, trailing spaces included)
LARGE_ORDER_HEADER = (
    "订单编号", "买家会员名", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额", "订单状态", "买家留言",
    "收货人姓名", "收货地址 ", "联系手机", "订单创建时间", "订单付款时间 ", "宝贝标题 ", "宝贝总数量", "店铺名称",
    "订单关闭原因", "退款金额", "发货时间",
)

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _xml_escaped(values) -> np.ndarray:
    """Values as XML-escaped text, escaping each distinct value once (exports repeat them)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    esc = np.array([escape(str(v)) for v in uniques], dtype=object)
    return esc[codes] if len(esc) else np.array([], dtype=object)


_STR_CELL = '<c t="inlineStr"><is><t>%s</t></is></c>'
_NUM_CELL = "<c><v>%.2f</v></c>"


def write_large_order_xlsx(path, rows: int, *, seed: int = 7) -> Path:
    """A Taobao 订单报表 xlsx with ``rows`` orders, streamed as raw sheet XML (no openpyxl).

    Inline strings and no styles keep it small and quick to write (one ``%``-format per row);
    calamine and openpyxl read it like an export. Rows come from ``generate_frames``.
    """
    path = Path(path)
    orders, lines, _, _ = generate_frames(rows, 0, seed)
    n = len(orders)
    first_title = lines.drop_duplicates("order_id").set_index("order_id")["title"]
    titles = first_title.reindex(orders["order_id"]).fillna("").to_numpy(dtype=object)

    def ts(col):
        s = orders[col]
        return np.where(s.isna(), "", s.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("")).astype(object)

    num = (np.arange(n) % 10000).astype(str)
    closed = orders["status"].to_numpy() == CLOSED
    amount = orders["paid_amount"].to_numpy()
    # (column values, is_text) in LARGE_ORDER_HEADER order
    cols = [
        (orders["order_id"].to_numpy(dtype=object), True),
        (orders["buyer"].to_numpy(dtype=object), True),
        (amount, False),
        (np.zeros(n), False),
        (amount, False),
        (amount, False),
        (orders["status_raw"].to_numpy(dtype=object), True),
        (np.full(n, "", dtype=object), True),
        (np.char.add("测试收件人", num), True),
        (np.char.add("浙江省 杭州市 西湖区 示例路", num), True),
        (np.char.add("1380000", np.char.zfill(num, 4)), True),
        (ts("created"), True),
        (ts("paid"), True),
        (titles, True),
        (orders["items"].to_numpy(), False),
        (np.full(n, SHOP, dtype=object), True),
        (np.where(closed, "买家未付款，超时关闭", "订单未关闭"), True),
        (orders["refund_amount"].to_numpy(), False),
        (ts("shipped"), True),
    ]
    # ids, nicks, phones, addresses and times are generated from digits and fixed Chinese text,
    # never holding & < >: only the columns from word lists go through the escaper
    plain = {0, 1, 8, 9, 10, 11, 12, 18}
    values = [
        (np.asarray(v, dtype=object) if i in plain else _xml_escaped(v)) if is_text
        else np.asarray(v, dtype="float64")
        for i, (v, is_text) in enumerate(cols)
    ]
    row_tpl = '<row r="%d">' + "".join(_STR_CELL if t else _NUM_CELL for _, t in cols) + "</row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, body in _XLSX_PARTS.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), body)
        with zf.open(zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=_ZIP_TIME), "w",
                     force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
                      b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            head = "".join(_STR_CELL % escape(h) for h in LARGE_ORDER_HEADER)
            out.write(f'<row r="1">{head}</row>'.encode("utf-8"))
            chunk = 50_000
            for lo in range(0, n, chunk):
                hi = min(lo + chunk, n)
                part = zip(range(lo + 2, hi + 2), *(v[lo:hi].tolist() for v in values))
                out.write("".join([row_tpl % r for r in part]).encode("utf-8"))
            out.write(b"</sheetData></worksheet>")
    return path


def write_large_chat_csv(path, rows: int, *, seed: int = 7) -> Path:
    """A plain chat CSV (UTF-8 with BOM, CRLF, Chinese headers) with ``rows`` messages.

    Written with one ``%``-format per row: the generated nicks and texts never hold an ASCII
    comma, quote or line break (the word lists are checked by the tests), so nothing needs quoting.
    """
    path = Path(path)
    _, _, messages, _ = generate_frames(0, rows, seed)
    times = np.datetime_as_string(messages["time"].to_numpy().astype("datetime64[s]"), unit="s")
    times = np.char.replace(times, "T", " ").astype(object)
    cols = [
        times,
        messages["buyer"].to_numpy(dtype=object),
        messages["agent"].to_numpy(dtype=object),
        np.array(["买家", "客服"], dtype=object)[(messages["sender"].to_numpy() == "agent").astype(np.intp)],
        messages["text"].to_numpy(dtype=object),
        np.array(["0", "1"], dtype=object)[messages["auto"].to_numpy().astype(np.intp)],
    ]
    with open(path, "wb") as f:
        f.write("时间,买家,客服,发送方,内容,自动回复\r\n".encode("utf-8-sig"))
        chunk = 200_000
        for lo in range(0, len(messages), chunk):
            part = zip(*(c[lo:lo + chunk].tolist() for c in cols))
            f.write("".join(["%s,%s,%s,%s,%s,%s\r\n" % r for r in part]).encode("utf-8"))
    return path
