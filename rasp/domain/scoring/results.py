"""The results of scoring, as frozen dataclasses, and their JSON shapes.

``to_json_dict()`` returns exactly the shapes promised in ``design/interfaces.md`` ("Score result"
and "Partnership result"), with every score rounded to one decimal place. Code lists are in the
framework's question order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from rasp.domain.framework.schema import AreaId, Evidence, Mode, Stage

JsonDict = dict[str, Any]
T = TypeVar("T")


def built(cls: type[T], fields: dict[str, Any]) -> T:
    """An instance of the frozen dataclass ``cls`` holding ``fields`` (every field, in order).

    The same object ``cls(**fields)`` makes, without the generated ``__init__``, whose one
    ``object.__setattr__`` call per field dominates the cost of building results in bulk. For
    the scoring engine's hot path only, with values already of the fields' types.
    """
    instance: T = object.__new__(cls)
    instance.__dict__.update(fields)
    return instance


class Band(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Verdict(StrEnum):
    """The overall verdict, best first (``list(Verdict)`` is in order of merit)."""

    READY = "ready"
    READY_WITH_CONDITIONS = "ready-with-conditions"
    SIGNIFICANT_GAPS = "significant-gaps"
    NOT_READY = "not-ready"


class Status(StrEnum):
    """What stands behind a question's level in one assessment."""

    ANSWERED = "answered"  # a level 0 to 4
    DONT_KNOW = "dont-know"  # scores 0, listed as an unknown
    UNANSWERED = "unanswered"  # missing from the answers: scores 0, listed as unanswered
    NOT_APPLICABLE = "not-applicable"  # answered not applicable: leaves the denominator
    HIDDEN = "hidden"  # its show_if is not met: not applicable automatically

    @property
    def applicable(self) -> bool:
        return self not in (Status.NOT_APPLICABLE, Status.HIDDEN)


@dataclass(frozen=True)
class QuestionState:
    """One question's levels in one assessment (an organisation's or a partnership's).

    ``declared`` and ``adjusted`` are ``None`` exactly when the question is not applicable;
    don't-know and unanswered questions have both at 0. ``adjusted <= declared`` always.
    ``cap`` is the evidence cap applied (``None`` when no cap applies: a level below
    ``method.evidence_required_from_level`` given without evidence).
    """

    code: str
    area: AreaId
    weight: int
    critical: bool
    red_flag: bool
    stage: Stage
    status: Status
    declared: int | None
    adjusted: int | None
    evidence: Evidence | None = None
    cap: int | None = None

    @property
    def applicable(self) -> bool:
        return self.status.applicable


@dataclass(frozen=True)
class AreaResult:
    """One area's scores (0-100, one decimal place; ``None`` with no applicable question)."""

    id: AreaId
    declared_score: float | None
    evidence_adjusted_score: float | None
    band: Band | None
    critical_gaps: tuple[str, ...]
    unknowns: tuple[str, ...]

    @property
    def assurance_gap(self) -> float | None:
        """Declared minus evidence-adjusted score: how much rests on unwritten claims."""
        if self.declared_score is None or self.evidence_adjusted_score is None:
            return None
        return round(self.declared_score - self.evidence_adjusted_score, 1)

    def to_json_dict(self) -> JsonDict:
        return {
            "id": self.id.value,
            "declared_score": self.declared_score,
            "evidence_adjusted_score": self.evidence_adjusted_score,
            "band": None if self.band is None else self.band.value,
            "critical_gaps": list(self.critical_gaps),
            "unknowns": list(self.unknowns),
        }


@dataclass(frozen=True)
class Gap:
    """An applicable question below its target, with the advice to move up one level."""

    code: str
    area: AreaId
    level: int
    target: int
    priority: int
    stage: Stage
    advice: str
    critical: bool

    def to_json_dict(self) -> JsonDict:
        return {
            "code": self.code,
            "level": self.level,
            "target": self.target,
            "priority": self.priority,
            "stage": self.stage.value,
            "advice": self.advice,
        }


@dataclass(frozen=True)
class Assessment:
    """The judgement on a set of question states: areas, red flags, gaps and verdict."""

    verdict: Verdict
    areas: tuple[AreaResult, ...]
    red_flags: tuple[str, ...]
    gaps: tuple[Gap, ...]


class ScoredResult(Protocol):
    """What an organisation's and a partnership's results have in common."""

    @property
    def mode(self) -> Mode: ...
    @property
    def framework_version(self) -> str: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def areas(self) -> tuple[AreaResult, ...]: ...
    @property
    def red_flags(self) -> tuple[str, ...]: ...
    @property
    def gaps(self) -> tuple[Gap, ...]: ...
    @property
    def questions(self) -> tuple[QuestionState, ...]: ...


