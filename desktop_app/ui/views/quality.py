"""Quality (服务质检): agents × rules, clean share per agent, and the hit list down to the message.

The page reads ``results.quality`` (core/model/quality.py) and emits intents only: open a hit's
conversation (``open_conversation(conv_id)``) and accept a hit as a false positive with a note
(``accept_requested(hit_id, note)``); the window stores the mark and hands back new results.
Clicking a count in the agents × rules table filters the hit list to that agent and rule.
"""

from __future__ import annotations

import html
import re
from typing import Optional

import numpy as np
import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.model.quality_rules import RULE_IDS
from ..charts.clean_share import CleanShareChart
from ..models.frame_table_model import (BAD, BOOL, DATETIME, FLOAT, GOOD, INT, NONE, PERCENT, TEXT, WARN, ColumnSpec,
                                        KeyRole)
from ..widgets.table_view import FrameTableView

_C = "QualityView"
# rule id -> untranslated label (context QualityView)
RULE_LABELS = {
    "bare_reply": QT_TRANSLATE_NOOP("QualityView", "Bare reply"),
    "no_greeting": QT_TRANSLATE_NOOP("QualityView", "No greeting"),
    "no_closing": QT_TRANSLATE_NOOP("QualityView", "No thanks or goodbye"),
    "banned_words": QT_TRANSLATE_NOOP("QualityView", "Banned words"),
    "unanswered_question": QT_TRANSLATE_NOOP("QualityView", "Question left unanswered"),
    "complaint_no_apology": QT_TRANSLATE_NOOP("QualityView", "Complaint without apology"),
    "lost_inquiry_no_followup": QT_TRANSLATE_NOOP("QualityView", "Lost inquiry not followed up"),
}
_AGENT_COLUMNS = {
    "agent": QT_TRANSLATE_NOOP("QualityView", "Agent"),
    "conversations_checked": QT_TRANSLATE_NOOP("QualityView", "Checked"),
    "clean_conversations": QT_TRANSLATE_NOOP("QualityView", "Clean"),
    "clean_share": QT_TRANSLATE_NOOP("QualityView", "Clean share"),
    "hits_per_100": QT_TRANSLATE_NOOP("QualityView", "Hits per 100"),
}
_HIT_COLUMNS = {
    "time": (QT_TRANSLATE_NOOP("QualityView", "Time"), DATETIME),
    "agent": (QT_TRANSLATE_NOOP("QualityView", "Agent"), TEXT),
    "buyer": (QT_TRANSLATE_NOOP("QualityView", "Buyer"), TEXT),
    "rule_label": (QT_TRANSLATE_NOOP("QualityView", "Rule"), TEXT),
    "match": (QT_TRANSLATE_NOOP("QualityView", "Offending words"), TEXT),
    "text": (QT_TRANSLATE_NOOP("QualityView", "Message"), TEXT),
    "accepted": (QT_TRANSLATE_NOOP("QualityView", "Accepted"), BOOL),
    "note": (QT_TRANSLATE_NOOP("QualityView", "Note"), TEXT),
    # who accepted it and when (ui/mark_stamps.py): on a shared store, any supervisor
    "accepted_stamp": (QT_TRANSLATE_NOOP("QualityView", "Accepted by"), TEXT),
}
_HIGHLIGHT = "background-color:#fbe7b5;color:#9c1c13;font-weight:bold"


def rule_label(rule: str) -> str:
    return QCoreApplication.translate(_C, RULE_LABELS.get(rule, rule))


