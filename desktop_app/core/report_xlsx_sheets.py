"""The daily Excel report's own sheets: summary, agents, order checks, customers, trends, settings,
import problems (``ReportWriter``, one method a sheet)."""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any, Optional

import pandas as pd
from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter

from .model.customers import mask_contacts
from .model.results import (
    AGENT_COLUMNS, CUSTOMER_COLUMNS, OUT_OF_STOCK_COLUMNS, UNPAID_COLUMNS, UNSHIPPED_COLUMNS,
)
from .model.unavailable import reason_for
from .report_xlsx_cells import CellWriter
from .report_xlsx_styles import (
    BOLD, DATETIME, GREEN, HEADER_FILL, INTEGER, LIGHT_GREEN, MONEY, PERCENT, RED, SECONDS, TITLE, YELLOW,
)
from .report_xlsx_texts import AGENT_EXTRAS, SEGMENTS_EN, SETTING_LABELS, SETTING_VALUES, TEXT
from .trends import daily_trends, shop_conversion, too_few, week_over_week


def _count(n: float) -> str:
    return "–" if n != n else f"{n:,.0f}"


def _frame(results: Any, name: str) -> pd.DataFrame:
    frame = getattr(results, name, None)
    return frame.copy() if isinstance(frame, pd.DataFrame) else pd.DataFrame()


