"""Writes about partnerships. Each checks who acts, and records itself in the audit trail."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rasp.accounts.models import User
from rasp.assessments.models import Assessment
from rasp.audit.services import audit_record
from rasp.domain.framework.schema import Mode, Scope
from rasp.domain.scoring.answers import AnswersError, validate_answers
from rasp.organisations.models import Membership, Organisation, Partnership, PartnershipMember
from rasp.partnerships.access import EntrantAccess, PartnershipAccess, require_workshop_rights
from rasp.partnerships.models import (
    AssessmentShare,
    JointAction,
    JointAgreedAnswer,
    PartnershipEntrant,
    PartnershipInvitation,
)
from rasp.partnerships.selectors import (
    EntrantComparison,
    JointResult,
    joint_agreed_to_domain,
)

# Audit actions of this app (free text in the trail, like the other apps' own).
SHARED = "assessment-shared"
SHARE_WITHDRAWN = "assessment-share-withdrawn"
LEFT = "partnership-left"
JOINT_AGREED = "joint-level-agreed"
JOINT_ACTION_SAVED = "joint-action-saved"
JOINT_ACTIONS_FROM_GAPS = "joint-actions-from-gaps"
INVITED = "partnership-invited"
INVITATION_ACCEPTED = "partnership-invitation-accepted"
INVITATION_DECLINED = "partnership-invitation-declined"
ENTRANT_JOINING = "partnership-new-partner-joining"
ENTRANT_ADMITTED = "partnership-new-partner-admitted"
ENTRANT_STOPPED = "partnership-new-partner-stopped"
ENTRANT_DECLINED = "partnership-new-partner-declined"
ONBOARDING_ACTIONS = "partnership-onboarding-actions"


def _require_admin_in(access: PartnershipAccess, membership: Membership) -> None:
    if (
        membership.role != Membership.Role.ADMIN
        or membership.user_id != access.user.pk
        or membership not in access.memberships
    ):
        raise PermissionDenied


@transaction.atomic
def assessment_share(
    *, access: PartnershipAccess, membership: Membership, assessment: Assessment
) -> AssessmentShare:
    """Let the partnership see one of the admin's organisation's closed assessments.

    Raises ValidationError if it is still open; sharing twice returns the current share.
    """
    _require_admin_in(access, membership)
    if assessment.organisation_id != membership.organisation_id:
        raise PermissionDenied
    if assessment.status != Assessment.Status.CLOSED:
        raise ValidationError(_("Close the assessment before you share it."))
    current = AssessmentShare.objects.filter(
        assessment=assessment, partnership=access.partnership, withdrawn_at__isnull=True
    ).first()
    if current is not None:
        return current
    share = AssessmentShare.objects.create(
        assessment=assessment, partnership=access.partnership, shared_by=membership.user
    )
    audit_record(
        action=SHARED,
        actor=membership.user,
        organisation_id=membership.organisation_id,
        target=assessment.title,
        detail={"assessment": assessment.pk, "partnership": access.partnership.pk},
    )
    return share


@transaction.atomic
def assessment_share_withdraw(
    *, access: PartnershipAccess, membership: Membership, assessment: Assessment
) -> bool:
    """Withdraw consent at once: nothing of the assessment is shown to the partnership any more.

    Returns False when it was not shared. The row stays as the record of the consent given."""
    _require_admin_in(access, membership)
    if assessment.organisation_id != membership.organisation_id:
        raise PermissionDenied
    withdrawn = AssessmentShare.objects.filter(
        assessment=assessment, partnership=access.partnership, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now(), withdrawn_by=membership.user)
    if withdrawn:
        audit_record(
            action=SHARE_WITHDRAWN,
            actor=membership.user,
            organisation_id=membership.organisation_id,
            target=assessment.title,
            detail={"assessment": assessment.pk, "partnership": access.partnership.pk},
        )
    return bool(withdrawn)


def _withdraw_every_share(
    partnership_id: int, organisation_id: int, at: dt.datetime, by: User
) -> int:
    """Withdraw at once everything the organisation shares with the partnership (it leaves,
    stops joining or is declined); returns how many shares were withdrawn."""
    withdrawn: int = AssessmentShare.objects.filter(
        partnership_id=partnership_id,
        assessment__organisation_id=organisation_id,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=at, withdrawn_by=by)
    return withdrawn


@transaction.atomic
def partnership_leave(*, access: PartnershipAccess, membership: Membership) -> PartnershipMember:
    """The admin's organisation leaves: its row keeps ``left_at``, and its shares are withdrawn."""
    _require_admin_in(access, membership)
    member = (
        PartnershipMember.objects.select_for_update()
        .filter(
            partnership=access.partnership,
            organisation_id=membership.organisation_id,
            left_at__isnull=True,
        )
        .first()
    )
    if member is None:
        raise PermissionDenied
    now = timezone.now()
    member.left_at = now
    member.save(update_fields=["left_at"])
    _withdraw_every_share(access.partnership.pk, membership.organisation_id, now, membership.user)
    audit_record(
        action=LEFT,
        actor=membership.user,
        organisation_id=membership.organisation_id,
        target=access.partnership.name,
        detail={"partnership": access.partnership.pk},
    )
    return member


