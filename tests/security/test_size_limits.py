"""Body size limits: too large, too many fields, files: a clear page (or the API's JSON error),
never a traceback, and nothing saved."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.security.snapshot import database_snapshot

pytestmark = pytest.mark.django_db


def test_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.RASP_MAX_REQUEST_BYTES == 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 0


def test_a_body_over_the_limit_gets_the_too_large_page_and_saves_nothing(signed_in_admin, client):
    before = database_snapshot()
    path = f"/organisations/{signed_in_admin.organisation_id}/assessments/new/"
    response = client.post(
        path, {"title": "x" * (settings.RASP_MAX_REQUEST_BYTES + 1), "mode": "readiness"}
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Sorry, what you sent was too large" in html
    assert "1024 KB" in html and "Nothing has been saved" in html
    assert "Content-Security-Policy" in response.headers
    assert database_snapshot() == before


def test_the_limit_holds_before_sign_in_and_csrf(client):
    """Refused on the declared length alone, before any session, CSRF or form handling."""
    response = client.generic(
        "POST",
        "/account/sign-in/",
        b"x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413


def test_a_body_just_under_the_limit_is_read(signed_in_admin, client):
    path = f"/organisations/{signed_in_admin.organisation_id}/assessments/new/"
    response = client.post(path, {"title": "x" * 1000, "mode": "readiness", "pad": "y" * 900_000})
    assert response.status_code == 200  # the form answers (title too long), not a 413
    assert "Title must be" in response.content.decode() or "200 characters" in (
        response.content.decode()
    )


def test_too_many_fields_gets_a_clear_page(signed_in_admin, client):
    path = f"/organisations/{signed_in_admin.organisation_id}/assessments/new/"
    data = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(path, data)
    assert response.status_code == 400
    assert "too many parts" in response.content.decode()


def test_files_are_refused_with_a_clear_page(signed_in_admin, client):
    import io

    path = f"/organisations/{signed_in_admin.organisation_id}/assessments/new/"
    upload = io.BytesIO(b"evil")
    upload.name = "evil.html"
    response = client.post(path, {"title": "x", "file": upload})
    assert response.status_code == 400
    assert "included a file" in response.content.decode()


def test_the_api_answers_too_large_in_its_own_format(client):
    response = client.generic(
        "POST",
        "/api/v1/organisations/1/assessments",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(settings.RASP_MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_djangos_own_limit_gets_the_same_page(signed_in_admin, client, settings):
    """If a body gets past the declared-length check, Django's limit answers with the same page."""
    settings.RASP_MAX_REQUEST_BYTES = 10 * 1024 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    path = f"/organisations/{signed_in_admin.organisation_id}/assessments/new/"
    response = client.post(path, {"title": "x" * 2000, "mode": "readiness"})
    assert response.status_code == 413
    assert "Sorry, what you sent was too large" in response.content.decode()
