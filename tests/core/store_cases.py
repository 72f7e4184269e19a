"""Helpers for the store's fault and privacy tests: real export files (made-up names and numbers) and the
scripts the tests run in other processes."""

from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path

import pandas as pd

from desktop_app.core.importers.base import ImportResult
from desktop_app.core.schema import conform


def orders_frame(n: int, start: int = 0, prefix: str = "o") -> pd.DataFrame:
    """``n`` paid orders of 10.0 each, ``<prefix><i>``, with a made-up receiver on each."""
    ids = [f"{prefix}{i}" for i in range(start, start + n)]
    return conform(pd.DataFrame({
        "platform": "taobao", "order_id": ids, "buyer": [f"buyer{i % 7}" for i in range(start, start + n)],
        "created": pd.Timestamp("2026-11-18 10:00"), "paid": pd.Timestamp("2026-11-18 10:01"),
        "status": "paid_unshipped", "paid_amount": 10.0,
        "receiver_name": "张三丰", "receiver_phone": "13812341234",
        "receiver_address": "浙江省杭州市西湖区文三路100号",
    }), "orders")


def orders_export(folder: Path, name: str, n: int, start: int = 0, prefix: str = "o") -> ImportResult:
    """A real CSV file holding the orders (its bytes are what the store hashes) and the frames."""
    frame = orders_frame(n, start, prefix)
    path = Path(folder) / name
    path.write_bytes(frame.to_csv(index=False).encode("gbk"))
    return ImportResult(path=str(path), kind="orders", format_id="test_orders", format_label="测试",
                        orders=frame, rows_read=n)


def table_counts(db: Path) -> tuple[int, int, float]:
    """(imports, orders, paid sum) read straight from the file with a plain connection."""
    conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    try:
        imports = conn.execute("SELECT count(*) FROM imports").fetchone()[0]
        orders, paid = conn.execute("SELECT count(*), coalesce(sum(paid_amount), 0) FROM orders").fetchone()
    finally:
        conn.close()
    return imports, orders, float(paid)


#: holds the write lock of the store at argv[1] until argv[2] (a file) disappears; writes argv[3] when held
HOLD_LOCK = textwrap.dedent("""
    import pathlib, sqlite3, sys, time
    db, release, held = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO handled VALUES ('unpaid', 'taobao', 'lock', '', '', '2026-11-18')")
    held.write_text("held")
    while release.exists():
        time.sleep(0.02)
    conn.execute("ROLLBACK")
    conn.close()
""")

#: opens a new store at argv[1] after a start signal (argv[2] appears), imports argv[3] orders, prints the outcome
RACE_OPEN = textwrap.dedent("""
    import pathlib, sys, time
    sys.path.insert(0, sys.argv[5])
    from store_cases import orders_export
    from desktop_app.core.store import Store
    data, go, n, name = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    result = orders_export(pathlib.Path(sys.argv[6]), name + ".csv", n, prefix=name)
    while not go.exists():
        time.sleep(0.001)
    try:
        with Store.open(data, busy_wait=60) as store:
            store.import_result(result)
            print("ok", store.version)
    except Exception as exc:
        print("error", type(exc).__name__, exc)
""")

#: imports into the store at argv[1] with the file size limited to argv[2] bytes (a disk that fills up)
FILL_DISK = textwrap.dedent("""
    import pathlib, resource, signal, sys
    sys.path.insert(0, sys.argv[3])
    from store_cases import orders_export
    from desktop_app.core.store import Store, StoreError
    data, limit = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    result = orders_export(pathlib.Path(sys.argv[4]), "big.csv", 20000, prefix="big")
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # the write fails with EFBIG instead of killing us
    store = Store.open(data)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        store.import_result(result)
        print("imported")
    except StoreError as exc:
        print(exc.kind)
        print(exc.message)
    except Exception as exc:
        print("other", type(exc).__name__, exc)
    finally:
        store.close()
""")

#: opens the store at argv[1] as user "nobody" (argv[2] = uid) and says what it can do, as JSON
READ_ONLY_PROBE = textwrap.dedent("""
    import json, os, pathlib, sys, tempfile
    sys.path.insert(0, sys.argv[3])
    from store_cases import orders_export
    from desktop_app.core.store import Store, StoreError
    data, uid, scratch = pathlib.Path(sys.argv[1]), int(sys.argv[2]), pathlib.Path(sys.argv[4])
    extra = orders_export(scratch, "more.csv", 3, prefix="more")
    # load every module while we may still read them all, then become the other user
    with Store.open(scratch / "warm") as warm:
        warm.import_result(orders_export(scratch, "warm.csv", 2, prefix="warm"))
        warm.dataset(); warm.handled(); warm.levels(); warm.imports()
    if uid >= 0:
        os.setgid(uid)
        os.setuid(uid)
    out = {}
    with Store.open(data) as store:
        out["read_only"] = store.read_only
        out["version"] = store.version
        ds = store.dataset()
        out["orders"] = len(ds.orders)
        out["paid"] = float(ds.orders["paid_amount"].sum())
        for name, call in (("import", lambda: store.import_result(extra)),
                           ("handled", lambda: store.set_handled("unpaid", "taobao", "o1", note="x")),
                           ("level", lambda: store.set_level("buyer1", "VIP"))):
            try:
                call()
                out[name] = "saved"
            except StoreError as exc:
                out[name] = exc.kind
                out["message"] = exc.message
        out["levels_saved"] = store.update_levels(ds.orders.assign(level="VIP")[["buyer", "level"]])
    print(json.dumps(out, ensure_ascii=False))
""")
