"""Workspaces: one history store per folder (a shop, a client, a test), and the recently used ones.

A workspace is a folder holding ``history.sqlite3`` (and its saved column mappings). "New empty
workspace" creates the folder and an empty store in it; "Switch workspace" opens another folder (or
its ``history.sqlite3`` file directly). A file that is not one of our stores is refused with an error
naming it, before anything in it is changed. ``RecentWorkspaces`` keeps the list for File ▸ Recent
workspaces in a small JSON file in the app's own data folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

from ..errors import InputError
from .db import DB_FILE, Store

#: how many workspaces File ▸ Recent workspaces lists
MAX_RECENT = 8


def workspace_folder(path: str | Path) -> Path:
    """The workspace folder of ``path``: the folder itself, or the folder of a ``history.sqlite3`` file."""
    p = Path(path).expanduser()
    if p.is_file() or p.suffix in (".sqlite3", ".sqlite", ".db"):
        return p.parent
    return p


def create_workspace(folder: str | Path) -> Path:
    """A new, empty workspace in ``folder`` (created); refuses a folder that already holds a store."""
    folder = Path(folder).expanduser()
    if (folder / DB_FILE).exists():
        raise InputError("this folder already holds a history store. / 该文件夹中已有历史数据库。",
                         file=str(folder / DB_FILE),
                         hint="请选择一个空文件夹，或用“切换工作区”打开它。/ Choose an empty folder, or open it "
                              "with Switch workspace.")
    folder.mkdir(parents=True, exist_ok=True)
    Store.open(folder).close()
    return folder


def open_workspace(path: str | Path) -> Store:
    """The store of an existing workspace (a folder or its history file), migrated if it is older.

    A file that is not our store, or a folder without one, raises InputError naming it; nothing is
    created or changed then.
    """
    p = Path(path).expanduser()
    db = p if p.is_file() else p / DB_FILE
    if not db.is_file():
        raise InputError("no history store here. / 这里没有历史数据库。", file=str(db),
                         hint="请选择含有 history.sqlite3 的工作区文件夹，或新建一个空工作区。/ Choose a workspace "
                              "folder that holds history.sqlite3, or create a new empty workspace.")
    with open(db, "rb") as fh:
        head = fh.read(16)
    if head and head != b"SQLite format 3\x00":
        raise InputError("this file is not a history store of this app. / 该文件不是本程序的历史数据库。",
                         file=str(db), hint="请选择其他文件夹。/ Choose another folder.")
    if head and _foreign_sqlite(db):
        raise InputError("this SQLite file belongs to another program, not to this app. / 该 SQLite 文件属于其他程序，"
                         "不是本程序的历史数据库。", file=str(db), hint="请选择其他文件夹。/ Choose another folder.")
    if db.name != DB_FILE:
        return Store(db)
    return Store.open(db.parent)


def _foreign_sqlite(db: Path) -> bool:
    """A SQLite file at schema version 0 that already has tables was not written by this app."""
    import sqlite3

    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()
    return version == 0 and tables > 0


class RecentWorkspaces:
    """The recently used workspace folders, newest first, in a JSON file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def list(self) -> list[str]:
        """Folders that still exist, newest first."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return []
        return [p for p in data if isinstance(p, str) and os.path.isdir(p)] if isinstance(data, list) else []

    def add(self, folder: str | Path) -> list[str]:
        """Put ``folder`` first (once), keep MAX_RECENT; returns the list."""
        folder = str(Path(folder).expanduser().resolve())
        items = [folder] + [p for p in self.list() if p != folder]
        items = items[:MAX_RECENT]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)
        return items

    def remove(self, folder: str | Path) -> Optional[list[str]]:
        folder = str(Path(folder).expanduser().resolve())
        items = [p for p in self.list() if p != folder]
        if self.path.exists():
            self.path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
        return items
