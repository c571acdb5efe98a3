"""The two-factor sign-in pages and the organisation security page pass axe-core and reflow at
320 px; and the whole set-up is done in a real browser, reading the key off the page."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rasp.accounts.services import two_factor_confirm
from rasp.accounts.two_factor import pending_app_device
from tests.browser.pages import Visit
from tests.browser.test_accessibility import AXE_OPTIONS, NARROW, axe, describe
from tests.factories import PASSWORD, UserFactory


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def account(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/account/")


def set_up(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/account/two-factor/set-up/")
    assert visit.page.locator(".rasp-qr-code svg").count() == 1


def set_up_with_errors(visit: Visit) -> None:
    visit.as_admin()
    visit.go("/account/two-factor/set-up/")
    visit.page.fill("#id_code", "12")
    visit.submit("Turn on two-factor sign-in")
    visit.expect_error_summary()


def backup_codes_shown(visit: Visit) -> None:
    """Set up as a person would: the key typed from the page into an 'app' (here, TOTP)."""
    admin = visit.as_admin()
    visit.go("/account/two-factor/set-up/")
    key = visit.page.locator("#secret-key").inner_text()
    assert key.replace(" ", "")
    device = TOTPDevice.objects.get(user=admin.user)
    visit.page.fill("#id_code", _code(device))
    visit.submit("Turn on two-factor sign-in")
    assert visit.page.locator(".rasp-backup-codes li").count() == 10


def sign_in_code(visit: Visit) -> None:
    user = UserFactory()
    pending_app_device(user)
    two_factor_confirm(user=user)
    visit.go("/account/sign-in/")
    visit.page.fill("#id_email", user.email)
    visit.page.fill("#id_password", PASSWORD)
    visit.submit("Sign in")
    assert "/account/sign-in/code/" in visit.page.url


def turn_off(visit: Visit) -> None:
    admin = visit.as_admin()
    pending_app_device(admin.user)
    two_factor_confirm(user=admin.user)
    visit.go("/account/two-factor/turn-off/")


def organisation_security(visit: Visit) -> None:
    admin = visit.as_admin()
    visit.go(f"/organisations/{admin.organisation_id}/security/")


PAGES: dict[str, Callable[[Visit], None]] = {
    f.__name__: f
    for f in (
        account,
        set_up,
        set_up_with_errors,
        backup_codes_shown,
        sign_in_code,
        turn_off,
        organisation_security,
    )
}


@pytest.mark.parametrize("name", PAGES)
def test_two_factor_page_is_accessible(page: Any, sign_in: Callable[..., None], name: str) -> None:
    PAGES[name](Visit(page, sign_in))
    problems = []
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        problems.append(f"axe found problems on {name} ({page.url}):\n{describe(violations)}")
    page.set_viewport_size(NARROW)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > NARROW["width"]:
        problems.append(f"{name} scrolls sideways at 320px: {scroll}px wide")
    assert not problems, "\n\n".join(problems)
