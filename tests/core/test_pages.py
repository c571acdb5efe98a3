"""The public pages render, are well-formed, and carry the layout every page needs."""

from __future__ import annotations

import pytest
from django.urls import reverse

PUBLIC_PAGES = [
    "core:home",
    "core:accessibility",
    "core:privacy",
    "core:cookies",
    "accounts:sign-in",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_the_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-skip-link"' in html
    assert "govuk-phase-banner" in html
    for footer_link in ("/accessibility/", "/privacy/", "/cookies/"):
        assert f'href="{footer_link}"' in html


@pytest.mark.django_db
def test_pages_are_unbranded(client):
    html = client.get(reverse("core:home")).content.decode()
    # No GOV.UK crown or GDS Transport: this service is not on GOV.UK.
    assert "govuk-header__logotype" not in html
    assert "GDS Transport" not in html
    assert "Crown copyright" not in html


@pytest.mark.django_db
def test_inline_script_carries_the_csp_nonce(client):
    response = client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_unknown_page_is_a_govuk_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_says_nothing_was_saved(password):
    from tests.conftest import ValidatingClient

    strict = ValidatingClient(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:sign-in"), {"email": "a@b.example", "password": "x"})
    assert response.status_code == 403
    assert "Nothing has been saved" in response.content.decode()


@pytest.mark.parametrize(
    "handler,status,words",
    [
        ("bad_request", 400, "problem with that request"),
        ("permission_denied", 403, "do not have permission"),
        ("server_error", 500, "problem with the service"),
    ],
)
@pytest.mark.django_db
def test_error_pages_render(rf, handler, status, words):
    from django.contrib.auth.models import AnonymousUser

    from rasp.core import views
    from tests.conftest import assert_well_formed_html

    request = rf.get("/")
    request.user = AnonymousUser()
    request.csp_nonce = "n"
    request.LANGUAGE_CODE = "en-gb"
    response = (
        getattr(views, handler)(request)
        if handler == "server_error"
        else getattr(views, handler)(request, None)
    )
    assert response.status_code == status
    assert words in response.content.decode()
    assert_well_formed_html(response.content.decode())
