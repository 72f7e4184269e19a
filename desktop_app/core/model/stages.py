"""The stages of one model run as a graph (stage_graph.Stage): the same steps as compute(), each with the
settings fields it reads and the stages it takes outputs from, so a settings change reruns only what
it touches (partial.compute_incremental).

Threshold-independent parts are stages of their own, so moving a threshold reruns only a comparison:
the conversations are built once with a neutral slow threshold (``chats``) and ``slow`` marks the slow
turns and counts them per conversation; the agent table is built once (``agents_base``) and ``agents``
puts the slow-turn counts in; the answer rates and P90s (``service``) read no threshold at all.
Every stage returns new objects and never changes what it was given: outputs are shared between runs.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from . import availability, order_rules, receptions, sale_rules
from . import shop_window
from . import stages_agents as agents_side
from . import stages_orders as orders_side
from .attribution import orders_by_buyer, reminder_candidates, reminders_within
from .as_of import _restrict, resolve_as_of
from .compute_steps import _attribution_codes
from .conversations import build_conversations_full
from .keys import buyer_codes, order_keys, prepared_keys
from .kpis import check_counts, paying_buyers, shop_tables, sorted_responses
from .money import round_frame, round_money
from .quality import prepare_quality, quality_from
from .quality_rules import QualitySettingError
from .quality_stage import orders_reason
from .quality_summary import add_agent_columns
from .results import Results
from .service_figures import ANSWER_RATES, add_service_figures
from .stage_graph import SettingsView, Stage, StageGraph
from .unavailable import Unavailable
from .workload import build_workload

#: what the conversations stage reads (the slow threshold is applied by its own stage)
CHAT_FIELDS = frozenset({"split_gap_s", "split_at_midnight", "response_cap_s", "unanswered_as_cap",
                         "service_hours", "working_hours", "auto_reply_patterns", "robot_accounts"})
#: a quality setting the rules refuse (the quality section is then unavailable)
_INVALID = "invalid"
QUALITY_FIELDS = frozenset({"quality_rules", "quality_bare_max_chars", "quality_question_words",
                            "quality_greeting_words", "quality_closing_words", "quality_banned_words",
                            "quality_allowed_phrases", "quality_negation_prefixes", "quality_complaint_words",
                            "quality_apology_words", "quality_followup_h", "split_gap_s", "robot_accounts"})
#: the slow threshold the conversations are built with; ``slow`` applies the real one
_NEUTRAL_SLOW = float("inf")


def _inputs(ctx):
    """The as-of time, the frames as of then, the buyers' codes and the orders that are sales."""
    dataset, settings = ctx.dataset, ctx.settings
    as_of = resolve_as_of(dataset, settings)
    orders, kpi_orders, messages, lines = _restrict(dataset, as_of, bool(settings.as_of))
    prepared = prepared_keys(dataset, messages, orders, lines)
    if prepared is not None:
        m_codes, o_raw, names = prepared.message_buyer, prepared.order_buyer, prepared.buyer_names
    else:
        m_codes, o_raw, names = buyer_codes(messages, kpi_orders)
    orders, kpi_orders = order_rules.with_line_refunds(orders, kpi_orders, lines)
    kpi_orders, not_a_sale = order_rules.sales_orders(kpi_orders)
    return SimpleNamespace(as_of=as_of, orders=orders, kpi_orders=kpi_orders, messages=messages, lines=lines,
                           prepared=prepared, m_codes=m_codes, o_raw=o_raw, names=names, not_a_sale=not_a_sale,
                           codes=_attribution_codes(o_raw, names))


def _chats(ctx):
    i = ctx.out["inputs"]
    keys = i.prepared.message_keys if i.prepared is not None else None
    conversations, turns, agent_messages = build_conversations_full(
        i.messages, SettingsView(ctx.settings, {"slow_threshold_s": _NEUTRAL_SLOW}), i.m_codes, i.names, keys=keys)
    return SimpleNamespace(conversations=conversations, turns=turns, agent_messages=agent_messages)


