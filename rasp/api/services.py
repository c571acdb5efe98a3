"""Writes about API tokens: create (the token is returned once, only its hash is kept) and revoke.

Both are audited. Nothing here ever stores or logs the token itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rasp.accounts.models import User
from rasp.api.models import ApiToken
from rasp.audit.services import audit_record
from rasp.organisations.selectors import organisation_list_for_user

PREFIX_LENGTH = 8


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    scope: str,
    organisation_ids: Iterable[int] | None = None,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the row and the token, which is never stored.

    ``organisation_ids`` limits the token to some of the user's organisations (default: all of
    them); an id of an organisation the user does not belong to is refused.
    """
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Select what the token may do")})
    own = {org.pk: org for org in organisation_list_for_user(actor=user)}
    chosen = set(own) if organisation_ids is None else set(organisation_ids)
    if not chosen <= set(own):
        raise ValidationError({"organisations": _("Select only your own organisations")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must be in the future")})
    token = secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=token[:PREFIX_LENGTH],
        secret_hash=token_hash(token),
        scope=scope,
        expires_at=expires_at,
    )
    row.organisations.set([own[pk] for pk in sorted(chosen)])
    audit_record(
        action="api-token-created",
        actor=user,
        target=f"api token {row.prefix}",
        detail={
            "name": row.name,
            "scope": scope,
            "organisations": sorted(chosen),
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return row, token


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Stop the token working at once. Revoking twice is harmless."""
    if token.user_id != user.pk:
        raise ValidationError(_("This is not your token"))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action="api-token-revoked",
            actor=user,
            target=f"api token {token.prefix}",
            detail={"name": token.name},
        )
    return token


def token_touch(*, token: ApiToken, every: dt.timedelta = dt.timedelta(minutes=1)) -> None:
    """Note that the token was used, at most once a minute so reads do not all become writes."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= every:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
