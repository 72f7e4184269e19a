"""The plain chat CSV/XLSX importer: headers in both languages, encodings, auto-replies, bad rows."""

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest

from desktop_app.core.errors import InputError, MissingColumns
from desktop_app.core.importers import chats_plain
from desktop_app.core.importers.readers import read_raw_tables
from desktop_app.core.importers.base import RawTable


def raw_table(path) -> RawTable:
    """The file's first table as the shared reader gives it."""
    return read_raw_tables(path)[0]


def write_csv(path, header, rows, encoding):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


EN_HEADER = ["time", "buyer", "agent", "sender", "text"]
ZH_HEADER = ["时间", "买家", "客服", "发送方", "内容", "自动回复"]


def test_english_headers_utf8_without_bom(tmp_path):
    path = write_csv(tmp_path / "chat.csv", EN_HEADER, [
        ["2026-11-16 09:00:00", "buyer_a", "示例旗舰店:小美", "buyer", "在吗"],
        ["2026-11-16 09:00:05", "buyer_a", "示例旗舰店:小美", "agent", "您好，有什么可以帮您"],
        ["2026-11-16 09:01:00", "buyer_b", "示例旗舰店:阿杰", "customer", "能便宜点吗"],
        ["2026-11-16 09:02:00", "buyer_b", "示例旗舰店:阿杰", "seller", "亲，这是活动价哦"],
    ], "utf-8")
    result = chats_plain.FORMAT.read(raw_table(path))
    m = result.messages
    assert result.kind == "chats" and result.format_id == "plain_chat"
    assert list(m.columns) == ["time", "shop", "buyer", "agent", "sender", "auto", "text"]
    assert result.rows_read == 4 and result.problems == []
    assert list(m["sender"]) == ["buyer", "agent", "buyer", "agent"]
    # shop is the part before the colon of 店铺名:客服名
    assert set(m["shop"]) == {"示例旗舰店"}
    assert m["time"].iloc[1] == pd.Timestamp("2026-11-16 09:00:05")
    assert m["time"].dtype == "datetime64[ns]"
    assert not m["auto"].any()


def test_chinese_headers_utf8_bom_with_auto_column(tmp_path):
    path = write_csv(tmp_path / "聊天.csv", ZH_HEADER, [
        ["2026-11-16 10:00:00", "测试用户001", "示例旗舰店:小美", "买家", "这个有货吗", "否"],
        ["2026-11-16 10:00:01", "测试用户001", "示例旗舰店:小美", "客服", "欢迎光临", "是"],
        ["2026-11-16 10:00:30", "测试用户001", "示例旗舰店:小美", "客服", "有货的亲", "0"],
        ["2026-11-16 10:00:40", "测试用户001", "示例旗舰店:小美", "客服", "稍等", "true"],
    ], "utf-8-sig")
    table = raw_table(path)
    assert chats_plain.FORMAT.score(table.headers) == 1.0
    m = chats_plain.FORMAT.read(table).messages
    # 是 and true mark auto; 否 and 0 do not
    assert list(m["auto"]) == [False, True, False, True]
    assert m["buyer"].iloc[0] == "测试用户001"


def test_gbk_csv(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", ZH_HEADER[:5], [
        ["2026-11-16 11:00:00", "测试用户002", "示例旗舰店:阿杰", "买家", "发什么快递"],
        ["2026-11-16 11:00:20", "测试用户002", "示例旗舰店:阿杰", "客服", "默认中通哦"],
    ], "gbk")
    m = chats_plain.FORMAT.read(raw_table(path)).messages
    assert list(m["text"]) == ["发什么快递", "默认中通哦"]
    assert list(m["agent"]) == ["示例旗舰店:阿杰"] * 2


def test_xlsx_with_datetime_cells_and_text_times(tmp_path):
    path = tmp_path / "chat.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["时间", "买家", "客服", "发送方", "内容", "自动回复"])
    ws.append([dt.datetime(2026, 11, 17, 8, 30, 0), "测试用户003", "示例旗舰店:小美", "买家", "你好", 0])
    ws.append(["2026-11-17 08:30:12", "测试用户003", "示例旗舰店:小美", "客服", "在的", 0])
    ws.append([dt.datetime(2026, 11, 17, 8, 31, 0), 12345, "示例旗舰店:小美", "买家", "数字昵称", 1])
    wb.save(path)
    m = chats_plain.FORMAT.read(raw_table(path)).messages
    assert list(m["time"]) == [pd.Timestamp("2026-11-17 08:30:00"), pd.Timestamp("2026-11-17 08:30:12"),
                               pd.Timestamp("2026-11-17 08:31:00")]
    # a numeric nick stays text without ".0"; a buyer message is never automatic even if flagged
    assert m["buyer"].iloc[2] == "12345"
    assert list(m["auto"]) == [False, False, False]


