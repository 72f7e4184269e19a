"""The pieces behind Settings ▸ Database, each worked out by hand: the URL a choice names (the password in
memory only), who/when stamps joined onto the order checks and quality hits, passwords scrubbed from any
text, a bilingual message holding a URL split at the right "/", the tab in Chinese with the server's
fields showing, and the fault dialog offering "Try again" for a server."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.cli_database import scrub
from desktop_app.ui.mark_stamps import add_stamps, stamp_texts
from desktop_app.ui.store_choice import DatabaseChoice, store_label


def test_a_server_choice_names_a_url_whose_display_never_holds_the_password():
    choice = DatabaseChoice("postgresql", " db.local ", 6543, "cs", "ann", "verify-full")
    url = choice.url(Path("/data"), password="p@ss:w/rd")
    assert url.engine == "postgresql"
    assert url.display() == "postgresql://ann@db.local:6543/cs?sslmode=verify-full"
    from psycopg.conninfo import conninfo_to_dict

    assert conninfo_to_dict(url.conninfo)["password"] == "p@ss:w/rd"  # in memory, for the test button
    assert "p@ss" not in repr(url) and "p@ss" not in str(url)
    assert choice.url(Path("/data")).conninfo == "postgresql://ann@db.local:6543/cs?sslmode=verify-full"
    assert store_label(url, Path("/data")) == ("PostgreSQL ann@db.local:6543/cs", url.display())
    # this PC's file: the data folder's history.sqlite3
    local = DatabaseChoice().url(Path("/data"))
    assert (local.engine, local.path) == ("sqlite", Path("/data/history.sqlite3"))
    with pytest.raises(ValueError, match="host"):
        DatabaseChoice("postgresql", "", 5432, "cs").url(Path("/data"))


def test_stamps_say_who_and_when_for_marked_rows_only():
    marks = pd.DataFrame({
        "check": ["unshipped", "unpaid", "quality", "unshipped"],
        "platform": ["taobao", "taobao", "", "jd"],
        "order_id": ["1", "2", "h7", "1"],
        "note": ["催仓库", "电话", "误报", "other platform"],
        "who": ["张三", "", "Ann", "Bob"],
        "at": pd.to_datetime(["2026-12-07 14:03:59", "2026-12-06 09:00:00", "2026-12-05 23:59:00", "2026-12-01 08:00:00"]),
    })
    unshipped = pd.DataFrame({"platform": ["taobao", "taobao", "jd"], "order_id": ["1", "3", "1"],
                              "handled": [True, False, True]})
    # out of stock: one row per short line, two lines of order 2; unpaid 2 marked with no name
    out_of_stock = pd.DataFrame({"platform": ["taobao"] * 2, "order_id": ["2", "2"], "handled": [False, False]})
    unpaid = pd.DataFrame({"platform": ["taobao"], "order_id": ["2"], "handled": [True]})
    hits = pd.DataFrame({"hit_id": ["h7", "h8"], "accepted": [True, False]})
    results = SimpleNamespace(unshipped=unshipped, out_of_stock=out_of_stock, unpaid=unpaid,
                              quality=SimpleNamespace(hits=hits))
    add_stamps(results, marks)
    assert unshipped["handled_stamp"].tolist() == ["张三 · 12-07 14:03", "", "Bob · 12-01 08:00"]
    assert unshipped["handled_note"].tolist() == ["催仓库", "", "other platform"]
    assert unshipped["handled_by"].tolist() == ["张三", "", "Bob"]
    assert unshipped["handled_at"].isna().tolist() == [False, True, False]
    assert out_of_stock["handled_stamp"].tolist() == ["", ""]  # the unpaid mark is not an out-of-stock one
    assert unpaid["handled_stamp"].tolist() == ["12-06 09:00"]
    assert hits["accepted_stamp"].tolist() == ["Ann · 12-05 23:59", ""]
    assert len(unshipped) == 3 and len(out_of_stock) == 2  # no row added or lost by the join


def test_stamps_read_the_by_column_of_later_stores_and_survive_no_marks():
    marks = pd.DataFrame({"check": ["unpaid"], "platform": ["pdd"], "order_id": ["9"], "note": [""],
                          "by": ["Ann"], "at": [pd.Timestamp("2026-12-07 08:05")]})
    unpaid = pd.DataFrame({"platform": ["pdd"], "order_id": ["9"], "handled": [True]})
    add_stamps(SimpleNamespace(unpaid=unpaid), marks)
    assert unpaid["handled_stamp"].tolist() == ["Ann · 12-07 08:05"]
    empty = pd.DataFrame(columns=["check", "platform", "order_id", "note", "who", "at"])
    frame = pd.DataFrame({"platform": ["pdd"], "order_id": ["9"], "handled": [False]})
    add_stamps(SimpleNamespace(unshipped=frame), empty)
    assert frame["handled_stamp"].tolist() == [""]
    assert list(stamp_texts(["", "Ann"], [pd.NaT, np.datetime64("2026-01-02T03:04")])) == ["", "Ann · 01-02 03:04"]


@pytest.mark.parametrize("text, kept", [
    ("无法连接：postgresql://shop:s3cret@db:5432/cs?sslmode=require。/ Cannot", "postgresql://shop@db:5432/cs"),
    ("postgresql://a@h/db?password=s3cret&sslmode=require", "password=***&sslmode=require"),
    ("host=h password='s3 cret' dbname=x", "password=*** dbname=x"),
    ("mysql://root:s3cret@h/d", "mysql://root@h/d"),
    ("postgres:/ann:s3cret@h/d", "postgres:/ann@h/d"),
    ("postgresql://ann:pa@s3cret@h:1/d", "postgresql://ann@h:1/d"),
])
def test_scrub_removes_every_password_and_keeps_the_rest(text, kept):
    out = scrub(text)
    assert "s3" not in out and kept in out


def test_a_bilingual_message_holding_a_url_splits_between_the_languages():
    from desktop_app.ui import bilingual

    text = ("无法连接数据库服务器：postgresql://ann@127.0.0.1:1/cs。/ Cannot connect to the database server: "
            "postgresql://ann@127.0.0.1:1/cs (connection refused).")
    assert bilingual.in_reader_language(text, True) == "无法连接数据库服务器：postgresql://ann@127.0.0.1:1/cs。"
    assert bilingual.in_reader_language(text, False).startswith("Cannot connect to the database server: postgresql://")
    assert bilingual.ordered("找不到文件 / file not found", False) == "file not found / 找不到文件"


def test_the_database_tab_speaks_chinese_with_the_servers_fields_shown(qtbot, translators):
    from PySide6.QtWidgets import QLabel

    from desktop_app.ui.dialogs.settings_database import DatabaseSettingsTab
    from test_language_walk import chinese_problem, strip_data

    translators.install("zh_CN")
    try:
        tab = DatabaseSettingsTab()
        qtbot.addWidget(tab)
        tab.load(DatabaseChoice("postgresql", "db.local", 5432, "cs", "shop", "require"), Path("/data"), "张三")
        tab.show()
        texts = [w.text() for w in tab.findChildren(QLabel) if w.isVisible() and w.text()]
        texts += [tab.test_button.text(), tab.server_box.title()]
        texts += [tab.engine.itemText(i) for i in range(tab.engine.count())]
        texts += [tab.sslmode.itemText(i) for i in range(tab.sslmode.count())]
        assert "测试连接" in texts and "传输加密" in texts
        assert [t for t in texts if chinese_problem(strip_data(t, []))] == []
    finally:
        translators.install("en")


def test_a_server_that_cannot_be_reached_at_start_offers_try_again(qtbot):
    from desktop_app.core.store.faults import StoreServerError
    from desktop_app.ui.store_faults import CONTINUE, QUIT, RETRY, fault_box

    box = fault_box(None, StoreServerError("无法连接数据库服务器：postgresql://a@h:1/d。/ Cannot connect: "
                                           "postgresql://a@h:1/d.", file="postgresql://a@h:1/d"))
    qtbot.addWidget(box)
    assert sorted(box.choices.values()) == sorted([RETRY, CONTINUE, QUIT])
