"""The national-scale data set: 10,000 organisations, 100,000 assessments, 10 million answers.

Written straight into PostgreSQL with COPY (psycopg), in the shape the app itself writes:

* each organisation has 3 members (an admin and two contributors) and 10 readiness assessments,
  the oldest 6 closed (with their result snapshot, as closing stores it) and the newest 4 open;
* each assessment has 2 respondents: the admin answered all 79 readiness questions and a
  contributor the first 21, so every assessment holds exactly 100 answers;
* the answers come from a pool of 64 seeded answer patterns, each scored once by the real engine
  (``score_respondents``) so every snapshot is what closing would have stored: the results page
  recomputes the same figures and shows no "details differ" warning.

Foreign-key triggers are skipped during the load (``session_replication_role = replica``): the rows
are consistent by construction, and checking 10 million references one by one would triple the
time. Tables are ANALYZEd afterwards. Any column this file does not know (one added later) gets its
model default, so a new column with a default does not break the load.

Run inside the benchmark (``bench/run.py``), or on its own against an empty migrated database:
``DATABASE_URL=... python bench/national.py`` (prints JSON: timings and the organisation to measure).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ORGANISATIONS = 10_000
ASSESSMENTS_PER_ORGANISATION = 10
CLOSED_PER_ORGANISATION = 6
MEMBERS_PER_ORGANISATION = 3
SECOND_RESPONDENT_ANSWERS = 21
PATTERNS = 64
PASSWORD = "national-bench-password-1"
EMAIL = "n{org:05d}-{member}@national.bench.example"
ORG_NAME = "National Bench Council {org:05d}"
PLACEHOLDER = "\x01ORGANISATION\x01"
REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West"]  # fmt: skip


def _text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


class Table:
    """A model's columns in order, with defaults for the columns the caller does not give."""

    def __init__(self, model: Any, *, with_id: bool = True) -> None:
        self.name = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.columns = [f.column for f in self.fields]

    def split(self, given: dict[str, Any], varying: str) -> tuple[str, str]:
        """The row's text before and after the one ``varying`` column, which is filled per row."""
        before: list[str] = []
        after: list[str] = []
        target = before
        for field in self.fields:
            if field.column == varying:
                target = after
                continue
            target.append(_text(_value(field, given)))
        return (
            "\t".join(before) + ("\t" if before else ""),
            ("\t" if after else "") + "\t".join(after),
        )

    def copy_sql(self) -> str:
        return f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN"


def _value(field: Any, given: dict[str, Any]) -> Any:
    if field.column in given:
        return given[field.column]
    if field.has_default():
        return field.get_default()
    return None if field.null else ""


