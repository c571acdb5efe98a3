"""The question-bank schema: what a framework file must hold, checked by pydantic.

This module is the contract between the YAML in ``frameworks/``, the scoring engine, the Django
apps and the JSON export. It imports nothing from Django. Field names are those of the YAML file;
the method's constants live in the file (``method``), never as Python literals elsewhere.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Level = Literal[0, 1, 2, 3, 4]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
QuestionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}-\d{2,3}[a-z]?$")]


class AreaId(StrEnum):
    SHARED_VISION = "shared-vision"
    ETHOS_CULTURE = "ethos-culture"
    RESOURCES = "resources"
    RISK = "risk"
    GOVERNANCE = "governance"


class ModuleId(StrEnum):
    HEALTH_CHECK = "health-check"
    NEW_PARTNER = "new-partner"


class Mode(StrEnum):
    READINESS = "readiness"
    HEALTH_CHECK = "health-check"
    NEW_PARTNER = "new-partner"


class Scope(StrEnum):
    ORGANISATION = "organisation"
    PARTNERSHIP = "partnership"


class Stage(StrEnum):
    BEFORE_COMMITMENT = "before-commitment"
    BEFORE_GO_LIVE = "before-go-live"
    AFTER_GO_LIVE = "after-go-live"


class Lens(StrEnum):
    POLITICS = "politics"
    PEOPLE = "people"
    MONEY = "money"
    TECHNOLOGY = "technology"
    LAW = "law"
    INFORMATION = "information"


class Evidence(StrEnum):
    NONE = "none"
    VERBAL = "verbal"
    DRAFT = "draft"
    APPROVED = "approved"
    OPERATING = "operating"


class Nation(StrEnum):
    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bands(_Strict):
    """Band thresholds on the evidence-adjusted area score, and the critical-question gates."""

    red_below: float = Field(ge=0, le=100)  # score below this is red
    green_from: float = Field(ge=0, le=100)  # score at or above this (and gates met) is green
    critical_red_at_or_below: int = Field(ge=0, le=4)  # a critical question this low makes red
    critical_amber_at: int = Field(ge=0, le=4)  # a critical question at this level caps at amber


class NotAgreedRule(_Strict):
    """When partners' answers to a partnership-scope question say they have not really agreed."""

    spread: int = Field(ge=1, le=4)  # highest minus lowest at least this
    high_from: int = Field(ge=0, le=4)  # or one says this or more...
    low_at_or_below: int = Field(ge=0, le=4)  # ...while another says this or less


class EntryGapRule(_Strict):
    levels_below_baseline: int = Field(ge=1, le=4)
    critical_below: int = Field(ge=0, le=4)


class Method(_Strict):
    """The constants of the scoring method (``design/scoring.md``), versioned with the framework."""

    max_level: Literal[4] = 4
    weights: dict[int, NonEmpty]  # weight -> its label, e.g. 3 -> "critical"
    evidence_caps: dict[Evidence, int]
    evidence_required_from_level: int = Field(ge=0, le=4)
    bands: Bands
    targets: dict[Mode, int]  # target level per mode
    disputed_spread: int = Field(ge=1, le=4)
    not_agreed: NotAgreedRule
    red_flag_at_or_below: int = Field(ge=0, le=4)
    entry_gap: EntryGapRule
    critical_priority_bonus: int = Field(ge=0)

    @model_validator(mode="after")
    def _complete(self) -> Method:
        if set(self.evidence_caps) != set(Evidence):
            raise ValueError("evidence_caps must give a cap for every evidence grade")
        if set(self.targets) != set(Mode):
            raise ValueError("targets must give a target level for every mode")
        if not self.weights or not set(self.weights) <= {1, 2, 3}:
            raise ValueError("weights must be labelled for 1, 2 and 3 only")
        if self.bands.red_below > self.bands.green_from:
            raise ValueError("bands.red_below must not exceed bands.green_from")
        return self

    @model_validator(mode="after")
    def _levels_in_range(self) -> Method:
        for name, values in (("targets", self.targets), ("evidence_caps", self.evidence_caps)):
            outside = sorted(str(key) for key, level in values.items() if not 0 <= level <= 4)
            if outside:
                where = ", ".join(outside)
                raise ValueError(f"{name} must be levels from 0 to 4 (not for {where})")
        return self


