"""A month read into a Dataset on SQLite and PostgreSQL, reusing stores built once (no import each run).

    python3 bench/store_read_engines_bench.py             # 1,000,000 orders + 5,000,000 messages (issue 16's size)
    python3 bench/store_read_engines_bench.py --quick     # 20,000 orders + 100,000 messages (a smoke run)
    python3 bench/store_read_engines_bench.py --orders 200000 --messages 1000000

The data and the window are store_engine_bench's (orders over 120 days, messages over 60; the 36-day
window holds ~30 % of the orders and ~60 % of the messages: ~300,000 orders and ~3,000,000 messages at
the full size). The stores are built once and kept: a SQLite file in ``--folder`` and a database in a
PostgreSQL cluster kept in ``<folder>-pg`` (started for the run and stopped at its end; or the server of
``--pg-url``, which keeps its database). Each read is timed in turns with its baseline (``--repeat``
times, the median kept): ``Store.dataset`` of the window from the store (main's path: no read cache) and
with the read cache the window attaches (store/read_cache.py; written by a first read, not timed, as the
window's previous read would have), with the same rows and sums checked.
Goal (issue 16): the month read <= 3 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")):
    if p not in sys.path:
        sys.path.insert(0, p)

import store_engine_bench as engines  # noqa: E402

from desktop_app.core.store import Store  # noqa: E402
from desktop_app.core.store import read_cache  # noqa: E402
from desktop_app.core.store.database_url import open_store_url  # noqa: E402


def _cluster(folder: Path):
    """The bench's PostgreSQL cluster in ``folder`` (made by tests/pg_server.py once, started again later)."""
    import pg_server

    data = folder / "data"
    if not data.exists():
        return pg_server.start(folder, durable=True)
    conf = (data / "postgresql.conf").read_text().splitlines()
    port = int([ln.split("=", 1)[1] for ln in conf if ln.startswith("port=")][-1])
    cluster = pg_server.Cluster(folder, port, pg_server.binaries())
    subprocess.run(pg_server._as_owner([str(cluster.bin / "pg_ctl"), "-D", str(data), "-l",
                                        str(folder / "server.log"), "-w", "-t", "60", "start"]),
                   check=True, capture_output=True)
    return cluster


def _stop(cluster) -> None:
    import pg_server

    subprocess.run(pg_server._as_owner([str(cluster.bin / "pg_ctl"), "-D", str(cluster.folder / "data"),
                                        "-m", "fast", "-w", "stop"]), capture_output=True, timeout=120)


def _pg_database(server_url: str, name: str) -> tuple[str, bool]:
    """The URL of database ``name`` on the server, and whether it had to be created."""
    import psycopg
    from urllib.parse import urlsplit, urlunsplit

    with psycopg.connect(server_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, "")), not exists


def _build(store, marker: Path, n_orders: int, n_messages: int, frames) -> None:
    if marker.exists():
        return
    orders, lines, messages = frames()
    t0 = time.perf_counter()
    store.import_result(engines._result(marker.parent / "orders.csv", engines.KIND_ORDERS, orders=orders,
                                        lines=lines))
    store.import_result(engines._result(marker.parent / "chats.csv", engines.KIND_CHATS, messages=messages))
    print(f"  built {store!r}: {time.perf_counter() - t0:.1f} s", flush=True)
    marker.write_text(f"{n_orders} {n_messages}\n")


def _read(store, cached: bool, cache_dir: Path) -> dict:
    """One read of the window: from the store as main reads it, or with the read cache (store/read_cache.py)."""
    store.read_cache = read_cache.attach(store, cache_dir) if cached else None
    t0, c0 = time.perf_counter(), time.process_time()
    ds = store.dataset(*engines.WINDOW)
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "orders": len(ds.orders),
            "lines": len(ds.lines), "messages": len(ds.messages),
            "paid": round(float(ds.orders["paid_amount"].sum()), 2),
            "text": int(ds.messages["text"].str.len().sum())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--messages", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="20,000 orders + 100,000 messages, 2 repeats")
    ap.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--folder", type=Path, default=None, help="where the stores are kept")
    ap.add_argument("--pg-url", default=engines.pg_url_from_env())
    args = ap.parse_args(argv)
    if args.quick:
        args.orders, args.messages, args.repeat = 20_000, 100_000, 2
    folder = args.folder or Path(tempfile.gettempdir()) / f"desktop-app-bench-engines-{args.orders}-{args.messages}"
    folder.mkdir(parents=True, exist_ok=True)
    made: dict = {}

    def frames():
        if "data" not in made:
            made["data"] = engines.data(args.orders, args.messages)
        return made["data"]

    which = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    cluster = None
    results: dict[str, dict[bool, list[dict]]] = {}
    try:
        stores = {}
        if "sqlite" in which:
            stores["sqlite"] = Store(folder / "history.sqlite3")
            _build(stores["sqlite"], folder / "built-sqlite.txt", args.orders, args.messages, frames)
        if "postgresql" in which:
            server = args.pg_url
            if not server:
                cluster = _cluster(folder.with_name(folder.name + "-pg"))  # the store's folder is 0700
                server = cluster.url
            url, created = _pg_database(server, f"bench_read_{args.orders}_{args.messages}")
            marker = folder / "built-postgresql.txt"
            if created:
                marker.unlink(missing_ok=True)
            stores["postgresql"] = open_store_url(url)
            _build(stores["postgresql"], marker, args.orders, args.messages, frames)
        made.clear()
        for engine in stores:
            results[engine] = {False: [], True: []}
        for engine, store in stores.items():  # the cache file written (as by the window's previous read)
            _read(store, True, folder)
            store.read_cache.wait()
        for _ in range(args.repeat):
            for engine, store in stores.items():
                for cached in (False, True):  # in turns: both see the same machine load
                    results[engine][cached].append(_read(store, cached, folder))
        for store in stores.values():
            store.close()
    finally:
        if cluster is not None:
            _stop(cluster)
    print(f"{args.orders:,} orders + {args.messages:,} messages stored; window {engines.WINDOW[0]} .. "
          f"{engines.WINDOW[1]}; median of {args.repeat} reads, in turns")
    same = True
    for engine, runs in results.items():
        base, new = runs[False], runs[True]
        shape = {k: base[0][k] for k in ("orders", "lines", "messages", "paid", "text")}
        same &= all({k: r[k] for k in shape} == shape for r in base + new)
        mb, mn = (statistics.median(r["wall"] for r in rs) for rs in (base, new))
        cb, cn = (statistics.median(r["cpu"] for r in rs) for rs in (base, new))
        print(f"{engine:>10}: month read from the read cache {mn:6.2f} s (CPU {cn:5.2f} s) vs from the store "
              f"(main's path) {mb:6.2f} s (CPU {cb:5.2f} s)"
              f" -> {mn / mb:.2f}x wall, {cn / cb:.2f}x CPU  ({shape['orders']:,} orders, {shape['lines']:,} lines, "
              f"{shape['messages']:,} messages, paid {shape['paid']:,.2f})")
    if len(results) == 2:
        a, b = (statistics.median(r["wall"] for r in results[e][True]) for e in ("sqlite", "postgresql"))
        print(f"PostgreSQL / SQLite (read cache): {b / a:.2f}x")
    print(f"same rows and sums in every read: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
