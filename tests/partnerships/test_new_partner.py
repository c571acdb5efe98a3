"""A new partner: an organisation accepts a 'new partner' invitation, completes a new-partner
assessment and shares it; the members see it against their baseline with its entry gaps and
onboarding actions, and admit it. Until admitted it sees nothing of the partnership but its name."""

from __future__ import annotations

from typing import Any

import pytest

from rasp.domain.framework.schema import Mode
from rasp.organisations.models import PartnershipMember
from rasp.partnerships.access import partnership_access
from rasp.partnerships.models import JointAction, PartnershipEntrant
from rasp.partnerships.selectors import entrant_comparison, joint_result
from tests.factories import MembershipFactory
from tests.partnerships.builders import World, add_entrant, build_mode_assessment

pytestmark = pytest.mark.django_db


def _entrant_path(world: World, entrant: PartnershipEntrant, tail: str = "") -> str:
    return world.path(f"entrants/{entrant.pk}/{tail}")


def _joining_path(world: World, entrant: PartnershipEntrant) -> str:
    return world.path(f"joining/{entrant.organisation_id}/")


def test_accepting_a_new_partner_invitation_makes_an_entrant_not_a_member(
    client: Any, world: World
) -> None:
    newcomer = MembershipFactory(role="admin")
    client.force_login(world.admins[0].user)
    response = client.post(
        world.org_path(0, "invite/"), {"email": newcomer.user.email, "joining": "new-partner"}
    )
    assert response.status_code == 302
    client.force_login(newcomer.user)
    invitations = client.get("/partnerships/invitations/").content.decode()
    assert "As a new partner" in invitations
    invitation_id = invitations.split("/partnerships/invitations/")[1].split("/")[0]
    response = client.post(f"/partnerships/invitations/{invitation_id}/", {"do": "accept"})
    entrant = PartnershipEntrant.objects.get(organisation=newcomer.organisation)
    assert response["Location"] == _joining_path(world, entrant)
    assert not PartnershipMember.objects.filter(organisation=newcomer.organisation).exists()
    listing = client.get("/partnerships/").content.decode()
    assert "Partnerships you are joining" in listing and world.partnership.name in listing


def test_the_entrant_sees_nothing_of_the_partnership_but_its_name(
    client: Any, world: World
) -> None:
    entrant, admin, _assessment = add_entrant(world)
    client.force_login(admin.user)
    page = client.get(_joining_path(world, entrant)).content.decode()
    assert world.partnership.name in page
    assert "Joining" in page and "Shared" in page  # its own assessment, shared
    for member in world.admins:
        assert member.organisation.name not in page
    assert "Revenues and benefits" not in page  # not even the services in scope
    for tail in ("", "results/", "workshop/", "actions/", "health-check/"):
        assert client.get(world.path(tail)).status_code == 404, tail
    assert client.get(_entrant_path(world, entrant)).status_code == 404
    # Another organisation's people cannot reach the joining page.
    client.force_login(MembershipFactory(role="admin").user)
    assert client.get(_joining_path(world, entrant)).status_code == 404


def test_members_see_the_entrant_against_the_baseline_as_the_engine_computes(
    client: Any, world: World
) -> None:
    entrant, _admin, _assessment = add_entrant(world, level=1)
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    comparison = entrant_comparison(access=access, entrant=entrant)
    assert comparison.missing is None and comparison.joint is not None
    result = comparison.joint.result
    assert result is not None and result.entrant is not None
    gaps = result.entrant.entry_gaps
    assert gaps and all(gap.level <= 1 for gap in gaps)
    # The new partner's assessment never joins the partnership's own result.
    assert len(result.partners) == 3
    client.force_login(world.admins[0].user)
    overview = client.get(world.path()).content.decode()
    assert _entrant_path(world, entrant) in overview
    page = client.get(_entrant_path(world, entrant)).content.decode()
    assert page.count('id="gap-') == len(gaps)
    for gap in gaps:
        assert f'id="gap-{gap.code}"' in page
    assert "Entry gaps" in page and "critical question below level 3" in page


def test_onboarding_actions_are_owned_by_the_entrant_and_not_duplicated(
    client: Any, world: World
) -> None:
    entrant, _admin, _assessment = add_entrant(world, level=1)
    client.force_login(world.admins[0].user)
    assert client.post(_entrant_path(world, entrant, "onboarding-actions/")).status_code == 302
    actions = JointAction.objects.filter(entrant=entrant)
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    gaps = entrant_comparison(access=access, entrant=entrant).joint.result.entrant.entry_gaps  # type: ignore[union-attr]
    assert actions.count() == len(gaps)
    assert {a.owner_id for a in actions} == {entrant.organisation_id}
    client.post(_entrant_path(world, entrant, "onboarding-actions/"))
    assert actions.count() == len(gaps)
    # The partnership's own gap actions still work alongside them.
    client.post(world.path("actions/from-gaps/"))
    assert JointAction.objects.filter(entrant__isnull=True).exists()
    plan = client.get(world.path("actions/")).content.decode()
    assert entrant.organisation.name in plan