def _rows(model: Any, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    table = Table(model)
    for given in rows:
        yield "\t".join(_text(_value(field, given)) for field in table.fields) + "\n"


def _copy(cursor: Any, model: Any, lines: Iterable[str], columns: list[str] | None = None) -> int:
    table = Table(model)
    sql = (
        table.copy_sql()
        if columns is None
        else f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    )
    count = 0
    buffer: list[str] = []
    with cursor.copy(sql) as copy:
        for line in lines:
            buffer.append(line)
            count += 1
            if len(buffer) >= 20000:
                copy.write("".join(buffer).encode())
                buffer = []
        if buffer:
            copy.write("".join(buffer).encode())
    return count


def _next_id(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return int(cursor.fetchone()[0])


def _reset_sequence(cursor: Any, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
    )


def _patterns(framework: Any, questions: list[Any]) -> list[tuple[list[Any], list[Any], str]]:
    """PATTERNS answer sets: (first respondent's answers, second's, the scored result's JSON)."""
    from rasp.domain.framework.schema import Mode
    from rasp.domain.scoring.answers import Answer
    from rasp.domain.scoring.respondents import score_respondents

    evidence_for = {0: None, 1: "verbal", 2: "draft", 3: "approved", 4: "operating"}
    patterns = []
    for number in range(PATTERNS):
        rng = random.Random(f"national-{number}")
        base = rng.randint(1, 3)
        first = []
        for question in questions:
            roll = rng.random()
            if roll < 0.04 and not question.red_flag:
                first.append(("dont-know", None, ""))
                continue
            level = max(0, min(4, base + rng.choice([-1, 0, 0, 1])))
            first.append(("level", level, evidence_for[level] or ""))
        second = [
            ("level", lvl, ev) if kind == "level" else (kind, lvl, ev)
            for kind, lvl, ev in first[:SECOND_RESPONDENT_ANSWERS]
        ]

        def domain(rows: list[Any]) -> dict[str, Any]:
            from rasp.domain.framework.schema import Evidence

            out = {}
            for question, (kind, level, evidence) in zip(questions, rows, strict=False):
                if kind == "level":
                    out[question.code] = Answer.at(level, Evidence(evidence) if evidence else None)
                else:
                    out[question.code] = Answer.dont_know()
            return out

        result, _combined = score_respondents(
            framework, Mode.READINESS, [domain(first), domain(second)],
            organisation=PLACEHOLDER, agreed={},
        )  # fmt: skip
        patterns.append((first, second, json.dumps(result.to_json_dict())))
    return patterns


def generate() -> dict[str, Any]:  # noqa: C901, PLR0915 - one table after another, in order
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rasp.config.settings")
    django.setup()
    from django.apps import apps
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.urls import NoReverseMatch, reverse

    from rasp.accounts.models import User
    from rasp.assessments.models import Answer, Assessment, Respondent, ResultSnapshot
    from rasp.domain.framework.schema import Mode
    from rasp.frameworks.models import FrameworkQuestion
    from rasp.frameworks.selectors import framework_of, framework_version_latest_published
    from rasp.organisations.models import Membership, Organisation

    timings: dict[str, float] = {}
    started = time.perf_counter()
    version = framework_version_latest_published()
    assert version is not None, "load and publish the question bank first"
    framework = framework_of(version)
    questions = list(framework.questions_for_mode(Mode.READINESS))
    question_ids = dict(FrameworkQuestion.objects.filter(version=version).values_list("code", "id"))
    patterns = _patterns(framework, questions)
    timings["score_patterns_s"] = time.perf_counter() - started
    password = make_password(PASSWORD)
    kinds = [k for k, _label in Organisation.Kind.choices]
    base_time = dt.datetime(2023, 1, 1, 9, tzinfo=dt.UTC)

    from django.db import transaction

    connection.ensure_connection()
    counts: dict[str, int] = {}
    big = [Answer, Respondent, ResultSnapshot, Assessment]
    with transaction.atomic(), connection.connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        fresh = _empty(cursor, Organisation, Assessment, User)
        if fresh:
            # Emptied in this transaction: with wal_level=minimal (bench/pg.py) PostgreSQL then
            # writes these tables without WAL, and the indexes are built once at the end.
            tables = [m._meta.db_table for m in (*big, Membership, Organisation, User)]
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        dropped = _drop_secondary_indexes(cursor, [m._meta.db_table for m in big])
        org0 = _next_id(cursor, Organisation._meta.db_table)
        user0 = _next_id(cursor, User._meta.db_table)
        membership0 = _next_id(cursor, Membership._meta.db_table)
        assessment0 = _next_id(cursor, Assessment._meta.db_table)
        respondent0 = _next_id(cursor, Respondent._meta.db_table)
        snapshot0 = _next_id(cursor, ResultSnapshot._meta.db_table)

        def org_id(n: int) -> int:
            return org0 + n

        def user_id(n: int, member: int) -> int:
            return user0 + n * MEMBERS_PER_ORGANISATION + member

        def assessment_id(n: int, i: int) -> int:
            return assessment0 + n * ASSESSMENTS_PER_ORGANISATION + i

        def created(n: int, i: int) -> dt.datetime:
            return base_time + dt.timedelta(days=90 * i, minutes=n % 1440)

        step = time.perf_counter()
        counts["organisations"] = _copy(cursor, Organisation, _rows(Organisation, (
            {
                "id": org_id(n), "name": ORG_NAME.format(org=n + 1), "kind": kinds[n % len(kinds)],
                "official_code": f"N{n + 1:07d}", "nation": "england",
                "region": REGIONS[n % len(REGIONS)], "compare_with_similar": n % 10 < 7,
                "require_two_factor": False, "created_at": base_time,
            }
            for n in range(ORGANISATIONS)
        )))  # fmt: skip
        counts["users"] = _copy(cursor, User, _rows(User, (
            {
                "id": user_id(n, m), "password": password, "email": EMAIL.format(org=n + 1, member=m),
                "full_name": f"Bench Person {n + 1}-{m}", "is_active": True, "is_staff": False,
                "is_superuser": False, "date_joined": base_time, "last_login": None,
            }
            for n in range(ORGANISATIONS) for m in range(MEMBERS_PER_ORGANISATION)
        )))  # fmt: skip
        counts["memberships"] = _copy(cursor, Membership, _rows(Membership, (
            {
                "id": membership0 + n * MEMBERS_PER_ORGANISATION + m, "organisation_id": org_id(n),
                "user_id": user_id(n, m), "role": "admin" if m == 0 else "contributor",
                "created_at": base_time,
            }
            for n in range(ORGANISATIONS) for m in range(MEMBERS_PER_ORGANISATION)
        )))  # fmt: skip
        counts["assessments"] = _copy(cursor, Assessment, _rows(Assessment, (
            {
                "id": assessment_id(n, i), "organisation_id": org_id(n),
                "framework_version_id": version.pk, "mode": "readiness",
                "title": f"Readiness review {i + 1}", "services_in_scope": "Revenues and benefits; ICT",
                "due_date": None,
                "status": "closed" if i < CLOSED_PER_ORGANISATION else "open",
                "combined_view_open": False, "area_targets": {}, "created_by_id": user_id(n, 0),
                "created_at": created(n, i),
                "closed_at": created(n, i) + dt.timedelta(days=30) if i < CLOSED_PER_ORGANISATION else None,
            }
            for n in range(ORGANISATIONS) for i in range(ASSESSMENTS_PER_ORGANISATION)
        )))  # fmt: skip

        def respondent_id(n: int, i: int, r: int) -> int:
            return respondent0 + (n * ASSESSMENTS_PER_ORGANISATION + i) * 2 + r

        counts["respondents"] = _copy(cursor, Respondent, _rows(Respondent, (
            {
                "id": respondent_id(n, i, r), "assessment_id": assessment_id(n, i),
                "user_id": user_id(n, r), "role": "chief-executive" if r == 0 else "finance",
                "invited_by_id": user_id(n, 0), "invited_at": created(n, i) + dt.timedelta(seconds=r),
                "submitted_at": created(n, i) + dt.timedelta(days=20) if i < CLOSED_PER_ORGANISATION else None,
                "last_page": "",
            }
            for n in range(ORGANISATIONS) for i in range(ASSESSMENTS_PER_ORGANISATION) for r in (0, 1)
        )))  # fmt: skip
        timings["small_tables_s"] = time.perf_counter() - step

        step = time.perf_counter()
        answers = Table(Answer, with_id=False)
        # Per pattern and respondent position, each answer row's text with the respondent id
        # left as the one slot: the 10 million rows are then a join of short strings.
        pattern_rows: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]] = []
        for first, second, _json in patterns:
            both = []
            for rows in (first, second):
                pieces_list = []
                for question, (kind, level, evidence) in zip(questions, rows, strict=False):
                    pieces_list.append(answers.split(
                        {
                            "kind": kind, "level": level, "evidence": evidence, "reason": "",
                            "note": "", "link": "", "version": 1, "updated_at": base_time,
                            "question_id": question_ids[question.code],
                        },
                        "respondent_id",
                    ))  # fmt: skip
                both.append(pieces_list)
            pattern_rows.append((both[0], both[1]))

        def answer_lines() -> Iterator[str]:
            for n in range(ORGANISATIONS):
                for i in range(ASSESSMENTS_PER_ORGANISATION):
                    first, second = pattern_rows[(n * ASSESSMENTS_PER_ORGANISATION + i) % PATTERNS]
                    for r, rows in ((0, first), (1, second)):
                        rid = str(respondent_id(n, i, r))
                        yield "".join(f"{before}{rid}{after}\n" for before, after in rows)

        counts["answers"] = 0
        columns = answers.columns
        with cursor.copy(f"COPY {answers.name} ({', '.join(columns)}) FROM STDIN") as copy:
            buffer: list[str] = []
            for chunk in answer_lines():
                buffer.append(chunk)
                if len(buffer) >= 2000:
                    copy.write("".join(buffer).encode())
                    buffer = []
            if buffer:
                copy.write("".join(buffer).encode())
        cursor.execute(f"SELECT COUNT(*) FROM {answers.name}")
        counts["answers"] = int(cursor.fetchone()[0])
        timings["answers_s"] = time.perf_counter() - step

        step = time.perf_counter()
        counts["snapshots"] = _copy(cursor, ResultSnapshot, (
            "\t".join([
                str(snapshot0 + n * CLOSED_PER_ORGANISATION + i), version.checksum,
                _text(patterns[(n * ASSESSMENTS_PER_ORGANISATION + i) % PATTERNS][2].replace(
                    PLACEHOLDER, ORG_NAME.format(org=n + 1))),
                (created(n, i) + dt.timedelta(days=30)).isoformat(),
                str(assessment_id(n, i)), str(user_id(n, 0)), str(version.pk),
                "{}",  # targets: the mode's own, as the patterns were scored with
            ]) + "\n"
            for n in range(ORGANISATIONS) for i in range(CLOSED_PER_ORGANISATION)
        ), columns=["id", "framework_checksum", "result", "created_at", "assessment_id",
                    "closed_by_id", "framework_version_id", "targets"])  # fmt: skip
        timings["snapshots_s"] = time.perf_counter() - step

        step = time.perf_counter()
        comparison = _comparison_rows(cursor, apps)
        if comparison is not None:
            counts["comparison_rows"] = comparison
        timings["comparison_rows_s"] = time.perf_counter() - step

        step = time.perf_counter()
        for statement in dropped:
            cursor.execute(statement)
        timings["indexes_s"] = time.perf_counter() - step
        for model in (Organisation, User, Membership, Assessment, Respondent, ResultSnapshot):
            _reset_sequence(cursor, model._meta.db_table)
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze_s"] = time.perf_counter() - step
    timings["total_s"] = time.perf_counter() - started

    # The organisation the benchmark measures: one in the middle of the data set.
    n = ORGANISATIONS // 2
    organisation_id = org_id(n)
    closed = assessment_id(n, CLOSED_PER_ORGANISATION - 1)
    open_ = assessment_id(n, ASSESSMENTS_PER_ORGANISATION - 1)
    from rasp.assessments.journey import sections_for

    first_section = sections_for(framework, Mode.READINESS)[0]
    urls = {
        "assessment_list": reverse("assessments:list", kwargs={"organisation_id": organisation_id}),
        "results": reverse(
            "reports:results", kwargs={"organisation_id": organisation_id, "assessment_id": closed}
        ),
        "question_page": reverse(
            "assessments:answer",
            kwargs={
                "organisation_id": organisation_id,
                "assessment_id": open_,
                "section": first_section.id,
                "page": 1,
            },
        ),
    }
    try:
        urls["comparison"] = reverse(
            "reports:comparison", kwargs={"organisation_id": organisation_id}
        )
    except NoReverseMatch:
        urls["comparison"] = ""
    return {
        "counts": counts,
        "timings": {k: round(v, 2) for k, v in timings.items()},
        "email": EMAIL.format(org=n + 1, member=0),
        "password": PASSWORD,
        "organisation_id": organisation_id,
        "urls": urls,
    }


