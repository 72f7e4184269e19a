"""The headless report's speed paths (issue 18) change no figure: the sample shop's report JSON is the same
with the guard's numpy counts and early start as with the guard's own searches done in turn."""

from __future__ import annotations

import io
import json

from desktop_app.core.cli import report_main
from desktop_app.core.importers import guard_prefetch, xlsx_guard, xlsx_guard_fast
from desktop_app.core.sample import write_sample


def _report(paths: dict) -> dict:
    out, err = io.StringIO(), io.StringIO()
    paths = {k: str(v) for k, v in paths.items()}
    code = report_main(["--orders", paths["orders_xlsx"], "--chats", paths["chats_txt"],
                        "--inventory", paths["inventory_xlsx"], "--json", "-"], out=out, err=err)
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    data.pop("timings")  # seconds of this run
    return data


def test_sample_shop_report_is_the_same_with_and_without_the_fast_guard(tmp_path, monkeypatch):
    paths = write_sample(tmp_path)
    used = []
    real = xlsx_guard_fast.counts
    monkeypatch.setattr(xlsx_guard_fast, "counts", lambda buf, *a: used.append(real(buf, *a)) or used[-1])
    fast = _report(paths)
    assert used and all(u is not None for u in used)  # both workbooks were counted the fast way
    assert not guard_prefetch._early  # every early check was taken by the reader
    monkeypatch.setattr(xlsx_guard, "USE_FAST_COUNTS", False)
    monkeypatch.setattr(guard_prefetch, "prefetch", lambda paths: None)
    slow = _report(paths)
    assert fast == slow
    assert fast["shop"]["orders"] > 100 and len(fast["customers"]) > 50  # a real report, not an empty one
