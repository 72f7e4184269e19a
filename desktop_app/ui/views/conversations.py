"""Conversations: the list of conversations (or a drill-down list) and the selected transcript."""

from __future__ import annotations

import html
from typing import Any, Optional

import numpy as np
import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.model.results import Results
from ..models.frame_table_model import (
    BOOL,
    DATE,
    DATETIME,
    FLOAT,
    INT,
    MONEY,
    SECONDS,
    ColumnSpec,
    lower_is_better,
    positive_is_bad,
)
from ..widgets.table_view import FrameTableView

_C = "ConversationsView"
#: labels for columns a conversation list or a drill-down frame may have
_LABELS = {
    "agent": (QT_TRANSLATE_NOOP("ConversationsView", "Agent"), ""),
    "buyer": (QT_TRANSLATE_NOOP("ConversationsView", "Buyer"), ""),
    "day": (QT_TRANSLATE_NOOP("ConversationsView", "Day"), DATE),
    "start": (QT_TRANSLATE_NOOP("ConversationsView", "Start"), DATETIME),
    "end": (QT_TRANSLATE_NOOP("ConversationsView", "End"), DATETIME),
    "first_response_s": (QT_TRANSLATE_NOOP("ConversationsView", "First response"), SECONDS),
    "mean_response_s": (QT_TRANSLATE_NOOP("ConversationsView", "Mean response"), SECONDS),
    "response_s": (QT_TRANSLATE_NOOP("ConversationsView", "Response"), SECONDS),
    "calendar_response_s": (QT_TRANSLATE_NOOP("ConversationsView", "Calendar response"), SECONDS),
    "turns": (QT_TRANSLATE_NOOP("ConversationsView", "Turns"), INT),
    "answered_turns": (QT_TRANSLATE_NOOP("ConversationsView", "Answered"), INT),
    "slow_turns": (QT_TRANSLATE_NOOP("ConversationsView", "Slow turns"), INT),
    "unanswered_turns": (QT_TRANSLATE_NOOP("ConversationsView", "Unanswered"), INT),
    "messages": (QT_TRANSLATE_NOOP("ConversationsView", "Messages"), INT),
    "buyer_messages": (QT_TRANSLATE_NOOP("ConversationsView", "Buyer messages"), INT),
    "agent_messages": (QT_TRANSLATE_NOOP("ConversationsView", "Agent messages"), INT),
    "auto_messages": (QT_TRANSLATE_NOOP("ConversationsView", "Auto-replies"), INT),
    "conversations": (QT_TRANSLATE_NOOP("ConversationsView", "Conversations"), INT),
    "inquiry": (QT_TRANSLATE_NOOP("ConversationsView", "Inquiry"), BOOL),
    "platform": (QT_TRANSLATE_NOOP("ConversationsView", "Platform"), ""),
    "order_id": (QT_TRANSLATE_NOOP("ConversationsView", "Order"), ""),
    "weight": (QT_TRANSLATE_NOOP("ConversationsView", "Credit"), FLOAT),
    "inquiry_day": (QT_TRANSLATE_NOOP("ConversationsView", "Inquiry day"), DATE),
    "inquiry_time": (QT_TRANSLATE_NOOP("ConversationsView", "Inquiry"), DATETIME),
    "created": (QT_TRANSLATE_NOOP("ConversationsView", "Created"), DATETIME),
    "paid": (QT_TRANSLATE_NOOP("ConversationsView", "Paid"), DATETIME),
    "reminded": (QT_TRANSLATE_NOOP("ConversationsView", "Reminded"), DATETIME),
    "paid_amount": (QT_TRANSLATE_NOOP("ConversationsView", "Paid amount"), MONEY),
    "amount": (QT_TRANSLATE_NOOP("ConversationsView", "Amount"), MONEY),
    "refund_amount": (QT_TRANSLATE_NOOP("ConversationsView", "Refund"), MONEY),
    "items": (QT_TRANSLATE_NOOP("ConversationsView", "Items"), INT),
    "is_paid": (QT_TRANSLATE_NOOP("ConversationsView", "Paid?"), BOOL),
    "paid_same_day": (QT_TRANSLATE_NOOP("ConversationsView", "Paid same day"), BOOL),
    "reply": (QT_TRANSLATE_NOOP("ConversationsView", "Reply"), DATETIME),
    "answered": (QT_TRANSLATE_NOOP("ConversationsView", "Answered?"), BOOL),
    "slow": (QT_TRANSLATE_NOOP("ConversationsView", "Slow?"), BOOL),
    "is_first": (QT_TRANSLATE_NOOP("ConversationsView", "First turn"), BOOL),
}
#: internal columns of drill-down frames (ids, helper flags) that the list does not show
DRILL_HIDDEN = {"conv_id", "first_conv_id", "shop", "hour", "weekday", "counted", "first_buyer_message",
                "first_human_message"}
