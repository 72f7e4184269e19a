"""The plain chat log (CSV or XLSX) any system can produce, read into MESSAGE_COLUMNS.

Columns (Chinese or English headers, any order, see docs/formats-chats.md):
``time``/``时间`` (``YYYY-MM-DD HH:MM:SS``), ``buyer``/``买家``, ``agent``/``客服`` (the
sub-account, e.g. ``店铺名:客服名``), ``sender``/``发送方`` (``buyer``/``买家``/``customer`` or
``agent``/``客服``/``seller``), ``text``/``内容`` and optionally ``auto``/``自动回复``
(``1``/``0``, ``true``/``false``, ``是``/``否``) and ``shop``/``店铺``.

The helpers it shares with chats_qianniu.py (auto-reply marking, shop from a sub-account, times)
are in chats_cells.py and re-exported here. Everything is vectorised: values are factorised
first and the Python work runs over the distinct values only, because a chat log repeats the
same few agents, senders and template texts millions of times.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from ..errors import InputError, MissingColumns, RowProblem
from ..progress import Reporter
from ..schema import conform
from .base import KIND_CHATS, ImportResult, RawTable
from .cleaning import parse_folded
# the helpers chats_qianniu shares, re-exported (chats_plain.auto_mask etc. keep working)
from .chats_cells import (  # noqa: F401
    DEFAULT_AUTO_PATTERNS, DEFAULT_ROBOT_ACCOUNTS, _blank_or_text, _is_robot, _norm_words, _obj,
    _plain_text, _shop_of_one, _text, auto_mask, compile_patterns, is_sub_account, parse_times, shop_of,
)

#: header aliases, compared case-insensitively after stripping
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("time", "时间", "消息时间", "timestamp", "datetime"),
    "buyer": ("buyer", "买家", "顾客", "customer", "买家昵称", "买家会员名"),
    "agent": ("agent", "客服", "客服账号", "子账号", "客服昵称"),
    "sender": ("sender", "发送方", "发送者", "发言方", "role"),
    "text": ("text", "内容", "消息内容", "message", "消息"),
    "auto": ("auto", "自动回复", "is_auto", "自动"),
    "shop": ("shop", "店铺", "店铺名称"),
}
REQUIRED = ("time", "buyer", "agent", "sender", "text")

#: words for who sent a message (lower-cased)
BUYER_WORDS = frozenset({"buyer", "买家", "customer", "顾客", "客户", "b", "c", "in", "incoming"})
AGENT_WORDS = frozenset({"agent", "客服", "seller", "卖家", "staff", "商家", "a", "s", "out", "outgoing"})
TRUE_WORDS = frozenset({"1", "1.0", "true", "t", "yes", "y", "是", "自动", "自动回复", "√"})
FALSE_WORDS = frozenset({"", "0", "0.0", "false", "f", "no", "n", "否", "nan", "none"})


def find_columns(headers: Iterable[str]) -> dict[str, str]:
    """Map our field names to the file's header names (first match per field wins)."""
    found: dict[str, str] = {}
    lowered = {str(h).strip().lower(): str(h) for h in headers}
    for field, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias.lower() in lowered:
                found[field] = lowered[alias.lower()]
                break
    return found


class PlainChatFormat:
    """Format protocol implementation for the plain chat CSV/XLSX."""

    id = "plain_chat"
    label = "聊天记录 (通用 CSV/XLSX) / Plain chat log"
    kind = KIND_CHATS

    def __init__(
        self,
        auto_patterns: Iterable[str] = DEFAULT_AUTO_PATTERNS,
        robot_accounts: Iterable[str] = DEFAULT_ROBOT_ACCOUNTS,
    ) -> None:
        self.auto_patterns = tuple(auto_patterns)
        self.robot_accounts = tuple(robot_accounts)

    def score(self, headers: list[str]) -> float:
        """1.0 with every column and the auto flag; 0.9 without it; low when columns are missing."""
        found = find_columns(headers)
        have = sum(1 for f in REQUIRED if f in found)
        if have == len(REQUIRED):
            return 1.0 if "auto" in found else 0.9
        # a partial match is still a hint for the mapping dialog, never a winner
        return 0.3 * have / len(REQUIRED) if have >= 3 else 0.0

    def read(self, table: RawTable, reporter: Optional[Reporter] = None) -> ImportResult:
        """Normalise ``table``; unreadable times, unknown senders and blank nicks skip the row."""
        return read_table(
            table, reporter, auto_patterns=self.auto_patterns, robot_accounts=self.robot_accounts
        )


