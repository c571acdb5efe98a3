"""Every URL declares who may reach it, and nobody reaches another organisation's pages."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from rasp.core.access import ACCESS_RULES
from tests.factories import MembershipFactory

# Views we do not write ourselves, guarded by their own framework.
EXEMPT_PREFIXES = ("site-admin/", "api/")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _our_patterns():
    return [
        (route, pattern)
        for route, pattern in _walk(get_resolver().url_patterns)
        if not route.startswith(EXEMPT_PREFIXES)
    ]


def test_every_url_pattern_declares_an_access_rule():
    undeclared = [
        route
        for route, pattern in _our_patterns()
        if getattr(pattern.callback, "access_rule", None) not in ACCESS_RULES
    ]
    assert not undeclared, f"Views without an access rule: {undeclared}"


def _organisation_routes():
    for route, pattern in _our_patterns():
        if pattern.callback.access_rule in ("member", "org-admin"):
            yield route, pattern


def _path_for(route: str, organisation_id: int, member_id: int) -> str:
    return "/" + route.replace("<int:organisation_id>", str(organisation_id)).replace(
        "<int:member_id>", str(member_id)
    )


@pytest.mark.django_db
def test_members_get_404_for_every_page_of_another_organisation(client):
    mine = MembershipFactory(role="admin")
    theirs = MembershipFactory(role="admin")
    client.force_login(mine.user)
    routes = list(_organisation_routes())
    assert len(routes) >= 5
    for route, _pattern in routes:
        path = _path_for(route, theirs.organisation_id, theirs.pk)
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"role": "viewer", "email": "x@example.org"}).status_code == 404, (
            path
        )
    theirs.refresh_from_db()
    assert theirs.role == "admin"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_from_every_private_page(client):
    membership = MembershipFactory()
    for route, pattern in _our_patterns():
        if pattern.callback.access_rule == "public":
            continue
        path = _path_for(route, membership.organisation_id, membership.pk)
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/sign-in/?next="), path
