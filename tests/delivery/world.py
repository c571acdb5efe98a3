"""A partnership's programme with one task and one benefit, for tests that need ids to point at
(the access-rules walk over every URL, among others)."""

from __future__ import annotations

import datetime as dt

from rasp.delivery.models import Benefit, Programme, Task
from rasp.organisations.models import Partnership


def delivery_world(partnership: Partnership) -> dict[str, int]:
    start = dt.date(2026, 4, 1)
    programme = Programme.objects.create(partnership=partnership, starts_on=start)
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
    return {"task_id": task.pk, "benefit_id": benefit.pk}