def read_table(
    table: RawTable,
    reporter: Optional[Reporter] = None,
    *,
    auto_patterns: Iterable[str] = DEFAULT_AUTO_PATTERNS,
    robot_accounts: Iterable[str] = DEFAULT_ROBOT_ACCOUNTS,
) -> ImportResult:
    """Read a plain chat table (see the module docstring) into an ImportResult of kind chats."""
    reporter = reporter or Reporter()
    name = Path(table.path).name
    cols = find_columns(table.headers)
    missing = [f for f in REQUIRED if f not in cols]
    if missing:
        wanted = ", ".join(f"{f}/{COLUMN_ALIASES[f][1]}" for f in missing)
        raise MissingColumns(
            f"缺少聊天记录列 / missing chat columns: {wanted}.",
            file=name,
            sheet=table.sheet,
            row=table.header_row,
            missing=missing,
            hint="请在表头加上这些列，或在列映射对话框中指定。/ Add the columns to the header row, "
            "or map them in the column-mapping dialog.",
        )
    data = table.data
    n = len(data)
    if n == 0:
        raise InputError(
            "未找到聊天消息 / no messages found: the sheet has a header row but no rows under it.",
            file=name, sheet=table.sheet, row=table.header_row,
            hint="请选择有消息的时间段重新导出。/ Export the chat log again for a period that has messages.",
        )
    total_steps = 5
    reporter.step(0, total_steps, "读取聊天时间 Reading chat times")
    rows = np.asarray(data.index, dtype=np.int64)
    problems: list[RowProblem] = []
    keep = np.ones(n, dtype=bool)

    times, bad_time = parse_folded(parse_times, data[cols["time"]])  # full-width digits too
    _add_problems(problems, name, table.sheet, rows, bad_time, cols["time"], data[cols["time"]],
                  "时间无法识别，应为 YYYY-MM-DD HH:MM:SS / unreadable time, expected YYYY-MM-DD HH:MM:SS")
    empty_time = times.isna().to_numpy() & ~bad_time
    _add_problems(problems, name, table.sheet, rows, empty_time, cols["time"], None, "时间为空 / time is empty")
    keep &= ~times.isna().to_numpy()
    reporter.step(1, total_steps, "识别发送方 Reading senders")

    buyers = _text(data[cols["buyer"]])
    # the agent column is factorised once: clean text, shop and robot flag per distinct account
    a_codes, a_uniques = pd.factorize(_obj(data[cols["agent"]]), use_na_sentinel=False)
    # 店：小王 is 店:小王 (the full-width separator folded)
    a_clean = np.array([_blank_or_text(u).replace("：", ":") for u in a_uniques], dtype=object)
    agents = pd.Series(a_clean[a_codes] if len(a_clean) else np.array([], dtype=object), index=data.index)
    robot_re = compile_patterns(robot_accounts)
    a_robot = np.array([robot_re is not None and _is_robot(u, robot_re) for u in a_clean], dtype=bool)
    a_shop = np.array([_shop_of_one(u) for u in a_clean], dtype=object)

    codes, words = _norm_words(data[cols["sender"]])
    is_buyer_u = np.array([w in BUYER_WORDS for w in words], dtype=bool)
    is_agent_u = np.array([w in AGENT_WORDS for w in words], dtype=bool)
    from_agent = is_agent_u[codes] if len(words) else np.zeros(0, dtype=bool)
    known = (is_buyer_u | is_agent_u)[codes] if len(words) else np.zeros(0, dtype=bool)
    if (~known).any():
        # some systems put the nick in the sender column: the buyer's own nick or the agent account
        odd = np.flatnonzero(~known)
        nick = _text(data[cols["sender"]].iloc[odd]).to_numpy()
        by_buyer = (nick == buyers.to_numpy()[odd]) & (nick != "")
        by_agent = (nick == agents.to_numpy()[odd]) & (nick != "") & ~by_buyer
        from_agent = from_agent.copy()
        known = known.copy()
        from_agent[odd[by_agent]] = True
        known[odd[by_buyer | by_agent]] = True
    unknown = ~known & keep
    _add_problems(problems, name, table.sheet, rows, unknown, cols["sender"], data[cols["sender"]],
                  "发送方应为 买家/buyer 或 客服/agent / sender must be buyer or agent")
    keep &= known

    no_buyer = (buyers == "").to_numpy() & keep
    _add_problems(problems, name, table.sheet, rows, no_buyer, cols["buyer"], None, "买家为空 / buyer is empty")
    keep &= ~no_buyer
    no_agent = (agents == "").to_numpy() & keep
    _add_problems(problems, name, table.sheet, rows, no_agent, cols["agent"], None,
                  "客服账号为空 / agent is empty")
    keep &= ~no_agent
    reporter.step(2, total_steps, "读取消息内容 Reading texts")

    texts = _plain_text(data[cols["text"]])
    marked = np.zeros(n, dtype=bool)
    if "auto" in cols:
        acodes, awords = _norm_words(data[cols["auto"]])
        true_u = np.array([w in TRUE_WORDS for w in awords], dtype=bool)
        odd_u = np.array([w not in TRUE_WORDS and w not in FALSE_WORDS for w in awords], dtype=bool)
        if len(awords):
            marked = true_u[acodes]
            odd = odd_u[acodes] & keep
            _add_problems(problems, name, table.sheet, rows, odd, cols["auto"], data[cols["auto"]],
                          "自动回复标记无法识别，按人工消息处理 / unreadable auto flag, read as not automatic",
                          skipped=False)
    reporter.step(3, total_steps, "识别自动回复 Recognising auto-replies")
    robot = a_robot[a_codes] & from_agent if len(a_clean) else np.zeros(n, dtype=bool)
    auto = (marked & from_agent) | robot | auto_mask(
        texts, agents, from_agent, auto_patterns=auto_patterns, robot_accounts=()
    )
    derived = pd.Series(a_shop[a_codes] if len(a_shop) else np.array([], dtype=object), index=data.index)
    if "shop" in cols:
        shops = _text(data[cols["shop"]])
        shops = shops.where(shops != "", derived)
    else:
        shops = derived
    reporter.step(4, total_steps, "整理消息 Building messages")

    sender = np.array(["buyer", "agent"], dtype=object)[from_agent.astype(np.intp)]
    # object Series: pandas 3 would otherwise infer its str dtype and conform convert it back
    frame = pd.DataFrame(
        {
            "time": times.to_numpy()[keep],
            "shop": pd.Series(shops.to_numpy(dtype=object)[keep], dtype=object),
            "buyer": pd.Series(buyers.to_numpy(dtype=object)[keep], dtype=object),
            "agent": pd.Series(agents.to_numpy(dtype=object)[keep], dtype=object),
            "sender": pd.Series(sender[keep], dtype=object),
            "auto": auto[keep],
            "text": pd.Series(texts.to_numpy(dtype=object)[keep], dtype=object),
        }
    )
    problems.sort(key=lambda p: p.row)
    reporter.step(total_steps, total_steps, "完成 Done")
    return ImportResult(
        path=str(table.path),
        kind=KIND_CHATS,
        format_id=PlainChatFormat.id,
        format_label=PlainChatFormat.label,
        messages=conform(frame, "messages"),
        problems=problems,
        rows_read=int(keep.sum()),
        sheet=table.sheet,
    )


