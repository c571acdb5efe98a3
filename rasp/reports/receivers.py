"""Signal receivers that keep the comparison rows current without the lower apps knowing of them.

* A result snapshot is stored exactly when an assessment closes: store its per-area rows.
* An assessment saved back to open (reopened): remove its rows.
* An organisation saved: copy its type and opt-in onto its rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from rasp.assessments.models import Assessment, ResultSnapshot
from rasp.organisations.models import Organisation
from rasp.reports.summaries import organisation_changed, summary_remove, summary_store


@receiver(post_save, sender=ResultSnapshot, dispatch_uid="reports-comparison-snapshot")
def _snapshot_stored(sender: Any, instance: ResultSnapshot, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    assessment = Assessment.objects.select_related("organisation").get(pk=instance.assessment_id)
    summary_store(
        assessment_id=assessment.pk,
        organisation_id=assessment.organisation_id,
        organisation_kind=assessment.organisation.kind,
        opted_in=assessment.organisation.compare_with_similar,
        mode=assessment.mode,
        closed_at=instance.created_at,
        result=instance.result,
    )


@receiver(post_save, sender=Assessment, dispatch_uid="reports-comparison-reopened")
def _assessment_saved(sender: Any, instance: Assessment, created: bool, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if created or kwargs.get("raw") or update_fields is None or "status" not in update_fields:
        return
    if instance.status == Assessment.Status.OPEN:
        summary_remove(
            assessment_id=instance.pk, organisation_id=instance.organisation_id, mode=instance.mode
        )


@receiver(post_save, sender=Organisation, dispatch_uid="reports-comparison-organisation")
def _organisation_saved(sender: Any, instance: Organisation, created: bool, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    organisation_changed(
        organisation_id=instance.pk, kind=instance.kind, opted_in=instance.compare_with_similar
    )
