"""The chat-side steps compute() runs between its stages (reception marks, robot labels, attribution with
reminders), and compute_kpis_only: conversations, attribution and agent/shop KPIs alone (tests, benches).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset import Dataset
from . import receptions, sale_rules
from .allocator import reuse_large_blocks
from .as_of import _restrict, resolve_as_of
from .attribution import find_reminders, order_buyer_codes, orders_by_buyer
from .conversations import build_conversations_full
from .keys import buyer_codes
from .kpis import add_team_conversion, agent_tables, shop_tables, sorted_responses
from .settings import DEFAULT_SETTINGS, ModelSettings


def _receptions(conversations, turns, orders, settings):
    """(conversations with reminder cases marked, the non-robot conversations and turns, robot names)."""
    conversations = receptions.mark_reminder_cases(conversations, orders, settings)
    agent = conversations["agent"] if len(conversations) else pd.Series([], dtype=object)
    names = agent.cat.categories if isinstance(agent.dtype, pd.CategoricalDtype) else agent
    robots = receptions.robot_agent_names(names, settings)
    robot_c = receptions.is_robot(conversations, robots)
    robot_t = receptions.is_robot(turns, robots)
    if robot_c.any():  # volume, not receptions: a robot's buyers are not inquiries
        conversations = conversations.copy()
        conversations["inquiry"] = conversations["inquiry"].to_numpy(dtype=bool) & ~robot_c
    h_convs = conversations.loc[~robot_c] if robot_c.any() else conversations
    h_turns = turns.loc[~robot_t] if robot_t.any() else turns
    return conversations, h_convs, h_turns, robots


def _label_robots(frame: pd.DataFrame, robots: set) -> pd.DataFrame:
    """``frame`` (agents / agent_days) with its ``robot`` column set for the robot accounts."""
    if len(frame) and robots:
        frame = frame.copy()
        frame["robot"] = frame["agent"].astype(object).isin(robots).to_numpy()
    return frame


def _attribution_codes(o_codes: np.ndarray, names: pd.Index) -> np.ndarray:
    """Order buyer codes for attribution: -1 for an order without a buyer id."""
    empty = np.flatnonzero(np.asarray(names, dtype=object) == "")
    out = o_codes.copy()
    if len(empty):
        out[out == empty[0]] = -1
    return out


def _conversations(messages, orders, settings):
    m_codes, o_codes, names = buyer_codes(messages, orders)
    conversations, turns, agent_messages = build_conversations_full(messages, settings, m_codes, names)
    return conversations, turns, agent_messages, _attribution_codes(o_codes, names)


def _attribute(orders, conversations, turns, agent_messages, settings, codes=None, by_buyer=None):
    """Attribution, reminders and silent/inquiry flags, hashing the order buyers only once.

    ``by_buyer``: orders_by_buyer(codes), when worked out already (compute()'s order thread does).
    """
    if codes is None:
        codes = order_buyer_codes(orders, agent_messages.buyer_categories)
    if by_buyer is None:
        by_buyer = orders_by_buyer(codes)  # one sort of the orders by buyer, walked by all three probes
    # attribution answers consulted_orders on the way (the same probe): one pass over the orders less
    consulted = np.zeros(len(orders), dtype=bool)
    # the sales judgment setting (下单判定 / 下单优先判定 / 付款判定) picks the time an order is probed at
    attribution = sale_rules.attribute(orders, conversations, turns, settings, codes, by_buyer, consulted)
    reminders = find_reminders(orders, agent_messages, settings, buyer_codes=codes, by_buyer=by_buyer)
    return attribution, reminders, consulted, codes


def compute_kpis_only(dataset: Dataset, settings: ModelSettings = DEFAULT_SETTINGS) -> dict:
    """Conversations, attribution and agent/shop KPIs without the order checks and customers.

    For tests and the benchmark of this layer alone; compute() is the real entry point.
    """
    with reuse_large_blocks():
        return _compute_kpis_only(dataset, settings)


def _compute_kpis_only(dataset: Dataset, settings: ModelSettings) -> dict:
    as_of = resolve_as_of(dataset, settings)
    orders, kpi_orders, messages, lines = _restrict(dataset, as_of, bool(settings.as_of))
    conversations, turns, agent_messages, codes = _conversations(messages, kpi_orders, settings)
    conversations, h_convs, h_turns, robots = _receptions(conversations, turns, kpi_orders, settings)
    attribution, reminders, consulted, codes = _attribute(kpi_orders, conversations, h_turns, agent_messages,
                                                          settings, codes)
    responses = sorted_responses(turns)
    agents, agent_days = agent_tables(conversations, turns, attribution, reminders, settings, responses)
    agents, agent_days = _label_robots(agents, robots), _label_robots(agent_days, robots)
    shop, shop_days = shop_tables(kpi_orders, consulted, attribution, h_convs, h_turns, {}, codes,
                                  responses if h_turns is turns else sorted_responses(h_turns))
    add_team_conversion(shop, shop_days, agents, agent_days, attribution)
    return dict(as_of=as_of, conversations=conversations, turns=turns, attribution=attribution,
                reminders=reminders, agents=agents, agent_days=agent_days, shop=shop, shop_days=shop_days,
                consulted=np.asarray(consulted))
