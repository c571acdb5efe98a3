"""The members turn a new partner down: the coordinator or a member admin says why; the new
partner stops joining, its shares are withdrawn, its people see the reason; a decision made by
someone else meanwhile is named and nothing is changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rasp.audit.models import AuditEvent
from rasp.organisations.models import PartnershipMember
from rasp.partnerships.access import partnership_access
from rasp.partnerships.models import AssessmentShare, JointAction, PartnershipEntrant
from rasp.partnerships.services import EntrantDecided, entrant_admit, entrant_decline
from tests.factories import MembershipFactory
from tests.partnerships.builders import World, add_entrant

pytestmark = pytest.mark.django_db

REASON = "Your exit terms with the county are not settled.\nCome back when they are."


def _decline_path(world: World, entrant: PartnershipEntrant) -> str:
    return world.path(f"entrants/{entrant.pk}/decline/")


def _access(world: World, index: int = 0) -> Any:
    return partnership_access(actor=world.admins[index].user, partnership_id=world.partnership.pk)


def test_declining_ends_joining_withdraws_the_shares_and_is_audited(
    client: Any, world: World
) -> None:
    entrant, admin, assessment = add_entrant(world, level=1)
    client.force_login(world.admins[0].user)
    client.post(world.path(f"entrants/{entrant.pk}/onboarding-actions/"))
    assert JointAction.objects.filter(entrant=entrant).exists()
    page = client.get(_decline_path(world, entrant))
    assert page.status_code == 200
    assert f"Why are you declining {entrant.organisation.name}?" in page.content.decode()
    response = client.post(_decline_path(world, entrant), {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == world.path()
    overview = client.get(world.path()).content.decode()
    assert "is no longer joining" in overview  # the message, once
    entrant.refresh_from_db()
    assert not entrant.is_current
    assert entrant.declined_at is not None and entrant.withdrawn_at == entrant.declined_at
    assert entrant.declined_by == world.admins[0].user
    assert entrant.decline_reason == REASON
    assert not AssessmentShare.objects.filter(assessment=assessment, withdrawn_at=None).exists()
    # Not a member, never admitted; its onboarding actions stay as the record.
    assert not PartnershipMember.objects.filter(organisation=entrant.organisation).exists()
    assert JointAction.objects.filter(entrant=entrant).exists()
    event = AuditEvent.objects.get(action="partnership-new-partner-declined")
    assert event.target == entrant.organisation.name
    assert event.detail["shares_withdrawn"] == 1
    # The members no longer see it as joining; its own page is gone for it.
    assert entrant.organisation.name not in client.get(world.path()).content.decode()
    assert client.get(world.path(f"entrants/{entrant.pk}/")).status_code == 404
    client.force_login(admin.user)
    assert client.get(world.path(f"joining/{entrant.organisation_id}/")).status_code == 404


def test_the_declined_organisation_sees_the_reason_and_nothing_else(
    client: Any, world: World
) -> None:
    entrant, admin, _assessment = add_entrant(world)
    entrant_decline(access=_access(world), entrant=entrant, reason=REASON)
    client.force_login(admin.user)
    listing = client.get("/partnerships/").content.decode()
    assert "Requests to join that were declined" in listing
    assert world.partnership.name in listing
    assert "Your exit terms with the county are not settled." in listing
    assert "Partnerships you are joining" not in listing
    for member in world.admins:
        assert member.organisation.name not in listing
    # Someone of another organisation sees none of it.
    client.force_login(MembershipFactory(role="admin").user)
    assert "were declined" not in client.get("/partnerships/").content.decode()


def test_a_reason_is_required_and_limited_and_a_bad_one_changes_nothing(
    client: Any, world: World
) -> None:
    entrant, _admin, assessment = add_entrant(world)
    client.force_login(world.admins[0].user)
    for reason, message in (
        ("", "Say why you are declining them"),
        ("   \n ", "Say why you are declining them"),
        ("x" * 2001, "2,000 characters or fewer"),
    ):
        response = client.post(_decline_path(world, entrant), {"reason": reason})
        assert response.status_code == 400, reason
        page = response.content.decode()
        assert "There is a problem" in page and message in page
        assert 'href="#id_reason"' in page
    entrant.refresh_from_db()
    assert entrant.is_current and entrant.decline_reason == ""
    assert AssessmentShare.objects.filter(assessment=assessment, withdrawn_at=None).exists()
    assert not AuditEvent.objects.filter(action="partnership-new-partner-declined").exists()
    with pytest.raises(ValidationError):
        entrant_decline(access=_access(world), entrant=entrant, reason=" ")


def test_only_the_coordinator_or_a_member_admin_may_decline(client: Any, world: World) -> None:
    entrant, admin, _assessment = add_entrant(world)
    viewer = MembershipFactory(role="viewer", organisation=world.admins[1].organisation)
    client.force_login(viewer.user)
    assert client.get(_decline_path(world, entrant)).status_code == 403
    assert client.post(_decline_path(world, entrant), {"reason": REASON}).status_code == 403
    # The joining organisation's own admin cannot decline itself through the members' page.
    client.force_login(admin.user)
    assert client.post(_decline_path(world, entrant), {"reason": REASON}).status_code == 404
    # Nor can an outsider, who cannot tell the partnership exists.
    client.force_login(MembershipFactory(role="admin").user)
    assert client.get(_decline_path(world, entrant)).status_code == 404
    assert client.post(_decline_path(world, entrant), {"reason": REASON}).status_code == 404
    entrant.refresh_from_db()
    assert entrant.is_current
    viewer_access = partnership_access(actor=viewer.user, partnership_id=world.partnership.pk)
    with pytest.raises(PermissionDenied):
        entrant_decline(access=viewer_access, entrant=entrant, reason=REASON)


def test_another_partnerships_entrant_cannot_be_reached_by_its_id(
    client: Any, world: World
) -> None:
    from tests.partnerships.builders import build_world

    other = build_world(name="Another Partnership")
    theirs, _admin, _assessment = add_entrant(other)
    client.force_login(world.admins[0].user)
    assert client.get(_decline_path(world, theirs)).status_code == 404
    assert client.post(_decline_path(world, theirs), {"reason": REASON}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_current


@pytest.mark.parametrize("meanwhile", ["admitted", "declined", "stopped"])
def test_a_decision_made_meanwhile_is_named_and_nothing_is_changed(
    client: Any, world: World, meanwhile: str
) -> None:
    from rasp.partnerships.access import EntrantAccess
    from rasp.partnerships.services import entrant_stop

    entrant, admin, _assessment = add_entrant(world)
    client.force_login(world.admins[1].user)
    assert client.get(_decline_path(world, entrant)).status_code == 200  # the form is open
    if meanwhile == "admitted":
        entrant_admit(access=_access(world), entrant=entrant)
    elif meanwhile == "declined":
        entrant_decline(access=_access(world), entrant=entrant, reason="First reason")
    else:
        entrant_stop(access=EntrantAccess(admin.user, entrant, admin))
    before = PartnershipEntrant.objects.get(pk=entrant.pk)
    response = client.post(_decline_path(world, entrant), {"reason": REASON}, follow=True)
    page = response.content.decode()
    assert f"Nothing was changed: {entrant.organisation.name}" in page
    assert {"admitted": "admitted as a member", "declined": "was declined", "stopped": "stopped"}[
        meanwhile
    ] in page
    after = PartnershipEntrant.objects.get(pk=entrant.pk)
    assert (after.declined_at, after.decline_reason, after.admitted_at, after.withdrawn_at) == (
        before.declined_at,
        before.decline_reason,
        before.admitted_at,
        before.withdrawn_at,
    )
    with pytest.raises(EntrantDecided):
        entrant_decline(access=_access(world), entrant=entrant, reason=REASON)


def test_a_declined_organisation_can_be_invited_again(client: Any, world: World) -> None:
    entrant, admin, _assessment = add_entrant(world)
    entrant_decline(access=_access(world), entrant=entrant, reason=REASON)
    client.force_login(world.admins[0].user)
    response = client.post(
        world.org_path(0, "invite/"), {"email": admin.user.email, "joining": "new-partner"}
    )
    assert response.status_code == 302
