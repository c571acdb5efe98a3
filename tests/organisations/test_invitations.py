"""Invitations: signed links that expire and work once; nothing changes on a bad link."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from rasp.accounts.models import User
from rasp.audit.models import AuditEvent
from rasp.organisations.models import Invitation, Membership
from rasp.organisations.services import INVITATION_SALT, invitation_token
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW = "a-brand-new-long-passphrase"


def _invite(client, admin, email="new.person@example.org", role="contributor"):
    return client.post(
        reverse("organisations:member-invite", kwargs={"organisation_id": admin.organisation_id}),
        {"email": email, "role": role},
    )


def _link_path() -> str:
    match = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_invite_then_accept_with_a_new_account(client, signed_in_admin):
    assert _invite(client, signed_in_admin).status_code == 302
    assert mail.outbox[-1].to == ["new.person@example.org"]
    link = _link_path()
    client.logout()
    page = client.get(link)
    assert "Create your account" in page.content.decode()
    response = client.post(
        link, {"full_name": "New Person", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password(NEW)
    assert Membership.objects.get(user=user).role == "contributor"
    assert AuditEvent.objects.filter(action="invitation-accepted", actor=user).exists()
    # It works once.
    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "already been used" in again.content.decode()


def test_invitation_for_an_existing_account_asks_them_to_sign_in(client, signed_in_admin, password):
    existing = UserFactory(email="has.account@example.org")
    _invite(client, signed_in_admin, email="Has.Account@example.org")
    link = _link_path()
    client.logout()
    page = client.get(link)
    assert "already has an account" in page.content.decode()
    # Trying to create a second account with the same address changes nothing.
    client.post(link, {"full_name": "X", "new_password1": NEW, "new_password2": NEW})
    assert User.objects.filter(email__iexact="has.account@example.org").count() == 1
    client.force_login(existing)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(
        user=existing, organisation=signed_in_admin.organisation
    ).exists()


def test_signed_in_as_someone_else_cannot_accept(client, signed_in_admin):
    _invite(client, signed_in_admin, email="intended@example.org")
    link = _link_path()
    response = client.post(link)  # still signed in as the admin
    assert response.status_code == 400
    assert "This invitation is for intended@example.org" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_expired_invitation_is_refused(client, signed_in_admin, settings):
    _invite(client, signed_in_admin)
    link = _link_path()
    settings.RASP_INVITATION_MAX_AGE = -1
    client.logout()
    response = client.get(link)
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_tampered_invitation_link_is_refused(client, signed_in_admin):
    _invite(client, signed_in_admin)
    invitation = Invitation.objects.get()
    forged = signing.dumps({"invitation": invitation.pk}, salt="someone-elses-salt")
    client.logout()
    for token in (forged, invitation_token(invitation)[:-2] + "zz"):
        response = client.get(reverse("invitations:accept", kwargs={"token": token}))
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert (
        signing.loads(invitation_token(invitation), salt=INVITATION_SALT)["invitation"]
        == invitation.pk
    )


def test_a_newer_invitation_replaces_the_older_link(client, signed_in_admin):
    _invite(client, signed_in_admin)
    first = _link_path()
    _invite(client, signed_in_admin)
    client.logout()
    assert client.get(first).status_code == 400
    assert client.get(_link_path()).status_code == 200


@pytest.mark.parametrize(
    "email,message",
    [
        ("", "Enter their email address"),
        ("nope", "correct format"),
        ("a" * 250 + "@example.org", "254 characters or fewer"),
    ],
)
def test_bad_invitation_input_changes_nothing(client, signed_in_admin, email, message):
    response = _invite(client, signed_in_admin, email=email)
    assert message in response.content.decode()
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_inviting_an_existing_member_is_refused(client, signed_in_admin):
    member = MembershipFactory(organisation=signed_in_admin.organisation, role="viewer")
    response = _invite(client, signed_in_admin, email=member.user.email)
    assert "already a member" in response.content.decode()
    assert Invitation.objects.count() == 0


def test_weak_password_on_accept_changes_nothing(client, signed_in_admin):
    _invite(client, signed_in_admin)
    link = _link_path()
    client.logout()
    response = client.post(
        link, {"full_name": "", "new_password1": "short", "new_password2": "short"}
    )
    html = response.content.decode()
    assert "Enter your full name" in html and "too short" in html
    assert not User.objects.filter(email="new.person@example.org").exists()