def rate_colours(counts: np.ndarray, checked: np.ndarray, shop_rate: float) -> np.ndarray:
    """Colour codes of per-agent hit counts against the shop's rate (hits per checked conversation):
    at or below the shop rate green, up to 1.5× amber, above red; no hits or no rate: none."""
    c = np.asarray(counts, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = c / np.asarray(checked, dtype="float64")
    out = np.full(c.shape, BAD, dtype=np.int8)
    out[rate <= shop_rate * 1.5] = WARN
    out[rate <= shop_rate] = GOOD
    out[np.isnan(rate) | ~np.isfinite(shop_rate) | np.isnan(c)] = NONE
    return out


def highlighted(text: str, words: str) -> str:
    """HTML of ``text`` with each of the "、"-joined ``words`` marked (case- and width-insensitive
    search is left to the rules; here the words are found as the message writes them or folded)."""
    escaped = html.escape(str(text))
    parts = [w for w in str(words).split("、") if w]
    if not parts:
        return escaped
    import unicodedata

    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    marks = np.zeros(len(folded), dtype=bool)
    for w in parts:
        for m in re.finditer(re.escape(w), folded):
            marks[m.start():m.end()] = True
    if len(folded) != len(str(text)) or not marks.any():  # folding changed the length: mark nothing
        return escaped
    out, i = [], 0
    src = str(text)
    while i < len(src):
        j = i
        while j < len(src) and marks[j] == marks[i]:
            j += 1
        chunk = html.escape(src[i:j])
        out.append(f'<span style="{_HIGHLIGHT}">{chunk}</span>' if marks[i] else chunk)
        i = j
    return "".join(out)


class QualityView(QWidget):
    """The Quality page; see the module docstring."""

    # a hit's conversation should open in the transcript view (conv_id)
    open_conversation = Signal(object)
    # accept a hit as a false positive: (hit_id, note)
    accept_requested = Signal(str, str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._results = None
        self._hits = pd.DataFrame()
        self._shown = np.zeros(0, dtype=np.int64)  # rows of self._hits in the hit table
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.agent_table = FrameTableView(self, export_name="quality_agents", filterable=False)
        self.agent_table.cell_activated.connect(self._on_count_activated)
        self.agent_table.table.clicked.connect(self._on_agent_cell_clicked)
        self.chart = CleanShareChart(self)

        self.agent_filter, self.rule_filter, self.day_filter = QComboBox(self), QComboBox(self), QComboBox(self)
        for combo in (self.agent_filter, self.rule_filter, self.day_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.hit_table = FrameTableView(self, export_name="quality_hits")
        self.hit_table.row_activated.connect(lambda _row: self.open_selected())
        self.hit_table.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.hit_table.model.modelReset.connect(self._show_selected)
        self.hit_table.frame_updated.connect(self._show_selected)
        self.message = QTextBrowser(self)
        self.message.setMaximumHeight(110)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_selected)
        self.accept_button = QPushButton(self)
        self.accept_button.clicked.connect(self.accept_selected)
        self.agent_label, self.rule_label_w, self.day_label = QLabel(self), QLabel(self), QLabel(self)

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.agent_table)
        top.addWidget(self.chart)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        filters = QHBoxLayout()
        for label, combo in ((self.agent_label, self.agent_filter), (self.rule_label_w, self.rule_filter),
                             (self.day_label, self.day_filter)):
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        side = QVBoxLayout()
        side.addWidget(self.open_button)
        side.addWidget(self.accept_button)
        side.addStretch(1)
        buttons.addLayout(side)
        bottom = QWidget(self)
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addLayout(filters)
        lower.addWidget(self.hit_table, 1)
        lower.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.retranslate()

    # --- results ------------------------------------------------------------------------------
    def set_results(self, results) -> None:
        """Show ``results.quality`` (None or missing: the page says why it is empty)."""
        self._results = results
        q = getattr(results, "quality", None) if results is not None else None
        self._hits = q.hits.reset_index(drop=True) if q is not None else pd.DataFrame()
        self._fill_agents()
        self._fill_filters()
        self._apply_filters()

    def _quality(self):
        return getattr(self._results, "quality", None) if self._results is not None else None

    def _fill_agents(self) -> None:
        q = self._quality()
        if q is None:
            self.agent_table.set_frame(pd.DataFrame())
            self.chart.set_shares([], [])
            self.summary.setText(self._unavailable_text())
            return
        frame = q.agents.copy()
        frame["agent"] = frame["agent"].astype(str)
        shop = q.shop
        checked = frame["conversations_checked"].to_numpy(dtype="float64")
        specs = [ColumnSpec("agent", _AGENT_COLUMNS["agent"], TEXT, _C),
                 ColumnSpec("conversations_checked", _AGENT_COLUMNS["conversations_checked"], INT, _C),
                 ColumnSpec("clean_conversations", _AGENT_COLUMNS["clean_conversations"], INT, _C),
                 ColumnSpec("clean_share", _AGENT_COLUMNS["clean_share"], PERCENT, _C),
                 ColumnSpec("hits_per_100", _AGENT_COLUMNS["hits_per_100"], FLOAT, _C)]
        for rule in q.rules:
            n = shop.get("hits", {}).get(rule)
            rate = (n / shop["conversations_checked"]) if n is not None and shop.get("conversations_checked") \
                else float("nan")
            specs.append(ColumnSpec(f"hits_{rule}", RULE_LABELS[rule], INT, _C,
                                    colour=lambda v, c=checked, r=rate: rate_colours(v, c, r),
                                    tooltip=self.tr("Coloured against the shop's rate: {0:.1f} per 100 "
                                                    "conversations").format(rate * 100)
                                    if np.isfinite(rate) else ""))
        self.agent_table.set_frame(frame, specs)
        self.chart.set_shares(frame["agent"].tolist(), frame["clean_share"].to_numpy(dtype="float64"))
        share = shop.get("clean_share")
        self.summary.setText(self.tr("Shop: {0} conversations checked, {1} clean ({2}), {3} hits per 100 "
                                     "conversations.").format(
            shop.get("conversations_checked", 0), shop.get("clean_conversations", 0),
            "–" if share is None else f"{share:.1%}",
            "–" if shop.get("hits_per_100") is None else f"{shop['hits_per_100']:.1f}"))

    def _unavailable_text(self) -> str:
        if self._results is None:
            return self.tr("No results yet: import a chat log.")
        return self.tr("Not available: no chat log in this range, so no conversation can be checked.")

    def _fill_filters(self) -> None:
        h = self._hits
        agents = sorted({str(a) for a in h["agent"].astype(object).unique()}) if len(h) else []
        days = sorted(pd.unique(h["day"])) if len(h) else []
        rules = [r for r in RULE_IDS if len(h) and r in set(h["rule"].astype(str).unique())]
        for combo, values, texts in ((self.agent_filter, agents, agents),
                                     (self.rule_filter, rules, [rule_label(r) for r in rules]),
                                     (self.day_filter, [pd.Timestamp(d) for d in days],
                                      [pd.Timestamp(d).strftime("%Y-%m-%d") for d in days])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All"), None)
            for v, text in zip(values, texts):
                combo.addItem(text, v)
            found = combo.findData(current) if current is not None else -1
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def _apply_filters(self) -> None:
        h = self._hits
        if len(h) == 0:
            self._shown = np.zeros(0, dtype=np.int64)
            self.hit_table.set_frame(pd.DataFrame(columns=list(_HIT_COLUMNS)), self._hit_specs())
            return
        mask = np.ones(len(h), dtype=bool)
        agent, rule, day = self.agent_filter.currentData(), self.rule_filter.currentData(), \
            self.day_filter.currentData()
        if agent is not None:
            mask &= (h["agent"].astype(object) == agent).to_numpy()
        if rule is not None:
            mask &= (h["rule"].astype(object) == rule).to_numpy()
        if day is not None:
            mask &= (h["day"] == day).to_numpy()
        self._shown = np.flatnonzero(mask)
        shown = h.iloc[self._shown]
        labels = {r: rule_label(r) for r in RULE_IDS}
        frame = pd.DataFrame({
            "time": shown["time"].to_numpy(), "agent": shown["agent"].astype(str).to_numpy(),
            "buyer": shown["buyer"].astype(str).to_numpy(),
            "rule_label": shown["rule"].astype(str).map(labels).to_numpy(dtype=object),
            "match": shown["match"].to_numpy(dtype=object), "text": shown["text"].to_numpy(dtype=object),
            "accepted": shown["accepted"].to_numpy(dtype=bool), "note": shown["note"].to_numpy(dtype=object),
            "accepted_stamp": (shown["accepted_stamp"].to_numpy(dtype=object) if "accepted_stamp" in shown.columns
                               else np.full(len(shown), "", dtype=object)),
        })
        self.hit_table.set_frame(frame, self._hit_specs())
        self.hit_table.model.set_muted_rows(frame["accepted"].to_numpy(dtype=bool))
        if len(frame) and not self.hit_table.selected_source_rows():
            self.hit_table.select_source_row(0)

    def _hit_specs(self) -> list[ColumnSpec]:
        return [ColumnSpec(k, label, kind, _C) for k, (label, kind) in _HIT_COLUMNS.items()]

    # --- drill-down and actions ------------------------------------------------------------------
    def select_filters(self, agent: Optional[str] = None, rule: Optional[str] = None) -> None:
        """Show the hits of one agent and/or rule (None: all)."""
        for combo, value in ((self.agent_filter, agent), (self.rule_filter, rule)):
            combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)

    def _on_agent_cell_clicked(self, index) -> None:
        """One click on a count drills the hit list down to that agent and rule."""
        if index.isValid():
            model = self.agent_table.model
            self._on_count_activated(model.source_row(index.row()), str(model.data(index, KeyRole)))

    def _on_count_activated(self, source_row: int, key: str) -> None:
        frame = self.agent_table.model.frame()
        if source_row < 0 or source_row >= len(frame):
            return
        agent = str(frame["agent"].iloc[source_row])
        rule = key[len("hits_"):] if key.startswith("hits_") and key != "hits_per_100" else None
        self.select_filters(agent, rule)

    def selected_hit(self) -> Optional[pd.Series]:
        rows = self.hit_table.selected_source_rows()
        if not rows or rows[0] >= len(self._shown):
            return None
        return self._hits.iloc[int(self._shown[rows[0]])]

    def _show_selected(self, *_args) -> None:
        hit = self.selected_hit()
        self.open_button.setEnabled(hit is not None)
        self.accept_button.setEnabled(hit is not None and not bool(hit["accepted"]))
        if hit is None:
            self.message.setHtml("")
            return
        when = pd.Timestamp(hit["time"]).strftime("%Y-%m-%d %H:%M:%S")
        head = html.escape(f"{when}  {hit['agent']} → {hit['buyer']}  ·  {rule_label(str(hit['rule']))}")
        self.message.setHtml(f"<p style='color:#555'>{head}</p><p>{highlighted(hit['text'], hit['match'])}</p>")

    def open_selected(self) -> None:
        hit = self.selected_hit()
        if hit is not None:
            self.open_conversation.emit(int(hit["conv_id"]))

    def accept_selected(self, note: Optional[str] = None) -> None:
        """Ask for a note (unless given) and request the selected hit be accepted as a false positive."""
        hit = self.selected_hit()
        if hit is None:
            return
        if note is None:
            note, ok = QInputDialog.getText(self, self.tr("Accept hit"),
                                            self.tr("Why is this not a problem? (note)"))
            if not ok:
                return
        self.accept_requested.emit(str(hit["hit_id"]), str(note))

    # --- language ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.agent_label.setText(self.tr("Agent"))
        self.rule_label_w.setText(self.tr("Rule"))
        self.day_label.setText(self.tr("Day"))
        self.open_button.setText(self.tr("Open conversation"))
        self.accept_button.setText(self.tr("Accept (false positive)…"))
        self.agent_table.retranslate_ui()
        self.hit_table.retranslate_ui()
        self.chart.retranslate_ui()
        if self._results is not None:
            self.set_results(self._results)
        else:
            self.summary.setText(self._unavailable_text())
            self._fill_filters()

    retranslate_ui = retranslate
