"""Schema step 7: who and when on handled marks, accepted quality hits and levels, on both engines."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from desktop_app.core.store import Store, migrations
from desktop_app.core.store.marks_levels import os_user

pytestmark = pytest.mark.usefixtures("store_engine")  # SQLite and PostgreSQL (tests/store_engines.py)


def test_marks_record_the_name_passed_else_the_os_user_and_when(tmp_path):
    before = pd.Timestamp.now().floor("s")
    with Store(tmp_path / "h.sqlite3") as store:
        store.set_handled("unshipped", "taobao", "o1", note="催仓库", by="主管甲")
        store.set_handled("unpaid", "taobao", "o2", note="催付")  # no name: the OS user
        store.set_handled("quality", "", "hit-7", note="误报", by=" 质检乙 ")  # an accepted quality hit
        store.set_handled("unpaid", "taobao", "o3", who="旧参数")  # the older keyword still works
        marks = store.handled().set_index("order_id")
    assert marks.loc["o1", "who"] == "主管甲" and marks.loc["o2", "who"] == os_user() != ""
    assert marks.loc["hit-7", ["check", "who", "note"]].tolist() == ["quality", "质检乙", "误报"]
    assert marks.loc["o3", "who"] == "旧参数"
    assert (marks["at"] >= before).all() and (marks["at"] <= pd.Timestamp.now()).all()


def test_levels_record_who_set_them(tmp_path):
    with Store(tmp_path / "h.sqlite3") as store:
        store.update_levels(pd.DataFrame({"buyer": ["amy", "bo"], "level": ["普通会员", "高级会员"]}),
                            ["普通会员", "高级会员", "VIP会员"], by="主管甲")
        store.set_level("bo", "普通会员", computed="高级会员", by="主管乙")
        store.set_level("cy", "VIP会员")
        marks = store.level_marks().set_index("buyer")
        assert store.levels() == {"amy": "普通会员", "bo": "普通会员", "cy": "VIP会员"}
    assert marks.loc["amy", ["level", "manual", "who"]].tolist() == ["普通会员", False, "主管甲"]
    assert marks.loc["bo", ["level", "manual", "auto_level", "who"]].tolist() == ["普通会员", True, "高级会员", "主管乙"]
    assert marks.loc["cy", "who"] == os_user()
    assert str(marks["at"].dtype) == "datetime64[ns]"


@pytest.mark.sqlite_only  # builds a version-4 SQLite file by hand
def test_a_version_4_store_gets_levels_who_and_keeps_its_levels(tmp_path):
    db = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    migrations.migrate(conn, 0, 4)
    conn.execute("INSERT INTO levels (buyer, level, manual, at) VALUES ('erin', '高级会员', 1, '2026-01-02 03:04:05')")
    conn.execute("COMMIT")
    conn.close()
    with Store(db) as store:
        assert store.version == migrations.LATEST >= 7
        marks = store.level_marks()
    assert marks[["buyer", "level", "manual", "who"]].values.tolist() == [["erin", "高级会员", True, ""]]
