from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from rasp.api.services import token_create
from rasp.frameworks.services import framework_version_load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def published(db):
    """The real question bank 1.0, loaded and published."""
    return framework_version_load(
        source_text=(ROOT / "frameworks" / "rasp-1.0.yaml").read_text(encoding="utf-8"),
        publish=True,
    )


def make_token(
    user: Any,
    *,
    scope: str = "read-write",
    organisation_ids: list[int] | None = None,
    expires_at: dt.datetime | None = None,
) -> str:
    _row, token = token_create(
        user=user,
        name="Script",
        scope=scope,
        organisation_ids=organisation_ids,
        expires_at=expires_at,
    )
    return token


@dataclass
class Api:
    """A test client that sends a bearer token and JSON bodies."""

    client: Client
    token: str | None = None

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, **self._headers())

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(path, body, content_type="application/json", **self._headers())

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(path, body, content_type="application/json", **self._headers())


def api_as(user: Any, **kwargs: Any) -> Api:
    return Api(Client(), make_token(user, **kwargs))


def in_the_past() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=1)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error format, with the right status."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    if code is not None:
        assert error["code"] == code
    return error
