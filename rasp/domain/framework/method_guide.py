"""What the "How scores work" page needs: the method's constants, and a worked example scored by
the real engine.

The example is three made-up questions in one area, answered once, scored with
:func:`rasp.domain.scoring.score_organisation` on a copy of the published framework (same
``method``, only the example questions). Every number the page shows comes from the framework's
constants or from that result, so the page cannot disagree with the engine or drift from the
published version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from rasp.domain.framework.schema import (
    Evidence,
    Framework,
    Lens,
    Method,
    Mode,
    Question,
    Scope,
    Stage,
)
from rasp.domain.scoring import Answer, Band, Gap, QuestionState, score_organisation

EXAMPLE_MODE = Mode.READINESS


@dataclass(frozen=True)
class ExampleAnswer:
    """One made-up question of the example and its answer (the page describes it by ``code``)."""

    code: str
    weight: int
    critical: bool
    level: int
    evidence: Evidence


# A critical question claimed at 3 on a draft, an important one operating at 4, and a useful one
# claimed at 3 on word of mouth: together they show both evidence caps and the critical gate.
EXAMPLE_ANSWERS: tuple[ExampleAnswer, ...] = (
    ExampleAnswer("EX-01", 3, True, 3, Evidence.DRAFT),
    ExampleAnswer("EX-02", 2, False, 4, Evidence.OPERATING),
    ExampleAnswer("EX-03", 1, False, 3, Evidence.VERBAL),
)


@dataclass(frozen=True)
class ExampleRow:
    code: str
    weight: int
    weight_label: str
    critical: bool
    declared: int
    evidence: Evidence
    cap: int | None
    adjusted: int
    declared_points: int  # weight x declared level
    adjusted_points: int  # weight x evidence-adjusted level
    max_points: int  # weight x maximum level


@dataclass(frozen=True)
class WorkedExample:
    mode: Mode
    target: int
    max_level: int
    rows: tuple[ExampleRow, ...]
    declared_points: int
    adjusted_points: int
    max_points: int
    declared_score: float
    adjusted_score: float
    assurance_gap: float
    band: Band
    score_position: Band  # where the score alone falls against the thresholds
    worst_critical: int | None  # the lowest evidence-adjusted level of a critical question
    critical_position: Band | None  # the band that critical level alone allows (None: no gate)
    gaps: tuple[Gap, ...]


def _example_question(answer: ExampleAnswer, framework: Framework) -> Question:
    placeholder = "Made-up question for the worked example."
    return Question(
        code=answer.code,
        area=framework.areas[0].id,
        topics=["example"],
        scope=Scope.ORGANISATION,
        weight=answer.weight,
        critical=answer.critical,
        modes=[EXAMPLE_MODE],
        stage=Stage.BEFORE_COMMITMENT,
        lens=Lens.LAW,
        text=placeholder,
        hint=placeholder,
        evidence_examples=[placeholder],
        levels={0: "-", 1: "-", 2: "-", 3: "-", 4: "-"},
        advice={0: "-", 1: "-", 2: "-", 3: "-"},
    )


def _position(method: Method, score: float) -> Band:
    if score < method.bands.red_below:
        return Band.RED
    return Band.GREEN if score >= method.bands.green_from else Band.AMBER


def _critical_position(method: Method, worst: int | None) -> Band | None:
    if worst is None:
        return None
    if worst <= method.bands.critical_red_at_or_below:
        return Band.RED
    return Band.AMBER if worst <= method.bands.critical_amber_at else Band.GREEN


def worked_example(framework: Framework) -> WorkedExample:
    """Score the example area with the engine, using ``framework``'s method."""
    method = framework.method
    questions = [_example_question(answer, framework) for answer in EXAMPLE_ANSWERS]
    example = framework.model_copy(update={"questions": questions, "case_studies": []})
    answers: Mapping[str, Answer] = {
        a.code: Answer.at(a.level, a.evidence) for a in EXAMPLE_ANSWERS
    }
    result = score_organisation(example, EXAMPLE_MODE, answers, organisation="Example council")
    area = next(a for a in result.areas if a.id == framework.areas[0].id)
    states: dict[str, QuestionState] = {state.code: state for state in result.questions}
    rows = []
    for answer in EXAMPLE_ANSWERS:
        state = states[answer.code]
        declared = state.declared or 0
        adjusted = state.adjusted or 0
        rows.append(
            ExampleRow(
                code=answer.code,
                weight=answer.weight,
                weight_label=method.weights.get(answer.weight, str(answer.weight)),
                critical=answer.critical,
                declared=declared,
                evidence=answer.evidence,
                cap=state.cap,
                adjusted=adjusted,
                declared_points=answer.weight * declared,
                adjusted_points=answer.weight * adjusted,
                max_points=answer.weight * method.max_level,
            )
        )
    if area.declared_score is None or area.evidence_adjusted_score is None or area.band is None:
        raise AssertionError("the worked example always has applicable questions")
    worst = min((row.adjusted for row in rows if row.critical), default=None)
    return WorkedExample(
        mode=EXAMPLE_MODE,
        target=method.targets[EXAMPLE_MODE],
        max_level=method.max_level,
        rows=tuple(rows),
        declared_points=sum(row.declared_points for row in rows),
        adjusted_points=sum(row.adjusted_points for row in rows),
        max_points=sum(row.max_points for row in rows),
        declared_score=area.declared_score,
        adjusted_score=area.evidence_adjusted_score,
        assurance_gap=area.assurance_gap or 0.0,
        band=area.band,
        score_position=_position(method, area.evidence_adjusted_score),
        worst_critical=worst,
        critical_position=_critical_position(method, worst),
        gaps=result.gaps,
    )


@dataclass(frozen=True)
class Thresholds:
    """The band thresholds as numbers to show (whole numbers without a trailing ``.0``)."""

    red_below: str
    green_from: str


def number(value: float | Fraction) -> str:
    """A score threshold as people write it: ``45`` rather than ``45.0``, ``72.5`` as is."""
    as_float = float(value)
    return str(int(as_float)) if as_float.is_integer() else f"{as_float:g}"


def thresholds(method: Method) -> Thresholds:
    return Thresholds(number(method.bands.red_below), number(method.bands.green_from))


def evidence_caps(method: Method) -> tuple[tuple[Evidence, int], ...]:
    """Each evidence grade and the highest level it supports, weakest grade first."""
    return tuple((grade, method.evidence_caps[grade]) for grade in Evidence)


def weights(method: Method) -> tuple[tuple[int, str], ...]:
    """Each weight and its label, lightest first."""
    return tuple(sorted(method.weights.items()))


def targets(method: Method) -> tuple[tuple[Mode, int], ...]:
    return tuple((mode, method.targets[mode]) for mode in Mode)


def red_flag_questions(framework: Framework) -> tuple[Question, ...]:
    return tuple(q for q in framework.questions if q.red_flag)


def critical_questions(framework: Framework) -> tuple[Question, ...]:
    return tuple(q for q in framework.questions if q.critical)