class Area(_Strict):
    id: AreaId
    name: NonEmpty
    description: NonEmpty


class Module(_Strict):
    id: ModuleId
    name: NonEmpty
    description: NonEmpty


class Topic(_Strict):
    """A diagnostic topic from the catalogue (``shared/domain/topics.yaml``), in our words."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}\d{1,2}$")]
    title: NonEmpty
    area: AreaId | None = None
    module: ModuleId | None = None
    critical: bool = False
    red_flag: bool = False
    scope: Scope | None = None


class GlossaryEntry(_Strict):
    term: NonEmpty
    definition: NonEmpty
    # Other ways the term is written in questions: abbreviations ("LGPS"), short forms ("s.113").
    aliases: list[NonEmpty] = Field(default_factory=list)


class CaseStudy(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
    title: NonEmpty
    summary: NonEmpty
    lesson: NonEmpty
    sources: list[NonEmpty] = Field(default_factory=list)


class ShowIf(_Strict):
    """Show a follow-up question only when another question's answer is one of ``levels``."""

    question: QuestionCode
    levels: list[Level | Literal["dont-know", "not-applicable"]] = Field(min_length=1)


class Question(_Strict):
    code: QuestionCode
    area: AreaId  # module questions name the area they score into
    module: ModuleId | None = None
    topics: list[NonEmpty] = Field(min_length=1)
    scope: Scope
    weight: Literal[1, 2, 3]
    critical: bool = False
    red_flag: bool = False
    modes: list[Mode] = Field(min_length=1)
    stage: Stage
    lens: Lens
    text: NonEmpty
    hint: NonEmpty
    evidence_examples: list[NonEmpty] = Field(min_length=1)
    levels: dict[Level, NonEmpty]
    advice: dict[Literal[0, 1, 2, 3], NonEmpty]  # how to move up from each level
    show_if: ShowIf | None = None
    nations: dict[Nation, NonEmpty] = Field(default_factory=dict)  # where the law differs
    case_studies: list[NonEmpty] = Field(default_factory=list)
    glossary: list[NonEmpty] = Field(default_factory=list)

    @model_validator(mode="after")
    def _self_consistent(self) -> Question:
        if set(self.levels) != {0, 1, 2, 3, 4}:
            raise ValueError("levels must describe every level from 0 to 4")
        if set(self.advice) != {0, 1, 2, 3}:
            raise ValueError("advice must say how to move up from each of levels 0 to 3")
        if self.critical and self.weight != 3:
            raise ValueError("a critical question must have weight 3")
        if self.module is not None and Mode(self.module.value) not in self.modes:
            raise ValueError(f"a question of module {self.module} must appear in that mode")
        if self.show_if is not None and self.show_if.question == self.code:
            raise ValueError("show_if cannot refer to the question itself")
        return self


class Framework(_Strict):
    """One version of the question bank, exactly as its YAML file holds it."""

    framework: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+$")]
    title: NonEmpty
    previous_version: str | None = None
    code_map: dict[str, str] = Field(default_factory=dict)  # old code -> new code
    method: Method
    areas: list[Area] = Field(min_length=5, max_length=5)
    modules: list[Module]
    topics: list[Topic]
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    case_studies: list[CaseStudy] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)

    def question(self, code: str) -> Question:
        """The question with this code; raises KeyError when there is none."""
        for q in self.questions:
            if q.code == code:
                return q
        raise KeyError(code)

    def questions_for_mode(self, mode: Mode) -> list[Question]:
        return [q for q in self.questions if mode in q.modes]
