"""Helpers for the PostgreSQL concurrency tests: chat exports (made-up), and the scripts other processes run."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd

from desktop_app.core.importers.base import ImportResult
from desktop_app.core.schema import conform


def chats_export(folder: Path, name: str, n: int, start: int = 0) -> ImportResult:
    """``n`` chat messages ``msg<i>`` (one a second from 2026-11-18 09:00), buyers b0..b12, agent 店:小王."""
    i = pd.RangeIndex(start, start + n)
    frame = conform(pd.DataFrame({
        "time": pd.Timestamp("2026-11-18 09:00") + pd.to_timedelta(i, unit="s"),
        "shop": "店", "buyer": [f"b{k % 13}" for k in i], "agent": "店:小王",
        "sender": ["buyer" if k % 2 else "agent" for k in i], "text": [f"msg{k}" for k in i],
    }), "messages")
    path = Path(folder) / name
    path.write_bytes(frame.to_csv(index=False).encode("utf-8"))
    return ImportResult(path=str(path), kind="chats", format_id="test_chats", format_label="测试",
                        messages=frame, rows_read=n)


#: argv: tests/core, url, go-file, folder, name, first, count -> imports orders and chats once the go-file exists
IMPORT_AT_ONCE = textwrap.dedent("""
    import pathlib, sys, time
    sys.path.insert(0, sys.argv[1])
    from store_cases import orders_export
    from pg_cases import chats_export
    from desktop_app.core.store.database_url import open_store_url
    url, go, folder, name = sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4]), sys.argv[5]
    first, count = int(sys.argv[6]), int(sys.argv[7])
    files = [orders_export(folder, name + ".csv", count, start=first),
             chats_export(folder, name + "_chat.csv", count, start=first)]
    with open_store_url(url, busy_wait=300) as store:
        while not go.exists():
            time.sleep(0.002)
        for f in files:
            store.import_result(f)
    print("ok")
""")

#: argv: url, import id, go-file, started-file -> removes that import once the go-file exists
REMOVE = textwrap.dedent("""
    import pathlib, sys, time
    from desktop_app.core.store.database_url import open_store_url
    url, import_id, go, started = sys.argv[1], int(sys.argv[2]), pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    with open_store_url(url) as store:
        while not go.exists():
            time.sleep(0.002)
        started.write_text("removing")
        print(store.remove_import(import_id))
""")

#: argv: url -> prints the marks it sees (JSON), then marks o2 as 主管乙 and sets a level
MARK_AND_SAY = textwrap.dedent("""
    import json, sys
    from desktop_app.core.store.database_url import open_store_url
    with open_store_url(sys.argv[1]) as store:
        seen = store.handled()[["check", "order_id", "who", "note"]].values.tolist()
        store.set_handled("unpaid", "taobao", "o2", note="已催", by="主管乙")
        store.set_level("buyer3", "VIP会员", by="主管乙")
    print(json.dumps(seen, ensure_ascii=False))
""")

#: argv: tests/core, url, go-file, folder, name -> opens a (new) store once the go-file exists, imports 20 orders
OPEN_AT_ONCE = textwrap.dedent("""
    import pathlib, sys, time
    sys.path.insert(0, sys.argv[1])
    from store_cases import orders_export
    from desktop_app.core.store.database_url import open_store_url
    url, go, folder, name = sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4]), sys.argv[5]
    result = orders_export(folder, name + ".csv", 20, prefix=name)
    while not go.exists():
        time.sleep(0.001)
    with open_store_url(url, busy_wait=120) as store:
        store.import_result(result)
        print("ok", store.version)
""")
