"""What the reports app stores: a narrow summary of each closed assessment, one row per area, for
the comparison with similar bodies.

Reading ten million answers to compare one organisation with its peers would be far too slow on a
national instance, so each closed assessment leaves five small rows here when it closes (see
``receivers``), and the comparison aggregates those in SQL. The organisation's type and opt-in are
copied onto the rows (kept in step when the organisation changes) so the figures need no join.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from rasp.assessments.models import Assessment
from rasp.organisations.models import Organisation


class ComparisonScore(models.Model):
    """One area's scores of one closed assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    organisation_kind = models.CharField(max_length=20)
    opted_in = models.BooleanField(default=False)
    mode = models.CharField(max_length=20)
    area = models.CharField(max_length=30)
    declared_score = models.FloatField(null=True)
    adjusted_score = models.FloatField(null=True)
    closed_at = models.DateTimeField()
    # Only the organisation's latest closed assessment of each mode counts in the comparison.
    latest = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("assessment", "area"), name="one_comparison_row_per_area"
            )
        ]
        indexes = [
            # The peer figures: one kind, one mode, the rows that count, grouped by area.
            models.Index(
                fields=("organisation_kind", "mode", "area", "adjusted_score"),
                condition=Q(latest=True, opted_in=True),
                name="comparison_peers_idx",
            ),
            # Keeping ``latest`` right when an organisation closes or reopens an assessment.
            models.Index(fields=("organisation", "mode", "-closed_at"), name="comparison_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area} of assessment {self.assessment_id}"
