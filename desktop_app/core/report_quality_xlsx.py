"""The 质检 / Quality sheet of the Excel report (registered in report_xlsx.EXTRA_SHEET_MODULES).

Per agent: conversations checked, clean conversations and share, hits per rule and per 100
conversations; the shop total; the rules with their settings; then the hits themselves (at most
MAX_HIT_ROWS, newest last, accepted ones marked). No sheet when there is no quality result.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from .model.quality_rules import RULES, SETTING_LABELS, rule_settings

#: hit rows written at most (Excel holds ~1 M rows; a supervisor reads the window's list for more)
MAX_HIT_ROWS = 20_000

TEXT = {
    "sheet": ("质检", "Quality"),
    "title": ("服务质检", "Service quality"),
    "agent": ("客服", "Agent"),
    "checked": ("检查会话数", "Conversations checked"),
    "clean": ("合格会话数", "Clean conversations"),
    "share": ("合格率", "Clean share"),
    "per100": ("每百会话问题数", "Hits per 100 conversations"),
    "total": ("问题数", "Hits"),
    "shop": ("全店", "Shop"),
    "rules": ("规则与设置", "Rules and settings"),
    "rule": ("规则", "Rule"),
    "setting": ("设置", "Setting"),
    "value": ("值", "Value"),
    "hits": ("问题明细", "Hits"),
    "time": ("时间", "Time"),
    "buyer": ("买家", "Buyer"),
    "text": ("消息", "Message"),
    "match": ("违规词", "Offending words"),
    "accepted": ("已确认误报", "Accepted (false positive)"),
    "note": ("备注", "Note"),
    "na": ("不可用", "n/a"),
    "more": ("另有 {0} 条未列出（见工作台质检页）", "{0} more not listed (see the Quality page)"),
}


def write_sheets(writer: Any, workbook: Any, results: Any) -> None:
    """Add the Quality sheet for ``results`` (nothing when quality was not computed)."""
    q = getattr(results, "quality", None)
    if q is None:
        return
    lang = writer.lang

    def tr(key: str) -> str:
        return TEXT[key][lang]

    from .report_xlsx import BOLD, HEADER_FILL, TITLE  # the report's own styles

    ws = workbook.create_sheet(tr("sheet"))
    writer.ws = ws
    writer.widths(ws, [22, 20, 14, 30, 36, 18, 14, 18, 18, 18])
    ws.append([writer.cell(tr("title"), font=TITLE)])
    rules = list(q.rules)
    labels = [RULES[r][lang] for r in rules]
    head = [tr("agent"), tr("checked"), tr("clean"), tr("share"), tr("total"), tr("per100")] + labels
    ws.append([writer.cell(h, fill=HEADER_FILL, font=BOLD) for h in head])
    na = tr("na")

    def hit_cell(v):
        return na if pd.isna(v) else int(v)

    for row in q.agents.to_dict("records"):
        ws.append([writer.cell(str(row["agent"])), int(row["conversations_checked"]),
                   int(row["clean_conversations"]), writer.cell(row["clean_share"], "0.0%"),
                   int(row["hits"]), writer.cell(row["hits_per_100"], "0.0")]
                  + [hit_cell(row[f"hits_{r}"]) for r in rules])
    shop = q.shop
    ws.append([writer.cell(tr("shop"), font=BOLD), shop.get("conversations_checked"),
               shop.get("clean_conversations"), writer.cell(shop.get("clean_share"), "0.0%"),
               shop.get("total_hits"), writer.cell(shop.get("hits_per_100"), "0.0")]
              + [na if shop.get("hits", {}).get(r) is None else shop["hits"][r] for r in rules])

    ws.append([])
    ws.append([writer.cell(tr("rules"), font=BOLD)])
    ws.append([writer.cell(h, fill=HEADER_FILL, font=BOLD) for h in (tr("rule"), tr("setting"), tr("value"))])
    for r in rules:
        for name, value in rule_settings(results.settings, r).items():
            text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
            ws.append([writer.cell(RULES[r][lang]), writer.cell(SETTING_LABELS.get(name, (name, name))[lang]),
                       writer.cell(text)])

    ws.append([])
    ws.append([writer.cell(tr("hits"), font=BOLD)])
    cols = ("time", "agent", "buyer", "rule", "text", "match", "accepted", "note")
    ws.append([writer.cell(tr(c), fill=HEADER_FILL, font=BOLD) for c in cols])
    hits = q.hits
    shown = hits.iloc[:MAX_HIT_ROWS]
    rule_label = {r: RULES[r][lang] for r in RULES}
    for time, agent, buyer, rule, text, match, accepted, note in zip(
            shown["time"], shown["agent"].astype(object), shown["buyer"].astype(object),
            shown["rule"].astype(object), shown["text"], shown["match"], shown["accepted"], shown["note"]):
        ws.append([writer.cell(time, "yyyy-mm-dd hh:mm:ss"), writer.cell(str(agent)), writer.cell(str(buyer)),
                   writer.cell(rule_label.get(rule, rule)), writer.cell(str(text)), writer.cell(str(match)),
                   writer.cell(bool(accepted)), writer.cell(str(note))])
    if len(hits) > len(shown):
        ws.append([writer.cell(tr("more").format(len(hits) - len(shown)))])
