"""The JSON API (v1) and the pages where people manage their API tokens."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, path, re_path
from django.views.decorators.csrf import csrf_exempt

from rasp.api import views
from rasp.api.errors import error_response
from rasp.api.v1 import api

app_name = "api"


def _json_errors(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Give the errors ninja answers outside its handlers (405, the bare root) the one format."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return error_response(404)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            return error_response(405, headers={"Allow": response.get("Allow", "")})
        return response

    return wrapper


@csrf_exempt
def _not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404)


_v1_patterns, _v1_app, _v1_namespace = api.urls
for _pattern in _v1_patterns:
    if isinstance(_pattern, URLPattern):
        _pattern.callback = _json_errors(_pattern.callback)

urlpatterns: list[Any] = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/new/", views.token_create, name="token-create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("v1/", (_v1_patterns, _v1_app, _v1_namespace)),
    re_path(r"^v1/(?P<rest>.*)$", _not_found),
]
