"""Sign-in, reset and invitation links, redirects and API tokens: nothing an attacker can use.

Already covered elsewhere and not repeated here: the lockout message and audit
(tests/accounts/test_sign_in.py), expired, tampered and replaced invitation links
(tests/organisations/test_invitations.py), the token hash itself (tests/api/test_tokens.py).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign-in")
HOME = reverse("core:home")

# next= values that must never send anyone off the site, and where a browser would take them.
NASTY_NEXT = [
    "//evil.example",
    "///evil.example",
    "////evil.example/",
    "https://evil.example",
    "http://evil.example/organisations/",
    "HTTPS://EVIL.EXAMPLE",
    "https:evil.example",
    "http:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "%2F%2Fevil.example",
    "%2f%2fevil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "https://testserver@evil.example",
    "//testserver@evil.example",
    "//evil.example\\@testserver",
    "https://evil.example#@testserver/",
    "/%09/evil.example",
    "/\u3002evil.example",
    "//evil%E3%80%82example",
    "\u2215\u2215evil.example",
    "/.//evil.example",
    "/../..//evil.example",
]


def _leaves_the_site(location: str) -> bool:
    """Would a browser following this Location go to another host or run script?"""
    # Browsers drop tabs and newlines, and treat backslashes as slashes in http(s) URLs.
    seen = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").strip()
    parts = urlsplit(seen)
    return bool(parts.scheme or parts.netloc) or seen.startswith("//") or not seen.startswith("/")


def test_the_check_itself_spots_an_escape():
    assert _leaves_the_site("//evil.example")
    assert _leaves_the_site("/\\evil.example")
    assert not _leaves_the_site("/organisations/")


@pytest.mark.parametrize("target", NASTY_NEXT)
def test_next_never_leaves_the_site(client, user, password, target, counts):
    counts["open-redirect values tried"] = len(NASTY_NEXT)
    # In the query string (as a link would carry it) and in the form (as the page posts it).
    page = client.get(SIGN_IN, {"next": target})
    assert page.status_code == 200
    html = page.content.decode()
    assert "evil.example" not in html or "&lt;script" not in html  # never echoed as markup
    hidden = re.search(r'name="next" value="([^"]*)"', html)
    assert hidden is None or not _leaves_the_site(hidden.group(1).replace("&amp;", "&"))
    for response in (
        client.post(
            SIGN_IN + "?next=" + quote(target, safe=""), {"email": user.email, "password": password}
        ),
        client.post(SIGN_IN, {"email": user.email, "password": password, "next": target}),
    ):
        assert response.status_code == 302
        assert not _leaves_the_site(response["Location"]), (target, response["Location"])
        assert response["Location"] == HOME or response["Location"].startswith("/")
        client.logout()


def test_next_keeps_a_real_path_of_ours(client, user, password):
    response = client.post(
        SIGN_IN, {"email": user.email, "password": password, "next": "/organisations/?tab=2"}
    )
    assert response["Location"] == "/organisations/?tab=2"


# Password reset --------------------------------------------------------------------------------


def _request_reset(client, email):  # type: ignore[no-untyped-def]
    mail.outbox.clear()
    response = client.post(reverse("accounts:password-reset"), {"email": email})
    sent = list(mail.outbox)
    page = client.get(response["Location"])
    return response, page, sent


def _without_nonces(page):  # type: ignore[no-untyped-def]
    """The page without what differs on every response anyway (nonces, CSRF tokens)."""
    return re.sub(r'(nonce|value)="[^"]{16,}"', "", page.content.decode())


def test_password_reset_looks_the_same_whether_or_not_the_account_exists(client, user):
    known = _request_reset(client, user.email)
    unknown = _request_reset(client, "nobody-here@example.org")
    inactive = _request_reset(client, UserFactory(is_active=False).email)
    for response, page, sent in (known, unknown, inactive):
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password-reset-sent")
        assert _without_nonces(page) == _without_nonces(known[1])
        # One email either way, so the time taken and what an observer of the mail server sees
        # are the same: a reset link for an account, a "no account here" note otherwise.
        assert len(sent) == 1
    assert "/account/password-reset/" in known[2][0].body
    for _response, _page, sent in (unknown, inactive):
        assert not re.search(r"password-reset/[^/\s]+/[^/\s]+/", sent[0].body)  # no link
        assert "no RASP account" in sent[0].body
        assert sent[0].subject == known[2][0].subject


def _reset_link(user):  # type: ignore[no-untyped-def]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})


def test_reset_link_works_once(client, user):
    link = _reset_link(user)
    assert client.get(link).status_code == 200
    new = {"new_password1": "another-long-password-42", "new_password2": "another-long-password-42"}
    assert client.post(link, new).status_code == 302
    again = client.post(link, {**new, "new_password1": "third-long-password-43"})
    assert again.status_code == 400
    user.refresh_from_db()
    assert user.check_password("another-long-password-42")


def test_reset_link_expires(client, user, settings):
    link = _reset_link(user)
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is now older than the limit
    assert client.get(link).status_code == 400


@pytest.mark.parametrize(
    "mangle",
    [
        lambda uid, token: (uid, token[:-1] + ("a" if token[-1] != "a" else "b")),
        lambda uid, token: (urlsafe_base64_encode(b"999999"), token),
        lambda uid, token: ("not-base64!", token),
        lambda uid, token: (uid, "x" * 40),
    ],
)
def test_tampered_reset_links_are_refused(client, user, mangle):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    uid, token = mangle(uid, default_token_generator.make_token(user))
    path = f"/account/password-reset/{uid}/{token}/"
    assert client.get(path).status_code in (400, 404)
    response = client.post(
        path, {"new_password1": "x-long-password-99", "new_password2": "x-long-password-99"}
    )
    assert response.status_code in (400, 404)
    user.refresh_from_db()
    assert not user.check_password("x-long-password-99")


# Lockout -------------------------------------------------------------------------------------------


def test_lockout_does_not_reveal_whether_the_account_exists(client, settings):
    for email in ("nobody-here@example.org",):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(SIGN_IN, {"email": email, "password": "wrong"})
        assert client.post(SIGN_IN, {"email": email, "password": "wrong"}).status_code == 429


def test_lockout_of_one_account_leaves_others_alone(client, user, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"email": user.email, "password": "wrong"})
    other = UserFactory()
    response = client.post(SIGN_IN, {"email": other.email, "password": password})
    assert response.status_code == 302


def test_lockout_ends_after_the_cool_off(client, user, password, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"email": user.email, "password": "wrong"})
    assert client.post(SIGN_IN, {"email": user.email, "password": password}).status_code == 429
    # Age the recorded failures past the cool-off instead of waiting for it.
    import datetime as dt

    AccessAttempt.objects.update(attempt_time=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert client.post(SIGN_IN, {"email": user.email, "password": password}).status_code == 302


# API tokens ----------------------------------------------------------------------------------------


def test_no_table_holds_an_api_token_in_plain_text(user):
    from tests.api.conftest import make_token

    token = make_token(user)
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            columns = connection.introspection.get_table_description(cursor, table)
            for column in columns:
                name = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                    f"WHERE CAST({name} AS TEXT) LIKE %s",
                    [f"%{token[8:]}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    assert not found