class ReportWriter(CellWriter):
    """Writes the report's own sheets (the cells through ``CellWriter``)."""

    def summary(self, ws: Any, results: Any, checks: dict[str, pd.DataFrame]) -> None:
        self.ws = ws
        self.widths(ws, [34, 18, 16, 24])
        settings = results.settings
        shop = dict(getattr(results, "shop", {}) or {})
        ws.append([self.cell(self.t("title"), font=TITLE)])
        ws.append([self.t("as_of"), self.cell(results.as_of, DATETIME)])
        ws.append([self.t("reading"), self._reading(settings)])
        ws.append([])
        ws.append([self.cell(self.t(k), fill=HEADER_FILL, font=BOLD)
                   for k in ("kpi", "value", "target", "status")])

        conv = shop.get("conversion_rate")
        if conv is None or (isinstance(conv, float) and math.isnan(conv)):
            conv = shop_conversion(results)
        fr_mean = _first(shop.get("first_response_mean_s"),
                         _mean(results, "conversations", "first_response_s"))
        fr_median = _first(shop.get("first_response_median_s"),
                           _median(results, "conversations", "first_response_s"))
        r_mean = _first(shop.get("response_mean_s"), _mean(results, "turns", "response_s"))
        r_median = _first(shop.get("response_median_s"), _median(results, "turns", "response_s"))
        unshipped = checks["unshipped"]
        overdue = _first(shop.get("unshipped_overdue"),
                         int(unshipped["overdue"].astype(bool).sum()) if "overdue" in unshipped else 0)
        oos = checks["out_of_stock"]
        out_of_stock = _first(shop.get("out_of_stock"),
                              oos["order_id"].nunique() if "order_id" in oos else 0)
        unpaid = checks["unpaid"]
        unpaid_due = _first(shop.get("unpaid_due"),
                            int(unpaid["is_due"].astype(bool).sum()) if "is_due" in unpaid else 0)

        golden, reasonable, limit = settings.first_response_targets_s
        target = settings.response_target_s
        rows = [
            ("orders", shop.get("orders"), INTEGER, None, None),
            ("paid_orders", shop.get("paid_orders"), INTEGER, None, None),
            ("payment_rate", shop.get("payment_rate"), PERCENT, None, None),
            ("sales", shop.get("sales"), MONEY, None, None),
            ("paying_buyers", shop.get("paying_buyers"), INTEGER, None, None),
            ("aov", shop.get("aov"), MONEY, None, None),
            ("conversion_rate", conv, PERCENT, None, None),
            ("silent_sales", shop.get("silent_sales"), MONEY, None, None),
            ("inquiry_sales", shop.get("inquiry_sales"), MONEY, None, None),
            ("refund_rate", shop.get("refund_rate"), PERCENT, None, None),
            ("first_response_mean_s", fr_mean, SECONDS, f"{golden:g} / {reasonable:g} / {limit:g}",
             self._first_status(fr_mean, settings)),
            ("first_response_median_s", fr_median, SECONDS, f"{golden:g} / {reasonable:g} / {limit:g}",
             self._first_status(fr_median, settings)),
            ("response_mean_s", r_mean, SECONDS, f"≤ {target:g}", self._target_status(r_mean, target)),
            ("response_median_s", r_median, SECONDS, f"≤ {target:g}", self._target_status(r_median, target)),
            # issue 11: P90 beside every mean of a time; the JD/PDD answer rates
            ("first_response_p90_s", shop.get("first_response_p90_s"), SECONDS, None, None),
            ("response_p90_s", shop.get("response_p90_s"), SECONDS, None, None),
            ("answered_30s_rate", shop.get("answered_30s_rate"), PERCENT, None, None),
            ("answered_3min_rate", shop.get("answered_3min_rate"), PERCENT, None, None),
            ("unshipped_overdue", overdue, INTEGER, "0", self._zero_status(overdue)),
            ("out_of_stock", out_of_stock, INTEGER, "0", self._zero_status(out_of_stock)),
            ("unpaid_due", unpaid_due, INTEGER, "0", self._zero_status(unpaid_due)),
        ]
        for key, value, fmt, tgt, status in rows:
            text, fill = status if status else (None, None)
            reason = reason_for(getattr(results, "unavailable", ()), key, "en" if self.lang == 1 else "zh")
            if reason is not None:  # not available is not zero: the reason instead of a number
                value, fmt, text, fill = f"– ({reason})", None, None, None
            ws.append([self.t(key), self.cell(value, fmt), tgt, self.cell(text, fill=fill)])

        customers = _frame(results, "customers")
        if len(customers) and "segment" in customers:
            ws.append([])
            ws.append([self.cell(self.t("segments"), font=BOLD)])
            ws.append([self.cell(self.t(k), fill=HEADER_FILL, font=BOLD) for k in ("segment", "buyers")]
                      + [self.cell(self.header("monetary"), fill=HEADER_FILL, font=BOLD)])
            money = (customers["monetary"] if "monetary" in customers
                     else pd.Series(0.0, index=customers.index))
            seg = (customers.assign(_m=pd.to_numeric(money, errors="coerce"),
                                    _s=customers["segment"].fillna("").astype(str))
                   .groupby("_s", sort=False).agg(buyers=("buyer", "size"), money=("_m", "sum")))
            # the classic order of the eight segments, then anything else, then buyers with no paid order
            order = list(SEGMENTS_EN) + sorted(set(seg.index) - set(SEGMENTS_EN) - {""}) + [""]
            for name in [n for n in order if n in seg.index]:
                row = seg.loc[name]
                label = self.word(name) if name else self.t("no_segment")
                ws.append([self.cell(label), int(row["buyers"]), self.cell(row["money"], MONEY)])

    def _reading(self, settings: Any) -> str:
        return self.t("reading_platform") if settings.reading == "platform" else self.t("reading_default")

    def _first_status(self, value: Any, settings: Any):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        golden, reasonable, limit = settings.first_response_targets_s
        if value <= golden:
            return self.t("golden", golden), GREEN
        if value <= reasonable:
            return self.t("reasonable", reasonable), LIGHT_GREEN
        if value <= limit:
            return self.t("limit", limit), YELLOW
        return self.t("over", limit), RED

    def _target_status(self, value: Any, target: float):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return (self.t("met"), GREEN) if value <= target else (self.t("missed"), RED)

    def _zero_status(self, value: Any):
        if value is None:
            return None
        return (self.t("clear"), GREEN) if not value else (self.t("act"), RED)

    def agents(self, ws: Any, results: Any) -> None:
        frame = _frame(results, "agents")
        columns = [c for c in dict.fromkeys(AGENT_COLUMNS + AGENT_EXTRAS) if c in frame.columns] or ["agent"]
        self.widths(ws, [22] + [14] * (len(columns) - 1))
        ws.freeze_panes = "B2"
        n = self.table(ws, frame, columns)
        if not n:
            return
        settings = results.settings
        golden, reasonable, limit = settings.first_response_targets_s
        last = n + 1
        for col in ("first_response_mean_s", "first_response_median_s"):
            if col in columns:
                letter = get_column_letter(columns.index(col) + 1)
                rng = f"{letter}2:{letter}{last}"
                # first match wins (stopIfTrue): golden, reasonable, within limit, over the limit
                for bound, fill in ((golden, GREEN), (reasonable, LIGHT_GREEN), (limit, YELLOW)):
                    ws.conditional_formatting.add(rng, CellIsRule(
                        operator="lessThanOrEqual", formula=[f"{bound}"], fill=fill, stopIfTrue=True))
                ws.conditional_formatting.add(rng, CellIsRule(operator="greaterThan", formula=[f"{limit}"],
                                                              fill=RED))
        for col in ("response_mean_s", "response_median_s"):
            if col in columns:
                letter = get_column_letter(columns.index(col) + 1)
                rng = f"{letter}2:{letter}{last}"
                target = settings.response_target_s
                ws.conditional_formatting.add(rng, CellIsRule(
                    operator="lessThanOrEqual", formula=[f"{target}"], fill=GREEN, stopIfTrue=True))
                ws.conditional_formatting.add(rng, CellIsRule(operator="greaterThan", formula=[f"{target}"],
                                                              fill=RED))

    def checks(self, ws: Any, checks: dict[str, pd.DataFrame], notes: dict) -> None:
        self.ws = ws
        self.widths(ws, [10, 22, 16, 20, 14, 20, 10, 10, 14, 14, 30, 10, 20])
        specs = (("unshipped", "unshipped_title", UNSHIPPED_COLUMNS, "overdue"),
                 ("out_of_stock", "out_of_stock_title", OUT_OF_STOCK_COLUMNS, None),
                 ("unpaid", "unpaid_title", UNPAID_COLUMNS, "is_due"))
        for i, (name, title, columns, alarm) in enumerate(specs):
            frame = checks[name]
            if i:
                ws.append([])
            self.ws = ws
            ws.append([self.cell(f"{self.t(title)} ({len(frame)})", font=BOLD)])
            cols = [c for c in columns if c in frame.columns] or columns
            if notes:
                frame = frame.assign(handled_note=[
                    notes.get((name, str(p), str(o)), "") for p, o in
                    zip(frame.get("platform", pd.Series("", index=frame.index)),
                        frame.get("order_id", pd.Series("", index=frame.index)))])
                cols = cols + ["handled_note"]
            fills = None
            if alarm and alarm in frame.columns and len(frame):
                handled = frame["handled"].astype(bool).to_numpy() if "handled" in frame else False
                alarmed = frame[alarm].fillna(False).astype(bool).to_numpy() & ~handled
                fills = [RED if a else None for a in alarmed]
            if not len(frame):
                self.table(ws, frame, cols)
                ws.append([self.t("none_rows")])
                continue
            self.table(ws, frame, cols, fills, translate=("source", "remedy", "segment"))

    def customers(self, ws: Any, frame: pd.DataFrame) -> None:
        if self.mask_pii:
            frame = mask_contacts(frame)
        columns = [c for c in CUSTOMER_COLUMNS if c in frame.columns] or CUSTOMER_COLUMNS
        self.widths(ws, [18] + [13] * (len(columns) - 4) + [12, 16, 30])
        ws.freeze_panes = "B2"
        n = self.table(ws, frame, columns, translate=("segment",))
        if n:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"

    def trends(self, ws: Any, results: Any) -> None:
        self.ws = ws
        self.widths(ws, [22, 26, 14, 14, 14, 14, 10])
        daily = daily_trends(results)
        wow = week_over_week(daily, results.as_of)
        as_of = pd.Timestamp(results.as_of).strftime("%Y-%m-%d")
        ws.append([self.cell(self.t("wow", as_of), font=BOLD)])
        head = [self.header("agent"), self.t("metric"), self.t("this_week"), self.t("previous_week"),
                self.t("change"), self.t("change_rel"), self.t("improved")]
        ws.append([self.cell(h, fill=HEADER_FILL, font=BOLD) for h in head])
        fmt_of = {"conversion_rate": PERCENT, "refund_rate": PERCENT, "aov": MONEY, "sales": MONEY,
                  "inquiring_buyers": INTEGER, "first_response_mean_s": SECONDS, "response_mean_s": SECONDS}
        for r in wow.itertuples(index=False):
            who = self.t("shop") if r.scope == "shop" else r.agent
            label = TEXT[r.metric][self.lang] if r.metric in TEXT else self.header(r.metric)
            fmt = fmt_of.get(r.metric)
            fill = None
            if r.change == r.change and r.change != 0:
                fill = GREEN if r.improved else RED
            rel = self.cell(r.change_rel, PERCENT)
            if r.change_rel != r.change_rel and too_few(r.base_this, r.base_previous):
                # no percentage on a tiny base (trends.MIN_WOW_BASE): say so instead of a blank cell
                rel = self.t("too_few", _count(r.base_this), _count(r.base_previous))
            ws.append([self.cell(who), label, self.cell(r.this_week, fmt), self.cell(r.previous_week, fmt),
                       self.cell(r.change, fmt, fill), rel,
                       self.cell(bool(r.improved) if r.change == r.change else None)])
        shop = daily[daily["scope"] == "shop"]
        if len(shop):
            ws.append([])
            ws.append([self.cell(self.t("daily_shop"), font=BOLD)])
            cols = ["day", "conversion_rate", "aov", "first_response_mean_s", "first_response_median_s",
                    "response_mean_s", "response_median_s", "refund_rate"]
            self.table(ws, shop, cols)

    def settings(self, ws: Any, results: Any, sources: list[tuple]) -> None:
        self.ws = ws
        self.widths(ws, [30, 60, 26, 24])
        ws.append([self.cell(self.t("setting"), fill=HEADER_FILL, font=BOLD),
                   self.cell(self.t("value"), fill=HEADER_FILL, font=BOLD),
                   self.cell(self.t("setting_key"), fill=HEADER_FILL, font=BOLD)])
        ws.append([self.t("as_of"), self.cell(results.as_of, DATETIME)])
        ws.append([self.t("reading"), self._reading(results.settings)])
        ws.append([self.t("generated"), self.cell(datetime.now().replace(microsecond=0), DATETIME)])
        ws.append([self.t("masked"), self.cell(bool(self.mask_pii))])
        for name, value in results.settings.to_dict().items():
            if isinstance(value, (list, dict)):
                value = json.dumps(value, ensure_ascii=False)
            elif value is None:
                value = "—"
            label = SETTING_LABELS.get(name, (name, name))[self.lang]
            value = SETTING_VALUES.get(name, {}).get(value, (value, value))[self.lang] \
                if isinstance(value, str) else value
            ws.append([self.cell(label), self.cell(value), self.cell(name)])
        ws.append([self.t("currency"), self.cell(self.currency)])
        if getattr(results, "shops", None):  # the shops the figures are of (set by a report from the history)
            ws.append([self.t("shops"), self.cell(", ".join(results.shops))])
        ws.append([])
        ws.append([self.cell(self.t("sources"), font=BOLD)])
        # rows and import time only when known (the window passes them; a CLI run has just read the files)
        known = any(rows is not None or when is not None for _, _, rows, when in sources)
        keys = ("file", "format", "rows", "imported") if known else ("file", "format")
        ws.append([self.cell(self.t(k), fill=HEADER_FILL, font=BOLD) for k in keys])
        for file, label, rows, when in sources:
            ws.append([self.cell(file), self.cell(label), rows, self.cell(when)][:len(keys)])


    def problems_sheet(self, ws: Any, problems: list) -> None:
        self.ws = ws
        self.widths(ws, [28, 14, 8, 16, 50, 24, 10])
        ws.append([self.cell(self.t("problems_title", len(problems)), font=BOLD)])
        keys = ("file", "sheet", "row", "column", "reason", "cell", "skipped")
        ws.append([self.cell(self.t(k), fill=HEADER_FILL, font=BOLD) for k in keys])
        if not problems:
            ws.append([self.t("none_rows")])
        for p in problems:
            ws.append([self.cell(getattr(p, "file", "")), self.cell(getattr(p, "sheet", None)),
                       getattr(p, "row", None), self.cell(getattr(p, "column", None)),
                       self.cell(getattr(p, "reason", "")), self.cell(getattr(p, "value", None)),
                       self.cell(bool(getattr(p, "skipped", True)))])


def _first(*values: Any) -> Any:
    for v in values:
        if v is None:
            continue
        if isinstance(v, float) and math.isnan(v):
            continue
        return v
    return None


def _mean(results: Any, frame: str, col: str) -> Optional[float]:
    f = getattr(results, frame, None)
    if f is None or col not in getattr(f, "columns", ()) or not len(f):
        return None
    v = pd.to_numeric(f[col], errors="coerce")
    return float(v.mean()) if v.notna().any() else None


def _median(results: Any, frame: str, col: str) -> Optional[float]:
    f = getattr(results, frame, None)
    if f is None or col not in getattr(f, "columns", ()) or not len(f):
        return None
    v = pd.to_numeric(f[col], errors="coerce")
    return float(v.median()) if v.notna().any() else None
