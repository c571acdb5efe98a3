"""Migrations apply forward from the previous release's schema with its data.

"Release 0.1" is the schema at commit 0a69c7e (the last commit before this week's changes): the
migrations that existed then are listed below by hand, never computed, so later migrations are
always tested against data written by the old schema. The test migrates the database back to
those states, writes an instance's worth of data with the models *of those states* (the
migration executor's historical models), migrates forward to the latest, and checks that every
value is intact, the new fields have their defaults, and today's code reads the old data.

(Applying every migration from empty is what creating the test database does, every run.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rasp.domain.framework.schema import Mode
from rasp.domain.scoring.answers import Answer as DomainAnswer
from rasp.domain.scoring.respondents import score_respondents
from rasp.frameworks.selectors import framework_of
from rasp.frameworks.services import _fill, _question_fields

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

# `git ls-tree -r --name-only 0a69c7e | grep migrations/0`: our apps' latest migrations then.
RELEASE_0_1 = [
    ("accounts", "0001_initial"),
    ("api", "0001_initial"),
    ("assessments", "0002_pending_respondents"),
    ("audit", "0003_more_actions"),
    ("frameworks", "0001_initial"),
    ("organisations", "0001_initial"),
    ("partnerships", "0001_initial"),
]
# Our apps that release 0.1 did not have: not there at all in its schema.
NEW_SINCE_0_1 = ("delivery", "reports")
OURS = {app for app, _name in RELEASE_0_1} | set(NEW_SINCE_0_1)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; returns the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def release_0_1() -> Iterator[list[tuple[str, str]]]:
    """The database at release 0.1's schema (the other apps' as they are); migrated forward to
    the latest afterwards whatever happens, so the next tests find today's schema."""
    others = [node for node in _latest() if node[0] not in OURS]
    try:
        yield RELEASE_0_1 + [(app, None) for app in NEW_SINCE_0_1] + others
    finally:
        _migrate(_latest())


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            column.name for column in connection.introspection.get_table_description(cursor, table)
        }


