"""Qianniu copied-text chat logs (every layout, noise line and encoding) and the web-export xlsx."""

import openpyxl
import pandas as pd
import pytest

from desktop_app.core.errors import InputError
from desktop_app.core.importers import chats_qianniu
from desktop_app.core.importers.base import RawTable

T = pd.Timestamp


def write(path, text, encoding="utf-8", newline="\r\n"):
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


ONE_WINDOW = """\
测试用户001 2026-11-16 9:00:00
在吗
这个有货吗
示例旗舰店:小美 2026-11-16 9:00:01
[自动回复]亲，欢迎光临示例旗舰店
已读
示例旗舰店:小美2026-11-16 9:00:20
有的亲
测试用户001
2026-11-16 9:01:00
那发什么快递
未读
由 服务助手 转交给 示例旗舰店:阿杰
原因：【离线留言自动分配】
当前用户来自 手机淘宝
示例旗舰店:小美 --> 示例旗舰店:阿杰 2026-11-16 9:01:30
测试用户001 2026-11-16 9:02:00
还在吗
测试用户001 撤回了一条消息
发送中
示例旗舰店:阿杰 2026-11-16 9:02:40
在的，默认中通
"""


def test_one_window_log_every_header_layout_noise_and_transfer(tmp_path):
    path = write(tmp_path / "聊天记录.txt", ONE_WINDOW)
    result = chats_qianniu.read_text(path)
    m = result.messages
    assert result.format_id == "qianniu_text" and result.kind == "chats"
    assert result.problems == []
    # 6 messages: noise lines (已读, 未读, 发送中, 转交, 原因, 当前用户来自, 撤回) and the transfer are dropped
    assert list(m["text"]) == ["在吗\n这个有货吗", "[自动回复]亲，欢迎光临示例旗舰店", "有的亲",
                               "那发什么快递", "还在吗", "在的，默认中通"]
    assert list(m["sender"]) == ["buyer", "agent", "agent", "buyer", "buyer", "agent"]
    assert set(m["buyer"]) == {"测试用户001"}
    # before the transfer the buyer talks to 小美; after "小美 --> 阿杰" to 阿杰
    assert list(m["agent"]) == ["示例旗舰店:小美"] * 4 + ["示例旗舰店:阿杰"] * 2
    assert set(m["shop"]) == {"示例旗舰店"}
    # the no-space header and the nick-on-its-own-line header keep their times
    assert list(m["time"]) == [T("2026-11-16 09:00:00"), T("2026-11-16 09:00:01"), T("2026-11-16 09:00:20"),
                               T("2026-11-16 09:01:00"), T("2026-11-16 09:02:00"), T("2026-11-16 09:02:40")]
    # only the 自动回复 message is automatic (default patterns)
    assert list(m["auto"]) == [False, True, False, False, False, False]
    assert m["time"].dtype == "datetime64[ns]"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
def test_encodings(tmp_path, encoding):
    # "utf-16" writes a BOM (a Windows clipboard save); "utf-16-le" has none
    path = write(tmp_path / f"log-{encoding}.txt", ONE_WINDOW, encoding)
    m = chats_qianniu.read_text(path).messages
    assert len(m) == 6
    assert m["text"].iloc[0] == "在吗\n这个有货吗"
    assert m["agent"].iloc[-1] == "示例旗舰店:阿杰"


def test_lf_and_cr_line_endings(tmp_path):
    for nl in ("\n", "\r"):
        m = chats_qianniu.read_text(write(tmp_path / "lf.txt", ONE_WINDOW, newline=nl)).messages
        assert len(m) == 6


SECTIONS = """\
----- 与 测试用户001 的聊天记录 -----
测试用户001 2026-11-16 10:00:00
拍了能今天发吗
示例旗舰店:小美 2026-11-16 10:00:08
可以的亲

下午四点前都发
===== 与 测试用户002 的聊天记录 =====
示例旗舰店:阿杰 2026-11-16 11:00:00
亲，您的订单还没付款哦
---------- 测试用户003 ----------
测试用户003 2026-11-16 12:00:00
有优惠吗
示例旗舰店 2026-11-16 12:05:00
店铺满199减20
"""


