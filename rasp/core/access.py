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


PENDING_POSTS = "pending_posts"


def keep_unsaved_post(view: View) -> View:
    """If a form arrives after the session expired, keep what was typed instead of losing it.

    The posted fields are parked in the (new, anonymous) session and the person is sent to sign
    in; Django keeps session data across sign-in, so the page can offer them back afterwards
    (see ``take_unsaved_post``). Nothing is saved until the person saves again, signed in.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            fields = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
            pending = request.session.get(PENDING_POSTS, {})
            pending[request.path] = fields
            request.session[PENDING_POSTS] = pending
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def take_unsaved_post(request: HttpRequest) -> dict[str, list[str]] | None:
    """The fields parked for this page by ``keep_unsaved_post``, removed from the session."""
    pending = request.session.get(PENDING_POSTS) or {}
    fields: dict[str, list[str]] | None = pending.pop(request.path, None)
    if fields is not None:
        request.session[PENDING_POSTS] = pending
    return fields
