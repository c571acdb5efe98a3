"""The delivery endpoints of API v1: read with any token, write with a read-write token, scoped
like the pages (404 outside), money as text in and exact pence out, stale edits 409."""

from __future__ import annotations

import pytest

from rasp.delivery.models import Benefit, Task
from tests.api.conftest import api_as, assert_error
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _task_body(**fields):
    return {
        "title": "Novate the licence",
        "workstream": "contracts",
        "owner": "Procurement",
        "starts_on": "2026-04-01",
        "due_on": "2026-06-30",
        "status": "in-progress",
        "depends_on": [],
        **fields,
    }


def test_reading_and_writing_the_plan(started):
    admin = started.admins[0]
    api = api_as(admin.user)
    base = f"/api/v1/partnerships/{started.partnership.pk}/transition-plan"
    plan = api.get(base).json()
    assert plan["starts_on"] == "2026-04-01" and plan["tasks"] == []
    assert [w["id"] for w in plan["workstreams"]] == [
        "people",
        "contracts",
        "systems",
        "equipment",
        "resources",
    ]
    created = api.post(base + "/tasks", _task_body())
    assert created.status_code == 201, created.content
    first = created.json()
    second = api.post(base + "/tasks", _task_body(title="Migrate", depends_on=[first["id"]]))
    assert second.json()["depends_on"] == [first["id"]]
    plan = api.get(base).json()
    assert plan["critical_path"] == [first["id"], second.json()["id"]]
    # A cycle is refused, naming the field; a date before the start too.
    loop = api.put(
        base + f"/tasks/{first['id']}",
        _task_body(depends_on=[second.json()["id"]], version=first["version"]),
    )
    error = assert_error(loop, 400)
    assert error["details"][0]["field"] == "depends_on" and "loop" in error["details"][0]["message"]
    early = api.post(base + "/tasks", _task_body(starts_on="2025-01-01"))
    assert assert_error(early, 400)["details"][0]["field"] == "starts_on"
    stale = api.put(base + f"/tasks/{first['id']}", _task_body(version=0))
    assert_error(stale, 409, "stale")
    ok = api.put(
        base + f"/tasks/{first['id']}", _task_body(status="done", version=first["version"])
    )
    assert ok.json()["status"] == "done"


def test_reading_and_writing_the_register(started):
    api = api_as(started.admins[0].user)
    base = f"/api/v1/partnerships/{started.partnership.pk}/benefits"
    body = {
        "title": "Savings",
        "kind": "financial",
        "measure": "Annual saving",
        "baseline": "0",
        "target": "£1.2m",
        "starts_on": "2026-04-01",
        "target_on": "2027-04-01",
        "owner": "Finance",
        "organisation_ids": [started.admins[1].organisation_id],
    }
    created = api.post(base, body)
    assert created.status_code == 201, created.content
    benefit = created.json()
    assert benefit["target"] == {"value": "120000000", "text": "£1,200,000"}
    bad = assert_error(api.post(base, {**body, "target": "abc"}), 400)
    assert bad["details"] == [
        {"field": "target", "message": "Enter an amount in pounds, like £1,200,000 or 1.2m"}
    ]
    outside = assert_error(api.post(base, {**body, "organisation_ids": [999999]}), 400)
    assert outside["details"][0]["field"] == "organisation_ids"
    actual = api.put(
        base + f"/{benefit['id']}/actuals", {"period_end": "2026-09-30", "value": "£50,000.25"}
    )
    assert actual.status_code == 200, actual.content
    row = actual.json()
    assert row["actuals"][0]["actual"] == {"value": "5000025", "text": "£50,000.25"}
    assert row["standing"] == "behind"
    listed = api.get(base).json()
    assert [b["id"] for b in listed] == [benefit["id"]]
    stale = api.put(base + f"/{benefit['id']}", {**body, "version": 0})
    assert_error(stale, 409, "stale")


def test_read_only_tokens_viewers_and_outsiders(started):
    pid = started.partnership.pk
    base = f"/api/v1/partnerships/{pid}"
    reader = api_as(started.admins[0].user, scope="read")
    assert reader.get(base + "/transition-plan").status_code == 200
    assert_error(reader.post(base + "/transition-plan/tasks", _task_body()), 403)
    viewer = MembershipFactory(organisation=started.admins[1].organisation, role="viewer")
    assert_error(api_as(viewer.user).post(base + "/transition-plan/tasks", _task_body()), 403)
    outsider = MembershipFactory(role="admin")
    assert_error(api_as(outsider.user).get(base + "/transition-plan"), 404)
    assert_error(api_as(outsider.user).get(base + "/benefits"), 404)
    # A token limited to an organisation outside the partnership cannot reach it either.
    elsewhere = MembershipFactory(user=started.admins[0].user, role="admin")
    limited = api_as(started.admins[0].user, organisation_ids=[elsewhere.organisation_id])
    assert_error(limited.get(base + "/transition-plan"), 404)
    assert_error(
        limited.get(f"/api/v1/organisations/{started.admins[0].organisation_id}/benefits"), 404
    )
    assert Task.objects.count() == 0 and Benefit.objects.count() == 0


def test_an_organisation_without_a_programme_is_404(published):
    admin = MembershipFactory(role="admin")
    api = api_as(admin.user)
    assert_error(api.get(f"/api/v1/organisations/{admin.organisation_id}/transition-plan"), 404)
    assert_error(api.get(f"/api/v1/teams/{admin.organisation_id}/transition-plan"), 400)


def test_reading_costs_the_same_queries_for_many_rows(started, django_assert_max_num_queries):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rasp.delivery.models import BenefitActual, Programme

    api = api_as(started.admins[0].user, scope="read")
    base = f"/api/v1/partnerships/{started.partnership.pk}"
    programme = Programme.objects.get()

    def add(n):
        for i in range(n):
            task = Task.objects.create(
                programme=programme,
                workstream="systems",
                title=f"T{i}",
                starts_on=dt.date(2026, 4, 1),
                due_on=dt.date(2026, 5, 1),
            )
            task.depends_on.set(Task.objects.filter(programme=programme).exclude(pk=task.pk)[:2])
            benefit = Benefit.objects.create(
                programme=programme,
                title=f"B{i}",
                kind="non-financial",
                unit="days",
                measure="m",
                baseline_value=10,
                target_value=5,
                starts_on=dt.date(2026, 4, 1),
                target_on=dt.date(2027, 4, 1),
                owner="o",
            )
            BenefitActual.objects.create(benefit=benefit, period_end=dt.date(2026, 6, 1), value=9)

    add(2)
    api.get(base + "/transition-plan")  # the token's rate-limit counter exists from here on
    with CaptureQueriesContext(connection) as few_plan:
        assert api.get(base + "/transition-plan").status_code == 200
    with CaptureQueriesContext(connection) as few_benefits:
        assert api.get(base + "/benefits").status_code == 200
    add(25)
    with django_assert_max_num_queries(len(few_plan)):
        assert len(api.get(base + "/transition-plan").json()["tasks"]) == 27
    with django_assert_max_num_queries(len(few_benefits)):
        assert len(api.get(base + "/benefits").json()) == 27
