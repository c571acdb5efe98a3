"""Every view declares who may reach it. A test walks the URL patterns and fails on any view
without a declaration, so nothing ships unguarded by accident.

Rules: ``public`` (anyone), ``signed_in`` (any account), ``member``/``org_admin`` (declared by
``rasp.organisations.permissions``), ``site_admin`` (staff accounts).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

ACCESS_RULES = ("public", "signed-in", "member", "org-admin", "site-admin")

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def declare(view: Any, rule: str) -> Any:
    if rule not in ACCESS_RULES:
        raise ValueError(f"unknown access rule {rule!r}")
    view.access_rule = rule
    return view


def public(view: View) -> View:
    return declare(view, "public")  # type: ignore[no-any-return]


def signed_in(view: View) -> View:
    return declare(login_required(view), "signed-in")  # type: ignore[no-any-return]


def site_admin(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return declare(login_required(wrapper), "site-admin")  # type: ignore[no-any-return]
