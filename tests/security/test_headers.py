"""Security headers on every kind of page, and the production settings for cookies and HTTPS.

Every page the authorisation table gives the admin or an anonymous visitor (public pages, signed-in
pages, forms, results, downloads, error pages, the API) is fetched and checked: a Content Security
Policy without 'unsafe-inline' or 'unsafe-eval' that refuses framing; X-Frame-Options DENY;
Referrer-Policy; nosniff; and no inline script without this response's nonce, no inline style
attributes and no inline event handlers in the HTML, since the policy would block them.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.config.test_configuration import _manage
from tests.security.authorisation_table import PAGES
from tests.security.matrix import parse_table, path_for, walk
from tests.security.test_authorisation_matrix import MatrixClient
from tests.security.world import build_world, sign_in

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Collects what a strict Content Security Policy would block in a page."""

    def __init__(self, nonce: str) -> None:
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag in ("script", "style") and "src" not in names and names.get("nonce") != self.nonce:
            self.problems.append(f"<{tag}> without this response's nonce")
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")


def _policy(response: Any) -> dict[str, str]:
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        name, _space, value = part.strip().partition(" ")
        if name:
            directives[name] = value
    return directives


def check_headers(response: Any, what: str) -> list[str]:
    problems = []
    policy = _policy(response)
    if not policy:
        return [f"{what}: no Content-Security-Policy"]
    header = response["Content-Security-Policy"]
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*"):
        if re.search(rf"(^|\s){re.escape(bad)}(\s|;|$)", header):
            problems.append(f"{what}: {bad} in the policy")
    expected = {
        "default-src": "'self'",
        "frame-ancestors": "'none'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
    }
    for name, value in expected.items():
        if policy.get(name) != value:
            problems.append(f"{what}: {name} is {policy.get(name)!r}, not {value}")
    for name, value in (
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ):
        if response.get(name) != value:
            problems.append(f"{what}: {name} is {response.get(name)!r}")
    if response.get("Content-Type", "").startswith("text/html"):
        nonce = re.search(r"'nonce-([^']+)'", policy.get("script-src", ""))
        parser = InlineCode(nonce.group(1) if nonce else "")
        parser.feed(response.content.decode())
        problems += [f"{what}: {p}" for p in sorted(set(parser.problems))]
    return problems


def test_every_kind_of_page_sends_the_security_headers(counts):
    world = build_world()
    table = parse_table(PAGES)
    checked: dict[str, int] = {}
    problems = []
    for role in ("anonymous", "org_admin", "viewer"):
        client = MatrixClient()
        if world.users[role] is not None:
            sign_in(client, world.users[role])
        for route in walk():
            row = table.get(route.key)
            if row is None or route.route.startswith("site-admin/"):
                continue
            path = path_for(route.route, world.own)
            response = client.get(path)
            kind = response.get("Content-Type", "").split(";")[0]
            checked[f"{response.status_code} {kind}"] = (
                checked.get(f"{response.status_code} {kind}", 0) + 1
            )
            problems += check_headers(response, f"GET {path} as {role}")
    # The error pages people meet, and a form refused for want of a CSRF token.
    client = MatrixClient(enforce_csrf_checks=True)
    for what, response in (
        ("404", client.get("/no-such-page/")),
        ("CSRF", client.post("/account/sign-in/", {})),
    ):
        checked[what] = 1
        problems += check_headers(response, what)
    assert {
        "200 text/html",
        "302 text/html",
        "403 text/html",
        "404 text/html",
        "400 text/html",
    } <= set(checked), checked
    assert "200 application/json" in checked and "200 text/csv" in checked, checked
    counts["responses checked for security headers"] = sum(checked.values())
    assert not problems, "\n".join(problems)


def test_hsts_on_https_responses(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


PRODUCTION_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "DEBUG",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
]


@pytest.fixture(scope="module")
def production() -> dict[str, Any]:
    """The settings as production loads them (a separate process with production variables)."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = _manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_httponly_and_samesite(production):
    assert production["DEBUG"] is False
    for cookie in ("SESSION", "CSRF"):
        assert production[f"{cookie}_COOKIE_SECURE"] is True
        assert production[f"{cookie}_COOKIE_HTTPONLY"] is True
        assert production[f"{cookie}_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert production["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True


def test_production_forces_https_with_hsts_and_denies_framing(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_cookies_carry_the_production_flags(client, settings, production, user, password):
    """With production's cookie settings, the cookies the sign-in sets really carry the flags."""
    for name in PRODUCTION_SETTINGS:
        if name.startswith(("SESSION_COOKIE", "CSRF_COOKIE")):
            setattr(settings, name, production[name])
    client.get("/account/sign-in/", secure=True)
    client.post("/account/sign-in/", {"email": user.email, "password": password}, secure=True)
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
