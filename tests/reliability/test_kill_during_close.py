"""Killing a worker (SIGKILL) in the middle of closing an assessment leaves the old state or the
new one, never a half: the snapshot, the status, the actions and the audit row go together.

The worker is a separate process closing the assessment through the real service on the test
database. The test pauses it inside its transaction by holding a lock the close needs next (the
assessment's row, then the action table, then the audit table: before anything is written, after
the snapshot, after the status), checks it is waiting there, kills it, and reads the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from rasp.assessments.models import Action, Assessment, ResultSnapshot
from rasp.audit.models import AuditEvent
from tests.reports.builders import build_assessment, load_question_bank

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass"),
]
ROOT = Path(__file__).resolve().parents[2]


def _params() -> dict:
    """How the test's own connection reaches the test database (psycopg's keywords)."""
    params = connection.get_connection_params()
    return {k: params[k] for k in ("dbname", "user", "password", "host", "port") if params.get(k)}


def _database_url() -> str:
    p = _params()
    password = f":{p['password']}" if p.get("password") else ""
    return (
        f"postgres://{p.get('user', '')}{password}@/{p['dbname']}"
        f"?host={p.get('host', 'localhost')}&port={p.get('port', 5432)}"
    )


def _connect() -> psycopg.Connection:
    return psycopg.connect(**_params())


def _worker(assessment: Assessment, admin) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": _database_url(), "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.close_worker", str(assessment.pk), str(admin.pk)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _blocked_backend(own_pid: int, timeout: float = 60) -> tuple[int, bool, str]:
    """The worker's backend once it waits for a lock: its pid, whether its transaction has
    written anything (has a transaction id), and the statement it waits on."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT pid, backend_xid IS NOT NULL, query FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND pid NOT IN (pg_backend_pid(), %s)",
                [own_pid],
            )
            row = cursor.fetchone()
            if row:
                return row[0], row[1], row[2]
            time.sleep(0.05)
    raise AssertionError("the worker never waited for the lock")


def _wait_gone(pid: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} is still there")


def _state(assessment: Assessment) -> tuple[str, bool, int, int, int]:
    assessment.refresh_from_db()
    return (
        assessment.status,
        assessment.closed_at is not None,
        ResultSnapshot.objects.filter(assessment=assessment).count(),
        Action.objects.filter(assessment=assessment).count(),
        AuditEvent.objects.filter(
            action="assessment-closed", target=f"assessment {assessment.pk}"
        ).count(),
    )


LOCKS = {
    # Paused before it writes anything: the close starts by locking the assessment's row.
    "before-anything": ("SELECT 1 FROM assessments_assessment WHERE id = %s FOR UPDATE", False),
    # Paused after the snapshot is written, before its actions.
    "after-the-snapshot": ("LOCK TABLE assessments_action IN EXCLUSIVE MODE", True),
    # Paused after the snapshot, the actions and the status, before the audit row.
    "before-the-audit-row": ("LOCK TABLE audit_auditevent IN EXCLUSIVE MODE", True),
}


@pytest.mark.parametrize("point", list(LOCKS))
def test_killing_the_worker_mid_close_leaves_the_old_state(point: str, record_property) -> None:
    load_question_bank()
    assessment, admin = build_assessment(respondents=3, level=2)
    old = _state(assessment)
    assert old == ("open", False, 0, 0, 0)
    statement, writes_before = LOCKS[point]
    started = time.monotonic()
    with _connect() as holder:
        own_pid = holder.info.backend_pid
        holder.execute(statement, [assessment.pk] if "%s" in statement else [])
        worker = _worker(assessment, admin)
        try:
            pid, has_written, query = _blocked_backend(own_pid)
            assert has_written is writes_before, (point, query)
            os.kill(worker.pid, signal.SIGKILL)
            assert worker.wait(timeout=30) == -signal.SIGKILL
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            for stream in (worker.stdout, worker.stderr):
                if stream:
                    stream.close()
        holder.rollback()  # let the dead worker's backend run on: it must roll back
    _wait_gone(pid)
    assert _state(assessment) == old, point

    # The same close, left to finish, gives the whole new state.
    finished = _worker(assessment, admin)
    out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err.decode()
    status, closed_at, snapshots, actions, audits = _state(assessment)
    assert (status, closed_at, snapshots, audits) == ("closed", True, 1, 1)
    snapshot = ResultSnapshot.objects.get(assessment=assessment)
    assert actions == len(snapshot.result["gaps"]) > 0
    event = AuditEvent.objects.get(action="assessment-closed")
    assert event.detail["snapshot"] == snapshot.pk
    assert out.decode().strip().endswith(f"closed {snapshot.pk}")
    record_property("seconds", round(time.monotonic() - started, 2))