# Consensus workshop ------------------------------------------------------------------------------


class StaleJointAnswer(Exception):
    """Someone saved an agreed level for the question since the form was opened."""

    def __init__(self, current: JointAgreedAnswer) -> None:
        super().__init__("stale agreed level")
        self.current = current


@transaction.atomic
def joint_agreed_record(
    *,
    access: PartnershipAccess,
    joint: JointResult,
    code: str,
    kind: str,
    level: int | None,
    evidence: str,
    note: str,
    based_on_version: int,
) -> JointAgreedAnswer:
    """Record the partners' agreed joint level for a partnership-scope question.

    Every partner's own answer is untouched. Raises PermissionDenied for anyone but the
    coordinator and member admins, ValidationError for an answer the method refuses (naming the
    question), and StaleJointAnswer when someone saved meanwhile.
    """
    require_workshop_rights(access)
    framework, version = joint.framework, joint.framework_version
    if framework is None or version is None:
        raise PermissionDenied
    try:
        question = framework.question(code)
    except KeyError:
        raise ValidationError({"answer": _("No such question")}) from None
    if question.scope is not Scope.PARTNERSHIP:
        raise ValidationError(
            {"answer": _("Only a partnership-wide question takes an agreed joint level.")}
        )
    is_level = kind == JointAgreedAnswer.Kind.LEVEL
    values = {
        "kind": kind,
        "level": level if is_level else None,
        "evidence": evidence if is_level else "",
        "note": note.strip(),
    }
    row = JointAgreedAnswer(**values)
    try:
        validate_answers(framework, joint.mode, {code: joint_agreed_to_domain(row)})
    except AnswersError as error:
        raise ValidationError({"answer": str(error)}) from error
    if is_level and (level or 0) >= framework.method.evidence_required_from_level and not evidence:
        raise ValidationError({"evidence": _("Select the evidence behind the agreed level")})
    current = (
        JointAgreedAnswer.objects.select_for_update()
        .filter(
            partnership=access.partnership,
            framework_version=version,
            mode=joint.mode.value,
            question_code=code,
        )
        .first()
    )
    if current is not None and current.version != based_on_version:
        raise StaleJointAnswer(current)
    if current is None:
        current = JointAgreedAnswer(
            partnership=access.partnership,
            framework_version=version,
            mode=joint.mode.value,
            question_code=code,
            version=0,
        )
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.agreed_by = access.user
    current.save()
    audit_record(
        action=JOINT_AGREED,
        actor=access.user,
        organisation_id=access.admin_memberships[0].organisation_id
        if access.admin_memberships
        else access.memberships[0].organisation_id,
        target=code,
        detail={
            "partnership": access.partnership.pk,
            "kind": kind,
            "level": values["level"],
            "evidence": values["evidence"],
        },
    )
    return current


