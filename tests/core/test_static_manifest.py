"""Pages render with production's static storage, which names files, never folders.

In production (``DJANGO_DEBUG`` off) static URLs come from the manifest that ``collectstatic``
writes, and asking it for anything it does not list (such as a folder) fails the whole page.
The benchmark found the base template doing that; this keeps it from coming back.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.functional import empty

from tests.factories import MembershipFactory


@pytest.fixture
def manifest_storage(settings, tmp_path):
    paths = {}
    for folder in settings.STATICFILES_DIRS:
        for path in folder.rglob("*"):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                paths[name] = name
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    staticfiles_storage._wrapped = (
        empty  # the storage is built once: rebuild it with these settings
    )
    yield
    staticfiles_storage._wrapped = empty


@pytest.mark.skipif(not settings.STATICFILES_DIRS[0].exists(), reason="run make assets first")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "signed_in"), [("/", False), ("/account/sign-in/", False), ("/organisations/", True)]
)
def test_pages_render_with_the_production_static_manifest(
    manifest_storage, client, path, signed_in
):
    if signed_in:
        client.force_login(MembershipFactory().user)
    response = client.get(path)
    assert response.status_code == 200
    assert "/static/govuk/assets/images/favicon.ico" in response.content.decode()