def _robots(ctx):
    """The robot accounts (compute._receptions' first half): their conversations and turns."""
    c = ctx.out["chats"]
    agent = c.conversations["agent"] if len(c.conversations) else pd.Series([], dtype=object)
    names = agent.cat.categories if isinstance(agent.dtype, pd.CategoricalDtype) else agent
    robots = receptions.robot_agent_names(names, ctx.settings)
    robot_c = receptions.is_robot(c.conversations, robots)
    robot_t = receptions.is_robot(c.turns, robots)
    h_turns = c.turns.loc[~robot_t] if robot_t.any() else c.turns
    return SimpleNamespace(robots=robots, robot_c=robot_c, robot_t=robot_t, h_turns=h_turns)


def _receptions(ctx):
    """compute._receptions: reminder cases (the attribution window) and the robots' chats apart."""
    c, b = ctx.out["chats"], ctx.out["robots"]
    conversations = receptions.reminder_cases_within(c.conversations, ctx.out["order_gaps"], ctx.settings)
    robot_c = b.robot_c
    if robot_c.any():
        conversations = conversations.copy()
        conversations["inquiry"] = conversations["inquiry"].to_numpy(dtype=bool) & ~robot_c
    h_convs = conversations.loc[~robot_c] if robot_c.any() else conversations
    return SimpleNamespace(conversations=conversations, turns=c.turns, h_convs=h_convs, h_turns=b.h_turns,
                           robots=b.robots, robot_c=robot_c, robot_t=b.robot_t)


def _by_buyer(ctx):
    return orders_by_buyer(ctx.out["inputs"].codes)


def _paying(ctx):
    i = ctx.out["inputs"]
    return paying_buyers(i.kpi_orders, i.codes)


def _order_keys(ctx):
    i = ctx.out["inputs"]
    if i.prepared is not None:
        return i.prepared.order_keys
    return order_keys(i.orders, i.lines, buyers=(i.o_raw, i.names))


def _attribution_prep(ctx):
    """The attribution probes (attribution_probe.py): the human turns of the conversations as built (the
    reception marks do not change who earned an order; the robots' turns are left out)."""
    i = ctx.out["inputs"]
    return sale_rules.prepare_sale_rule(i.kpi_orders, ctx.out["chats"].conversations, ctx.out["robots"].h_turns,
                                        ctx.settings, i.codes, ctx.out["by_buyer"])


def _attribution(ctx):
    i = ctx.out["inputs"]
    consulted = np.zeros(len(i.kpi_orders), dtype=bool)
    attribution = sale_rules.attribute_prepared(ctx.out["attribution_prep"], i.kpi_orders, ctx.settings, consulted)
    return SimpleNamespace(attribution=attribution, consulted=consulted)


def _reminder_candidates(ctx):
    i = ctx.out["inputs"]
    return reminder_candidates(i.kpi_orders, ctx.out["chats"].agent_messages, buyer_codes=i.codes,
                               by_buyer=ctx.out["by_buyer"])


def _responses(ctx):
    turns, h_turns = ctx.out["chats"].turns, ctx.out["robots"].h_turns
    responses = sorted_responses(turns)
    return SimpleNamespace(all=responses, humans=responses if h_turns is turns else sorted_responses(h_turns))


def _quality_prep(ctx):
    """quality.prepare_quality: the messages' blocks and text features, the rules without a threshold."""
    i, c = ctx.out["inputs"], ctx.out["chats"]
    if i.messages is None or len(i.messages) == 0 or len(c.conversations) == 0:
        return None
    try:
        return prepare_quality(i.messages, c.conversations, c.agent_messages, ctx.settings)
    except QualitySettingError:
        return _INVALID


def _keep_universe(ctx) -> bool:
    """Write quality's candidate hits (quality_universe.py) for the moves to come: on a What-if run that
    starts from scratch or keeps the prepared messages, not when a moved split gap made them anew (the
    next move would make them anew again)."""
    if not getattr(ctx, "for_moves", False):
        return False
    return getattr(ctx, "from_scratch", True) or "quality_prep" not in getattr(ctx, "fresh", ())


