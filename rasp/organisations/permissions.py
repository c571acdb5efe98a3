"""Who may do what in an organisation, used by views, the API and the admin alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from rasp.core.access import declare
from rasp.organisations.models import Membership
from rasp.organisations.selectors import membership_get


def can_manage_members(membership: Membership) -> bool:
    return membership.role == Membership.Role.ADMIN


def can_contribute(membership: Membership) -> bool:
    return membership.role in (Membership.Role.ADMIN, Membership.Role.CONTRIBUTOR)


def _organisation_view(
    view: Callable[..., HttpResponseBase], *, admin_only: bool
) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(
        request: HttpRequest, organisation_id: int, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        membership = membership_get(actor=request.user, organisation_id=organisation_id)  # type: ignore[arg-type]
        if admin_only and not can_manage_members(membership):
            raise PermissionDenied
        return view(request, membership, *args, **kwargs)

    return login_required(wrapper)


def member_view(view: Callable[..., HttpResponseBase]) -> Any:
    """For pages of one organisation: 404 to non-members; the view receives the membership."""
    return declare(_organisation_view(view, admin_only=False), "member")


def org_admin_view(view: Callable[..., HttpResponseBase]) -> Any:
    """As ``member_view``, and 403 to members who are not the organisation's admin."""
    return declare(_organisation_view(view, admin_only=True), "org-admin")
