"""Two-factor sign-in pages: the code step of signing in, and setting it up, backup codes and
turning it off on the account pages. Thin: check the code, call a service, redirect."""

from __future__ import annotations

import time
from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rasp.accounts import services, two_factor
from rasp.accounts.forms import CodeForm
from rasp.accounts.models import User
from rasp.core.access import public, signed_in

PENDING = "two_factor_pending"
NEW_CODES = "two_factor_new_codes"
AFTER_SET_UP = "two_factor_next"
PENDING_SECONDS = 10 * 60


def start_code_step(request: HttpRequest, user: User, next_url: str) -> HttpResponseBase:
    """The password was right and the account has two factors: ask for a code before signing
    in. Nothing about the account is in the session but its id, for ten minutes."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "next": next_url,
        "at": int(time.time()),
        "tries": 0,
    }
    return redirect("accounts:sign-in-code")


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending: dict[str, Any] | None = request.session.get(PENDING)
    if pending and time.time() - pending["at"] < PENDING_SECONDS:
        return pending
    request.session.pop(PENDING, None)
    return None


def _own_path(request: HttpRequest, target: str, default: str = "") -> str:
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("core:home")


def _code_error(
    request: HttpRequest, form: CodeForm, user: User, check: two_factor.CodeCheck
) -> int:
    if check.wait_until is not None:
        form.add_error(
            "code",
            _("Too many wrong codes. Wait %(seconds)d seconds, then enter a new code")
            % {"seconds": check.wait_seconds},
        )
        return 429
    services.two_factor_failed(user=user, request=request)
    form.add_error(
        "code",
        _("The code is not right. Enter the 6-digit code your app shows now, or a backup code"),
    )
    return 200


@public
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponseBase:
    """Second step of signing in; also where a signed-in person whose organisation requires two
    factors proves it, if this session has not yet."""
    pending = _pending(request)
    if pending is not None:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        next_url = pending["next"]
    elif request.user.is_authenticated and not two_factor.is_verified(request.user):
        user = request.user
        next_url = _own_path(request, request.GET.get("next", ""))
    else:
        return redirect("accounts:sign-in")
    if user is None or not two_factor.has_two_factor(user):
        request.session.pop(PENDING, None)
        return redirect("accounts:sign-in")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = two_factor.code_check(user, form.cleaned_data["code"])
        if check.device is not None:
            if pending is not None:
                request.session.pop(PENDING, None)
                login(request, user, backend=pending["backend"] or None)
            django_otp.login(request, check.device)
            return redirect(next_url)
        status = _code_error(request, form, user, check)
        if pending is not None and check.wait_until is None:
            pending["tries"] += 1
            if pending["tries"] >= two_factor.MAX_CODE_TRIES:
                request.session.pop(PENDING, None)
                messages.error(
                    request, _("Too many wrong codes. Sign in again with your password.")
                )
                return redirect("accounts:sign-in")
            request.session[PENDING] = pending
    return render(request, "accounts/sign_in_code.html", {"form": form}, status=status)


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "two_factor_on": two_factor.has_two_factor(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
    }
    return render(request, "accounts/account.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: HttpRequest) -> HttpResponseBase:
    user: User = request.user  # type: ignore[assignment]
    if "next" in request.GET:
        request.session[AFTER_SET_UP] = _own_path(request, request.GET["next"])
    if two_factor.has_two_factor(user):
        return redirect("accounts:account")
    device = two_factor.pending_app_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = two_factor.code_check(user, form.cleaned_data["code"], devices=[device])
        if check.device is not None:
            request.session[NEW_CODES] = services.two_factor_confirm(user=user, request=request)
            django_otp.login(request, check.device)
            return redirect("accounts:two-factor-backup-codes")
        status = _code_error(request, form, user, check)
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_text(device),
        "required": request.GET.get("required") == "1",
    }
    return render(request, "accounts/two_factor_set_up.html", context, status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_backup_codes(request: HttpRequest) -> HttpResponseBase:
    """Shows new backup codes once; or, with a code, replaces them."""
    user: User = request.user  # type: ignore[assignment]
    if not two_factor.has_two_factor(user):
        return redirect("accounts:account")
    codes = request.session.pop(NEW_CODES, None)
    if codes:
        after = request.session.pop(AFTER_SET_UP, None) or reverse("accounts:account")
        return render(
            request, "accounts/two_factor_backup_codes.html", {"codes": codes, "after": after}
        )
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = two_factor.code_check(user, form.cleaned_data["code"])
        if check.device is not None:
            request.session[NEW_CODES] = services.two_factor_backup_codes_replace(
                user=user, request=request
            )
            return redirect("accounts:two-factor-backup-codes")
        status = _code_error(request, form, user, check)
    context = {"form": form, "left": two_factor.backup_codes_left(user)}
    return render(request, "accounts/two_factor_backup_codes_new.html", context, status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_turn_off(request: HttpRequest) -> HttpResponseBase:
    user: User = request.user  # type: ignore[assignment]
    if not two_factor.has_two_factor(user):
        return redirect("accounts:account")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = two_factor.code_check(user, form.cleaned_data["code"])
        if check.device is not None:
            services.two_factor_turn_off(user=user, request=request)
            messages.success(request, _("Two-factor sign-in is off"))
            return redirect("accounts:account")
        status = _code_error(request, form, user, check)
    return render(request, "accounts/two_factor_turn_off.html", {"form": form}, status=status)