def _quality(ctx):
    """quality_stage.run_quality without the agent columns (``finish`` adds them)."""
    i, r, prep = ctx.out["inputs"], ctx.out["receptions"], ctx.out["quality_prep"]
    messages, conversations = i.messages, r.conversations
    if messages is None or len(messages) == 0 or len(conversations) == 0:
        reason = "no_chat_log" if messages is None or len(messages) == 0 else "no_chats_in_range"
        return None, [Unavailable("quality", reason)]
    reason = ctx.out["orders_reason"]
    created = i.kpi_orders["created"].to_numpy(dtype="datetime64[ns]") if reason is None else None
    codes = np.asarray(i.codes) if reason is None else None
    try:
        if prep is _INVALID:
            raise QualitySettingError("quality", "", "")
        quality = quality_from(prep, ctx.settings, i.as_of, attribution=ctx.out["attribution"].attribution,
                               order_buyer_codes=codes, order_created=created, orders_reason=reason,
                               keep_universe=_keep_universe(ctx))
    except QualitySettingError:
        return None, [Unavailable("quality", "invalid_quality_setting")]
    return quality, [Unavailable(f"quality.{rule}", code) for rule, code in quality.unavailable_rules.items()]


def _shop_base(ctx):
    """The shop tables with no order consulted, no attribution and the conversations as built (``shop``
    puts in the window's figures: shop_window.py)."""
    i, c, b = ctx.out["inputs"], ctx.out["chats"], ctx.out["robots"]
    h_convs = c.conversations.loc[~b.robot_c] if b.robot_c.any() else c.conversations
    return shop_tables(i.kpi_orders, np.zeros(len(i.kpi_orders), dtype=bool), agents_side.NO_ATTRIBUTION, h_convs, b.h_turns,
                       None, i.codes, ctx.out["responses"].humans, ctx.out["paying"])


def _shop(ctx):
    i, r, a = ctx.out["inputs"], ctx.out["receptions"], ctx.out["attribution"]
    shop, shop_days = ctx.out["shop_base"]
    tables = shop_window.window_columns(shop, shop_days, i.kpi_orders, a.consulted, a.attribution, r.h_convs)
    if tables is not None:
        return tables
    return shop_tables(i.kpi_orders, a.consulted, a.attribution, r.h_convs, r.h_turns, None, i.codes,
                       ctx.out["responses"].humans, ctx.out["paying"])


def _workload(ctx):
    """build_workload: reads the conversations' times and agents only, not the reception marks."""
    c = ctx.out["chats"]
    return build_workload(c.conversations, c.turns, c.agent_messages, ctx.settings, ctx.out["responses"].all)


def _service(ctx):
    """The answer rates and P90s (service_figures) for every day with counted turns: ``finish`` takes the
    shop days' (as add_service_figures' left merge on the day does)."""
    turns = ctx.out["chats"].turns
    figures: dict = {}
    if not len(turns):
        return SimpleNamespace(shop=figures, shop_days=None)
    counted = turns["counted"].to_numpy(dtype=bool)
    days = pd.DataFrame({"day": np.unique(turns["day"].to_numpy(dtype="datetime64[ns]")[counted])})
    _, _, days = add_service_figures(figures, days, pd.DataFrame(), pd.DataFrame(), turns)
    return SimpleNamespace(shop=figures, shop_days=days.set_index("day"))


_RATES = [n for n, _ in ANSWER_RATES]


def _with_columns(frame: pd.DataFrame, figures: pd.DataFrame, names: list) -> pd.DataFrame:
    """``frame`` with the columns ``names`` taken from ``figures`` (same rows, same order) at the end,
    as add_service_figures' left merge leaves them."""
    if frame is None or not len(frame):
        out = frame.copy() if frame is not None else pd.DataFrame()
        for n in names:
            out[n] = pd.Series(dtype="float64")
        return out
    out = frame.drop(columns=[n for n in names if n in frame.columns])
    found = figures.reindex(pd.DatetimeIndex(frame["day"].to_numpy(dtype="datetime64[ns]")))
    for n in names:
        out[n] = found[n].to_numpy(dtype="float64") if n in found else np.nan
    return out.reset_index(drop=True)


