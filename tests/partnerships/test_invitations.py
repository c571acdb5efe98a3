"""Invitations between organisations: a member admin invites another organisation by its admin's
email; that admin accepts or declines; nothing of the partnership is visible before accepting."""

from __future__ import annotations

from typing import Any

import pytest

from rasp.audit.models import AuditEvent
from rasp.organisations.models import PartnershipMember
from rasp.partnerships.models import PartnershipInvitation
from tests.factories import MembershipFactory
from tests.partnerships.builders import World


def _invite(client: Any, world: World, email: str) -> Any:
    client.force_login(world.admins[0].user)
    return client.post(world.org_path(0, "invite/"), {"email": email, "joining": "member"})


@pytest.mark.django_db
def test_invite_and_accept(client: Any, world: World) -> None:
    newcomer = MembershipFactory(role="admin")
    assert _invite(client, world, newcomer.user.email.upper()).status_code == 302
    invitation = PartnershipInvitation.objects.get()
    assert invitation.organisation == newcomer.organisation
    assert AuditEvent.objects.filter(action="partnership-invited").count() == 1
    assert newcomer.organisation.name in client.get(world.path()).content.decode()

    client.force_login(newcomer.user)
    assert client.get(world.path()).status_code == 404  # nothing before accepting
    page = client.get("/partnerships/invitations/").content.decode()
    assert world.partnership.name in page
    assert (
        "1 invitation to a partnership is waiting" in client.get("/partnerships/").content.decode()
    )
    response = client.post(f"/partnerships/invitations/{invitation.pk}/", {"do": "accept"})
    assert response.status_code == 302
    assert PartnershipMember.objects.filter(
        partnership=world.partnership, organisation=newcomer.organisation, left_at=None
    ).exists()
    assert client.get(world.path()).status_code == 200
    assert AuditEvent.objects.filter(action="partnership-invitation-accepted").count() == 1


@pytest.mark.django_db
def test_decline(client: Any, world: World) -> None:
    newcomer = MembershipFactory(role="admin")
    _invite(client, world, newcomer.user.email)
    invitation = PartnershipInvitation.objects.get()
    client.force_login(newcomer.user)
    client.post(f"/partnerships/invitations/{invitation.pk}/", {"do": "decline"})
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert client.get(world.path()).status_code == 404
    assert AuditEvent.objects.filter(action="partnership-invitation-declined").count() == 1


@pytest.mark.django_db
def test_only_the_invited_organisations_admin_can_answer(client: Any, world: World) -> None:
    newcomer = MembershipFactory(role="admin")
    _invite(client, world, newcomer.user.email)
    invitation = PartnershipInvitation.objects.get()
    for someone in (
        MembershipFactory(organisation=newcomer.organisation, role="contributor"),
        MembershipFactory(role="admin"),
    ):
        client.force_login(someone.user)
        page = client.get("/partnerships/invitations/").content.decode()
        assert 'id="no-invitations"' in page
        response = client.post(f"/partnerships/invitations/{invitation.pk}/", {"do": "accept"})
        assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending


@pytest.mark.django_db
def test_invitation_errors(client: Any, world: World) -> None:
    response = _invite(client, world, "nobody@example.org")
    assert "Nobody with that email address is an organisation admin" in response.content.decode()
    response = _invite(client, world, world.admins[1].user.email)
    assert "already a member of this partnership" in response.content.decode()
    newcomer = MembershipFactory(role="admin")
    _invite(client, world, newcomer.user.email)
    response = _invite(client, world, newcomer.user.email)
    assert "has already been invited" in response.content.decode()
    assert PartnershipInvitation.objects.count() == 1
