"""The stage graph's declarations: every settings field a stage's code reads is declared on the stage.

Each stage runs with settings that record every field read (RecordingSettings), under several
settings (defaults, the platform reading with working hours, other attribution and sale rules); what
a stage read must be among its declared ``reads``. And the plan: a change reruns its readers and
everything downstream of them, in run order.
"""

from types import SimpleNamespace

import numpy as np
import pytest

from desktop_app.core import sample
from desktop_app.core.dataset import Dataset
from desktop_app.core.model.keys import prepare_keys
from desktop_app.core.model.settings import FIRST_TOUCH, SPLIT, ModelSettings
from desktop_app.core.model.stage_graph import RecordingSettings, SettingsView, Stage, StageGraph, changed_fields
from desktop_app.core.model.stages import GRAPH

VARIANTS = [
    ModelSettings(),
    ModelSettings.platform_preset(working_hours=((0, "09:00", "18:00"), (1, "09:00", "18:00"))),
    ModelSettings(attribution_rule=SPLIT, sale_rule="order_first", unpaid_close_hours=None, level_basis="orders"),
    ModelSettings(attribution_rule=FIRST_TOUCH, sale_rule="payment", as_of="2026-11-20 12:00:00"),
]


@pytest.mark.parametrize("settings", VARIANTS, ids=["default", "platform", "split", "first-payment-as-of"])
def test_every_field_a_stage_reads_is_declared(settings):
    orders, lines, messages, inventory = sample.generate_frames(800, 6_000, seed=3)
    ds = Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)
    prepare_keys(ds)
    ctx = SimpleNamespace(dataset=ds, real_settings=settings, previous_levels=None, out={})
    read_somewhere = set()
    for stage in GRAPH.stages:
        ctx.settings = RecordingSettings(settings)
        ctx.out[stage.key] = stage.run(ctx)
        read = object.__getattribute__(ctx.settings, "read")
        assert read <= stage.reads, f"{stage.key} reads {sorted(read - stage.reads)} without declaring it"
        read_somewhere |= read
    # the recorder really records: the conversation and check settings were read
    assert {"split_gap_s", "slow_threshold_s", "reminder_new_h", "quality_bare_max_chars"} <= read_somewhere
    assert len(ctx.out["finish"].agents)


def test_plan_reruns_readers_and_everything_downstream():
    graph = StageGraph([
        Stage("a", frozenset({"split_gap_s"}), (), lambda ctx: 1),
        Stage("b", frozenset({"slow_threshold_s"}), ("a",), lambda ctx: 2),
        Stage("c", frozenset(), ("a",), lambda ctx: 3),
        Stage("d", frozenset(), ("b",), lambda ctx: 4),
        Stage("e", frozenset(), (), lambda ctx: 5, always=True),
    ])
    assert graph.plan(["slow_threshold_s"]) == ["b", "d", "e"]
    assert graph.plan(["split_gap_s"]) == ["a", "b", "c", "d", "e"]
    assert graph.plan([]) == ["e"]
    assert graph.readers("split_gap_s") == ["a"]
    with pytest.raises(ValueError, match="needs"):
        StageGraph([Stage("x", frozenset(), ("y",), lambda ctx: 0)])
    with pytest.raises(ValueError, match="unknown settings"):
        StageGraph([Stage("x", frozenset({"no_such_setting"}), (), lambda ctx: 0)])


def test_changed_fields_and_settings_view():
    a = ModelSettings()
    assert changed_fields(a, a.replace(slow_threshold_s=5.0, split_gap_s=60.0)) == ["split_gap_s", "slow_threshold_s"]
    assert changed_fields(a, ModelSettings()) == []
    view = SettingsView(a, {"slow_threshold_s": np.inf})
    assert view.slow_threshold_s == np.inf and view.split_gap_s == a.split_gap_s
    with pytest.raises(AttributeError):
        view.split_gap_s = 1.0


def test_the_thresholds_of_the_what_if_panel_are_read_by_some_stage():
    from desktop_app.core.model.whatif_fields import WHATIF_FIELDS

    read = GRAPH.read_fields()
    for spec in WHATIF_FIELDS:
        assert spec.field in read or spec.field == "response_target_s", spec.field