def _finish(ctx):
    """compute()'s last step: the check counts, team conversion and service figures joined, Results made."""
    i, s, r = ctx.out["inputs"], ctx.out["slow"], ctx.out["receptions"]
    quality, quality_missing = ctx.out["quality"]
    checks = ctx.out["checks"]
    agents = add_agent_columns(ctx.out["agents"].agents, quality)
    agent_days = ctx.out["agents"].agent_days.copy(deep=False)
    shop, shop_days = ctx.out["shop_checks"]
    shop, shop_days = dict(shop), shop_days.copy(deep=False)
    orders_side.add_team(shop, shop_days, ctx.out["team"])
    svc = ctx.out["service"]
    turns = r.turns
    if turns is None or not len(turns):
        agents, agent_days, shop_days = add_service_figures(shop, shop_days, agents, agent_days, turns)
    else:
        shop.update(svc.shop)
        if shop_days is not None and len(shop_days):
            shop_days = _with_columns(shop_days, svc.shop_days, _RATES)
            shop_days = _with_columns(shop_days, svc.shop_days, ["first_response_p90_s", "response_p90_s"])
    shop.update(ctx.out["order_notes"])
    shop.update(orders_side.check_notes(checks))
    workload = ctx.out["workload"]
    results = Results(
        as_of=i.as_of, settings=ctx.real_settings, conversations=s.conversations.copy(deep=False),
        turns=s.turns.copy(deep=False), agents=agents, agent_days=agent_days,
        attribution=ctx.out["rounded"].attribution.copy(deep=False),
        shop=shop, shop_days=shop_days, product_refunds=ctx.out["rounded"].refunds.copy(deep=False),
        unshipped=_fresh(checks.get("unshipped")), out_of_stock=_fresh(checks.get("out_of_stock")),
        unpaid=_fresh(checks.get("unpaid")), customers=ctx.out["rounded"].customers.copy(deep=False),
        problems=list(ctx.dataset.problems), timings={}, reminders=ctx.out["reminders"].copy(deep=False),
        refund_pending=_fresh(checks.get("refund_pending")), quality=_fresh_quality(quality), workload=workload,
        unavailable=list(quality_missing) + ([] if workload is not None
                                             else [Unavailable("staffing", "no_chats_in_range")]),
    )
    availability.apply(results, i.orders, i.messages, needs=ctx.out["needs"])
    round_money(results, rounded=("customers", "attribution", "product_refunds"))
    return results


def _fresh(frame):
    """A frame of its own (shallow), or an empty one."""
    return pd.DataFrame() if frame is None else frame.copy(deep=False)


def _fresh_quality(q):
    """A QualityResults of its own (the store's accepted hits are written into it)."""
    if q is None:
        return None
    import dataclasses

    return dataclasses.replace(q, hits=q.hits.copy(deep=False), agents=q.agents.copy(deep=False), shop=dict(q.shop),
                               unavailable_rules=dict(q.unavailable_rules))


def _s(key, reads, needs, run, always=False) -> Stage:
    return Stage(key, frozenset(reads), tuple(needs), run, always)


