"""Assessments, their respondents and answers (one row per respondent and question), the levels an
organisation agrees after discussion, snapshots of closed results, and the action plan.

Answers carry a ``version`` number: a save names the version it was based on, and a save based on
an older version is refused as stale, so two tabs or two people never overwrite each other silently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rasp.frameworks.models import FrameworkQuestion, FrameworkVersion
from rasp.organisations.models import Organisation


class Mode(models.TextChoices):
    READINESS = "readiness", _("Readiness before a programme")
    HEALTH_CHECK = "health-check", _("Health-check of a live shared service")
    NEW_PARTNER = "new-partner", _("New partner joining a shared service")


class Assessment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments"
    )
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    mode = models.CharField(_("type of assessment"), max_length=20, choices=Mode.choices)
    title = models.CharField(_("title"), max_length=200)
    services_in_scope = models.TextField(_("services in scope"), max_length=2000, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Until the admin opens it, each respondent sees only their own answers.
    combined_view_open = models.BooleanField(
        _("respondents can see the combined answers"), default=False
    )
    # Target level per area id, when the admin changes the mode's default.
    area_targets = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("organisation", "-created_at"), name="assessments_org_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RespondentRole(models.TextChoices):
    POLITICAL_LEAD = "political-lead", _("Political lead or cabinet member")
    CHIEF_EXECUTIVE = "chief-executive", _("Chief executive")
    DIRECTOR = "director", _("Director or CIO")
    FINANCE = "finance", _("Section 151 officer or finance")
    HR = "hr", _("HR or organisational development")
    LEGAL = "legal", _("Legal or monitoring officer")
    PROGRAMME = "programme", _("Programme manager")
    OTHER = "other", _("Other")


class Respondent(models.Model):
    """One person answering one assessment, independently of the others."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="respondents"
    )
    role = models.CharField(_("respondent role"), max_length=20, choices=RespondentRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Removed respondents keep their answers (marked as theirs) but can no longer edit.
    removed_at = models.DateTimeField(null=True, blank=True)
    # Where to resume: the last question page saved.
    last_page = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("assessment", "user"), name="one_respondent_per_person")
        ]
        ordering = ("assessment", "invited_at", "id")

    def __str__(self) -> str:
        return f"{self.user} on {self.assessment}"


class PendingRespondent(models.Model):
    """Someone invited by email to answer, who has not joined the organisation yet.

    When they accept the organisation's invitation they become a respondent with this role.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="pending")
    invitation = models.ForeignKey(
        "organisations.Invitation", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("respondent role"), max_length=20, choices=RespondentRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("assessment", "invitation"), name="one_pending_per_invitation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation.email} invited to {self.assessment}"


class AnswerKind(models.TextChoices):
    LEVEL = "level", _("A level")
    DONT_KNOW = "dont-know", _("Don't know")
    NOT_APPLICABLE = "not-applicable", _("Not applicable")


class Evidence(models.TextChoices):
    NONE = "none", _("None: nothing written down")
    VERBAL = "verbal", _("Verbal: said in meetings, not written")
    DRAFT = "draft", _("Draft: a draft document")
    APPROVED = "approved", _("Approved: an approved document, decision or signed agreement")
    OPERATING = "operating", _("Operating: reports, audit or monitoring in use")


class _AnswerFields(models.Model):
    kind = models.CharField(max_length=20, choices=AnswerKind.choices)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.CharField(max_length=20, choices=Evidence.choices, blank=True)
    reason = models.TextField(max_length=2000, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    link = models.URLField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Answer(_AnswerFields):
    """One respondent's answer to one question."""

    # No index of its own: the unique constraint on (respondent, question) leads with the
    # respondent and serves every lookup by respondent; a second index only slows inserts and
    # takes space (10 million answers on a national instance).
    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    question = models.ForeignKey(FrameworkQuestion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("respondent", "question"), name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=(Q(kind="level") & Q(level__isnull=False) & Q(level__lte=4))
                | (~Q(kind="level") & Q(level__isnull=True)),
                name="answer_level_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.level if self.kind == 'level' else self.kind}"


class AgreedAnswer(_AnswerFields):
    """The level an organisation agreed for a question after discussing its respondents' answers.

    It replaces the median in the results; every original answer stays as it was.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="agreed")
    question = models.ForeignKey(FrameworkQuestion, on_delete=models.PROTECT, related_name="+")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("assessment", "question"), name="one_agreed_per_question"
            ),
            models.CheckConstraint(
                condition=(Q(kind="level") & Q(level__isnull=False) & Q(level__lte=4))
                | (~Q(kind="level") & Q(level__isnull=True)),
                name="agreed_level_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"Agreed {self.question.code}"


class ResultSnapshot(models.Model):
    """The results as they stood when the assessment was closed; never changed afterwards."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+"
    )
    framework_checksum = models.CharField(max_length=64)
    result = models.JSONField()
    # The target level of every area used for the gaps (area id -> level). Empty in snapshots
    # taken before targets could be changed: those used the mode's target.
    targets = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Snapshot of {self.assessment} at {self.created_at:%Y-%m-%d %H:%M}"


class Action(models.Model):
    """One step of an organisation's action plan: from a gap, or the organisation's own."""

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", _("Not started")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", _("Done")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    question_code = models.CharField(max_length=10, blank=True)
    title = models.CharField(_("action"), max_length=300)
    detail = models.TextField(_("detail"), max_length=4000, blank=True)
    stage = models.CharField(max_length=20, blank=True)
    priority = models.PositiveSmallIntegerField(default=0)
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-priority", "due_date", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("assessment", "question_code"),
                condition=~Q(question_code=""),
                name="one_gap_action_per_question",
            )
        ]

    def __str__(self) -> str:
        return self.title
