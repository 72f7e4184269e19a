"""``--database URL`` on import / imports / report: the same store as ``--data-dir`` when it names the same
file, and a store that cannot be used is one line naming the server, exit 2, never a traceback and never
the password (stdout, stderr and every file the run leaves behind)."""

from __future__ import annotations

import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.cli import report_main
from desktop_app.core.cli_store import import_main, imports_main
from desktop_app.core.sample import write_sample
from desktop_app.core.store import Store

KEYS = ("as_of", "shop", "agents", "order_checks", "customers", "unavailable", "shops", "period")
SECRET = "Pw-s3cret!9"
ROOT = Path(__file__).resolve().parents[2]


def run(main, *argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def sqlite_url(path: Path) -> str:
    return "sqlite:///" + path.absolute().as_posix().lstrip("/")


def refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("sample")
    return sorted(str(p) for p in write_sample(folder).values())


def test_a_sqlite_database_url_is_the_same_store_as_its_data_dir(tmp_path, sample_files):
    folder = tmp_path / "data"
    code, out, err = run(import_main, *sample_files, "--database", sqlite_url(folder / "history.sqlite3"))
    assert code == 0, err
    assert len(out.splitlines()) == len(sample_files)
    # the file --database named is the one --data-dir reads, and the other way round
    code, by_url, err = run(report_main, "--database", sqlite_url(folder / "history.sqlite3"), "--json", "-")
    assert code == 0, err
    code, by_dir, err = run(report_main, "--data-dir", folder, "--json", "-")
    assert code == 0, err
    a, b = json.loads(by_url), json.loads(by_dir)
    assert {k: a[k] for k in KEYS} == {k: b[k] for k in KEYS}
    assert a["shop"]["orders"] == 300
    # a folder as --database means its history.sqlite3, like --data-dir
    code, listed, err = run(imports_main, "--database", folder, "--json", "-")
    assert code == 0, err
    assert [i["file"] for i in json.loads(listed)] == [os.path.basename(p) for p in sample_files]
    # importing the same files again through --data-dir changes nothing: one store
    code, again, err = run(import_main, *sample_files, "--data-dir", folder)
    assert code == 0 and again.count("already imported") == len(sample_files)


def test_another_file_named_by_database_leaves_the_data_dir_alone(tmp_path, sample_files):
    team = tmp_path / "share" / "team.sqlite3"
    code, _out, err = run(import_main, sample_files[1], "--database", sqlite_url(team), "--data-dir", tmp_path / "own")
    assert code == 0, err
    with Store(team) as store:
        assert store.totals()["orders"] == 300
    assert not (tmp_path / "own" / "history.sqlite3").exists()


def test_a_newer_schema_is_refused_with_exit_2_and_the_file_untouched(tmp_path):
    db = tmp_path / "newer.sqlite3"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = db.read_bytes()
    code, out, err = run(report_main, "--database", sqlite_url(db), "--json", "-")
    assert code == 2 and out == ""
    assert "newer version" in err and "更新版本" in err and "Traceback" not in err
    assert db.read_bytes() == before


def _cli(args: list[str], home: Path, cwd: Path) -> subprocess.CompletedProcess:
    """The command in a child process whose home, data and log folders are ``home``."""
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"),
               PYTHONPATH=str(ROOT), PGCONNECT_TIMEOUT="5")
    env.pop("PGPASSWORD", None)
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def _files_holding(folder: Path, secret: str) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            try:
                if secret.encode() in path.read_bytes():
                    found.append(str(path))
            except OSError:
                pass
    return found


@pytest.mark.parametrize("command", [["report"], ["imports"], ["import", "FILE"]])
def test_a_refused_server_is_named_with_exit_2_and_the_password_appears_nowhere(tmp_path, sample_files, command):
    port = refused_port()
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    args = [sample_files[0] if a == "FILE" else a for a in command]
    done = _cli([*args, "--database", f"postgresql://ann:{SECRET}@127.0.0.1:{port}/cs?sslmode=disable"], home, work)
    assert done.returncode == 2, done.stderr
    assert f"127.0.0.1:{port}" in done.stderr and "ann@" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert SECRET not in done.stdout + done.stderr
    assert _files_holding(tmp_path, SECRET) == []
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("url, said", [
    (f"mysql://ann:{SECRET}@db.local/cs", "mysql"),  # a kind the store does not know, with a password
    (f"postgres:/ann:{SECRET}@db.local/cs", "//"),  # the slashes forgotten: not a file to create here
    ("", "empty"),
])
def test_a_database_url_not_understood_is_exit_2_without_a_trace(tmp_path, url, said):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    done = _cli(["imports", "--database", url], home, work)
    assert done.returncode == 2, done.stdout
    assert said in done.stderr and "Traceback" not in done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert list(work.iterdir()) == [] and _files_holding(tmp_path, SECRET) == []
