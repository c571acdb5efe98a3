"""Bearer-token authentication and the per-token rate limit.

Only tokens are accepted, never the browser session, so no API request can be forged from another
site (no cookie is ever read, so there is nothing for CSRF to abuse).

The rate limit counts each token's requests in fixed one-minute windows in the Django cache, which
is the database cache shared by every app process. ``RASP_API_RATE_LIMIT`` (requests a minute,
default 600) sets it; 0 turns it off.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer

from rasp.accounts.models import User
from rasp.api.errors import ApiError
from rasp.api.models import ApiToken
from rasp.api.selectors import token_authenticate, token_organisation_ids
from rasp.api.services import token_touch

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Caller:
    """Who is calling: the token, its owner and the organisations the token may reach."""

    token: ApiToken
    organisation_ids: frozenset[int]

    @property
    def user(self) -> User:
        return self.token.user

    @property
    def can_write(self) -> bool:
        return self.token.can_write


def rate_limit() -> int:
    return int(getattr(settings, "RASP_API_RATE_LIMIT", 600))


def _count_request(token: ApiToken) -> None:
    """Count one request for the token; raise a 429 ApiError when it is over the limit."""
    limit = rate_limit()
    if limit <= 0:
        return
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"rasp-api-rate:{token.pk}:{window}"
    # add() only sets a missing key, so the first request of a window starts the count at 1.
    if cache.add(key, 1, timeout=WINDOW_SECONDS * 2):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
            count = 1
    if count > limit:
        retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)
        raise ApiError(
            429,
            f"Too many requests: the limit is {limit} a minute for each token. "
            f"Try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: an active token of an active account."""

    def __call__(self, request: HttpRequest) -> Caller | None:
        # As ninja's, but never logs the header (it may hold a token).
        scheme, _space, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token:
            return None
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = token_authenticate(token.strip())
        if found is None:
            return None
        _count_request(found)
        token_touch(token=found)
        return Caller(found, token_organisation_ids(found))


def caller_of(request: HttpRequest) -> Caller:
    caller = getattr(request, "auth", None)
    assert isinstance(caller, Caller)
    return caller


def require_write(request: HttpRequest) -> Caller:
    """The caller, if the token may write; 403 in the one error format otherwise."""
    caller = caller_of(request)
    if not caller.can_write:
        raise ApiError(403, "This token is read-only; make a read and write token to change data.")
    return caller
