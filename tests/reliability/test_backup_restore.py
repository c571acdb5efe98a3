"""``rasp backup`` and ``rasp restore`` round-trip a whole instance: the demo data plus closed
assessments (reopened and closed again, with their own targets), backed up from the test
database and restored into an empty one; every row of every table, answers, result snapshots
and audit rows included, is compared before and after. On SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from rasp.assessments.models import AgreedAnswer, Answer, ResultSnapshot
from rasp.assessments.services import (
    AnswerInput,
    agreed_answer_record,
    assessment_close,
    assessment_reopen,
    assessment_targets_set,
)
from rasp.audit.models import AuditEvent
from rasp.cli.backup_cmd import Database, configured_database, restore_database
from rasp.cli.errors import UserError
from rasp.cli.main import main
from rasp.demo.services import demo_data_ensure
from tests.reports.builders import build_assessment

pytestmark = pytest.mark.django_db(transaction=True)

# The tables the issue names; every other table is compared too.
KEY_TABLES = (
    Answer._meta.db_table,
    AgreedAnswer._meta.db_table,
    ResultSnapshot._meta.db_table,
    AuditEvent._meta.db_table,
)


def _instance(settings: Any) -> None:
    settings.RASP_DEMO = True
    demo_data_ensure()
    assessment, admin = build_assessment(respondents=3, level=2)
    agreed_answer_record(
        membership=admin,
        assessment=assessment,
        code="SV-01",
        given=AnswerInput(kind="level", level=3, evidence="approved", note="Agreed at CMT"),
        based_on_version=0,
    )
    assessment_close(membership=admin, assessment=assessment)
    assessment_reopen(membership=admin, assessment=assessment)
    assessment_targets_set(
        membership=admin, assessment=assessment, targets={"governance": 4, "risk": 1}
    )
    assessment_close(membership=admin, assessment=assessment)


def _rows(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key (or full-row) order, read with the database's
    own driver so both sides are read alike."""
    tables = sorted(connection.introspection.table_names(include_views=False))
    found: dict[str, list[tuple[Any, ...]]] = {}
    if database.vendor == "sqlite":
        reader = sqlite3.connect(f"file:{database.params['path']}?mode=ro", uri=True)
        try:
            for table in tables:
                found[table] = reader.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
        finally:
            reader.close()
        return found
    import psycopg

    with psycopg.connect(**database.params) as reader:
        for table in tables:
            rows = reader.execute(f'SELECT * FROM "{table}"').fetchall()
            found[table] = sorted(rows, key=repr)
    return found


@pytest.fixture
def empty_database() -> Iterator[Database]:
    """A new, empty database of the same kind as the test database."""
    source = configured_database()
    if source.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="rasp-restore-"))
        yield Database("sqlite", {"path": str(folder / "restored.sqlite3")})
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        return
    import psycopg

    name = f"rasp_restore_{int(time.time() * 1000)}"
    admin = {**source.params, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Database("postgresql", {**source.params, "dbname": name})
    finally:
        with psycopg.connect(**admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_whole_instance_round_trips(settings, tmp_path, empty_database, capsys, record_property):
    _instance(settings)
    source = configured_database()
    before = _rows(source)
    for table in KEY_TABLES:
        assert before[table], f"{table} is empty: the round trip would prove nothing"
    assert ResultSnapshot.objects.count() >= 5  # 3 demo readiness, 2 health-checks, ours twice

    started = time.monotonic()
    backup = tmp_path / "rasp.backup"
    assert main(["backup", str(backup)]) == 0
    assert "Backed up the" in capsys.readouterr().out
    backed_up = time.monotonic() - started

    # Restoring over the live, non-empty database is refused, and changes nothing.
    assert main(["restore", str(backup)]) == 1
    assert "already holds data" in capsys.readouterr().err
    # A second backup to the same name is refused too.
    assert main(["backup", str(backup)]) == 1
    assert "already exists" in capsys.readouterr().err

    started = time.monotonic()
    assert restore_database(empty_database, backup, force=False) == 0
    restored = time.monotonic() - started
    after = _rows(empty_database)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table

    # --force replaces a database that holds data (here: the restored copy, after a change).
    AuditEvent.objects.create(action="sign-in", actor_email="later@example.org")
    later = tmp_path / "later.backup"
    assert main(["backup", str(later)]) == 0
    with pytest.raises(UserError, match="already holds data"):
        restore_database(empty_database, later, force=False)
    assert _rows(empty_database)[AuditEvent._meta.db_table] == before[AuditEvent._meta.db_table]
    restore_database(empty_database, later, force=True)
    assert _rows(empty_database) == _rows(source)

    rows = sum(len(rows) for rows in before.values())
    key = {table: len(before[table]) for table in KEY_TABLES}
    record_property("rows_compared", rows)
    print(
        f"\n{source.vendor}: {len(before)} tables, {rows} rows compared ({key}); "
        f"backup {backed_up:.2f}s ({backup.stat().st_size:,} bytes), restore {restored:.2f}s"
    )


def test_restore_refuses_what_is_not_a_backup_of_this_kind(tmp_path, empty_database, capsys):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    with pytest.raises(UserError, match="is not a backup made by rasp backup"):
        restore_database(empty_database, junk, force=True)
    with pytest.raises(UserError, match="no such file"):
        restore_database(empty_database, tmp_path / "missing.backup", force=True)
    other = tmp_path / "other.backup"
    if empty_database.vendor == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(64))
        message = "is a PostgreSQL backup, but this installation's database is SQLite"
    else:
        made = sqlite3.connect(other)
        made.execute("CREATE TABLE t (x)")
        made.commit()
        made.close()
        message = "is a SQLite backup, but this installation's database is PostgreSQL"
    with pytest.raises(UserError, match=message):
        restore_database(empty_database, other, force=True)
    # Through the command line: one line on stderr, exit code 1, nothing else.
    assert main(["restore", str(junk)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("rasp: error: ") and err.count("\n") == 1 and "Traceback" not in err