def test_bad_timestamp_reported_with_row_and_column(tmp_path):
    path = write_csv(tmp_path / "bad.csv", ZH_HEADER[:5], [
        ["2026-11-16 10:00:00", "测试用户001", "示例旗舰店:小美", "买家", "a"],
        ["2026-11-16 10:00:05", "测试用户001", "示例旗舰店:小美", "客服", "b"],
        ["2026-13-45 99:00:00", "测试用户001", "示例旗舰店:小美", "买家", "c"],  # file row 4
        ["2026-11-16 10:01:00", "测试用户001", "示例旗舰店:小美", "客服", "d"],
    ], "utf-8")
    result = chats_plain.FORMAT.read(raw_table(path))
    # header is row 1, so the third data row is row 4
    assert [(p.row, p.column, p.skipped) for p in result.problems] == [(4, "时间", True)]
    assert result.problems[0].value == "2026-13-45 99:00:00"
    assert "row 4" in result.problems[0].describe()
    assert result.rows_read == 3 and result.rows_skipped == 1
    assert list(result.messages["text"]) == ["a", "b", "d"]


def test_unknown_sender_and_blank_buyer_skip_rows(tmp_path):
    path = write_csv(tmp_path / "odd.csv", EN_HEADER, [
        ["2026-11-16 10:00:00", "b1", "店:甲", "robotic", "x"],  # row 2: unknown sender
        ["2026-11-16 10:00:01", "", "店:甲", "buyer", "y"],  # row 3: no buyer
        ["2026-11-16 10:00:02", "b1", "店:甲", "buyer", "z"],
    ], "utf-8")
    result = chats_plain.FORMAT.read(raw_table(path))
    assert [(p.row, p.column) for p in result.problems] == [(2, "sender"), (3, "buyer")]
    assert list(result.messages["text"]) == ["z"]


def test_auto_by_pattern_and_by_robot_account(tmp_path):
    path = write_csv(tmp_path / "auto.csv", EN_HEADER, [
        ["2026-11-16 10:00:00", "b1", "示例旗舰店:小美", "buyer", "你们是机器人吗"],  # buyer: never auto
        ["2026-11-16 10:00:01", "b1", "示例旗舰店:小美", "agent", "[自动回复]亲，欢迎光临示例旗舰店"],
        ["2026-11-16 10:00:02", "b1", "示例旗舰店:店小蜜", "agent", "请问有什么可以帮您"],  # robot account
        ["2026-11-16 10:00:03", "b1", "示例旗舰店:小美", "agent", "亲，欢迎光临示例旗舰店"],  # shop welcome text
        ["2026-11-16 10:00:20", "b1", "示例旗舰店:小美", "agent", "有货的"],
    ], "utf-8")
    table = raw_table(path)
    m = chats_plain.FORMAT.read(table).messages
    # defaults: 自动回复 matches row 2, 店小蜜 is a robot; the welcome text without a marker is human
    assert list(m["auto"]) == [False, True, True, False, False]
    fmt = chats_plain.PlainChatFormat(auto_patterns=("欢迎光临示例旗舰店",), robot_accounts=())
    m2 = fmt.read(table).messages
    # custom pattern only: rows 2 and 4 carry the welcome text; 店小蜜 is no longer a robot
    assert list(m2["auto"]) == [False, True, False, True, False]
    # a pattern with regex metacharacters is taken literally when it is not a valid regex
    fmt3 = chats_plain.PlainChatFormat(auto_patterns=("[自动回复",), robot_accounts=())
    assert list(fmt3.read(table).messages["auto"]) == [False, True, False, False, False]


def test_missing_columns_named(tmp_path):
    path = write_csv(tmp_path / "short.csv", ["time", "buyer", "text"], [["2026-11-16 10:00:00", "b", "t"]],
                     "utf-8")
    table = raw_table(path)
    # 3 of 5 columns: a hint for the mapping dialog only, 0.3 * 3 / 5 = 0.18
    assert chats_plain.FORMAT.score(table.headers) == pytest.approx(0.18)
    with pytest.raises(MissingColumns) as err:
        chats_plain.FORMAT.read(table)
    assert err.value.missing == ["agent", "sender"]
    assert "short.csv" in str(err.value)


def test_score_prefers_complete_header():
    assert chats_plain.FORMAT.score(["时间", "买家", "客服", "发送方", "内容"]) == 0.9
    assert chats_plain.FORMAT.score(["订单编号", "买家会员名", "订单状态"]) == 0.0


