"""Appraisal scheme files: the format, strict validation (errors name the file and key), load and save.

A scheme is a UTF-8 JSON object (docs/appraisal.md has a full example)::

    {"version": 1, "name": "…", "items": [ITEM…], "deductions": [DED…], "commission": COM,
     "grades": [[90, "A"], [75, "B"], [60, "C"], [0, "D"]]}

Parsing builds a new frozen :class:`Scheme` or raises :class:`SchemeError`; nothing is applied half-way.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..errors import InputError

#: the scheme format this build reads and writes
SCHEME_VERSION = 1

HIGHER = "higher"
LOWER = "lower"

#: item KPIs: an agents-frame column -> the direction that is better by nature (the default of "better")
ITEM_KPIS: dict[str, str] = {
    "conversion_rate": HIGHER, "sales": HIGHER, "aov": HIGHER, "items_per_buyer": HIGHER,
    "price_per_item": HIGHER, "reply_rate": HIGHER, "reminder_success_rate": HIGHER,
    "fr_within_golden": HIGHER, "fr_within_reasonable": HIGHER, "fr_within_limit": HIGHER,
    "first_response_mean_s": LOWER, "first_response_median_s": LOWER, "first_response_p90_s": LOWER,
    "response_mean_s": LOWER, "response_median_s": LOWER, "response_p90_s": LOWER,
    "refund_rate": LOWER, "refund_amount_rate": LOWER,
    # quality checks (issue 13)
    "clean_share": HIGHER, "hits_per_100": LOWER,
}

#: quality rule ids: a deduction per hit of one rule reads the agents column ``hits_<rule>``
QUALITY_RULES = ("bare_reply", "no_greeting", "no_closing", "banned_words", "unanswered_question",
                 "complaint_no_apology", "lost_inquiry_no_followup")

#: deduction KPIs -> the agents column holding the count
DEDUCTION_KPIS: dict[str, str] = {"unanswered_turns": "unanswered_turns", "slow_turns": "slow_turns",
                                  "quality_hits": "quality_hits",
                                  **{rule: f"hits_{rule}" for rule in QUALITY_RULES}}

COMMISSION_BASES = ("sales", "net_sales")
COMMISSION_MODES = ("marginal", "whole")

_TOP_KEYS = {"version", "name", "items", "deductions", "commission", "grades"}
_ITEM_KEYS = {"kpi", "weight", "better", "bands", "linear"}
_DED_KEYS = {"kpi", "points_each", "cap"}
_COM_KEYS = {"base", "mode", "tiers"}


class SchemeError(InputError):
    """A scheme file or edit that cannot be used; ``key`` is the JSON path, e.g. ``items[2].weight``."""

    def __init__(self, message: str, *, key: Optional[str] = None, file: Optional[str] = None) -> None:
        self.key = key
        super().__init__(message, file=file)

    def location(self) -> str:
        parts = [str(self.file)] if self.file else []
        if self.key:
            parts.append(f"key {self.key}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Item:
    """One KPI with its weight and scoring rule (bands or linear)."""

    kpi: str
    weight: float
    better: str = HIGHER
    #: [(threshold, points)] in the order given: the first reached gives its points
    bands: Optional[tuple[tuple[float, float], ...]] = None
    #: (floor, target): 0 points at the floor, 100 at the target
    linear: Optional[tuple[float, float]] = None


@dataclass(frozen=True)
class Deduction:
    """Points taken off per counted event, capped."""

    kpi: str
    points_each: float
    cap: Optional[float] = None


@dataclass(frozen=True)
class Commission:
    """提成: rates on a base (sales or net sales) in tiers [(from amount, rate)]."""

    base: str
    mode: str
    tiers: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Scheme:
    """A validated appraisal scheme."""

    name: str
    items: tuple[Item, ...]
    deductions: tuple[Deduction, ...] = ()
    commission: Optional[Commission] = None
    #: [(min_total, grade)] in falling order of min_total
    grades: tuple[tuple[float, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The scheme as its JSON object (the file format)."""
        items = []
        for it in self.items:
            d: dict[str, Any] = {"kpi": it.kpi, "weight": it.weight, "better": it.better}
            if it.bands is not None:
                d["bands"] = [list(b) for b in it.bands]
            else:
                d["linear"] = {"floor": it.linear[0], "target": it.linear[1]}
            items.append(d)
        out: dict[str, Any] = {"version": SCHEME_VERSION, "name": self.name, "items": items,
                               "deductions": [{"kpi": d.kpi, "points_each": d.points_each, "cap": d.cap}
                                              for d in self.deductions]}
        out["commission"] = None if self.commission is None else {
            "base": self.commission.base, "mode": self.commission.mode,
            "tiers": [list(t) for t in self.commission.tiers]}
        out["grades"] = [list(g) for g in self.grades]
        return out


# --- parsing ---------------------------------------------------------------------------------------

def _fail(key: str, en: str, zh: str, file: Optional[str], hint: Optional[str] = None) -> SchemeError:
    error = SchemeError(f"{en} / {zh}", key=key, file=file)
    if hint:  # the callers' hints are bilingual constants ("中文。/ English.")
        error.hint = hint
        error.args = (error.describe(),)
    return error


