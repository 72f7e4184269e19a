"""compute_incremental: a settings change reruns only the stages that read it, with compute()'s results.

Every threshold setting is moved to several values from one kept run; each partial run must equal a full
compute() with those settings in every Results table and figure (results_differences), and must not
have rerun the stages that do not read the setting.
"""

import numpy as np
import pytest

from desktop_app.core import sample
from desktop_app.core.dataset import Dataset
from desktop_app.core.errors import ImportCancelled
from desktop_app.core.model.compute import compute
from desktop_app.core.model.keys import prepare_keys
from desktop_app.core.model.partial import compute_incremental
from desktop_app.core.model.results_compare import results_differences
from desktop_app.core.model.settings import FIRST_TOUCH, SPLIT, ModelSettings
from desktop_app.core.model.stages import GRAPH

from test_prepared_keys import messy_dataset

#: setting -> values it is moved to (the defaults are 60 s, 3 days, 30 min, 2 h, 3 h, 72 h, 72 h, 48 h, 3, 24 h)
THRESHOLDS = {
    "slow_threshold_s": [5.0, 30.0, 100.0, 600.0],
    "attribution_window_days": [0.5, 1.0, 7.0],
    "split_gap_s": [300.0, 900.0, 7200.0],
    "reminder_new_h": [0.5, 6.0, 48.0],
    "reminder_returning_h": [0.5, 12.0],
    "reminder_window_h": [1.0, 12.0, 240.0],
    "unpaid_close_hours": [1.0, 24.0, None],
    "shipping_promise_h": [2.0, 24.0, 96.0],
    "quality_bare_max_chars": [1, 5, 10],
    "quality_followup_h": [1.0, 6.0, 72.0],
    "response_target_s": [5.0, 30.0],
    "first_response_targets_s": [(3.0, 20.0, 30.0)],
    "rfm_lookback_days": [30, 90],
}
#: stages that must not rerun when the setting moves (the expensive, threshold-independent ones)
NOT_RERUN = {
    "slow_threshold_s": {"chats", "receptions", "attribution", "agents_base", "quality", "shop", "customers"},
    "attribution_window_days": {"chats", "quality_prep", "robots", "responses", "service", "workload", "customers",
                                "unpaid"},
    "split_gap_s": {"customers", "unpaid", "unshipped"},
    "reminder_new_h": {"chats", "quality", "agents_base", "shop", "customers", "unpaid_base", "unshipped", "out_of_stock"},
    "reminder_returning_h": {"chats", "quality", "customers", "unshipped"},
    "reminder_window_h": {"chats", "attribution", "quality", "shop", "unpaid"},
    "unpaid_close_hours": {"chats", "quality", "customers", "unshipped"},
    "shipping_promise_h": {"chats", "quality", "customers", "unshipped_base", "unpaid", "out_of_stock"},
    "quality_bare_max_chars": {"chats", "quality_prep", "attribution", "agents_base", "shop", "checks"},
    "quality_followup_h": {"chats", "quality_prep", "attribution", "agents_base", "shop", "checks"},
    "response_target_s": set(GRAPH.keys()) - {"finish"},
}


