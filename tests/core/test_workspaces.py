"""Workspaces: a store per folder, created empty, switched to, refused when the file is not ours."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from desktop_app.core.errors import InputError, SchemaTooNew
from desktop_app.core.store import Store, migrations
from desktop_app.core.store.workspaces import RecentWorkspaces, create_workspace, open_workspace, workspace_folder


def test_new_empty_workspace_then_switch_to_it(tmp_path):
    folder = create_workspace(tmp_path / "店铺B")
    with open_workspace(folder) as store:
        assert store.totals()["orders"] == 0 and store.version == migrations.LATEST
    with open_workspace(folder / "history.sqlite3") as store:
        assert store.path == folder / "history.sqlite3"
    with pytest.raises(InputError, match="already holds"):
        create_workspace(folder)
    assert workspace_folder(folder / "history.sqlite3") == folder


@pytest.mark.parametrize("content", ["text", "other_sqlite", "missing"])
def test_a_file_that_is_not_ours_is_refused_by_name_and_untouched(tmp_path, content):
    db = tmp_path / "history.sqlite3"
    if content == "text":
        db.write_text("订单编号,金额\n1,2\n", encoding="utf-8")
    elif content == "other_sqlite":
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE notes (t TEXT)")
        conn.commit()
        conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    with pytest.raises(InputError) as info:
        open_workspace(tmp_path)
    assert str(db) in info.value.describe()
    assert (hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None) == before


def test_a_newer_workspace_is_refused_unchanged(tmp_path):
    create_workspace(tmp_path / "w")
    db = tmp_path / "w" / "history.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(SchemaTooNew):
        open_workspace(db)
    assert db.read_bytes() == before


def test_recent_workspaces_newest_first_without_gone_folders(tmp_path):
    recent = RecentWorkspaces(tmp_path / "app" / "recent_workspaces.json")
    a, b = create_workspace(tmp_path / "a"), create_workspace(tmp_path / "b")
    recent.add(a)
    recent.add(b)
    recent.add(a)
    assert recent.list() == [str(a.resolve()), str(b.resolve())]
    for entry in b.iterdir():  # the history and the files beside it (its clean-close note)
        entry.unlink()
    b.rmdir()
    assert recent.list() == [str(a.resolve())]
