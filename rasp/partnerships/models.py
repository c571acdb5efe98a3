"""What a partnership holds beyond its membership (which lives in ``rasp.organisations``):

* ``AssessmentShare``: an organisation's consent that a partnership may see one of its closed
  assessments. Withdrawing keeps the row (``withdrawn_at``) as the record of consent given.
* ``JointAgreedAnswer``: the level the partners agreed in a consensus workshop for a question where
  their answers say they have not actually agreed. Every partner's own answer stays as it was.
* ``JointAction``: one step of the partnership's joint action plan, owned by a member.
* ``PartnershipInvitation``: an invitation from a member to another organisation to join, either
  straight away or as a new partner (``as_new_partner``).
* ``PartnershipEntrant``: an organisation that accepted an invitation as a new partner. It is not
  a member yet: it completes a new-partner assessment and shares it, the members see it against
  their baseline with its entry gaps and onboarding actions, and the coordinator or a member admin
  admits it, or declines it with a reason the joining organisation sees. Until admitted it sees
  nothing of the partnership beyond its name.

Rows that people edit carry a ``version``: a save names the version it was based on and a save
based on an older one is refused as stale, so nobody overwrites anybody silently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rasp.assessments.models import Action, Assessment, Evidence, Mode
from rasp.frameworks.models import FrameworkVersion
from rasp.organisations.models import Organisation, Partnership


class AssessmentShare(models.Model):
    """An organisation lets a partnership see one of its closed assessments (until withdrawn)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="partnership_shares"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="shares")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-shared_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("assessment", "partnership"),
                condition=Q(withdrawn_at__isnull=True),
                name="one_current_share_per_partnership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} shared with {self.partnership}"


class JointAgreedAnswer(models.Model):
    """The partners' agreed joint level for one partnership-scope question."""

    class Kind(models.TextChoices):
        LEVEL = "level", _("A level")
        DONT_KNOW = "dont-know", _("Don't know")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreed_answers"
    )
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(max_length=20, choices=Mode.choices)
    question_code = models.CharField(max_length=10)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.CharField(max_length=20, choices=Evidence.choices, blank=True)
    note = models.TextField(max_length=2000)
    version = models.PositiveIntegerField(default=1)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("partnership", "framework_version", "mode", "question_code"),
                name="one_joint_agreed_per_question",
            ),
            models.CheckConstraint(
                condition=(Q(kind="level") & Q(level__isnull=False) & Q(level__lte=4))
                | (~Q(kind="level") & Q(level__isnull=True)),
                name="joint_agreed_level_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"Agreed {self.question_code} in {self.partnership_id}"


class JointAction(models.Model):
    """One step of a partnership's joint action plan, owned by a member organisation."""

    Status = Action.Status

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="joint_actions"
    )
    # Set on an onboarding action: one step a new partner takes to close one of its entry gaps.
    entrant = models.ForeignKey(
        "PartnershipEntrant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="onboarding_actions",
    )
    question_code = models.CharField(max_length=10, blank=True)
    title = models.CharField(_("action"), max_length=300)
    priority = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Action.Status.choices, default="not-started")
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-priority", "due_date", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("partnership", "question_code"),
                condition=~Q(question_code="") & Q(entrant__isnull=True),
                name="one_joint_gap_action_per_question",
            ),
            models.UniqueConstraint(
                fields=("entrant", "question_code"),
                condition=~Q(question_code="") & Q(entrant__isnull=False),
                name="one_onboarding_action_per_question",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PartnershipInvitation(models.Model):
    """A member's invitation to another organisation, addressed to that organisation's admin."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnership_invitations"
    )
    email = models.EmailField(max_length=254)
    # A new partner joins only after its new-partner assessment is seen against the baseline.
    as_new_partner = models.BooleanField(default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_by_organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("partnership", "organisation"),
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True),
                name="one_pending_partnership_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} invited to {self.partnership}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None


class PartnershipEntrant(models.Model):
    """An organisation joining a partnership as a new partner, until admitted or withdrawn.

    Joining ends with ``withdrawn_at`` whoever ends it: the joining organisation (it stops) or the
    members (they decline it, and ``declined_at``, ``declined_by`` and ``decline_reason`` say so).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="entrants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnership_entries"
    )
    invitation = models.OneToOneField(
        PartnershipInvitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entrant",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    admitted_at = models.DateTimeField(null=True, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-started_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("partnership", "organisation"),
                condition=Q(admitted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_current_entrant_per_partnership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} joining {self.partnership}"

    @property
    def is_current(self) -> bool:
        return self.admitted_at is None and self.withdrawn_at is None
