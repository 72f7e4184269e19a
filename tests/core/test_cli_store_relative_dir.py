"""`imports` and `report` with a relative --data-dir (as a scheduled task in the exports folder types it)."""

from __future__ import annotations

import io
import json

from desktop_app.core.cli import report_main
from desktop_app.core.cli_store import import_main, imports_main
from desktop_app.core.sample import write_sample


def run(main, *argv):
    out, err = io.StringIO(), io.StringIO()
    return main([str(a) for a in argv], out, err), out.getvalue(), err.getvalue()


def test_a_relative_data_dir_works_for_every_command(tmp_path, monkeypatch):
    paths = write_sample(tmp_path / "s")
    monkeypatch.chdir(tmp_path)
    assert run(import_main, paths["orders_csv"], paths["chats_txt"], "--data-dir", "d")[0] == 0
    code, out, err = run(imports_main, "--data-dir", "d", "--json", "-")
    assert code == 0, err
    listing = json.loads(out)
    assert len(listing) == 2
    code, out, err = run(imports_main, "--data-dir", "d", "--remove", listing[-1]["id"])
    assert code == 0, err
    code, out, err = run(report_main, "--data-dir", "d", "--json", "-")
    assert code == 0, err
    assert json.loads(out)["shop"]["orders"] == 300
