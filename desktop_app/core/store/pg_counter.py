"""PgStore's writer of an import's rows: a frame goes to the server as COPY text made in numpy (pg_copy_text.py),
``COPY_CHUNK_ROWS`` rows at a time, with progress and cancel between chunks (db._Counter's contract).

The two halves overlap: while the server inserts one chunk (the main thread waits on the socket, without
the GIL), a worker thread makes the next chunk's text. An import then takes about the longer of the two,
not their sum. The connection is only ever used by the main thread.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .db import _Counter
from .pg_copy_text import copy_text


class CopyCounter(_Counter):
    def write_frame(self, conn: Any, sql: str, frame, cols: list[str]) -> None:
        starts = list(range(0, len(frame), self.chunk))
        if not starts:
            return

        def make(i: int):
            return copy_text(frame.iloc[i:i + self.chunk], cols)

        with ThreadPoolExecutor(1, thread_name_prefix="copy-text") as pool:
            pending = pool.submit(make, starts[0])
            for k, i in enumerate(starts):
                rows = pending.result()
                if k + 1 < len(starts):
                    pending = pool.submit(make, starts[k + 1])
                part = frame.iloc[i:i + self.chunk]
                if rows is None:  # a column only the driver can render: the rows the old way
                    super().write_frame(conn, sql, part, cols)
                    continue
                conn.executemany(sql, rows)
                self.done += len(part)
                self.reporter.step(min(self.done, self.total), self.total, self.label)
