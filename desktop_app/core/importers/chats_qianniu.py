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

from pathlib import Path
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from ..errors import InputError, RowProblem
from ..progress import Reporter
from ..schema import conform
from .base import KIND_CHATS, ImportResult
from .chats_cells import DEFAULT_AUTO_PATTERNS, DEFAULT_ROBOT_ACCOUNTS, auto_mask, is_sub_account, shop_of
# the line parser and the web xlsx format, re-exported here (the registry and tests use chats_qianniu.*)
from .chats_qianniu_lines import (  # noqa: F401
    SYSTEM_NICKS, _is_web_layout, _Msg, decode, parse_lines, parse_web_lines, sniff,
)
from .chats_qianniu_web import WEB_ALIASES, QianniuWebFormat  # noqa: F401

FORMAT_ID = "qianniu_text"
FORMAT_LABEL = "千牛聊天记录 (复制文本) / Qianniu chat log (copied text)"


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


#: the xlsx layout is a header-recognised Format; the text layout is read by read_text
FORMAT = QianniuWebFormat()
