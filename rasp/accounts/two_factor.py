"""Two-factor sign-in: an authenticator app (TOTP) and single-use backup codes (django-otp).

A person has two factors once they confirm an authenticator app: then signing in needs the
password and a code from the app, or one of the backup codes. Wrong codes slow the device down
(django-otp waits 1, 2, 4, 8... seconds after each), and a pending sign-in allows only
``MAX_CODE_TRIES`` wrong codes before the password is needed again.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import datetime

import segno
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rasp.accounts.models import User

BACKUP_CODE_COUNT = 10
MAX_CODE_TRIES = 5
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def is_verified(user: object) -> bool:
    """Signed in with a second factor in this session (django-otp's middleware adds this)."""
    return bool(getattr(user, "is_verified", lambda: False)())


def has_two_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_app_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator device being set up (made on first need, kept until
    confirmed, so reloading the page shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// link as an inline SVG QR code (no script, no inline style)."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app", omitsize=False
    )
    return svg


def secret_text(device: TOTPDevice) -> str:
    """The secret key in base32, in groups of four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None
    wait_until: datetime | None  # set when every device refused to check because of throttling

    @property
    def wait_seconds(self) -> int:
        if self.wait_until is None:
            return 0
        return max(1, int((self.wait_until - timezone.now()).total_seconds()) + 1)


def code_check(user: User, code: str, *, devices: list[Device] | None = None) -> CodeCheck:
    """Check a code against the user's confirmed devices (the app, then the backup codes)."""
    code = normalise_code(code)
    waits = []
    with transaction.atomic():
        if devices is None:
            devices = [
                *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
                *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
            ]
        checked = False
        for device in devices:
            allowed, data = device.verify_is_allowed()
            if not allowed:
                waits.append((data or {}).get("locked_until"))
                continue
            checked = True
            if code and device.verify_token(code):
                return CodeCheck(device, None)
    if not checked and waits:
        return CodeCheck(None, max(w for w in waits if w is not None))
    return CodeCheck(None, None)


def backup_codes_replace(user: User) -> list[str]:
    """New backup codes (the old ones stop working); returned once, never shown again."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def devices_delete(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
