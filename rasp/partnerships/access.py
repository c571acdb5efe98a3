"""Who may reach a partnership's pages, used by every view of this app.

Only people in an organisation that is a current member see anything: everyone else, including the
people of an organisation that has left, gets 404 from every URL, exactly as for a page that does
not exist. Within that:

* any member of a member organisation sees what has been shared with the partnership;
* the admins of a member organisation act for it (share, withdraw, leave, invite);
* the coordinator and member admins run the workshop and the joint action plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

from rasp.accounts.models import User
from rasp.core.access import declare
from rasp.organisations.models import Membership, Partnership, PartnershipMember
from rasp.organisations.permissions import two_factor_redirect
from rasp.partnerships.models import PartnershipEntrant


@dataclass(frozen=True)
class PartnershipAccess:
    """The acting user's standing in one partnership."""

    user: User
    partnership: Partnership
    memberships: tuple[Membership, ...]  # the user's, in organisations that are current members

    @property
    def admin_memberships(self) -> tuple[Membership, ...]:
        return tuple(m for m in self.memberships if m.role == Membership.Role.ADMIN)

    @property
    def is_coordinator(self) -> bool:
        return self.partnership.coordinator_id == self.user.pk

    @property
    def can_run_workshop(self) -> bool:
        """Record agreed joint levels and manage joint actions."""
        return self.is_coordinator or bool(self.admin_memberships)

    def admin_of(self, organisation_id: int) -> Membership | None:
        return next(
            (m for m in self.admin_memberships if m.organisation_id == organisation_id), None
        )


def partnership_access(*, actor: User, partnership_id: int) -> PartnershipAccess:
    """The actor's access to a partnership; Http404 unless one of their organisations is a
    current member."""
    partnership = (
        Partnership.objects.select_related("lead_organisation", "coordinator")
        .filter(pk=partnership_id)
        .first()
    )
    if partnership is None:
        raise Http404
    current = PartnershipMember.objects.filter(
        partnership=partnership, left_at__isnull=True
    ).values("organisation_id")
    memberships = tuple(
        Membership.objects.filter(user=actor, organisation_id__in=current)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if not memberships:
        raise Http404
    return PartnershipAccess(actor, partnership, memberships)


def partnership_view(view: Callable[..., HttpResponseBase]) -> Any:
    """For pages of one partnership: 404 to everyone outside its current members; the view
    receives the ``PartnershipAccess``."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, partnership_id: int, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        access = partnership_access(actor=request.user, partnership_id=partnership_id)  # type: ignore[arg-type]
        blocked = two_factor_redirect(request, [m.organisation for m in access.memberships])
        if blocked is not None:
            return blocked
        return view(request, access, *args, **kwargs)

    return declare(login_required(wrapper), "member")


def partnership_org_admin_view(view: Callable[..., HttpResponseBase]) -> Any:
    """For a member organisation acting in a partnership (URL has ``organisation_id``): 404 unless
    the actor can see the partnership and belongs to that member organisation; 403 unless they
    are its admin. The view receives the access and the admin's membership."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, partnership_id: int, organisation_id: int, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        access = partnership_access(actor=request.user, partnership_id=partnership_id)  # type: ignore[arg-type]
        membership = next(
            (m for m in access.memberships if m.organisation_id == organisation_id), None
        )
        if membership is None:
            raise Http404
        blocked = two_factor_redirect(request, [m.organisation for m in access.memberships])
        if blocked is not None:
            return blocked
        if membership.role != Membership.Role.ADMIN:
            raise PermissionDenied
        return view(request, access, membership, *args, **kwargs)

    return declare(login_required(wrapper), "org-admin")


def require_workshop_rights(access: PartnershipAccess) -> None:
    if not access.can_run_workshop:
        raise PermissionDenied


@dataclass(frozen=True)
class EntrantAccess:
    """A person of an organisation that is joining the partnership as a new partner."""

    user: User
    entrant: PartnershipEntrant
    membership: Membership

    @property
    def is_admin(self) -> bool:
        return self.membership.role == Membership.Role.ADMIN


def entrant_view(view: Callable[..., HttpResponseBase]) -> Any:
    """For the joining organisation's own page (URL has ``organisation_id``): 404 unless the
    organisation is a current new partner of the partnership and the actor belongs to it. The
    view receives the ``EntrantAccess``; it shows nothing of the partnership but its name."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, partnership_id: int, organisation_id: int, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        membership = (
            Membership.objects.filter(user=request.user, organisation_id=organisation_id)  # type: ignore[misc]
            .select_related("organisation")
            .first()
        )
        entrant = (
            PartnershipEntrant.objects.filter(
                partnership_id=partnership_id,
                organisation_id=organisation_id,
                admitted_at__isnull=True,
                withdrawn_at__isnull=True,
            )
            .select_related("partnership", "organisation")
            .first()
        )
        if membership is None or entrant is None:
            raise Http404
        access = EntrantAccess(request.user, entrant, membership)  # type: ignore[arg-type]
        return view(request, access, *args, **kwargs)

    return declare(login_required(wrapper), "member")
