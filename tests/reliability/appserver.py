"""Start the real app under gunicorn against a given database, as production runs it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.reliability.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "RASP_", "PYTEST"))
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="tests.reliability.settings_production_like",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def run(env: dict[str, str], *command: str) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)


def prepare_database(env: dict[str, str]) -> None:
    """Migrate and load the question bank, as an installation's first run does."""
    run(env, str(BIN / "python"), "manage.py", "migrate", "--no-input")
    run(env, str(BIN / "python"), "manage.py", "createcachetable")
    run(env, str(BIN / "rasp"), "framework", "load", "frameworks/rasp-1.0.yaml", "--publish")


def get(url: str, timeout: float = 10) -> tuple[int, dict[str, str], str]:
    """Status, headers and body; an HTTP error status is an answer, not an exception."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # A file, not a pipe: a pipe nobody reads fills up and stalls the server.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"), "rasp.config.wsgi", "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(workers), "--timeout", "30", "--graceful-timeout", "5",
            ],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get(self.base + "/", timeout=2)  # any HTTP answer: it is serving
                return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        output = self.output()
        self.stop()
        raise RuntimeError("gunicorn did not start:\n" + output)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
