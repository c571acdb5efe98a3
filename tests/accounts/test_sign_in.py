"""Sign-in, lockout, sign-out and the audit trail of security events."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rasp.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign-in")
WRONG = "Enter a correct email address and password"


def test_sign_in_with_right_password_goes_to_organisations(client, user, password):
    response = client.post(SIGN_IN, {"email": user.email.upper(), "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert AuditEvent.objects.filter(action="sign-in", actor=user).count() == 1


def test_wrong_password_and_unknown_email_get_the_same_message(client, user):
    wrong_password = client.post(SIGN_IN, {"email": user.email, "password": "not-it"})
    unknown = client.post(SIGN_IN, {"email": "nobody@example.org", "password": "not-it"})
    for response in (wrong_password, unknown):
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html
        assert WRONG in html
        assert "<title>Error:" in html
    assert AuditEvent.objects.filter(action="sign-in-failed").count() == 2
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "data,message",
    [
        ({"email": "", "password": ""}, "Enter your email address"),
        (
            {"email": "not-an-email", "password": "x"},
            "Enter an email address in the correct format",
        ),
        ({"email": "a" * 250 + "@example.org", "password": "x"}, "254 characters or fewer"),
        ({"email": "a@example.org", "password": ""}, "Enter your password"),
    ],
)
def test_bad_input_gets_a_clear_message(client, data, message):
    response = client.post(SIGN_IN, data)
    html = response.content.decode()
    assert message in html
    assert 'class="govuk-error-summary' in html


def test_lockout_after_repeated_failures_even_with_the_right_password(
    client, user, password, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"email": user.email, "password": "wrong"})
    response = client.post(SIGN_IN, {"email": user.email, "password": password})
    assert response.status_code == 429
    assert "too many times" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="locked-out").exists()


def test_next_parameter_only_goes_to_our_own_paths(client, user, password):
    response = client.post(
        SIGN_IN + "?next=https://evil.example/steal", {"email": user.email, "password": password}
    )
    assert response["Location"] == reverse("core:home")
    client.logout()
    response = client.post(
        SIGN_IN, {"email": user.email, "password": password, "next": "/organisations/"}
    )
    assert response["Location"] == "/organisations/"


def test_sign_out_needs_a_post_and_ends_the_session(client, user):
    client.force_login(user)
    page = client.get(reverse("accounts:sign-out"))
    assert page.status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:signed-out")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign-out", actor=user).exists()


def test_inactive_user_cannot_sign_in(client, password):
    user = UserFactory(is_active=False)
    response = client.post(SIGN_IN, {"email": user.email, "password": password})
    assert WRONG in response.content.decode()


def test_demo_accounts_are_listed_only_in_demo_mode(client, settings):
    settings.RASP_DEMO = False
    assert "demo@example.com" not in client.get(SIGN_IN).content.decode()
    settings.RASP_DEMO = True
    assert "demo@example.com" in client.get(SIGN_IN).content.decode()
