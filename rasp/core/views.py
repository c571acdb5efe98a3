"""Pages that belong to no domain: the start page, legal pages, health check and error pages."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from rasp.core.access import public
from rasp.core.middleware import DATABASE_ERRORS, database_unavailable


@public
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("organisations:list")
    return render(request, "core/home.html")


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@public
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app and its database answer; 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@public
@never_cache
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: what any signed-in page costs before doing anything of its own.

    The whole middleware stack, the session and its user read (as every signed-in page does), one
    trivial query and a tiny page. Routed only when ``RASP_BENCH_FLOOR`` is on (``make bench``).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    who = request.user.get_username() if request.user.is_authenticated else ""
    return HttpResponse(
        '<!DOCTYPE html><html lang="en"><head><title>Floor</title></head>'
        f"<body><p>{escape(who)}</p></body></html>"
    )


def _error_page(request: HttpRequest, status: int, **context: Any) -> HttpResponse:
    return render(request, f"errors/{status}.html", context, status=status)


def too_large(request: HttpRequest) -> HttpResponse:
    """The body was over the size limit: nothing was read or saved."""
    limit = min(
        settings.RASP_MAX_REQUEST_BYTES,
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE or settings.RASP_MAX_REQUEST_BYTES,
    )
    if request.path.startswith("/api/"):
        # The API's one error format (rasp.api.errors), which this layer cannot import.
        message = f"The request body is larger than the limit of {limit} bytes."
        error = {"code": "too_large", "message": message, "details": []}
        return JsonResponse({"error": error}, status=413)
    return _error_page(request, 413, limit_kb=limit // 1024)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _error_page(request, 400, too_many=True)
    return _error_page(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: a database that went away is a 503.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable(request, error)
    return _error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token (often a page left open too long): nothing was saved."""
    return _error_page(request, 403, csrf=True)
