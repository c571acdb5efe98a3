"""Restarting PostgreSQL under load: while it is down every request gets our own 503 page (with
Retry-After, no traceback), never a 500 or a dropped connection; once it is back the app
recovers by itself, with persistent connections (CONN_HEALTH_CHECKS) as without."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from tests.reliability.appserver import Gunicorn, get, prepare_database, production_env
from tests.reliability.pgcluster import Cluster, postgres_bindir

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass"),
]

PAGE = "/framework/"  # public, and reads the question bank from the database


class Load:
    """A few clients requesting the page in a loop, counting the answers."""

    def __init__(self, base: str, clients: int = 4) -> None:
        self.base = base
        self.statuses: Counter[int | str] = Counter()
        self.last: dict[int, tuple[dict[str, str], str]] = {}
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self._loop) for _ in range(clients)]
        for thread in self.threads:
            thread.start()

    def _loop(self) -> None:
        while self.running:
            try:
                status, headers, body = get(self.base + PAGE)
            except OSError as error:  # a dropped or refused connection
                with self.lock:
                    self.statuses[type(error).__name__] += 1
                continue
            with self.lock:
                self.statuses[status] += 1
                self.last[status] = (headers, body)

    def count(self, status: int) -> int:
        with self.lock:
            return self.statuses[status]

    def wait_for(self, status: int, at_least: int, timeout: float) -> float:
        """Seconds until ``at_least`` more answers with ``status`` arrived."""
        start, target = time.monotonic(), self.count(status) + at_least
        while self.count(status) < target:
            assert time.monotonic() - start < timeout, (status, dict(self.statuses))
            time.sleep(0.05)
        return time.monotonic() - start

    def stop(self) -> None:
        self.running = False
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.mark.parametrize("conn_max_age", ["0", "60"])
def test_restarting_postgresql_under_load(conn_max_age: str, record_property) -> None:
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries")
    cluster = Cluster(bindir)
    server = load = None
    try:
        cluster.start()
        cluster.createdb("rasp")
        env = production_env(cluster.url("rasp"), RASP_DB_CONN_MAX_AGE=conn_max_age)
        prepare_database(env)
        server = Gunicorn(env)
        load = Load(server.base)
        load.wait_for(200, 20, timeout=60)

        cluster.stop("fast")
        load.wait_for(503, 20, timeout=60)
        headers, body = load.last[503]
        assert headers["Retry-After"] == "30"
        assert "Sorry, the service is unavailable" in body
        assert "Traceback" not in body and "OperationalError" not in body
        assert get(server.base + "/healthz")[0] == 503

        started = time.monotonic()
        cluster.start()
        recovered = load.wait_for(200, 20, timeout=60)
        record_property("recovery_seconds", round(time.monotonic() - started, 2))
        load.stop()
        # Nothing but pages and our 503: no 500, no dropped connection, no worker lost.
        assert set(load.statuses) == {200, 503}, dict(load.statuses)
        assert server.process.poll() is None
        assert get(server.base + "/healthz")[0] == 200
        print(f"\nCONN_MAX_AGE={conn_max_age}: {dict(load.statuses)}, back in {recovered:.2f}s")
    finally:
        if load is not None:
            load.stop()
        if server is not None:
            server.stop()
        cluster.destroy()
