"""The Qianniu web exporter's xlsx (Tampermonkey 千牛聊天记录导出器): 客户名, 消息序号, 发送时间, 发送内容,
发送账号, 账号类型, one row per message (``QianniuWebFormat``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from ..errors import MissingColumns, RowProblem
from ..progress import Reporter
from ..schema import conform
from .base import KIND_CHATS, ImportResult, RawTable
from .chats_cells import DEFAULT_AUTO_PATTERNS, DEFAULT_ROBOT_ACCOUNTS, auto_mask, parse_times, shop_of


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
