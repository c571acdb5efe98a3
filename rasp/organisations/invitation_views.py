"""Accepting an invitation: the signed link from the email, for new and existing accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rasp.accounts.forms import NewPasswordForm
from rasp.accounts.models import User
from rasp.core.access import public
from rasp.organisations import services
from rasp.organisations.forms import AcceptNewAccountForm
from rasp.organisations.models import Invitation
from rasp.organisations.services import InvitationError


def _invalid(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "organisations/invitation_invalid.html", {"message": message}, status=400
    )


@public
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponseBase:
    try:
        invitation = services.invitation_from_token(token)
    except InvitationError as error:
        return _invalid(request, str(error))
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        sign_in = reverse("accounts:sign-in") + "?" + urlencode({"next": request.path})
        return render(
            request,
            "organisations/invitation_sign_in.html",
            {"invitation": invitation, "sign_in": sign_in},
        )
    return _accept_new_account(request, invitation)


def _accept_signed_in(request: HttpRequest, invitation: Invitation) -> HttpResponseBase:
    if request.method == "POST":
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)  # type: ignore[arg-type]
        except InvitationError as error:
            return _invalid(request, str(error))
        return _joined(request, membership.organisation_id, invitation)
    if request.user.email.lower() != invitation.email.lower():  # type: ignore[union-attr]
        return _invalid(
            request,
            _(
                "This invitation is for %(email)s, but you are signed in as %(you)s. Sign out, then open the link again."
            )
            % {"email": invitation.email, "you": request.user.email},  # type: ignore[union-attr]
        )
    return render(request, "organisations/invitation_accept.html", {"invitation": invitation})


def _accept_new_account(request: HttpRequest, invitation: Invitation) -> HttpResponseBase:
    # The password form validates against a not-yet-saved user, so the rules about similarity to
    # the email address apply before the account exists.
    candidate = User(email=invitation.email)
    name_form = AcceptNewAccountForm(request.POST or None)
    password_form = NewPasswordForm(candidate, request.POST or None)
    if request.method == "POST" and name_form.is_valid() and password_form.is_valid():
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                user=None,
                full_name=name_form.cleaned_data["full_name"],
                password=password_form.cleaned_data["new_password1"],
            )
        except (InvitationError, ValidationError) as error:
            return _invalid(request, " ".join(getattr(error, "messages", [str(error)])))
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        return _joined(request, membership.organisation_id, invitation)
    context = {"invitation": invitation, "form": name_form, "password_form": password_form}
    return render(request, "organisations/invitation_new_account.html", context)


def _joined(request: HttpRequest, organisation_id: int, invitation: Invitation) -> HttpResponseBase:
    messages.success(
        request, _("You have joined %(name)s") % {"name": invitation.organisation.name}
    )
    return redirect("organisations:detail", organisation_id=organisation_id)
