"""The benchmark's load driver reads our real pages: if a template changes how a question page
names its fields, this fails here rather than quietly in `make bench`."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from rasp.assessments.journey import sections_for
from rasp.assessments.models import Answer
from rasp.assessments.selectors import assessment_framework
from rasp.assessments.services import assessment_start, respondent_add
from rasp.domain.framework.schema import Mode
from rasp.frameworks.services import framework_version_load
from tests.factories import MembershipFactory

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from driver import rasp_answers  # noqa: E402


@pytest.fixture
def respondent(db):
    framework_version_load(
        source_text=(ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8"),
        publish=True,
    )
    membership = MembershipFactory()
    assessment = assessment_start(membership=membership, mode="readiness", title="Bench")
    return respondent_add(
        membership=membership, assessment=assessment, user=membership.user, role="other"
    )


def test_the_driver_answers_every_shown_question_and_the_save_is_accepted(client, respondent):
    assessment = respondent.assessment
    client.force_login(respondent.user)
    section = sections_for(assessment_framework(assessment), Mode.READINESS)[0]
    url = reverse(
        "assessments:answer",
        kwargs={
            "organisation_id": assessment.organisation_id,
            "assessment_id": assessment.pk,
            "section": section.id,
            "page": 0,
        },
    )
    data, answered = rasp_answers(client.get(url).content.decode(), random.Random(1))
    shown = [q.code for q in section.pages[0] if q.show_if is None]
    assert answered == len(shown)
    assert {f"{code}-version" for code in shown} <= set(data)

    response = client.post(url, data)

    assert response.status_code == 302
    assert Answer.objects.filter(respondent=respondent).count() == answered
    # Saved again from the page as it is now: each answer's version goes up by one, which is
    # how the benchmark counts accepted saves against the database.
    data, again = rasp_answers(client.get(url).content.decode(), random.Random(2))
    assert client.post(url, data).status_code in (302,)
    assert sum(a.version for a in Answer.objects.filter(respondent=respondent)) == answered + again
