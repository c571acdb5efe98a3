"""The site administration signs people in through RASP's sign-in: staff with two-factor
sign-in get in only in a session where they gave a code; its own password-only form is gone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.test_two_factor import code_for, with_two_factor
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ADMIN = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")
SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:sign-in-code")


def _staff():  # type: ignore[no-untyped-def]
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_admin_sends_people_signed_out_to_rasps_sign_in(client):
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(ADMIN_LOGIN)
    response = client.get(f"{ADMIN_LOGIN}?next={ADMIN}")
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=%2Fsite-admin%2F"


def test_the_admins_own_password_form_signs_nobody_in(client):
    staff = _staff()
    response = client.post(ADMIN_LOGIN, {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    assert "_auth_user_id" not in client.session


def test_staff_with_two_factor_need_the_code_in_this_session(client):
    staff = _staff()
    device, _codes = with_two_factor(staff)
    client.force_login(staff)  # the password alone, as if the code step had been skipped
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == f"{CODE}?next=%2Fsite-admin%2F"
    assert response.status_code == 200
    # The code step lets them in, straight on to the admin.
    response = client.post(f"{CODE}?next=%2Fsite-admin%2F", {"code": code_for(device)})
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_staff_sign_in_with_password_and_code_reaches_the_admin(client):
    staff = _staff()
    device, _codes = with_two_factor(staff)
    response = client.post(SIGN_IN, {"email": staff.email, "password": PASSWORD, "next": ADMIN})
    assert response["Location"] == CODE
    assert client.get(ADMIN).status_code == 302  # not yet
    assert client.post(CODE, {"code": code_for(device)})["Location"] == ADMIN
    page = client.get(ADMIN)
    assert page.status_code == 200 and "RASP site administration" in page.content.decode()


def test_staff_without_two_factor_still_get_in_with_their_password(client):
    staff = _staff()
    response = client.post(SIGN_IN, {"email": staff.email, "password": PASSWORD, "next": ADMIN})
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    # Signed in already: the admin's sign-in page sends them on.
    assert client.get(f"{ADMIN_LOGIN}?next={ADMIN}")["Location"] == ADMIN


def test_people_who_are_not_staff_are_sent_to_sign_in_as_someone_who_is(client, user):
    client.force_login(user)
    assert client.get(ADMIN)["Location"].startswith(ADMIN_LOGIN)
    assert client.get(ADMIN_LOGIN)["Location"] == f"{SIGN_IN}?next=%2Fsite-admin%2F"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "site-admin"]
)
def test_the_admin_sign_in_never_sends_anyone_elsewhere(client, target):
    staff = _staff()
    client.force_login(staff)
    response = client.get(ADMIN_LOGIN, {"next": target})
    assert response["Location"] == ADMIN
