"""Framework versions loaded from the question-bank YAML, and one row per question per version.

The YAML source is kept verbatim with its checksum, so what an assessment was answered against can
always be shown and re-validated. Published versions are immutable: the services refuse to change
them and the admin shows them read-only. Writes go through ``services.py`` only.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    framework = models.SlugField(_("framework"), max_length=50)
    version = models.CharField(_("version"), max_length=20)
    # The version's two numbers, so that "1.10" sorts after "1.9".
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    checksum = models.CharField(_("checksum (sha256 of the source)"), max_length=64)
    source_text = models.TextField(_("source YAML"))
    content = models.JSONField(_("validated content"))
    created_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last replaced at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("framework", "version"), name="frameworks_one_row_per_version"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True)
                | Q(status="published", published_at__isnull=False),
                name="frameworks_published_iff_published_at",
            ),
        ]
        indexes = [
            models.Index(
                fields=("framework", "status", "-major", "-minor"), name="frameworks_latest_idx"
            ),
        ]
        ordering = ("framework", "-major", "-minor")

    def __str__(self) -> str:
        return f"{self.framework} {self.version} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class FrameworkQuestion(models.Model):
    """One question of one version: what the rest of the app joins answers and scores to.

    The wording lives in the version's ``content``; these columns are what queries filter on.
    """

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="questions"
    )
    code = models.CharField(_("code"), max_length=10)
    area = models.CharField(_("area"), max_length=20)
    module = models.CharField(_("module"), max_length=20, blank=True)
    scope = models.CharField(_("scope"), max_length=20)
    weight = models.PositiveSmallIntegerField(_("weight"))
    critical = models.BooleanField(_("critical"), default=False)
    red_flag = models.BooleanField(_("red flag"), default=False)
    stage = models.CharField(_("stage"), max_length=20)
    lens = models.CharField(_("lens"), max_length=20)
    order = models.PositiveIntegerField(_("order in the file"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("version", "code"), name="frameworks_one_code_per_version"
            ),
        ]
        indexes = [
            models.Index(fields=("version", "order"), name="frameworks_question_order_idx"),
            models.Index(fields=("version", "area"), name="frameworks_question_area_idx"),
            # Matching questions across versions (trends) goes by code.
            models.Index(fields=("code",), name="frameworks_question_code_idx"),
        ]
        ordering = ("version", "order")

    def __str__(self) -> str:
        return f"{self.code} ({self.version.framework} {self.version.version})"
