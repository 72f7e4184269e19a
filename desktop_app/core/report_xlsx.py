"""The daily Excel report: KPI cards, agent scorecard, order checks, customers, settings.

``write_report(results, path)`` writes one workbook with openpyxl (write-only mode, so a large
customer archive streams instead of building every cell in memory). Guarantees:

* every text cell that a spreadsheet could run (starting with =, +, -, @, tab or CR) is written
  as a plain string with Excel's quote prefix, so no data cell is ever a formula;
* receiver names, phone numbers and addresses are masked unless ``mask_pii=False``;
* the workbook is written to a temporary file in the target directory and moved into place with
  ``os.replace``, so a crash never leaves half a report under the real name.
"""

from __future__ import annotations

import copy
import json
import math
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Optional

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .model.customers import mask_contacts
from .money_symbol import clean_symbol
from .model.results import (
    AGENT_COLUMNS, CUSTOMER_COLUMNS, OUT_OF_STOCK_COLUMNS, UNPAID_COLUMNS, UNSHIPPED_COLUMNS,
)
from .trends import daily_trends, shop_conversion, too_few, week_over_week
from .model.quality_rules import SETTING_LABELS as _QUALITY_SETTING_LABELS

PERCENT = "0.00%"
MONEY = "¥#,##0.00"


#: the 设置 sheet's name for each ModelSettings field (Chinese, English); the field key goes beside it
SETTING_LABELS: dict[str, tuple[str, str]] = {
    "split_gap_s": ("会话拆分间隔（秒）", "Conversation split gap (s)"),
    "split_at_midnight": ("跨零点拆分会话", "Split conversations at midnight"),
    "slow_threshold_s": ("慢响应阈值（秒）", "Slow response threshold (s)"),
    "first_response_targets_s": ("首次响应目标（秒）", "First-response targets (s)"),
    "response_target_s": ("平均响应目标（秒）", "Average response target (s)"),
    "response_cap_s": ("响应时间封顶（秒）", "Response time cap (s)"),
    "unanswered_as_cap": ("未回复按封顶计", "Unanswered counts as the cap"),
    "service_hours": ("服务时段（时）", "Service hours"),
    "working_hours": ("工作时间（排班）", "Working hours (schedule)"),
    "reading": ("响应时间口径", "Response-time reading"),
    "auto_reply_patterns": ("自动回复识别规则", "Auto-reply patterns"),
    "robot_accounts": ("机器人子账号", "Robot sub-accounts"),
    "attribution_window_days": ("订单归属时间窗（天）", "Attribution window (days)"),
    "attribution_rule": ("订单归属规则", "Attribution rule"),
    "as_of": ("统计截止时间（设置）", "As-of time (setting)"),
    "shipping_promise_h": ("发货承诺（小时）", "Shipping promise (h)"),
    "reminder_new_h": ("催付时间：新买家（小时）", "Reminder delay, new buyer (h)"),
    "reminder_returning_h": ("催付时间：老买家（小时）", "Reminder delay, returning buyer (h)"),
    "reminder_window_h": ("催付识别时间窗（小时）", "Reminder detection window (h)"),
    "rfm_lookback_days": ("RFM 回溯期（天）", "RFM look-back (days)"),
    "level_basis": ("会员等级依据", "Membership level basis"),
    "levels": ("会员等级表", "Membership levels"),
    "level_period_days": ("会员等级统计期（天）", "Membership level period (days)"),
    "staffing_target_share": ("排班目标：首响达标比例", "Staffing target: share of first responses"),
    "staffing_target_s": ("排班目标：首响时间（秒）", "Staffing target: first response within (s)"),
    "staffing_concurrency": ("排班并发（空 = 实测）", "Staffing concurrency (empty = measured)"),
    "shift_templates": ("班次模板", "Shift templates"),
}

SETTING_LABELS.update(_QUALITY_SETTING_LABELS)  # the quality settings (服务质检)


#: the 设置 sheet's words for the settings whose values are codes (field -> code -> (Chinese, English))
SETTING_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "reading": {"default": ("默认口径", "Default reading"), "platform": ("平台口径", "Platform reading")},
    "attribution_rule": {"last": ("最后接待", "Last touch"), "first": ("首次接待", "First touch"),
                         "split": ("平均分摊", "Split")},
    "level_basis": {"amount": ("按消费金额", "By amount paid"), "orders": ("按订单数", "By paid orders")},
}


