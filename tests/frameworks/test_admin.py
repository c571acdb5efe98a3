"""The admin shows framework versions read-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from rasp.frameworks.models import FrameworkVersion
from rasp.frameworks.services import framework_version_load
from tests.domain.framework.sample import sample_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client: Any) -> Any:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_published_version_is_shown_but_cannot_be_changed_or_deleted(
    superuser_client: Any,
) -> None:
    row = framework_version_load(source_text=sample_text(), publish=True)
    change_url = reverse("admin:frameworks_frameworkversion_change", args=[row.pk])
    page = superuser_client.get(change_url)
    assert page.status_code == 200
    assert "SV-01" in page.content.decode()
    assert superuser_client.post(change_url, {"title": "Changed"}).status_code == 403
    delete_url = reverse("admin:frameworks_frameworkversion_delete", args=[row.pk])
    assert superuser_client.get(delete_url).status_code == 403
    assert FrameworkVersion.objects.get().title == "Sample framework for tests"


def test_the_publish_action_publishes_drafts(superuser_client: Any) -> None:
    row = framework_version_load(source_text=sample_text())
    response = superuser_client.post(
        reverse("admin:frameworks_frameworkversion_changelist"),
        {"action": "publish_selected", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    assert FrameworkVersion.objects.get().is_published


def test_adding_by_hand_is_not_allowed(superuser_client: Any) -> None:
    url = reverse("admin:frameworks_frameworkversion_add")
    assert superuser_client.get(url).status_code == 403
