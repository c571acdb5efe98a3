"""Two people (or two tabs) saving the same answer at the same moment: one wins, the other is told,
and nothing is overwritten silently. Real parallel requests, each on its own database connection.

Only PostgreSQL has the row locks a busy shared instance relies on, so this runs in the PostgreSQL
pass of `make test` (SQLite serialises every write anyway).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from rasp.assessments.models import Answer
from rasp.assessments.services import AnswerInput, answer_save, assessment_start, respondent_add
from tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass"),
]


def _race(url: str, users, payloads) -> list[int]:
    barrier = threading.Barrier(len(payloads))
    statuses: list[int] = [0] * len(payloads)

    def post(index: int) -> None:
        client = Client()
        client.force_login(users[index])
        barrier.wait()
        statuses[index] = client.post(url, payloads[index]).status_code
        connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.parametrize("existing", [False, True])
def test_simultaneous_saves_never_lose_an_answer(published_transactional, existing):
    admin = MembershipFactory(role="admin")
    assessment = assessment_start(membership=admin, mode="readiness", title="Race")
    respondent = respondent_add(
        membership=admin, assessment=assessment, user=admin.user, role="other"
    )
    version = 0
    if existing:
        version = answer_save(
            respondent=respondent,
            code="SV-02",
            given=AnswerInput(kind="level", level=0),
            based_on_version=0,
        ).version
    url = reverse(
        "assessments:answer",
        kwargs={
            "organisation_id": admin.organisation_id,
            "assessment_id": assessment.pk,
            "section": "shared-vision",
            "page": 0,
        },
    )
    payloads = [
        {"SV-02-answer": "1", "SV-02-version": str(version)},
        {"SV-02-answer": "3", "SV-02-evidence": "approved", "SV-02-version": str(version)},
    ]
    statuses = _race(url, [admin.user, admin.user], payloads)
    assert sorted(statuses) == [302, 409], statuses
    saved = Answer.objects.get(respondent=respondent, question__code="SV-02")
    winner = payloads[statuses.index(302)]
    assert str(saved.level) == winner["SV-02-answer"]
    assert saved.version == version + 1
