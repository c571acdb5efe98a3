"""Reading framework versions."""

from __future__ import annotations

import pytest

from rasp.frameworks.models import FrameworkVersion
from rasp.frameworks.selectors import (
    framework_of,
    framework_questions,
    framework_version_get,
    framework_version_latest_published,
)
from rasp.frameworks.services import framework_version_load
from tests.domain.framework.sample import variant

pytestmark = pytest.mark.django_db


def _load(version: str, *, publish: bool) -> FrameworkVersion:
    text = variant(
        ("framework: sample", "framework: rasp"), ('version: "0.1"', f'version: "{version}"')
    )
    return framework_version_load(source_text=text, publish=publish)


def test_latest_published_compares_version_numbers_not_text() -> None:
    _load("1.9", publish=True)
    _load("1.10", publish=True)
    _load("2.0", publish=False)  # a draft is never "latest published"
    latest = framework_version_latest_published()
    assert latest is not None and latest.version == "1.10"


def test_latest_published_is_none_when_nothing_is_published() -> None:
    _load("1.0", publish=False)
    assert framework_version_latest_published() is None
    assert framework_version_latest_published("other") is None


def test_get_finds_a_version_or_raises_does_not_exist() -> None:
    row = _load("1.0", publish=False)
    assert framework_version_get("rasp", "1.0") == row
    with pytest.raises(FrameworkVersion.DoesNotExist):
        framework_version_get("rasp", "9.9")


def test_framework_of_gives_the_domain_framework_once_per_checksum() -> None:
    row = _load("1.0", publish=True)
    framework = framework_of(row)
    assert framework.version == "1.0"
    assert framework.question("SV-02").show_if is not None
    assert framework_of(framework_version_get("rasp", "1.0")) is framework


def test_questions_come_in_file_order() -> None:
    row = _load("1.0", publish=False)
    assert [q.code for q in framework_questions(row)][-2:] == ["HC-01", "NP-01"]
