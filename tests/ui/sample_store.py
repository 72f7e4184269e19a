"""A generated sample shop imported into a real SQLite history store, for the What-if tests (no tests here)."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.core import sample
from desktop_app.core.importers.base import KIND_CHATS, KIND_ORDERS, ImportResult
from desktop_app.ui.repository import DataRepository


def sample_store(folder, days: int, seed: int):
    """Yield (repository, start, end): 2,000 orders and 12,000 messages over ``days`` days imported into a
    store under ``folder``, the range its last 20 days; the store is closed after the test module."""
    orders, lines, messages, inventory = sample.generate_frames(2_000, 12_000, days=days, seed=seed)
    repo = DataRepository(folder / "data")
    repo.import_result(ImportResult(path=str(folder / "o.csv"), kind=KIND_ORDERS, format_id="t", format_label="t",
                                    orders=orders, lines=lines, inventory=inventory, rows_read=len(orders)))
    repo.import_result(ImportResult(path=str(folder / "c.csv"), kind=KIND_CHATS, format_id="t", format_label="t",
                                    messages=messages, rows_read=len(messages)))
    end = messages["time"].max().date()
    yield repo, end - timedelta(days=19), end
    repo.close()
