"""Scoring one organisation's answers (``design/scoring.md``).

Every constant (evidence caps, band thresholds, gates, targets, the red-flag level, the priority
bonus, the maximum level) comes from ``framework.method``.

Decisions, applied everywhere the method leaves a choice:

* **Every judgement uses the evidence-adjusted level**: bands and their critical gates, red flags,
  gaps (``Gap.level``) and entry gaps. A level nobody has written down is a gap to close. The
  declared level is shown beside it (declared score, assurance gap).
* Evidence missing on a level at or above ``method.evidence_required_from_level`` counts as
  ``none`` (capped accordingly); it is not a user error. Below that level, missing evidence
  applies no cap; evidence that is given always applies its cap.
* Don't-know and unanswered questions score 0 and count as level 0 for gates and red flags.
  ``unknowns`` lists don't-know answers only; ``unanswered`` lists questions missing from the
  answers (both are scored 0). An area's ``unknowns`` lists its don't-know answers.
* A question hidden by an unmet ``show_if`` (including one whose parent is unanswered, not
  applicable by being hidden itself, or not asked in the mode) is not applicable automatically.
* Band thresholds are compared with the score rounded to one decimal place (half up, exact
  arithmetic), so a shown 45.0 is never red on its score alone.
* An area with no applicable question has no score and no band, and is left out of the verdict.
  If no area at all has a score, the verdict is ``significant-gaps`` (nothing shows readiness).
* ``critical_gaps`` of an area are its critical questions that are gaps (below the mode's target).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction

from rasp.domain.framework.schema import (
    AreaId,
    Bands,
    Evidence,
    Framework,
    Method,
    Mode,
    Question,
    Stage,
)
from rasp.domain.scoring.answers import Answer, AnswerKind, validate_answers
from rasp.domain.scoring.results import (
    AreaResult,
    Assessment,
    Band,
    Gap,
    OrganisationResult,
    QuestionState,
    Status,
    Verdict,
)


def round_score(value: Fraction) -> float:
    """``value`` rounded half up to one decimal place (exact: no binary-float surprises)."""
    return float(Fraction(math.floor(value * 10 + Fraction(1, 2)), 10))


def visible_codes(questions: Sequence[Question], answers: Mapping[str, Answer]) -> frozenset[str]:
    """Codes of the questions shown: no ``show_if``, or its parent shown and answered as listed."""
    by_code = {question.code: question for question in questions}
    memo: dict[str, bool] = {}

    def shown(code: str, depth: int) -> bool:
        if code not in memo:
            condition = by_code[code].show_if
            if condition is None:
                memo[code] = True
            elif condition.question not in by_code or depth > len(by_code):
                memo[code] = False
            else:
                parent = answers.get(condition.question)
                memo[code] = (
                    parent is not None
                    and parent.token in condition.levels
                    and shown(condition.question, depth + 1)
                )
        return memo[code]

    return frozenset(code for code in by_code if shown(code, 0))


def evidence_cap(method: Method, level: int, evidence: Evidence | None) -> int | None:
    """The cap evidence puts on ``level``; missing evidence counts as ``none`` where required."""
    if evidence is None:
        if level < method.evidence_required_from_level:
            return None
        evidence = Evidence.NONE
    return method.evidence_caps[evidence]


def question_state(
    method: Method, question: Question, answer: Answer | None, visible: bool
) -> QuestionState:
    """The declared and evidence-adjusted level of one question given its answer (if any)."""
    base = (question.code, question.area, question.weight, question.critical, question.red_flag)
    fixed = (*base, question.stage)
    if not visible:
        return QuestionState(*fixed, Status.HIDDEN, None, None)
    if answer is None:
        return QuestionState(*fixed, Status.UNANSWERED, 0, 0)
    if answer.kind is AnswerKind.DONT_KNOW:
        return QuestionState(*fixed, Status.DONT_KNOW, 0, 0)
    if answer.kind is AnswerKind.NOT_APPLICABLE or answer.level is None:
        return QuestionState(*fixed, Status.NOT_APPLICABLE, None, None)
    cap = evidence_cap(method, answer.level, answer.evidence)
    adjusted = answer.level if cap is None else min(answer.level, cap)
    return QuestionState(*fixed, Status.ANSWERED, answer.level, adjusted, answer.evidence, cap)


def question_states(
    framework: Framework, mode: Mode, answers: Mapping[str, Answer]
) -> tuple[QuestionState, ...]:
    """A state for every question asked in ``mode``, in framework order (answers not checked)."""
    questions = framework.questions_for_mode(mode)
    shown = visible_codes(questions, answers)
    return tuple(
        question_state(framework.method, q, answers.get(q.code), q.code in shown) for q in questions
    )


def area_score(method: Method, states: Iterable[QuestionState], adjusted: bool) -> Fraction | None:
    """100 × Σ(weight × level) / Σ(weight × max level) over applicable states, exactly."""
    points = 0
    total = 0
    for state in states:
        level = state.adjusted if adjusted else state.declared
        if level is None:
            continue
        points += state.weight * level
        total += state.weight * method.max_level
    return None if total == 0 else Fraction(100 * points, total)


def band_for(bands: Bands, score: float | None, critical_levels: Iterable[int]) -> Band | None:
    """The band of an area score with the critical gates; ``None`` when there is no score.

    Red: score below ``red_below`` or a critical level at or below ``critical_red_at_or_below``.
    Green: score at or above ``green_from`` and every critical level above ``critical_amber_at``.
    Amber otherwise.
    """
    if score is None:
        return None
    worst = min(critical_levels, default=None)
    if score < bands.red_below or (worst is not None and worst <= bands.critical_red_at_or_below):
        return Band.RED
    if score >= bands.green_from and (worst is None or worst > bands.critical_amber_at):
        return Band.GREEN
    return Band.AMBER


def verdict_for(bands: Iterable[Band | None], red_flag: bool) -> Verdict:
    """The weakest-link verdict: two red areas not ready; one red area or a red flag significant
    gaps; an amber area ready with conditions; all green and no red flag ready."""
    scored = [band for band in bands if band is not None]
    reds = scored.count(Band.RED)
    if reds >= 2:
        return Verdict.NOT_READY
    if reds == 1 or red_flag or not scored:
        return Verdict.SIGNIFICANT_GAPS
    if Band.AMBER in scored:
        return Verdict.READY_WITH_CONDITIONS
    return Verdict.READY


def is_red_flag(method: Method, state: QuestionState) -> bool:
    """A red-flag question answered don't know, unanswered, or at or below the red-flag level."""
    if not state.red_flag or state.adjusted is None:
        return False
    return (
        state.status in (Status.DONT_KNOW, Status.UNANSWERED)
        or state.adjusted <= method.red_flag_at_or_below
    )


