"""Writes about accounts: creating them, changing passwords, two-factor sign-in."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from rasp.accounts import two_factor
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


# Audit actions for two-factor sign-in. Recorded as plain values: AuditEvent.Action does not list
# them yet (that needs a migration in the audit app).
TWO_FACTOR_ON = "two-factor-on"
TWO_FACTOR_OFF = "two-factor-off"
TWO_FACTOR_BACKUP_CODES = "two-factor-backup-codes"
TWO_FACTOR_FAILED = "two-factor-failed"


@transaction.atomic
def two_factor_confirm(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """Confirm the authenticator app being set up (its code was right) and make backup codes."""
    device = two_factor.pending_app_device(user)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = two_factor.backup_codes_replace(user)
    audit_record(action=TWO_FACTOR_ON, actor=user, request=request)
    return codes


@transaction.atomic
def two_factor_backup_codes_replace(*, user: User, request: HttpRequest | None = None) -> list[str]:
    codes = two_factor.backup_codes_replace(user)
    audit_record(action=TWO_FACTOR_BACKUP_CODES, actor=user, request=request)
    return codes


@transaction.atomic
def two_factor_turn_off(*, user: User, request: HttpRequest | None = None) -> None:
    two_factor.devices_delete(user)
    audit_record(action=TWO_FACTOR_OFF, actor=user, request=request)


def two_factor_failed(*, user: User, request: HttpRequest | None = None) -> None:
    audit_record(action=TWO_FACTOR_FAILED, actor=user, request=request)
