"""The audit trail: who did what, when. Rows are only ever added."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign-in", _("Signed in")
        SIGN_IN_FAILED = "sign-in-failed", _("Failed sign-in")
        LOCKED_OUT = "locked-out", _("Locked out after failed sign-ins")
        SIGN_OUT = "sign-out", _("Signed out")
        PASSWORD_CHANGED = "password-changed", _("Password changed")
        PASSWORD_RESET_REQUESTED = "password-reset-requested", _("Password reset requested")
        ORGANISATION_CREATED = "organisation-created", _("Organisation created")
        MEMBER_INVITED = "member-invited", _("Member invited")
        INVITATION_ACCEPTED = "invitation-accepted", _("Invitation accepted")
        MEMBER_ROLE_CHANGED = "member-role-changed", _("Member's role changed")
        MEMBER_REMOVED = "member-removed", _("Member removed")
        FRAMEWORK_LOADED = "framework-loaded", _("Framework version loaded")
        FRAMEWORK_PUBLISHED = "framework-published", _("Framework version published")
        ASSESSMENT_STARTED = "assessment-started", _("Assessment started")
        RESPONDENT_ADDED = "respondent-added", _("Respondent added")
        RESPONDENT_REMOVED = "respondent-removed", _("Respondent removed")
        RESPONDENT_SUBMITTED = "respondent-submitted", _("Respondent submitted answers")
        AGREED_LEVEL_RECORDED = "agreed-level-recorded", _("Agreed level recorded")
        ASSESSMENT_CLOSED = "assessment-closed", _("Assessment closed")
        ASSESSMENT_REOPENED = "assessment-reopened", _("Assessment reopened")
        COMBINED_VIEW_CHANGED = "combined-view-changed", _("Combined answers shown or hidden")
        ACTION_SAVED = "action-saved", _("Action saved")
        ASSESSMENT_SHARED = "assessment-shared", _("Assessment shared with a partnership")
        ASSESSMENT_SHARE_WITHDRAWN = (
            "assessment-share-withdrawn",
            _("Assessment's sharing withdrawn"),
        )
        PARTNERSHIP_LEFT = "partnership-left", _("Organisation left a partnership")
        JOINT_LEVEL_AGREED = "joint-level-agreed", _("Joint level agreed")
        JOINT_ACTION_SAVED = "joint-action-saved", _("Joint action saved")
        JOINT_ACTIONS_FROM_GAPS = "joint-actions-from-gaps", _("Joint actions created from gaps")
        PARTNERSHIP_INVITED = "partnership-invited", _("Organisation invited to a partnership")
        PARTNERSHIP_INVITATION_ACCEPTED = (
            "partnership-invitation-accepted",
            _("Partnership invitation accepted"),
        )
        PARTNERSHIP_INVITATION_DECLINED = (
            "partnership-invitation-declined",
            _("Partnership invitation declined"),
        )
        NEW_PARTNER_JOINING = "partnership-new-partner-joining", _("New partner started joining")
        NEW_PARTNER_ADMITTED = "partnership-new-partner-admitted", _("New partner admitted")
        NEW_PARTNER_STOPPED = "partnership-new-partner-stopped", _("New partner stopped joining")
        NEW_PARTNER_DECLINED = "partnership-new-partner-declined", _("New partner declined")
        ONBOARDING_ACTIONS = "partnership-onboarding-actions", _("Onboarding actions created")
        ASSESSMENT_TARGETS_CHANGED = "assessment-targets-changed", _("Targets per area changed")
        COMPARISON_OPT_IN = "comparison-opt-in", _("Joined the comparison with similar bodies")
        COMPARISON_OPT_OUT = "comparison-opt-out", _("Left the comparison with similar bodies")
        API_TOKEN_CREATED = "api-token-created", _("API token created")
        API_TOKEN_REVOKED = "api-token-revoked", _("API token revoked")
        TWO_FACTOR_ON = "two-factor-on", _("Two-factor sign-in turned on")
        TWO_FACTOR_OFF = "two-factor-off", _("Two-factor sign-in turned off")
        TWO_FACTOR_BACKUP_CODES = "two-factor-backup-codes", _("New backup codes made")
        TWO_FACTOR_FAILED = "two-factor-failed", _("Wrong two-factor code")
        TWO_FACTOR_REQUIREMENT_CHANGED = (
            "two-factor-requirement-changed",
            _("Two-factor sign-in made compulsory or optional"),
        )
        DELIVERY_PROGRAMME_STARTED = "delivery-programme-started", _("Transition plan started")
        DELIVERY_TASK_SAVED = "delivery-task-saved", _("Transition task saved")
        DELIVERY_TASK_DELETED = "delivery-task-deleted", _("Transition task deleted")
        DELIVERY_TASKS_FROM_ADVICE = "delivery-tasks-from-advice", _("Tasks made from advice")
        DELIVERY_BENEFIT_SAVED = "delivery-benefit-saved", _("Benefit saved")
        DELIVERY_ACTUAL_RECORDED = "delivery-actual-recorded", _("Benefit actual recorded")
        DELIVERY_BENEFIT_DELETED = "delivery-benefit-deleted", _("Benefit deleted")
        DELIVERY_ACTUAL_DELETED = "delivery-actual-deleted", _("Benefit actual deleted")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the trail still says who it was after an account is deleted.
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    target = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email or '-'} {self.action}"
