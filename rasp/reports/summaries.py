"""Keeping the comparison rows (``ComparisonScore``) in step with assessments and organisations.

Called from the receivers: when an assessment closes (its result snapshot is stored), when it is
reopened, and when an organisation changes its type or its opt-in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from rasp.reports.models import ComparisonScore


def _score(value: Any) -> float | None:
    return None if value is None else float(value)


def rows_from_result(
    *,
    assessment_id: int,
    organisation_id: int,
    organisation_kind: str,
    opted_in: bool,
    mode: str,
    closed_at: dt.datetime,
    result: dict[str, Any],
) -> list[ComparisonScore]:
    """One unsaved row per area of a stored result (the snapshot's JSON)."""
    return [
        ComparisonScore(
            assessment_id=assessment_id,
            organisation_id=organisation_id,
            organisation_kind=organisation_kind,
            opted_in=opted_in,
            mode=mode,
            area=str(area["id"]),
            declared_score=_score(area.get("declared_score")),
            adjusted_score=_score(area.get("evidence_adjusted_score")),
            closed_at=closed_at,
        )
        for area in result.get("areas", [])
    ]


def mark_latest(*, organisation_id: int, mode: str) -> None:
    """Only the organisation's latest closed assessment of ``mode`` counts: two queries."""
    rows = ComparisonScore.objects.filter(organisation_id=organisation_id, mode=mode)
    newest = rows.order_by("-closed_at", "-assessment_id").values("assessment_id").first()
    if newest is None:
        return
    rows.exclude(assessment_id=newest["assessment_id"]).filter(latest=True).update(latest=False)
    rows.filter(assessment_id=newest["assessment_id"], latest=False).update(latest=True)


@transaction.atomic
def summary_store(
    *,
    assessment_id: int,
    organisation_id: int,
    organisation_kind: str,
    opted_in: bool,
    mode: str,
    closed_at: dt.datetime,
    result: dict[str, Any],
) -> None:
    """Replace the assessment's rows with those of its newest closed result."""
    ComparisonScore.objects.filter(assessment_id=assessment_id).delete()
    ComparisonScore.objects.bulk_create(
        rows_from_result(
            assessment_id=assessment_id,
            organisation_id=organisation_id,
            organisation_kind=organisation_kind,
            opted_in=opted_in,
            mode=mode,
            closed_at=closed_at,
            result=result,
        )
    )
    mark_latest(organisation_id=organisation_id, mode=mode)


@transaction.atomic
def summary_remove(*, assessment_id: int, organisation_id: int, mode: str) -> None:
    """A reopened assessment no longer counts; the organisation's previous one may again."""
    if ComparisonScore.objects.filter(assessment_id=assessment_id).delete()[0]:
        mark_latest(organisation_id=organisation_id, mode=mode)


def organisation_changed(*, organisation_id: int, kind: str, opted_in: bool) -> None:
    """Copy the organisation's type and opt-in onto its rows (one query, only if they differ)."""
    ComparisonScore.objects.filter(organisation_id=organisation_id).exclude(
        organisation_kind=kind, opted_in=opted_in
    ).update(organisation_kind=kind, opted_in=opted_in)
