"""Loading and publishing framework versions."""

from __future__ import annotations

import pytest

from rasp.audit.models import AuditEvent
from rasp.domain.framework.loader import framework_checksum
from rasp.frameworks.models import FrameworkQuestion, FrameworkVersion
from rasp.frameworks.services import (
    FrameworkInvalid,
    FrameworkVersionImmutable,
    framework_version_load,
    framework_version_publish,
)
from tests.domain.framework.sample import sample_text, variant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _codes(row: FrameworkVersion) -> list[str]:
    return list(row.questions.order_by("order").values_list("code", flat=True))


def test_load_stores_a_draft_with_one_row_per_question() -> None:
    text = sample_text()
    row = framework_version_load(source_text=text)
    assert (row.framework, row.version, row.major, row.minor) == ("sample", "0.1", 0, 1)
    assert row.status == FrameworkVersion.Status.DRAFT and row.published_at is None
    assert row.checksum == framework_checksum(text)
    assert row.source_text == text
    assert row.content["questions"][0]["code"] == "SV-01"
    assert _codes(row)[:3] == ["SV-01", "SV-02", "SV-03"]
    hc01 = row.questions.get(code="HC-01")
    assert (hc01.area, hc01.module, hc01.weight, hc01.critical, hc01.stage) == (
        "governance",
        "health-check",
        3,
        True,
        "after-go-live",
    )
    assert AuditEvent.objects.filter(action="framework-loaded").count() == 1


def test_loading_identical_text_again_changes_nothing() -> None:
    first = framework_version_load(source_text=sample_text())
    again = framework_version_load(source_text=sample_text())
    assert again.pk == first.pk
    assert again.updated_at == first.updated_at
    assert FrameworkVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="framework-loaded").count() == 1


def test_a_draft_is_replaced_and_its_question_rows_kept_by_code() -> None:
    first = framework_version_load(source_text=sample_text())
    kept = first.questions.get(code="SV-01").pk
    changed = variant(("code: RM-01", "code: RM-02"), ("    weight: 2\n", "    weight: 1\n"))
    row = framework_version_load(source_text=changed)
    assert row.pk == first.pk
    assert row.checksum == framework_checksum(changed)
    assert "RM-01" not in _codes(row) and "RM-02" in _codes(row)
    assert row.questions.get(code="RM-02").weight == 1
    assert row.questions.get(code="SV-01").pk == kept
    assert FrameworkQuestion.objects.filter(version=row).count() == 9


def test_a_published_version_cannot_take_different_content() -> None:
    framework_version_load(source_text=sample_text(), publish=True)
    changed = variant(("title: Sample framework for tests", "title: Another title"))
    with pytest.raises(FrameworkVersionImmutable, match="sample 0.1 is published"):
        framework_version_load(source_text=changed)
    assert FrameworkVersion.objects.get().title == "Sample framework for tests"


def test_loading_a_published_version_again_is_a_no_op() -> None:
    first = framework_version_load(source_text=sample_text(), publish=True)
    again = framework_version_load(source_text=sample_text(), publish=True)
    assert again.pk == first.pk and again.published_at == first.published_at


def test_an_invalid_text_raises_with_every_problem_and_stores_nothing() -> None:
    text = variant(("topics: [RM1]", "topics: [RM9]"))
    with pytest.raises(FrameworkInvalid) as raised:
        framework_version_load(source_text=text, filename="bank.yaml")
    assert [str(p) for p in raised.value.problems] == [
        "bank.yaml:33: topics[4]: topic RM1 is not covered by any question",
        "bank.yaml:170: RM-01: topics[0]: unknown topic RM9",
    ]
    assert not FrameworkVersion.objects.exists()


def test_publish_makes_a_draft_published_and_records_who() -> None:
    user = UserFactory()
    draft = framework_version_load(source_text=sample_text())
    row = framework_version_publish(version=draft, actor=user)
    assert row.status == FrameworkVersion.Status.PUBLISHED
    assert row.published_at is not None
    event = AuditEvent.objects.get(action="framework-published")
    assert event.actor == user
    assert event.detail["checksum"] == row.checksum


def test_publishing_twice_keeps_the_first_publication() -> None:
    draft = framework_version_load(source_text=sample_text())
    first = framework_version_publish(version=draft)
    second = framework_version_publish(version=draft)
    assert second.published_at == first.published_at
    assert AuditEvent.objects.filter(action="framework-published").count() == 1


def test_load_with_publish_publishes_an_existing_identical_draft() -> None:
    framework_version_load(source_text=sample_text())
    row = framework_version_load(source_text=sample_text(), publish=True)
    assert row.is_published
