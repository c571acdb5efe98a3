"""schemathesis against the OpenAPI document: requests it generates for every endpoint, sent with
a real token through Django's test client, never get a server error (5xx)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings

from rasp.api.v1 import api
from tests.api.conftest import make_token
from tests.api.world import build_world

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))


@pytest.fixture
def token(published: Any) -> str:
    world = build_world()
    return make_token(world.admin.user)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_error(case: Any, token: str) -> None:
    sent = case.as_transport_kwargs(base_url="http://testserver")
    path = urlsplit(sent["url"]).path
    query = urlencode(sent.get("params") or {}, doseq=True)
    body = sent.get("json")
    response = Client().generic(
        sent["method"],
        path + (f"?{query}" if query else ""),
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code < 500, (sent["method"], path, response.status_code)