def _count(n: float) -> str:
    return "–" if n != n else f"{n:,.0f}"


def money_format(symbol: str) -> str:
    """Excel's number format for amounts with ``symbol`` in front (quoted: ``"HK$"#,##0.00``)."""
    symbol = clean_symbol(symbol)
    if symbol == "¥":
        return MONEY
    return '"' + symbol + '"#,##0.00'


SECONDS = "0.0"
HOURS = "0.0"
INTEGER = "0"
DECIMAL = "0.00"
DATETIME = "yyyy-mm-dd hh:mm:ss"

#: formats a plain value already shows the same way (openpyxl dates get a date format by itself)
_PLAIN_FORMATS = (INTEGER, DATETIME)

#: cells starting with one of these could be run as a formula (or DDE) by a spreadsheet
UNSAFE_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

GREEN = PatternFill("solid", fgColor="C6EFCE")
LIGHT_GREEN = PatternFill("solid", fgColor="E2F0D9")
YELLOW = PatternFill("solid", fgColor="FFEB9C")
RED = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)

#: sheet names (zh_CN, en)
SHEETS = {
    "summary": ("概览", "Summary"),
    "agents": ("客服绩效", "Agents"),
    "checks": ("订单检查", "Order checks"),
    "customers": ("客户分层", "Customers"),
    "trends": ("趋势", "Trends"),
    "settings": ("设置", "Settings"),
    "problems": ("导入问题", "Import problems"),
}

