"""Reads about API tokens, scoped to their owner; and finding the token a request presents."""

from __future__ import annotations

import hmac

from django.db.models import QuerySet
from django.http import Http404

from rasp.accounts.models import User
from rasp.api.models import ApiToken
from rasp.api.services import PREFIX_LENGTH, token_hash


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, with the organisations each may reach."""
    return ApiToken.objects.filter(user=user).prefetch_related("organisations")


def token_get(*, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; Http404 for anyone else's."""
    try:
        return token_list(user=user).get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None


def token_authenticate(presented: str) -> ApiToken | None:
    """The active token matching ``presented``, or None (unknown, revoked, expired, or its owner's
    account is inactive). The hashes are compared in constant time."""
    if len(presented) < PREFIX_LENGTH or len(presented) > 200:
        return None
    wanted = token_hash(presented)
    candidates = ApiToken.objects.filter(prefix=presented[:PREFIX_LENGTH]).select_related("user")
    found = None
    for candidate in candidates:
        if hmac.compare_digest(candidate.secret_hash, wanted):
            found = candidate
    if found is None or not found.is_active or not found.user.is_active:
        return None
    return found


def token_organisation_ids(token: ApiToken) -> frozenset[int]:
    return frozenset(token.organisations.values_list("pk", flat=True))
