"""A What-if run puts the stored handled marks (and who/when) onto its lists in O(what changed): the lists a
move leaves as they were take the columns of the run before (whatif/handled_memo.py). Its results equal a
normal run's (repository.apply_handled) for every move, with marks on each order check and on quality hits,
and a mark made between two moves shows. Real SQLite store, no Qt."""

from __future__ import annotations

import pytest
from sample_store import sample_store  # tests/ui/, next to this file

from desktop_app.core.model.partial import RunCache
from desktop_app.core.model.results_compare import results_differences
from desktop_app.core.model.settings import ModelSettings
from desktop_app.ui.whatif.handled_memo import HandledMemo
from desktop_app.ui.whatif.task import whatif_results


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    yield from sample_store(tmp_path_factory.mktemp("handled"), days=40, seed=7)


def _mark_some(repo, results, by: str) -> int:
    """Two rows of each order check and two quality hits marked handled / accepted; how many marks."""
    n = 0
    for check in ("unshipped", "out_of_stock", "unpaid"):
        frame = getattr(results, check)
        for _, row in frame.head(2).iterrows():
            repo.set_handled(check, row["platform"], row["order_id"], note=f"{check} note", by=by)
            n += 1
    for hit in results.quality.hits["hit_id"].head(2):
        repo.set_handled("quality", "", hit, note="not a problem", by=by)
        n += 1
    return n


def test_marks_on_a_what_ifs_lists_equal_a_normal_runs(repo):
    repo, start, end = repo
    levels = repo.levels()
    cache, memo = RunCache(), HandledMemo()

    def both(settings):
        out = whatif_results(repo, start, end, settings, cache, lambda *a: None, lambda: False,
                             with_trends=False, handled=memo)
        plain = repo.compute_range(start, end, settings, levels=levels, update_levels=False)
        assert results_differences(plain, out["results"]) == []
        return out["results"]

    first = both(ModelSettings())
    both(ModelSettings(slow_threshold_s=20.0))  # no mark yet, no list changed: all kept, figures the stage's
    assert memo.worked == []
    assert _mark_some(repo, first, by="张三") == 8
    marked = both(ModelSettings())  # new marks: every list worked out again
    assert set(memo.worked) == {"unshipped", "out_of_stock", "unpaid", "quality"}
    assert marked.unshipped["handled"].sum() == 2 and (marked.unshipped["handled_by"] == "张三").sum() == 2
    assert marked.quality.hits["accepted"].sum() == 2 and (marked.quality.hits["accepted_by"] == "张三").sum() == 2

    both(ModelSettings(slow_threshold_s=20.0))  # no list changed: all taken from the run before
    assert memo.worked == []
    both(ModelSettings(slow_threshold_s=20.0, shipping_promise_h=12.0))  # the unshipped list made anew
    assert "unshipped" in memo.worked and "unpaid" not in memo.worked and "quality" not in memo.worked
    both(ModelSettings(slow_threshold_s=20.0, shipping_promise_h=12.0, quality_bare_max_chars=2))
    assert "quality" in memo.worked and "unshipped" not in memo.worked
    both(ModelSettings(unpaid_close_hours=10.0, reminder_new_h=5.0))
    both(ModelSettings(split_gap_s=600.0))

    # a mark made between two moves (another supervisor's) shows on the next move
    again = both(ModelSettings(split_gap_s=600.0))
    row = again.unpaid.iloc[3]
    repo.set_handled("unpaid", row["platform"], row["order_id"], note="called", by="李四")
    after = both(ModelSettings(split_gap_s=600.0))
    assert (after.unpaid["handled_by"] == "李四").sum() == 1
