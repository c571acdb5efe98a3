"""The results page and "Explain this score": who sees them, what they say, in what order, from
which figures (the snapshot for closed assessments), and in how many queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rasp.assessments.models import Answer, ResultSnapshot
from rasp.assessments.services import assessment_close, assessment_reopen
from tests.factories import MembershipFactory
from tests.reports.builders import build_assessment, explain_path, results_path

pytestmark = pytest.mark.django_db

RED_FLAG = "GV-15"  # a red-flag question of question bank 1.0


def page_text(response) -> str:
    return response.content.decode()


def test_admin_sees_a_closed_assessments_results(client, published):
    assessment, admin = build_assessment(level=3, close=True)
    client.force_login(admin.user)
    response = client.get(results_path(assessment))
    assert response.status_code == 200
    html = page_text(response)
    assert "Ready to proceed" in html
    assert "provisional" not in html.lower()
    for area in ("Shared vision", "Ethos and cultures", "Treatment of resources", "Governance"):
        assert area in html
    assert html.count('role="img"') == 2
    assert "Show the area scores as a table" in html and "Show the map as a table" in html


def test_open_assessment_results_are_provisional(client, published):
    assessment, admin = build_assessment(level=3)
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    assert "Provisional" in html
    assert "Ready to proceed" in html


@pytest.mark.parametrize(
    ("level", "words"),
    [
        (3, "Ready to proceed"),
        (0, "Not ready"),
    ],
)
def test_verdict_in_words_with_weakest_area_and_critical_gaps(client, published, level, words):
    assessment, admin = build_assessment(level=level)
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    verdict = re.search(r'id="verdict">([^<]*)<', html)
    assert verdict is not None and verdict.group(1).strip() == words
    assert "Weakest area" in html and "Critical gaps" in html


def test_ready_with_conditions_and_significant_gaps(client, published):
    # Level 2 everywhere: every area amber (score 50, criticals at 2).
    amber, admin = build_assessment(level=2)
    client.force_login(admin.user)
    assert "Ready with conditions" in page_text(client.get(results_path(amber)))
    # Level 3 everywhere but the red-flag question at 0: a red flag caps the verdict.
    flagged, admin = build_assessment(level=lambda code, who: 0 if code == RED_FLAG else 3)
    client.force_login(admin.user)
    html = page_text(client.get(results_path(flagged)))
    assert "Significant gaps: resolve before committing" in html


def test_red_flags_come_first_with_their_question(client, published):
    assessment, admin = build_assessment(level=lambda code, who: 0 if code == RED_FLAG else 3)
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    flags = html.index('id="red-flags-heading"')
    assert flags < html.index('id="verdict-heading"') < html.index('id="areas-heading"')
    assert "govuk-warning-text" in html[flags : html.index('id="verdict-heading"')]
    assert f">{RED_FLAG}</a>" in html[flags : html.index('id="verdict-heading"')]


def test_no_red_flag_section_without_red_flags(client, published):
    assessment, admin = build_assessment(level=3)
    client.force_login(admin.user)
    assert 'id="red-flags-heading"' not in page_text(client.get(results_path(assessment)))


def test_areas_link_to_their_explanation_and_show_band_words(client, published):
    assessment, admin = build_assessment(level=0)
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    assert explain_path(assessment, "governance") in html
    assert html.count("govuk-tag--red") >= 5
    assert len(re.findall(r'govuk-tag--red">\s*Red\s*<', html)) == 5


def test_disputes_show_spread_and_agreed_level(client, published):
    # Respondent 0 says 0, respondent 1 says 4: every question disputed, spread 4.
    assessment, admin = build_assessment(level=lambda code, who: 4 * who)
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    disputes = html[html.index('id="disputes"') :]
    assert "0, 4" in disputes
    assert "Not yet agreed" in disputes


def test_plan_is_grouped_by_stage_with_advice_and_case_studies(client, published):
    assessment, admin = build_assessment(level=1)
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    before = html.index('id="stage-before-commitment"')
    golive = html.index('id="stage-before-go-live"')
    after = html.index('id="stage-after-go-live"')
    assert before < golive < after
    assert "1 to 3" in html[before:golive]
    assert "/framework/case-studies/" in html


def test_closed_results_come_from_the_snapshot(client, published):
    assessment, admin = build_assessment(level=0, close=True)
    snapshot = ResultSnapshot.objects.get(assessment=assessment)
    stored = dict(snapshot.result)
    # Answers changed behind the closed assessment's back: the results must not move.
    Answer.objects.filter(respondent__assessment=assessment).update(level=4, evidence="operating")
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    assert "Not ready" in html
    assert "Ready to proceed" not in html
    assert "give a different result from the one recorded at closing" in html
    snapshot.refresh_from_db()
    assert snapshot.result == stored


def test_reopened_assessment_is_live_again(client, published):
    assessment, admin = build_assessment(level=0, close=True)
    assessment_reopen(membership=admin, assessment=assessment)
    Answer.objects.filter(respondent__assessment=assessment).update(level=3, evidence="approved")
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    assert "Ready to proceed" in html and "Provisional" in html
    assessment.refresh_from_db()
    assessment_close(membership=admin, assessment=assessment)
    html = page_text(client.get(results_path(assessment)))
    assert "Ready to proceed" in html and "Provisional" not in html


# Who may see them ---------------------------------------------------------------------------------


def test_viewer_gets_403_on_an_open_assessment_and_sees_a_closed_one(client, published):
    assessment, admin = build_assessment(level=2)
    viewer = MembershipFactory(organisation=admin.organisation, role="viewer")
    client.force_login(viewer.user)
    assert client.get(results_path(assessment)).status_code == 403
    assert client.get(explain_path(assessment, "risk")).status_code == 403
    assessment_close(membership=admin, assessment=assessment)
    assert client.get(results_path(assessment)).status_code == 200
    assert client.get(explain_path(assessment, "risk")).status_code == 200


def test_other_organisation_gets_404(client, published):
    assessment, _admin = build_assessment(level=2, close=True)
    stranger = MembershipFactory(role="admin")
    client.force_login(stranger.user)
    assert client.get(results_path(assessment)).status_code == 404
    assert client.get(explain_path(assessment, "risk")).status_code == 404
    # Their own organisation's id with someone else's assessment: still 404.
    own = f"/organisations/{stranger.organisation_id}/assessments/{assessment.pk}/results/"
    assert client.get(own).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, published):
    assessment, _admin = build_assessment(level=2, close=True)
    for path in (results_path(assessment), explain_path(assessment, "risk")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/sign-in/?next=")


def test_results_pages_only_answer_get(client, published):
    assessment, admin = build_assessment(level=2)
    client.force_login(admin.user)
    assert client.post(results_path(assessment)).status_code == 405


# Explain this score -------------------------------------------------------------------------------


def test_explain_shows_each_question_and_the_moves_up_a_band(client, published):
    assessment, admin = build_assessment(level=2)
    client.force_login(admin.user)
    response = client.get(explain_path(assessment, "governance"))
    assert response.status_code == 200
    html = page_text(response)
    assert "Explain this score: Governance" in html
    table = html[html.index('id="contributions"') :]
    assert table.count('class="govuk-table__row"') >= 10
    assert "GV-01" in table
    assert "What would move this area up a band" in html
    assert 'id="single-moves"' in html or 'id="plan-moves"' in html
    assert "green" in html


def test_explain_a_green_area_says_so(client, published):
    assessment, admin = build_assessment(level=4)
    client.force_login(admin.user)
    html = page_text(client.get(explain_path(assessment, "risk")))
    assert "highest band" in html


def test_unknown_area_is_404(client, published):
    assessment, admin = build_assessment(level=2)
    client.force_login(admin.user)
    assert client.get(explain_path(assessment, "no-such-area")).status_code == 404
    assert client.get(explain_path(assessment, "health-check")).status_code == 404


# Speed --------------------------------------------------------------------------------------------


def _queries(client, assessment, admin) -> int:
    client.force_login(admin.user)
    client.get(results_path(assessment))  # warm the framework cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(results_path(assessment))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("close", [False, True], ids=["open", "closed"])
def test_results_page_queries_do_not_grow_with_respondents(client, published, close):
    few, few_admin = build_assessment(respondents=2, level=lambda c, who: who % 5, close=close)
    many, many_admin = build_assessment(respondents=6, level=lambda c, who: who % 5, close=close)
    counts = (_queries(client, few, few_admin), _queries(client, many, many_admin))
    assert counts[0] == counts[1]
    assert counts[0] <= 10, counts


def test_explain_page_queries_do_not_grow_with_respondents(client, published):
    counts = []
    for respondents in (2, 6):
        assessment, admin = build_assessment(respondents=respondents, level=2)
        client.force_login(admin.user)
        client.get(explain_path(assessment, "risk"))
        with CaptureQueriesContext(connection) as queries:
            client.get(explain_path(assessment, "risk"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_unanswered_questions_are_listed(client, published):
    assessment, admin = build_assessment(respondents=0)
    client.force_login(admin.user)
    html = page_text(client.get(results_path(assessment)))
    assert re.search(r"\d+ questions were not answered \(scored 0\)", html)
    assert 'id="unanswered"' in html
    assert "Not ready" in html


def test_a_health_check_shows_the_change_since_the_previous_assessment(client, published):
    from rasp.assessments.services import (
        AnswerInput,
        answer_save,
        assessment_close,
        assessment_start,
        respondent_add,
    )
    from tests.factories import MembershipFactory

    admin = MembershipFactory(role="admin")
    levels = {}
    for title, level in (("Baseline 2025", 1), ("Health-check 2026", 3)):
        assessment = assessment_start(membership=admin, mode="health-check", title=title)
        respondent = respondent_add(
            membership=admin, assessment=assessment, user=admin.user, role="other"
        )
        answer_save(
            respondent=respondent,
            code="GV-01",
            given=AnswerInput(kind="level", level=level, evidence="approved"),
            based_on_version=0,
        )
        assessment_close(membership=admin, assessment=assessment)
        levels[title] = assessment
    client.force_login(admin.user)
    later = levels["Health-check 2026"]
    html = client.get(
        f"/organisations/{admin.organisation_id}/assessments/{later.pk}/results/"
    ).content.decode()
    assert "Change since the previous assessment" in html
    assert "Baseline 2025" in html
    assert "1 question moved level." in html
    first = levels["Baseline 2025"]
    html = client.get(
        f"/organisations/{admin.organisation_id}/assessments/{first.pk}/results/"
    ).content.decode()
    assert "Change since the previous assessment" not in html
