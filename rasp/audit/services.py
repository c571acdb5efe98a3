"""Writing to the audit trail. Every write that matters calls ``audit_record``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from rasp.audit.models import AuditEvent


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    actor_email: str = "",
    organisation_id: int | None = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record one event. ``actor_email`` names an actor who has no account (a failed sign-in).

    The action must be one of ``AuditEvent.Action``, so the trail never holds a label the site
    administration cannot name."""
    if action not in AuditEvent.Action.values:
        raise ValueError(f"Unknown audit action {action!r}: add it to AuditEvent.Action")
    user = actor if isinstance(actor, AbstractBaseUser) and actor.pk else None
    return AuditEvent.objects.create(
        action=action,
        actor_id=user.pk if user else None,
        actor_email=(getattr(user, "email", "") or actor_email)[:254],
        organisation_id=organisation_id,
        target=target[:200],
        detail=detail or {},
        ip_address=_client_ip(request),
    )
