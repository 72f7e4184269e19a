"""PgStore's writer of an import's rows: a frame goes to the server as COPY text made in numpy (pg_copy_text.py),
``COPY_CHUNK_ROWS`` rows at a time, with progress and cancel between chunks (db._Counter's contract)."""

from __future__ import annotations

from typing import Any

from .db import _Counter
from .pg_copy_text import copy_text


class CopyCounter(_Counter):
    def write_frame(self, conn: Any, sql: str, frame, cols: list[str]) -> None:
        for i in range(0, len(frame), self.chunk):
            part = frame.iloc[i:i + self.chunk]
            rows = copy_text(part, cols)
            if rows is None:  # a column only the driver can render: the rows the old way
                super().write_frame(conn, sql, part, cols)
                continue
            conn.executemany(sql, rows)
            self.done += len(part)
            self.reporter.step(min(self.done, self.total), self.total, self.label)
