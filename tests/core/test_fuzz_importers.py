"""Property: any file given to the importers imports, or raises an InputError naming the file.

hypothesis drives tests/core/fuzz_cases.py (every export layout with random headers, cells,
encodings, dates and amounts; byte-level damage; the crafted workbooks of issue 19). The run is
derandomized (the same cases every time) and bounded: about 20 s here, well under a minute in CI.
bench/fuzz.py runs the same cases by the ten thousand, each in a child with time and memory limits.
"""

from __future__ import annotations

import os
import tempfile
import warnings

from hypothesis import HealthCheck, given, settings, strategies as st

import fuzz_cases

_SETTINGS = dict(deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(rng, run_model: bool) -> None:
    name, data, label = fuzz_cases.make_case(rng)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as fh:
            fh.write(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # overflow warnings of hostile amounts are not the point
            outcome, detail = fuzz_cases.check_file(path, run_model=run_model)
    assert outcome in ("import", "clean error"), f"{label}: {detail}"


@settings(max_examples=150, **_SETTINGS)
@given(rng=st.randoms(use_true_random=False))
def test_every_importer_imports_or_raises_a_clean_error(rng):
    _check(rng, run_model=False)


@settings(max_examples=25, **_SETTINGS)
@given(rng=st.randoms(use_true_random=False))
def test_what_imports_also_goes_through_the_model(rng):
    _check(rng, run_model=True)


def test_the_case_maker_covers_every_layout_and_the_crafted_workbooks():
    import random

    labels = {fuzz_cases.make_case(random.Random(seed))[2].split()[0] for seed in range(400)}
    kinds = {label.split(".")[0] for label in labels}
    assert set(fuzz_cases.LAYOUTS) | {"crafted", "qianniu"} <= kinds
    assert {".csv", ".xlsx", ".txt"} <= {"." + label.split(".")[-1] for label in labels if "." in label}


def test_check_file_calls_an_error_not_naming_the_file_unhandled(tmp_path, monkeypatch):
    from desktop_app.core.errors import InputError
    from desktop_app.core.importers import registry

    def bad(path):
        raise InputError("no file name", file="other.csv")

    monkeypatch.setattr(registry, "load_file", bad)
    assert fuzz_cases.check_file(tmp_path / "x.csv")[0] == "unhandled"
    monkeypatch.setattr(registry, "load_file", lambda path: 1 / 0)
    assert fuzz_cases.check_file(tmp_path / "x.csv") == ("unhandled", "ZeroDivisionError: division by zero")
