"""Appraisal scheme files: validation errors name the file and the key; load/save round trip; default."""

from __future__ import annotations

import copy
import json

import pytest

from desktop_app.core.appraisal.scheme import (
    SchemeError, default_scheme_path, load_default_scheme, load_scheme, parse_scheme, save_scheme,
)

GOOD = {
    "version": 1, "name": "月度方案",
    "items": [
        {"kpi": "conversion_rate", "weight": 60, "better": "higher", "bands": [[0.5, 100], [0.3, 60]]},
        {"kpi": "response_mean_s", "weight": 40, "better": "lower", "linear": {"floor": 60, "target": 16}},
    ],
    "deductions": [{"kpi": "quality_hits", "points_each": 0.5, "cap": 10}],
    "commission": {"base": "sales", "mode": "whole", "tiers": [[0, 0.01], [50000, 0.015]]},
    "grades": [[90, "A"], [0, "D"]],
}


def changed(path, value):
    """GOOD with the value at ``path`` (a list of keys/indexes) replaced; ``...`` deletes it."""
    data = copy.deepcopy(GOOD)
    target = data
    for k in path[:-1]:
        target = target[k]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize("path, value, key, words", [
    (["items", 1, "kpi"], "happiness", "items[1].kpi", "unknown KPI"),
    (["items", 0, "weight"], 0, "items[0].weight", "positive"),
    (["items", 0, "weight"], -5, "items[0].weight", "positive"),
    (["items", 0, "weight"], "40", "items[0].weight", "number"),
    (["items", 0, "bands"], [[0.3, 60], [0.5, 100]], "items[0].bands", "order"),
    (["items", 1, "linear"], {"floor": 10, "target": 16}, "items[1].linear.target", "below the floor"),
    (["items", 0, "better"], "more", "items[0].better", "higher"),
    (["items", 0, "bandz"], [], "items[0].bandz", "unknown key"),
    (["version"], 2, "version", "newer"),
    (["version"], ..., "version", "version"),
    (["name"], "", "name", "name"),
    (["items"], [], "items", "non-empty"),
    (["deductions", 0, "kpi"], "rudeness", "deductions[0].kpi", "unknown deduction"),
    (["deductions", 0, "cap"], -1, "deductions[0].cap", "positive"),
    (["commission", "tiers"], [[0, 0.01], [0, 0.02]], "commission.tiers", "rising"),
    (["commission", "tiers"], [[100, 0.01]], "commission.tiers[0][0]", "start at 0"),
    (["commission", "tiers"], [[0, 1.5]], "commission.tiers[0][1]", "fraction"),
    (["commission", "mode"], "flat", "commission.mode", "marginal"),
    (["grades"], [[0, "D"], [90, "A"]], "grades", "falling"),
])
def test_bad_schemes_name_the_file_and_key(tmp_path, path, value, key, words):
    f = tmp_path / "方案.json"
    f.write_text(json.dumps(changed(path, value), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SchemeError) as info:
        load_scheme(f)
    err = info.value
    assert err.key == key and err.file == str(f)
    text = err.describe()
    assert str(f) in text and f"key {key}" in text and words in text
    assert " / " in err.message  # English and Chinese


def test_duplicate_kpi_and_both_rules_rejected():
    data = copy.deepcopy(GOOD)
    data["items"].append(dict(data["items"][0]))
    with pytest.raises(SchemeError, match="twice"):
        parse_scheme(data)
    data = changed(["items", 0, "linear"], {"floor": 0, "target": 1})
    with pytest.raises(SchemeError) as info:
        parse_scheme(data)
    assert info.value.key == "items[0]"


def test_not_json_and_missing_file(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text("{\"version\": 1,", encoding="utf-8")
    with pytest.raises(SchemeError, match="not valid JSON"):
        load_scheme(f)
    with pytest.raises(SchemeError, match="not found"):
        load_scheme(tmp_path / "none.json")


def test_round_trip_and_bom(tmp_path):
    scheme = parse_scheme(GOOD)
    path = save_scheme(scheme, tmp_path / "sub" / "s.json")
    assert load_scheme(path) == scheme
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode("utf-8"))
    assert load_scheme(bom) == scheme


def test_better_defaults_to_the_kpis_direction():
    data = changed(["items", 1, "better"], ...)
    assert parse_scheme(data).items[1].better == "lower"


def test_default_scheme_ships_and_uses_the_seeds_targets():
    assert default_scheme_path().is_file()
    scheme = load_default_scheme()
    kpis = {it.kpi: it for it in scheme.items}
    assert {"conversion_rate", "first_response_mean_s", "response_mean_s", "refund_rate", "clean_share"} <= set(kpis)
    assert kpis["first_response_mean_s"].bands[0] == (10.0, 100.0)  # 首响 ≤ 10 s -> full points
    assert kpis["response_mean_s"].linear[1] == 16.0  # 平响 ≤ 16 s is the target
    assert any(d.kpi == "quality_hits" for d in scheme.deductions)


def test_frozen_build_finds_resources(monkeypatch, tmp_path):
    import sys

    from desktop_app.core.appraisal import scheme as mod

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert mod.default_scheme_path() == tmp_path / "resources" / "appraisal" / "default_scheme.json"


def test_the_documented_example_is_the_shipped_default():
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "appraisal.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", doc, re.S).group(1))
    documented = parse_scheme(example)
    shipped = load_default_scheme()
    assert documented.items == shipped.items and documented.deductions == shipped.deductions
    assert documented.commission == shipped.commission and documented.grades == shipped.grades
