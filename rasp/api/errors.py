"""One error format for every error the API returns:

``{"error": {"code": "not_found", "message": "...", "details": [...]}}``

``details`` is a list: for validation errors one ``{"field": ..., "message": ...}`` per problem,
for stale saves ``{"current": {...}}`` with what is saved now; otherwise empty.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("rasp.api")

CODES = {
    400: "invalid",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
    500: "server_error",
}

MESSAGES = {
    400: "The request is not valid.",
    401: "Send a valid API token in the Authorization header: Bearer <token>.",
    403: "You are not allowed to do this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    409: "The record changed since you read it; nothing was saved.",
    413: "The request body is too large.",
    429: "Too many requests; wait and try again.",
    500: "Something went wrong on the server; the error has been logged.",
}


class ApiError(Exception):
    """An error response in the one format, raised from anywhere in an endpoint."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        code: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.message = message or MESSAGES.get(status, "Error.")
        self.code = code or CODES.get(status, "error")
        self.details = details or []
        self.headers = headers or {}
        super().__init__(self.message)


def error_body(
    status: int, message: str | None = None, code: str | None = None, details: Any = None
) -> dict[str, Any]:
    return {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": message or MESSAGES.get(status, "Error."),
            "details": details or [],
        }
    }


def error_response(
    status: int,
    message: str | None = None,
    *,
    code: str | None = None,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = JsonResponse(error_body(status, message, code, details), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="rasp"'
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_of(loc: Any) -> str:
    """A pydantic location as a dotted field name, without ninja's internal wrappers."""
    parts = [str(part) for part in loc]
    # ninja prefixes the parameter source ("body", "query", "path") and the argument name.
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        source, rest = parts[0], parts[1:]
        if source == "body" and len(rest) > 1:
            rest = rest[1:]  # the endpoint's argument name
        return ".".join(rest) or source
    return ".".join(parts)


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = []
    for error in errors:
        message = str(error.get("msg", "Invalid value"))
        message = message.removeprefix("Value error, ")
        details.append({"field": _field_of(error.get("loc", ())), "message": message})
    return details


def django_validation_details(error: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field if field != "__all__" else None, "message": str(message)}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": str(message)} for message in error.messages]


def install_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers so every error uses the one format."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(
            exc.status, exc.message, code=exc.code, details=exc.details, headers=exc.headers
        )

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(400, details=validation_details(exc.errors))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return error_response(400, details=django_validation_details(exc))

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        headers = {}
        wait = getattr(exc, "wait", None)
        if exc.status_code == 429 and wait is not None:
            headers["Retry-After"] = str(int(wait) + 1)
        # ninja's own messages (e.g. for a body that is not JSON) are safe to show.
        return error_response(exc.status_code, str(exc) or None, headers=headers)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, str(exc) or None)

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return error_response(
            413,
            f"The request body is larger than the limit of {limit} bytes."
            if limit
            else MESSAGES[413],
        )

    def on_anything_else(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(500)

    api.add_exception_handler(ApiError, on_api_error)  # type: ignore[arg-type]
    api.add_exception_handler(NinjaValidationError, on_validation)  # type: ignore[arg-type]
    api.add_exception_handler(DjangoValidationError, on_django_validation)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, on_authentication)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, on_http_error)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, on_not_found)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, on_permission_denied)  # type: ignore[arg-type]
    api.add_exception_handler(RequestDataTooBig, on_too_big)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, on_anything_else)  # type: ignore[arg-type]
