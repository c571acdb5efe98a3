"""The site administration (Django's admin) signs people in through RASP's own sign-in.

Django's admin has a sign-in form of its own that checks the password only: a member of staff
who set up two-factor sign-in could have skipped the second factor there. This site sends the
admin's sign-in to RASP's (password, then the code for those who have two-factor sign-in), and
lets a member of staff who has two-factor sign-in into the admin only in a session that proved
the second factor. Staff without two-factor sign-in still get in with their password (see
docs/security.md).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from rasp.accounts import two_factor


class RaspAdminSite(admin.AdminSite):
    site_header = "RASP site administration"
    site_title = "RASP site administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not super().has_permission(request):
            return False
        return two_factor.is_verified(user) or not two_factor.has_two_factor(user)  # type: ignore[arg-type]

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Never the admin's password-only form: anyone not yet let in goes to RASP's sign-in,
        or to the code step if they are signed in without the second factor."""
        target = request.GET.get("next", "")
        if not (
            target.startswith("/")
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        ):
            target = reverse("admin:index", current_app=self.name)
        user = request.user
        if self.has_permission(request):
            return HttpResponseRedirect(target)
        query = urlencode({"next": target})
        if user.is_authenticated and user.is_active and user.is_staff:
            # Staff with two-factor sign-in who have not given a code in this session.
            return HttpResponseRedirect(f"{reverse('accounts:sign-in-code')}?{query}")
        # Signed out, or signed in as someone who is not staff: sign in as someone who is.
        return HttpResponseRedirect(f"{reverse('accounts:sign-in')}?{query}")