#: every label the report prints (zh_CN, en)
TEXT = {
    "title": ("客服绩效日报", "Customer-service daily report"),
    "as_of": ("数据截至", "As of"),
    "reading": ("口径", "Reading"),
    "reading_default": ("默认口径", "Default reading"),
    "reading_platform": ("平台口径（600 秒封顶，未回复计 600 秒，8–23 点，慢响应 100 秒）",
                         "Platform reading (600 s cap, unanswered = 600 s, 08–23 h, slow = 100 s)"),
    "generated": ("生成时间", "Generated"),
    "kpi": ("指标", "Figure"),
    "value": ("数值", "Value"),
    "target": ("目标", "Target"),
    "status": ("状态", "Status"),
    "orders": ("订单数", "Orders"),
    "paid_orders": ("付款订单数", "Paid orders"),
    "payment_rate": ("付款率", "Payment rate"),
    "sales": ("销售额", "Sales"),
    "paying_buyers": ("付款人数", "Paying buyers"),
    "aov": ("客单价", "Average order value"),
    "conversion_rate": ("询单转化率", "Inquiry conversion rate"),
    "silent_sales": ("静默销售额", "Silent sales"),
    "inquiry_sales": ("询单销售额", "Inquiry sales"),
    "refund_rate": ("退款率", "Refund rate"),
    "first_response_mean_s": ("首次响应时间（均值，秒）", "First response (mean, s)"),
    "first_response_median_s": ("首次响应时间（中位数，秒）", "First response (median, s)"),
    "response_mean_s": ("平均响应时间（均值，秒）", "Average response (mean, s)"),
    "response_median_s": ("平均响应时间（中位数，秒）", "Average response (median, s)"),
    "unshipped_overdue": ("未发货超时订单", "Unshipped, overdue"),
    "out_of_stock": ("缺货订单", "Out of stock"),
    "unpaid_due": ("待催付订单", "Payment reminders due"),
    "golden": ("黄金（≤{0:g} 秒）", "Golden (≤{0:g} s)"),
    "reasonable": ("合理（≤{0:g} 秒）", "Reasonable (≤{0:g} s)"),
    "limit": ("上限内（≤{0:g} 秒）", "Within limit (≤{0:g} s)"),
    "over": ("超限（>{0:g} 秒）", "Over the limit (>{0:g} s)"),
    "met": ("达标", "Met"),
    "missed": ("未达标", "Missed"),
    "act": ("需处理", "Action needed"),
    "clear": ("无", "None"),
    "segments": ("客户分层", "Customer segments"),
    "segment": ("分层", "Segment"),
    "buyers": ("人数", "Buyers"),
    "no_segment": ("无付款订单", "No paid order"),
    "unshipped_title": ("未发货", "Unshipped"),
    "out_of_stock_title": ("缺货", "Out of stock"),
    "unpaid_title": ("待催付", "Payment reminders"),
    "none_rows": ("（无）", "(none)"),
    "setting": ("设置项", "Setting"),
    "setting_key": ("字段名（脚本用）", "Key (for scripts)"),
    "too_few": ("基数太小（本周 {0}，上周 {1}）", "too few ({0} this week, {1} before)"),
    "currency": ("货币符号（仅显示，不换算）", "Currency symbol (display only, not converted)"),
    "shops": ("店铺", "Shops"),
    "sources": ("数据来源文件", "Source files"),
    "masked": ("联系方式已脱敏", "Contact details masked"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "wow": ("本周与上周对比（截至 {0}）", "This week against last week (to {0})"),
    "daily_shop": ("全店每日", "Shop, per day"),
    "shop": ("全店", "Shop"),
    "metric": ("指标", "Figure"),
    "this_week": ("本周", "This week"),
    "previous_week": ("上周", "Previous week"),
    "change": ("变化", "Change"),
    "change_rel": ("变化率", "Relative change"),
    "improved": ("改善", "Improved"),
    "file": ("文件", "File"),
    "format": ("格式", "Format"),
    "rows": ("行数", "Rows"),
    "imported": ("导入时间", "Imported"),
    "problems_title": ("读取文件时跳过或清空的内容（{0} 条）", "Rows skipped or values blanked while reading ({0})"),
    "sheet": ("工作表", "Sheet"),
    "row": ("行号", "Row"),
    "column": ("列", "Column"),
    "reason": ("原因", "Reason"),
    "cell": ("单元格内容", "Cell value"),
    "skipped": ("整行跳过", "Row skipped"),
}

#: column headers (zh_CN, en) and number formats
COLUMNS: dict[str, tuple[str, str, Optional[str]]] = {
    "agent": ("客服", "Agent", None),
    "day": ("日期", "Day", "yyyy-mm-dd"),
    "conversations": ("会话数", "Conversations", INTEGER),
    "inquiring_buyers": ("询单人数", "Inquiring buyers", INTEGER),
    "ordering_buyers": ("询单→下单人数", "Inquiry → order buyers", INTEGER),
    "paying_buyers": ("询单→最终付款人数", "Inquiry → paid buyers", INTEGER),
    "same_day_paying_buyers": ("询单→当日付款人数", "Paid same day", INTEGER),
    "conversion_rate": ("询单转化率", "Conversion rate", PERCENT),
    "sales": ("客服销售额", "Agent sales", MONEY),
    "aov": ("客单价", "AOV", MONEY),
    "items": ("件数", "Items", INTEGER),
    "items_per_buyer": ("客件数", "Items per buyer", DECIMAL),
    "price_per_item": ("件单价", "Price per item", MONEY),
    "turns": ("咨询轮次", "Turns", INTEGER),
    "unanswered_turns": ("未回复轮次", "Unanswered turns", INTEGER),
    "reply_rate": ("回复率", "Reply rate", PERCENT),
    "slow_turns": ("慢响应轮次", "Slow turns", INTEGER),
    "first_response_mean_s": ("首次响应均值(秒)", "First response mean (s)", SECONDS),
    "first_response_median_s": ("首次响应中位数(秒)", "First response median (s)", SECONDS),
    "first_response_p90_s": ("首次响应P90(秒)", "First response P90 (s)", SECONDS),
    "response_mean_s": ("平均响应均值(秒)", "Response mean (s)", SECONDS),
    "response_median_s": ("平均响应中位数(秒)", "Response median (s)", SECONDS),
    "response_p90_s": ("平均响应P90(秒)", "Response P90 (s)", SECONDS),
    "refund_orders": ("退款订单数", "Refund orders", INTEGER),
    "refund_rate": ("退款率", "Refund rate", PERCENT),
    "refund_amount": ("退款金额", "Refund amount", MONEY),
    "refund_amount_rate": ("退款金额占比", "Refund amount rate", PERCENT),
    "fr_within_golden": ("首响≤6秒占比", "First responses ≤ 6 s", PERCENT),
    "fr_within_reasonable": ("首响≤10秒占比", "First responses ≤ 10 s", PERCENT),
    "fr_within_limit": ("首响≤15秒占比", "First responses ≤ 15 s", PERCENT),
    "reminded_orders": ("催付订单数", "Reminded orders", INTEGER),
    "reminded_paid_orders": ("催付成功订单数", "Reminded, then paid", INTEGER),
    "reminder_success_rate": ("催付成功率", "Reminder success", PERCENT),
    "attributed_orders": ("归属订单数", "Attributed orders", DECIMAL),
    "paid_orders": ("付款订单数", "Paid orders", DECIMAL),
    "first_responses": ("首响次数", "First responses", INTEGER),
    "responses": ("响应次数", "Responses", INTEGER),
    "platform": ("平台", "Platform", None),
    "order_id": ("订单编号", "Order id", None),
    "buyer": ("买家", "Buyer", None),
    "paid": ("付款时间", "Paid", DATETIME),
    "created": ("下单时间", "Created", DATETIME),
    "age_h": ("已等待(小时)", "Waiting (h)", HOURS),
    "due": ("截止时间", "Due", DATETIME),
    "overdue": ("超时", "Overdue", None),
    "presale": ("预售", "Pre-sale", None),
    "status_raw": ("订单状态", "Status", None),
    "paid_amount": ("实付金额", "Paid amount", MONEY),
    "remark": ("备注", "Remark", None),
    "handled": ("已处理", "Handled", None),
    "handled_note": ("处理备注", "Handling note", None),
    "sku": ("商家编码", "SKU", None),
    "title": ("宝贝标题", "Title", None),
    "quantity": ("数量", "Quantity", INTEGER),
    "allocated": ("已分配库存", "Allocated", INTEGER),
    "short": ("缺货数量", "Short", INTEGER),
    "source": ("依据", "Found by", None),
    "remedy": ("建议处理", "Suggested remedy", None),
    "is_due": ("应催付", "Due now", None),
    "returning": ("老客", "Returning buyer", None),
    "segment": ("客户分层", "Segment", None),
    "level": ("会员等级", "Level", None),
    "amount": ("订单金额", "Amount", MONEY),
    "first_order": ("首次下单", "First order", DATETIME),
    "last_order": ("最近下单", "Last order", DATETIME),
    "orders": ("订单数", "Orders", INTEGER),
    "recency_days": ("距上次付款(天)", "Days since last payment", DECIMAL),
    "frequency": ("购买次数 F", "Frequency F", INTEGER),
    "monetary": ("消费金额 M", "Monetary M", MONEY),
    "r_score": ("R 分", "R score", INTEGER),
    "f_score": ("F 分", "F score", INTEGER),
    "m_score": ("M 分", "M score", INTEGER),
    "receiver_name": ("收货人", "Receiver", None),
    "receiver_phone": ("联系电话", "Phone", None),
    "receiver_address": ("收货地址", "Address", None),
}

#: words inside cells that are keys, not text
VALUES = {
    "inventory": ("库存表", "inventory sheet"),
    "status": ("订单状态", "order status"),
    "remark": ("备注", "remark"),
    "refund": ("退款", "refund"),
    "swap": ("换货", "swap the item"),
    "upgrade": ("升级会员", "upgrade membership"),
    "coupon": ("优惠券", "coupon"),
}
SEGMENTS_EN = {
    "重要价值": "Important value", "重要发展": "Important development", "重要保持": "Important retention",
    "重要挽留": "Important win-back", "一般价值": "General value", "一般发展": "General development",
    "一般保持": "General retention", "一般挽留": "General win-back",
}
AGENT_EXTRAS = ["attributed_orders", "paid_orders", "first_responses", "responses"]


def write_report(
    results: Any,
    path: str | Path,
    language: str = "zh_CN",
    mask_pii: bool = True,
    *,
    store: Any = None,
    sources: Optional[Iterable[tuple[str, str]]] = None,
    currency: str = "¥",
) -> Path:
    """Write the daily report for ``results`` to ``path`` (.xlsx) and return the path.

    ``store`` (a desktop_app.core.store.Store), when given, supplies the handled marks and the
    list of imported files; ``sources`` ((file, format) pairs, e.g. Dataset.sources, or (file, format,
    rows, imported) tuples) is used otherwise. ``language`` "zh_CN" writes Chinese headers, anything else English.
    ``language`` and ``mask_pii`` may also be passed by position (the main window does).
    ``currency``: the symbol money cells show (their number format; the amounts are not converted).
    """
    path = Path(path)
    # Fail on an unusable folder before any work (and before openpyxl's write-only sheets exist).
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = _Writer(0 if language.lower().startswith("zh") else 1, mask_pii, currency)
    checks = {name: _frame(results, name) for name in ("unshipped", "out_of_stock", "unpaid")}
    notes: dict[tuple[str, str, str], str] = {}
    if store is not None:
        marks = store.handled()
        holder = type("Checks", (), {})()
        for name, frame in checks.items():
            setattr(holder, name, frame)
        store.apply_handled(holder)
        notes = {(c, str(p), str(o)): n for c, p, o, n in
                 zip(marks["check"], marks["platform"], marks["order_id"], marks["note"])}
        source_rows = [(r.file, r.format_label or r.format, int(r.rows), str(r.time))
                       for r in store.imports().itertuples()]
    else:
        # (file, format) pairs, or (file, format, rows, imported) when the caller knows them
        given = list(sources or []) or list(getattr(results, "sources", None) or [])
        source_rows = [(str(s[0]), str(s[1]), *(list(s[2:4]) + [None, None])[:2]) for s in given]

    wb = Workbook(write_only=True)
    writer.summary(wb.create_sheet(writer.sheet("summary")), results, checks)
    writer.agents(wb.create_sheet(writer.sheet("agents")), results)
    writer.checks(wb.create_sheet(writer.sheet("checks")), checks, notes)
    writer.customers(wb.create_sheet(writer.sheet("customers")), _frame(results, "customers"))
    writer.trends(wb.create_sheet(writer.sheet("trends")), results)
    for add_sheets in extra_sheet_writers():
        add_sheets(writer, wb, results)
    writer.settings(wb.create_sheet(writer.sheet("settings")), results, source_rows)
    writer.problems_sheet(wb.create_sheet(writer.sheet("problems")),
                          list(getattr(results, "problems", None) or []))

    if path.exists() and not path.is_file():
        # a device such as /dev/null: write into it; renaming a temp file over it would replace it
        wb.save(str(path))
        return path
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=str(path.parent))
    os.close(fd)
    try:
        wb.save(tmp)
        # mkstemp creates the file private (0600); a report on a shared folder must be readable by the
        # colleagues it is meant for, so give it the permissions a normally created file gets.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


