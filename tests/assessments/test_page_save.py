"""A page of answers is saved in one transaction, in a fixed number of queries, and each answer
keeps its own stale-save check: a stale answer is not overwritten while the others on the page
are saved, exactly as when each answer was saved alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rasp.assessments.models import Answer, Respondent
from rasp.assessments.services import (
    AnswerInput,
    answer_save,
    answers_save,
    assessment_start,
    respondent_add,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _world():
    admin = MembershipFactory(role="admin")
    assessment = assessment_start(membership=admin, mode="readiness", title="Pages")
    respondent = respondent_add(
        membership=admin, assessment=assessment, user=admin.user, role="other"
    )
    return admin, assessment, respondent


def _url(admin, assessment, section="shared-vision", page=0):
    return reverse(
        "assessments:answer",
        kwargs={
            "organisation_id": admin.organisation_id,
            "assessment_id": assessment.pk,
            "section": section,
            "page": page,
        },
    )


def _level(respondent, code):
    return Answer.objects.get(respondent=respondent, question__code=code).level


def test_a_stale_answer_is_kept_and_the_rest_of_the_page_is_saved(client, published):
    admin, assessment, respondent = _world()
    client.force_login(admin.user)
    kept = answer_save(
        respondent=respondent,
        code="SV-01",
        given=AnswerInput(kind="level", level=1),
        based_on_version=0,
    )
    changed = answer_save(
        respondent=respondent,
        code="SV-02",
        given=AnswerInput(kind="level", level=1),
        based_on_version=0,
    )
    # Another tab moved SV-01 on since this page was shown.
    answer_save(
        respondent=respondent,
        code="SV-01",
        given=AnswerInput(kind="level", level=2, evidence="draft"),
        based_on_version=kept.version,
    )
    response = client.post(
        _url(admin, assessment),
        {
            "SV-01-answer": "0",
            "SV-01-version": str(kept.version),  # stale
            "SV-02-answer": "0",
            "SV-02-version": str(changed.version),  # current: saved
            "SV-03-answer": "1",
            "SV-03-version": "0",  # new: saved
        },
    )
    assert response.status_code == 409
    assert "SV-01 was changed since you opened this page" in response.content.decode()
    assert _level(respondent, "SV-01") == 2
    assert _level(respondent, "SV-02") == 0
    assert Answer.objects.get(respondent=respondent, question__code="SV-02").version == 2
    assert _level(respondent, "SV-03") == 1
    # The resume point moves only once the whole page is saved.
    assert Respondent.objects.get(pk=respondent.pk).last_page == ""


def test_an_answer_that_appeared_since_the_page_was_shown_is_not_overwritten(published):
    _admin, _assessment, respondent = _world()
    first = answers_save(
        respondent=respondent,
        given={"SV-01": (AnswerInput(kind="level", level=1), 0)},
    )
    assert set(first.saved) == {"SV-01"} and not first.conflicts
    second = answers_save(
        respondent=respondent,
        given={
            "SV-01": (AnswerInput(kind="level", level=0), 0),  # based on "no answer": stale
            "SV-02": (AnswerInput(kind="level", level=5), 0),  # invalid: not saved
            "SV-03": (AnswerInput(kind="level", level=0), 3),  # based on a deleted answer
        },
        resume_at="shared-vision/0",
    )
    assert second.conflicts["SV-01"].level == 1
    assert second.conflicts["SV-03"].pk is None
    assert set(second.errors) == {"SV-02"} and not second.saved
    assert Answer.objects.filter(respondent=respondent).count() == 1
    assert Respondent.objects.get(pk=respondent.pk).last_page == ""


def _save_queries(client, admin, assessment, respondent, codes, turn):
    versions = dict(
        Answer.objects.filter(respondent=respondent).values_list("question__code", "version")
    )
    data = {}
    for code in codes:
        data[f"{code}-answer"] = str(turn % 2)
        data[f"{code}-version"] = str(versions.get(code, 0))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(_url(admin, assessment), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(queries)


def test_a_page_save_costs_the_same_queries_for_one_answer_or_many(client, published):
    one, many = ["SV-01"], ["SV-01", "SV-02", "SV-04"]
    created, updated = [], []
    for codes in (one, many):
        admin, assessment, respondent = _world()
        client.force_login(admin.user)
        # New answers (one insert for the page), then changed ones (one update for the page).
        created.append(_save_queries(client, admin, assessment, respondent, codes, 0))
        updated.append(_save_queries(client, admin, assessment, respondent, codes, 1))
        assert set(
            Answer.objects.filter(respondent=respondent).values_list("question__code", flat=True)
        ) == set(codes)
    assert created[0] == created[1], created
    assert updated[0] == updated[1], updated
    # Was 31 for four changed answers: a transaction, a question look-up and a lock per answer;
    # then 12, before the save stopped reading every saved answer of the respondent up front.
    assert updated[1] <= 11, updated
    assert created[1] <= 14, created


def test_changing_every_answer_to_dont_know_clears_the_levels(published):
    # One UPDATE writes the whole page: a column that becomes empty on every row still has the
    # column's type (PostgreSQL would refuse a text NULL for a number).
    _admin, _assessment, respondent = _world()
    codes = ("SV-01", "SV-02", "SV-04")
    first = answers_save(
        respondent=respondent,
        given={
            code: (AnswerInput(kind="level", level=3, evidence="approved", note="n"), 0)
            for code in codes
        },
    )
    before = {code: row.updated_at for code, row in first.saved.items()}
    again = answers_save(
        respondent=respondent,
        given={code: (AnswerInput(kind="dont-know"), 1) for code in codes},
    )
    assert set(again.saved) == set(codes) and not again.conflicts and not again.errors
    for row in Answer.objects.filter(respondent=respondent).select_related("question"):
        assert (row.kind, row.level, row.evidence, row.note, row.version) == (
            "dont-know",
            None,
            "",
            "",
            2,
        )
        assert row.updated_at >= before[row.question.code]
