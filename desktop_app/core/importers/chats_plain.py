"""The plain chat log (CSV or XLSX) any system can produce, read into MESSAGE_COLUMNS.

Columns (Chinese or English headers, any order, see docs/formats-chats.md):
``time``/``时间`` (``YYYY-MM-DD HH:MM:SS``), ``buyer``/``买家``, ``agent``/``客服`` (the
sub-account, e.g. ``店铺名:客服名``), ``sender``/``发送方`` (``buyer``/``买家``/``customer`` or
``agent``/``客服``/``seller``), ``text``/``内容`` and optionally ``auto``/``自动回复``
(``1``/``0``, ``true``/``false``, ``是``/``否``) and ``shop``/``店铺``.

The helpers here (auto-reply marking, shop from a sub-account, sender words) are shared with
chats_qianniu.py. Everything is vectorised: values are factorised first and the Python work
runs over the distinct values only, because a chat log repeats the same few agents, senders
and template texts millions of times.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from ..errors import InputError, MissingColumns, RowProblem
from ..model.settings import DEFAULT_SETTINGS
from ..progress import Reporter
from ..schema import conform
from .base import KIND_CHATS, ImportResult, RawTable
from .cleaning import parse_datetime, parse_folded
from .read_guards import ns_series

#: defaults come from the model settings so the UI's settings page and the importers agree
DEFAULT_AUTO_PATTERNS: tuple[str, ...] = DEFAULT_SETTINGS.auto_reply_patterns
DEFAULT_ROBOT_ACCOUNTS: tuple[str, ...] = DEFAULT_SETTINGS.robot_accounts

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

_COLON = re.compile("[:：]")


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


def shop_of(agents: pd.Series) -> pd.Series:
    """The shop part of ``店铺名:客服名`` sub-accounts ("" when there is no colon)."""
    codes, uniques = pd.factorize(_obj(agents), use_na_sentinel=False)
    shops = np.array([_shop_of_one(u) for u in uniques], dtype=object)
    return pd.Series(shops[codes] if len(shops) else np.array([], dtype=object), index=agents.index)


def _shop_of_one(agent) -> str:
    text = "" if agent is None or (isinstance(agent, float) and np.isnan(agent)) else str(agent)
    parts = _COLON.split(text, maxsplit=1)
    return parts[0].strip() if len(parts) == 2 else ""


def is_sub_account(nick: str) -> bool:
    """True for ``店铺名:客服名`` nicks (ASCII or full-width colon), the shape of an agent account."""
    return bool(_COLON.search(nick or ""))


def compile_patterns(patterns: Iterable[str]) -> Optional[re.Pattern]:
    """One case-insensitive regex matching any of ``patterns`` (None when there are none).

    A pattern that is not a valid regular expression is matched literally, so a user typing
    their welcome text with brackets or a '?' in the settings still gets what they meant.
    """
    parts = []
    for p in patterns:
        if not p:
            continue
        try:
            re.compile(p)
            parts.append(f"(?:{p})")
        except re.error:
            parts.append(re.escape(p))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def auto_mask(
    texts: pd.Series,
    agents: pd.Series,
    from_agent: np.ndarray,
    *,
    auto_patterns: Iterable[str] = DEFAULT_AUTO_PATTERNS,
    robot_accounts: Iterable[str] = DEFAULT_ROBOT_ACCOUNTS,
) -> np.ndarray:
    """Which agent-side messages are automatic: text matches a pattern or the sender is a robot.

    Buyer messages are never automatic (a buyer asking "是机器人吗" is a real question).
    Robot patterns are searched in the sub-account name (the part after the colon) and in the
    whole account, so both ``店小蜜`` and ``示例旗舰店:店小蜜`` match.
    """
    from_agent = np.asarray(from_agent, dtype=bool)
    out = np.zeros(len(texts), dtype=bool)
    if not from_agent.any():
        return out
    text_re = compile_patterns(auto_patterns)
    if text_re is not None:
        codes, uniques = pd.factorize(_obj(texts)[from_agent], use_na_sentinel=False)
        hit = np.array([bool(text_re.search(str(u))) for u in uniques], dtype=bool)
        if len(hit):
            out[from_agent] |= hit[codes]
    robot_re = compile_patterns(robot_accounts)
    if robot_re is not None:
        codes, uniques = pd.factorize(_obj(agents)[from_agent], use_na_sentinel=False)
        hit = np.array([_is_robot(str(u), robot_re) for u in uniques], dtype=bool)
        if len(hit):
            out[from_agent] |= hit[codes]
    return out


def _is_robot(agent: str, robot_re: re.Pattern) -> bool:
    parts = _COLON.split(agent, maxsplit=1)
    name = parts[-1]
    return bool(robot_re.search(name) or robot_re.search(agent))


def _norm_words(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Factorise ``values`` and return (codes, lower-cased stripped uniques)."""
    codes, uniques = pd.factorize(_obj(values), use_na_sentinel=False)
    norm = np.array([_word(u) for u in uniques], dtype=object)
    return codes, norm


