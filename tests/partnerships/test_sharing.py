"""Consent to share: only an admin shares, only closed assessments of its own organisation, and
withdrawing removes the assessment from every partnership page at once. Both are audited."""

from __future__ import annotations

from typing import Any

import pytest

from rasp.assessments.services import assessment_reopen
from rasp.audit.models import AuditEvent
from rasp.partnerships.models import AssessmentShare
from tests.partnerships.builders import World, build_world
from tests.reports.builders import build_assessment


def _compared(name: str, html: str) -> bool:
    """Whether the page shows the organisation as a partner (a row or column of its tables)."""
    return f">{name}</th>" in html


def _pages(client: Any, world: World) -> dict[str, str]:
    return {
        path: client.get(path).content.decode()
        for path in (world.path(), world.path("results/"), world.path("workshop/"))
    }


@pytest.mark.django_db
def test_nothing_is_visible_until_shared(client: Any, published: Any) -> None:
    world = build_world(shared=False)
    client.force_login(world.admins[0].user)
    pages = _pages(client, world)
    for admin, assessment in zip(world.admins[1:], world.assessments[1:], strict=True):
        for path, html in pages.items():
            assert assessment.title + " (" not in html, path
        assert not _compared(admin.organisation.name, pages[world.path("results/")])
    assert "No member has shared a closed assessment yet" in pages[world.path("results/")]


@pytest.mark.django_db
def test_sharing_and_withdrawing_through_the_page(client: Any, published: Any) -> None:
    world = build_world(levels=(3, 2), shared=False)
    second = world.admins[1]
    client.force_login(second.user)
    share_page = world.org_path(1, "share/")
    response = client.post(share_page, {"assessment": world.assessments[1].pk, "do": "share"})
    assert response.status_code == 302
    assert AssessmentShare.objects.filter(withdrawn_at__isnull=True).count() == 1
    event = AuditEvent.objects.get(action="assessment-shared")
    assert event.actor == second.user and event.organisation_id == second.organisation_id

    client.force_login(world.admins[0].user)
    results = client.get(world.path("results/")).content.decode()
    assert _compared(second.organisation.name, results)
    assert "Shared revenues (readiness" in client.get(world.path()).content.decode()

    client.force_login(second.user)
    client.post(share_page, {"assessment": world.assessments[1].pk, "do": "withdraw"})
    share_row = AssessmentShare.objects.get()
    assert share_row.withdrawn_at is not None  # the record of consent stays
    assert AuditEvent.objects.filter(action="assessment-share-withdrawn").count() == 1

    client.force_login(world.admins[0].user)
    for path, html in _pages(client, world).items():
        assert "Shared revenues (readiness" not in html, path
        if path.endswith("results/") or path.endswith("workshop/"):
            assert not _compared(second.organisation.name, html), path


@pytest.mark.django_db
def test_withdrawal_removes_a_partner_from_every_view_at_once(client: Any, world: World) -> None:
    client.force_login(world.admins[0].user)
    before = _pages(client, world)
    leaving = world.admins[1].organisation.name
    assert _compared(leaving, before[world.path("results/")])
    assert _compared(leaving, before[world.path("workshop/")])
    assert "not actually agreed" in before[world.path("results/")]
    client.force_login(world.admins[1].user)
    client.post(
        world.org_path(1, "share/"), {"assessment": world.assessments[1].pk, "do": "withdraw"}
    )
    client.force_login(world.admins[0].user)
    after = _pages(client, world)
    assert not _compared(leaving, after[world.path("results/")])
    assert not _compared(leaving, after[world.path("workshop/")])
    assert "Nothing shared yet" in after[world.path()]
    # Partners 1 and 3 answered alike: nothing is left to agree.
    assert 'id="no-not-agreed"' in after[world.path("results/")]


@pytest.mark.django_db
def test_only_closed_assessments_of_ones_own_organisation_can_be_shared(
    client: Any, world: World
) -> None:
    admin = world.admins[0]
    open_one, _admin = build_assessment(respondents=1, admin=admin)
    client.force_login(admin.user)
    response = client.post(world.org_path(0, "share/"), {"assessment": open_one.pk, "do": "share"})
    assert response.status_code == 400
    assert "Close the assessment before you share it" in response.content.decode()
    # Another member's assessment: as if it did not exist.
    other = world.assessments[1]
    response = client.post(world.org_path(0, "share/"), {"assessment": other.pk, "do": "withdraw"})
    assert response.status_code == 404
    assert AssessmentShare.objects.filter(assessment=other, withdrawn_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_reopened_assessment_drops_out_of_the_partnership_view(client: Any, world: World) -> None:
    assessment_reopen(membership=world.admins[2], assessment=world.assessments[2])
    client.force_login(world.admins[0].user)
    results = client.get(world.path("results/")).content.decode()
    assert world.admins[2].organisation.name in results  # named as not included
    assert "has not shared a closed assessment of this type" in results


@pytest.mark.django_db
def test_leaving_withdraws_the_shares_and_keeps_the_history(client: Any, world: World) -> None:
    leaver = world.admins[2]
    client.force_login(leaver.user)
    assert client.get(world.org_path(2, "leave/")).status_code == 200
    response = client.post(world.org_path(2, "leave/"))
    assert response.status_code == 302
    assert not AssessmentShare.objects.filter(
        assessment=world.assessments[2], withdrawn_at__isnull=True
    ).exists()
    assert client.get(world.path()).status_code == 404
    assert AuditEvent.objects.filter(
        action="partnership-left", organisation_id=leaver.organisation_id
    ).exists()
    client.force_login(world.admins[0].user)
    overview = client.get(world.path()).content.decode()
    assert f"{leaver.organisation.name}: joined" in overview