def _generated() -> Dataset:
    orders, lines, messages, inventory = sample.generate_frames(1_500, 12_000, seed=11)
    # a robot sub-account answers some chats: its turns are not counted, its row is labelled
    robot = messages["agent"].to_numpy(dtype=object).copy()
    robot[(np.arange(len(robot)) // 40) % 9 == 0] = "示例店:店小蜜"
    messages["agent"] = robot
    ds = Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)
    prepare_keys(ds)
    return ds


@pytest.fixture(scope="module")
def generated():
    ds = _generated()
    results, run = compute_incremental(ds)
    return ds, results, run


def _assert_same(a, b):
    diff = results_differences(a, b)
    assert diff == [], "\n".join(diff)


def test_full_incremental_run_equals_compute(generated):
    ds, results, run = generated
    _assert_same(compute(ds), results)
    assert run.ran == GRAPH.keys()  # no previous run: every stage
    assert len(results.attribution) and len(results.unpaid) and results.agents["robot"].any()


def test_the_comparison_sees_a_difference(generated):
    ds, results, _ = generated
    other = compute(ds, ModelSettings(slow_threshold_s=5.0))
    diff = results_differences(results, other)
    assert any(d.startswith("turns") for d in diff) and any(d.startswith("agents") for d in diff)
    assert any(d.startswith("settings") for d in diff)


@pytest.mark.parametrize("field,value", [(f, v) for f, values in THRESHOLDS.items() for v in values],
                         ids=lambda x: str(x))
def test_moving_one_threshold_equals_a_full_recompute(generated, field, value):
    ds, _, run = generated
    settings = ModelSettings().replace(**{field: value})
    partial, new_run = compute_incremental(ds, settings, run)
    _assert_same(compute(ds, settings), partial)
    assert new_run.ran == GRAPH.plan([field])
    assert not NOT_RERUN.get(field, set()) & set(new_run.ran), new_run.ran
    # and back: the run made from the partial one gives the saved figures again
    again, _ = compute_incremental(ds, ModelSettings(), new_run)
    _assert_same(generated[1], again)


def test_two_settings_at_once_and_in_a_row(generated):
    ds, _, run = generated
    both = ModelSettings(slow_threshold_s=20.0, reminder_new_h=8.0)
    partial, run2 = compute_incremental(ds, both, run)
    _assert_same(compute(ds, both), partial)
    assert {"slow", "unpaid"} <= set(run2.ran) and "chats" not in run2.ran
    # a chain of moves, each from the run before
    three = both.replace(attribution_window_days=1.5, attribution_rule=FIRST_TOUCH, quality_followup_h=3.0)
    partial3, run3 = compute_incremental(ds, three, run2)
    _assert_same(compute(ds, three), partial3)
    split = three.replace(attribution_rule=SPLIT, split_gap_s=600.0)
    _assert_same(compute(ds, split), compute_incremental(ds, split, run3)[0])


def test_a_setting_no_stage_reads_reruns_only_the_assembly(generated):
    ds, results, run = generated
    settings = ModelSettings(response_target_s=25.0, staffing_target_s=20.0, shift_templates=(("10:00", "19:00"),))
    partial, new_run = compute_incremental(ds, settings, run)
    assert new_run.ran == ["finish"]
    assert results_differences(results, partial) == [
        d for d in results_differences(results, partial) if d.startswith("settings")]
    assert partial.settings == settings
    _assert_same(compute(ds, settings), partial)
    # the same settings again: nothing but the assembly either, and fresh objects every time
    same, _ = compute_incremental(ds, settings, new_run)
    assert same.agents is not partial.agents and same.shop is not partial.shop
    _assert_same(partial, same)


def test_results_handed_out_are_not_shared_with_the_kept_run(generated):
    ds, _, run = generated
    first, run2 = compute_incremental(ds, ModelSettings(slow_threshold_s=45.0), run)
    first.unpaid["handled"] = True  # what the store's handled marks do to the lists on screen
    first.shop["sales"] = -1.0
    first.agents["sales"] = 0.0
    second, _ = compute_incremental(ds, ModelSettings(slow_threshold_s=46.0), run2)
    _assert_same(compute(ds, ModelSettings(slow_threshold_s=46.0)), second)


def test_another_dataset_or_changed_frames_start_from_scratch(generated):
    ds, _, run = generated
    other = _generated()
    _, run2 = compute_incremental(other, ModelSettings(slow_threshold_s=5.0), run)
    assert run2.ran == GRAPH.keys()
    ds2 = _generated()
    _, run3 = compute_incremental(ds2, ModelSettings(), None)
    ds2.messages = ds2.messages.iloc[:-10]
    partial, run4 = compute_incremental(ds2, ModelSettings(slow_threshold_s=5.0), run3)
    assert run4.ran == GRAPH.keys()
    _assert_same(compute(ds2, ModelSettings(slow_threshold_s=5.0)), partial)
    # other previous membership levels: the customers are worked out again
    levels = {"测试用户000001": "VIP会员"}
    _, run5 = compute_incremental(ds2, ModelSettings(), run4, previous_levels=levels)
    assert "customers" in run5.ran


def test_cancel_keeps_the_previous_run_usable(generated):
    ds, _, run = generated
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ImportCancelled):
        compute_incremental(ds, ModelSettings(split_gap_s=600.0), run, should_cancel=cancel)
    partial, _ = compute_incremental(ds, ModelSettings(slow_threshold_s=12.0), run)
    _assert_same(compute(ds, ModelSettings(slow_threshold_s=12.0)), partial)


@pytest.mark.parametrize("digits,padded", [(False, True), (True, True)])
def test_messy_data_partial_equals_full(digits, padded):
    ds = messy_dataset(digits, padded)
    _, run = compute_incremental(ds)
    for field, values in THRESHOLDS.items():
        for value in values[:2]:
            settings = ModelSettings().replace(**{field: value})
            _assert_same(compute(ds, settings), compute_incremental(ds, settings, run)[0])
