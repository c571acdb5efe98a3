"""Reads about organisations, always scoped to what the acting user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from rasp.accounts.models import User
from rasp.organisations.models import Invitation, Membership, Organisation


def organisation_list_for_user(*, actor: User) -> QuerySet[Organisation]:
    """The organisations the actor belongs to, by name."""
    return Organisation.objects.filter(memberships__user=actor).order_by("name")


def membership_get(*, actor: User, organisation_id: int) -> Membership:
    """The actor's membership of one organisation.

    Raises Http404 when the actor is not a member, so another organisation's pages look exactly
    like pages that do not exist.
    """
    try:
        return Membership.objects.select_related("organisation").get(
            user=actor, organisation_id=organisation_id
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def member_list(*, membership: Membership) -> QuerySet[Membership]:
    """Everyone in the actor's organisation (the actor's own membership proves access)."""
    return (
        Membership.objects.filter(organisation_id=membership.organisation_id)
        .select_related("user")
        .order_by("user__email")
    )


def member_get(*, membership: Membership, member_id: int) -> Membership:
    """One member of the actor's organisation; 404 for any id outside it."""
    try:
        return member_list(membership=membership).get(pk=member_id)
    except Membership.DoesNotExist:
        raise Http404 from None


def invitation_list_pending(*, membership: Membership) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation_id=membership.organisation_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).order_by("email")


def admin_count(*, organisation_id: int) -> int:
    return Membership.objects.filter(
        organisation_id=organisation_id, role=Membership.Role.ADMIN
    ).count()