#: problems beyond this many per column and reason carry no value text; there is still one
#: entry per skipped row so ImportResult.rows_skipped stays exact
MAX_VALUES_LISTED = 1000


def _add_problems(problems, file, sheet, rows, mask, column, values, reason, *, skipped=True) -> None:
    idx = np.flatnonzero(mask)
    if not len(idx):
        return
    shown = values.to_numpy()[idx[:MAX_VALUES_LISTED]] if values is not None else []
    for k, i in enumerate(idx):
        v = shown[k] if k < len(shown) else None
        value = None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
        problems.append(
            RowProblem(file=file, row=int(rows[i]), reason=reason, sheet=sheet, column=column,
                       value=value, skipped=skipped)
        )


def read_path(
    path,
    reporter: Optional[Reporter] = None,
    *,
    auto_patterns: Iterable[str] = DEFAULT_AUTO_PATTERNS,
    robot_accounts: Iterable[str] = DEFAULT_ROBOT_ACCOUNTS,
) -> ImportResult:
    """Read a plain chat CSV/XLSX from disk (first sheet that has the chat columns)."""
    from . import readers  # the shared reader: encodings, header row detection, calamine

    tables = readers.read_raw_tables(path)
    for table in tables:
        if all(f in find_columns(table.headers) for f in REQUIRED):
            return read_table(table, reporter, auto_patterns=auto_patterns, robot_accounts=robot_accounts)
    raise InputError(
        "没有找到聊天记录表头 / no sheet has the chat columns (time, buyer, agent, sender, text).",
        file=Path(path).name,
        hint="表头需要 时间, 买家, 客服, 发送方, 内容。/ The header row needs time, buyer, agent, sender, text.",
    )


FORMAT = PlainChatFormat()
