"""A throwaway PostgreSQL cluster for the store's tests, CI and the bench.

``DESKTOP_APP_TEST_PG_URL`` (a libpq URL of a database whose user may CREATE DATABASE) wins when set.
Otherwise ``start()`` runs Debian's server binaries (/usr/lib/postgresql/<n>/bin): ``initdb`` into a temp
folder (as the ``postgres`` system user when we are root: initdb refuses root), a free local port, its unix
socket in that folder, ``pg_ctl start -w``; ``stop()`` stops it and deletes the folder.

As a script (.ci/run uses it): ``python3 tests/pg_server.py start FOLDER`` prints the URL of a new cluster
in FOLDER; ``python3 tests/pg_server.py stop FOLDER`` stops it and deletes FOLDER.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ENV_URL = "DESKTOP_APP_TEST_PG_URL"
#: a role with a password (scram over TCP) for the wrong-password tests
PASSWORD_ROLE, PASSWORD = "pw_user", "right-horse-battery"


def binaries() -> Optional[Path]:
    """The newest /usr/lib/postgresql/<n>/bin holding initdb and pg_ctl, or None."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [b for b in found if (b / "pg_ctl").exists()]
    if not found:
        on_path = shutil.which("initdb")
        return Path(on_path).parent if on_path and shutil.which("pg_ctl") else None
    return sorted(found, key=lambda b: int(b.parent.name) if b.parent.name.isdigit() else 0)[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    if os.name == "posix" and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        subprocess.run(_as_owner([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                                  "-w", "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(folder: Optional[Path] = None, *, durable: bool = False) -> Cluster:
    """A new cluster (RuntimeError with the server's own words when it cannot start). ``durable``
    keeps fsync on (the bench); tests run with fsync off."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="desktop-app-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix" and os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    os.chmod(folder, 0o700)
    data = folder / "data"
    port = _free_port()
    try:
        _run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                        "--locale=C", "-A", "trust", "--no-sync"]))
        hba = (f"local all all trust\nhost all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n"
               "host all all 127.0.0.1/32 trust\n")
        _write_as_owner(data / "pg_hba.conf", hba)
        options = [f"port={port}", "listen_addresses='127.0.0.1'", f"unix_socket_directories='{folder}'",
                   "max_connections=60", "shared_buffers=128MB", "max_wal_size=2GB"]
        if not durable:
            options += ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]
        with open(data / "postgresql.conf", "a") as fh:
            fh.write("\n" + "\n".join(options) + "\n")
        _run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
                        "-t", "60", "start"]))
        cluster = Cluster(folder, port, bin_dir)
        import psycopg

        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
        return cluster
    except BaseException:
        log = folder / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        Cluster(folder, port, bin_dir).stop()
        if tail:
            print(tail, file=sys.stderr)
        raise


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip() or done.stdout.strip()}")


def _write_as_owner(path: Path, text: str) -> None:
    path.write_text(text)
    if os.name == "posix" and os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


if __name__ == "__main__":
    what, where = sys.argv[1], Path(sys.argv[2])
    if what == "start":
        print(start(where).url)
    else:
        port_line = [line for line in (where / "data" / "postgresql.conf").read_text().splitlines()
                     if line.startswith("port=")] if (where / "data").exists() else []
        bin_dir = binaries()
        if bin_dir is not None:
            Cluster(where, int(port_line[-1].split("=")[1]) if port_line else 0, bin_dir).stop()
        shutil.rmtree(where, ignore_errors=True)
