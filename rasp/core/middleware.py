"""Middleware of our own.

Database down: when the database is down, say so plainly: a 503 page with Retry-After, never a traceback.

A database restart (maintenance, a fail-over) makes every query fail for a while. Django raises
``OperationalError`` or ``InterfaceError``; left alone, that is a 500 "problem with the service"
page, or in development a traceback. This turns it into our own "service unavailable" page that
tells people to try again and that what they saved is kept. Recovery needs nothing from us: each
request opens its connection afresh, and with persistent connections ``CONN_HEALTH_CHECKS``
replaces a broken one before it is used.

Two places catch the errors: ``process_exception`` for those raised by a view, and the 500
handler (``rasp.core.views.server_error``) for those raised elsewhere (a middleware saving the
session). The page is rendered without touching the database: no signed-in user, no messages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request: HttpRequest, error: BaseException | None = None) -> HttpResponse:
    """The 503 page, rendered without a database: whoever is signed in is shown as signed out
    (their session is untouched), and messages come from the cookie only."""
    logger.warning("Database unavailable for %s %s: %s", request.method, request.path, error)
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    response = render(request, "errors/503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            return self.get_response(request)
        except DATABASE_ERRORS as error:  # with DEBUG_PROPAGATE_EXCEPTIONS, nothing else catches
            return database_unavailable(request, error)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None


class RequestSizeLimitMiddleware:
    """A body declared larger than the limit gets the friendly 413 page (or the API's JSON
    error) at once: nothing is read, parsed or written to disk. Django's own limits
    (DATA_UPLOAD_MAX_MEMORY_SIZE and friends) still apply to bodies that do not declare a length.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: an unreadable length is no body
        if length > settings.RASP_MAX_REQUEST_BYTES:
            from rasp.core.views import too_large

            return too_large(request)
        return self.get_response(request)
