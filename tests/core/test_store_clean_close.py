"""A history the app closed cleanly, unchanged since, opens without a second full quick_check; any change
to the file (another writer, damage) brings the check back."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.core.store import Store, StoreDamaged, clean_close, faults

from test_store import export, order


@pytest.fixture
def checks(monkeypatch):
    """Counts the full checks of opening (faults.quick_check)."""
    seen = []
    real = faults.quick_check

    def counted(conn):
        seen.append(1)
        return real(conn)
    monkeypatch.setattr(faults, "quick_check", counted)
    return seen


def test_unchanged_file_is_not_checked_again(tmp_path, checks):
    with Store.open(tmp_path) as store:
        store.import_result(export(tmp_path, "mon.csv", orders=[order("o1", "alice", "2026-11-16 10:00:00")]))
        db = store.path
    assert clean_close.unchanged(db)
    checks.clear()
    with Store.open(tmp_path) as store:
        assert store.totals()["orders"] == 1
    assert checks == []  # as the app left it: no full check
    # another process writes the file: the next open checks it
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO levels (buyer, level, at) VALUES ('x', '银卡', '2026-11-18')")
    conn.commit()
    conn.close()
    assert not clean_close.unchanged(db)
    with Store.open(tmp_path):
        pass
    assert checks == [1]


def test_a_damaged_file_is_still_caught(tmp_path):
    with Store.open(tmp_path) as store:
        store.import_result(export(tmp_path, "mon.csv", orders=[order(f"o{i}", "alice", "2026-11-16 10:00:00") for i in range(300)]))
        db = store.path
    assert clean_close.unchanged(db)
    data = bytearray(db.read_bytes())
    page = 4096
    data[3 * page: 5 * page] = b"\x5a" * (2 * page)  # two pages overwritten in place, same size
    db.write_bytes(bytes(data))
    with pytest.raises(StoreDamaged):
        Store.open(tmp_path)


def test_no_marker_while_a_write_ahead_log_holds_changes(tmp_path):
    with Store.open(tmp_path) as store:
        db = store.path
        other = sqlite3.connect(db)  # a second connection keeps the log alive past the store's close
        other.execute("INSERT INTO levels (buyer, level, at) VALUES ('x', '银卡', '2026-11-18')")
        other.commit()
    try:
        assert clean_close.fingerprint(db) is None and not clean_close.unchanged(db)
    finally:
        other.close()
