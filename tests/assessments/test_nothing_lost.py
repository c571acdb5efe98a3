"""Nothing typed is lost; closed results never change; pages cost a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rasp.assessments.models import Answer, ResultSnapshot
from rasp.assessments.services import (
    AnswerInput,
    answer_save,
    assessment_close,
    assessment_start,
    respondent_add,
)
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def _assessment(admin, *people):
    assessment = assessment_start(membership=admin, mode="readiness", title="Check")
    respondents = [
        respondent_add(membership=admin, assessment=assessment, user=m.user, role="other")
        for m in (admin, *people)
    ]
    return assessment, respondents


def test_answers_typed_after_the_session_expired_are_offered_back(client, published):
    admin = MembershipFactory(role="admin")
    assessment, _ = _assessment(admin)
    url = reverse(
        "assessments:answer",
        kwargs={
            "organisation_id": admin.organisation_id,
            "assessment_id": assessment.pk,
            "section": "shared-vision",
            "page": 0,
        },
    )
    # The session has expired: the client is anonymous, but the form still arrives.
    response = client.post(
        url, {"SV-02-answer": "3", "SV-02-evidence": "approved", "SV-02-note": "Paper to CMT"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")
    assert Answer.objects.count() == 0
    signed_in = client.post(
        reverse("accounts:sign-in"), {"email": admin.user.email, "password": PASSWORD, "next": url}
    )
    assert signed_in["Location"] == url
    page = client.get(url).content.decode()
    assert "You were signed out before your answers" in page
    assert "Paper to CMT" in page
    assert re.search(r'name="SV-02-answer" type="radio" value="3"[^>]*checked', page)
    assert Answer.objects.count() == 0  # offered back, not saved behind their back
    # Shown once only.
    assert "You were signed out" not in client.get(url).content.decode()


def test_a_closed_result_never_changes(published):
    admin = MembershipFactory(role="admin")
    assessment, (respondent,) = _assessment(admin)
    answer_save(
        respondent=respondent,
        code="SV-02",
        given=AnswerInput(kind="level", level=3, evidence="approved"),
        based_on_version=0,
    )
    snapshot = assessment_close(membership=admin, assessment=assessment)
    stored = dict(snapshot.result)
    # Someone edits the database behind the app's back: the snapshot still says what was closed.
    Answer.objects.update(level=0)
    snapshot.refresh_from_db()
    assert snapshot.result == stored
    assert ResultSnapshot.objects.filter(assessment=assessment).count() == 1


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["answer", "overview", "spread", "respondents"])
def test_queries_do_not_grow_with_respondents(client, published, page):
    small_admin = MembershipFactory(role="admin")
    big_admin = MembershipFactory(role="admin")
    small, _ = _assessment(small_admin, MembershipFactory(organisation=small_admin.organisation))
    big, big_respondents = _assessment(
        big_admin, *[MembershipFactory(organisation=big_admin.organisation) for _ in range(6)]
    )
    for respondent in big_respondents:
        for code in ("SV-01", "SV-02", "EC-01"):
            answer_save(
                respondent=respondent,
                code=code,
                given=AnswerInput(kind="level", level=1),
                based_on_version=0,
            )
    extra = {"section": "shared-vision", "page": 0} if page == "answer" else {}
    counts = []
    for admin, assessment in ((small_admin, small), (big_admin, big)):
        client.force_login(admin.user)
        url = reverse(
            f"assessments:{page}",
            kwargs={
                "organisation_id": admin.organisation_id,
                "assessment_id": assessment.pk,
                **extra,
            },
        )
        _queries_for(client, url)  # warm the per-process framework cache
        counts.append(_queries_for(client, url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 15
