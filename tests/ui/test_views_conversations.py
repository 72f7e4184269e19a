"""ConversationsView: list cells, transcript marks (waits, auto-replies, unanswered), drill-down and back."""

import pandas as pd
from PySide6.QtCore import Qt

from desktop_app.ui.views.conversations import ConversationsView
from test_views_fixtures import LI, WANG, make_messages, make_results

DISPLAY = Qt.ItemDataRole.DisplayRole


def cell(view, row, key):
    model = view.table.model
    return model.data(model.index(row, model.column_of(key)), DISPLAY)


def test_list_and_transcript(qtbot):
    view = ConversationsView()
    qtbot.addWidget(view)
    view.set_messages(make_messages())
    view.set_results(make_results())
    assert view.table.model.rowCount() == 2
    assert cell(view, 0, "agent") == WANG and cell(view, 0, "buyer") == "tb_alice"
    assert cell(view, 0, "start") == "2026-11-21 09:00"
    assert cell(view, 0, "first_response_s") == "5.0 s"
    assert cell(view, 1, "first_response_s") == ""  # bob's first turn was never answered by a human
    assert cell(view, 1, "unanswered_turns") == "1"
    # the first row is selected: alice's transcript, waits 5 s and 50 s at the human replies
    text = view.transcript.toPlainText()
    assert "◷ 5 s" in text and "◷ 50 s" in text
    assert "(auto-reply)" in text and "欢迎光临" in text
    assert "⚠ unanswered" not in text
    html = view.transcript.toHtml()
    assert "#9a9a9a" in html  # the auto-reply is greyed
    view.table.table.selectRow(1)
    text = view.transcript.toPlainText()
    # bob: 10:00 turn only got the robot (unanswered), 10:29 turn answered after 45 s
    assert "⚠ unanswered" in text and "◷ 45 s" in text
    assert "10:00:00 tb_bob ⚠ unanswered\n能便宜点吗" in text  # the mark sits on the unanswered message
    assert "10:29:45 店铺:小李 ◷ 45 s\n在的" in text


def test_transcript_without_messages_lists_turns(qtbot):
    view = ConversationsView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.table.table.selectRow(1)
    text = view.transcript.toPlainText()
    assert "10:00:00 buyer turn — ⚠ unanswered" in text
    assert "10:29:00 buyer turn — ◷ 45 s" in text


def test_drill_down_and_back(qtbot):
    view = ConversationsView()
    qtbot.addWidget(view)
    view.set_messages(make_messages())
    view.set_results(make_results())
    drill = pd.DataFrame({"day": [pd.Timestamp("2026-11-21")], "buyer": ["tb_bob"], "agent": [LI],
                          "paid_amount": [199.0]})
    view.show_frame(drill, "店铺:小李 — Paying buyers")
    assert view.is_drill_down() and not view.back_button.isHidden()
    assert view.title_label.text() == "店铺:小李 — Paying buyers"
    assert cell(view, 0, "paid_amount") == "¥199.00"
    assert "能便宜点吗" in view.transcript.toPlainText()  # bob's conversation found by buyer + agent
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert not view.is_drill_down() and view.back_button.isHidden()
    assert view.table.model.rowCount() == 2


def test_none_clears(qtbot):
    view = ConversationsView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    view.set_results(None)
    assert view.table.model.rowCount() == 0
    assert "Select a conversation" in view.transcript.toPlainText()


def test_drill_of_turns_hides_ids_and_opens_their_conversation(qtbot):
    results = make_results()
    view = ConversationsView()
    qtbot.addWidget(view)
    view.set_messages(make_messages())
    view.set_results(results)
    turns = results.turns[results.turns["agent"] == LI].reset_index(drop=True)  # like drill "turns"
    view.show_frame(turns, "小李 · turns")
    model = view.table.model
    assert model.column_of("conv_id") == -1 and model.column_of("hour") == -1  # internal columns hidden
    assert cell(view, 0, "day") == "2026-11-21"
    assert cell(view, 1, "response_s") == "45.0 s"
    assert cell(view, 0, "answered") == ""  # the 10:00 turn was never answered
    view.table.table.selectRow(1)
    assert "tb_bob ↔ 店铺:小李" in view.transcript.toPlainText()  # via the hidden conv_id


def test_unsorted_messages_are_sorted_for_transcripts(qtbot):
    view = ConversationsView()
    qtbot.addWidget(view)
    shuffled = make_messages().iloc[[4, 0, 8, 2, 6, 1, 3, 5, 7]]  # any order, as a merged import may give
    view.set_messages(shuffled)
    view.set_results(make_results())
    text = view.transcript.toPlainText()
    assert text.index("在吗？这件有货吗") < text.index("有的亲") < text.index("今天下午发")


def test_conversations_are_listed_in_time_order_with_the_indicator(qtbot):
    import pandas as pd

    view = ConversationsView()
    qtbot.addWidget(view)
    view.set_results(make_results())
    header = view.table.table.horizontalHeader()
    assert header.sortIndicatorSection() == view.table.model.column_of("start")
    starts = [pd.Timestamp(cell(view, r, "start")) for r in range(view.table.model.rowCount())]
    assert starts == sorted(starts)
