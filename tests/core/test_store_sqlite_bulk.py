"""sqlite_bulk: an import's messages with the sources trigger's work done once per chunk (SQLite)."""

from __future__ import annotations

import pandas as pd
import pytest

from desktop_app.core.errors import ImportCancelled
from desktop_app.core.importers.base import KIND_CHATS, ImportResult
from desktop_app.core.store import Store, sqlite_bulk


def _chats(tmp_path, name, rows) -> ImportResult:
    frame = pd.DataFrame(rows, columns=["time", "buyer", "agent", "sender", "text"]).assign(shop="甲店")
    frame["time"] = pd.to_datetime(frame["time"])
    return ImportResult(path=str(tmp_path / name), kind=KIND_CHATS, format_id="t", format_label="t",
                        rows_read=len(frame), messages=frame)


A = [("2026-05-01 10:00:01", "b1", "小王", "buyer", "在吗"), ("2026-05-01 10:00:02", "b1", "小王", "agent", "在"),
     ("2026-05-01 10:00:03", "b2", "小王", "buyer", "发货")]
# two of A's, one new, and the new one twice in the same file
B = [A[1], A[2], ("2026-05-01 10:00:04", "b2", "小王", "agent", "今天"), ("2026-05-01 10:00:04", "b2", "小王", "agent", "今天")]


def test_further_sources_are_recorded_once_per_message_and_not_for_the_own_file(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_bulk, "CHUNK_ROWS", 2)  # B's four rows in two chunks
    with Store(tmp_path / "h.sqlite3") as store:
        a = store.import_result(_chats(tmp_path, "a.csv", A))
        b = store.import_result(_chats(tmp_path, "b.csv", B))
        conn = store._conn
        assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 4 and b.messages_new == 1
        sources = conn.execute("SELECT m.text, s.import_id FROM message_sources s JOIN messages m"
                               " ON m.id = s.message_id ORDER BY m.time").fetchall()
        assert sources == [("在", b.id), ("发货", b.id)] and a.id != b.id
        assert conn.execute("SELECT count(*) FROM bulk_writes").fetchone()[0] == 0
        # outside an import the trigger works per row as before
        conn.execute("BEGIN")
        conn.execute("INSERT OR IGNORE INTO messages (time, buyer, agent, sender, text, import_id)"
                     " VALUES ('2026-05-01 10:00:01', 'b1', '小王', 'buyer', '在吗', ?)", (b.id,))
        assert conn.execute("SELECT count(*) FROM message_sources").fetchone()[0] == 3
        conn.execute("ROLLBACK")


def test_a_cancelled_import_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_bulk, "CHUNK_ROWS", 2)
    with Store(tmp_path / "h.sqlite3") as store:
        store.import_result(_chats(tmp_path, "a.csv", A))
        calls = []
        with pytest.raises(ImportCancelled):
            # cancel once the first chunk of B is written
            store.import_result(_chats(tmp_path, "b.csv", B), should_cancel=lambda: len(calls) > 0,
                                progress=lambda done, total, text: calls.append(done) if done else None)
        conn = store._conn
        assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM message_sources").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM bulk_writes").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 1