def gaps_for(framework: Framework, mode: Mode, states: Iterable[QuestionState]) -> tuple[Gap, ...]:
    """Every applicable question whose adjusted level is below the mode's target.

    ``priority = weight × (target − level) + critical_priority_bonus`` (bonus for critical ones);
    ``advice`` is the question's advice for moving up from its level. Sorted by priority (highest
    first), then stage (before commitment first), then code.
    """
    method = framework.method
    target = method.targets[mode]
    stages = {stage: index for index, stage in enumerate(Stage)}
    by_code = {question.code: question for question in framework.questions}
    gaps = []
    for state in states:
        if state.adjusted is None or state.adjusted >= target:
            continue
        question = by_code[state.code]
        advice = {int(level): text for level, text in question.advice.items()}
        bonus = method.critical_priority_bonus if state.critical else 0
        priority = state.weight * (target - state.adjusted) + bonus
        text = advice.get(state.adjusted, "")
        gaps.append(
            Gap(
                state.code,
                state.area,
                state.adjusted,
                target,
                priority,
                state.stage,
                text,
                state.critical,
            )
        )
    gaps.sort(key=lambda gap: (-gap.priority, stages[gap.stage], gap.code))
    return tuple(gaps)


def area_result(
    method: Method,
    area: AreaId,
    states: Sequence[QuestionState],
    gaps: Sequence[Gap],
    unknowns: Collection[str],
) -> AreaResult:
    """Scores, band, critical gaps and unknowns of one area from its question states."""
    own = [state for state in states if state.area == area]
    declared = area_score(method, own, adjusted=False)
    adjusted = area_score(method, own, adjusted=True)
    adjusted_shown = None if adjusted is None else round_score(adjusted)
    criticals = [s.adjusted for s in own if s.critical and s.adjusted is not None]
    return AreaResult(
        id=area,
        declared_score=None if declared is None else round_score(declared),
        evidence_adjusted_score=adjusted_shown,
        band=band_for(method.bands, adjusted_shown, criticals),
        critical_gaps=tuple(gap.code for gap in gaps if gap.area == area and gap.critical),
        unknowns=tuple(s.code for s in own if s.code in unknowns),
    )


def assess(
    framework: Framework,
    mode: Mode,
    states: Sequence[QuestionState],
    unknowns: Collection[str],
    extra_red_flags: Collection[str] = (),
) -> Assessment:
    """Areas (in the framework's area order), red flags, gaps and verdict for question states.

    ``unknowns`` are the codes listed as unknown per area; ``extra_red_flags`` adds red flags
    raised elsewhere (a partner's), listed in question order with the states' own.
    """
    method = framework.method
    gaps = gaps_for(framework, mode, states)
    areas = tuple(area_result(method, area.id, states, gaps, unknowns) for area in framework.areas)
    flagged = {s.code for s in states if is_red_flag(method, s)} | set(extra_red_flags)
    red_flags = tuple(q.code for q in framework.questions if q.code in flagged)
    verdict = verdict_for((area.band for area in areas), bool(red_flags))
    return Assessment(verdict, areas, red_flags, gaps)


def score_organisation(
    framework: Framework,
    mode: Mode,
    answers: Mapping[str, Answer],
    *,
    organisation: str,
    source: str | None = None,
) -> OrganisationResult:
    """Score one organisation's answers in ``mode``.

    Checks the answers first (``validate_answers``: raises ``AnswersError`` naming the code, and
    ``source`` when given). Only questions asked in ``mode`` count; module questions score into
    their ``area``. The result's code lists are in framework order.
    """
    validate_answers(framework, mode, answers, source)
    states = question_states(framework, mode, answers)
    unknowns = tuple(s.code for s in states if s.status is Status.DONT_KNOW)
    unanswered = tuple(s.code for s in states if s.status is Status.UNANSWERED)
    judged = assess(framework, mode, states, set(unknowns))
    return OrganisationResult(
        organisation=organisation,
        mode=mode,
        framework_version=framework.version,
        verdict=judged.verdict,
        areas=judged.areas,
        red_flags=judged.red_flags,
        unknowns=unknowns,
        unanswered=unanswered,
        gaps=judged.gaps,
        questions=states,
    )
