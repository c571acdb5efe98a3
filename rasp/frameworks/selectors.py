"""Reads of framework versions. Framework versions are public reference data: no user scoping."""

from __future__ import annotations

import threading

from django.db.models import QuerySet

from rasp.domain.framework.schema import Framework
from rasp.domain.framework.validate import parse_framework_text
from rasp.frameworks.models import FrameworkQuestion, FrameworkVersion

DEFAULT_FRAMEWORK = "rasp"

_cache: dict[str, Framework] = {}
_cache_lock = threading.Lock()


def without_source(relation: str = "") -> tuple[str, str]:
    """The fields to ``defer`` so that a query leaves out a version's YAML source and its parsed
    copy (together about a third of a megabyte, decoded from JSON on every read): pass the
    relation's name when the version is reached through ``select_related``.

    ``framework_of`` needs the source only the first time a process meets a checksum (one more
    query then); every other read of a framework comes from its cache."""
    prefix = f"{relation}__" if relation else ""
    return (f"{prefix}source_text", f"{prefix}content")


def remember_framework(checksum: str, framework: Framework) -> None:
    """Keep a framework parsed elsewhere (by the loader) for ``framework_of``: the same text has
    the same checksum, so it is the framework ``framework_of`` would parse."""
    with _cache_lock:
        _cache.setdefault(checksum, framework)


def framework_version_latest_published(
    framework: str = DEFAULT_FRAMEWORK,
) -> FrameworkVersion | None:
    """The published version of ``framework`` with the highest version number, or ``None``."""
    return (
        FrameworkVersion.objects.filter(
            framework=framework, status=FrameworkVersion.Status.PUBLISHED
        )
        .order_by("-major", "-minor")
        .first()
    )


def framework_version_get(framework: str, version: str) -> FrameworkVersion:
    """The version row (draft or published); raises ``FrameworkVersion.DoesNotExist``."""
    return FrameworkVersion.objects.get(framework=framework, version=version)


def framework_version_with_checksum(checksum: str) -> FrameworkVersion | None:
    """The version whose source has this sha256 checksum, if one is loaded."""
    return FrameworkVersion.objects.filter(checksum=checksum).first()


def framework_version_list(framework: str = DEFAULT_FRAMEWORK) -> QuerySet[FrameworkVersion]:
    """Every version of ``framework``, highest version number first, without the source text."""
    return (
        FrameworkVersion.objects.filter(framework=framework)
        .defer("source_text", "content")
        .order_by("-major", "-minor")
    )


def framework_questions(version: FrameworkVersion) -> QuerySet[FrameworkQuestion]:
    """The version's question rows in file order."""
    return FrameworkQuestion.objects.filter(version=version).order_by("order")


def framework_of(version: FrameworkVersion) -> Framework:
    """The domain :class:`Framework` a version row holds, parsed once per process per checksum.

    The stored source passed the validator when it was loaded; raises ``FrameworkInvalid`` only
    if it has been altered in the database since.
    """
    cached = _cache.get(version.checksum)
    if cached is not None:
        return cached
    framework = parse_framework_text(
        version.source_text, filename=f"{version.framework}-{version.version} (database)"
    )
    with _cache_lock:
        _cache[version.checksum] = framework
    return framework
