"""Overdue actions stand out: counted in a warning above the plan and tagged in their row;
done actions are never overdue."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rasp.assessments.models import Action
from tests.reports.builders import build_assessment

pytestmark = pytest.mark.django_db


def test_overdue_actions_stand_out(client, published):
    assessment, admin = build_assessment(respondents=1, level=3, close=True)
    today = timezone.localdate()
    Action.objects.create(
        assessment=assessment, title="Late one", due_date=today - dt.timedelta(days=1)
    )
    Action.objects.create(
        assessment=assessment,
        title="Late two",
        due_date=today - dt.timedelta(days=30),
        status="in-progress",
    )
    Action.objects.create(
        assessment=assessment,
        title="Late but done",
        due_date=today - dt.timedelta(days=3),
        status="done",
    )
    Action.objects.create(assessment=assessment, title="Due today", due_date=today)
    client.force_login(admin.user)
    path = reverse(
        "assessments:actions",
        kwargs={"organisation_id": assessment.organisation_id, "assessment_id": assessment.pk},
    )
    html = client.get(path).content.decode()
    assert "2 actions are overdue. They are marked below." in html
    rows = {
        re.search(r">([^<>]+)</a></td>", row).group(1): row
        for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', html, re.S)
        if "</a></td>" in row
    }
    assert "Overdue" in rows["Late one"] and "Overdue" in rows["Late two"]
    assert "Overdue" not in rows["Late but done"] and "Overdue" not in rows["Due today"]

    Action.objects.filter(title__startswith="Late").update(status="done")
    assert "overdue" not in client.get(path).content.decode().lower()