def _empty(cursor: Any, *models: Any) -> bool:
    for model in models:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {model._meta.db_table})")
        if cursor.fetchone()[0]:
            return False
    return True


def _drop_secondary_indexes(cursor: Any, tables: list[str]) -> list[str]:
    """Drop every index but the primary keys of ``tables``; returns the statements that rebuild
    them exactly (constraints as constraints). Building an index once over loaded rows is several
    times faster than updating it row by row."""
    rebuild: list[str] = []
    for table in tables:
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.contype IN ('u', 'x')
            WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
            """,
            [table],
        )
        for index_name, index_def, constraint_name, constraint_def in cursor.fetchall():
            if constraint_name:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint_name}"')
                rebuild.append(
                    f'ALTER TABLE {table} ADD CONSTRAINT "{constraint_name}" {constraint_def}'
                )
            else:
                cursor.execute(f'DROP INDEX "{index_name}"')
                rebuild.append(index_def)
    return rebuild


def _comparison_rows(cursor: Any, apps: Any) -> int | None:
    """The per-area comparison rows that closing writes, where the app has them (another
    change adds ``reports.ComparisonScore``); None when it does not exist here."""
    try:
        model = apps.get_model("reports", "ComparisonScore")
    except LookupError:
        return None
    expected = {
        "id", "assessment_id", "organisation_id", "organisation_kind", "opted_in", "mode", "area",
        "declared_score", "adjusted_score", "closed_at", "latest",
    }  # fmt: skip
    columns = {f.column for f in model._meta.concrete_fields}
    if columns != expected:
        print(
            f"national: reports.ComparisonScore has columns {sorted(columns)}, not the ones this "
            "generator knows: its rows were not generated; update bench/national.py.",
            file=sys.stderr,
        )
        return None
    table = model._meta.db_table
    cursor.execute(
        f"""
        INSERT INTO {table} (assessment_id, organisation_id, organisation_kind, opted_in, mode,
                             area, declared_score, adjusted_score, closed_at, latest)
        SELECT a.id, o.id, o.kind, o.compare_with_similar, a.mode, area->>'id',
               (area->>'declared_score')::float, (area->>'evidence_adjusted_score')::float,
               s.created_at,
               a.closed_at = MAX(a.closed_at) OVER (PARTITION BY a.organisation_id, a.mode)
        FROM assessments_resultsnapshot s
        JOIN assessments_assessment a ON a.id = s.assessment_id
        JOIN organisations_organisation o ON o.id = a.organisation_id
        CROSS JOIN LATERAL jsonb_array_elements(s.result->'areas') AS area
        WHERE a.status = 'closed' AND o.name LIKE 'National Bench Council %'
        """
    )
    return int(cursor.rowcount)


if __name__ == "__main__":
    print(json.dumps(generate(), indent=2))
