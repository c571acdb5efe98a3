"""A removed respondent keeps nothing editable and their answers stay, marked as theirs; the
combined view is a per-assessment setting the admin opens to respondents (and closes again)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rasp.assessments.models import Answer, Respondent
from rasp.audit.models import AuditEvent
from tests.factories import MembershipFactory
from tests.reports.builders import build_assessment

pytestmark = pytest.mark.django_db


def _url(name, assessment, **kwargs):
    return reverse(
        f"assessments:{name}",
        kwargs={
            "organisation_id": assessment.organisation_id,
            "assessment_id": assessment.pk,
            **kwargs,
        },
    )


def _answer(client, assessment, level="1"):
    return client.post(
        _url("answer", assessment, section="shared-vision", page=0),
        {"SV-01-answer": level, "SV-01-version": "1"},
    )


def test_a_removed_respondent_keeps_nothing_editable(client, published):
    assessment, admin = build_assessment(respondents=2, level=2)
    removed = Respondent.objects.exclude(user=admin.user).get(assessment=assessment)
    kept = {row.pk: (row.kind, row.level, row.version) for row in removed.answers.all()}
    assert kept
    client.force_login(admin.user)
    assert (
        client.post(_url("respondent-remove", assessment, respondent_id=removed.pk)).status_code
        == 302
    )
    assert AuditEvent.objects.filter(
        action="respondent-removed", target=removed.user.email
    ).exists()

    client.force_login(removed.user)
    overview = client.get(_url("overview", assessment)).content.decode()
    assert "You were removed from this assessment" in overview
    assert "Continue where you left off" not in overview
    assert "Submit your answers" not in overview
    assert _url("answer", assessment, section="shared-vision", page=0) not in overview
    for path in (
        _url("answer", assessment, section="shared-vision", page=0),
        _url("check", assessment, section="shared-vision"),
        _url("submit", assessment),
    ):
        assert client.get(path).status_code == 403, path
        assert client.post(path, {"SV-01-answer": "0", "SV-01-version": "1"}).status_code == 403
    # Even with the combined view open, they no longer take part in the discussion.
    client.force_login(admin.user)
    client.post(_url("combined-view", assessment), {"open": "1"})
    client.force_login(removed.user)
    assert client.get(_url("spread", assessment)).status_code == 403

    after = {row.pk: (row.kind, row.level, row.version) for row in removed.answers.all()}
    assert after == kept
    # Their answers stay in the record, marked as theirs, and still count.
    client.force_login(admin.user)
    spread = client.get(_url("spread", assessment)).content.decode()
    assert f"{removed.user.get_full_name()}, Other (removed)" in spread
    respondents = client.get(_url("respondents", assessment)).content.decode()
    assert "Removed" in respondents


def test_the_combined_view_is_opened_and_closed_per_assessment(client, published):
    assessment, admin = build_assessment(respondents=2, level=3)
    other, _admin = build_assessment(respondents=2, level=3, admin=admin)
    respondent = Respondent.objects.exclude(user=admin.user).get(assessment=assessment)
    viewer = MembershipFactory(organisation=admin.organisation, role="viewer")

    client.force_login(respondent.user)
    assert client.get(_url("spread", assessment)).status_code == 403
    overview = client.get(_url("overview", assessment)).content.decode()
    assert "Everyone&#39;s answers" not in overview and "Everyone's answers" not in overview

    # Only the admin may change the setting.
    assert client.post(_url("combined-view", assessment), {"open": "1"}).status_code == 403
    client.force_login(admin.user)
    assert client.post(_url("combined-view", assessment), {"open": "1"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.combined_view_open
    event = AuditEvent.objects.get(action="combined-view-changed")
    assert event.detail == {"open": True}

    client.force_login(respondent.user)
    page = client.get(_url("spread", assessment))
    assert page.status_code == 200
    assert "Median (rounded down)" in page.content.decode()
    # The setting is per assessment: the other one stays private to each respondent.
    other_respondent = Respondent.objects.exclude(user=admin.user).get(assessment=other)
    client.force_login(other_respondent.user)
    assert client.get(_url("spread", other)).status_code == 403
    # A viewer who is not a respondent does not see answers while the assessment is open.
    client.force_login(viewer.user)
    assert client.get(_url("spread", assessment)).status_code == 403

    client.force_login(admin.user)
    client.post(_url("combined-view", assessment), {"open": "0"})
    client.force_login(respondent.user)
    assert client.get(_url("spread", assessment)).status_code == 403
    assert Answer.objects.filter(respondent__assessment=assessment).count() > 0
