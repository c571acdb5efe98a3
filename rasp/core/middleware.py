"""Refuse request bodies larger than RASP_MAX_REQUEST_BYTES before anything reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


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
