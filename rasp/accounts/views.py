"""Sign in, sign out, password reset and change. Thin: validate, call a service, redirect."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rasp.accounts import two_factor
from rasp.accounts.forms import (
    NewPasswordForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    SignInForm,
)
from rasp.accounts.models import User
from rasp.accounts.services import user_password_set
from rasp.accounts.two_factor_views import start_code_step
from rasp.audit.models import AuditEvent
from rasp.audit.services import audit_record
from rasp.core.access import public, signed_in

DEMO_ACCOUNTS = ("demo@example.com", "outsider@example.com")


def _safe_next(request: HttpRequest) -> str:
    """Only our own paths: ``next=`` never sends anyone to another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _render_sign_in(request: HttpRequest, form: SignInForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "next": _safe_next(request), "demo_accounts": DEMO_ACCOUNTS}
    return render(request, "accounts/sign_in.html", context, status=status)


@public
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponseBase:
    if request.method == "GET":
        return _render_sign_in(request, SignInForm())
    form = SignInForm(request.POST)
    if not form.is_valid():
        return _render_sign_in(request, form)
    user = authenticate(
        request, email=form.cleaned_data["email"].lower(), password=form.cleaned_data["password"]
    )
    if getattr(request, "axes_locked_out", False):
        form.add_error(None, _locked_out_message())
        return _render_sign_in(request, form, status=429)
    if user is None:
        # The same words whether or not the account exists, so nobody can probe for accounts.
        form.add_error(None, _("Enter a correct email address and password"))
        return _render_sign_in(request, form)
    if two_factor.has_two_factor(user):
        return start_code_step(request, user, _safe_next(request))
    login(request, user)
    return HttpResponseRedirect(_safe_next(request))


def _locked_out_message() -> str:
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return _(
        "You have entered the wrong password too many times. "
        "Wait %(minutes)d minutes, then try again, or reset your password."
    ) % {"minutes": minutes}


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes calls this on lockout: keep the sign-in page our view already rendered."""
    if response is not None and response.status_code == 429:
        return response
    form = SignInForm()
    form.is_bound = False
    page = _render_sign_in(request, form, status=429)
    return page


@signed_in
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponseBase:
    # GET shows a button, because signing out changes state and must carry a CSRF token.
    if request.method == "POST":
        logout(request)
        return redirect("accounts:signed-out")
    return render(request, "accounts/sign_out.html")


@public
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


@public
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponseBase:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="accounts/email/password_reset_subject.txt",
            email_template_name="accounts/email/password_reset_body.txt",
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
        audit_record(
            action=AuditEvent.Action.PASSWORD_RESET_REQUESTED,
            actor_email=form.cleaned_data["email"],
            request=request,
        )
        # The same page whether or not the account exists.
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@public
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


def _user_from_reset_link(uidb64: str, token: str) -> User | None:
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


@public
@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponseBase:
    user = _user_from_reset_link(uidb64, token)
    if user is None:
        return render(request, "accounts/password_reset_invalid.html", status=400)
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_set(user=user, password=form.cleaned_data["new_password1"], request=request)
        return redirect("accounts:password-reset-done")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})


@public
def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_done.html")


@signed_in
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponseBase:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_set(
            user=form.user, password=form.cleaned_data["new_password1"], request=request
        )
        update_session_auth_hash(request, form.user)
        from django.contrib import messages

        messages.success(request, _("Your password has been changed"))
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})
