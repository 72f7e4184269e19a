"""Settings, mapping and error dialogs on their own (real widgets, no window)."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.core.errors import InputError, MissingColumns
from desktop_app.core.importers.mapping import MappingStore
from desktop_app.core.model.settings import FIRST_TOUCH, READING_PLATFORM, ModelSettings
from desktop_app.ui.dialogs.error_dialog import make_error_box
from desktop_app.ui.dialogs.mapping_dialog import MappingDialog, guess_kind
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog


#: core settings the dialog does not offer yet (issue 11's unpaid_close_hours: the UI helper adds its
#: field; until then it keeps its default in the window). Remove a name here when the dialog has it.
NOT_IN_DIALOG_YET: set[str] = set()

def test_settings_dialog_round_trips_every_field(qtbot):
    s = ModelSettings.platform_preset(
        split_gap_s=20 * 60.0,
        split_at_midnight=False,
        first_response_targets_s=(5.0, 9.0, 20.0),
        response_target_s=12.0,
        working_hours=((0, "09:00", "18:00"), (5, "10:00", "16:30")),
        auto_reply_patterns=("欢迎光临", "自动回复"),
        robot_accounts=("店小蜜",),
        attribution_window_days=7.0,
        attribution_rule=FIRST_TOUCH,
        as_of="2026-11-20 23:59:59",
        shipping_promise_h=72.0,
        reminder_new_h=1.5,
        reminder_returning_h=4.0,
        reminder_window_h=24.0,
        unpaid_close_hours=48.0,
        sale_rule="payment",
        rfm_lookback_days=180,
        level_basis="orders",
        levels=(("普通", 0.0), ("银卡", 3.0), ("金卡", 10.0)),
        level_period_days=730,
        quality_rules=("bare_reply", "banned_words"),
        quality_bare_max_chars=2,
        quality_question_words=("？", "吗"),
        quality_greeting_words=("您好",),
        quality_closing_words=("谢谢",),
        quality_banned_words=("不知道", "re:滚+"),
        quality_allowed_phrases=("不知道的话",),
        quality_negation_prefixes=("不是",),
        quality_complaint_words=("投诉",),
        quality_apology_words=("抱歉",),
        quality_followup_h=48.0,
        staffing_target_share=0.9,
        staffing_target_s=20.0,
        staffing_concurrency=2.5,
        shift_templates=(("10:00", "19:00"), ("22:00", "06:00")),
    )
    # every field differs from its default, so a field the dialog forgets cannot pass unnoticed
    import dataclasses

    default = ModelSettings()
    same = [f.name for f in dataclasses.fields(ModelSettings)
            if getattr(s, f.name) == getattr(default, f.name) and f.name not in NOT_IN_DIALOG_YET]
    assert same == []
    dlg = SettingsDialog(s, "zh_CN", mask_pii=False)
    qtbot.addWidget(dlg)
    assert dlg.model_settings() == s
    # and loading the defaults gives the defaults back
    dlg.load(default)
    assert dlg.model_settings() == default
    assert dlg.language() == "zh_CN" and dlg.mask_pii() is False


def test_reading_preset_sets_the_platform_fields(qtbot):
    dlg = SettingsDialog(ModelSettings(), "en")
    qtbot.addWidget(dlg)
    dlg.reading.setCurrentIndex(dlg.reading.findData(READING_PLATFORM))
    dlg.reading.activated.emit(dlg.reading.currentIndex())
    got = dlg.model_settings()
    want = ModelSettings.platform_preset()
    fields = ("response_cap_s", "unanswered_as_cap", "service_hours", "slow_threshold_s", "reading")
    assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]


def test_restore_defaults(qtbot):
    dlg = SettingsDialog(ModelSettings(slow_threshold_s=5.0, shipping_promise_h=12.0), "en")
    qtbot.addWidget(dlg)
    dlg.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dlg.model_settings() == ModelSettings()


def write_chat_like(tmp_path):
    path = tmp_path / "im_log.csv"
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["发送时间", "顾客昵称", "接待账号", "角色", "消息内容"])
        w.writerow(["2026-11-20 10:00:00", "b1", "店:小王", "买家", "在吗"])
        w.writerow(["2026-11-20 10:00:09", "b1", "店:小王", "客服", "在的"])
    return path


def test_mapping_dialog_requires_fields_and_remembers(qtbot, tmp_path):
    path = write_chat_like(tmp_path)
    store = MappingStore(tmp_path / "column_mappings.json")
    dlg = MappingDialog(str(path), mapping_store=store)
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dlg.set_kind("chats")
    for name in ("time", "buyer", "agent", "sender"):
        dlg.set_field(name, "")
    assert not ok.isEnabled()
    assert "Choose a column" in dlg.status.text()
    dlg.set_field("time", "发送时间")
    dlg.set_field("buyer", "顾客昵称")
    dlg.set_field("agent", "接待账号")
    dlg.set_field("sender", "顾客昵称")  # same column twice -> refused
    assert not ok.isEnabled() and "several fields" in dlg.status.text()
    dlg.set_field("sender", "角色")
    dlg.set_field("text", "消息内容")
    assert ok.isEnabled()
    ok.click()
    mapping = dlg.mapping()
    assert mapping.kind == "chats"
    assert mapping.fields == {"time": "发送时间", "buyer": "顾客昵称", "agent": "接待账号", "sender": "角色",
                              "text": "消息内容"}
    assert store.get(dlg.headers) == mapping


def test_guess_kind_prefers_inventory_for_a_stock_sheet():
    assert guess_kind(["商家编码", "可用库存", "标题"]) == "inventory"
    assert guess_kind(["订单编号", "下单时间", "实付金额"]) == "orders"


@pytest.mark.parametrize("exc, expected", [
    (MissingColumns("lacks 订单创建时间", file="orders.csv", sheet="订单报表", row=1, column="订单创建时间",
                    hint="Export the full report again."),
     ["File: orders.csv", "Sheet: 订单报表", "Row: 1", "Column: 订单创建时间", "How to fix: Export the full"]),
    (InputError("bad amount", file="a.xlsx", row=12, column="实付金额"),
     ["File: a.xlsx", "Row: 12", "Column: 实付金额"]),
])
def test_error_box_names_file_sheet_row_column_and_fix(qtbot, exc, expected):
    box = make_error_box(None, exc, details="Traceback: ...")
    qtbot.addWidget(box)
    text = box.informativeText()
    for part in expected:
        assert part in text
    assert exc.message in box.text()
    assert "Traceback: ..." in box.detailedText()


def test_mapping_dialog_status_words(qtbot, tmp_path):
    path = tmp_path / "erp.csv"
    path.write_text("单号,时间点,成交额,进度\nA1,2026-11-20 10:00:00,5,已完结\nA2,2026-11-20 11:00:00,0,待付款\n"
                    "A3,2026-11-20 12:00:00,9,已完结\n", encoding="utf-8")
    dlg = MappingDialog(str(path))
    qtbot.addWidget(dlg)
    dlg.set_kind("orders")
    dlg.set_field("order_id", "单号")
    dlg.set_field("created", "时间点")
    dlg.set_field("paid_amount", "成交额")
    dlg.set_field("status", "进度")
    # most frequent word first; an unknown word is left to the times, a known one is pre-set
    assert list(dlg.status_combos) == ["已完结", "待付款"]
    assert dlg.status_combos["已完结"].currentData() == ""
    assert dlg.status_combos["待付款"].currentData() == "unpaid"
    dlg.set_status_word("已完结", "completed")
    assert dlg.mapping().status_map == {"已完结": "completed", "待付款": "unpaid"}