#: the conversation list's columns, in order
LIST_COLUMNS = ["agent", "buyer", "start", "first_response_s", "mean_response_s", "turns", "slow_turns",
                "unanswered_turns", "messages"]


def column_specs(keys, settings=None) -> list[ColumnSpec]:
    """Specs for ``keys``: known columns get a label and format; others show under their own name."""
    reasonable, limit = (settings.first_response_targets_s[1:] if settings else (10.0, 15.0))
    target = settings.response_target_s if settings else 16.0
    colours = {
        "first_response_s": lower_is_better(reasonable, limit),
        "mean_response_s": lower_is_better(target, target * 1.5),
        "response_s": lower_is_better(target, target * 1.5),
        "unanswered_turns": positive_is_bad,
        "slow_turns": positive_is_bad,
    }
    specs = []
    for key in keys:
        label, kind = _LABELS.get(key, (key, ""))
        specs.append(ColumnSpec(key, label, kind or "auto", _C, colours.get(key)))
    return specs


class ConversationsView(QWidget):
    """Left: a list; right: the transcript of the selected conversation with each wait marked."""

    def __init__(self, parent: Optional[QWidget] = None, state: Any = None) -> None:
        super().__init__(parent)
        #: the AppState whose Dataset gives the transcripts' messages (None: set_messages is called)
        self._state = state
        self._results: Optional[Results] = None
        self._messages: Optional[pd.DataFrame] = None
        self._drill_title: Optional[str] = None
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.show_all)
        self.back_button.hide()
        self.table = FrameTableView(self, export_name="conversations")
        self.table.freeze_first_column()
        self.transcript = QTextBrowser(self)
        self.transcript.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("conversations_splitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.transcript)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.table.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.row_activated.connect(self.show_transcript_for_row)
        self.retranslate_ui()

    # --- public API -------------------------------------------------------------------------
    def set_results(self, results: Optional[Results]) -> None:
        """Show all conversations of ``results`` (None clears); a stale drill-down list is dropped."""
        if self._state is not None and results is not None and self._state.dataset is not None:
            # transcripts need the messages themselves (the store returns them sorted by time)
            self.set_messages(self._state.dataset.messages)
        self._results = results
        self.show_all()

    def set_messages(self, messages: Optional[pd.DataFrame]) -> None:
        """The Dataset's messages (schema.MESSAGE_COLUMNS), for transcripts."""
        self._messages = None
        if messages is not None and len(messages):
            # Sorted once (stable, so same-second messages keep the export's order); transcripts slice
            # it with searchsorted. Most datasets arrive sorted: checking is O(n), sorting 1M rows ~1 s.
            if messages["time"].is_monotonic_increasing:
                self._messages = messages.reset_index(drop=True)
            else:
                self._messages = messages.sort_values("time", kind="stable").reset_index(drop=True)
        self._show_current()

    def show_frame(self, frame: Optional[pd.DataFrame], title: str) -> None:
        """Show a drill-down list (buyers, orders or conversations behind a KPI) with a back button."""
        self._drill_title = title
        self.back_button.show()
        self.title_label.setText(title)
        keys = [k for k in frame.columns if k not in DRILL_HIDDEN] if frame is not None else []
        self.table.set_frame(frame, column_specs(keys, self._settings()))
        self._select_first()

    def show_all(self) -> None:
        """Back to the list of all conversations."""
        self._drill_title = None
        self.back_button.hide()
        frame = self._results.conversations if self._results is not None else None
        self.table.set_frame(frame, column_specs(LIST_COLUMNS, self._settings()))
        # in time order, with the header's indicator saying so (the model groups them by buyer)
        start = self.table.model.column_of("start")
        if frame is not None and start is not None and start >= 0:
            self.table.table.horizontalHeader().setSortIndicator(start, Qt.SortOrder.AscendingOrder)
        self._update_title()
        self._select_first()

    def show_conversation(self, conv_id) -> bool:
        """Select one conversation in the list of all conversations and show its transcript (the Quality
        page's "open conversation"); False when the results on screen do not hold it."""
        self.show_all()
        frame = self.table.model.frame()
        if frame is None or "conv_id" not in frame.columns:
            return False
        rows = np.flatnonzero(frame["conv_id"].to_numpy() == conv_id)
        if not len(rows):
            return False
        if self.table.filter_edit.text():
            self.table.filter_edit.clear()
            self.table.apply_filter()
        self.table.select_source_row(int(rows[0]))
        self.show_transcript_for_row(int(rows[0]))
        return True

    def is_drill_down(self) -> bool:
        return self._drill_title is not None

    def focus_filter(self) -> None:
        self.table.focus_filter()

    def retranslate(self) -> None:
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("← All conversations"))
        self._update_title()
        self.table.retranslate_ui()
        self._show_current()

    def show_transcript_for_row(self, source_row: int) -> None:
        """Show the transcript of the conversation behind a row of the current list."""
        self.transcript.setHtml(self.transcript_html(self._conv_id_for_row(source_row)))

    def transcript_html(self, conv_id) -> str:
        """HTML transcript of one conversation: auto-replies grey, waits and unanswered turns marked."""
        r = self._results
        if r is None or conv_id is None:
            return "<p style='color:#777'>" + html.escape(self.tr("Select a conversation.")) + "</p>"
        conv = r.conversations[r.conversations["conv_id"] == conv_id]
        if not len(conv):
            return ""
        c = conv.iloc[0]
        turns = r.turns[r.turns["conv_id"] == conv_id] if len(r.turns) else r.turns
        head = "<p><b>{}</b> ↔ <b>{}</b> · {}</p>".format(
            html.escape(str(c["buyer"])), html.escape(str(c["agent"])),
            html.escape(pd.Timestamp(c["start"]).strftime("%Y-%m-%d %H:%M")))
        msgs = self._conversation_messages(c)
        if msgs is None:
            return head + self._turns_html(turns)
        target, slow = r.settings.response_target_s, r.settings.slow_threshold_s
        return head + self._messages_html(msgs, turns, target, slow)

    # --- internals ------------------------------------------------------------------------
    def _settings(self):
        return self._results.settings if self._results is not None else None

    def _update_title(self) -> None:
        if self._drill_title is not None:
            self.title_label.setText(self._drill_title)
        else:
            self.title_label.setText(self.tr("All conversations"))

    def _select_first(self) -> None:
        if self.table.model.rowCount():
            self.table.table.selectRow(0)
        else:
            self._show_current()

    def _on_current_changed(self, current, _previous) -> None:
        self._show_current()

    def _show_current(self) -> None:
        index = self.table.table.currentIndex()
        if index.isValid() and index.row() < self.table.model.rowCount():
            self.show_transcript_for_row(self.table.model.source_row(index.row()))
        else:
            self.transcript.setHtml(self.transcript_html(None))

    def _conv_id_for_row(self, source_row: int):
        """The conversation behind a row: its conv_id, a drill's first_conv_id, or the buyer's first."""
        frame = self.table.model.frame()
        r = self._results
        if r is None or not 0 <= source_row < len(frame):
            return None
        row = frame.iloc[source_row]
        for key in ("conv_id", "first_conv_id"):
            if key in frame.columns and not pd.isna(row[key]):
                return row[key]
        if "buyer" in frame.columns:
            convs = r.conversations[r.conversations["buyer"].astype(str) == str(row["buyer"])]
            if "agent" in frame.columns:
                convs = convs[convs["agent"].astype(str) == str(row["agent"])]
            if len(convs):
                return convs.sort_values("start", kind="stable")["conv_id"].iloc[0]
        return None

    def _conversation_messages(self, c) -> Optional[pd.DataFrame]:
        m = self._messages
        if m is None:
            return None
        t = m["time"].to_numpy(dtype="datetime64[ns]")
        lo = np.searchsorted(t, np.datetime64(pd.Timestamp(c["start"])), side="left")
        hi = np.searchsorted(t, np.datetime64(pd.Timestamp(c["end"])), side="right")
        part = m.iloc[lo:hi]
        same = (part["buyer"].astype(str) == str(c["buyer"])) & (part["agent"].astype(str) == str(c["agent"]))
        return part[same]

    def _messages_html(self, msgs: pd.DataFrame, turns: pd.DataFrame, target_s: float, slow_s: float) -> str:
        replies = {}
        unanswered = set()
        for t in turns.itertuples(index=False):
            if pd.isna(t.reply):
                unanswered.add(pd.Timestamp(t.start))
            else:
                replies[pd.Timestamp(t.reply)] = t.response_s
        out = []
        # U+25F7 (a clock face) is in DejaVu and Segoe UI Symbol; the stopwatch emoji is not everywhere.
        wait_fmt = self.tr("◷ {s} s")
        for m in msgs.itertuples(index=False):
            when = pd.Timestamp(m.time)
            is_buyer = str(m.sender) == "buyer"
            auto = bool(m.auto) and not is_buyer
            who = html.escape(str(m.buyer if is_buyer else m.agent))
            if auto:
                who += " " + html.escape(self.tr("(auto-reply)"))
            badge = ""
            if not is_buyer and not auto and when in replies:
                wait = replies.pop(when)
                if not pd.isna(wait):
                    # green within the response target, amber up to the slow threshold, red when slow
                    colour = "#1f6b22" if wait <= target_s else "#9a6700" if wait <= slow_s else "#9c1c13"
                    text = html.escape(wait_fmt.format(s=f"{float(wait):,.0f}"))
                    badge = f" <span style='color:{colour};font-weight:bold'>{text}</span>"
            if is_buyer and when in unanswered:
                unanswered.discard(when)
                text = html.escape(self.tr("⚠ unanswered"))
                badge = f" <span style='color:#9c1c13;font-weight:bold'>{text}</span>"
            colour = "#9a9a9a" if auto else ("#1d2530" if is_buyer else "#1a4f8b")
            style = "font-style:italic;" if auto else ""
            out.append(
                f"<p style='margin:2px 0;{style}color:{colour}'>"
                f"<span style='color:#777'>{when.strftime('%H:%M:%S')}</span> <b>{who}</b>{badge}<br/>"
                f"{html.escape(str(m.text))}</p>")
        return "".join(out)

    def _turns_html(self, turns: pd.DataFrame) -> str:
        """Without the messages, list the buyer turns and their waits."""
        note = html.escape(self.tr("Messages are not loaded; showing the buyer turns and their waits."))
        rows = [f"<p style='color:#777'>{note}</p>"]
        for t in turns.itertuples(index=False):
            start = pd.Timestamp(t.start).strftime("%H:%M:%S")
            if pd.isna(t.response_s) or pd.isna(t.reply):
                text = html.escape(self.tr("{start} buyer turn — ⚠ unanswered").format(start=start))
            else:
                text = html.escape(self.tr("{start} buyer turn — ◷ {s} s").format(
                    start=start, s=f"{float(t.response_s):,.0f}"))
            rows.append(f"<p style='margin:2px 0'>{text}</p>")
        return "".join(rows)
