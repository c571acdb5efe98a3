"""The demo of issue 5: each Demo organisation has a closed readiness assessment answered by
three or more people who disagree on some questions; Demo Borough has a health-check with an
earlier baseline, whose results show the change; and open action plans, some overdue."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from rasp.accounts.models import User
from rasp.assessments.models import Action, Assessment
from rasp.assessments.selectors import answer_spread
from rasp.demo.assessments import HEALTH_CHECK_TITLES, READINESS_TITLE
from rasp.demo.services import DEMO_ORGANISATIONS, demo_data_ensure

pytestmark = pytest.mark.django_db


def test_the_demo_assessments(client: Any, settings: Any) -> None:
    settings.RASP_DEMO = True
    demo_data_ensure()
    demo_data_ensure()  # idempotent
    for spec in DEMO_ORGANISATIONS:
        readiness = Assessment.objects.get(organisation__name=spec.name, title=READINESS_TITLE)
        assert readiness.status == "closed" and readiness.snapshots.count() == 1
        assert readiness.respondents.count() >= 3
        disputed = [row for row in answer_spread(assessment=readiness) if row.disputed]
        assert len(disputed) >= 3, spec.name
    borough = DEMO_ORGANISATIONS[0].name
    earlier, later = (
        Assessment.objects.get(organisation__name=borough, title=title)
        for title in HEALTH_CHECK_TITLES
    )
    assert earlier.mode == later.mode == "health-check"
    assert earlier.created_at < later.created_at and not later.is_open
    actions = Action.objects.filter(assessment=later)
    assert actions.exclude(status="done").exists() and actions.filter(status="done").exists()
    assert actions.filter(due_date__lt=timezone.localdate()).exclude(status="done").exists()

    client.force_login(User.objects.get(email="demo@example.com"))
    kwargs = {"organisation_id": later.organisation_id, "assessment_id": later.pk}
    results = client.get(reverse("reports:results", kwargs=kwargs)).content.decode()
    assert HEALTH_CHECK_TITLES[0] in results  # compared with the baseline
    plan = client.get(reverse("assessments:actions", kwargs=kwargs)).content.decode()
    assert "overdue" in plan
    listing = client.get(
        reverse("assessments:list", kwargs={"organisation_id": later.organisation_id})
    ).content.decode()
    assert listing.count("question bank 1.0") == 3