def area_of(result: ScoredResult, area: AreaId) -> AreaResult:
    """The result's entry for ``area``; raises KeyError when it has none."""
    for entry in result.areas:
        if entry.id == area:
            return entry
    raise KeyError(area)


def state_of(result: ScoredResult, code: str) -> QuestionState:
    """The result's state for question ``code``; raises KeyError when it has none."""
    for state in result.questions:
        if state.code == code:
            return state
    raise KeyError(code)


@dataclass(frozen=True)
class OrganisationResult:
    """One organisation's scored assessment (``rasp score``)."""

    organisation: str
    mode: Mode
    framework_version: str
    verdict: Verdict
    areas: tuple[AreaResult, ...]
    red_flags: tuple[str, ...]
    unknowns: tuple[str, ...]
    unanswered: tuple[str, ...]
    gaps: tuple[Gap, ...]
    questions: tuple[QuestionState, ...]

    def to_json_dict(self) -> JsonDict:
        """Exactly the "Score result (JSON)" shape of interfaces.md."""
        return {
            "organisation": self.organisation,
            "mode": self.mode.value,
            "framework_version": self.framework_version,
            "verdict": self.verdict.value,
            "areas": [area.to_json_dict() for area in self.areas],
            "red_flags": list(self.red_flags),
            "unknowns": list(self.unknowns),
            "unanswered": list(self.unanswered),
            "gaps": [gap.to_json_dict() for gap in self.gaps],
        }


@dataclass(frozen=True)
class EntryGap:
    """A question where a new partner falls short of the partnership's baseline."""

    code: str
    level: int
    baseline: int | None  # None where the partnership has no level for the question
    below_baseline: bool
    critical_below: bool
    action: str

    def to_json_dict(self) -> JsonDict:
        return {
            "code": self.code,
            "level": self.level,
            "baseline": self.baseline,
            "action": self.action,
        }


@dataclass(frozen=True)
class EntrantResult:
    """A new partner compared with the partnership's baseline."""

    organisation: str
    verdict: Verdict
    entry_gaps: tuple[EntryGap, ...]
    result: OrganisationResult

    def to_json_dict(self) -> JsonDict:
        """``organisation``, ``entry_gaps`` (codes) and ``verdict``, plus ``onboarding``."""
        return {
            "organisation": self.organisation,
            "entry_gaps": [gap.code for gap in self.entry_gaps],
            "verdict": self.verdict.value,
            "onboarding": [gap.to_json_dict() for gap in self.entry_gaps],
        }


@dataclass(frozen=True)
class QuestionComparison:
    """Every partner's levels on one question, side by side (a heat-map row)."""

    code: str
    area: AreaId
    declared: tuple[tuple[str, int | None], ...]  # (organisation, declared level or None)
    spread: int | None  # highest minus lowest declared level, None when nobody applies
    not_agreed: bool
    agreed: bool  # an agreed joint level replaced the lowest answer


@dataclass(frozen=True)
class PartnershipResult:
    """A partnership's joint result (``rasp partnership-score``)."""

    mode: Mode
    framework_version: str
    verdict: Verdict
    areas: tuple[AreaResult, ...]
    red_flags: tuple[str, ...]
    unknowns: tuple[str, ...]
    unanswered: tuple[str, ...]
    gaps: tuple[Gap, ...]
    questions: tuple[QuestionState, ...]
    partners: tuple[OrganisationResult, ...]
    comparisons: tuple[QuestionComparison, ...]
    not_agreed: tuple[str, ...]
    divergence: Mapping[AreaId, float | None]
    weakest_partner: Mapping[AreaId, str | None]
    entrant: EntrantResult | None = None

    def to_json_dict(self) -> JsonDict:
        """The "Partnership result (JSON)" shape of interfaces.md (``entrant`` only if any)."""
        data: JsonDict = {
            "mode": self.mode.value,
            "framework_version": self.framework_version,
            "verdict": self.verdict.value,
            "areas": [area.to_json_dict() for area in self.areas],
            "red_flags": list(self.red_flags),
            "unknowns": list(self.unknowns),
            "unanswered": list(self.unanswered),
            "gaps": [gap.to_json_dict() for gap in self.gaps],
            "partners": [
                {
                    "organisation": partner.organisation,
                    "verdict": partner.verdict.value,
                    "areas": [area.to_json_dict() for area in partner.areas],
                }
                for partner in self.partners
            ],
            "not_agreed": list(self.not_agreed),
            "divergence": {area.value: value for area, value in self.divergence.items()},
            "weakest_partner": {area.value: name for area, name in self.weakest_partner.items()},
        }
        if self.entrant is not None:
            data["entrant"] = self.entrant.to_json_dict()
        return data
