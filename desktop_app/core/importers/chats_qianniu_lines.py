"""Qianniu copied-text chat logs, line by line: decoding the bytes, recognising the layout (``sniff``)
and the state machines that turn lines into message events (``parse_lines``, ``parse_web_lines``).

The layout itself is described in chats_qianniu.py, which resolves the events into messages.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from ..errors import RowProblem
from ..progress import Reporter


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


def _numbered_clean_lines(lines: list[str], reporter: Reporter):
    """(line number from 1, cleaned line) for each line, with the reading progress every 20,000 lines."""
    total = len(lines)
    for no, raw in enumerate(lines, start=1):
        if no % 20000 == 0:
            reporter.step(no, total, "读取聊天记录 Reading chat lines")
        yield no, _clean_line(raw)


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
    for no, line in _numbered_clean_lines(lines, reporter):
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

    for no, line in _numbered_clean_lines(lines, reporter):
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