def _load(apps: Any) -> dict[str, list[dict[str, Any]]]:
    """An organisation's closed assessment and its surroundings, written with the old models;
    returns every row written, as field values, by model label."""
    from rasp.domain.framework.loader import parse_framework_text

    model = apps.get_model
    source = (ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8")
    framework = parse_framework_text(source, filename="rasp-1.0.yaml")
    users = [
        model("accounts", "User").objects.create(
            email=f"person{n}@council.example.org", full_name=f"Person {n}", password="!"
        )
        for n in range(3)
    ]
    organisation = model("organisations", "Organisation").objects.create(
        name="Old Release Council", kind="district", nation="england", region="North West"
    )
    for user, role in zip(users, ("admin", "contributor", "viewer"), strict=True):
        model("organisations", "Membership").objects.create(
            organisation=organisation, user=user, role=role
        )
    version = model("frameworks", "FrameworkVersion")(
        status="published", published_at=dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    )
    from rasp.frameworks.services import framework_checksum

    _fill(version, framework=framework, source_text=source, checksum=framework_checksum(source))
    version.save()
    questions = {
        code: model("frameworks", "FrameworkQuestion").objects.create(
            version=version, code=code, **fields
        )
        for code, fields in _question_fields(framework).items()
    }
    assessment = model("assessments", "Assessment").objects.create(
        organisation=organisation,
        framework_version=version,
        mode="readiness",
        title="Readiness, answered under release 0.1",
        status="closed",
        created_by=users[0],
    )
    asked = [q.code for q in framework.questions_for_mode(Mode.READINESS)]
    given: list[dict[str, DomainAnswer]] = []
    for number, user in enumerate(users[:2]):
        respondent = model("assessments", "Respondent").objects.create(
            assessment=assessment, user=user, role="chief-executive" if number else "finance"
        )
        own = {}
        for index, code in enumerate(asked):
            level = (index + number * 2) % 5
            evidence = {0: "", 1: "", 2: "draft", 3: "approved", 4: "operating"}[level]
            model("assessments", "Answer").objects.create(
                respondent=respondent,
                question=questions[code],
                kind="level",
                level=level,
                evidence=evidence,
                note=f"Note {index}",
            )
            own[code] = DomainAnswer.at(level, evidence or None)  # type: ignore[arg-type]
        given.append(own)
    model("assessments", "AgreedAnswer").objects.create(
        assessment=assessment,
        question=questions[asked[0]],
        kind="level",
        level=2,
        evidence="draft",
        note="Agreed at the old workshop",
        agreed_by=users[0],
    )
    agreed = {asked[0]: DomainAnswer.at(2, "draft")}  # type: ignore[arg-type]
    result, _combined = score_respondents(
        framework, Mode.READINESS, given, organisation=organisation.name, agreed=agreed
    )
    model("assessments", "ResultSnapshot").objects.create(
        assessment=assessment,
        framework_version=version,
        framework_checksum=version.checksum,
        result=result.to_json_dict(),
        closed_by=users[0],
    )
    for gap in result.gaps[:5]:
        model("assessments", "Action").objects.create(
            assessment=assessment,
            question_code=gap.code,
            title=gap.advice[:300],
            stage=gap.stage.value,
            priority=gap.priority,
            owner="Head of ICT",
        )
    model("audit", "AuditEvent").objects.create(
        action="assessment-closed",
        actor=users[0],
        actor_email=users[0].email,
        organisation_id=organisation.pk,
        target=f"assessment {assessment.pk}",
        detail={"verdict": result.verdict.value},
    )
    partnership = model("organisations", "Partnership").objects.create(
        name="Old Release Partnership", status="planned", lead_organisation=organisation
    )
    model("organisations", "PartnershipMember").objects.create(
        partnership=partnership, organisation=organisation
    )
    labels = [
        ("accounts", "User"),
        ("organisations", "Organisation"),
        ("organisations", "Membership"),
        ("organisations", "Partnership"),
        ("organisations", "PartnershipMember"),
        ("frameworks", "FrameworkVersion"),
        ("frameworks", "FrameworkQuestion"),
        ("assessments", "Assessment"),
        ("assessments", "Respondent"),
        ("assessments", "Answer"),
        ("assessments", "AgreedAnswer"),
        ("assessments", "ResultSnapshot"),
        ("assessments", "Action"),
        ("audit", "AuditEvent"),
    ]
    return {
        f"{app}.{name}": list(model(app, name).objects.order_by("pk").values())
        for app, name in labels
    }


def test_migrating_forward_from_release_0_1_keeps_the_data(release_0_1, client) -> None:
    from django.apps import apps as current

    old_apps = _migrate(release_0_1)
    # Really the old schema: columns added since are absent.
    assert "targets" not in _columns("assessments_resultsnapshot")
    assert "require_two_factor" not in _columns("organisations_organisation")
    written = _load(old_apps)

    _migrate(_latest())
    assert "targets" in _columns("assessments_resultsnapshot")
    compared = 0
    for label, rows in written.items():
        now = list(current.get_model(label).objects.order_by("pk").values(*rows[0].keys()))
        assert now == rows, label
        compared += sum(len(row) for row in rows)
    assert compared > 1000

    from rasp.assessments.models import Assessment, ResultSnapshot
    from rasp.organisations.models import Organisation

    organisation = Organisation.objects.get(name="Old Release Council")
    assert (organisation.compare_with_similar, organisation.require_two_factor) == (False, False)
    snapshot = ResultSnapshot.objects.get()
    assert snapshot.targets == {}
    # Today's code reads the old data: scoring the stored answers again gives the stored result,
    # and the results page shows it.
    from rasp.assessments.selectors import assessment_result

    assessment = Assessment.objects.get()
    live, _combined = assessment_result(assessment=assessment)
    assert live.to_json_dict() == snapshot.result
    assert framework_of(assessment.framework_version).version == "1.0"
    admin = organisation.memberships.get(role="admin").user
    client.force_login(admin)
    page = client.get(
        f"/organisations/{organisation.pk}/assessments/{assessment.pk}/results/"
    ).content.decode()
    assert "Readiness, answered under release 0.1" in page
    assert "The results differ" not in page
    print(f"\nrelease 0.1 -> latest: {len(written)} models, {compared} values compared")
