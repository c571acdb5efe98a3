"""Writes to framework versions: load a question-bank file, publish a version.

Published versions are immutable. Loading never half-succeeds: a version and its question rows
are written in one transaction, after the source has passed the full validator.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from rasp.audit.services import audit_record
from rasp.domain.framework.loader import framework_checksum
from rasp.domain.framework.problems import FrameworkInvalid
from rasp.domain.framework.schema import Framework
from rasp.domain.framework.validate import parse_framework_text
from rasp.frameworks.models import FrameworkQuestion, FrameworkVersion
from rasp.frameworks.selectors import remember_framework

# Audit actions (``rasp.audit``'s choices), named here so this app need not import its models.
AUDIT_LOADED = "framework-loaded"
AUDIT_PUBLISHED = "framework-published"

__all__ = [
    "FrameworkInvalid",
    "FrameworkLoadError",
    "FrameworkVersionImmutable",
    "framework_version_load",
    "framework_version_publish",
]


class FrameworkLoadError(Exception):
    """A framework version could not be loaded or published; the message says why."""


class FrameworkVersionImmutable(FrameworkLoadError):
    """Different content was offered for a version that is already published."""


def _question_fields(framework: Framework) -> dict[str, dict[str, Any]]:
    return {
        q.code: {
            "area": q.area.value,
            "module": q.module.value if q.module else "",
            "scope": q.scope.value,
            "weight": q.weight,
            "critical": q.critical,
            "red_flag": q.red_flag,
            "stage": q.stage.value,
            "lens": q.lens.value,
            "order": order,
        }
        for order, q in enumerate(framework.questions, start=1)
    }


def _sync_questions(row: FrameworkVersion, framework: Framework) -> None:
    """Make the version's question rows match the framework, keeping rows whose code stays.

    Rows are updated in place rather than deleted and re-created, so anything that already
    points at a draft's question keeps pointing at the same code.
    """
    wanted = _question_fields(framework)
    existing = {q.code: q for q in row.questions.all()}
    row.questions.exclude(code__in=wanted).delete()
    to_update: list[FrameworkQuestion] = []
    to_create: list[FrameworkQuestion] = []
    for code, fields in wanted.items():
        question = existing.get(code)
        if question is None:
            to_create.append(FrameworkQuestion(version=row, code=code, **fields))
        else:
            for name, value in fields.items():
                setattr(question, name, value)
            to_update.append(question)
    if to_update:
        FrameworkQuestion.objects.bulk_update(to_update, fields=list(next(iter(wanted.values()))))
    FrameworkQuestion.objects.bulk_create(to_create)


def _fill(row: FrameworkVersion, *, framework: Framework, source_text: str, checksum: str) -> None:
    major, minor = (int(part) for part in framework.version.split("."))
    row.framework = framework.framework
    row.version = framework.version
    row.major, row.minor = major, minor
    row.title = framework.title
    row.checksum = checksum
    row.source_text = source_text
    row.content = framework.model_dump(mode="json")


def framework_version_load(
    *,
    source_text: str,
    publish: bool = False,
    filename: str = "<framework>",
    actor: AbstractBaseUser | None = None,
) -> FrameworkVersion:
    """Load a framework version from its YAML text and return its row.

    Guarantees: the text passed the full validator; the version and one question row per
    question are stored together or not at all. Loading text identical (same checksum) to what is
    stored changes nothing and returns the existing row (publishing it if ``publish`` is set). A
    draft with other content is replaced, its question rows updated by code.

    Raises :class:`FrameworkInvalid` listing every problem (with ``filename`` in each) when the
    text is not a valid framework, and :class:`FrameworkVersionImmutable` when the version is
    already published with different content.
    """
    framework = parse_framework_text(source_text, filename=filename)
    checksum = framework_checksum(source_text)
    try:
        row, changed = _store(framework=framework, source_text=source_text, checksum=checksum)
    except IntegrityError:
        # Someone loaded the same version at the same moment: compare with what they stored.
        row, changed = _store(framework=framework, source_text=source_text, checksum=checksum)
    remember_framework(checksum, framework)
    if changed:
        audit_record(
            action=AUDIT_LOADED,
            actor=actor,
            target=str(row)[:200],
            detail={"framework": row.framework, "version": row.version, "checksum": checksum},
        )
    if publish and not row.is_published:
        row = framework_version_publish(version=row, actor=actor)
    return row


def _store(
    *, framework: Framework, source_text: str, checksum: str
) -> tuple[FrameworkVersion, bool]:
    with transaction.atomic():
        row = (
            FrameworkVersion.objects.select_for_update()
            .filter(framework=framework.framework, version=framework.version)
            .first()
        )
        if row is not None and row.checksum == checksum:
            return row, False
        if row is not None and row.is_published:
            raise FrameworkVersionImmutable(
                f"{row.framework} {row.version} is published and cannot change; "
                "release the new content as a new version"
            )
        if row is None:
            row = FrameworkVersion()
        _fill(row, framework=framework, source_text=source_text, checksum=checksum)
        row.full_clean(exclude=["content"])
        row.save()
        _sync_questions(row, framework)
        return row, True


def framework_version_publish(
    *, version: FrameworkVersion, actor: AbstractBaseUser | None = None
) -> FrameworkVersion:
    """Publish a draft version, making it immutable and available to new assessments.

    Publishing a version that is already published changes nothing. Records who published it in
    the audit trail (no actor when it comes from the command line). Returns the fresh row.
    """
    with transaction.atomic():
        row = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        if row.is_published:
            return row
        row.status = FrameworkVersion.Status.PUBLISHED
        row.published_at = timezone.now()
        row.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(
            action=AUDIT_PUBLISHED,
            actor=actor,
            target=str(row)[:200],
            detail={"framework": row.framework, "version": row.version, "checksum": row.checksum},
        )
    return row
