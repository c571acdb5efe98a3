"""Writes about accounts: creating them and changing passwords."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from rasp.accounts.models import User
from rasp.audit.models import AuditEvent
from rasp.audit.services import audit_record


@transaction.atomic
def user_create(*, email: str, password: str | None, full_name: str = "") -> User:
    """Create an account. Raises ValidationError if the email is taken or invalid."""
    return User.objects.create_user(email=email, password=password, full_name=full_name)


@transaction.atomic
def user_password_set(*, user: User, password: str, request: HttpRequest | None = None) -> None:
    """Set a new (already validated) password and record it in the audit trail."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(action=AuditEvent.Action.PASSWORD_CHANGED, actor=user, request=request)
