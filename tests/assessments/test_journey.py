"""The whole journey through the test client: start, add a respondent, answer, check, submit,
agree a disputed question, close, and the action plan; plus stale saves and permissions."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from rasp.assessments.models import Action, AgreedAnswer, Answer, Assessment, ResultSnapshot
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _url(name, membership, **kwargs):
    return reverse(
        f"assessments:{name}", kwargs={"organisation_id": membership.organisation_id, **kwargs}
    )


def _start(client, admin):
    response = client.post(
        _url("start", admin),
        {
            "mode": "readiness",
            "title": "Ready to share?",
            "services_in_scope": "ICT",
            "due_date_day": "31",
            "due_date_month": "3",
            "due_date_year": "2027",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Assessment.objects.get(title="Ready to share?")


def _add(client, admin, assessment, user, role="chief-executive"):
    response = client.post(
        _url("respondents", admin, assessment_id=assessment.pk),
        {"user": str(user.pk), "role": role},
    )
    assert response.status_code == 302


def _page(client, admin, assessment, data, section="shared-vision", page=0, **extra):
    return client.post(
        _url("answer", admin, assessment_id=assessment.pk, section=section, page=page),
        {**data, **extra},
    )


def test_the_whole_journey(client, published):
    admin = MembershipFactory(role="admin")
    colleague = MembershipFactory(organisation=admin.organisation, role="contributor")
    client.force_login(admin.user)
    assessment = _start(client, admin)
    assert str(assessment.due_date) == "2027-03-31"
    _add(client, admin, assessment, admin.user)
    _add(client, admin, assessment, colleague.user, role="finance")

    overview = client.get(_url("overview", admin, assessment_id=assessment.pk)).content.decode()
    assert "Shared vision" in overview and "Not started" in overview

    page = client.get(
        _url("answer", admin, assessment_id=assessment.pk, section="shared-vision", page=0)
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "SV-01" in html and "Level 4" in html and "Help with SV-01" in html
    response = _page(
        client,
        admin,
        assessment,
        {"SV-01-answer": "4", "SV-01-evidence": "approved", "SV-02-answer": "1"},
    )
    assert response.status_code == 302
    assert Answer.objects.filter(respondent__user=admin.user).count() == 2

    # The colleague disagrees on SV-01 by three levels.
    client.force_login(colleague.user)
    assert _page(client, colleague, assessment, {"SV-01-answer": "1"}).status_code == 302
    submitted = client.post(_url("submit", colleague, assessment_id=assessment.pk))
    assert "Answers submitted" in submitted.content.decode()
    # Respondents do not see each other's answers until the admin opens the combined view.
    assert client.get(_url("spread", colleague, assessment_id=assessment.pk)).status_code == 403

    client.force_login(admin.user)
    check = client.get(
        _url("check", admin, assessment_id=assessment.pk, section="shared-vision")
    ).content.decode()
    assert "Level 4" in check and "Change" in check
    spread = client.get(_url("spread", admin, assessment_id=assessment.pk)).content.decode()
    assert spread.index("SV-01") < spread.index("SV-04")  # disputed first
    assert "Disputed" in spread
    agreed = client.post(
        _url("agree", admin, assessment_id=assessment.pk, code="SV-01"),
        {"answer": "2", "evidence": "draft", "note": "Discussed at CMT on 3 May", "version": "0"},
    )
    assert agreed.status_code == 302
    assert AgreedAnswer.objects.get().level == 2
    assert Answer.objects.filter(question__code="SV-01").count() == 2  # originals kept

    closed = client.post(_url("close", admin, assessment_id=assessment.pk))
    assert closed.status_code == 302
    assessment.refresh_from_db()
    assert not assessment.is_open
    snapshot = ResultSnapshot.objects.get(assessment=assessment)
    assert snapshot.result["verdict"] in {
        "ready",
        "ready-with-conditions",
        "significant-gaps",
        "not-ready",
    }
    actions = client.get(_url("actions", admin, assessment_id=assessment.pk)).content.decode()
    assert Action.objects.filter(assessment=assessment).count() > 50
    assert "Action plan" in actions
    # Nobody can answer a closed assessment.
    assert (
        _page(
            client, admin, assessment, {"SV-01-answer": "3", "SV-01-evidence": "approved"}
        ).status_code
        == 403
    )


def test_a_stale_save_is_detected_and_nothing_is_overwritten(client, published):
    admin = MembershipFactory(role="admin")
    client.force_login(admin.user)
    assessment = _start(client, admin)
    _add(client, admin, assessment, admin.user)
    # Two tabs open the same page (version 0 = no answer yet); the first saves.
    assert (
        _page(
            client,
            admin,
            assessment,
            {"SV-01-answer": "3", "SV-01-evidence": "approved", "SV-01-version": "0"},
        ).status_code
        == 302
    )
    second = _page(client, admin, assessment, {"SV-01-answer": "1", "SV-01-version": "0"})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else saved an answer" in html and "level 3" in html
    assert Answer.objects.get(question__code="SV-01").level == 3
    # Saving again from the conflict page is a deliberate choice: theirs replaces it.
    answer = Answer.objects.get(question__code="SV-01")
    again = _page(
        client, admin, assessment, {"SV-01-answer": "1", "SV-01-version": str(answer.version)}
    )
    assert again.status_code == 302
    assert Answer.objects.get(question__code="SV-01").level == 1


@pytest.mark.parametrize(
    "data,message",
    [
        ({"SV-01-answer": "3"}, "select the evidence behind level 3"),
        ({"SV-03-answer": "not-applicable"}, "say why this question does not apply"),
        ({"SV-01-answer": "7"}, "Select an answer"),
        ({"SV-01-answer": "not-applicable", "SV-01-reason": "x"}, "Select an answer"),  # critical
        ({"SV-02-answer": "1", "SV-02-link": "not a link"}, "Enter a web address"),
        ({"SV-02-answer": "1", "SV-02-note": "x" * 2001}, "2000"),
    ],
)
def test_bad_answers_get_a_clear_message_and_change_nothing(client, published, data, message):
    admin = MembershipFactory(role="admin")
    client.force_login(admin.user)
    assessment = _start(client, admin)
    _add(client, admin, assessment, admin.user)
    response = _page(client, admin, assessment, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Answer.objects.count() == 0


def test_viewers_and_non_respondents_cannot_answer(client, published):
    admin = MembershipFactory(role="admin")
    viewer = MembershipFactory(organisation=admin.organisation, role="viewer")
    client.force_login(admin.user)
    assessment = _start(client, admin)
    _add(client, admin, assessment, viewer.user)
    client.force_login(viewer.user)
    assert _page(client, viewer, assessment, {"SV-02-answer": "1"}).status_code == 403
    assert client.get(_url("start", viewer)).status_code == 403


def test_another_organisations_assessment_is_not_found(client, published):
    admin = MembershipFactory(role="admin")
    stranger = MembershipFactory(role="admin")
    client.force_login(admin.user)
    assessment = _start(client, admin)
    client.force_login(stranger.user)
    for name, extra in [
        ("overview", {}),
        ("respondents", {}),
        ("spread", {}),
        ("close", {}),
        ("actions", {}),
        ("answer", {"section": "shared-vision", "page": 0}),
    ]:
        url = reverse(
            f"assessments:{name}",
            kwargs={
                "organisation_id": admin.organisation_id,
                "assessment_id": assessment.pk,
                **extra,
            },
        )
        assert client.get(url).status_code == 404, name
        url = reverse(
            f"assessments:{name}",
            kwargs={
                "organisation_id": stranger.organisation_id,
                "assessment_id": assessment.pk,
                **extra,
            },
        )
        assert client.get(url).status_code == 404, name


def test_reminder_sends_an_email(client, published):
    admin = MembershipFactory(role="admin")
    client.force_login(admin.user)
    assessment = _start(client, admin)
    _add(client, admin, assessment, admin.user)
    respondent = assessment.respondents.get()
    response = client.post(
        _url("respondent-remind", admin, assessment_id=assessment.pk, respondent_id=respondent.pk)
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == [admin.user.email]
    assert "Ready to share?" in mail.outbox[-1].subject


def test_invite_a_respondent_by_email_who_joins_later(client, published):
    import re

    from rasp.assessments.models import PendingRespondent, Respondent

    admin = MembershipFactory(role="admin")
    client.force_login(admin.user)
    assessment = _start(client, admin)
    response = client.post(
        _url("respondent-invite", admin, assessment_id=assessment.pk),
        {"email": "Finance.Director@example.org", "role": "finance"},
    )
    assert response.status_code == 302
    assert PendingRespondent.objects.filter(assessment=assessment).count() == 1
    link = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)
    client.logout()
    password = "a-brand-new-long-passphrase"
    client.post(
        link, {"full_name": "Fin Director", "new_password1": password, "new_password2": password}
    )
    respondent = Respondent.objects.get(
        assessment=assessment, user__email="finance.director@example.org"
    )
    assert respondent.role == "finance"
    assert not PendingRespondent.objects.exists()


def test_inviting_a_member_by_email_adds_them_at_once(client, published):
    from rasp.assessments.models import Respondent

    admin = MembershipFactory(role="admin")
    colleague = MembershipFactory(organisation=admin.organisation, role="contributor")
    client.force_login(admin.user)
    assessment = _start(client, admin)
    client.post(
        _url("respondent-invite", admin, assessment_id=assessment.pk),
        {"email": colleague.user.email.upper(), "role": "legal"},
    )
    assert Respondent.objects.get(assessment=assessment).user == colleague.user
    assert mail.outbox == []
