"""Headless staffing: ``python -m desktop_app staffing --arrivals 200 --handle 180 --target 0.8@20`` and the
``"staffing"`` section that ``report … --staffing`` adds to the JSON report.

Exit codes as the other commands: 0 ok, 2 bad input (a clear message on stderr).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Optional, TextIO

from .cli import EXIT_BAD_INPUT, EXIT_OK, _Parser

#: the keys of one slot in the report's "staffing" section
SLOT_KEYS = ["weekday", "hour", "arrivals_per_hour", "handle_s", "needed", "on_duty", "first_response_median_s"]


def parse_target(text: str) -> tuple[float, float]:
    """``"0.8@20"`` -> (0.8, 20.0); ``"80%@20"`` is read as 0.8. Raises ValueError with a clear message."""
    raw = str(text).strip()
    if "@" not in raw:
        raise ValueError(f"target {text!r} must read SHARE@SECONDS, e.g. 0.8@20 (80 % within 20 s). "
                         "/ 目标须写成 比例@秒，例如 0.8@20（80% 在 20 秒内）。")
    share_text, seconds_text = raw.split("@", 1)
    try:
        share = float(share_text.rstrip("%")) / (100.0 if share_text.endswith("%") else 1.0)
        seconds = float(seconds_text.rstrip("sS"))
    except ValueError as exc:
        raise ValueError(f"target {text!r} must read SHARE@SECONDS, e.g. 0.8@20. / 目标须写成 比例@秒，例如 0.8@20。"
                         ) from exc
    return share, seconds


def _staffing_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="desktop_app staffing",
                description="排班 Erlang C: agents needed for an arrival rate, a handle time and a target.")
    p.add_argument("--arrivals", type=float, required=True, metavar="PER_HOUR",
                   help="new conversations per hour")
    p.add_argument("--handle", type=float, required=True, metavar="SECONDS",
                   help="mean handle time of a conversation in seconds")
    p.add_argument("--target", default="0.8@10", metavar="SHARE@SECONDS",
                   help="service target, e.g. 0.8@20 = 80 %% answered within 20 s (default 0.8@10)")
    p.add_argument("--concurrency", type=float, default=1.0, metavar="C",
                   help="chats an agent holds at once (servers = agents x C, rounded down; default 1)")
    p.add_argument("--json", metavar="OUT", help="write the answer as JSON here ('-' = stdout)")
    return p


def staffing_main(argv: list[str], out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """``staffing`` command; returns the exit code."""
    from .model.erlang import agents_needed, servers_for, service_level, traffic_erlangs

    out = out or sys.stdout
    err = err or sys.stderr
    args = _staffing_parser().parse_args(argv)
    try:
        share, seconds = parse_target(args.target)
        if not math.isfinite(args.arrivals) or args.arrivals < 0:
            raise ValueError(f"arrivals per hour {args.arrivals:g} must be a number, 0 or more. "
                             "/ 每小时进线数须为不小于 0 的数字。")
        needed = agents_needed(args.arrivals, args.handle, share, seconds, args.concurrency)
    except ValueError as exc:
        print(f"staffing: {exc}", file=err)
        return EXIT_BAD_INPUT
    traffic = traffic_erlangs(args.arrivals, args.handle)
    servers = servers_for(needed, args.concurrency)
    # no arrivals: nobody waits, there is no service level to state (0 % would read as a failed target)
    level = service_level(servers, traffic, args.handle, seconds) if traffic > 0 else None
    answer = {"agents_needed": needed, "service_level": level, "traffic": traffic, "servers": servers}
    if args.json:
        from .cli import write_json_text  # the report's writer: a temp file renamed over OUT

        code = write_json_text(args.json, json.dumps(answer, ensure_ascii=False, indent=2), out, err,
                               prog="staffing")
        if code is not None:
            return code
    else:
        out.write(f"需要客服 agents needed: {needed}  (servers {servers}, traffic {traffic:.2f} Erlangs)\n"
                  + (f"服务水平 service level: {100 * level:.1f}% within {seconds:g} s (target {100 * share:g}%)\n"
                     if level is not None else "服务水平 service level: — (没有进线 no arrivals)\n"))
    return EXIT_OK


def staffing_section(results, share: float, seconds: float, concurrency: Optional[float] = None) -> Optional[dict]:
    """The report's ``"staffing"`` section for ``results``; None when the range has no chats (the report
    then lists ``staffing`` under ``unavailable``). Raises ValueError for a bad target."""
    from .model.report import clean
    from .model.shift_plan import ShiftPlanError, plan_shifts, uncovered_message
    from .model.staffing import resolve_concurrency, staffing_table

    workload = getattr(results, "workload", None)
    if workload is None:
        return None
    c = resolve_concurrency(workload, concurrency)
    table = staffing_table(workload, share, seconds, c)
    templates = results.settings.shift_templates
    try:
        plan, uncovered = plan_shifts(table["needed"].to_numpy(), templates)
        plan_error = None
    except ShiftPlanError as exc:  # a malformed template, or no solver: the rest of the section stands
        plan, uncovered, plan_error = None, [], str(exc)
    slots = [dict(zip(SLOT_KEYS, row)) for row in zip(*(table[k].tolist() for k in SLOT_KEYS))]
    for s in slots:
        s["needed"] = None if s["needed"] is None or not math.isfinite(s["needed"]) else int(s["needed"])
    return clean({
        "target_share": share,
        "target_s": seconds,
        "concurrency": c,
        "concurrency_measured": workload.concurrency_mean,
        "concurrency_measured_p90": workload.concurrency_p90,
        "first_day": workload.first_day,
        "last_day": workload.last_day,
        "slots": slots,
        "shift_templates": [{"start": s, "end": e} for s, e in templates],
        "shift_plan": None if plan is None else [
            {"weekday": int(d), "start": s, "end": e, "agents": int(n)}
            for d, s, e, n in zip(plan["weekday"], plan["start"], plan["end"], plan["agents"])],
        "shift_plan_error": plan_error,
        "uncovered": [{"weekday": d, "hour": h} for d, h in uncovered],
        "uncovered_message": uncovered_message(uncovered) if uncovered else None,
    })


def check_report_target(args) -> tuple[Optional[float], Optional[float], Optional[float]]:
    """(share, seconds, concurrency) of ``report --staffing``, checked before any file is read; None where
    the command line leaves it to the settings (``--settings``, else 80 % within 10 s, measured)."""
    from .model.erlang import check_target

    share = seconds = None
    if args.staffing_target:
        share, seconds = parse_target(args.staffing_target)
    check_target(1.0, share if share is not None else 0.5, seconds if seconds is not None else 0.0,
                 args.concurrency if args.concurrency is not None else 1.0)
    return share, seconds, args.concurrency


def add_staffing_json(text: str, results, target: tuple[Optional[float], Optional[float], Optional[float]]) -> str:
    """The JSON report ``text`` with the ``"staffing"`` section added (null when the range has no chats)."""
    from .model.erlang import check_target

    share, seconds, concurrency = target
    settings = results.settings
    share = settings.staffing_target_share if share is None else share
    seconds = settings.staffing_target_s if seconds is None else seconds
    concurrency = settings.staffing_concurrency if concurrency is None else concurrency
    check_target(1.0, share, seconds, concurrency if concurrency is not None else 1.0)
    from .model.report import dumps, loads

    data = loads(text)
    data["staffing"] = staffing_section(results, share, seconds, concurrency)
    return dumps(data)