def _number(value: Any, key: str, file: Optional[str]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(key, f"must be a number, not {json.dumps(value, ensure_ascii=False)}",
                    "必须是数字", file)
    return float(value)


def _pairs(value: Any, key: str, file: Optional[str], second_is_text: bool = False) -> list[tuple]:
    if not isinstance(value, list) or not value:
        raise _fail(key, "must be a non-empty list of [number, value] pairs", "必须是非空的 [数值, 值] 列表", file)
    out = []
    for i, pair in enumerate(value):
        k = f"{key}[{i}]"
        if not isinstance(pair, list) or len(pair) != 2:
            raise _fail(k, "must be a pair [number, value]", "必须是 [数值, 值] 两项", file)
        first = _number(pair[0], f"{k}[0]", file)
        if second_is_text:
            if not isinstance(pair[1], str) or not pair[1].strip():
                raise _fail(f"{k}[1]", "must be a grade name (text)", "必须是等级名称（文字）", file)
            second: Any = pair[1].strip()
        else:
            second = _number(pair[1], f"{k}[1]", file)
        out.append((first, second))
    return out


def _unknown(data: dict, allowed: set, key: str, file: Optional[str]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        where = f"{key}.{extra[0]}" if key else extra[0]
        raise _fail(where, f"unknown key (allowed: {', '.join(sorted(allowed))})",
                    "未知的键", file)


def _strictly(values: list[float], falling: bool) -> bool:
    return all((a > b) if falling else (a < b) for a, b in zip(values, values[1:]))


def _item(data: Any, i: int, file: Optional[str]) -> Item:
    key = f"items[{i}]"
    if not isinstance(data, dict):
        raise _fail(key, "must be an object", "必须是对象", file)
    _unknown(data, _ITEM_KEYS, key, file)
    kpi = data.get("kpi")
    if kpi not in ITEM_KPIS:
        raise _fail(f"{key}.kpi", f"unknown KPI {json.dumps(kpi, ensure_ascii=False)}", "未知的指标", file,
                    hint=f"可用的指标：{', '.join(ITEM_KPIS)}。/ KPIs: {', '.join(ITEM_KPIS)}.")
    weight = _number(data.get("weight"), f"{key}.weight", file)
    if weight <= 0:
        raise _fail(f"{key}.weight", "the weight must be positive", "权重必须大于 0", file)
    better = data.get("better", ITEM_KPIS[kpi])
    if better not in (HIGHER, LOWER):
        raise _fail(f"{key}.better", 'must be "higher" or "lower"', '必须是 "higher" 或 "lower"', file)
    if ("bands" in data) == ("linear" in data):
        raise _fail(key, 'give either "bands" or "linear"', '须给出 "bands" 或 "linear" 之一', file)
    if "bands" in data:
        bands = _pairs(data["bands"], f"{key}.bands", file)
        if not _strictly([t for t, _ in bands], falling=better == HIGHER):
            order = "falling" if better == HIGHER else "rising"
            raise _fail(f"{key}.bands", f"thresholds must be in strictly {order} order (the best band first)",
                        "门槛须按从好到差的顺序排列（higher 由高到低，lower 由低到高）", file)
        for j, (_, points) in enumerate(bands):
            if points < 0:
                raise _fail(f"{key}.bands[{j}][1]", "points must not be negative", "分数不能为负", file)
        return Item(kpi, weight, better, bands=tuple(bands))
    lin = data["linear"]
    if not isinstance(lin, dict):
        raise _fail(f"{key}.linear", 'must be {"floor": x, "target": y}', '必须是 {"floor": x, "target": y}', file)
    _unknown(lin, {"floor", "target"}, f"{key}.linear", file)
    floor = _number(lin.get("floor"), f"{key}.linear.floor", file)
    target = _number(lin.get("target"), f"{key}.linear.target", file)
    if (target <= floor) if better == HIGHER else (target >= floor):
        side = "above" if better == HIGHER else "below"
        raise _fail(f"{key}.linear.target", f"the target must be {side} the floor when better is {better}",
                    "目标值须比下限更好（higher 时更大，lower 时更小）", file)
    return Item(kpi, weight, better, linear=(floor, target))


def _deduction(data: Any, i: int, file: Optional[str]) -> Deduction:
    key = f"deductions[{i}]"
    if not isinstance(data, dict):
        raise _fail(key, "must be an object", "必须是对象", file)
    _unknown(data, _DED_KEYS, key, file)
    kpi = data.get("kpi")
    if kpi not in DEDUCTION_KPIS:
        raise _fail(f"{key}.kpi", f"unknown deduction {json.dumps(kpi, ensure_ascii=False)}", "未知的扣分项",
                    file, hint=f"可用的扣分项：{', '.join(DEDUCTION_KPIS)}。/ Deductions: {', '.join(DEDUCTION_KPIS)}.")
    each = _number(data.get("points_each"), f"{key}.points_each", file)
    if each <= 0:
        raise _fail(f"{key}.points_each", "must be positive", "必须大于 0", file)
    cap = data.get("cap")
    if cap is not None:
        cap = _number(cap, f"{key}.cap", file)
        if cap <= 0:
            raise _fail(f"{key}.cap", "must be positive (or null for no cap)", "必须大于 0（不封顶写 null）", file)
    return Deduction(kpi, each, cap)


def _commission(data: Any, file: Optional[str]) -> Optional[Commission]:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise _fail("commission", "must be an object or null", "必须是对象或 null", file)
    _unknown(data, _COM_KEYS, "commission", file)
    base = data.get("base", "sales")
    if base not in COMMISSION_BASES:
        raise _fail("commission.base", 'must be "sales" or "net_sales"', '必须是 "sales" 或 "net_sales"', file)
    mode = data.get("mode", "marginal")
    if mode not in COMMISSION_MODES:
        raise _fail("commission.mode", 'must be "marginal" or "whole"', '必须是 "marginal" 或 "whole"', file)
    tiers = _pairs(data.get("tiers"), "commission.tiers", file)
    if tiers[0][0] != 0:
        raise _fail("commission.tiers[0][0]", "the first tier must start at 0", "第一档须从 0 开始", file)
    if not _strictly([t for t, _ in tiers], falling=False):
        raise _fail("commission.tiers", "tiers must be in strictly rising order", "各档起点须严格递增", file)
    for j, (_, rate) in enumerate(tiers):
        if not 0 <= rate < 1:
            raise _fail(f"commission.tiers[{j}][1]", "a rate is a fraction from 0 to below 1 (1.5 % = 0.015)",
                        "提成比例是 0 到 1 之间的小数（1.5% 写作 0.015）", file)
    return Commission(base, mode, tuple(tiers))


def parse_scheme(data: Any, file: Optional[str] = None) -> Scheme:
    """A validated :class:`Scheme` from the JSON object ``data``; :class:`SchemeError` names the key."""
    if not isinstance(data, dict):
        raise _fail("", "a scheme must be a JSON object", "方案必须是 JSON 对象", file)
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _fail("version", 'missing or not a whole number (this build writes "version": 1)',
                    '缺少或不是整数（本版本为 "version": 1）', file)
    if version > SCHEME_VERSION:
        raise _fail("version", f"the scheme is version {version}, newer than this app reads ({SCHEME_VERSION})",
                    f"方案版本 {version} 比本程序支持的版本（{SCHEME_VERSION}）新", file,
                    hint="请升级程序，或用本版本重新保存方案。/ Update the app, or save the scheme from this version.")
    if version < 1:
        raise _fail("version", "must be 1 or more", "必须不小于 1", file)
    _unknown(data, _TOP_KEYS, "", file)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail("name", "the scheme needs a name (text)", "方案需要名称（文字）", file)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise _fail("items", "must be a non-empty list of items", "必须是非空的考核项列表", file)
    items = [_item(d, i, file) for i, d in enumerate(raw_items)]
    seen: set[str] = set()
    for i, it in enumerate(items):
        if it.kpi in seen:
            raise _fail(f"items[{i}].kpi", f"{it.kpi} appears twice", "同一指标出现了两次", file)
        seen.add(it.kpi)
    raw_deds = data.get("deductions", [])
    if not isinstance(raw_deds, list):
        raise _fail("deductions", "must be a list", "必须是列表", file)
    deductions = [_deduction(d, i, file) for i, d in enumerate(raw_deds)]
    commission = _commission(data.get("commission"), file)
    grades = _pairs(data.get("grades"), "grades", file, second_is_text=True)
    if not _strictly([g for g, _ in grades], falling=True):
        raise _fail("grades", "min totals must be in strictly falling order", "等级分数线须严格递减", file)
    return Scheme(name.strip(), tuple(items), tuple(deductions), commission, tuple(grades))


def load_scheme(path: str | os.PathLike) -> Scheme:
    """Read and validate a scheme file (UTF-8, a BOM allowed)."""
    file = str(path)
    try:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise SchemeError("scheme file not found / 找不到方案文件", file=file) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(f"cannot read the scheme ({exc}) / 无法读取方案文件（须为 UTF-8）", file=file) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemeError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}) / 不是有效的 JSON",
                          file=file) from exc
    return parse_scheme(data, file)


def save_scheme(scheme: Scheme, path: str | os.PathLike) -> Path:
    """Write ``scheme`` as UTF-8 JSON, atomically (a temporary file moved into place)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(scheme.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def resource_dir() -> Path:
    """``resources/appraisal`` in a PyInstaller bundle or the source tree (Qt-free, as ui/paths.py)."""
    base = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and base:
        return Path(base) / "resources" / "appraisal"
    # desktop_app/core/appraisal/scheme.py -> the repository root is three levels above the package
    return Path(__file__).resolve().parents[3] / "resources" / "appraisal"


def default_scheme_path() -> Path:
    return resource_dir() / "default_scheme.json"


def load_default_scheme() -> Scheme:
    """The scheme a first-time user sees (resources/appraisal/default_scheme.json)."""
    return load_scheme(default_scheme_path())
