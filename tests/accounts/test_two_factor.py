"""Two-factor sign-in: setting it up, signing in with a code or a backup code, throttling wrong
codes, turning it off, and an organisation making it compulsory."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rasp.accounts.services import two_factor_confirm
from rasp.accounts.two_factor import pending_app_device
from rasp.audit.models import AuditEvent
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:sign-in-code")
SET_UP = reverse("accounts:two-factor-set-up")


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app would show (``steps_ahead`` 30-second steps later: the device accepts one
    step either way, and never the same step twice)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def with_two_factor(user) -> tuple[TOTPDevice, list[str]]:  # type: ignore[no-untyped-def]
    pending_app_device(user)
    codes = two_factor_confirm(user=user)
    return TOTPDevice.objects.get(user=user), codes


def unthrottle(device) -> None:  # type: ignore[no-untyped-def]
    """As if the wait after a wrong code had passed."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(hours=1)
    )


def test_setting_up_shows_a_qr_code_and_the_key_then_needs_a_right_code(client, user):
    client.force_login(user)
    page = client.get(SET_UP)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "QR code for your authenticator app" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = re.search(r'id="secret-key">([A-Z2-7 ]+)<', html).group(1)
    import base64

    assert base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8)) == (
        device.bin_key
    )
    wrong = client.post(SET_UP, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "The code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    unthrottle(device)
    response = client.post(SET_UP, {"code": code_for(device)})
    assert response["Location"] == reverse("accounts:two-factor-backup-codes")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    # Shown once: the page after that offers new codes, not the old ones.
    again = client.get(reverse("accounts:two-factor-backup-codes")).content.decode()
    assert codes[0] not in again
    assert AuditEvent.objects.filter(action="two-factor-on", actor=user).count() == 1


def test_sign_in_needs_the_password_then_a_code(client, user, password):
    device, _codes = with_two_factor(user)
    response = client.post(
        SIGN_IN, {"email": user.email, "password": password, "next": "/partnerships/"}
    )
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session  # not signed in on the password alone
    assert client.get("/organisations/")["Location"].startswith(SIGN_IN)
    wrong = client.post(CODE, {"code": "12345"})
    assert "The code is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="two-factor-failed").count() == 1
    unthrottle(device)
    response = client.post(CODE, {"code": code_for(device, 1)})
    assert response["Location"] == "/partnerships/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_backup_code_works_once(client, user, password):
    _device, codes = with_two_factor(user)
    client.post(SIGN_IN, {"email": user.email, "password": password})
    assert client.post(CODE, {"code": codes[0].upper()})["Location"] == reverse("core:home")
    client.logout()
    client.post(SIGN_IN, {"email": user.email, "password": password})
    assert "The code is not right" in client.post(CODE, {"code": codes[0]}).content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_codes_are_throttled(client, user, password):
    device, _codes = with_two_factor(user)
    client.post(SIGN_IN, {"email": user.email, "password": password})
    client.post(CODE, {"code": "000001"})
    # Straight after a wrong code, even the right one is not checked.
    response = client.post(CODE, {"code": code_for(device, 1)})
    assert response.status_code == 429
    assert "Wait" in response.content.decode()
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_five_wrong_codes_need_the_password_again(client, user, password):
    device, _codes = with_two_factor(user)
    client.post(SIGN_IN, {"email": user.email, "password": password})
    for _ in range(5):
        unthrottle(device)
        unthrottle(device.user.staticdevice_set.get())
        response = client.post(CODE, {"code": "000001"})
    assert response["Location"] == SIGN_IN
    unthrottle(device)
    assert client.post(CODE, {"code": code_for(device)})["Location"] == SIGN_IN
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires(client, user, password):
    device, _codes = with_two_factor(user)
    client.post(SIGN_IN, {"email": user.email, "password": password})
    session = client.session
    session["two_factor_pending"]["at"] -= 11 * 60
    session.save()
    assert client.post(CODE, {"code": code_for(device)})["Location"] == SIGN_IN
    assert "_auth_user_id" not in client.session


def test_turning_off_needs_a_code(client, user):
    device, _codes = with_two_factor(user)
    client.force_login(user)
    off = reverse("accounts:two-factor-turn-off")
    assert "The code is not right" in client.post(off, {"code": "999999"}).content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()
    unthrottle(device)
    unthrottle(user.staticdevice_set.get())
    assert client.post(off, {"code": code_for(device)})["Location"] == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert AuditEvent.objects.filter(action="two-factor-off", actor=user).exists()


# Compulsory for an organisation -------------------------------------------------------------------


def test_an_admin_makes_it_compulsory_on_the_security_page(client, admin_membership):
    organisation = admin_membership.organisation
    client.force_login(admin_membership.user)
    path = reverse("organisations:security", kwargs={"organisation_id": organisation.pk})
    page = client.get(path)
    assert "Must everyone in this organisation use two-factor sign-in?" in page.content.decode()
    empty = client.post(path, {})
    assert "Select whether everyone must use two-factor sign-in" in empty.content.decode()
    response = client.post(path, {"required": "yes"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.require_two_factor
    event = AuditEvent.objects.get(action="two-factor-requirement-changed")
    assert event.organisation_id == organisation.pk and event.detail == {"required": True}


def test_only_admins_change_it(client):
    viewer = MembershipFactory(role="viewer")
    client.force_login(viewer.user)
    path = reverse("organisations:security", kwargs={"organisation_id": viewer.organisation_id})
    assert client.post(path, {"required": "yes"}).status_code == 403
    viewer.organisation.refresh_from_db()
    assert not viewer.organisation.require_two_factor


def test_members_without_an_app_are_sent_to_set_one_up_first(client):
    member = MembershipFactory(role="viewer", organisation__require_two_factor=True)
    client.force_login(member.user)
    detail = f"/organisations/{member.organisation_id}/"
    for path in (detail, detail + "assessments/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(SET_UP + "?next=")
        assert "required=1" in response["Location"]
    page = client.get(response["Location"])
    assert "requires two-factor sign-in" in page.content.decode()
    device = TOTPDevice.objects.get(user=member.user)
    done = client.post(SET_UP, {"code": code_for(device)})
    codes = client.get(done["Location"]).content.decode()
    assert f'href="{detail}assessments/"' in codes  # Continue goes back where they were going
    assert client.get(detail).status_code == 200


def test_members_with_an_app_enter_a_code_first(client):
    member = MembershipFactory(role="viewer", organisation__require_two_factor=True)
    device, _codes = with_two_factor(member.user)
    client.force_login(member.user)  # a session that has not proved the second factor
    detail = f"/organisations/{member.organisation_id}/"
    response = client.get(detail)
    assert response["Location"] == CODE + "?next=" + detail.replace("/", "%2F")
    assert client.post(response["Location"], {"code": code_for(device, 1)})["Location"] == detail
    assert client.get(detail).status_code == 200


def test_partnership_pages_of_a_requiring_member_need_it_too(client):
    from rasp.organisations.models import Partnership, PartnershipMember

    member = MembershipFactory(role="admin", organisation__require_two_factor=True)
    partnership = Partnership.objects.create(name="P", status="planned")
    PartnershipMember.objects.create(partnership=partnership, organisation=member.organisation)
    client.force_login(member.user)
    response = client.get(f"/partnerships/{partnership.pk}/")
    assert response["Location"].startswith(SET_UP)


def test_organisations_that_do_not_require_it_are_unaffected(client):
    member = MembershipFactory(role="viewer")
    client.force_login(member.user)
    assert client.get(f"/organisations/{member.organisation_id}/").status_code == 200