def test_sections_outbound_only_buyer_and_main_account(tmp_path):
    m = chats_qianniu.read_text(write(tmp_path / "multi.txt", SECTIONS)).messages
    assert list(m["buyer"]) == ["测试用户001", "测试用户001", "测试用户002", "测试用户003", "测试用户003"]
    # a multi-line message keeps its inner blank line
    assert m["text"].iloc[1] == "可以的亲\n\n下午四点前都发"
    # the 催付 section has only the agent's message; it still belongs to buyer 002
    assert (m["sender"].iloc[2], m["agent"].iloc[2]) == ("agent", "示例旗舰店:阿杰")
    # inside a section every nick other than the buyer is an agent, here the main account 示例旗舰店
    assert list(m["sender"].iloc[3:]) == ["buyer", "agent"]
    assert list(m["agent"].iloc[3:]) == ["示例旗舰店", "示例旗舰店"]
    assert list(m["shop"].iloc[3:]) == ["示例旗舰店", "示例旗舰店"]


def test_several_buyers_without_sections(tmp_path):
    text = """\
测试用户001 2026-11-16 10:00:00
在吗
示例旗舰店:小美 2026-11-16 10:00:30
在
测试用户002 2026-11-16 10:01:00
你好
示例旗舰店:阿杰 2026-11-16 10:01:05
您好
"""
    m = chats_qianniu.read_text(write(tmp_path / "two.txt", text)).messages
    # agent messages belong to the most recent buyer; buyer messages to the next agent who speaks
    assert list(zip(m["buyer"], m["agent"])) == [
        ("测试用户001", "示例旗舰店:小美"), ("测试用户001", "示例旗舰店:小美"),
        ("测试用户002", "示例旗舰店:阿杰"), ("测试用户002", "示例旗舰店:阿杰")]


def test_auto_by_welcome_text_and_robot_account(tmp_path):
    text = """\
测试用户005 2026-11-16 10:00:00
在吗
示例旗舰店:店小蜜 2026-11-16 10:00:01
您好，我是智能助理
示例旗舰店:小美 2026-11-16 10:00:02
亲，欢迎光临示例旗舰店，有什么可以帮您
示例旗舰店:小美 2026-11-16 10:00:40
在的亲
"""
    path = write(tmp_path / "auto.txt", text)
    m = chats_qianniu.read_text(path).messages
    # defaults: 店小蜜 is a robot sub-account; the welcome text has no marker
    assert list(m["auto"]) == [False, True, False, False]
    m2 = chats_qianniu.read_text(path, auto_patterns=["欢迎光临示例旗舰店"], robot_accounts=[]).messages
    assert list(m2["auto"]) == [False, False, True, False]


def test_bad_timestamp_names_the_line(tmp_path):
    text = """\
测试用户001 2026-11-16 10:00:00
在吗
示例旗舰店:小美 2026-11-31 10:00:05
这行的日期不存在
示例旗舰店:小美 2026-11-16 10:00:09
在的
"""
    result = chats_qianniu.read_text(write(tmp_path / "bad.txt", text))
    # line 3 holds 11月31日: skipped with its body, reported with line number and column
    assert [(p.row, p.column, p.value) for p in result.problems] == [(3, "时间", "2026-11-31 10:00:05")]
    assert "bad.txt" in result.problems[0].describe() and "row 3" in result.problems[0].describe()
    assert list(result.messages["text"]) == ["在吗", "在的"]
    assert result.rows_read == 2 and result.rows_skipped == 1


def test_empty_log_raises_naming_the_file(tmp_path):
    for name, text in (("empty.txt", ""), ("noise.txt", "已读\n由 服务助手 转交给 示例旗舰店:小美\n")):
        with pytest.raises(InputError) as err:
            chats_qianniu.read_text(write(tmp_path / name, text))
        assert "no messages found" in str(err.value)
        assert err.value.file == name


