"""Qianniu / Wangwang chat logs: the copied-text layout and the web exporter's xlsx.

Qianniu has no official bulk chat export; shops copy the 聊天记录 page or the client's history
into a text file. The layout this module reads (see docs/formats-chats.md for examples):

* **Message header** ``昵称 YYYY-M-D H:MM:SS`` (also ``/`` or ``.`` in the date, seconds
  optional, no space between nick and time, or the nick alone on one line and the time alone on
  the next). The message text follows on the next lines until the next header; several lines
  are joined with a newline.
* **Who is who.** A nick ``店铺名:客服名`` (ASCII or full-width colon) is an agent sub-account;
  a nick equal to a shop name seen in a sub-account is that shop's main account (an agent);
  every other nick is a buyer.
* **Several buyers in one file.** A section line ``----- 与 买家昵称 的聊天记录 -----`` (dashes,
  ``=`` or none around it) or a nick framed by three or more dashes (``----- 买家昵称 -----``)
  starts the conversation with that buyer: every other nick inside the section is an agent,
  and agent messages belong to that buyer even when the buyer never answers (a 催付 message).
  Without section lines, agent messages belong to the most recent buyer (or, before any buyer
  has spoken, the next one), so a log copied from one conversation window needs none.
* **Transfers** ``A --> B`` (a timestamp may follow): buyer messages after it belong to B.
* **Noise** dropped: ``由 服务助手 转交给…``, ``原因：【离线留言自动分配】``, ``… 撤回了一条消息``,
  ``已读`` / ``未读`` / ``发送中`` / ``已发送`` / ``发送失败``, ``当前用户来自…``, ``商品详情页``,
  ``商品推荐``, and messages from the system nicks 服务助手 / 系统消息 / 系统提示.
* **Which agent a buyer message belongs to**: the agent who last spoke (or was transferred to)
  in the conversation, else the next agent who speaks, else the ``agent`` argument (the
  sub-account whose window was copied), else the only agent in the file. A buyer message with
  none of these is skipped with a RowProblem.
* **Automatic replies** carry no marker in copied text: agent messages whose text matches
  ``auto_patterns`` (the shop's welcome text, 自动回复, 机器人, ...) or whose sub-account matches
  ``robot_accounts`` are marked ``auto``.

The web 聊天记录 page copied as text is read too (``parse_web_lines``): a ``YYYY-MM-DD`` date
line when the date changes, then per message a ``HH:MM:SS`` time line, the text lines, and the
sender's nick as the LAST line of the block. A file is read that way when it has time-only and
date-only lines and no ``nick time`` headers. Who is buyer or agent follows the rules above.

Encodings: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 (what a Windows clipboard save
gives), any line endings. Row numbers in problems are 1-based line numbers.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from ..errors import InputError, MissingColumns, RowProblem
from ..progress import Reporter
from ..schema import conform
from .base import KIND_CHATS, ImportResult, RawTable
from .chats_plain import (
    DEFAULT_AUTO_PATTERNS,
    DEFAULT_ROBOT_ACCOUNTS,
    auto_mask,
    is_sub_account,
    parse_times,
    shop_of,
)

FORMAT_ID = "qianniu_text"
FORMAT_LABEL = "千牛聊天记录 (复制文本) / Qianniu chat log (copied text)"

_TS = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]*(\d{1,2}):(\d{2})(?::(\d{2}))?"
#: ``nick time`` with the time at the end of the line; the nick never holds a tab or two commas
#: (that is a CSV row, not a header)
#: some clients wrap the time in brackets: ``昵称 (2026-11-16 9:00:00)``
_HEADER = re.compile(rf"^(?P<nick>[^\t]*?[^\s(（\[])\s*[(（\[]?(?P<ts>{_TS})[)）\]]?\s*$")
_BARE_TS = re.compile(rf"^\s*[(（\[]?(?P<ts>{_TS})[)）\]]?\s*$")
_TRANSFER = re.compile(rf"^(?P<a>.+?)\s*-{{2,}}>\s*(?P<b>.+?)(?:\s+(?P<ts>{_TS}))?\s*$")
_TIME_ONLY = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2})$")
_DATE_ONLY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_SECTION = re.compile(r"^[-=—\s]*与\s*(?P<nick>.+?)\s*的(?:聊天|对话)记录[-=—\s:：]*$")
_FRAMED = re.compile(r"^[-=—]{3,}\s*(?P<nick>[^-=—\s][^-=—]*?)\s*[-=—]{3,}$")
_NOISE = re.compile(
    r"^(?:由\s*.*转交给.*|原因[:：]\s*【.*】|.*撤回了一条消息.*|已读|未读|发送中|已发送|发送失败|"
    r"当前用户来自.*|商品详情页.*|商品推荐.*)$"
)
#: nicks of platform system accounts: their messages are not part of the conversation
SYSTEM_NICKS = frozenset({"服务助手", "系统消息", "系统提示", "系统"})
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding): BOMs first, UTF-16 without BOM by its NUL bytes, UTF-8, GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    head = raw[:4000]
    if head.count(b"\x00") > len(head) // 4:
        # ASCII-range characters in UTF-16 put their NUL byte second (LE) or first (BE)
        le = head[1::2].count(b"\x00") >= head[0::2].count(b"\x00")
        enc = "utf-16-le" if le else "utf-16-be"
        return raw.decode(enc, errors="replace"), enc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "utf-8"


def _clean_line(line: str) -> str:
    return line.strip().strip(_INVISIBLE).strip()


def _looks_like_csv(nick: str) -> bool:
    return nick.count(",") >= 2 or "\t" in nick


def sniff(head_text: str) -> bool:
    """True when the start of a text file looks like a Qianniu copied chat log."""
    headers = bare = sections = 0
    lines = [_clean_line(x) for x in head_text.splitlines()[:400]]
    for i, line in enumerate(lines):
        if not line:
            continue
        if _SECTION.match(line):
            sections += 1
            continue
        m = _HEADER.match(line)
        if m and not _looks_like_csv(m.group("nick")) and _parse_ts(m) is not None:
            headers += 1
            continue
        if _BARE_TS.match(line) and i > 0 and lines[i - 1]:
            bare += 1
    return headers + bare >= 2 or (headers + bare >= 1 and sections >= 1) or _is_web_layout(lines)


def _is_web_layout(lines: list[str]) -> bool:
    """The web 聊天记录 page copied as text: date lines, time-only lines, the sender line last."""
    times = dates = headers = 0
    for line in lines[:2000]:
        line = _clean_line(line)
        if _TIME_ONLY.match(line):
            times += 1
        elif _DATE_ONLY.match(line):
            dates += 1
        elif _HEADER.match(line) and not _looks_like_csv(_HEADER.match(line).group("nick")):
            headers += 1
    return times >= 2 and dates >= 1 and headers == 0


def _parse_ts(m: re.Match) -> Optional[_dt.datetime]:
    # groups of _TS follow the named group "ts" in every pattern that embeds it
    start = m.re.groupindex["ts"]
    y, mo, d, h, mi, s = m.groups()[start:start + 6]
    try:
        return _dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    except ValueError:
        return None


def _to_datetime(m: re.Match) -> Optional[_dt.datetime]:
    when = _parse_ts(m)
    if when is None:
        return None
    # a year outside 1900-2199 (9999, 1677, 2262: past what pandas holds) is unreadable like 13月
    return when if _NS_FIRST <= when <= _NS_LAST else None


_NS_FIRST, _NS_LAST = _dt.datetime(1900, 1, 1), _dt.datetime(2199, 12, 31, 23, 59, 59)


class _Msg:
    __slots__ = ("line", "nick", "time", "body", "section", "section_buyer", "transfer_to")

    def __init__(self, line, nick, time, section, section_buyer, transfer_to=None):
        self.line = line
        self.nick = nick
        self.time = time
        self.body: list[str] = []
        self.section = section
        self.section_buyer = section_buyer
        self.transfer_to = transfer_to


def parse_lines(lines: list[str], file: str, reporter: Optional[Reporter] = None):
    """The state machine over lines -> (events, problems); events are messages and transfers."""
    reporter = reporter or Reporter()
    events: list[_Msg] = []
    problems: list[RowProblem] = []
    current: Optional[_Msg] = None
    skipping = False  # after an unreadable header: its body lines go with it
    section = 0
    section_buyer: Optional[str] = None
    last_plain: Optional[tuple[int, str]] = None  # (line number, text) of the last body/orphan line
    total = len(lines)
    for no, raw in enumerate(lines, start=1):
        if no % 20000 == 0:
            reporter.step(no, total, "读取聊天记录 Reading chat lines")
        line = _clean_line(raw)
        if not line:
            if current is not None and current.body:
                current.body.append("")  # a blank line inside a multi-line message
            continue
        m = _SECTION.match(line) or _FRAMED.match(line)
        if m:
            current, skipping, last_plain = None, False, None
            section += 1
            section_buyer = m.group("nick").strip()
            continue
        m = _TRANSFER.match(line)
        if m:
            current, skipping, last_plain = None, False, None
            when = _to_datetime(m) if m.group("ts") else None
            ev = _Msg(no, m.group("a").strip(), when, section, section_buyer,
                      transfer_to=m.group("b").strip())
            events.append(ev)
            continue
        m = _HEADER.match(line)
        if m and not _looks_like_csv(m.group("nick")):
            when = _to_datetime(m)
            nick = m.group("nick").strip()
            if when is None:
                problems.append(RowProblem(file=file, row=no, column="时间", value=m.group("ts"),
                                           reason="时间无法识别 / unreadable time; the message was skipped"))
                current, skipping, last_plain = None, True, None
                continue
            current = _start(events, no, nick, when, section, section_buyer)
            skipping, last_plain = False, None
            continue
        m = _BARE_TS.match(line)
        if m and last_plain is not None and last_plain[0] == no - 1:
            # the nick stood alone on the previous line: take it back from the body it joined
            when = _to_datetime(m)
            nick = last_plain[1]
            if current is not None and current.body and current.body[-1] == nick:
                current.body.pop()
                while current.body and current.body[-1] == "":
                    current.body.pop()
            if when is None:
                problems.append(RowProblem(file=file, row=no, column="时间", value=m.group("ts"),
                                           reason="时间无法识别 / unreadable time; the message was skipped"))
                current, skipping, last_plain = None, True, None
                continue
            current = _start(events, no - 1, nick, when, section, section_buyer)
            skipping, last_plain = False, None
            continue
        if _NOISE.match(line):
            continue
        last_plain = (no, line)
        if current is not None and not skipping:
            current.body.append(line)
    return events, problems


def parse_web_lines(lines: list[str], file: str, reporter: Optional[Reporter] = None):
    """The web 聊天记录 page as text -> (events, problems).

    Each message is a block: a time line ``HH:MM:SS`` (after a ``YYYY-MM-DD`` date line when
    the date changes), the text lines, and the sender's nick as the block's LAST line.
    """
    reporter = reporter or Reporter()
    events: list[_Msg] = []
    problems: list[RowProblem] = []
    day: Optional[_dt.date] = None
    section, section_buyer = 0, None
    block: Optional[tuple[int, tuple[int, int, int], list[str]]] = None

    def finish():
        if block is None:
            return
        no, (h, mi, sec), body = block
        if not body:
            return  # a time line with nothing under it (a card the page could not show)
        if day is None:
            problems.append(RowProblem(file=file, row=no, column="时间", value=f"{h}:{mi:02d}:{sec:02d}",
                                       reason="消息前没有日期行 / no date line before this message; "
                                       "copy the page from its first date line"))
            return
        try:
            when = _dt.datetime(day.year, day.month, day.day, h, mi, sec)
        except ValueError:
            problems.append(RowProblem(file=file, row=no, column="时间", value=f"{h}:{mi:02d}:{sec:02d}",
                                       reason="时间无法识别 / unreadable time; the message was skipped"))
            return
        msg = _start(events, no, body[-1], when, section, section_buyer)
        if msg is not None:
            msg.body = body[:-1]

    total = len(lines)
    for no, raw in enumerate(lines, start=1):
        if no % 20000 == 0:
            reporter.step(no, total, "读取聊天记录 Reading chat lines")
        line = _clean_line(raw)
        if not line:
            continue
        m = _DATE_ONLY.match(line)
        if m:
            finish()
            block = None
            try:
                day = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                day = None
                problems.append(RowProblem(file=file, row=no, column="日期", value=line,
                                           reason="日期无法识别 / unreadable date"))
            continue
        m = _TIME_ONLY.match(line)
        if m:
            finish()
            block = (no, (int(m.group(1)), int(m.group(2)), int(m.group(3))), [])
            continue
        m = _SECTION.match(line) or _FRAMED.match(line)
        if m:
            finish()
            block = None
            section += 1
            section_buyer = m.group("nick").strip()
            continue
        if _NOISE.match(line):
            continue
        if block is not None:
            block[2].append(line)
    finish()
    return events, problems


def _start(events, no, nick, when, section, section_buyer) -> Optional[_Msg]:
    if nick in SYSTEM_NICKS:
        return None  # system notices: drop the header and the lines under it
    msg = _Msg(no, nick, when, section, section_buyer)
    events.append(msg)
    return msg


def read_text(
    path,
    reporter: Optional[Reporter] = None,
    *,
    auto_patterns: Iterable[str] = DEFAULT_AUTO_PATTERNS,
    robot_accounts: Iterable[str] = DEFAULT_ROBOT_ACCOUNTS,
    agent: Optional[str] = None,
) -> ImportResult:
    """Read a Qianniu copied-text chat log (layout in the module docstring).

    ``agent`` is the sub-account whose window was copied, used for buyer messages that no agent
    in the file answered. Raises InputError when the file holds no message at all.
    """
    reporter = reporter or Reporter()
    name = Path(path).name
    raw = Path(path).read_bytes()
    text, _encoding = decode(raw)
    lines = text.splitlines()
    reporter.step(0, max(len(lines), 1), "读取聊天记录 Reading chat lines")
    if _is_web_layout(lines):
        events, problems = parse_web_lines(lines, name, reporter)
    else:
        events, problems = parse_lines(lines, name, reporter)
    messages = [e for e in events if e.transfer_to is None]
    if not messages:
        raise InputError(
            "未找到聊天消息 / no messages found.",
            file=name,
            hint="千牛聊天记录需要 '示例旗舰店:小美 2026-11-16 9:05:00' 这样的抬头行，下面是消息内容；"
            "请重新复制聊天记录，或导出含 时间, 买家, 客服, 发送方, 内容 列的 CSV。/ A Qianniu chat log "
            "needs header lines like the one above followed by the message text; copy the 聊天记录 "
            "page again or export a CSV with those columns.",
        )
    frame, more = _resolve(events, name, agent)
    problems.extend(more)
    from_agent = (frame["sender"] == "agent").to_numpy()
    frame["auto"] = auto_mask(frame["text"], frame["agent"], from_agent,
                              auto_patterns=auto_patterns, robot_accounts=robot_accounts)
    keep = frame["keep"].to_numpy()
    frame = frame[keep].drop(columns=["keep", "line"])
    problems.sort(key=lambda p: p.row)
    reporter.step(len(lines), max(len(lines), 1), "完成 Done")
    return ImportResult(
        path=str(path),
        kind=KIND_CHATS,
        format_id=FORMAT_ID,
        format_label=FORMAT_LABEL,
        messages=conform(frame, "messages"),
        problems=problems,
        rows_read=int(keep.sum()),
    )


def _resolve(events: list[_Msg], file: str, default_agent: Optional[str]):
    """Decide buyer/agent for every message; returns (frame with keep/line columns, problems)."""
    subs = {n for e in events for n in _nicks(e) if is_sub_account(n)}
    shops = {n.split(":", 1)[0].split("：", 1)[0].strip() for n in subs}
    agent_nicks = {n for e in events for n in _nicks(e) if is_sub_account(n) or n in shops}
    for e in events:
        if e.transfer_to is not None:
            agent_nicks.update((e.nick, e.transfer_to))
    rows = []
    for e in events:
        if e.transfer_to is not None:
            rows.append((e.line, e.time, e.section, e.section_buyer, "", e.transfer_to, "transfer", ""))
            continue
        if e.section_buyer is not None:
            is_agent = e.nick != e.section_buyer
        else:
            is_agent = e.nick in agent_nicks
        text = "\n".join(e.body).strip("\n")
        if is_agent:
            rows.append((e.line, e.time, e.section, e.section_buyer, "", e.nick, "agent", text))
        else:
            rows.append((e.line, e.time, e.section, e.section_buyer, e.nick, "", "buyer", text))
    df = pd.DataFrame(
        rows, columns=["line", "time", "section", "section_buyer", "buyer", "agent", "sender", "text"]
    )
    df["section_buyer"] = df["section_buyer"].astype(object)
    # buyer of each event: the section's buyer, else the most recent buyer (next one at the start)
    buyer = df["buyer"].where(df["buyer"] != "")
    explicit = df["section_buyer"].notna()
    buyer = buyer.where(~explicit, df["section_buyer"])
    buyer = buyer.groupby(df["section"]).ffill().groupby(df["section"]).bfill()
    all_buyers = set(df.loc[df["sender"] == "buyer", "buyer"]) | set(df["section_buyer"].dropna())
    if len(all_buyers) == 1:
        buyer = buyer.fillna(next(iter(all_buyers)))
    df["buyer"] = buyer.fillna("").astype(object)
    # agent of each event: the last agent (or transfer target) in the conversation, else the next
    agent = df["agent"].where(df["agent"] != "")
    conv = df["section"].astype(str) + "\x00" + df["buyer"]
    agent = agent.groupby(conv).ffill().groupby(conv).bfill()
    humans = sorted(set(df.loc[df["sender"] == "agent", "agent"]))
    fallback = default_agent or (humans[0] if len(humans) == 1 else None)
    if fallback:
        agent = agent.fillna(fallback)
    df["agent"] = agent.fillna("").astype(object)
    df = df[df["sender"] != "transfer"].reset_index(drop=True)
    problems = []
    keep = np.ones(len(df), dtype=bool)
    for i in np.flatnonzero((df["buyer"] == "").to_numpy()):
        keep[i] = False
        problems.append(RowProblem(file=file, row=int(df["line"].iat[i]), column="昵称",
                                   reason="无法确定买家，请在每段前加一行 '----- 与 买家昵称 的聊天记录 -----' / "
                                   "no buyer for this agent message; start each buyer's part with a "
                                   "section line"))
    for i in np.flatnonzero(((df["agent"] == "") & keep).to_numpy()):
        keep[i] = False
        problems.append(RowProblem(file=file, row=int(df["line"].iat[i]), column="昵称",
                                   reason="无法确定接待客服 / no agent answered this buyer in the log; "
                                   "give the copied window's sub-account as the agent"))
    df["keep"] = keep
    df["time"] = pd.to_datetime(df["time"]).astype("datetime64[ns]")
    df["agent"] = df["agent"].str.replace("：", ":", regex=False)  # 店：小王 is 店:小王 (issue 11)
    df["shop"] = shop_of(df["agent"])
    main = df["agent"].isin(shops) & (df["shop"] == "")
    df.loc[main, "shop"] = df.loc[main, "agent"]
    return df.drop(columns=["section", "section_buyer"]), problems


def _nicks(e: _Msg):
    yield e.nick
    if e.transfer_to is not None:
        yield e.transfer_to


# --- the Qianniu web exporter's xlsx (Tampermonkey 千牛聊天记录导出器) ----------------------------

WEB_ALIASES = {
    "buyer": ("客户名", "客户昵称", "客户ID"),
    "seq": ("消息序号",),
    "time": ("发送时间",),
    "text": ("发送内容",),
    "account": ("发送账号",),
    "account_type": ("账号类型",),
}
_WEB_REQUIRED = ("buyer", "time", "text", "account")
_AGENT_TYPE = re.compile(r"客服|员工|商家|卖家|子账号|主账号|agent|staff|seller", re.IGNORECASE)
_BUYER_TYPE = re.compile(r"客户|顾客|买家|buyer|customer", re.IGNORECASE)
_ROBOT_TYPE = re.compile(r"机器人|自动|robot|\bbot\b", re.IGNORECASE)


def _web_columns(headers) -> dict[str, str]:
    found = {}
    stripped = {str(h).strip(): str(h) for h in headers}
    for field, aliases in WEB_ALIASES.items():
        for a in aliases:
            if a in stripped:
                found[field] = stripped[a]
                break
    return found


class QianniuWebFormat:
    """The web chat-history exporter's xlsx: 客户名, 消息序号, 发送时间, 发送内容, 发送账号, 账号类型."""

    id = "qianniu_web"
    label = "千牛聊天记录 (网页导出 xlsx) / Qianniu chat history (web export)"
    kind = KIND_CHATS

    def __init__(self, auto_patterns=DEFAULT_AUTO_PATTERNS, robot_accounts=DEFAULT_ROBOT_ACCOUNTS):
        self.auto_patterns = tuple(auto_patterns)
        self.robot_accounts = tuple(robot_accounts)

    def score(self, headers: list[str]) -> float:
        """1.0 with all six columns, 0.9 with the four needed ones, else 0."""
        found = _web_columns(headers)
        if all(f in found for f in _WEB_REQUIRED):
            return 1.0 if "seq" in found and "account_type" in found else 0.9
        return 0.0

    def read(self, table: RawTable, reporter: Optional[Reporter] = None) -> ImportResult:
        """One row per message; buyer messages go to the conversation's current agent."""
        reporter = reporter or Reporter()
        name = Path(table.path).name
        cols = _web_columns(table.headers)
        missing = [f for f in _WEB_REQUIRED if f not in cols]
        if missing:
            raise MissingColumns(
                "缺少千牛聊天记录列 / missing Qianniu chat columns: "
                + ", ".join(WEB_ALIASES[f][0] for f in missing),
                file=name, sheet=table.sheet, row=table.header_row, missing=missing,
                hint="网页导出的表头是 客户名, 消息序号, 发送时间, 发送内容, 发送账号, 账号类型。/ "
                "The web exporter writes these six columns.",
            )
        data = table.data
        rows = np.asarray(data.index, dtype=np.int64)
        problems: list[RowProblem] = []
        reporter.step(0, 3, "读取聊天时间 Reading chat times")
        times, bad = parse_times(data[cols["time"]])
        for i in np.flatnonzero(bad | times.isna().to_numpy()):
            v = data[cols["time"]].iat[i]
            problems.append(RowProblem(file=name, sheet=table.sheet, row=int(rows[i]), column=cols["time"],
                                       value=None if pd.isna(v) else str(v),
                                       reason="时间无法识别 / unreadable or empty time"))
        buyer = _cells(data[cols["buyer"]])
        account = _cells(data[cols["account"]])
        text = _cells(data[cols["text"]])
        if "account_type" in cols:
            kind = _cells(data[cols["account_type"]])
            is_agent_type = kind.str.contains(_AGENT_TYPE).to_numpy()
            is_buyer_type = kind.str.contains(_BUYER_TYPE).to_numpy()
            # a robot account type (机器人 / 自动回复) is an agent whose messages are automatic
            is_robot_type = kind.str.contains(_ROBOT_TYPE).to_numpy()
            is_agent_type = is_agent_type | is_robot_type
            is_buyer_type = is_buyer_type & ~is_robot_type
        else:
            is_agent_type = np.zeros(len(data), dtype=bool)
            is_buyer_type = np.zeros(len(data), dtype=bool)
            is_robot_type = np.zeros(len(data), dtype=bool)
        # without a readable type: the customer's own nick is the buyer, a sub-account an agent
        guess_agent = (account != buyer).to_numpy()
        from_agent = np.where(is_agent_type, True, np.where(is_buyer_type, False, guess_agent))
        reporter.step(1, 3, "分配接待客服 Assigning agents")
        seq = pd.to_numeric(data[cols["seq"]], errors="coerce") if "seq" in cols else pd.Series(
            np.arange(len(data)), index=data.index)
        df = pd.DataFrame({
            "row": rows, "time": times.to_numpy(), "buyer": buyer.to_numpy(),
            "agent": np.where(from_agent, account.to_numpy(), None),
            "sender": np.where(from_agent, "agent", "buyer"), "text": text.to_numpy(),
            "seq": seq.to_numpy(dtype="float64"), "order": np.arange(len(data)),
            "typed_auto": is_robot_type,
        })
        df = df.sort_values(["buyer", "seq", "order"], kind="stable")
        df["agent"] = df.groupby("buyer", sort=False)["agent"].ffill()
        df["agent"] = df.groupby("buyer", sort=False)["agent"].bfill()
        df = df.sort_values("order", kind="stable")
        keep = (df["time"].notna() & (df["buyer"] != "")).to_numpy().copy()
        no_agent = df["agent"].isna().to_numpy() & keep
        for r in df["row"].to_numpy()[no_agent]:
            problems.append(RowProblem(file=name, sheet=table.sheet, row=int(r), column=cols["account"],
                                       reason="该客户没有客服消息，无法确定接待客服 / no agent in this "
                                       "customer's messages"))
        keep &= ~no_agent
        df = df[keep].copy()
        df["agent"] = df["agent"].astype(object)
        df["shop"] = shop_of(df["agent"])
        df["auto"] = auto_mask(df["text"], df["agent"], (df["sender"] == "agent").to_numpy(),
                               auto_patterns=self.auto_patterns, robot_accounts=self.robot_accounts)
        df["auto"] = df["auto"].to_numpy() | df["typed_auto"].to_numpy(dtype=bool)
        problems.sort(key=lambda p: p.row)
        reporter.step(3, 3, "完成 Done")
        return ImportResult(
            path=str(table.path), kind=KIND_CHATS, format_id=self.id, format_label=self.label,
            messages=conform(df, "messages"), problems=problems, rows_read=int(keep.sum()),
            sheet=table.sheet,
        )


def _cells(values: pd.Series) -> pd.Series:
    obj = values.astype(object)
    out = obj.where(obj.notna(), "").map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer()
                                          else str(v).strip())
    return out.astype(object)


#: the xlsx layout is a header-recognised Format; the text layout is read by read_text
FORMAT = QianniuWebFormat()
