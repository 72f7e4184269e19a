"""`report --data-dir` takes the same extras as a report from files: `--scheme` (绩效) and `--staffing` (排班);
a bad scheme or target exits 2 before the store is read; a reversed --from/--to is an error, not an empty report."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from desktop_app.core.cli import report_main
from desktop_app.core.cli_store import import_main
from desktop_app.core.sample import write_sample

SCHEME = Path(__file__).resolve().parents[2] / "resources" / "appraisal" / "default_scheme.json"


def run(main, *argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extras")
    files = write_sample(folder / "S")
    paths = [files["orders_csv"], files["lines_csv"], files["chats_txt"]]
    code, _, err = run(import_main, *paths, "--data-dir", folder / "D")
    assert code == 0, err
    return folder / "D", paths


def test_scheme_and_staffing_from_the_store_equal_those_from_the_files(sample_store):
    data_dir, paths = sample_store
    extras = ["--scheme", SCHEME, "--staffing", "--json", "-"]
    code, out, err = run(report_main, "--data-dir", data_dir, *extras)
    assert code == 0, err
    stored = json.loads(out)
    code, out, err = run(report_main, "--orders", paths[0], paths[1], "--chats", paths[2], *extras)
    assert code == 0, err
    direct = json.loads(out)
    assert stored["appraisal"]["agents"] and stored["appraisal"] == direct["appraisal"]
    dawei = next(a for a in stored["appraisal"]["agents"] if a["agent"].endswith("大伟"))
    assert (dawei["total"], dawei["grade"], dawei["rank"], dawei["commission"]) == (34.65, "D", 2, 40.9)  # docs
    assert stored["staffing"]["slots"] and stored["staffing"] == direct["staffing"]


@pytest.mark.parametrize("extra,word", [
    (["--scheme", "no-such-scheme.json"], "scheme"),
    (["--staffing", "--staffing-target", "1.2@10"], "between 0 and 1"),
    (["--from", "2026-11-20", "--to", "2026-11-01"], "--from"),
])
def test_bad_extras_exit_2(sample_store, tmp_path, extra, word):
    data_dir, _ = sample_store
    code, out, err = run(report_main, "--data-dir", data_dir, *extra, "--json", tmp_path / "r.json")
    assert code == 2 and word in err and out == ""
    assert not (tmp_path / "r.json").exists()
