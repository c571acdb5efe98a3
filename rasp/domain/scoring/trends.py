"""Change since the previous assessment (health-check mode, and any reassessment).

Areas are compared by id; questions by code, and, when the previous result was scored with an
older framework version, through the current framework's ``code_map`` (old code → new code).

Decisions: changes are ``current − previous`` on the evidence-adjusted score and level (the
declared ones are given too); a change is ``None`` when either side has no score or level. A
previous code with no counterpart is listed in ``dropped``; a current code with none in ``new``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rasp.domain.framework.schema import AreaId, Framework
from rasp.domain.scoring.results import (
    Band,
    JsonDict,
    QuestionState,
    ScoredResult,
    Verdict,
    area_of,
)


@dataclass(frozen=True)
class AreaChange:
    area: AreaId
    previous_score: float | None  # evidence-adjusted
    score: float | None
    change: float | None
    previous_declared_score: float | None
    declared_score: float | None
    declared_change: float | None
    previous_band: Band | None
    band: Band | None


@dataclass(frozen=True)
class QuestionChange:
    code: str
    previous_code: str
    previous_level: int | None  # evidence-adjusted
    level: int | None
    change: int | None
    previous_declared: int | None
    declared: int | None


@dataclass(frozen=True)
class TrendResult:
    previous_framework_version: str
    framework_version: str
    previous_verdict: Verdict
    verdict: Verdict
    areas: tuple[AreaChange, ...]
    questions: tuple[QuestionChange, ...]
    new: tuple[str, ...]
    dropped: tuple[str, ...]

    def to_json_dict(self) -> JsonDict:
        """Plain JSON: versions, verdicts, and per-area and per-question changes."""
        return {
            "previous_framework_version": self.previous_framework_version,
            "framework_version": self.framework_version,
            "previous_verdict": self.previous_verdict.value,
            "verdict": self.verdict.value,
            "areas": [
                {
                    "id": a.area.value,
                    "previous_score": a.previous_score,
                    "score": a.score,
                    "change": a.change,
                    "previous_band": None if a.previous_band is None else a.previous_band.value,
                    "band": None if a.band is None else a.band.value,
                }
                for a in self.areas
            ],
            "questions": [
                {
                    "code": q.code,
                    "previous_code": q.previous_code,
                    "previous_level": q.previous_level,
                    "level": q.level,
                    "change": q.change,
                }
                for q in self.questions
            ],
            "new": list(self.new),
            "dropped": list(self.dropped),
        }


def _difference(new: float | None, old: float | None) -> float | None:
    return None if new is None or old is None else round(new - old, 1)


def _level_change(new: int | None, old: int | None) -> int | None:
    return None if new is None or old is None else new - old


def _area_change(previous: ScoredResult, current: ScoredResult, area: AreaId) -> AreaChange:
    old, new = area_of(previous, area), area_of(current, area)
    return AreaChange(
        area,
        old.evidence_adjusted_score,
        new.evidence_adjusted_score,
        _difference(new.evidence_adjusted_score, old.evidence_adjusted_score),
        old.declared_score,
        new.declared_score,
        _difference(new.declared_score, old.declared_score),
        old.band,
        new.band,
    )


def _question_change(old: QuestionState, new: QuestionState) -> QuestionChange:
    return QuestionChange(
        new.code,
        old.code,
        old.adjusted,
        new.adjusted,
        _level_change(new.adjusted, old.adjusted),
        old.declared,
        new.declared,
    )


def compare_results(
    framework: Framework, previous: ScoredResult, current: ScoredResult
) -> TrendResult:
    """The change from ``previous`` to ``current``; ``framework`` is the current one.

    Raises ValueError when ``framework`` is not the version ``current`` was scored with. The
    ``code_map`` is applied only when the versions differ. Question changes follow the current
    result's question order.
    """
    if framework.version != current.framework_version:
        raise ValueError(
            f"framework {framework.version} is not the current result's "
            f"version {current.framework_version}"
        )
    mapping = framework.code_map if previous.framework_version != framework.version else {}
    old_by_new = {mapping.get(s.code, s.code): s for s in previous.questions}
    changes = tuple(
        _question_change(old_by_new[state.code], state)
        for state in current.questions
        if state.code in old_by_new
    )
    matched = {change.previous_code for change in changes}
    return TrendResult(
        previous_framework_version=previous.framework_version,
        framework_version=current.framework_version,
        previous_verdict=previous.verdict,
        verdict=current.verdict,
        areas=tuple(_area_change(previous, current, area.id) for area in framework.areas),
        questions=changes,
        new=tuple(s.code for s in current.questions if s.code not in old_by_new),
        dropped=tuple(s.code for s in previous.questions if s.code not in matched),
    )


@dataclass(frozen=True)
class CodeMatch:
    """How the questions of two assessments line up (for a trend across framework versions)."""

    matched: int  # questions asked in both, by code or through the code map
    through_map: int  # of those, matched through the code map (their code changed)
    new: int  # asked now, not before
    dropped: int  # asked before, not now

    @property
    def complete(self) -> bool:
        return not (self.through_map or self.new or self.dropped)


def match_codes(
    framework: Framework,
    previous_version: str,
    previous_codes: Iterable[str],
    codes: Iterable[str],
) -> CodeMatch:
    """Match ``previous_codes`` (asked under ``previous_version``) to ``codes`` (asked under
    ``framework``), as ``compare_results`` does: by code, and through ``framework.code_map``
    (old code -> new code) when the versions differ."""
    mapping = framework.code_map if previous_version != framework.version else {}
    current = set(codes)
    renamed = {code: mapping.get(code, code) for code in previous_codes}
    matched = {old for old, new in renamed.items() if new in current}
    through = sum(1 for old in matched if renamed[old] != old)
    return CodeMatch(
        matched=len(matched),
        through_map=through,
        new=len(current - {renamed[old] for old in matched}),
        dropped=len(renamed) - len(matched),
    )