def test_agent_fallback_for_unanswered_buyers(tmp_path):
    text = """\
----- 与 测试用户008 的聊天记录 -----
测试用户008 2026-11-16 22:00:00
有人吗
----- 与 测试用户009 的聊天记录 -----
测试用户009 2026-11-16 22:10:00
在吗
示例旗舰店:小美 2026-11-16 22:30:00
在的
----- 与 测试用户010 的聊天记录 -----
测试用户010 2026-11-16 22:40:00
hello
示例旗舰店:阿杰 2026-11-16 22:41:00
hi
"""
    path = write(tmp_path / "unanswered.txt", text)
    result = chats_qianniu.read_text(path)
    # two agents in the file, none in buyer 008's section: that message (line 2) is skipped and reported
    assert [(p.row, p.skipped) for p in result.problems] == [(2, True)]
    assert len(result.messages) == 4
    # with the copied window's sub-account given, the unanswered buyer is kept for that agent
    kept = chats_qianniu.read_text(path, agent="示例旗舰店:小美")
    assert kept.problems == []
    assert kept.messages["agent"].iloc[0] == "示例旗舰店:小美"


def test_sniff():
    assert chats_qianniu.sniff(ONE_WINDOW)
    assert chats_qianniu.sniff(SECTIONS)
    assert not chats_qianniu.sniff("time,buyer,agent,sender,text\n2026-11-16 10:00:00,b,店:甲,buyer,hi\n")
    assert not chats_qianniu.sniff("b,店:甲,buyer,hi,2026-11-16 10:00:00\nb,店:甲,agent,yo,2026-11-16 10:00:09\n")
    assert not chats_qianniu.sniff("会议纪要\n今天讨论了发货问题。\n")


def test_web_export_xlsx(tmp_path):
    path = tmp_path / "千牛聊天记录.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["客户名", "消息序号", "发送时间", "发送内容", "发送账号", "账号类型"])
    ws.append(["测试用户001", 2, "2026-11-16 10:00:09", "在的亲", "示例旗舰店:小美", "客服"])
    ws.append(["测试用户001", 1, "2026-11-16 10:00:00", "在吗", "测试用户001", "客户"])
    ws.append(["测试用户002", 1, "2026-11-16 11:00:00", "有货吗", "测试用户002", "客户"])
    ws.append(["测试用户002", 2, "2026-11-16 11:00:01", "自动回复：您好", "示例旗舰店:阿杰", "客服"])
    ws.append(["测试用户003", 1, "不是时间", "?", "测试用户003", "客户"])
    ws.append(["测试用户004", 1, "2026-11-16 12:00:00", "在吗", "测试用户004", "客户"])
    ws.append(["测试用户004", 2, "2026-11-16 12:00:01", "您好，请问有什么可以帮您", "示例旗舰店:助理", "机器人"])
    wb.save(path)
    df = pd.read_excel(path, dtype=object, engine="calamine")
    df.index = range(2, len(df) + 2)
    table = RawTable(str(path), "Sheet", 1, list(df.columns), df)
    fmt = chats_qianniu.FORMAT
    assert fmt.score(table.headers) == 1.0
    result = fmt.read(table)
    m = result.messages
    # the buyer message of 001 (row 3) goes to the agent of that customer's conversation
    assert list(zip(m["buyer"], m["agent"], m["sender"])) == [
        ("测试用户001", "示例旗舰店:小美", "agent"), ("测试用户001", "示例旗舰店:小美", "buyer"),
        ("测试用户002", "示例旗舰店:阿杰", "buyer"), ("测试用户002", "示例旗舰店:阿杰", "agent"),
        ("测试用户004", "示例旗舰店:助理", "buyer"), ("测试用户004", "示例旗舰店:助理", "agent")]
    # 自动回复 in the text (row 5) and the account type 机器人 (row 8) make a message automatic
    assert list(m["auto"]) == [False, False, False, True, False, True]
    # row 6: unreadable time (and no agent either); reported once per reason with the row number
    assert {p.row for p in result.problems} == {6}


def test_buyer_text_that_looks_like_noise_is_kept(tmp_path):
    text = """\
测试用户011 2026-11-16 10:00:00
原因：尺码不对，想换大一号
已读
示例旗舰店:小美 2026-11-16 10:00:30
好的亲，给您换
"""
    m = chats_qianniu.read_text(write(tmp_path / "keep.txt", text)).messages
    # only 原因：【…】 (the platform's bracketed reason) is noise; a buyer's own 原因： line is text
    assert list(m["text"]) == ["原因：尺码不对，想换大一号", "好的亲，给您换"]


