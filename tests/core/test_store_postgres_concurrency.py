"""Several supervisors on one PostgreSQL store: real processes importing, removing, marking at once.

* Two processes importing overlapping exports at the same time end with exactly the totals of one clean
  import (the store's write lock is an advisory lock: imports take turns; the later-export and
  de-duplication rules do the rest).
* A removal by one process while another reads: every read sees the store wholly before or wholly after.
* Marks (with who) made by one process are seen by another on its next read.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from desktop_app.core.store import migrations
from desktop_app.core.store.database_url import open_store_url
from pg_cases import IMPORT_AT_ONCE, MARK_AND_SAY, OPEN_AT_ONCE, REMOVE, chats_export
from store_cases import orders_export

HERE = str(Path(__file__).parent)


def _figures(store) -> tuple:
    t = store.totals()
    ds = store.dataset()
    return (t["orders"], round(t["paid_amount"], 2), t["paid_orders"], t["messages"], len(ds.orders),
            len(ds.messages), sorted(ds.orders["order_id"])[:3], ds.messages["text"].nunique())


def test_two_processes_importing_overlapping_exports_at_once_equal_one_clean_import(tmp_path, pg_databases):
    shared, clean = pg_databases.create(), pg_databases.create()
    with open_store_url(shared):
        pass  # the schema exists; both processes then race on the imports themselves
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", IMPORT_AT_ONCE, HERE, shared, str(go), str(tmp_path), name,
                               str(first), "3000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, first in (("a", 0), ("b", 1500))]
    time.sleep(0.5)
    go.write_text("go")
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with open_store_url(clean) as one:
        one.import_result(orders_export(tmp_path, "clean.csv", 4500))
        one.import_result(chats_export(tmp_path, "clean_chat.csv", 4500))
        want = _figures(one)
    with open_store_url(shared) as both:
        got = _figures(both)
        assert len(both.imports()) == 4
    assert got == want and want[0] == 4500 and want[3] == 4500


def test_a_removal_while_another_process_reads_is_seen_whole_or_not_at_all(tmp_path, pg_url):
    with open_store_url(pg_url) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 4000))
        second = store.import_result(orders_export(tmp_path, "tue.csv", 20000, start=2000, prefix="o"))
        store.import_result(chats_export(tmp_path, "chat.csv", 3000))
        before = (len(store.dataset().orders), 3000)
    after = (4000, 3000)  # the 18,000 orders only tue.csv brought go; the 2,000 both brought fall back to mon
    go, started = tmp_path / "go", tmp_path / "started"
    proc = subprocess.Popen([sys.executable, "-c", REMOVE, pg_url, str(second.id), str(go), str(started)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    with open_store_url(pg_url) as reader:
        go.write_text("go")
        while proc.poll() is None or not seen or not started.exists():
            ds = reader.dataset()
            seen.append((len(ds.orders), len(ds.messages)))
            if len(seen) > 2000:
                break
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        final = reader.dataset()
    print("reads before/after the removal:", seen.count(before), seen.count(after))
    assert before == (22000, 3000)
    assert set(seen) <= {before, after}, set(seen)
    assert (len(final.orders), len(final.messages)) == after
    assert final.orders["paid_amount"].sum() == 4000 * 10.0


def test_marks_by_one_process_are_seen_by_another_after_a_re_read(tmp_path, pg_url):
    with open_store_url(pg_url) as mine:
        mine.import_result(orders_export(tmp_path, "mon.csv", 5))
        mine.set_handled("unpaid", "taobao", "o1", note="催过", by="主管甲")
        assert len(mine.handled()) == 1
        done = subprocess.run([sys.executable, "-c", MARK_AND_SAY, pg_url], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [["unpaid", "o1", "主管甲", "催过"]]  # the other one saw mine
        marks = mine.handled().set_index("order_id")  # and I see theirs on my next read
        assert marks.loc["o2", ["who", "note"]].tolist() == ["主管乙", "已催"]
        levels = mine.level_marks().set_index("buyer")
        assert levels.loc["buyer3", ["level", "manual", "who"]].tolist() == ["VIP会员", True, "主管乙"]


def test_processes_opening_a_new_database_at_once_share_one_schema(tmp_path, pg_url):
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", OPEN_AT_ONCE, HERE, pg_url, str(go), str(tmp_path), f"p{i}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(4)]
    time.sleep(0.5)
    go.write_text("go")
    outs = [p.communicate(timeout=300) for p in procs]
    assert [o.split() for o, _ in outs] == [["ok", str(migrations.LATEST)]] * 4, outs
    with open_store_url(pg_url) as store:
        assert store.totals()["orders"] == 80 and len(store.imports()) == 4
