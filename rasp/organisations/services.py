"""Writes about organisations and their members. Each records itself in the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rasp.accounts.models import User
from rasp.accounts.services import user_create
from rasp.audit.models import AuditEvent
from rasp.audit.services import audit_record
from rasp.organisations.models import Invitation, Membership, Organisation
from rasp.organisations.selectors import admin_count
from rasp.organisations.signals import invitation_accepted

INVITATION_SALT = "rasp.organisations.invitation"


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, kind: str, nation: str, official_code: str = "", region: str = ""
) -> Organisation:
    """Create an organisation with the actor as its first admin. Raises ValidationError."""
    organisation = Organisation(
        name=name, kind=kind, nation=nation, official_code=official_code, region=region
    )
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(organisation=organisation, user=actor, role=Membership.Role.ADMIN)
    audit_record(
        action=AuditEvent.Action.ORGANISATION_CREATED,
        actor=actor,
        organisation_id=organisation.pk,
        target=organisation.name,
    )
    return organisation


@transaction.atomic
def organisation_comparison_set(*, membership: Membership, take_part: bool) -> Organisation:
    """An admin opts the organisation in to (or out of) the comparison with similar bodies.

    Saving the organisation brings its stored summary rows in step (``rasp.reports`` listens), so
    opting out removes its figures from every comparison at once."""
    if membership.role != Membership.Role.ADMIN:
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if organisation.compare_with_similar != take_part:
        organisation.compare_with_similar = take_part
        organisation.save(update_fields=["compare_with_similar"])
        audit_record(
            action="comparison-opt-in" if take_part else "comparison-opt-out",
            actor=membership.user,
            organisation_id=organisation.pk,
            target=organisation.name,
        )
    membership.organisation = organisation
    return organisation


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT, compress=True)


@transaction.atomic
def member_invite(*, membership: Membership, email: str, role: str) -> Invitation:
    """Invite someone by email into the actor's organisation and send them the signed link.

    Raises ValidationError if they are already a member. A second invitation to the same address
    replaces the first, so only the newest link works.
    """
    email = email.strip().lower()
    organisation = membership.organisation
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            {
                "email": _("%(email)s is already a member of %(organisation)s")
                % {"email": email, "organisation": organisation.name}
            }
        )
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=membership.user
    )
    link = settings.RASP_BASE_URL.rstrip("/") + reverse(
        "invitations:accept", kwargs={"token": invitation_token(invitation)}
    )
    context = {
        "invitation": invitation,
        "link": link,
        "days": settings.RASP_INVITATION_MAX_AGE // 86400,
    }
    send_mail(
        subject=_("You are invited to join %(organisation)s on RASP")
        % {"organisation": organisation.name},
        message=render_to_string("organisations/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    audit_record(
        action=AuditEvent.Action.MEMBER_INVITED,
        actor=membership.user,
        organisation_id=organisation.pk,
        target=email,
        detail={"role": role},
    )
    return invitation


class InvitationError(Exception):
    """An invitation link that cannot be used; the message says why, in plain words."""


def invitation_from_token(token: str) -> Invitation:
    """The open invitation a link stands for. Raises InvitationError if it is tampered with,
    expired, already used, or replaced by a newer invitation."""
    try:
        payload = signing.loads(
            token, salt=INVITATION_SALT, max_age=settings.RASP_INVITATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise InvitationError(
            _("This invitation has expired. Ask the person who invited you to send a new one.")
        ) from None
    except signing.BadSignature:
        raise InvitationError(
            _("This invitation link is not valid. Check you copied the whole link from the email.")
        ) from None
    invitation_id = payload.get("invitation") if isinstance(payload, dict) else None
    invitation = (
        Invitation.objects.select_related("organisation").filter(pk=int(invitation_id)).first()
        if isinstance(invitation_id, int)
        else None
    )
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationError(
            _(
                "This invitation is no longer valid. Ask the person who invited you to send a new one."
            )
        )
    if invitation.accepted_at is not None:
        raise InvitationError(
            _("This invitation has already been used. Sign in to reach your organisation.")
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User | None, full_name: str = "", password: str | None = None
) -> Membership:
    """Accept an invitation, as the signed-in ``user`` or by creating an account with ``password``.

    Raises InvitationError if it was used meanwhile (the row is locked, so it works once even when
    two requests race), or if the signed-in account is not the invited address.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationError(
            _("This invitation has already been used. Sign in to reach your organisation.")
        )
    if user is None:
        user = user_create(email=invitation.email, password=password, full_name=full_name)
    elif user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _(
                "This invitation is for %(email)s, but you are signed in as %(you)s. Sign out, then open the link again."
            )
            % {"email": invitation.email, "you": user.email}
        )
    membership, _created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    invitation_accepted.send(sender=Invitation, invitation=invitation, membership=membership)
    audit_record(
        action=AuditEvent.Action.INVITATION_ACCEPTED,
        actor=user,
        organisation_id=invitation.organisation_id,
        target=user.email,
        detail={"role": membership.role},
    )
    return membership


def _ensure_an_admin_remains(member: Membership) -> None:
    if (
        member.role == Membership.Role.ADMIN
        and admin_count(organisation_id=member.organisation_id) <= 1
    ):
        raise ValidationError(
            _(
                "%(organisation)s must have at least one organisation admin. Make someone else an admin first."
            )
            % {"organisation": member.organisation.name}
        )


@transaction.atomic
def member_role_change(*, membership: Membership, member: Membership, role: str) -> Membership:
    """Change a member's role. Raises ValidationError if that would leave no admin."""
    member = Membership.objects.select_for_update().select_related("organisation").get(pk=member.pk)
    if role == member.role:
        return member
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Select a role")})
    _ensure_an_admin_remains(member)
    old_role = member.role
    member.role = role
    member.save(update_fields=["role"])
    audit_record(
        action=AuditEvent.Action.MEMBER_ROLE_CHANGED,
        actor=membership.user,
        organisation_id=member.organisation_id,
        target=member.user.email,
        detail={"from": old_role, "to": role},
    )
    return member


@transaction.atomic
def member_remove(*, membership: Membership, member: Membership) -> None:
    """Remove a member. Raises ValidationError for the last admin (nobody could manage it then)."""
    member = (
        Membership.objects.select_for_update()
        .select_related("organisation", "user")
        .get(pk=member.pk)
    )
    _ensure_an_admin_remains(member)
    email = member.user.email
    member.delete()
    audit_record(
        action=AuditEvent.Action.MEMBER_REMOVED,
        actor=membership.user,
        organisation_id=membership.organisation_id,
        target=email,
    )


# Recorded as a plain value: AuditEvent.Action does not list it yet (that needs a migration in the
# audit app).
TWO_FACTOR_REQUIREMENT_CHANGED = "two-factor-requirement-changed"


@transaction.atomic
def organisation_two_factor_require(*, membership: Membership, required: bool) -> Organisation:
    """Make two-factor sign-in compulsory (or not) for every member; organisation admins only."""
    if membership.role != Membership.Role.ADMIN:
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if organisation.require_two_factor == required:
        return organisation
    organisation.require_two_factor = required
    organisation.save(update_fields=["require_two_factor"])
    audit_record(
        action=TWO_FACTOR_REQUIREMENT_CHANGED,
        actor=membership.user,
        organisation_id=organisation.pk,
        target=organisation.name,
        detail={"required": required},
    )
    return organisation