#: the model's stages in run order (see docs/architecture.md "The stage graph")
GRAPH = StageGraph([
    _s("inputs", {"as_of"}, (), _inputs),
    _s("chats", CHAT_FIELDS, ("inputs",), _chats),
    _s("robots", {"robot_accounts"}, ("chats",), _robots),
    _s("order_gaps", (), ("inputs", "chats"),
       lambda ctx: receptions.order_gaps(ctx.out["chats"].conversations, ctx.out["inputs"].kpi_orders)),
    _s("receptions", {"attribution_window_days"}, ("chats", "robots", "order_gaps"), _receptions),
    _s("slow_marks", {"slow_threshold_s"}, ("chats",), agents_side.slow_marks),
    _s("slow", (), ("chats", "receptions", "slow_marks"), agents_side.slow),
    _s("by_buyer", (), ("inputs",), _by_buyer),
    _s("paying", (), ("inputs",), _paying),
    _s("order_keys", (), ("inputs",), _order_keys),
    _s("attribution_prep", {"sale_rule"}, ("inputs", "chats", "robots", "by_buyer"), _attribution_prep),
    _s("attribution", {"attribution_window_days", "attribution_rule", "sale_rule"},
       ("inputs", "attribution_prep"), _attribution),
    _s("reminder_candidates", (), ("inputs", "chats", "by_buyer"), _reminder_candidates),
    _s("reminders", {"reminder_window_h"}, ("reminder_candidates",),
       lambda ctx: reminders_within(ctx.out["reminder_candidates"], ctx.settings)),
    _s("responses", (), ("chats", "robots"), _responses),
    _s("agents_base", {"first_response_targets_s", "robot_accounts"}, ("chats", "robots", "responses"),
       agents_side.agents_base),
    _s("slow_index", (), ("chats", "agents_base"), agents_side.slow_index),
    _s("slow_counts", (), ("slow_marks", "slow_index"), agents_side.slow_counts),
    _s("agent_inquiry", (), ("agents_base", "receptions"), agents_side.agent_inquiry),
    _s("agent_attribution", (), ("agents_base", "attribution"), agents_side.agent_attribution),
    _s("agent_reminders", (), ("agents_base", "reminders"), agents_side.agent_reminders),
    _s("agents", {"first_response_targets_s"}, ("agents_base", "slow", "slow_counts", "reminders", "receptions",
                                                "attribution", "responses", "agent_inquiry", "agent_attribution",
                                                "agent_reminders"), agents_side.agents),
    _s("quality_prep", QUALITY_FIELDS - {"quality_bare_max_chars", "quality_followup_h", "split_gap_s"},
       ("inputs", "chats"), _quality_prep),
    _s("orders_reason", (), ("inputs",), lambda ctx: orders_reason(ctx.out["inputs"].kpi_orders)),
    _s("quality", QUALITY_FIELDS, ("inputs", "quality_prep", "orders_reason", "receptions", "attribution"), _quality),
    _s("shop_base", (), ("inputs", "chats", "robots", "responses", "paying"), _shop_base),
    _s("shop", (), ("inputs", "receptions", "attribution", "responses", "paying", "shop_base"), _shop),
    _s("service", (), ("chats",), _service),
    _s("workload", {"robot_accounts"}, ("chats", "responses"), _workload),
    _s("customers", orders_side.CUSTOMER_FIELDS, ("inputs", "order_keys"), orders_side.customers),
    _s("check_prep", (), ("inputs", "order_keys", "customers"), orders_side.check_prep),
    _s("unshipped_base", (), ("check_prep", "order_keys"), orders_side.unshipped_base),
    _s("unshipped", orders_side.UNSHIPPED_FIELDS, ("unshipped_base",), orders_side.unshipped),
    _s("out_of_stock", (), ("inputs", "check_prep", "customers", "order_keys"), orders_side.out_of_stock),
    _s("unpaid_base", (), ("inputs", "check_prep", "customers", "order_keys"), orders_side.unpaid_base),
    _s("unpaid", orders_side.UNPAID_FIELDS, ("unpaid_base",), orders_side.unpaid),
    _s("checks", (), ("unshipped", "out_of_stock", "unpaid"), orders_side.checks),
    _s("refunds", (), ("inputs", "order_keys"), orders_side.refunds),
    _s("check_counts", (), ("checks",), lambda ctx: check_counts(ctx.out["checks"])),
    _s("shop_checks", (), ("shop", "checks", "check_counts"), orders_side.shop_checks),
    _s("order_notes", (), ("inputs",), orders_side.order_notes),
    _s("team", (), ("attribution",), orders_side.team),
    _s("needs", (), ("inputs",), orders_side.needs),
    _s("rounded_customers", (), ("customers",), lambda ctx: round_frame(ctx.out["customers"].customers)),
    _s("rounded", (), ("attribution", "rounded_customers", "refunds"), lambda ctx: SimpleNamespace(
        attribution=round_frame(ctx.out["attribution"].attribution),
        customers=ctx.out["rounded_customers"], refunds=round_frame(ctx.out["refunds"]))),
    _s("finish", (), ("rounded", "inputs", "slow", "receptions", "quality", "checks", "agents", "shop_checks", "team",
                      "service", "workload", "customers", "refunds", "reminders", "attribution", "order_notes", "needs"),
       _finish, always=True),
])