# Joint action plan --------------------------------------------------------------------------------


class StaleJointAction(Exception):
    def __init__(self, current: JointAction) -> None:
        super().__init__("stale joint action")
        self.current = current


def _acting_organisation_id(access: PartnershipAccess) -> int:
    chosen = access.admin_memberships or access.memberships
    return chosen[0].organisation_id


@transaction.atomic
def joint_action_save(
    *,
    access: PartnershipAccess,
    action: JointAction | None,
    based_on_version: int,
    title: str,
    owner: Organisation | None,
    status: str,
    due_date: dt.date | None,
    notes: str,
) -> JointAction:
    """Add a joint action or change one; the owner must be a current member. A stale edit raises
    StaleJointAction."""
    require_workshop_rights(access)
    if (
        owner is not None
        and not PartnershipMember.objects.filter(
            partnership=access.partnership, organisation=owner, left_at__isnull=True
        ).exists()
        and not PartnershipEntrant.objects.filter(
            partnership=access.partnership,
            organisation=owner,
            admitted_at__isnull=True,
            withdrawn_at__isnull=True,
        ).exists()
    ):
        raise ValidationError({"owner": _("Select a member organisation")})
    if action is None:
        action = JointAction(partnership=access.partnership, version=0)
    else:
        action = JointAction.objects.select_for_update().get(
            pk=action.pk, partnership=access.partnership
        )
        if action.version != based_on_version:
            raise StaleJointAction(action)
    action.title, action.owner, action.status = title.strip(), owner, status
    action.due_date, action.notes = due_date, notes.strip()
    action.version += 1
    action.full_clean()
    action.save()
    audit_record(
        action=JOINT_ACTION_SAVED,
        actor=access.user,
        organisation_id=_acting_organisation_id(access),
        target=f"joint action {action.pk}",
        detail={"partnership": access.partnership.pk, "status": status},
    )
    return action


@transaction.atomic
def joint_actions_from_gaps(*, access: PartnershipAccess, joint: JointResult) -> int:
    """One action per partnership gap that has none yet, owned by the weakest partner on that
    question (the lead organisation where partners tie or none applies). Returns how many."""
    require_workshop_rights(access)
    result, framework = joint.result, joint.framework
    if result is None or framework is None:
        return 0
    existing = set(
        JointAction.objects.filter(partnership=access.partnership, entrant__isnull=True)
        .exclude(question_code="")
        .values_list("question_code", flat=True)
    )
    by_name = {organisation.name: organisation for organisation in joint.members}
    comparisons = {c.code: c for c in result.comparisons}
    lead = access.partnership.lead_organisation
    created = []
    for gap in result.gaps:
        if gap.code in existing:
            continue
        owner = lead if lead is not None and lead.pk in {o.pk for o in joint.members} else None
        comparison = comparisons.get(gap.code)
        levels = [
            (lvl, name)
            for name, lvl in (comparison.declared if comparison else ())
            if lvl is not None
        ]
        if levels and framework.question(gap.code).scope is Scope.ORGANISATION:
            owner = by_name.get(min(levels)[1], owner)
        text = framework.question(gap.code).text
        title = f"{gap.code}: {gap.advice or text}"
        created.append(
            JointAction(
                partnership=access.partnership,
                question_code=gap.code,
                title=title[:300],
                priority=gap.priority,
                owner=owner,
            )
        )
    JointAction.objects.bulk_create(created)
    audit_record(
        action=JOINT_ACTIONS_FROM_GAPS,
        actor=access.user,
        organisation_id=_acting_organisation_id(access),
        target=access.partnership.name,
        detail={"partnership": access.partnership.pk, "created": len(created)},
    )
    return len(created)


# Invitations between organisations ---------------------------------------------------------------