def test_many_rows_vectorised(tmp_path):
    # 20,000 rows written with numpy; every 10th agent row carries the auto-reply marker
    n = 20_000
    idx = np.arange(n)
    times = pd.Timestamp("2026-11-16") + pd.to_timedelta(idx, unit="s")
    df = pd.DataFrame({
        "time": times.strftime("%Y-%m-%d %H:%M:%S"),
        "buyer": np.char.add("b", (idx // 4).astype(str)),
        "agent": "示例旗舰店:小美",
        "sender": np.where(idx % 2 == 0, "buyer", "agent"),
        "text": np.where(idx % 20 == 1, "自动回复:稍等", "好的"),
    })
    path = tmp_path / "big.csv"
    df.to_csv(path, index=False, encoding="utf-8")
    m = chats_plain.FORMAT.read(raw_table(path)).messages
    assert len(m) == n
    # idx % 20 == 1 -> odd -> agent rows: n / 20 = 1000 automatic messages
    assert int(m["auto"].sum()) == 1000


def test_header_only_file_is_an_empty_chat_log(tmp_path):
    path = write_csv(tmp_path / "empty.csv", ZH_HEADER, [], "utf-8-sig")
    with pytest.raises(InputError) as err:
        chats_plain.FORMAT.read(raw_table(path))
    assert "no messages found" in str(err.value) and err.value.file == "empty.csv"


def test_other_time_shapes(tmp_path):
    path = write_csv(tmp_path / "times.csv", EN_HEADER, [
        ["2026/11/16 9:05", "b1", "店:甲", "buyer", "slash date and no seconds"],
        ["2026-11-16T09:06:00+08:00", "b1", "店:甲", "agent", "ISO with offset: wall clock kept"],
        ["2026年11月16日 9:07", "b1", "店:甲", "buyer", "Chinese date"],
    ], "utf-8")
    m = chats_plain.FORMAT.read(raw_table(path)).messages
    assert list(m["time"]) == [pd.Timestamp("2026-11-16 09:05"), pd.Timestamp("2026-11-16 09:06"),
                               pd.Timestamp("2026-11-16 09:07")]


@pytest.mark.parametrize("header", [EN_HEADER, ZH_HEADER, ["发送方", "内容", "客服", "买家", "时间"]])
def test_registry_recognises_plain_chat(tmp_path, header):
    from desktop_app.core.importers import registry

    values = {"time": "2026-11-16 10:00:00", "时间": "2026-11-16 10:00:00", "buyer": "b1", "买家": "b1",
              "agent": "店:甲", "客服": "店:甲", "sender": "buyer", "发送方": "买家", "text": "在吗",
              "内容": "在吗", "自动回复": "否"}
    path = write_csv(tmp_path / "chat.csv", header, [[values[h] for h in header]], "gbk")
    assert registry.detect(path).format_id == "plain_chat"
    m = registry.load_file(path).messages
    assert list(m["buyer"]) == ["b1"] and list(m["sender"]) == ["buyer"]


def test_cancel(tmp_path):
    from desktop_app.core.errors import ImportCancelled
    from desktop_app.core.progress import Reporter

    path = write_csv(tmp_path / "c.csv", EN_HEADER, [["2026-11-16 10:00:00", "b", "店:甲", "buyer", "x"]],
                     "utf-8")
    with pytest.raises(ImportCancelled):
        chats_plain.FORMAT.read(raw_table(path), Reporter(should_cancel=lambda: True))


def test_sender_given_as_the_nick(tmp_path):
    path = write_csv(tmp_path / "nick.csv", EN_HEADER, [
        ["2026-11-16 10:00:00", "测试用户001", "示例旗舰店:小美", "测试用户001", "在吗"],
        ["2026-11-16 10:00:09", "测试用户001", "示例旗舰店:小美", "示例旗舰店:小美", "在的"],
        ["2026-11-16 10:00:20", "测试用户001", "示例旗舰店:小美", "someone else", "?"],  # row 4
    ], "utf-8")
    result = chats_plain.FORMAT.read(raw_table(path))
    # the buyer's nick means buyer, the agent account means agent; anything else is reported
    assert list(result.messages["sender"]) == ["buyer", "agent"]
    assert [(p.row, p.column) for p in result.problems] == [(4, "sender")]


def test_read_path_finds_the_chat_sheet(tmp_path):
    path = tmp_path / "two_sheets.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["这是导出说明"])
    ws = wb.create_sheet("聊天")
    ws.append(ZH_HEADER[:5])
    ws.append(["2026-11-16 10:00:00", "测试用户001", "示例旗舰店:小美", "买家", "在吗"])
    wb.save(path)
    result = chats_plain.read_path(path, auto_patterns=(), robot_accounts=())
    assert result.sheet == "聊天" and list(result.messages["text"]) == ["在吗"]
