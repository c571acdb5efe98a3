"""Security events go to the audit trail, whichever way in caused them."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from rasp.audit.models import AuditEvent
from rasp.audit.services import audit_record


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditEvent.Action.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditEvent.Action.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit_record(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        actor_email=str(credentials.get("email") or credentials.get("username") or ""),
        request=request,
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    audit_record(action=AuditEvent.Action.LOCKED_OUT, actor_email=username or "", request=request)
