"""A partnership's programme, and optionally an organisation's, each with one task and one
benefit with one actual, for tests that need ids to point at (the access-rules walk and the authorisation
matrix over every URL, among others)."""

from __future__ import annotations

import datetime as dt

from rasp.delivery.models import Benefit, BenefitActual, Programme, Task
from rasp.organisations.models import Organisation, Partnership


def delivery_world(
    partnership: Partnership | None, organisation: Organisation | None = None
) -> dict[str, int]:
    ids: dict[str, int] = {}
    if partnership is not None:
        ids = _programme_world(Programme.objects.create(partnership=partnership, starts_on=START))
    if organisation is not None:
        own = _programme_world(Programme.objects.create(organisation=organisation, starts_on=START))
        ids |= {
            "organisation_task_id": own["task_id"],
            "organisation_benefit_id": own["benefit_id"],
            "organisation_actual_id": own["actual_id"],
        }
    return ids


START = dt.date(2026, 4, 1)


def _programme_world(programme: Programme) -> dict[str, int]:
    start = START
    task = Task.objects.create(
        programme=programme,
        workstream="people",
        title="Their task",
        starts_on=start,
        due_on=start + dt.timedelta(days=30),
    )
    benefit = Benefit.objects.create(
        programme=programme,
        title="Their benefit",
        kind="financial",
        measure="Annual cost",
        baseline_pence=100_000_00,
        target_pence=80_000_00,
        starts_on=start,
        target_on=start + dt.timedelta(days=365),
        owner="Their finance director",
    )
    actual = BenefitActual.objects.create(
        benefit=benefit, period_end=dt.date(2026, 6, 30), value_pence=97_000_00
    )
    return {"task_id": task.pk, "benefit_id": benefit.pk, "actual_id": actual.pk}
