"""Every state-changing request needs a CSRF token: a POST without one, to every URL the site has,
is refused with the friendly 403 page and changes nothing."""

from __future__ import annotations

import pytest

from tests.security.matrix import path_for, walk
from tests.security.snapshot import database_snapshot
from tests.security.test_authorisation_matrix import POST_DATA, MatrixClient
from tests.security.world import build_world, sign_in

pytestmark = pytest.mark.django_db

CSRF_PAGE = "Sorry, your form could not be sent"


def _csrf_exempt(route) -> bool:  # type: ignore[no-untyped-def]
    return getattr(route.pattern.callback, "csrf_exempt", False)


def test_only_the_token_authenticated_api_is_exempt_from_csrf():
    exempt = sorted(r.route for r in walk() if _csrf_exempt(r))
    assert exempt, "the API's views should be exempt (they never read the session cookie)"
    assert all(route.startswith("api/v1/") or route.startswith("api/^v1/") for route in exempt), (
        exempt
    )


@pytest.mark.parametrize("role", ["org_admin", "anonymous"])
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(role, counts):
    world = build_world()
    client = MatrixClient(enforce_csrf_checks=True)
    if world.users[role] is not None:
        sign_in(client, world.users[role])
    before = database_snapshot()
    refused = []
    for route in walk():
        if _csrf_exempt(route):
            continue
        path = path_for(route.route, world.own)
        response = client.post(path, POST_DATA)
        assert response.status_code == 403, f"POST {path} without a CSRF token: {response}"
        if not path.startswith("/site-admin/"):
            assert CSRF_PAGE in response.content.decode(), path
        refused.append(path)
    assert len(refused) > 100
    counts[f"POSTs without a CSRF token ({role})"] = len(refused)
    assert database_snapshot() == before


def test_the_same_post_with_the_token_is_not_refused(client, user, password):
    """The refusal above is the CSRF check, not something else: with the token, sign-in works."""
    client = MatrixClient(enforce_csrf_checks=True)
    client.get("/account/sign-in/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/account/sign-in/",
        {"email": user.email, "password": password, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