#: modules with a ``write_sheets(writer, workbook, results)`` that adds their own sheets (quality,
#: appraisal, staffing ...) between the trends and the settings sheet; each module keeps its own texts
#: (``writer.lang`` is 0 for 中文, 1 for English) and writes cells through ``writer.cell``/``writer.table``
#: so the formula-injection guarantee holds. A module that finds nothing to write for ``results`` writes
#: no sheet.
EXTRA_SHEET_MODULES: tuple[str, ...] = ("desktop_app.core.report_quality_xlsx",
                                        "desktop_app.core.report_appraisal_xlsx",
                                        "desktop_app.core.report_staffing_xlsx")


def extra_sheet_writers() -> list:
    import importlib

    return [importlib.import_module(name).write_sheets for name in EXTRA_SHEET_MODULES]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def safe_text(value: str) -> tuple[str, bool]:
    """Text without characters Excel cannot store, and whether it needs the quote prefix."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return text, text.startswith(UNSAFE_PREFIXES)


def _frame(results: Any, name: str) -> pd.DataFrame:
    frame = getattr(results, name, None)
    return frame.copy() if isinstance(frame, pd.DataFrame) else pd.DataFrame()


class _Writer:
    """Builds cells in one language, with the safety rules applied to every value."""

    def __init__(self, lang: int, mask_pii: bool, currency: str = "¥") -> None:
        self.lang = lang
        self.mask_pii = mask_pii
        self.money_format = money_format(currency)
        self.currency = clean_symbol(currency)
        self.ws: Any = None
        self._styles: dict[tuple, Any] = {}

    def t(self, key: str, *args: Any) -> str:
        text = TEXT[key][self.lang]
        return text.format(*args) if args else text

    def sheet(self, key: str) -> str:
        return SHEETS[key][self.lang]

    def header(self, col: str) -> str:
        spec = COLUMNS.get(col)
        return spec[self.lang] if spec else col

    # --- cells ---------------------------------------------------------------------------
    def cell(self, value: Any, fmt: Optional[str] = None, fill: Optional[PatternFill] = None,
             font: Optional[Font] = None) -> Any:
        value = self.plain(value)
        if fmt == MONEY:
            fmt = self.money_format
        unsafe = False
        if isinstance(value, str):
            value, unsafe = safe_text(value)
        elif fmt in _PLAIN_FORMATS and fill is None and font is None:
            # whole numbers and datetimes read the same in Excel's default formats; a plain value
            # skips openpyxl's per-cell style work (large sheets are mostly such cells)
            fmt = None
        if fmt is None and fill is None and font is None and not unsafe and not (
                isinstance(value, str) and value.startswith("=")):
            return value
        c = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            # Never a formula: openpyxl types a leading "=" as one, so force text and the quote prefix.
            c.data_type = "s"
            fmt = None
        key = (fmt, id(fill), id(font), unsafe)
        style = self._styles.get(key)
        if style is None:
            # Setting number_format/fill/font hashes openpyxl style objects on every cell; do it once per
            # combination and copy the resulting style array (a third of the write time on big sheets).
            if unsafe:
                c.quotePrefix = True
            if fmt:
                c.number_format = fmt
            if fill is not None:
                c.fill = fill
            if font is not None:
                c.font = font
            self._styles[key] = copy.copy(c._style)
        else:
            c._style = copy.copy(style)
        return c

    def plain(self, value: Any) -> Any:
        """A value openpyxl writes: None for missing, Python scalars, datetimes, yes/no for flags."""
        if value is None:
            return None
        if isinstance(value, (bool, np.bool_)):
            return self.t("yes") if value else self.t("no")
        if isinstance(value, pd.Timestamp):
            return None if pd.isna(value) else value.to_pydatetime()
        if isinstance(value, (np.datetime64,)):
            ts = pd.Timestamp(value)
            return None if pd.isna(ts) else ts.to_pydatetime()
        if isinstance(value, (np.integer,)):
            return int(value)
        if isinstance(value, (float, np.floating)):
            v = float(value)
            return None if (math.isnan(v) or math.isinf(v)) else v
        if value is pd.NaT:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, (int, datetime)):
            return value
        return str(value)

    def widths(self, ws: Any, widths: list[float]) -> None:
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(8.0, min(w, 60.0))

    def table(self, ws: Any, frame: pd.DataFrame, columns: list[str],
              row_fill: Optional[list] = None, translate: Iterable[str] = ()) -> int:
        """Header + rows of ``frame[columns]``; returns the number of data rows written."""
        self.ws = ws
        ws.append([self.cell(self.header(c), fill=HEADER_FILL, font=BOLD) for c in columns])
        fmts = [COLUMNS.get(c, (None, None, None))[2] for c in columns]
        translate = set(translate)
        arrays = []
        for c in columns:
            values = frame[c].to_numpy(dtype=object) if c in frame.columns else np.full(len(frame), None)
            if c in translate:
                values = np.array([self.word(v) for v in values], dtype=object)
            arrays.append(values)
        for i in range(len(frame)):
            fill = row_fill[i] if row_fill is not None else None
            ws.append([self.cell(a[i], f, fill) for a, f in zip(arrays, fmts)])
        return len(frame)

    def word(self, value: Any) -> Any:
        if isinstance(value, str):
            if value in VALUES:
                return VALUES[value][self.lang]
            if self.lang == 1 and value in SEGMENTS_EN:
                return SEGMENTS_EN[value]
        return value

    # --- sheets ----------------------------------------------------------------------------
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
            ("unshipped_overdue", overdue, INTEGER, "0", self._zero_status(overdue)),
            ("out_of_stock", out_of_stock, INTEGER, "0", self._zero_status(out_of_stock)),
            ("unpaid_due", unpaid_due, INTEGER, "0", self._zero_status(unpaid_due)),
        ]
        for key, value, fmt, tgt, status in rows:
            text, fill = status if status else (None, None)
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
