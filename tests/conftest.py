"""Fixtures for the whole suite.

- ``client`` checks that every HTML page it receives is well-formed (html5lib, strict), so
  malformed markup fails the test that produced it.
- ``RASP_EXPECT_DATABASE`` (set by scripts/with-postgres) makes the run fail unless the tests
  really ran on that database, so a PostgreSQL run can never quietly fall back to SQLite.
"""

from __future__ import annotations

import os
from typing import Any

import html5lib
import pytest
from django.test import Client

from tests.factories import PASSWORD, MembershipFactory, UserFactory


class ValidatingClient(Client):
    """A test client that fails on malformed HTML in any response it gets."""

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        content_type = response.get("Content-Type", "")
        if (
            content_type.startswith("text/html")
            and not getattr(response, "streaming", False)
            and response.content  # redirects carry no page
        ):
            assert_well_formed_html(response.content.decode(response.charset or "utf-8"), request)
        return response


def assert_well_formed_html(markup: str, request: dict[str, Any] | None = None) -> None:
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(markup)
    problems = [
        f"line {line}, column {col}: {code} {data or ''}"
        for (line, col), code, data in parser.errors
    ]
    where = (request or {}).get("PATH_INFO", "")
    assert not problems, f"Malformed HTML from {where}:\n" + "\n".join(problems)


@pytest.fixture
def client() -> ValidatingClient:
    return ValidatingClient()


@pytest.fixture(autouse=True, scope="session")
def _expected_database(django_db_setup: Any, django_db_blocker: Any) -> None:
    expected = os.environ.get("RASP_EXPECT_DATABASE")
    if not expected:
        return
    from django.db import connection

    if connection.vendor != expected:
        pytest.exit(
            f"Expected the tests to run on {expected}, but they ran on {connection.vendor}", 3
        )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def admin_membership(db: None) -> Any:
    return MembershipFactory(role="admin")


@pytest.fixture
def signed_in_admin(client: ValidatingClient, admin_membership: Any) -> Any:
    client.force_login(admin_membership.user)
    return admin_membership


@pytest.fixture
def user(db: None) -> Any:
    return UserFactory()
