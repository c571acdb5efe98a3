"""Every URL declares who may reach it, and nobody reaches another organisation's pages."""

from __future__ import annotations

import re

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


CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _path_for(route: str, ids: dict[str, object]) -> str:
    """Fill every converter in ``route`` from ``ids``; fail loudly on a name the test lacks."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(2)
        assert name in ids, f"add {name!r} to the ids this test knows, for {route}"
        return str(ids[name])

    return "/" + CONVERTER.sub(fill, route)


def _world(membership):
    """An organisation with one of everything a URL can point at."""
    from pathlib import Path

    from rasp.assessments.models import Action
    from rasp.assessments.services import assessment_start, respondent_add
    from rasp.frameworks.selectors import framework_version_latest_published
    from rasp.frameworks.services import framework_version_load

    if framework_version_latest_published() is None:
        source = Path(__file__).resolve().parents[2] / "frameworks" / "rasp-1.0.yaml"
        framework_version_load(source_text=source.read_text(encoding="utf-8"), publish=True)
    assessment = assessment_start(membership=membership, mode="readiness", title="Theirs")
    respondent = respondent_add(
        membership=membership, assessment=assessment, user=membership.user, role="other"
    )
    action = Action.objects.create(assessment=assessment, title="Their action")
    from rasp.organisations.models import Partnership, PartnershipMember
    from rasp.partnerships.models import JointAction, PartnershipEntrant, PartnershipInvitation
    from tests.factories import OrganisationFactory

    partnership = Partnership.objects.create(name="Their partnership", status="planned")
    PartnershipMember.objects.create(partnership=partnership, organisation=membership.organisation)
    joint_action = JointAction.objects.create(partnership=partnership, title="Their joint action")
    invitation = PartnershipInvitation.objects.create(
        partnership=partnership, organisation=membership.organisation, email="x@example.org"
    )
    entrant = PartnershipEntrant.objects.create(
        partnership=partnership, organisation=OrganisationFactory()
    )
    from tests.delivery.world import delivery_world

    return {
        **delivery_world(partnership),
        "organisation_id": membership.organisation_id,
        "member_id": membership.pk,
        "assessment_id": assessment.pk,
        "respondent_id": respondent.pk,
        "action_id": action.pk,
        "section": "shared-vision",
        "page": 0,
        "code": "SV-01",
        "area": "shared-vision",
        "token": "not-a-token",
        "partnership_id": partnership.pk,
        "joint_action_id": joint_action.pk,
        "invitation_id": invitation.pk,
        "entrant_id": entrant.pk,
        "format": "pdf",
    }


@pytest.mark.django_db
def test_members_get_404_for_every_page_of_another_organisation(client):
    mine = MembershipFactory(role="admin")
    theirs = MembershipFactory(role="admin")
    client.force_login(mine.user)
    routes = list(_organisation_routes())
    assert len(routes) >= 20
    ids = _world(theirs)
    for route, _pattern in routes:
        path = _path_for(route, ids)
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"role": "viewer", "email": "x@example.org"}).status_code == 404, (
            path
        )
    theirs.refresh_from_db()
    assert theirs.role == "admin"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_from_every_private_page(client):
    ids = _world(MembershipFactory())
    for route, pattern in _our_patterns():
        if pattern.callback.access_rule == "public":
            continue
        path = _path_for(route, ids)
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/sign-in/?next="), path
