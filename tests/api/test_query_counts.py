"""Reading answers takes the same number of queries however many respondents there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rasp.assessments.services import AnswerInput, answer_save, assessment_start, respondent_add
from tests.api.conftest import api_as
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

CODES = ("SV-01", "SV-02", "SV-03")


def _assessment_with(respondents: int):
    admin = MembershipFactory(role="admin")
    assessment = assessment_start(membership=admin, mode="readiness", title="Counted")
    users = [admin.user] + [
        MembershipFactory(organisation=admin.organisation, role="contributor").user
        for _ in range(respondents - 1)
    ]
    for user in users:
        respondent = respondent_add(
            membership=admin, assessment=assessment, user=user, role="other"
        )
        for code in CODES:
            answer_save(
                respondent=respondent,
                code=code,
                given=AnswerInput(kind="level", level=1),
                based_on_version=0,
            )
    return admin, assessment


def _queries(path: str, api, **params) -> int:
    api.get(path, **params)  # warm the framework cache
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, **params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"all": "true"}, {"_": "results"}])
def test_answers_and_results_queries_do_not_grow_with_respondents(published, params):
    counts = []
    for n in (2, 6):
        admin, assessment = _assessment_with(n)
        api = api_as(admin.user)
        if params.get("_") == "results":
            counts.append(_queries(f"/api/v1/assessments/{assessment.pk}/results", api))
            continue
        path = f"/api/v1/assessments/{assessment.pk}/answers"
        body = api.get(path, **params).json()
        assert len(body["respondents"]) == (n if params else 1)
        assert all(len(r["answers"]) == len(CODES) for r in body["respondents"])
        counts.append(_queries(path, api, **params))
    assert counts[0] == counts[1], counts
