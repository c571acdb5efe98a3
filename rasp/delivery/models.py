"""From "ready" to "delivered": one delivery programme per partnership or per organisation.

* ``Programme``: the transition of one partnership (or one organisation going it alone), with
  the date it starts. Nothing in its plan may be dated before then.
* ``Task``: one task of the transition plan, in one of five workstreams, with an owner, dates, a
  status and the tasks it depends on. A task seeded from the framework's advice names the
  question it came from.
* ``Benefit``: one expected benefit, financial (pence, exact) or not (a figure with a unit),
  with its baseline, target, measure, owner and the organisations it falls to.
* ``BenefitActual``: the figure actually achieved in one period.

Rows people edit carry a ``version``: a save names the version it was based on, and a save based
on an older one is refused as stale, so nobody overwrites anybody silently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rasp.organisations.models import Organisation, Partnership


class Programme(models.Model):
    partnership = models.OneToOneField(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="programme"
    )
    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="programme"
    )
    starts_on = models.DateField(_("programme start"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(partnership__isnull=False) & Q(organisation__isnull=True))
                | (Q(partnership__isnull=True) & Q(organisation__isnull=False)),
                name="programme_has_exactly_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"Programme of {self.partnership or self.organisation}"


class Workstream(models.TextChoices):
    PEOPLE = "people", _("People")
    CONTRACTS = "contracts", _("Contracts")
    SYSTEMS = "systems", _("Systems")
    EQUIPMENT = "equipment", _("Equipment")
    RESOURCES = "resources", _("Resources")


class Task(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not-started", _("Not started")
        IN_PROGRESS = "in-progress", _("In progress")
        BLOCKED = "blocked", _("Blocked")
        DONE = "done", _("Done")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks")
    workstream = models.CharField(_("workstream"), max_length=20, choices=Workstream.choices)
    title = models.CharField(_("task"), max_length=300)
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    starts_on = models.DateField(_("start date"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependants"
    )
    # The framework question whose advice the task came from; blank for the organisation's own.
    question_code = models.CharField(max_length=10, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("due_on", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")), name="task_due_after_start"
            ),
            models.UniqueConstraint(
                fields=("programme", "workstream", "question_code"),
                condition=~Q(question_code=""),
                name="one_advice_task_per_question_and_workstream",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Benefit(models.Model):
    class Kind(models.TextChoices):
        FINANCIAL = "financial", _("Financial (in pounds)")
        NON_FINANCIAL = "non-financial", _("Non-financial")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="benefits")
    title = models.CharField(_("benefit"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    measure = models.CharField(_("measure"), max_length=500)
    unit = models.CharField(_("unit"), max_length=40, blank=True)  # non-financial only
    # Financial figures are whole pence; non-financial ones are figures with 2 decimal places.
    baseline_pence = models.BigIntegerField(null=True, blank=True)
    target_pence = models.BigIntegerField(null=True, blank=True)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(_("measured from"))
    target_on = models.DateField(_("target date"))
    owner = models.CharField(_("owner"), max_length=150)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="financial")
                    & Q(baseline_pence__isnull=False)
                    & Q(target_pence__isnull=False)
                    & Q(baseline_value__isnull=True)
                    & Q(target_value__isnull=True)
                )
                | (
                    Q(kind="non-financial")
                    & Q(baseline_pence__isnull=True)
                    & Q(target_pence__isnull=True)
                    & Q(baseline_value__isnull=False)
                    & Q(target_value__isnull=False)
                ),
                name="benefit_figures_match_kind",
            ),
            models.CheckConstraint(
                condition=Q(target_on__gt=models.F("starts_on")),
                name="benefit_target_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_financial(self) -> bool:
        return self.kind == self.Kind.FINANCIAL


class BenefitActual(models.Model):
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="actuals")
    period_end = models.DateField(_("end of the period"))
    value_pence = models.BigIntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("period_end", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("benefit", "period_end"), name="one_actual_per_benefit_period"
            ),
            models.CheckConstraint(
                condition=(Q(value_pence__isnull=True) & Q(value__isnull=False))
                | (Q(value_pence__isnull=False) & Q(value__isnull=True)),
                name="actual_has_one_figure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benefit} to {self.period_end}"
