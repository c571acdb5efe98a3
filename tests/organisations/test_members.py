"""Organisations, members and roles; the last admin stays; everything is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rasp.audit.models import AuditEvent
from rasp.organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _url(name, membership, **kwargs):
    return reverse(
        f"organisations:{name}", kwargs={"organisation_id": membership.organisation_id, **kwargs}
    )


def test_create_organisation_makes_the_creator_its_admin(client, user):
    client.force_login(user)
    response = client.post(
        reverse("organisations:create"),
        {
            "name": "Newtown Council",
            "kind": "district",
            "nation": "wales",
            "official_code": "W06000099",
        },
    )
    organisation = Organisation.objects.get(name="Newtown Council")
    assert response["Location"] == reverse(
        "organisations:detail", kwargs={"organisation_id": organisation.pk}
    )
    assert Membership.objects.get(organisation=organisation).role == "admin"
    assert AuditEvent.objects.filter(
        action="organisation-created", organisation_id=organisation.pk
    ).exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"name": "", "kind": "district", "nation": "england"}, "Enter the organisation"),
        ({"name": "x" * 201, "kind": "district", "nation": "england"}, "200 characters or fewer"),
        ({"name": "Ok", "kind": "planet", "nation": "england"}, "Select the type of organisation"),
        ({"name": "Ok", "kind": "district", "nation": ""}, "Select the nation"),
    ],
)
def test_bad_organisation_input_changes_nothing(client, user, data, message):
    client.force_login(user)
    before = Organisation.objects.count()
    response = client.post(reverse("organisations:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.count() == before


def test_duplicate_organisation_name_is_refused(client, user):
    OrganisationFactory(name="Sameville Council")
    client.force_login(user)
    response = client.post(
        reverse("organisations:create"),
        {"name": "Sameville Council", "kind": "district", "nation": "england"},
    )
    assert "already exists" in response.content.decode()


def test_people_in_several_organisations_can_switch(client, user):
    first = MembershipFactory(user=user)
    second = MembershipFactory(user=user, role="viewer")
    client.force_login(user)
    page = client.get(reverse("organisations:list")).content.decode()
    assert first.organisation.name in page and second.organisation.name in page
    response = client.post(_url("switch", second))
    assert response.status_code == 302
    assert client.session["current_organisation_id"] == second.organisation_id


def test_admin_changes_a_role_and_it_is_audited(client, signed_in_admin):
    other = MembershipFactory(organisation=signed_in_admin.organisation, role="viewer")
    response = client.post(
        _url("member-role", signed_in_admin, member_id=other.pk), {"role": "contributor"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.role == "contributor"
    event = AuditEvent.objects.get(action="member-role-changed")
    assert event.detail == {"from": "viewer", "to": "contributor"}
    assert event.actor == signed_in_admin.user


def test_last_admin_cannot_remove_or_demote_themselves(client, signed_in_admin):
    remove = client.post(_url("member-remove", signed_in_admin, member_id=signed_in_admin.pk))
    assert remove.status_code == 400
    assert "must have at least one organisation admin" in remove.content.decode()
    demote = client.post(
        _url("member-role", signed_in_admin, member_id=signed_in_admin.pk), {"role": "viewer"}
    )
    assert "must have at least one organisation admin" in demote.content.decode()
    signed_in_admin.refresh_from_db()
    assert signed_in_admin.role == "admin"


def test_an_admin_can_leave_when_another_admin_remains(client, signed_in_admin):
    MembershipFactory(organisation=signed_in_admin.organisation, role="admin")
    response = client.post(_url("member-remove", signed_in_admin, member_id=signed_in_admin.pk))
    assert response["Location"] == reverse("organisations:list")
    assert not Membership.objects.filter(pk=signed_in_admin.pk).exists()
    assert AuditEvent.objects.filter(action="member-removed").exists()


@pytest.mark.parametrize("role", ["contributor", "viewer"])
def test_non_admins_cannot_manage_members(client, role):
    membership = MembershipFactory(role=role)
    other = MembershipFactory(organisation=membership.organisation, role="viewer")
    client.force_login(membership.user)
    assert client.get(_url("detail", membership)).status_code == 200
    assert client.get(_url("member-invite", membership)).status_code == 403
    assert (
        client.post(
            _url("member-role", membership, member_id=other.pk), {"role": "admin"}
        ).status_code
        == 403
    )
    assert client.post(_url("member-remove", membership, member_id=other.pk)).status_code == 403
    other.refresh_from_db()
    assert other.role == "viewer"


def test_member_ids_from_another_organisation_are_not_found(client, signed_in_admin):
    stranger = MembershipFactory()
    response = client.post(_url("member-remove", signed_in_admin, member_id=stranger.pk))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()
