"""Backfill the comparison rows for assessments closed before the comparison existed.

Each closed assessment's newest result snapshot gives its per-area scores; the newest closed
assessment of each organisation and mode is marked ``latest``. Written against the historical
models, in batches, so it stays within memory on a national instance.
"""

from typing import Any

from django.db import migrations

BATCH = 2000


def backfill(apps: Any, schema_editor: Any) -> None:
    ResultSnapshot = apps.get_model("assessments", "ResultSnapshot")
    ComparisonScore = apps.get_model("reports", "ComparisonScore")
    done = ComparisonScore.objects.values("assessment_id")
    # One pass over the snapshots of closed assessments, newest first within each assessment:
    # the first row seen for an assessment is its current result.
    snapshots = (
        ResultSnapshot.objects.filter(assessment__status="closed")
        .exclude(assessment_id__in=done)
        .order_by("assessment_id", "-created_at", "-id")
        .values_list(
            "assessment_id",
            "assessment__organisation_id",
            "assessment__organisation__kind",
            "assessment__organisation__compare_with_similar",
            "assessment__mode",
            "created_at",
            "result",
        )
    )
    batch: list[Any] = []
    newest: dict[tuple[int, str], tuple[Any, int]] = {}  # (organisation, mode) -> (closed at, assessment id)
    previous = None
    for pk, organisation_id, kind, opted_in, mode, created_at, result in snapshots.iterator(
        chunk_size=BATCH
    ):
        if pk == previous:
            continue
        previous = pk
        for area in (result or {}).get("areas", []):
            declared = area.get("declared_score")
            adjusted = area.get("evidence_adjusted_score")
            batch.append(
                ComparisonScore(
                    assessment_id=pk,
                    organisation_id=organisation_id,
                    organisation_kind=kind,
                    opted_in=opted_in,
                    mode=mode,
                    area=str(area["id"]),
                    declared_score=None if declared is None else float(declared),
                    adjusted_score=None if adjusted is None else float(adjusted),
                    closed_at=created_at,
                )
            )
        key = (organisation_id, mode)
        newest[key] = max(newest.get(key, (created_at, pk)), (created_at, pk))
        if len(batch) >= BATCH:
            ComparisonScore.objects.bulk_create(batch)
            batch = []
    ComparisonScore.objects.bulk_create(batch)
    # Rows stored earlier by a close (if any) may be newer than the backfilled ones.
    for organisation_id, mode, closed_at, pk in ComparisonScore.objects.filter(
        latest=True
    ).values_list("organisation_id", "mode", "closed_at", "assessment_id").iterator():
        key = (organisation_id, mode)
        if key not in newest or (closed_at, pk) > newest[key]:
            newest[key] = (closed_at, pk)
    chosen = sorted(pk for _closed_at, pk in newest.values())
    organisations = sorted({organisation_id for organisation_id, _mode in newest})
    for start in range(0, len(organisations), BATCH):
        ComparisonScore.objects.filter(
            organisation_id__in=organisations[start : start + BATCH]
        ).update(latest=False)
    for start in range(0, len(chosen), BATCH):
        ComparisonScore.objects.filter(assessment_id__in=chosen[start : start + BATCH]).update(
            latest=True
        )

class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_comparison_scores"),
        ("assessments", "0002_pending_respondents"),
        ("organisations", "0002_comparison_and_two_factor_opt_ins"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
