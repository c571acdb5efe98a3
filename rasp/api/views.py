"""The pages where a signed-in person makes, lists and revokes their own API tokens."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rasp.api import selectors, services
from rasp.api.forms import TokenForm
from rasp.core.access import signed_in
from rasp.organisations.selectors import organisation_list_for_user


@signed_in
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = selectors.token_list(user=request.user)  # type: ignore[arg-type]
    return render(request, "api/token_list.html", {"tokens": tokens, "now": timezone.now()})


@signed_in
@never_cache
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponseBase:
    own = [(o.pk, o.name) for o in organisation_list_for_user(actor=request.user)]  # type: ignore[arg-type]
    form = TokenForm(
        request.POST or None,
        organisations=own,
        initial={"scope": "read", "expiry": "90", "organisations": [str(pk) for pk, _n in own]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires_at = None
        if data["expiry"] != "never":
            expires_at = timezone.now() + dt.timedelta(days=int(data["expiry"]))
        try:
            row, token = services.token_create(
                user=request.user,  # type: ignore[arg-type]
                name=data["name"],
                scope=data["scope"],
                organisation_ids=[int(pk) for pk in data["organisations"]],
                expires_at=expires_at,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            # The token is in this one response and nowhere else (never_cache: not stored either).
            return render(request, "api/token_created.html", {"token": row, "secret": token})
    return render(request, "api/token_create.html", {"form": form, "has_organisations": bool(own)})


@signed_in
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponseBase:
    token = selectors.token_get(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    if request.method == "POST":
        services.token_revoke(user=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, _("The token “%(name)s” has been revoked") % {"name": token.name})
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token})
