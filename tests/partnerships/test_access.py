"""Who sees what: members of a current member organisation see every page; everyone else,
including an organisation that left, gets 404 from every URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from rasp.organisations.models import PartnershipMember
from rasp.partnerships.models import JointAction, PartnershipEntrant
from tests.factories import MembershipFactory, OrganisationFactory
from tests.partnerships.builders import World


def _member_pages(world: World) -> list[str]:
    action = JointAction.objects.create(partnership=world.partnership, title="Agree the scope")
    entrant = PartnershipEntrant.objects.create(
        partnership=world.partnership, organisation=OrganisationFactory()
    )
    return [
        world.path(),
        world.path("results/"),
        world.path("health-check/"),
        world.path(f"entrants/{entrant.pk}/"),
        world.path("workshop/"),
        world.path("workshop/SV-01/"),
        world.path("actions/"),
        world.path("actions/new/"),
        world.path(f"actions/{action.pk}/"),
        world.org_path(0, "share/"),
        world.org_path(0, "leave/"),
        world.org_path(0, "invite/"),
    ]


def _not_agreed_code(world: World) -> str:
    from rasp.partnerships.access import partnership_access
    from rasp.partnerships.selectors import joint_result

    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    result = joint_result(access=access).result
    assert result is not None and result.not_agreed
    return result.not_agreed[0]


@pytest.mark.django_db
def test_a_member_admin_sees_every_page(client: Any, world: World) -> None:
    code = _not_agreed_code(world)
    client.force_login(world.admins[0].user)
    for path in _member_pages(world):
        path = path.replace("SV-01", code)
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_an_outsider_gets_404_from_every_page_and_post(client: Any, world: World) -> None:
    outsider = MembershipFactory(role="admin")
    client.force_login(outsider.user)
    pages = _member_pages(world) + [world.path("actions/from-gaps/")]
    for path in pages:
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"assessment": world.assessments[0].pk}).status_code == 404, path
    assert world.partnership.name not in client.get("/partnerships/").content.decode()
    assert JointAction.objects.filter(partnership=world.partnership).count() == 1


@pytest.mark.django_db
def test_an_organisation_that_left_stops_seeing_the_partnership(client: Any, world: World) -> None:
    PartnershipMember.objects.filter(organisation=world.admins[1].organisation).update(
        left_at=timezone.now()
    )
    client.force_login(world.admins[1].user)
    for path in _member_pages(world):
        assert client.get(path).status_code == 404, path
    assert world.partnership.name not in client.get("/partnerships/").content.decode()
    # The others still see it, with the leaver in the history and out of the results.
    client.force_login(world.admins[0].user)
    overview = client.get(world.path()).content.decode()
    assert f"{world.admins[1].organisation.name}: joined" in overview
    results = client.get(world.path("results/")).content.decode()
    assert f">{world.admins[1].organisation.name}</th>" not in results


@pytest.mark.django_db
def test_a_viewer_sees_results_but_cannot_act(client: Any, world: World) -> None:
    viewer = MembershipFactory(organisation=world.admins[1].organisation, role="viewer")
    client.force_login(viewer.user)
    for path in (
        world.path(),
        world.path("results/"),
        world.path("workshop/"),
        world.path("actions/"),
    ):
        assert client.get(path).status_code == 200, path
    code = _not_agreed_code(world)
    assert client.get(world.path(f"workshop/{code}/")).status_code == 403
    assert client.get(world.path("actions/new/")).status_code == 403
    assert client.post(world.path("actions/from-gaps/")).status_code == 403
    own = f"organisations/{viewer.organisation_id}/"
    assert client.get(world.path(own + "share/")).status_code == 403
    assert client.get(world.path(own + "leave/")).status_code == 403
    # Another member's organisation is not theirs to act for at all.
    assert client.get(world.org_path(0, "share/")).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client: Any, world: World) -> None:
    for path in [*_member_pages(world), "/partnerships/", "/partnerships/invitations/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/sign-in/"), path


@pytest.mark.django_db
def test_the_list_shows_my_partnerships_only(client: Any, world: World, published: Any) -> None:
    from tests.partnerships.builders import build_world

    other = build_world(levels=(3,), name="Someone else's partnership", shared=False)
    client.force_login(world.admins[2].user)
    page = client.get("/partnerships/").content.decode()
    assert world.partnership.name in page
    assert other.partnership.name not in page
