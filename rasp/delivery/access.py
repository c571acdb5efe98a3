"""Who may reach a delivery programme's pages: the same people as its owner's pages.

A partnership's programme: people in a current member organisation (404 for everyone else,
including people of an organisation that has left). An organisation's programme: its members.
Within that, organisation admins and contributors (and the partnership's coordinator) edit;
viewers read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from rasp.accounts.models import User
from rasp.core.access import declare
from rasp.organisations.models import Membership, Organisation, Partnership, PartnershipMember
from rasp.organisations.permissions import can_contribute
from rasp.organisations.selectors import membership_get
from rasp.partnerships.access import PartnershipAccess, partnership_access


@dataclass(frozen=True)
class DeliveryAccess:
    """The acting user's standing towards one partnership's or one organisation's programme."""

    user: User
    partnership: Partnership | None
    organisation: Organisation | None
    can_edit: bool
    # The organisations benefits can fall to: the current members, or the organisation itself.
    members: tuple[Organisation, ...]
    partnership_access: PartnershipAccess | None = None
    membership: Membership | None = None

    @property
    def kind(self) -> str:
        return "partnership" if self.partnership is not None else "organisation"

    @property
    def owner(self) -> Partnership | Organisation:
        owner = self.partnership or self.organisation
        assert owner is not None
        return owner

    @property
    def owner_name(self) -> str:
        return self.owner.name

    @property
    def owner_kwargs(self) -> dict[str, int]:
        if self.partnership is not None:
            return {"partnership_id": self.partnership.pk}
        return {"organisation_id": self.owner.pk}

    def url(self, name: str, **kwargs: Any) -> str:
        """A delivery page of this owner, e.g. ``access.url("plan")``."""
        return reverse(f"delivery:{self.kind}-{name}", kwargs={**self.owner_kwargs, **kwargs})

    @property
    def audit_organisation_id(self) -> int | None:
        """The organisation the audit trail files a write under: the actor's own."""
        if self.organisation is not None:
            return self.organisation.pk
        if self.partnership_access and self.partnership_access.memberships:
            return self.partnership_access.memberships[0].organisation_id
        return None

    def require_edit(self) -> None:
        if not self.can_edit:
            raise PermissionDenied


def delivery_access_for_partnership(*, actor: User, partnership_id: int) -> DeliveryAccess:
    standing = partnership_access(actor=actor, partnership_id=partnership_id)
    members = tuple(
        row.organisation
        for row in PartnershipMember.objects.filter(
            partnership=standing.partnership, left_at__isnull=True
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )
    can_edit = standing.is_coordinator or any(can_contribute(m) for m in standing.memberships)
    return DeliveryAccess(
        actor, standing.partnership, None, can_edit, members, partnership_access=standing
    )


def delivery_access_for_organisation(*, actor: User, organisation_id: int) -> DeliveryAccess:
    membership = membership_get(actor=actor, organisation_id=organisation_id)
    organisation = membership.organisation
    return DeliveryAccess(
        actor,
        None,
        organisation,
        can_contribute(membership),
        (organisation,),
        membership=membership,
    )


def delivery_access(
    *, actor: User, partnership_id: int | None = None, organisation_id: int | None = None
) -> DeliveryAccess:
    if partnership_id is not None:
        return delivery_access_for_partnership(actor=actor, partnership_id=partnership_id)
    assert organisation_id is not None
    return delivery_access_for_organisation(actor=actor, organisation_id=organisation_id)


def delivery_view(view: Callable[..., HttpResponseBase]) -> Any:
    """For pages of one programme, reached through a partnership's or an organisation's URL: 404
    to everyone outside it; the view receives the ``DeliveryAccess``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access = delivery_access(
            actor=request.user,  # type: ignore[arg-type]
            partnership_id=kwargs.pop("partnership_id", None),
            organisation_id=kwargs.pop("organisation_id", None),
        )
        return view(request, access, *args, **kwargs)

    return declare(login_required(wrapper), "member")