def test_withdrawing_the_entrants_share_removes_it_at_once(client: Any, world: World) -> None:
    entrant, admin, assessment = add_entrant(world, level=1)
    client.force_login(admin.user)
    response = client.post(
        _joining_path(world, entrant), {"assessment": assessment.pk, "do": "withdraw"}
    )
    assert response.status_code == 302
    client.force_login(world.admins[0].user)
    page = client.get(_entrant_path(world, entrant)).content.decode()
    assert 'id="no-comparison"' in page and 'id="gap-' not in page


def test_only_a_new_partner_assessment_can_be_shared_by_the_entrant(
    client: Any, world: World
) -> None:
    entrant, admin, _assessment = add_entrant(world, shared=False)
    readiness = build_mode_assessment(admin, Mode.READINESS, 3)
    client.force_login(admin.user)
    # Only its closed new-partner assessments are offered; another id is not found.
    assert (
        client.post(
            _joining_path(world, entrant), {"assessment": readiness.pk, "do": "share"}
        ).status_code
        == 404
    )
    viewer = MembershipFactory(role="viewer", organisation=admin.organisation)
    client.force_login(viewer.user)
    assert client.get(_joining_path(world, entrant)).status_code == 200
    assert (
        client.post(
            _joining_path(world, entrant), {"assessment": _assessment.pk, "do": "share"}
        ).status_code
        == 403
    )


def test_admitting_makes_a_member_who_then_sees_the_partnership(client: Any, world: World) -> None:
    entrant, admin, _assessment = add_entrant(world)
    viewer = MembershipFactory(role="viewer", organisation=world.admins[1].organisation)
    client.force_login(viewer.user)
    assert client.get(_entrant_path(world, entrant)).status_code == 200
    assert client.post(_entrant_path(world, entrant, "admit/")).status_code == 403
    client.force_login(world.admins[1].user)
    assert client.post(_entrant_path(world, entrant, "admit/")).status_code == 302
    assert PartnershipMember.objects.filter(
        partnership=world.partnership, organisation=entrant.organisation, left_at=None
    ).exists()
    client.force_login(admin.user)
    assert client.get(world.path("results/")).status_code == 200
    assert client.get(_joining_path(world, entrant)).status_code == 404
    # Its new-partner assessment does not enter the readiness result.
    access = partnership_access(actor=admin.user, partnership_id=world.partnership.pk)
    assert len(joint_result(access=access).included) == 3


def test_outsiders_get_404_from_every_new_partner_url(client: Any, world: World) -> None:
    entrant, _admin, assessment = add_entrant(world)
    client.force_login(MembershipFactory(role="admin").user)
    for path in (
        _entrant_path(world, entrant),
        _entrant_path(world, entrant, "onboarding-actions/"),
        _entrant_path(world, entrant, "admit/"),
        _joining_path(world, entrant),
        world.path("health-check/"),
    ):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"assessment": assessment.pk}).status_code == 404, path
    assert not PartnershipMember.objects.filter(organisation=entrant.organisation).exists()


def test_an_organisation_already_joining_cannot_be_invited_again(client: Any, world: World) -> None:
    entrant, admin, _assessment = add_entrant(world)
    client.force_login(world.admins[0].user)
    response = client.post(
        world.org_path(0, "invite/"), {"email": admin.user.email, "joining": "member"}
    )
    assert response.status_code == 200
    assert "is already joining as a new partner" in response.content.decode()


def test_stopping_joining_withdraws_everything_at_once(client: Any, world: World) -> None:
    from rasp.partnerships.models import AssessmentShare

    entrant, admin, assessment = add_entrant(world, level=1)
    client.force_login(admin.user)
    response = client.post(_joining_path(world, entrant), {"do": "stop-joining"})
    assert response.status_code == 302
    entrant.refresh_from_db()
    assert entrant.withdrawn_at is not None and not entrant.is_current
    assert not AssessmentShare.objects.filter(assessment=assessment, withdrawn_at=None).exists()
    assert client.get(_joining_path(world, entrant)).status_code == 404
    client.force_login(world.admins[0].user)
    assert client.get(_entrant_path(world, entrant)).status_code == 404
    assert entrant.organisation.name not in client.get(world.path()).content.decode()
