"""pg_copy_text: a frame's rows as COPY text, made in numpy, equal to what the driver writes row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.store.pg_copy_text import copy_text
from desktop_app.core.store.sql_values import records


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "time": pd.to_datetime(["2026-05-01 10:00:05", "2026-05-01 10:00:09.25", None], format="ISO8601"),
        "text": ["在吗\t好", "a\\b\nc\rd", None],
        "literal": ["\\N", "", "x"],
        "amount": [21365819.499999393, np.nan, 1e20],
        "n": np.array([1, -2, 3], dtype=np.int64),
        "auto": [True, False, True],
    })


def test_the_text_is_worked_out_by_hand():
    got = copy_text(_frame(), ["time", "text", "literal", "amount", "n", "auto"])
    assert got.rows == 3
    assert got.data.decode("utf-8").split("\n") == [
        "2026-05-01 10:00:05\t在吗\\t好\t\\\\N\t21365819.499999393\t1\t1",
        "2026-05-01 10:00:09.250000\ta\\\\b\\nc\\rd\t\t\\N\t-2\t0",
        "\\N\t\\N\tx\t1e+20\t3\t1",
        "",
    ]


def test_a_column_only_the_driver_can_write_falls_back():
    mixed = pd.DataFrame({"x": np.array(["a", 1.5], dtype=object)})
    assert copy_text(mixed, ["x"]) is None


def test_the_server_stores_the_same_values_as_from_the_drivers_rows(pg_url):
    import psycopg

    frame = _frame()
    cols = list(frame.columns)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for name in ("by_rows", "by_text"):
            conn.execute(f"CREATE TEMP TABLE {name} (seq serial, time text, text text, literal text,"
                         " amount double precision, n bigint, auto bigint)")
        names = ", ".join(f'"{c}"' for c in cols)
        with conn.cursor().copy(f"COPY by_rows ({names}) FROM STDIN") as copy:
            for row in records(frame, cols):
                copy.write_row(row)
        with conn.cursor().copy(f"COPY by_text ({names}) FROM STDIN") as copy:
            copy.write(copy_text(frame, cols).data)
        a = conn.execute(f"SELECT {names} FROM by_rows ORDER BY seq").fetchall()
        b = conn.execute(f"SELECT {names} FROM by_text ORDER BY seq").fetchall()
    assert a == b and a[0][1] == "在吗\t好" and a[1][3] is None and a[2][0] is None and a[0][2] == "\\N"
