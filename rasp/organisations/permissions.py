"""Who may do what in an organisation, used by views, the API and the admin alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from rasp.accounts.two_factor import has_two_factor, is_verified
from rasp.core.access import declare
from rasp.organisations.models import Membership, Organisation
from rasp.organisations.selectors import membership_get


def can_manage_members(membership: Membership) -> bool:
    return membership.role == Membership.Role.ADMIN


def can_contribute(membership: Membership) -> bool:
    return membership.role in (Membership.Role.ADMIN, Membership.Role.CONTRIBUTOR)


def two_factor_redirect(
    request: HttpRequest, organisations: Iterable[Organisation]
) -> HttpResponseBase | None:
    """Where to send someone who has not proved a second factor in this session, if any of
    ``organisations`` requires one; None if they may go on. Nothing of such an organisation is
    shown until then: without an authenticator app they set one up, with one they enter a code.
    """
    if not any(organisation.require_two_factor for organisation in organisations):
        return None
    if is_verified(request.user):
        return None
    if has_two_factor(request.user):  # type: ignore[arg-type]
        target, query = "accounts:sign-in-code", {"next": request.get_full_path()}
    else:
        target, query = (
            "accounts:two-factor-set-up",
            {"next": request.get_full_path(), "required": "1"},
        )
    return redirect(reverse(target) + "?" + urlencode(query))


def _organisation_view(
    view: Callable[..., HttpResponseBase], *, admin_only: bool
) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(
        request: HttpRequest, organisation_id: int, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        membership = membership_get(actor=request.user, organisation_id=organisation_id)  # type: ignore[arg-type]
        blocked = two_factor_redirect(request, [membership.organisation])
        if blocked is not None:
            return blocked
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