def test_progress_and_cancel(tmp_path):
    from desktop_app.core.errors import ImportCancelled
    from desktop_app.core.progress import Reporter

    # 25,000 copies of a two-message exchange: 100,000 lines, so progress is reported mid-file
    block = "测试用户001 2026-11-16 9:00:00\n在吗\n示例旗舰店:小美 2026-11-16 9:00:05\n在的\n"
    path = write(tmp_path / "long.txt", block * 25_000)
    seen = []
    result = chats_qianniu.read_text(path, Reporter(lambda d, t, s: seen.append((d, t))))
    assert len(result.messages) == 50_000
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 3
    with pytest.raises(ImportCancelled):
        chats_qianniu.read_text(path, Reporter(should_cancel=lambda: True))


WEB_PAGE = """\
20:50:00
这条没有日期
测试用户021
2026-11-16
20:57:11
请在客户端查看原始聊天记录，网页版无法展示
测试用户021
20:57:13
https://item.taobao.com/item.htm?id=600000000001
这款有货吗
测试用户021
20:57:40
[自动回复]您好，欢迎光临
示例旗舰店:小迪
20:58:05
有的亲
已读
示例旗舰店:小迪
2026-11-17
9:00:00
拍了
测试用户021
"""


def test_web_page_copied_as_text(tmp_path):
    path = write(tmp_path / "网页聊天记录.txt", WEB_PAGE)
    assert chats_qianniu.sniff(WEB_PAGE)
    from desktop_app.core.importers import registry

    assert registry.detect(path).format_id == "qianniu_text"
    result = chats_qianniu.read_text(path)
    m = result.messages
    # the first block (line 1) has no date line above it: reported, skipped
    assert [(p.row, p.column) for p in result.problems] == [(1, "时间")]
    # sender = the block's last line; the rest is the text; 已读 is noise
    assert list(m["sender"]) == ["buyer", "buyer", "agent", "agent", "buyer"]
    assert m["text"].iloc[1] == "https://item.taobao.com/item.htm?id=600000000001\n这款有货吗"
    assert m["text"].iloc[3] == "有的亲"
    assert set(m["agent"]) == {"示例旗舰店:小迪"} and set(m["buyer"]) == {"测试用户021"}
    # a new date line moves the day on
    assert list(m["time"].iloc[[0, 4]]) == [T("2026-11-16 20:57:11"), T("2026-11-17 09:00:00")]
    assert list(m["auto"]) == [False, False, True, False, False]


def test_card_and_system_noise(tmp_path):
    text = """\
测试用户012 2026-11-16 10:00:00
商品详情页
商品推荐：示例红茶
这个怎么泡
已发送
服务助手 2026-11-16 10:00:01
系统提示：客户已进店
系统消息 2026-11-16 10:00:02
会话已接入
示例旗舰店:小美 2026-11-16 10:00:20
90度水冲泡
发送失败
示例旗舰店:小美 2026-11-16 10:00:25
90度水冲泡就可以
"""
    m = chats_qianniu.read_text(write(tmp_path / "cards.txt", text)).messages
    # card lines and send states are dropped; system accounts' messages vanish with their text
    assert list(m["text"]) == ["这个怎么泡", "90度水冲泡", "90度水冲泡就可以"]
    assert list(m["sender"]) == ["buyer", "agent", "agent"]


def test_time_in_brackets(tmp_path):
    text = "测试用户013 (2026-11-16 10:00:00)\n在吗\n示例旗舰店:小美（2026-11-16 10:00:07）\n在的\n"
    m = chats_qianniu.read_text(write(tmp_path / "brackets.txt", text)).messages
    assert list(zip(m["sender"], m["time"])) == [("buyer", T("2026-11-16 10:00:00")),
                                                 ("agent", T("2026-11-16 10:00:07"))]
    assert list(m["buyer"]) == ["测试用户013"] * 2
