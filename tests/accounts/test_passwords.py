"""Password reset reveals nothing about accounts; links are signed, expire and work once."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from rasp.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
RESET = reverse("accounts:password-reset")
NEW = "a-brand-new-long-passphrase"


def _link_from_mail() -> str:
    match = re.search(r"https?://[^/\s]+(/account/password-reset/[^\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_reset_for_an_unknown_email_looks_the_same_and_sends_no_link(client, user):
    known = client.post(RESET, {"email": user.email})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # One email each, so the mail server's traffic does not tell accounts apart either.
    assert [m.to for m in mail.outbox] == [[user.email], ["nobody@example.org"]]
    assert "password-reset/" in mail.outbox[0].body
    assert "no RASP account" in mail.outbox[1].body
    assert "/account/password-reset/" in mail.outbox[1].body  # only the form, not a link


def test_reset_link_sets_a_new_password_once(client, user):
    client.post(RESET, {"email": user.email})
    link = _link_from_mail()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert AuditEvent.objects.filter(action="password-changed", actor=user).exists()
    again = client.get(link)
    assert again.status_code == 400
    assert "This link does not work" in again.content.decode()


def test_tampered_reset_link_is_refused(client, user):
    client.post(RESET, {"email": user.email})
    link = _link_from_mail()
    tampered = link[:-3] + ("x" if link[-3] != "x" else "y") + link[-2:]
    response = client.get(tampered)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "new1,new2,message",
    [
        ("short", "short", "too short"),
        (NEW, NEW + "x", "two password fields didn"),
        ("", "", "Enter a new password"),
        ("12345678901234", "12345678901234", "entirely numeric"),
    ],
)
def test_weak_or_mismatched_new_password_changes_nothing(
    client, user, password, new1, new2, message
):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": password, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


def test_password_change_keeps_the_user_signed_in(client, user, password):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": password, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert client.get(reverse("organisations:list")).status_code == 200