@transaction.atomic
def partnership_invite(
    *, access: PartnershipAccess, membership: Membership, email: str, as_new_partner: bool = False
) -> PartnershipInvitation:
    """Invite the organisation whose admin has this email address.

    Raises ValidationError when no organisation has an admin with that address, when it is a
    member already, or when it has a pending invitation.
    """
    _require_admin_in(access, membership)
    email = email.strip().lower()
    admins = list(
        Membership.objects.filter(user__email__iexact=email, role=Membership.Role.ADMIN)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if not admins:
        raise ValidationError(
            {"email": _("Nobody with that email address is an organisation admin on this service.")}
        )
    current = set(
        PartnershipMember.objects.filter(
            partnership=access.partnership, left_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    candidates = [m.organisation for m in admins if m.organisation_id not in current]
    if not candidates:
        raise ValidationError(
            {"email": _("Their organisation is already a member of this partnership.")}
        )
    organisation = candidates[0]
    if PartnershipEntrant.objects.filter(
        partnership=access.partnership,
        organisation=organisation,
        admitted_at__isnull=True,
        withdrawn_at__isnull=True,
    ).exists():
        raise ValidationError(
            {
                "email": _("%(name)s is already joining as a new partner.")
                % {"name": organisation.name}
            }
        )
    if PartnershipInvitation.objects.filter(
        partnership=access.partnership,
        organisation=organisation,
        accepted_at__isnull=True,
        declined_at__isnull=True,
    ).exists():
        raise ValidationError(
            {"email": _("%(name)s has already been invited.") % {"name": organisation.name}}
        )
    invitation = PartnershipInvitation.objects.create(
        partnership=access.partnership,
        organisation=organisation,
        email=email,
        as_new_partner=as_new_partner,
        invited_by=membership.user,
        invited_by_organisation=membership.organisation,
    )
    audit_record(
        action=INVITED,
        actor=membership.user,
        organisation_id=membership.organisation_id,
        target=organisation.name,
        detail={
            "partnership": access.partnership.pk,
            "email": email,
            "as_new_partner": as_new_partner,
        },
    )
    return invitation


def _answer_invitation(
    *, actor: User, invitation: PartnershipInvitation, accept: bool
) -> PartnershipInvitation:
    invitation = PartnershipInvitation.objects.select_for_update().get(pk=invitation.pk)
    if (
        not invitation.is_pending
        or not Membership.objects.filter(
            user=actor, organisation_id=invitation.organisation_id, role=Membership.Role.ADMIN
        ).exists()
    ):
        raise PermissionDenied
    now = timezone.now()
    if accept and invitation.as_new_partner:
        # A new partner is not a member yet: it sees nothing of the partnership until admitted.
        invitation.accepted_at = now
        PartnershipEntrant.objects.get_or_create(
            partnership_id=invitation.partnership_id,
            organisation_id=invitation.organisation_id,
            admitted_at=None,
            withdrawn_at=None,
            defaults={"invitation": invitation},
        )
    elif accept:
        invitation.accepted_at = now
        PartnershipMember.objects.get_or_create(
            partnership_id=invitation.partnership_id,
            organisation_id=invitation.organisation_id,
            left_at=None,
        )
    else:
        invitation.declined_at = now
    invitation.save(update_fields=["accepted_at", "declined_at"])
    audit_record(
        action=(ENTRANT_JOINING if invitation.as_new_partner else INVITATION_ACCEPTED)
        if accept
        else INVITATION_DECLINED,
        actor=actor,
        organisation_id=invitation.organisation_id,
        target=Partnership.objects.get(pk=invitation.partnership_id).name,
        detail={"partnership": invitation.partnership_id},
    )
    return invitation


@transaction.atomic
def partnership_invitation_accept(
    *, actor: User, invitation: PartnershipInvitation
) -> PartnershipInvitation:
    """The invited organisation's admin accepts: the organisation becomes a current member."""
    return _answer_invitation(actor=actor, invitation=invitation, accept=True)


@transaction.atomic
def partnership_invitation_decline(
    *, actor: User, invitation: PartnershipInvitation
) -> PartnershipInvitation:
    return _answer_invitation(actor=actor, invitation=invitation, accept=False)


# New partners ------------------------------------------------------------------------------------


def _require_entrant_admin(access: EntrantAccess, assessment: Assessment) -> None:
    if not access.is_admin or assessment.organisation_id != access.entrant.organisation_id:
        raise PermissionDenied


@transaction.atomic
def entrant_share(*, access: EntrantAccess, assessment: Assessment) -> AssessmentShare:
    """The joining organisation's admin lets the partnership's members see its closed
    new-partner assessment (against their baseline). Raises ValidationError for an open one or
    one of another type; sharing twice returns the current share."""
    _require_entrant_admin(access, assessment)
    if assessment.status != Assessment.Status.CLOSED:
        raise ValidationError(_("Close the assessment before you share it."))
    if assessment.mode != Mode.NEW_PARTNER.value:
        raise ValidationError(_("Share a new-partner assessment: it is what the members compare."))
    partnership = access.entrant.partnership
    current = AssessmentShare.objects.filter(
        assessment=assessment, partnership=partnership, withdrawn_at__isnull=True
    ).first()
    if current is not None:
        return current
    share = AssessmentShare.objects.create(
        assessment=assessment, partnership=partnership, shared_by=access.user
    )
    audit_record(
        action=SHARED,
        actor=access.user,
        organisation_id=access.entrant.organisation_id,
        target=assessment.title,
        detail={"assessment": assessment.pk, "partnership": partnership.pk, "new_partner": True},
    )
    return share


@transaction.atomic
def entrant_share_withdraw(*, access: EntrantAccess, assessment: Assessment) -> bool:
    """Withdraw the new partner's consent at once; returns False when it was not shared."""
    _require_entrant_admin(access, assessment)
    partnership = access.entrant.partnership
    withdrawn = AssessmentShare.objects.filter(
        assessment=assessment, partnership=partnership, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now(), withdrawn_by=access.user)
    if withdrawn:
        audit_record(
            action=SHARE_WITHDRAWN,
            actor=access.user,
            organisation_id=access.entrant.organisation_id,
            target=assessment.title,
            detail={"assessment": assessment.pk, "partnership": partnership.pk},
        )
    return bool(withdrawn)


@transaction.atomic
def onboarding_actions_create(*, access: PartnershipAccess, comparison: EntrantComparison) -> int:
    """One onboarding action per entry gap that has none yet, owned by the new partner.

    Priority as for a gap: weight × levels short of the baseline (or of the critical threshold)
    plus the method's bonus for a critical question. Returns how many were created."""
    require_workshop_rights(access)
    joint = comparison.joint
    if joint is None or joint.result is None or joint.result.entrant is None:
        return 0
    framework = joint.framework
    assert framework is not None
    entrant = comparison.entrant
    existing = set(
        JointAction.objects.filter(entrant=entrant).values_list("question_code", flat=True)
    )
    rule = framework.method.entry_gap
    created = []
    for gap in joint.result.entrant.entry_gaps:
        if gap.code in existing:
            continue
        question = framework.question(gap.code)
        aim = (
            gap.baseline if gap.below_baseline and gap.baseline is not None else rule.critical_below
        )
        created.append(
            JointAction(
                partnership=access.partnership,
                entrant=entrant,
                owner_id=entrant.organisation_id,
                question_code=gap.code,
                title=f"{gap.code}: {gap.action or question.text}"[:300],
                priority=question.weight * max(1, aim - gap.level)
                + (framework.method.critical_priority_bonus if question.critical else 0),
            )
        )
    JointAction.objects.bulk_create(created)
    audit_record(
        action=ONBOARDING_ACTIONS,
        actor=access.user,
        organisation_id=_acting_organisation_id(access),
        target=entrant.organisation.name,
        detail={"partnership": access.partnership.pk, "created": len(created)},
    )
    return len(created)


@transaction.atomic
def entrant_admit(*, access: PartnershipAccess, entrant: PartnershipEntrant) -> PartnershipMember:
    """The coordinator or a member admin admits the new partner: it becomes a current member and
    from then on sees what the members share."""
    require_workshop_rights(access)
    entrant = PartnershipEntrant.objects.select_for_update().get(
        pk=entrant.pk, partnership=access.partnership
    )
    if not entrant.is_current:
        raise PermissionDenied
    entrant.admitted_at = timezone.now()
    entrant.admitted_by = access.user
    entrant.save(update_fields=["admitted_at", "admitted_by"])
    member, _created = PartnershipMember.objects.get_or_create(
        partnership=access.partnership, organisation_id=entrant.organisation_id, left_at=None
    )
    audit_record(
        action=ENTRANT_ADMITTED,
        actor=access.user,
        organisation_id=_acting_organisation_id(access),
        target=entrant.organisation.name,
        detail={"partnership": access.partnership.pk, "organisation": entrant.organisation_id},
    )
    return member


DECLINE_REASON_LIMIT = 2000


class EntrantDecided(Exception):
    """The new partner stopped being one (admitted, declined or stopped joining) since the page
    was opened: nothing was changed."""

    def __init__(self, entrant: PartnershipEntrant) -> None:
        super().__init__("the new partner is no longer joining")
        self.entrant = entrant


@transaction.atomic
def entrant_decline(
    *, access: PartnershipAccess, entrant: PartnershipEntrant, reason: str
) -> PartnershipEntrant:
    """The coordinator or a member admin turns the new partner down, saying why: it stops
    joining, every share it made with the partnership is withdrawn, and its people see the
    reason. Its onboarding actions stay in the partnership's plan as the record of what was
    asked of it."""
    require_workshop_rights(access)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the new partner is declined: its people will see it"))
    if len(reason) > DECLINE_REASON_LIMIT:
        raise ValidationError(
            _("The reason must be %(limit)s characters or fewer")
            % {"limit": f"{DECLINE_REASON_LIMIT:,}"}
        )
    locked = (
        PartnershipEntrant.objects.select_for_update()
        .select_related("organisation")
        .get(pk=entrant.pk, partnership=access.partnership)
    )
    if not locked.is_current:
        raise EntrantDecided(locked)
    now = timezone.now()
    locked.withdrawn_at = locked.declined_at = now
    locked.declined_by = access.user
    locked.decline_reason = reason
    locked.save(update_fields=["withdrawn_at", "declined_at", "declined_by", "decline_reason"])
    withdrawn = _withdraw_every_share(
        access.partnership.pk, locked.organisation_id, now, access.user
    )
    audit_record(
        action=ENTRANT_DECLINED,
        actor=access.user,
        organisation_id=_acting_organisation_id(access),
        target=locked.organisation.name,
        detail={
            "partnership": access.partnership.pk,
            "organisation": locked.organisation_id,
            "shares_withdrawn": withdrawn,
        },
    )
    return locked


@transaction.atomic
def entrant_stop(*, access: EntrantAccess) -> PartnershipEntrant:
    """The joining organisation's admin stops joining: the record stays (``withdrawn_at``) and
    every share it made with the partnership is withdrawn at once."""
    if not access.is_admin:
        raise PermissionDenied
    entrant = PartnershipEntrant.objects.select_for_update().get(pk=access.entrant.pk)
    if not entrant.is_current:
        raise PermissionDenied
    now = timezone.now()
    entrant.withdrawn_at = now
    entrant.save(update_fields=["withdrawn_at"])
    _withdraw_every_share(entrant.partnership_id, entrant.organisation_id, now, access.user)
    audit_record(
        action=ENTRANT_STOPPED,
        actor=access.user,
        organisation_id=entrant.organisation_id,
        target=access.entrant.partnership.name,
        detail={"partnership": entrant.partnership_id},
    )
    return entrant