def _word(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().lower()


def _obj(values: pd.Series) -> np.ndarray:
    """The cells as an object ndarray without a copy (pandas 3 ``str`` columns keep NaN for missing).

    Factorising this array is about twice as fast as factorising the Series itself.
    """
    return values.to_numpy(dtype=object)


def _blank_or_text(value) -> str:
    if type(value) is str:  # the common case first: one strip, guards only when present
        text = value.strip()
        return _id_text(text) if text[:1] in ("=", "'") else text
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return _id_text(value)


def _text(values: pd.Series) -> pd.Series:
    """Raw cells as stripped text, "" for missing, via the distinct values."""
    codes, uniques = pd.factorize(_obj(values), use_na_sentinel=False)
    clean = np.array([_blank_or_text(u) for u in uniques], dtype=object)
    return pd.Series(clean[codes] if len(clean) else np.array([], dtype=object), index=values.index)


def _plain_text(values: pd.Series) -> pd.Series:
    """Message texts: CSV strings kept as they are (only blanks become ""); xlsx cells via _text."""
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        obj = _obj(values)
        missing = pd.isna(obj)
        if missing.any():
            obj = obj.copy()
            obj[missing] = ""
        return pd.Series(obj, index=values.index, dtype=object)
    return _text(values)


def _id_text(value) -> str:
    # xlsx numbers that are really nicks (e.g. a buyer called 12345) arrive as floats
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # the spreadsheet text-guards real exports use: ="…", a leading tab or apostrophe
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.lstrip("'\t").strip()


def parse_times(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Raw time cells -> (datetime64[ns] series, mask of cells that were not empty but unreadable).

    Strings in the documented ``YYYY-MM-DD HH:MM:SS`` shape and xlsx datetimes take the fast
    fixed-format path; the rest go through the shared ``cleaning.parse_datetime``.
    A UTC offset is dropped after keeping the written wall-clock time (see schema.py).
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        ns = ns_series(out)  # a year like 9999 does not fit nanoseconds: NaT and flagged
        return ns, ns.isna().to_numpy() & ~out.isna().to_numpy()
    # the fixed format straight on the raw cells: no Python per value on the common path
    out = ns_series(pd.to_datetime(values, format="%Y-%m-%d %H:%M:%S", errors="coerce"))
    obj = _obj(values)
    empty = pd.isna(obj) | (obj == "")
    todo = out.isna().to_numpy() & ~empty
    if todo.any():
        # everything else through the shared parser: 2026/11/16 9:05, ISO 'T', 2026年11月16日,
        # Excel serial numbers, offsets (wall-clock kept); its own empties ("-") count as empty
        rest, rest_bad = parse_datetime(values[todo])
        out[todo] = rest.to_numpy(dtype="datetime64[ns]")
        empty[todo] = rest.isna().to_numpy() & ~rest_bad
    bad = out.isna().to_numpy() & ~empty
    return out, bad


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
