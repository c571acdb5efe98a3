"""A throwaway PostgreSQL server for the benchmark, like ``scripts/with-postgres`` but in Python.

It runs from Debian's server binaries (``/usr/lib/postgresql/<version>/bin``) in a temporary
directory, listens on a private Unix socket only, and is removed when the benchmark ends. Unlike
the test server it keeps PostgreSQL's durability defaults (fsync and synchronous commit on), so
answer saves cost what they would cost on a real server.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import random
import shutil
import subprocess
import tempfile
from pathlib import Path


def _bindir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    for candidate in reversed(candidates):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise SystemExit(
        "No PostgreSQL server found: install it (sudo apt-get install postgresql) and run again."
    )


class ThrowawayPostgres:
    """``with ThrowawayPostgres() as pg: pg.url("rasp")`` gives a DATABASE_URL."""

    def __init__(self, *, shared_buffers: str = "512MB", max_connections: int = 200) -> None:
        self.bindir = _bindir()
        self.version = self.bindir.parent.name
        self.shared_buffers = shared_buffers
        self.max_connections = max_connections
        self.workdir = Path(tempfile.mkdtemp(prefix="rasp-bench-pg-"))
        self.port = int(os.environ.get("RASP_PG_PORT") or 20000 + random.randrange(20000))
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: run it as an unprivileged system user.
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
            shutil.chown(self.workdir, "postgres")
            self._run_as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, quiet: bool = True) -> None:
        subprocess.run(
            [*self._run_as, *args],
            check=True,
            stdout=subprocess.DEVNULL if quiet else None,
            stderr=subprocess.STDOUT if quiet else None,
        )

    def start(self) -> ThrowawayPostgres:
        data = self.workdir / "data"
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "rasp",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = " ".join(
            [
                f"-k {self.workdir}",
                f"-p {self.port}",
                "-c listen_addresses=''",
                f"-c max_connections={self.max_connections}",
                f"-c shared_buffers={self.shared_buffers}",
                # Bulk loading and index builds of the national data set.
                "-c maintenance_work_mem=512MB",
                "-c max_wal_size=4GB",
                "-c checkpoint_timeout=30min",
                # No replication here: tables filled in the transaction that emptied them skip
                # the WAL, which halves the time to load the national data set.
                "-c wal_level=minimal",
                "-c max_wal_senders=0",
                "-c default_toast_compression=lz4",
            ]
        )
        try:
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(self.workdir / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            )
        except subprocess.CalledProcessError:
            print((self.workdir / "server.log").read_text(errors="replace"))
            raise
        return self

    def create_database(self, name: str) -> str:
        self._run(
            str(self.bindir / "createdb"),
            "-h",
            str(self.workdir),
            "-p",
            str(self.port),
            "-U",
            "rasp",
            name,
        )
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgres://rasp@/{name}?host={self.workdir}&port={self.port}"

    def conninfo(self, name: str) -> str:
        """For psycopg: a libpq connection string."""
        return f"host={self.workdir} port={self.port} user=rasp dbname={name}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.workdir / "data"), "-m", "fast", "stop"
            )
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
