"""Targets per area: defaults from the mode, changed by the organisation's admin on their own
page (checked, audited), used by the scoring, the results page and the radar's target line,
and kept by the snapshot when the assessment closes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rasp.assessments.models import Assessment, ResultSnapshot
from rasp.assessments.services import assessment_close, assessment_reopen
from rasp.audit.models import AuditEvent
from tests.factories import MembershipFactory
from tests.reports.builders import build_assessment, results_path

pytestmark = pytest.mark.django_db
AREAS = ("shared-vision", "ethos-culture", "resources", "risk", "governance")


def _targets_url(assessment: Assessment) -> str:
    return reverse(
        "assessments:targets",
        kwargs={"organisation_id": assessment.organisation_id, "assessment_id": assessment.pk},
    )


def _form(**levels: str) -> dict[str, str]:
    data = {f"target-{area}": "3" for area in AREAS}
    data.update({f"target-{key.replace('_', '-')}": value for key, value in levels.items()})
    return data


def _radar_target(html: str, area_name: str) -> tuple[str, str]:
    """The radar table's target score and target level for one area."""
    row = re.search(
        rf'<th scope="row" class="govuk-table__header">{area_name}</th>(.*?)</tr>', html, re.S
    )
    assert row, area_name
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)</td>', row.group(1))
    return cells[2], cells[3]


def test_the_page_shows_the_modes_default_for_every_area(client, published):
    assessment, admin = build_assessment(respondents=1, level=3)
    client.force_login(admin.user)
    html = client.get(_targets_url(assessment)).content.decode()
    for area in AREAS:
        assert f'name="target-{area}"' in html
        assert re.search(rf'name="target-{area}"[^>]*value="3"', html), area
    assert "the default target is 3" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a target level for Shared vision"),
        ("x", "Target level for Shared vision must be a whole number from 0 to 4"),
        ("5", "Target level for Shared vision must be a whole number from 0 to 4"),
        ("2.5", "Target level for Shared vision must be a whole number from 0 to 4"),
        ("-1", "Target level for Shared vision must be a whole number from 0 to 4"),
    ],
)
def test_a_bad_target_is_refused_and_nothing_changes(client, published, typed, message):
    assessment, admin = build_assessment(respondents=1, level=3)
    client.force_login(admin.user)
    response = client.post(_targets_url(assessment), _form(shared_vision=typed, risk="4"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_target-shared-vision">{message}' in html
    # What was typed in every box is kept.
    assert re.search(r'name="target-risk"[^>]*value="4"', html)
    assessment.refresh_from_db()
    assert assessment.area_targets == {}
    assert not AuditEvent.objects.filter(action="assessment-targets-changed").exists()


def test_changed_targets_drive_the_gaps_the_radar_and_are_audited(client, published):
    assessment, admin = build_assessment(respondents=2, level=3)
    client.force_login(admin.user)
    before = client.get(results_path(assessment)).content.decode()
    assert _radar_target(before, "Shared vision") == ("75.0", "3")
    assert "No critical question is below its target." in before

    response = client.post(_targets_url(assessment), _form(shared_vision="4", risk="2"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    # A target equal to the default is not stored: a later default still applies to it.
    assert assessment.area_targets == {"shared-vision": 4, "risk": 2}
    event = AuditEvent.objects.get(action="assessment-targets-changed")
    assert event.actor_id == admin.user_id
    assert event.detail == {
        "changed": {"shared-vision": {"from": 3, "to": 4}, "risk": {"from": 3, "to": 2}}
    }

    html = client.get(results_path(assessment)).content.decode()
    assert _radar_target(html, "Shared vision") == ("100.0", "4")
    assert _radar_target(html, "Risk management") == ("50.0", "2")
    assert _radar_target(html, "Governance") == ("75.0", "3")
    # Every shared-vision question at level 3 is now a gap to level 4; critical ones are listed.
    assert "3 to 4" in html
    assert "No critical question is below its target." not in html
    assert "Change the target level per area" in html


def test_the_snapshot_keeps_the_targets_used(client, published):
    assessment, admin = build_assessment(respondents=1, level=3)
    client.force_login(admin.user)
    client.post(_targets_url(assessment), _form(governance="4"))
    snapshot = assessment_close(membership=admin, assessment=assessment)
    assert snapshot.targets == {
        "shared-vision": 3,
        "ethos-culture": 3,
        "resources": 3,
        "risk": 3,
        "governance": 4,
    }
    gaps = snapshot.result["gaps"]
    assert gaps and {gap["target"] for gap in gaps} == {4}
    assessment.refresh_from_db()

    # Closed: the page shows the targets used, and refuses changes.
    page = client.get(_targets_url(assessment))
    assert page.status_code == 200
    assert "Reopen the assessment to change them" in page.content.decode()
    refused = client.post(_targets_url(assessment), _form(governance="2"))
    assert refused.status_code == 403
    assessment.refresh_from_db()
    assert assessment.area_targets == {"governance": 4}

    # Reopened and closed with other targets: the first snapshot is unchanged.
    assessment_reopen(membership=admin, assessment=assessment)
    assert client.post(_targets_url(assessment), _form()).status_code == 302
    assessment.refresh_from_db()
    assert assessment.area_targets == {}
    second = assessment_close(membership=admin, assessment=assessment)
    assert second.result["gaps"] == []
    assert set(second.targets.values()) == {3}
    snapshot.refresh_from_db()
    assert snapshot.targets["governance"] == 4

    # The results page of the closed assessment reads the latest snapshot's targets.
    assessment.refresh_from_db()
    html = client.get(results_path(assessment)).content.decode()
    assert _radar_target(html, "Governance") == ("75.0", "3")
    assert "See the target level per area these results used" in html


def test_an_older_snapshot_without_targets_shows_the_modes(client, published):
    assessment, admin = build_assessment(respondents=1, level=3, close=True)
    ResultSnapshot.objects.filter(assessment=assessment).update(targets={})
    client.force_login(admin.user)
    html = client.get(results_path(assessment)).content.decode()
    assert _radar_target(html, "Shared vision") == ("75.0", "3")


@pytest.mark.parametrize("role", ["contributor", "viewer"])
def test_only_the_admin_may_see_or_change_targets(client, published, role):
    assessment, admin = build_assessment(respondents=1, level=3)
    other = MembershipFactory(organisation=admin.organisation, role=role)
    client.force_login(other.user)
    assert client.get(_targets_url(assessment)).status_code == 403
    assert client.post(_targets_url(assessment), _form(risk="4")).status_code == 403
    assessment.refresh_from_db()
    assert assessment.area_targets == {}
    overview = reverse(
        "assessments:overview",
        kwargs={"organisation_id": assessment.organisation_id, "assessment_id": assessment.pk},
    )
    assert "Target level per area" not in client.get(overview).content.decode()


def test_another_organisations_targets_are_not_found(client, published):
    assessment, _admin = build_assessment(respondents=1, level=3)
    outsider = MembershipFactory(role="admin")
    client.force_login(outsider.user)
    path = _targets_url(assessment).replace(
        f"/organisations/{assessment.organisation_id}/",
        f"/organisations/{outsider.organisation_id}/",
    )
    assert client.get(path).status_code == 404
    assert client.post(path, _form(risk="4")).status_code == 404
