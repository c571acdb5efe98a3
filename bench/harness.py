"""What the benchmark and the soak share: the environment RASP runs with, gunicorn servers and
their workers' memory, the load driver in its own process, and the statistics."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = sys.executable
# Long enough for a PDF on a busy machine: a killed worker would count as an error, not a time.
GUNICORN_TIMEOUT = 300


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def rasp_env(database_url: str, secret_key: str | None = None) -> dict[str, str]:
    """Production settings (DJANGO_DEBUG unset) for plain HTTP on loopback.

    Only the documented switches for HTTPS are relaxed (docs/configuration.md): no redirect to
    HTTPS, cookies not limited to HTTPS, no HSTS. Everything else is as in production.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RASP_"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": secret_key or secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "RASP_DB_CONN_MAX_AGE": "60",
            "RASP_BENCH_FLOOR": "1",
            "RASP_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "rasp.config.settings",
        }
    )
    return env


def run(cmd: list[str], env: dict[str, str], *, cwd: Path = ROOT, stdin: str | None = None) -> str:
    done = subprocess.run(
        cmd, env=env, cwd=cwd, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return done.stdout


def prepare_rasp_database(env: dict[str, str]) -> None:
    manage = [PYTHON, str(ROOT / "manage.py")]
    run([*manage, "migrate", "--no-input", "-v0"], env)
    run([*manage, "createcachetable"], env)
    rasp = str(Path(PYTHON).parent / "rasp")
    run([rasp, "framework", "load", "frameworks/rasp-1.0.yaml", "--publish"], env)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """One gunicorn master (one app "process" in the scale-out sense) and its workers."""

    def __init__(
        self,
        name: str,
        app: str,
        env: dict[str, str],
        *,
        workers: int,
        cwd: Path = ROOT,
        gunicorn: str | None = None,
        ready_path: str = "/healthz",
    ) -> None:
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.ready_path = ready_path
        # Kept open for the server's lifetime: gunicorn writes its log there.
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix=f"bench-{name}-", suffix=".log", delete=False
        )
        command = [
            gunicorn or str(Path(PYTHON).parent / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            str(GUNICORN_TIMEOUT),
        ]
        self.process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.peak_kib: dict[int, int] = {}

    def wait_ready(self, timeout: float = 60) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited: see {self.log.name}")
            try:
                answered = httpx.get(self.base + self.ready_path, timeout=5).status_code < 500
                if answered and len(self.worker_pids()) >= self.workers:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"{self.name} did not start: see {self.log.name}")

    def worker_pids(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def memory(self) -> dict[str, Any]:
        """Each worker's resident memory now and at its peak (kernel's VmRSS and VmHWM), MiB."""
        workers = []
        for pid in self.worker_pids():
            status = _proc_status(pid)
            if not status:
                continue
            self.peak_kib[pid] = max(self.peak_kib.get(pid, 0), status.get("VmHWM", 0))
            workers.append(
                {
                    "pid": pid,
                    "rss_mib": round(status.get("VmRSS", 0) / 1024, 1),
                    "peak_rss_mib": round(self.peak_kib[pid] / 1024, 1),
                }
            )
        return {"server": self.name, "workers": workers}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _proc_status(pid: int) -> dict[str, int]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    out = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def drive(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the load driver in its own process on ``spec``; returns its JSON."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        out = run([PYTHON, str(BENCH / "driver.py"), handle.name], dict(os.environ))
    finally:
        os.unlink(handle.name)
    return json.loads(out)


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return round(ordered[rank - 1], 1)


def summary(latencies: list[float], errors: int, elapsed: float) -> dict[str, Any]:
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "throughput_rps": round(len(latencies) / elapsed, 2) if elapsed else None,
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
