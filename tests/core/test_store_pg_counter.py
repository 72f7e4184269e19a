"""pg_counter.CopyCounter: an import's rows in chunks of COPY text, the next chunk made while one is written."""

from __future__ import annotations

import numpy as np
import pandas as pd

from desktop_app.core.progress import Reporter
from desktop_app.core.store.pg_copy_text import CopyText
from desktop_app.core.store.pg_counter import CopyCounter


class _Recorder:
    """Stands for the connection: what executemany received."""

    def __init__(self) -> None:
        self.calls: list = []

    def executemany(self, sql, rows) -> None:
        self.calls.append((sql, rows if isinstance(rows, CopyText) else list(rows)))


def test_seven_rows_in_chunks_of_three_keep_their_order_and_report_progress():
    steps = []
    counter = CopyCounter(Reporter(lambda done, total, text: steps.append((done, total))), 7, "f.csv")
    counter.chunk = 3
    frame = pd.DataFrame({"n": np.arange(7, dtype=np.int64), "s": list("abcdefg")})
    conn = _Recorder()
    counter.write_frame(conn, "INSERT INTO t (n, s) VALUES (?, ?)", frame, ["n", "s"])
    texts = [rows.data.decode() for _, rows in conn.calls]
    assert texts == ["0\ta\n1\tb\n2\tc\n", "3\td\n4\te\n5\tf\n", "6\tg\n"]
    assert (steps[0], steps[-1]) == ((3, 7), (7, 7)) and counter.done == 7


def test_a_chunk_the_driver_must_write_goes_as_rows():
    counter = CopyCounter(Reporter(None), 4, "f.csv")
    counter.chunk = 2
    frame = pd.DataFrame({"x": np.array(["a", "b", 1.5, "d"], dtype=object)})  # the 2nd chunk mixes types
    conn = _Recorder()
    counter.write_frame(conn, "INSERT INTO t (x) VALUES (?)", frame, ["x"])
    assert isinstance(conn.calls[0][1], CopyText) and conn.calls[1][1] == [(1.5,), ("d",)]
    assert counter.done == 4
