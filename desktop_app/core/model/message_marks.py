"""What the conversations read from the messages besides their times: automatic messages and robot
sub-accounts (mark_automatic, robot_accounts), the chat log's text columns as codes (MessageKeys),
and the human agent messages handed on to reminder detection (AgentMessages). conversations.py
re-exports every name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .settings import DEFAULT_SETTINGS, ModelSettings
from .text_factorize import factorize_text


@dataclass
class AgentMessages:
    """Human (non-automatic) agent messages, sorted by (buyer, time): what 催付 detection reads.

    ``buyer`` and ``agent`` are codes into the categories of the conversations frame.
    """

    time: np.ndarray  # int64 ns
    buyer: np.ndarray  # int64 codes
    agent: np.ndarray  # int64 codes
    conv_id: np.ndarray  # int64
    buyer_categories: pd.Index
    agent_categories: pd.Index
    #: the conversations' categorical dtypes (reused: building one checks a million names again)
    buyer_dtype: pd.CategoricalDtype | None = None
    agent_dtype: pd.CategoricalDtype | None = None
    #: every message in (buyer, agent, time) order, for the quality rules (quality.py): its row in the
    #: messages frame passed in (positional), its conversation, and whether it is the buyer's / automatic
    msg_rows: np.ndarray | None = None
    msg_conv: np.ndarray | None = None
    msg_is_buyer: np.ndarray | None = None
    msg_auto: np.ndarray | None = None


def mark_automatic(
    messages: pd.DataFrame,
    settings: ModelSettings = DEFAULT_SETTINGS,
    agent_codes: np.ndarray | None = None,
    agent_names=None,
    is_agent: np.ndarray | None = None,
) -> np.ndarray:
    """Boolean array: which messages are automatic (flag, robot sub-account or auto-reply text).

    ``agent_codes``/``agent_names`` (a factorisation of ``messages.agent``) may be passed to avoid
    hashing the column again; ``is_agent`` (sender is not "buyer") spares another pass over the senders.
    """
    n = len(messages)
    auto = messages["auto"].fillna(False).to_numpy(dtype=bool).copy() if n else np.zeros(0, bool)
    if n == 0:
        return auto
    if is_agent is None:
        is_agent = messages["sender"].to_numpy(dtype=object) != "buyer"
    if settings.robot_accounts:
        # Robots are sub-accounts: test each distinct account once, not each message.
        if agent_codes is None:
            agent_codes, agent_names = factorize_text(messages["agent"])
        robot = robot_accounts(agent_names, settings)
        if robot.any():
            auto |= is_agent & robot[agent_codes]
    if settings.auto_reply_patterns:
        todo = np.flatnonzero(is_agent & ~auto)
        if len(todo):
            # Templates repeat: match each distinct text once (a chat export holds many copies).
            codes, texts = factorize_text(messages["text"].to_numpy(dtype=object)[todo])
            hit = pd.Series(np.asarray(texts, dtype=object)).astype(str).str.contains(
                "|".join(settings.auto_reply_patterns), regex=True).to_numpy(dtype=bool)
            if hit.any():
                auto[todo[hit[codes]]] = True
    return auto


def robot_accounts(agent_names, settings: ModelSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """Boolean per sub-account name: is it a robot (``settings.robot_accounts`` patterns)?"""
    names = np.asarray(agent_names, dtype=object)
    if not settings.robot_accounts or len(names) == 0:
        return np.zeros(len(names), dtype=bool)
    pattern = re.compile("|".join(settings.robot_accounts), re.IGNORECASE)
    return np.fromiter((bool(pattern.search(_sub_account(str(u)))) for u in names), dtype=bool,
                       count=len(names))


def _sub_account(agent: str) -> str:
    """``店铺名:客服名`` -> ``客服名`` (a shop called 'Robot Store' must not make every agent a robot)."""
    for sep in (":", "："):
        if sep in agent:
            return agent.rsplit(sep, 1)[1]
    return agent


@dataclass(frozen=True)
class MessageKeys:
    """The chat log's other text columns as integer codes (factorize_text of each column), made once
    per loaded dataset (keys.prepare_keys) so that a model run compares no text."""

    agent: np.ndarray
    agent_names: np.ndarray
    shop: np.ndarray
    shop_names: np.ndarray
    #: sender == "buyer"
    is_buyer: np.ndarray


def message_keys(messages: pd.DataFrame) -> MessageKeys:
    """The MessageKeys of ``messages`` (a missing shop column reads as "" throughout)."""
    n = len(messages)
    agent, agent_names = factorize_text(messages["agent"].to_numpy(dtype=object))
    if "shop" in messages:
        shop, shop_names = factorize_text(messages["shop"].to_numpy(dtype=object))
    else:
        shop, shop_names = np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    is_buyer = messages["sender"].to_numpy(dtype=object) == "buyer"
    # agents and shops are few: int32 codes halve what a loaded Dataset keeps (5 M messages: 40 MB less)
    return MessageKeys(agent=np.asarray(agent, dtype=np.int32), agent_names=agent_names,
                       shop=np.asarray(shop, dtype=np.int32), shop_names=shop_names,
                       is_buyer=np.asarray(is_buyer, dtype=bool))
