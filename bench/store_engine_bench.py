"""The store on SQLite and on PostgreSQL, same data, same run: a big import and a month's read.

    python3 bench/store_bench.py --engine both            # 1,000,000 orders + 5,000,000 messages (the goal)
    python3 bench/store_bench.py --engine both --quick    # 20,000 orders + 100,000 messages (a smoke run)

Orders (with ~1.3 lines each) are spread over 120 days, messages over 60 (bench data of sample_bench), so
a 36-day window holds ~30 % of the orders and ~60 % of the messages: with the full size, the month read is
~300,000 orders and ~3,000,000 messages. Each engine imports the orders export then the chat export into an
empty store (timed together), then reads the window into a Dataset (best of two). PostgreSQL: the server of
``--pg-url`` / DESKTOP_APP_TEST_PG_URL (a fresh database is created and dropped), else a throwaway cluster with
fsync on (tests/pg_server.py). Goals (issue 16): import <= 60 s, month read <= 3 s on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import numpy as np

from desktop_app.core.importers.base import KIND_CHATS, KIND_ORDERS, ImportResult
from desktop_app.core.sample_bench import generate_frames
from desktop_app.core.store import Store
from desktop_app.core.store.database_url import open_store_url

WINDOW = (date(2026, 11, 1), date(2026, 12, 6))  # 36 days of the 120 the orders span, 60 of the messages


def _result(path: Path, kind: str, **frames) -> ImportResult:
    rows = sum(len(f) for f in frames.values())
    return ImportResult(path=str(path), kind=kind, format_id="bench", format_label="bench", rows_read=rows, **frames)


def data(n_orders: int, n_messages: int):
    orders, lines, messages, _ = generate_frames(n_orders, n_messages)
    start = np.datetime64("2026-10-01T00:00:00", "ns")
    for col in ("created", "paid", "shipped"):  # orders over 120 days instead of 60
        v = orders[col].to_numpy()
        orders[col] = start + (v - start) * 2
    # messages from 2026-10-31 on: a 36-day window from 11-01 holds ~60 % of them
    messages["time"] = messages["time"] + np.timedelta64(30, "D")
    return orders, lines, messages


def _server_cpu(store) -> float:
    """CPU seconds of the store's PostgreSQL backend so far (a local server's /proc), else 0."""
    conn = getattr(store._conn, "_pg", None)
    try:
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except Exception:
        return 0.0


def run(store, tmp: Path, orders, lines, messages) -> dict:
    # an import hashes the file's bytes (a GUI or CLI import always has its file): stand-ins of the two
    # exports, so the figure is the import's, not hashing frames that have no file
    (tmp / "orders.csv").write_text(f"orders export: {len(orders)} orders, {len(lines)} lines\n")
    (tmp / "chats.csv").write_text(f"chat export: {len(messages)} messages\n")
    server0, cpu0, t0 = _server_cpu(store), time.process_time(), time.perf_counter()
    store.import_result(_result(tmp / "orders.csv", KIND_ORDERS, orders=orders, lines=lines))
    store.import_result(_result(tmp / "chats.csv", KIND_CHATS, messages=messages))
    t_import = time.perf_counter() - t0
    cpu, server = time.process_time() - cpu0, _server_cpu(store) - server0
    reads = []
    for _ in range(2):
        t0 = time.perf_counter()
        ds = store.dataset(*WINDOW)
        reads.append(time.perf_counter() - t0)
    return {"import": t_import, "cpu": cpu, "server_cpu": server, "read": min(reads), "orders": len(ds.orders), "lines": len(ds.lines),
            "messages": len(ds.messages), "totals": store.totals(),
            "paid": round(float(ds.orders["paid_amount"].sum()), 2)}


def bench(engines: list[str], n_orders: int, n_messages: int, pg_url: str | None) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a killed bench still stops its cluster
    t0 = time.perf_counter()
    orders, lines, messages = data(n_orders, n_messages)
    print(f"data: {n_orders:,} orders, {len(lines):,} lines, {n_messages:,} messages "
          f"(made in {time.perf_counter() - t0:.1f} s)")
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if "sqlite" in engines:
            with Store(tmp / "history.sqlite3") as store:
                out["sqlite"] = run(store, tmp, orders, lines, messages)
        if "postgresql" in engines:
            with _pg_database(pg_url) as url:
                with open_store_url(url) as store:
                    out["postgresql"] = run(store, tmp, orders, lines, messages)
    for engine, r in out.items():
        print(f"{engine:>10}: import {r['import']:7.2f} s (CPU: this process {r['cpu']:.1f} s, server "
              f"{r['server_cpu']:.1f} s)   month read {r['read']:6.2f} s "
              f"({r['orders']:,} orders, {r['lines']:,} lines, {r['messages']:,} messages; paid {r['paid']:,.2f})")
    if len(out) == 2:
        a, b = out["sqlite"], out["postgresql"]
        same = (a["orders"], a["lines"], a["messages"], a["paid"]) == (b["orders"], b["lines"], b["messages"], b["paid"])
        print(f"PostgreSQL / SQLite: import {b['import'] / a['import']:.2f}x, month read {b['read'] / a['read']:.2f}x; "
              f"same rows and sums: {same}")
        if not same:
            return 1
    return 0


class _pg_database:
    """A fresh database on the given server (dropped afterwards), or on a throwaway cluster."""

    def __init__(self, url: str | None) -> None:
        self.url, self.cluster, self.name = url, None, "bench_" + uuid.uuid4().hex[:12]

    def __enter__(self) -> str:
        import psycopg

        if not self.url:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
            import pg_server

            self.cluster = pg_server.start(durable=True)
            self.url = self.cluster.url
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {self.name} TEMPLATE template0 ENCODING 'UTF8'")
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + self.name, parts.query, ""))

    def __exit__(self, *exc) -> None:
        import psycopg

        try:
            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        finally:
            if self.cluster is not None:
                self.cluster.stop()


def pg_url_from_env() -> str | None:
    return os.environ.get("DESKTOP_APP_TEST_PG_URL") or None
